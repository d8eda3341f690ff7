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

finish
