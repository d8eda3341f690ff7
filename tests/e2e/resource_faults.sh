#!/usr/bin/env bash
# A database on a full file system (a small tmpfs), on a file system remounted read-only, in a
# directory its user may read but not write, in a directory its user may not enter, without its
# XAPIANDB stub, and with a truncated generation: each gives one clear error (the file or
# database named, the system's reason, a hint saying what to do) and the documented exit code
# (digest-index 3, digest-query 2), and the database stays as it was at its last commit and
# usable once the fault is gone; a large build that fails leaves no generation behind.
# The full and read-only file systems need root (mount); the permission cases run as the
# unprivileged user 65534 (setpriv), since root ignores permission bits. Cases that cannot run
# here say so and are skipped; the stub and truncation cases always run.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED
make_scratch

mnt="$scratch/fs"
mounted=no
cleanup() {
  if [[ $mounted == yes ]]; then
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d $corpus ]] || die "the shared corpus is missing: $corpus"
mapfile -t all < <(ls -d "$corpus"/*/)
day1=("${all[0]}")
day2=("${all[1]}")
week=("${all[@]:2:5}")  # five days, ~2,700 entries: a new generation in an empty database

idx() { "$DIGEST_INDEX" --db "$@"; }
qry() { "$DIGEST_QUERY" --db "$@"; }

# The database as a reader sees it: its figures but the run record, and one query.
state() {
  local stats
  stats=$(idx "$1" stats --json) || return 1
  json_without "$stats" last_run size_bytes database
  qry "$1" --count speech
}
# The bytes of every file of the database (the lock file aside).
files_of() { (cd "$1" && find . -type f ! -name lock -print0 | sort -z | xargs -0 md5sum); }

# one_error WHAT: standard error ($err) is one error line and one hint line.
one_error() {
  check_eq "$1: one error line" "$(printf '%s\n' "$err" | grep -c '^error: ')" 1
  check_eq "$1: one hint line" "$(printf '%s\n' "$err" | grep -c '^hint: ')" 1
  check_eq "$1: nothing else" "$(printf '%s\n' "$err" | grep -c -v -E '^(error|hint): ')" 0
}
check_ok() {  # check_ok WHAT DB: `digest-index check` passes
  run_cmd idx "$2" check
  check_eq "$1: check passes" "$rc" 0
  [[ $rc == 0 ]] || printf '%s\n' "$err" >&2
}
generations() { (cd "$1" && ls -d gen-* 2>/dev/null | tr '\n' ' '); }

idx "$scratch/base" --quiet add "${day1[@]}" || die "building the base database failed"
cp -a "$scratch/base" "$scratch/ref"
idx "$scratch/ref" --quiet add "${day2[@]}" || die "adding a day failed"
base_state=$(state "$scratch/base")
ref_state=$(state "$scratch/ref")
base_kb=$(du -sk "$scratch/base" | cut -f1)
ran=0

# --- a full file system ---------------------------------------------------------------------
can_mount=no
if [[ $(id -u) != 0 ]]; then
  echo "skip: full and read-only file system cases: not root, cannot mount a tmpfs"
else
  mkdir -p "$mnt"
  if mount -t tmpfs -o size=$((base_kb + 49152))k,mode=0755 digest-test "$mnt" 2>"$scratch/mount.err"; then
    mounted=yes
    can_mount=yes
  else
    echo "skip: full and read-only file system cases: mount -t tmpfs failed: $(cat "$scratch/mount.err")"
  fi
fi

# fill [KB]: leaves no free space on the tmpfs, or only KB.
fill() {
  dd if=/dev/zero of="$mnt/filler" bs=64k status=none 2>/dev/null
  if (($# > 0)); then truncate -s -"$1"K "$mnt/filler"; fi
}

if [[ $can_mount == yes ]]; then
  ran=$((ran + 1))
  db="$mnt/db"
  cp -a "$scratch/base" "$db"
  fill
  before=$(files_of "$db")
  # A small add: one transaction per file; the first commit finds no space.
  run_cmd idx "$db" --quiet add "${day2[@]}"
  check_eq "full disk, add: exit 3" "$rc" 3
  check_contains "full disk, add: the system's reason" "$err" "no space left on device"
  check_contains "full disk, add: the database named" "$err" "database $db"
  check_contains "full disk, add: what to do" "$err" "hint: free some space and run the command again"
  one_error "full disk, add"
  check_eq "full disk, add: the database is as it was" "$(state "$db")" "$base_state"
  # compact needs room for a second generation.
  run_cmd idx "$db" --quiet compact
  check_eq "full disk, compact: exit 3" "$rc" 3
  check_contains "full disk, compact: the system's reason" "$err" "no space left on device"
  one_error "full disk, compact"
  check_eq "full disk, compact: no generation left behind" "$(generations "$db")" "$(generations "$scratch/base")"
  check_eq "full disk, compact: the database is as it was" "$(state "$db")" "$base_state"
  run_cmd qry "$db" --count speech
  check_eq "full disk: queries still answer" "$rc:$out" "0:$(qry "$scratch/base" --count speech)"
  rm -f "$mnt/filler"
  check_ok "full disk, space freed" "$db"
  run_cmd idx "$db" --quiet add "${day2[@]}"
  check_eq "full disk, space freed: the add again succeeds" "$rc" 0
  check_eq "... and gives what an add with room gives" "$(state "$db")" "$ref_state"

  # A large build (a new generation, in shards) that runs out of space: 4 MB left.
  rm -rf "$db"
  fill 4096
  run_cmd idx "$db" --quiet add "${week[@]}"
  check_eq "full disk, large build: exit 3" "$rc" 3
  check_contains "full disk, large build: the system's reason" "$err" "no space left on device"
  one_error "full disk, large build"
  check_eq "full disk, large build: only the first, empty generation" "$(generations "$db")" "gen-000001 "
  run_cmd idx "$db" stats --json
  check_eq "full disk, large build: the database holds nothing" "$(json_get "$out" papers)" 0
  rm -f "$mnt/filler"
  run_cmd idx "$db" --quiet add "${day1[0]}/audio.md"
  check_eq "full disk, large build: the next (small) run succeeds" "$rc" 0
  check_eq "... and leaves one generation" "$(generations "$db" | wc -w)" 1
  check_ok "full disk, after the next run" "$db"
  check_eq "... no stray shard folder or stub copy" "$(ls "$db" | grep -c -v -E '^(gen-[0-9]{6}|XAPIANDB|lock)$')" 0

  # --- a file system remounted read-only ------------------------------------------------------
  rm -rf "$db"
  cp -a "$scratch/base" "$db"
  before=$(files_of "$db")
  if mount -o remount,ro "$mnt" 2>"$scratch/mount.err"; then
    for cmd in add compact check; do
      if [[ $cmd == add ]]; then args=(add "${day2[@]}"); else args=("$cmd"); fi
      run_cmd idx "$db" --quiet "${args[@]}"
      check_eq "read-only file system, $cmd: exit 3" "$rc" 3
      check_contains "read-only file system, $cmd: the file and the reason" "$err" "$db/lock: Read-only file system"
      check_contains "read-only file system, $cmd: what to do" "$err" "hint: check the permissions of $db"
      one_error "read-only file system, $cmd"
    done
    run_cmd qry "$db" --count speech
    check_eq "read-only file system: queries answer" "$rc:$out" "0:$(qry "$scratch/base" --count speech)"
    check_eq "read-only file system: stats answer" "$(state "$db")" "$base_state"
    mount -o remount,rw "$mnt" || die "remounting the tmpfs read-write failed"
    check_eq "read-only file system: nothing changed" "$(files_of "$db")" "$before"
    check_ok "read-only file system, writable again" "$db"
  else
    echo "skip: read-only file system: mount -o remount,ro failed: $(cat "$scratch/mount.err")"
  fi
  umount "$mnt" && mounted=no
fi

# --- permissions, as an unprivileged user ---------------------------------------------------
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
chmod 711 "$scratch"  # the user may pass through, not list
cp -a "$scratch/base" "$scratch/shared-db"
chmod -R a+rX "$scratch/shared-db"
if [[ $(id -u) != 0 ]]; then
  echo "skip: permission cases: they need root to run a command as another user"
elif ! "${as_nobody[@]}" "$DIGEST_QUERY" --db "$scratch/shared-db" --count speech >/dev/null 2>"$scratch/setpriv.err"; then
  echo "skip: permission cases: the user 65534 cannot run the binaries here: $(cat "$scratch/setpriv.err")"
else
  ran=$((ran + 1))
  db="$scratch/shared-db"
  before=$(files_of "$db")
  # A database the user may read but not write.
  for cmd in add compact check; do
    if [[ $cmd == add ]]; then args=(add "${day2[@]}"); else args=("$cmd"); fi
    run_cmd "${as_nobody[@]}" "$DIGEST_INDEX" --db "$db" --quiet "${args[@]}"
    check_eq "read-only directory, $cmd: exit 3" "$rc" 3
    check_contains "read-only directory, $cmd: the file and the reason" "$err" "$db/lock: Permission denied"
    check_contains "read-only directory, $cmd: what to do" "$err" "hint: check the permissions of $db"
    one_error "read-only directory, $cmd"
  done
  run_cmd "${as_nobody[@]}" "$DIGEST_QUERY" --db "$db" --count speech
  check_eq "read-only directory: queries answer" "$rc:$out" "0:$(qry "$scratch/base" --count speech)"
  run_cmd "${as_nobody[@]}" "$DIGEST_INDEX" --db "$db" stats
  check_eq "read-only directory: stats answer" "$rc" 0
  check_eq "read-only directory: nothing changed" "$(files_of "$db")" "$before"

  # A database directory the user may not enter.
  chmod 700 "$db"
  run_cmd "${as_nobody[@]}" "$DIGEST_QUERY" --db "$db" --count speech
  check_eq "directory without permission, query: exit 2" "$rc" 2
  check_contains "directory without permission, query: the file and the reason" "$err" "$db/XAPIANDB: Permission denied"
  check_contains "directory without permission, query: what to do" "$err" "hint: check the permissions of $db"
  one_error "directory without permission, query"
  for cmd in add compact check; do
    if [[ $cmd == add ]]; then args=(add "${day2[@]}"); else args=("$cmd"); fi
    run_cmd "${as_nobody[@]}" "$DIGEST_INDEX" --db "$db" --quiet "${args[@]}"
    check_eq "directory without permission, $cmd: exit 3" "$rc" 3
    check_contains "directory without permission, $cmd: the reason" "$err" "Permission denied"
    check_contains "directory without permission, $cmd: what to do" "$err" "hint: check the permissions of $db"
    one_error "directory without permission, $cmd"
  done
  chmod 755 "$db"
  check_eq "directory without permission: nothing changed" "$(files_of "$db")" "$before"
  check_ok "directory without permission, once allowed" "$db"
fi
chmod 700 "$scratch"

# --- a missing XAPIANDB stub ----------------------------------------------------------------
ran=$((ran + 1))
db="$scratch/nostub"
cp -a "$scratch/base" "$db"
gen=$(sed -n 's/^auto //p' "$db/XAPIANDB")
rm "$db/XAPIANDB"
before=$(files_of "$db")
run_cmd qry "$db" --count speech
check_eq "missing stub, query: exit 2" "$rc" 2
check_contains "missing stub, query: the file named" "$err" "error: $db/XAPIANDB is missing"
check_contains "missing stub, query: the generation it held" "$err" "still holds $gen"
check_contains "missing stub, query: how to restore it" "$err" "hint: if $gen is the database, restore the stub: printf 'auto $gen\\n' > $db/XAPIANDB"
one_error "missing stub, query"
for cmd in add compact reindex check; do
  if [[ $cmd == add ]]; then args=(add "${day2[@]}"); else args=("$cmd"); fi
  run_cmd idx "$db" --quiet "${args[@]}"
  check_eq "missing stub, $cmd: exit 3" "$rc" 3
  check_contains "missing stub, $cmd: the file named" "$err" "error: $db/XAPIANDB is missing"
  one_error "missing stub, $cmd"
done
check_eq "missing stub: no new database made over the old one" "$(files_of "$db")" "$before"
check_eq "... and no new generation" "$(generations "$db")" "$gen "
# The hint's command, as given, makes the database whole again.
restore=$(printf '%s\n' "$err" | sed -n 's/^hint: if .* is the database, restore the stub: \(.*\); then .*/\1/p')
bash -c "$restore" || fail "the hint's command failed: $restore"
check_ok "missing stub, restored as the hint says" "$db"
check_eq "missing stub, restored: the database as it was" "$(state "$db")" "$base_state"

# A first run stopped before it wrote the stub leaves an empty generation: that is no database
# yet, and the next run starts again.
db="$scratch/first"
cp -a "$scratch/base" "$db"
rm -rf "$db"/*
"$PYTHON" -c 'import sys, xapian; d = xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE); d.set_metadata("digest-search:schema", sys.argv[2]); d.commit()' \
  "$db/gen-000001" "$(json_get "$(idx "$scratch/base" stats --json)" schema)"
run_cmd idx "$db" --quiet add "${day1[@]}"
check_eq "an empty generation without a stub: the run starts again" "$rc" 0
check_eq "... and builds the database" "$(state "$db")" "$base_state"

# --- a truncated generation -----------------------------------------------------------------
db="$scratch/truncated"
cp -a "$scratch/base" "$db"
gen=$(sed -n 's/^auto //p' "$db/XAPIANDB")
table="$db/$gen/postlist.glass"
truncate -s $(($(stat -c %s "$table") / 2)) "$table"
before=$(files_of "$db")
run_cmd qry "$db" --count speech
check_eq "truncated generation, query: exit 2" "$rc" 2
check_contains "truncated generation, query: says it is damaged" "$err" "is damaged or unreadable: EOF reading block"
check_contains "truncated generation, query: what to do" "$err" "hint: digest-index check --db $db says what is wrong"
one_error "truncated generation, query"
for cmd in add compact; do
  if [[ $cmd == add ]]; then args=(add "${day2[@]}"); else args=("$cmd"); fi
  run_cmd idx "$db" --quiet "${args[@]}"
  check_eq "truncated generation, $cmd: exit 3" "$rc" 3
  check_contains "truncated generation, $cmd: says it is damaged" "$err" "is damaged"
  one_error "truncated generation, $cmd"
done
run_cmd idx "$db" check
check_eq "truncated generation, check: exit 6" "$rc" 6
check_contains "truncated generation, check: names the generation" "$err" "error: $db/$gen"
check_eq "truncated generation: nothing written over it" "$(files_of "$db")" "$before"
check_eq "... and no new generation" "$(generations "$db")" "$gen "

echo "cases run: $ran groups"
finish
