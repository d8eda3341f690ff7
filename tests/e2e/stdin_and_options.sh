#!/usr/bin/env bash
# digest-index add from standard input, with and without --date; where the database goes
# (--db, then $DIGEST_DB, then $XDG_DATA_HOME/digest-search/db, then ~/.local/share); adding
# the same digest twice changes nothing; and an older digest added after a newer one does not
# take the paper's text back in time.
source "${DIGEST_TESTS:?run this test through ctest}/e2e/lib/common.bash" || exit 1
require_env DIGEST_INDEX DIGEST_SOURCE DIGEST_TESTS
command -v xapian-delve >/dev/null || die "xapian-delve is needed (package xapian-tools)"

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
[[ -f "$example" ]] || die "missing $example"
make_scratch
# No setting of the caller's may leak into the database resolution below.
unset DIGEST_DB XDG_DATA_HOME

# Fields of `stats --json` that describe the database's identity or the last run, not content.
not_content=(database last_run size_bytes files_recorded)

# --- stdin with --date and --topic gives the same database as the file itself.
run_cmd "$DIGEST_INDEX" --db "$scratch/from-file" add "$example"
check_eq "file: exit code" "$rc" 0
check_eq "file: no diagnostics" "$err" ""
run_cmd "$DIGEST_INDEX" --db "$scratch/from-file" stats --json
file_stats=$out

run_cmd bash -c 'cat "$1" | "$2" --db "$3" add --date 2025-12-30 --topic audio -' _ \
  "$example" "$DIGEST_INDEX" "$scratch/from-stdin"
check_eq "stdin: exit code" "$rc" 0
check_eq "stdin: no diagnostics" "$err" ""
check_match "stdin: summary line" "$out" \
  '^1 file, 22 entries → 22 papers \(0 entries merged into papers already seen\), 0 warnings, [0-9.]+ s$'
run_cmd "$DIGEST_INDEX" --db "$scratch/from-stdin" stats --json
check_eq "stdin: same stats as the file" "$(json_without "$out" "${not_content[@]}")" \
  "$(json_without "$file_stats" "${not_content[@]}")"
check_eq "stdin: papers, appearances, date" \
  "$(json_get "$out" papers) $(json_get "$out" appearances) $(json_get "$out" first_date)" \
  "22 22 2025-12-30"
check_eq "stdin: sections" "$(json_get "$out" sections)" '{"new":13,"replaced":9}'
check_eq "stdin is not recorded as a file" "$(json_get "$out" files_recorded)" 0
check_eq "the file is recorded" "$(json_get "$file_stats" files_recorded)" 1

# --- stdin without --date: indexed undated, with a warning. The topic comes from the header.
run_cmd "$DIGEST_INDEX" --db "$scratch/undated" add - <"$example"
check_eq "stdin, no date: exit code" "$rc" 0
check_eq "stdin, no date: the warning" "$err" \
  "<stdin>: warning: no date for this digest (name its folder YYYYMMDD or pass --date); its papers are indexed undated"
run_cmd "$DIGEST_INDEX" --db "$scratch/undated" stats --json
check_eq "stdin, no date: papers" "$(json_get "$out" papers)" 22
check_eq "stdin, no date: no dates" "$(json_get "$out" days) [$(json_get "$out" first_date)]" "0 []"
check_eq "stdin, no date: topic from the header" "$(json_get "$out" topics.audio.papers)" 22

# --- A --date that is not a date is a usage error.
run_cmd "$DIGEST_INDEX" --db "$scratch/baddate" add --date 2025-13-01 - <"$example"
check_eq "bad --date: exit code" "$rc" 2
check_eq "bad --date: message" "$err" \
  "error: --date 2025-13-01: not a date (use YYYY-MM-DD, e.g. 2026-04-30)"
check_eq "bad --date: no database created" "$(ls -A "$scratch" | grep -c '^baddate$')" 0
# A topic is one word: `topic:` could never find "a b".
run_cmd "$DIGEST_INDEX" --db "$scratch/badtopic" add --topic "speech audio" - <"$example"
check_eq "bad --topic: exit code" "$rc" 2
check_eq "bad --topic: message" "$err" \
  "error: --topic speech audio: a topic is one word (letters, digits, - and _), e.g. audio"
check_eq "bad --topic: no database created" "$(ls -A "$scratch" | grep -c '^badtopic$')" 0

# --- Where the database goes.
home="$scratch/home"
mkdir -p "$home"
run_cmd env HOME="$home" "$DIGEST_INDEX" add "$example"
check_eq "default: exit code" "$rc" 0
check_eq "default: ~/.local/share/digest-search/db" \
  "$(test -f "$home/.local/share/digest-search/db/XAPIANDB" && echo yes)" yes
run_cmd env HOME="$home" "$DIGEST_INDEX" stats --json
check_eq "default: stats finds it" "$(json_get "$out" database) $(json_get "$out" papers)" \
  "$home/.local/share/digest-search/db 22"

xdg="$scratch/xdg"
run_cmd env HOME="$home" XDG_DATA_HOME="$xdg" "$DIGEST_INDEX" add "$example"
check_eq "XDG: exit code" "$rc" 0
check_eq "XDG: \$XDG_DATA_HOME/digest-search/db" \
  "$(test -f "$xdg/digest-search/db/XAPIANDB" && echo yes)" yes
run_cmd env HOME="$home" XDG_DATA_HOME="$xdg" "$DIGEST_INDEX" stats --json
check_eq "XDG: stats finds it" "$(json_get "$out" database)" "$xdg/digest-search/db"

envdb="$scratch/envdb"
run_cmd env HOME="$home" XDG_DATA_HOME="$xdg" DIGEST_DB="$envdb" "$DIGEST_INDEX" add "$example"
check_eq "DIGEST_DB: exit code" "$rc" 0
check_eq "DIGEST_DB: used before XDG" "$(test -f "$envdb/XAPIANDB" && echo yes)" yes
run_cmd env HOME="$home" XDG_DATA_HOME="$xdg" DIGEST_DB="$envdb" "$DIGEST_INDEX" stats --json
check_eq "DIGEST_DB: stats finds it" "$(json_get "$out" database)" "$envdb"

optdb="$scratch/optdb"
unused="$scratch/unused-envdb"
run_cmd env HOME="$home" XDG_DATA_HOME="$xdg" DIGEST_DB="$unused" "$DIGEST_INDEX" --db "$optdb" \
  add "$example"
check_eq "--db: exit code" "$rc" 0
check_eq "--db: used before DIGEST_DB" \
  "$(test -f "$optdb/XAPIANDB" && echo yes) $(test -e "$unused" && echo touched)" "yes "

# --- The same file twice: the second run reads nothing and changes nothing.
src="$scratch/twice-src/20251230_Tue"
mkdir -p "$src"
cp "$example" "$src/audio.md"
db="$scratch/twice"
run_cmd "$DIGEST_INDEX" --db "$db" add "$src/audio.md"
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
once=$out
run_cmd "$DIGEST_INDEX" --db "$db" add "$src/audio.md"
check_eq "twice: exit code" "$rc" 0
check_eq "twice: no diagnostics" "$err" ""
check_match "twice: skipped" "$out" '^1 file \(1 unchanged, skipped\), 0 entries → 0 papers'
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
# Recording last_run is a commit, and a Xapian commit writes new blocks before it frees the old
# ones: the first such commit grows the files by a block, later ones reuse it. So the size is
# not compared.
check_eq "twice: same stats apart from last_run" "$(json_without "$out" last_run size_bytes)" \
  "$(json_without "$once" last_run size_bytes)"
# Touched but not changed: read, recognised by its content hash, skipped.
touch -d '2026-01-01 00:00:00' "$src/audio.md"
run_cmd "$DIGEST_INDEX" --db "$db" add "$src/audio.md"
check_eq "touched: exit code" "$rc" 0
check_match "touched: skipped" "$out" '^1 file \(1 unchanged, skipped\), 0 entries → 0 papers'
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
check_eq "touched: same stats apart from last_run and size" "$(json_without "$out" last_run size_bytes)" \
  "$(json_without "$once" last_run size_bytes)"
# --force parses and writes it again: every entry merges into its own paper, no change.
run_cmd "$DIGEST_INDEX" --db "$db" add --force "$src/audio.md"
check_eq "--force: exit code" "$rc" 0
check_match "--force: read again" "$out" \
  '^1 file, 22 entries → 22 papers \(22 entries merged into papers already seen\), 0 warnings'
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
check_eq "--force: same stats apart from last_run and size" \
  "$(json_without "$out" last_run size_bytes)" "$(json_without "$once" last_run size_bytes)"

# --- Newest text wins: the newer digest is added first, then the older one.
digest() { # DATE-FOLDER TITLE SUMMARY-LINE
  mkdir -p "$scratch/dated/$1"
  cat >"$scratch/dated/$1/audio.md" <<EOF
# 音频 cs.SD;  eess.AS

- **最新发布 1 篇**

- **更新 0 篇**

## 最新发布

#### [new 001] $2
- **分类: cs.SD**
$3
- **链接: [https://arxiv.org/pdf/2512.99001v1](https://arxiv.org/pdf/2512.99001v1)**

> **作者:** Ann Lee
>
> **摘要:** Abstract of $2.
>
---
## 更新

EOF
}
digest 20251230_Tue "Older Title" $'\n- **简介: 较早的简介。**\n'
digest 20251231_Wed "Newer Title" ""
db="$scratch/order"
run_cmd "$DIGEST_INDEX" --db "$db" add "$scratch/dated/20251231_Wed/audio.md"
check_eq "newer digest: exit code" "$rc" 0
check_eq "newer digest: no diagnostics" "$err" ""
run_cmd "$DIGEST_INDEX" --db "$db" add "$scratch/dated/20251230_Tue/audio.md"
check_eq "older digest: exit code" "$rc" 0
check_eq "older digest: no diagnostics" "$err" ""
docid=$(xapian-delve -1 -t Q2512.99001 "$db" 2>/dev/null | tail -n 1)
check_match "one document for the paper" "$docid" '^[0-9]+$'
data=$(xapian-delve -r "$docid" -d "$db" 2>/dev/null | sed -n 's/^{/{/p')
check_eq "the newer title is kept" "$(json_get "$data" title)" "Newer Title"
check_eq "the newer abstract is kept" "$(json_get "$data" abstract)" "Abstract of Newer Title."
check_eq "the only summary is kept" "$(json_get "$data" summary)" "较早的简介。"
check_eq "both appearances" "$(json_get "$data" appearances.0.date) $(json_get "$data" appearances.1.date)" \
  "2025-12-30 2025-12-31"
check_eq "value slots: newest and first date" \
  "$(xapian-delve -V0 -r "$docid" "$db" 2>/dev/null | sed -n 's/^Value 0 for record #[0-9]*: //p') \
$(xapian-delve -V1 -r "$docid" "$db" 2>/dev/null | sed -n 's/^Value 1 for record #[0-9]*: //p')" \
  "20251231 20251230"
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
check_eq "newer then older: one paper, two appearances" \
  "$(json_get "$out" papers) $(json_get "$out" appearances) $(json_get "$out" digests)" "1 2 2"
# The same two in the other order give the same paper.
db2="$scratch/order2"
"$DIGEST_INDEX" --db "$db2" -q add "$scratch/dated/20251230_Tue/audio.md" || fail "older first"
"$DIGEST_INDEX" --db "$db2" -q add "$scratch/dated/20251231_Wed/audio.md" || fail "newer second"
docid2=$(xapian-delve -1 -t Q2512.99001 "$db2" 2>/dev/null | tail -n 1)
data2=$(xapian-delve -r "$docid2" -d "$db2" 2>/dev/null | sed -n 's/^{/{/p')
check_eq "either order: the same paper" "$(json_without "$data2")" "$(json_without "$data")"

# Nothing readable: an error for the argument, and no database created for it.
run_cmd "$DIGEST_INDEX" --db "$scratch/never" add "$scratch/no-such-file.md"
check_eq "a missing input: exit 1" "$rc" 1
check_contains "a missing input is named" "$err" "$scratch/no-such-file.md: error: no such file or directory"
check_eq "and no database is created for it" "$(test -e "$scratch/never"; echo $?)" 1

finish
