#!/usr/bin/env bash
# A full disk while r2p-index writes: it must exit 3 naming the problem (no space left / file too
# large, "cannot build the index"), remove what it wrote, and leave the old index intact and
# searchable with identical results.
#
# The index lives on a small tmpfs (as root, where mounting is allowed), full at several points
# of the build: from the start, in the middle, near the end, completely full, and with 2 shards;
# then an update, written in place, on a disk with not a byte free.
# Where mounting is not allowed, a file size limit (ulimit -f, SIGXFSZ ignored) makes the writes
# fail the same way instead. R2P_DISK_FULL_METHOD=tmpfs|ulimit forces one.
#
# Usage: disk_full.sh R2P_INDEX R2P_SEARCH R2P_GEN_CORPUS CORPUS_DIR
set -eu

r2p_index=$1 r2p_search=$2 r2p_gen=$3 corpus=$4
method=${R2P_DISK_FULL_METHOD:-}

mounted=0
previous=db  # the version before the live one, which r2p-index keeps for its readers (once any)
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup disk-full disk_full

fs=$tmp/fs
mkdir -p "$fs"
cli_cleanup() {
  if [ "$mounted" -eq 1 ]; then umount "$fs" 2>/dev/null || umount -l "$fs" 2>/dev/null || true; fi
  if [ "$cli_status" -ne 0 ]; then echo "disk_full: method ${method:-none}"; fi
}
command -v xapian-check >/dev/null || fail "xapian-check not found (apt-get install xapian-tools)"

# The new corpus: the bundled one plus generated meetings and recommendations, an index many
# times the size of the old one (5 MB; each of the dozen builds below takes about a second).
cp -R "$corpus" "$tmp/big"
"$r2p_gen" --records 500 --shard-size 450 --out "$tmp/gen" --seed 5 >/dev/null ||
  fail "r2p-gen-corpus"
# In two files: the update below changes the smaller one.
grep -hv '"type":"country"' "$tmp/gen"/gen-0000.jsonl >"$tmp/big/generated.jsonl"
grep -hv '"type":"country"' "$tmp/gen"/gen-0001.jsonl >"$tmp/big/generated-2.jsonl"
cp "$tmp/gen/source/generated.txt" "$tmp/big/source/"
# Its size on a roomy disk: the full disks below are sized from it.
"$r2p_index" --quiet --corpus "$tmp/big" --db "$tmp/roomy/db" || fail "building the new corpus"
big_kb=$(du -sk "$tmp/roomy/$(readlink "$tmp/roomy/db")" | cut -f1)
largest_kb=$(find "$tmp/roomy/$(readlink "$tmp/roomy/db")" -type f -printf '%s\n' |
  sort -n | tail -n 1)
largest_kb=$((largest_kb / 1024))

if [ -z "$method" ]; then
  if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64m,mode=0755 r2p-disk-full "$fs" 2>/dev/null; then
    method=tmpfs mounted=1
  else
    method="ulimit"
  fi
elif [ "$method" = tmpfs ]; then
  mount -t tmpfs -o size=64m,mode=0755 r2p-disk-full "$fs" || fail "cannot mount a tmpfs"
  mounted=1
fi
echo "disk_full: method $method; the new index takes ${big_kb} KB (largest file ${largest_kb} KB)"

db=$fs/db
"$r2p_index" --quiet --corpus "$corpus" --db "$db" || fail "building the old index"
old=$(readlink "$db")
queries=("--type meeting --limit 0" "Accra" "--country DK" "--sort date --limit 0" "--dossier Denmark")
# save_references: the live index's answers, which a refused run must leave as they are.
save_references() {
  local i=0 q args
  for q in "${queries[@]}"; do
    eval "args=($q)"
    "$r2p_search" --db "$db" --format json "${args[@]}" >"$tmp/ref.$i" || fail "search $q"
    i=$((i + 1))
  done
}
save_references
used_kb=$(du -sk "$fs" | cut -f1)

# expect_refused WHAT PATTERN [r2p-index options...]: runs r2p-index on the big corpus (already
# limited by the caller), expects exit 3 with PATTERN in its message, then the old index whole.
expect_refused() {
  local what=$1 pattern=$2 rc=0 i=0 q args entry
  shift 2
  if [ "$method" = ulimit ]; then
    (
      trap '' XFSZ
      ulimit -f "$limit_kb"
      exec "$r2p_index" --corpus "$tmp/big" --db "$db" "$@"
    ) >"$tmp/out" 2>&1 || rc=$?
  else
    "$r2p_index" --corpus "$tmp/big" --db "$db" "$@" >"$tmp/out" 2>&1 || rc=$?
  fi
  [ "$rc" -eq 3 ] || fail "$what: r2p-index exited $rc, expected 3: $(head -c 400 "$tmp/out")"
  grep -Eq "cannot (build|write|update) the index" "$tmp/out" && grep -q "$pattern" "$tmp/out" ||
    fail "$what: the message does not name the problem ($pattern): $(head -c 400 "$tmp/out")"
  echo "disk_full: $what: $(head -n 1 "$tmp/out")"
  [ "$(readlink "$db")" = "$old" ] || fail "$what: the live link moved to $(readlink "$db")"
  xapian-check "$db" >"$tmp/check" 2>&1 || fail "$what: xapian-check: $(tail -n 3 "$tmp/check")"
  for q in "${queries[@]}"; do
    eval "args=($q)"
    "$r2p_search" --db "$db" --format json "${args[@]}" >"$tmp/got" 2>"$tmp/err" ||
      fail "$what: search $q: $(cat "$tmp/err")"
    cmp -s "$tmp/got" "$tmp/ref.$i" || fail "$what: search $q differs from before"
    i=$((i + 1))
  done
  # What the failed run wrote is gone.
  for entry in "$fs"/.[!.]* "$fs"/*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    case "${entry##*/}" in
      db | .db.lock | "$old" | "$previous" | filler | lost+found) ;;
      *) fail "$what: r2p-index left ${entry##*/} behind" ;;
    esac
  done
}

if [ "$method" = tmpfs ]; then
  pattern="No space left on device"
  # Many points: the disk may fill inside a commit of a part, where Xapian can end the process
  # ("cannot write the index", from r2p-index's terminate handler).
  for share in 10 25 40 50 60 75 90 140; do
    mount -o remount,size=$((used_kb + big_kb * share / 100))k "$fs" || fail "remount"
    expect_refused "room for ${share}% of the new index" "$pattern"
  done
  mount -o remount,size=$((used_kb + big_kb / 2))k "$fs" || fail "remount"
  expect_refused "room for 50% of the new index, 2 shards" "$pattern" --shards 2
  # Not a byte free.
  dd if=/dev/zero of="$fs/filler" bs=64k 2>/dev/null || true
  expect_refused "a full disk" "$pattern"
  rm -f "$fs/filler"
  # With room again, the same build goes through and gives the new index.
  mount -o remount,size=$((used_kb + big_kb * 3))k "$fs" || fail "remount"
else
  pattern="File too large"
  for share in 10 50; do
    limit_kb=$((largest_kb * share / 100 + 1))
    expect_refused "files limited to ${limit_kb} KB" "$pattern"
  done
  limit_kb=$((largest_kb / 4 + 1))
  expect_refused "files limited to ${limit_kb} KB, 2 shards" "$pattern" --shards 2
fi
"$r2p_index" --quiet --corpus "$tmp/big" --db "$db" || fail "the build failed with room again"
xapian-check "$db" >/dev/null || fail "xapian-check on the new index"
expect_same_answers "after the disk had room again" "$db" "$tmp/roomy/db" "${queries[@]}"

# An update, written in place into the live index: with not a byte free it fails when Xapian
# writes its changes (at the latest when it commits), and the index stays at its last revision.
if [ "$method" = tmpfs ]; then
  previous=$(cd "$fs" && compgen -G ".db.v*" | grep -vxF "$(readlink "$db")") || previous=db
  old=$(readlink "$db")
  save_references
  sed -i 's/"title":"/"title":"Revised /' "$tmp/big/generated-2.jsonl"
  dd if=/dev/zero of="$fs/filler" bs=64k 2>/dev/null || true
  expect_refused "an update on a full disk" "$pattern"
  rm -f "$fs/filler"
  out=$("$r2p_index" --corpus "$tmp/big" --db "$db") || fail "the update failed with room again"
  case $out in Updated*) ;; *) fail "the run with room again was not an update: $out" ;; esac
  [ "$(readlink "$db")" = "$old" ] || fail "the update moved the live link (it writes in place)"
  xapian-check "$db" >/dev/null || fail "xapian-check on the updated index"
  "$r2p_index" --quiet --corpus "$tmp/big" --db "$tmp/roomy/db" --rebuild || fail "rebuild"
  expect_same_answers "after the update with room again" "$db" "$tmp/roomy/db" "${queries[@]}"
else
  echo "SKIP: an update on a full disk (needs a tmpfs: a file size limit may not stop an update)"
fi
echo "PASS: disk_full"
