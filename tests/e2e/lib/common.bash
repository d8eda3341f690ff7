# Helpers shared by the end-to-end tests (sourced, not run: ctest runs only tests/e2e/*.sh).
# Each test runs the built binaries named by the environment that tests/CMakeLists.txt sets.

set -uo pipefail

failures=0
failed_checks=()

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
  failed_checks+=("$*")
}

# A failure that makes the rest of the test meaningless.
die() {
  echo "FAIL: $*" >&2
  exit 1
}

pass() {
  echo "ok: $*"
}

# check_eq WHAT ACTUAL EXPECTED
check_eq() {
  if [[ "$2" == "$3" ]]; then
    pass "$1"
  else
    fail "$1: expected [$3], got [$2]"
  fi
}

# check_match WHAT TEXT EXTENDED-REGEX
check_match() {
  if [[ "$2" =~ $3 ]]; then
    pass "$1"
  else
    fail "$1: [$2] does not match /$3/"
  fi
}

# check_contains WHAT TEXT NEEDLE
check_contains() {
  if [[ "$2" == *"$3"* ]]; then
    pass "$1"
  else
    fail "$1: [$2] does not contain [$3]"
  fi
}

finish() {
  if ((failures > 0)); then
    # Said again at the end, where a long log is read first.
    printf 'FAIL: %s\n' "${failed_checks[@]}" >&2
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
  exit 0
}

require_env() {
  local v
  for v in "$@"; do
    [[ -n "${!v:-}" ]] || die "\$$v is not set (run this test through ctest)"
  done
}

# A private scratch folder, removed on exit whatever happens.
make_scratch() {
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/digest-e2e.XXXXXX") || die "mktemp failed"
  trap 'rm -rf "$scratch"' EXIT
}

# run_cmd CMD...: runs CMD, leaving its stdout in $out, stderr in $err and exit code in $rc.
run_cmd() {
  local o e
  o=$(mktemp "$scratch/out.XXXXXX")
  e=$(mktemp "$scratch/err.XXXXXX")
  "$@" >"$o" 2>"$e"
  rc=$?
  out=$(cat "$o")
  err=$(cat "$e")
  rm -f "$o" "$e"
}

# Debian's interpreter: the JSON-schema and BibTeX checks use its python3-jsonschema and
# python3-bibtexparser packages.
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
command -v "$PYTHON" >/dev/null || die "python3 is needed to read JSON (scripts/setup installs it)"

# json_get JSON PATH: prints the value at PATH (dot-separated keys) of the JSON text; objects
# and lists are printed as compact JSON with sorted keys.
json_get() {
  "$PYTHON" -c '
import json, sys
value = json.loads(sys.argv[1])
for key in sys.argv[2].split("."):
    if key:
        value = value[key] if isinstance(value, dict) else value[int(key)]
if isinstance(value, (dict, list)):
    print(json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
elif value is None:
    print("null")
else:
    print(value)
' "$1" "$2"
}

# json_without JSON KEY...: the JSON text without the given top-level keys, keys sorted.
json_without() {
  local json=$1
  shift
  "$PYTHON" -c '
import json, sys
value = json.loads(sys.argv[1])
for key in sys.argv[2:]:
    value.pop(key, None)
print(json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False))
' "$json" "$@"
}

# commas 76700 -> 76,700 (as the indexer prints counts)
commas() {
  local n=$1 out=""
  while ((${#n} > 3)); do
    out=",${n: -3}$out"
    n=${n:0:${#n}-3}
  done
  echo "$n$out"
}
