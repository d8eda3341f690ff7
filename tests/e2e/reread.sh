#!/usr/bin/env bash
# Adding again: an unchanged file is skipped (also when only its time changed); a changed file
# is read again and replaces its digest's appearances (a paper it no longer lists loses that
# appearance, and is removed when it has no other); --force reads everything again.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE
make_scratch

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
mkdir -p "$scratch/d/20251230_Tue" "$scratch/d/20251231_Wed"
digest="$scratch/d/20251230_Tue/audio.md"
cp "$example" "$digest"
db="$scratch/db"
idx() { "$DIGEST_INDEX" --db "$db" "$@"; }
papers() { idx stats --json | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["papers"])'; }
title_of() { "$DIGEST_QUERY" --db "$db" -f json "id:$1" | "$PYTHON" -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["title"] if r else "")'; }
# Exit status 1 and nothing on standard output when no paper matches: "gone".
dates_of() { "$DIGEST_QUERY" --db "$db" -f json "id:$1" | "$PYTHON" -c 'import json,sys; t=sys.stdin.read(); r=json.loads(t)["results"]; print(" ".join(a["date"] for a in r[0]["appearances"]) if r else "gone")'; }

run_cmd idx add "$digest"
check_contains "first add" "$out" "1 file, 22 entries → 22 papers"

# Only the time changed: skipped after a hash.
touch -d '2030-01-01' "$digest"
run_cmd idx add "$digest"
check_contains "touched, same content: skipped" "$out" "1 file (1 unchanged, skipped), 0 entries"

# The last entry (listed only here) removed, another title changed.
"$PYTHON" - "$digest" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding='utf-8').read()
last = text.rindex('#### [')
text = text[:last]
text = text.replace('AudioGAN: A Compact and Efficient Framework', 'AudioGAN: A Compact, Corrected Framework')
open(path, 'w', encoding='utf-8').write(text)
EOF
last_id=$(grep -o 'arxiv.org/pdf/[0-9]*\.[0-9]*' "$example" | tail -1 | sed 's|.*/||')
grep -q "$last_id" "$digest" && die "the fixture edit failed"
run_cmd idx add "$digest"
check_contains "changed file read again" "$out" "1 file, 21 entries"
check_contains "the summary says a paper was removed" "$out" "1 paper no digest lists any more removed"
check_eq "a paper no longer listed anywhere is removed" "$(papers)" 21
check_eq "the removed paper is gone" "$(dates_of "$last_id")" gone
check_eq "the changed title is stored" "$(title_of 2512.22166)" \
  "AudioGAN: A Compact, Corrected Framework for Real-Time High-Fidelity Text-to-Audio Generation"

# A paper listed by another digest too keeps that appearance when one digest drops it.
cp "$example" "$scratch/d/20251231_Wed/audio.md"
run_cmd idx add "$scratch/d/20251231_Wed/audio.md"
check_eq "the second digest brings the paper back" "$(dates_of "$last_id")" "2025-12-31"
check_eq "and the first digest's papers have both days" "$(dates_of 2512.22148)" "2025-12-30 2025-12-31"
printf '\n' >>"$scratch/d/20251231_Wed/audio.md"
"$PYTHON" - "$scratch/d/20251231_Wed/audio.md" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding='utf-8').read()
start = text.index('#### [new 002]')
end = text.index('#### [new 003]')
open(path, 'w', encoding='utf-8').write(text[:start] + text[end:])
EOF
run_cmd idx add "$scratch/d/20251231_Wed/audio.md"
check_eq "a paper dropped by one of its digests keeps the other" "$(dates_of 2512.22148)" "2025-12-30"
check_eq "the newer digest's text wins" "$(title_of 2512.22166)" \
  "AudioGAN: A Compact and Efficient Framework for Real-Time High-Fidelity Text-to-Audio Generation"

# --force reads everything again and changes nothing.
before=$(idx stats --json | "$PYTHON" -c 'import json,sys; j=json.load(sys.stdin); print(j["papers"], j["appearances"], j["digests"])')
run_cmd idx add --force "$scratch/d"
check_contains "--force reads both files" "$out" "2 files, "
after=$(idx stats --json | "$PYTHON" -c 'import json,sys; j=json.load(sys.stdin); print(j["papers"], j["appearances"], j["digests"])')
check_eq "--force changes nothing" "$after" "$before"
run_cmd idx add "$scratch/d"
check_contains "then both are unchanged" "$out" "2 files (2 unchanged, skipped)"
check_match "stats shows the skipped files" "$(idx stats)" "2 unchanged and skipped"

finish
