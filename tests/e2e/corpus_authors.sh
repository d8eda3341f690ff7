#!/usr/bin/env bash
# Author search on the whole shared corpus: for ten real authors, every paper that lists them
# is found by each name form (full name, without accents, `Surname, Given`, initials, hyphen
# and case variants), and no paper that does not; names are never mixed across authors; word
# order is not guessed; `authors` lists name forms once with their variants.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"
db="$DIGEST_CORPUS_DB"
truth="$scratch/truth.jsonl"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$truth" || die "corpus_truth.py failed"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# The papers whose (newest) author list names the person, by an independent normalisation:
# accents and case dropped, hyphens and dots ignored, suffixes (Jr., III) dropped.
papers_of() {
  "$PYTHON" - "$truth" "$1" <<'EOF'
import json, re, sys, unicodedata
SPECIAL = str.maketrans({'ı': 'i', 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
                         'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE'})
def norm(name):
    s = unicodedata.normalize('NFKD', name.translate(SPECIAL))
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    words = [w for w in re.split(r'\s+', s.replace('.', ' ').replace('-', '')) if w]
    while words and words[-1] in ('jr', 'sr', 'ii', 'iii', 'iv'):
        words.pop()
    return ' '.join(words)
target = norm(sys.argv[2])
for line in open(sys.argv[1], encoding='utf-8'):
    p = json.loads(line)
    if any(norm(a) == target for a in p['authors']):
        print(p['id'])
EOF
}

# check_form AUTHOR FORM EXPECTED_IDS: au:"FORM" finds exactly the expected papers.
check_form() {
  local found
  found=$(q -f ids -n 100000 "au:\"$2\"" | sort)
  check_eq "au:\"$2\" = papers of $1 ($(grep -c . <<<"$3"))" "$found" "$3"
}

# Thirteen authors: accents (Işık, Schütze, Daumé, Zöllner, Przemysław), particles (van den,
# Van), suffixes (III), hyphens in given names and surnames, a leading initial, and given names
# or initials that are also particles elsewhere (Bin, Le, Y.).
while IFS='|' read -r name forms; do
  expected=$(papers_of "$name" | sort)
  [[ -n "$expected" ]] || die "no paper lists $name: the corpus changed?"
  check_form "$name" "$name" "$expected"
  IFS=';' read -ra alts <<<"$forms"
  for f in "${alts[@]}"; do check_form "$name" "$f" "$expected"; done
done <<'EOF'
Daniel Povey|Povey, Daniel;D. Povey;D Povey;daniel povey;DANIEL POVEY
Hung-yi Lee|Hung-Yi Lee;Hungyi Lee;Lee, Hung-yi;hung-yi lee
Atakan Işık|Atakan Isik;Işık, Atakan;A. Işık;atakan isik
Hinrich Schütze|Hinrich Schutze;Schütze, Hinrich;H. Schütze;H Schutze
Hal Daumé III|Hal Daume III;Hal Daumé;Daumé, Hal;Daumé III, Hal;H. Daumé
Luc Van Gool|Luc van Gool;Van Gool, Luc;L. Van Gool;luc van gool
Anton van den Hengel|Anton Van Den Hengel;van den Hengel, Anton;A. van den Hengel
Dilek Hakkani-Tür|Dilek Hakkani-Tur;Hakkani-Tür, Dilek;D. Hakkani-Tür
J. Marius Zöllner|J. Marius Zollner;Zöllner, J. Marius
Przemysław Spurek|Przemyslaw Spurek;Spurek, Przemysław;P. Spurek
Yoshua Bengio|Bengio, Yoshua;Y. Bengio;Y Bengio
Bin Wang|Wang, Bin;bin wang;BIN WANG
Le Zhang|Zhang, Le;le zhang
EOF

# Initials that fit several people find all of them, and only people with those initials.
hl=$(q -f json -n 100000 'au:"H. Lee"' | "$PYTHON" -c '
import json, sys, unicodedata
res = json.load(sys.stdin)["results"]
ok = all(any(a.split()[-1].lower() == "lee" and a.strip()[0].lower() == "h" for a in r["authors"]) for r in res)
print(len(res), "ok" if ok else "a paper without an H. Lee")')
check_match "au:\"H. Lee\" finds only papers with an H. Lee" "$hl" '^[0-9]+ ok$'
hung=$(papers_of "Hung-yi Lee" | sort)
hl_ids=$(q -f ids -n 100000 'au:"H. Lee"' | sort)
check_eq "au:\"H. Lee\" includes every paper of Hung-yi Lee" "$(comm -23 <(echo "$hung") <(echo "$hl_ids") | grep -c . || true)" 0
# One word of a hyphenated name, with or without its hyphen.
for word in hung-yi hungyi Hungyi; do
  ids=$(q -f ids -n 100000 "au:$word" | sort)
  check_eq "au:$word includes every paper of Hung-yi Lee" "$(comm -23 <(echo "$hung") <(echo "$ids") | grep -c . || true)" 0
done
check_match "authors hungyi lists Hung-yi Lee" "$(q authors hungyi | head -1)" '^Hung-yi Lee — '

# au:"Given Surname" never matches a paper by Given Other and Someone Surname.
mixed=$("$PYTHON" - "$truth" <<'EOF'
import json, sys
names = set()
papers = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
for p in papers:
    names.update(a.lower() for a in p['authors'])
for p in papers:
    a = [x.split() for x in p['authors'] if len(x.split()) == 2 and x.isascii()]
    if len(a) >= 2 and a[0][0][0].isalpha() and a[1][1].isalpha():
        fake = a[0][0] + ' ' + a[1][1]
        if fake.lower() not in names:
            print(p['id'] + '\t' + fake)
            break
EOF
)
IFS=$'\t' read -r mixed_id mixed_name <<<"$mixed"
found=$(q -f ids -n 100000 "au:\"$mixed_name\"")
check_eq "au:\"$mixed_name\" does not match $mixed_id (first name of one author, surname of another)" \
  "$(grep -c "^$mixed_id\$" <<<"$found" || true)" 0
# Word order is not guessed.
check_eq "au:\"Kim Jin Sob\" is not Jin Sob Kim" "$(q --count 'au:"Kim Jin Sob"')" 0
check_eq "au:\"Jin Sob Kim\"" "$(q --count 'au:"Jin Sob Kim"')" "$(papers_of 'Jin Sob Kim' | grep -c .)"
# One name: a surname or a given name, accents folded, as bare words do.
check_eq "au:povey = au:\"Daniel Povey\"" "$(q -f ids -n 1000 au:povey | sort)" "$(papers_of 'Daniel Povey' | sort)"
check_eq "bare word isik finds Atakan Işık's paper" \
  "$(q -f ids -n 100000 isik | grep -c "^$(papers_of 'Atakan Işık' | head -1)\$")" 1

# --- digest-query authors ---------------------------------------------------------------------
out=$(q authors Isik)
for n in "Atakan Işık" "Selin Vulga Işık" "Ahmet Feridun Işık"; do
  check_contains "authors Isik lists $n" "$out" "$n"
done
json=$(q --format json authors 'hung-yi lee')
verdict=$(echo "$json" | "$PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
first = j["authors"][0]
print(first["name"], first["papers"], "+".join(sorted(first["variants"])))')
check_eq "authors 'hung-yi lee': one author, both spellings" "$verdict" \
  "Hung-yi Lee $(papers_of 'Hung-yi Lee' | grep -c .) Hung-Yi Lee+Hung-yi Lee"
ranked=$(q --format json -n 30 authors chen | "$PYTHON" -c '
import json, sys
c = [a["papers"] for a in json.load(sys.stdin)["authors"]]
print("ok" if c == sorted(c, reverse=True) and len(c) == 30 else c)')
check_eq "authors chen: most papers first" "$ranked" ok
povey=$(q --format json authors 'Povey, Daniel' | "$PYTHON" -c '
import json, sys
a = json.load(sys.stdin)["authors"][0]
print(a["name"], a["papers"], a["first_date"], len(a["coauthors"]) > 0, sorted(a["topics"]))')
check_eq "authors 'Povey, Daniel'" "$povey" "Daniel Povey $(papers_of 'Daniel Povey' | grep -c .) 2025-11-07 True ['audio', 'text']"
check_contains "authors hinrich (a given name, no surname) finds Hinrich Schütze" \
  "$(q authors hinrich)" "Hinrich Schütze"
run_cmd q authors zzqqxxnobody
check_eq "authors: no match exits 1" "$rc" 1

# The truth's name folding, for the checks below: accents and case dropped, dots and hyphens
# ignored (as papers_of does). `papers_listing(spellings)`: the ids of the papers listing any.
cat >"$scratch/names.py" <<'EOF'
import json, re, sys, unicodedata
SPECIAL = str.maketrans({'ı': 'i', 'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
                         'ß': 'ss', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE'})
def fold(name):
    s = unicodedata.normalize('NFKD', name.translate(SPECIAL))
    return ''.join(c for c in s if not unicodedata.combining(c)).lower()
def norm(name):
    return ' '.join(w for w in re.split(r'\s+', fold(name).replace('.', ' ').replace('-', '')) if w)
papers = [json.loads(l) for l in open(TRUTH, encoding='utf-8')]
def papers_listing(spellings):
    wanted = {norm(s) for s in spellings}
    return {p['id'] for p in papers if any(norm(a) in wanted for a in p['authors'])}
EOF
# Runs Python with names.py loaded: truthpy CODE ARGS...
truthpy() {
  local code=$1
  shift
  "$PYTHON" -c "TRUTH = '$truth'
exec(open('$scratch/names.py', encoding='utf-8').read())
$code" "$@"
}

# --- Compound surnames, found by either part ------------------------------------------------
# `authors PART` lists the person, with every paper that lists the name (by the truth):
# double surnames written with a space or a hyphen, and a dozen more hyphenated surnames of
# the corpus picked by the truth.
compounds=$(truthpy '
import re
names = sorted({a for p in papers for a in p["authors"]})
hyphenated = [n for n in names if re.fullmatch(r"(\w+ )+[A-ZÀ-Ý]\w+-[A-ZÀ-Ý]\w+", n)]
print("Nicolás Arrieta Larraza", "Arrieta", sep="\t")
print("Nicolás Arrieta Larraza", "Larraza", sep="\t")
for n in ["Chris Callison-Burch", "Ruben Vera-Rodriguez"] + hyphenated[::max(1, len(hyphenated) // 12)][:12]:
    for part in n.split()[-1].split("-"):
        print(n, part, sep="\t")')
[[ $(grep -c . <<<"$compounds") -ge 20 ]] || die "too few compound surnames in the corpus"
mkdir -p "$scratch/parts"
while IFS=$'\t' read -r name part; do
  [[ -s "$scratch/parts/$part.json" ]] || q -f json -n 1000 authors "$part" >"$scratch/parts/$part.json"
done <<<"$compounds"
compound_wrong=$(truthpy '
import json, sys
for line in sys.argv[1].splitlines():
    name, part = line.split("\t")
    authors = json.load(open(sys.argv[2] + "/" + part + ".json"))["authors"]
    got = sum(a["papers"] for a in authors if name in a["variants"])
    expected = len(papers_listing([name]))
    if got != expected:
        print(f"  authors {part}: {name} with {got} papers, the digests list {expected}")' \
  "$compounds" "$scratch/parts")
[[ -z $compound_wrong ]] || echo "$compound_wrong"
checked=$(grep -c . <<<"$compounds")
wrong=$(grep -c . <<<"$compound_wrong" || true)
check_eq "authors finds each of $checked compound surnames by either part, with every paper" "$wrong" 0
check_match "authors arrieta lists Nicolás Arrieta Larraza" "$(q authors arrieta)" \
  $'\nNicolás Arrieta Larraza — 1 paper'
check_eq "authors callison = au:callison" \
  "$(q -f json authors callison | "$PYTHON" -c 'import json,sys; print(sum(a["papers"] for a in json.load(sys.stdin)["authors"]))')" \
  "$(q --count au:callison)"

# --- A middle initial, and none: one person when no other person's name fits both ------------
# From the truth: "Given Surname" and the forms "Given X. Surname" with middle initials only.
# When the forms' initials agree (X, or X and X. Y.: each the start of the other) they are one
# person with "Given Surname", with every paper of both; when they do not (Duc T. Nguyen, Duc
# M. Nguyen) "Given Surname" fits two persons and stays a person of its own.
truthpy '
import collections, re
plain = {}
fuller = collections.defaultdict(dict)  # (given, surname) -> initials -> a spelling
for n in sorted({a for p in papers for a in p["authors"]}):
    w = n.split()
    if len(w) == 2 and len(w[0]) > 2 and w[0].isalpha():
        plain.setdefault((norm(w[0]), norm(w[1])), n)
    elif len(w) >= 3 and len(w[0]) > 2 and all(re.fullmatch(r"[A-Z]\.?", x) for x in w[1:-1]):
        fuller[(norm(w[0]), norm(w[-1]))].setdefault(norm(" ".join(w[1:-1])).replace(" ", ""), n)
def agree(initials):
    return all(a.startswith(b) or b.startswith(a) for a in initials for b in initials)
one = sorted(k for k in plain if k in fuller and agree(fuller[k]))
two = sorted(k for k in plain if k in fuller and not agree(fuller[k]))
for k in one[::max(1, len(one) // 30)][:30]:
    print("one", plain[k], ";".join(sorted(fuller[k].values())), sep="\t")
for k in two[::max(1, len(two) // 10)][:10]:
    print("apart", plain[k], ";".join(sorted(fuller[k].values())), sep="\t")' >"$scratch/middle.tsv"
[[ $(grep -c '^one' "$scratch/middle.tsv") -ge 20 && $(grep -c '^apart' "$scratch/middle.tsv") -ge 5 ]] ||
  die "too few middle-initial names in the corpus"
mkdir -p "$scratch/middle"
n=0
while IFS=$'\t' read -r kind plain fuller; do
  q -f json -n 1000 authors "$plain" >"$scratch/middle/$((n += 1)).json"
done <"$scratch/middle.tsv"
middle_wrong=$(truthpy '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    kind, plain, fuller = line.rstrip("\n").split("\t")
    authors = json.load(open(f"{sys.argv[2]}/{n}.json"))["authors"]
    holding = [a for a in authors if any(norm(v) == norm(plain) for v in a["variants"])]
    if len(holding) != 1:
        print(f"  [{kind}] {plain}: held by {len(holding)}")
        continue
    a = holding[0]
    together = any(norm(v) == norm(f) for v in a["variants"] for f in fuller.split(";"))
    if together != (kind == "one"):
        print(f"  [{kind}] {plain} / {fuller}: " + ("together" if together else "apart"))
    elif len(papers_listing(a["variants"])) != a["papers"]:
        got, listed = a["papers"], len(papers_listing(a["variants"]))
        print(f"  [{kind}] {plain}: {got} papers, the digests list {listed}")' \
  "$scratch/middle.tsv" "$scratch/middle")
[[ -z $middle_wrong ]] || echo "$middle_wrong"
check_eq "$(wc -l <"$scratch/middle.tsv") names with and without a middle initial grouped as the truth says" \
  "$(grep -c . <<<"$middle_wrong" || true)" 0
check_match "Luca A. Lanzendörfer and Luca Lanzendörfer are one person" \
  "$(q authors 'Luca Lanzendörfer')" $'^Luca A\\. Lanzendörfer — [0-9]+ papers.*\n.*\n    written:    Luca A\\. Lanzendörfer; Luca Lanzendörfer'
check_eq "as a co-author too: one Luca Lanzendörfer among Roger Wattenhofer's co-authors" \
  "$(q -f json authors wattenhofer --coauthors 1000 | "$PYTHON" -c '
import json, sys
print(sum("Lanzend" in c["name"] for c in json.load(sys.stdin)["authors"][0]["coauthors"]))')" 1

# --- authors --in QUERY: only the papers the query finds --------------------------------------
# Each author's count is the --count of the query with that person's filter, and what the
# truth has for the person's spellings among the query's papers.
topic='"speech enhancement"'
q -f ids -n 0 "$topic" >"$scratch/topic.ids"
q -f json authors --in "$topic" --top 20 >"$scratch/in.json"
check_eq "authors --in: 20 authors, most papers first" "$("$PYTHON" -c '
import json, sys
c = [a["papers"] for a in json.load(open(sys.argv[1]))["authors"]]
print(len(c), c == sorted(c, reverse=True) and c[-1] > 0)' "$scratch/in.json")" "20 True"
wrong=0
while IFS=$'\t' read -r name papers truth_n; do
  got=$(q --count "($topic) au:\"=$name\"")
  if [[ $got != "$papers" || $truth_n != "$papers" ]]; then
    ((wrong += 1))
    echo "  $name: authors --in says $papers, --count $got, the digests $truth_n"
  fi
done < <(truthpy '
import json, sys
ids = set(open(sys.argv[1]).read().split())
for a in json.load(open(sys.argv[2]))["authors"]:
    print(a["name"], a["papers"], len(papers_listing(a["variants"]) & ids), sep="\t")' \
  "$scratch/topic.ids" "$scratch/in.json")
check_eq "authors --in $topic: each count = --count with au:\"=NAME\" = the digests" "$wrong" 0
# Nobody left out ranks higher: no single name has more papers on the topic (by the truth)
# than the last one listed, unless it is listed.
check_eq "authors --in: no name left out has more papers on the topic than the last listed" "$(truthpy '
import collections, json, sys
ids = set(open(sys.argv[1]).read().split())
listed = json.load(open(sys.argv[2]))["authors"]
known = {norm(v) for a in listed for v in a["variants"]}
c = collections.Counter(norm(a) for p in papers if p["id"] in ids for a in set(p["authors"]))
print([n for n, k in c.items() if k > listed[-1]["papers"] and n not in known])' \
  "$scratch/topic.ids" "$scratch/in.json")" "[]"
# With a name: that name's authors, counted on the query's papers only.
check_eq "authors gerkmann --in diffusion = --count 'diffusion au:gerkmann'" \
  "$(q -f json authors gerkmann --in diffusion | "$PYTHON" -c 'import json,sys; print(sum(a["papers"] for a in json.load(sys.stdin)["authors"]))')" \
  "$(q --count 'diffusion au:gerkmann')"
run_cmd q authors povey --in '"speech enhancement" zzqqxx'
check_eq "authors --in: a query with no papers exits 1" "$rc" 1

# --- --coauthors N -----------------------------------------------------------------------------
# Timo Gerkmann's co-authors by the truth: how many, and the twelve largest paper counts.
co_truth=$(truthpy '
import collections
c = collections.Counter()
for p in papers:
    names = {norm(a) for a in p["authors"]}
    if norm("Timo Gerkmann") in names:
        c.update(names - {norm("Timo Gerkmann")})
print(len(c), *sorted(c.values(), reverse=True)[:12])')
[[ ${co_truth%% *} -gt 12 ]] || die "Timo Gerkmann has too few co-authors: $co_truth"
check_eq "authors 'Timo Gerkmann' --coauthors 12: twelve co-authors, counted as the digests count them" \
  "$(q -f json authors 'Timo Gerkmann' --coauthors 12 | "$PYTHON" -c '
import json, sys
print(*[c["papers"] for c in json.load(sys.stdin)["authors"][0]["coauthors"]])')" "${co_truth#* }"
check_eq "authors: five co-authors by default" \
  "$(q -f json authors 'Timo Gerkmann' | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["authors"][0]["coauthors"]))')" 5
check_match "--coauthors in the text listing" "$(q authors 'Timo Gerkmann' --coauthors 12 | grep co-authors)" \
  '^    co-authors: ([^,]+, ){11}[^,]+$'

finish
