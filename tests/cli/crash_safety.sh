#!/usr/bin/env bash
# Crash safety of r2p-index: rebuilds of a generated corpus are killed with SIGKILL at random
# moments spread over the whole build: each delay is drawn uniformly in [0, build time], the
# build time being that of the last complete build (so the delays follow the machine's speed
# under load). After every kill the live index must open, pass
# xapian-check and give exactly the results of the last complete build (the last build whose
# atomic swap of the live link happened); every complete build must leave at most two version
# directories and no leftovers of the killed runs.
#
# With R2P_CRASH_MODE=update the two corpora are one directory in which a single file (an
# eighth of the records) alternates between two versions, so each run is an incremental update,
# written in place into the live version in one Xapian transaction, rather than a full build.
# The commit is then the commit point: after every kill the index must answer, whole, as before
# the update or as after it (the kill came after the commit), never leave anything beside it, and
# never move the live link. Most of an update's run time is spent with the live database open for
# writing (at 1,000 records, 85% by strace: the rest lists the corpus and reads the changed
# file), so most kills land while the update is written: about 60 of the 70 that CTest asks for.
#
# Usage: crash_safety.sh R2P_INDEX R2P_SEARCH R2P_GEN_CORPUS
# Environment (defaults sized for CI): R2P_CRASH_MODE (rebuild), R2P_CRASH_SEED (20240611),
# R2P_CRASH_KILLS (30),
# R2P_CRASH_RECORDS (records per generated corpus, 300), R2P_CRASH_THREADS (r2p-index
# --threads, 2), R2P_CRASH_COMPLETE_EVERY (every Nth attempt runs to completion, 10).
# Every stage of a build is reached at this size (reading and part building, the merge by
# compaction, the check, the swap, the clean-up), and the kills fall in the same stages as at
# 1,000 records (startup, part building, the merge) for a third of the time (a build takes about
# 1 s on 2 cores); R2P_CRASH_RECORDS=20000 runs the same test on a larger archive (about 30 s a
# build on 2 cores).
set -eu

r2p_index=$1 r2p_search=$2 r2p_gen=$3
seed=${R2P_CRASH_SEED:-20240611}
kills_wanted=${R2P_CRASH_KILLS:-30}
records=${R2P_CRASH_RECORDS:-300}
threads=${R2P_CRASH_THREADS:-2}
complete_every=${R2P_CRASH_COMPLETE_EVERY:-10}
mode=${R2P_CRASH_MODE:-rebuild}

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup crash crash_safety
log=$tmp/attempts.log
: >"$log"

idx=$tmp/idx   # holds only the live link, its lock and version directories
mkdir -p "$idx"
db=$idx/db

cli_cleanup() {
  [ "$cli_status" -ne 0 ] || return 0
  echo "crash_safety: seed $seed, records $records, threads $threads (rerun with R2P_CRASH_SEED=$seed)"
  echo "crash_safety: last attempts (attempt corpus delay_ms exit stage):"
  tail -n 15 "$log" | sed 's/^/  /'
}

command -v xapian-check >/dev/null || fail "xapian-check not found (apt-get install xapian-tools)"
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Two corpora of the same size with different records: a build of one over the other changes
# every result, so a half-swapped or mixed index cannot go unnoticed.
if [ "$mode" = update ]; then
  # One corpus in eight files; version y of the last file retitles every record in it.
  "$r2p_gen" --records "$records" --shard-size $(((records + 7) / 8)) --out "$tmp/corpus" \
    --seed "$seed" >/dev/null || fail "r2p-gen-corpus --records $records --seed $seed"
  changing=$(find "$tmp/corpus" -name 'gen-*.jsonl' | sort | tail -n 1)
  cp "$changing" "$tmp/variant-x"
  sed 's/"title":"/"title":"Revised /' "$changing" >"$tmp/variant-y"
  cmp -s "$tmp/variant-x" "$tmp/variant-y" && fail "the two versions of $changing are the same"
else
  for c in x y; do
    if [ "$c" = x ]; then s=$((seed + 1)); else s=$((seed + 2)); fi
    "$r2p_gen" --records "$records" --out "$tmp/corpus-$c" --seed "$s" >/dev/null ||
      fail "r2p-gen-corpus --records $records --seed $s"
  done
fi

# corpus_dir C: the directory holding corpus C (in update mode, the shared one, set to C).
corpus_dir() {
  if [ "$mode" = update ]; then
    cmp -s "$tmp/variant-$1" "$changing" || cp "$tmp/variant-$1" "$changing"
    echo "$tmp/corpus"
  else
    echo "$tmp/corpus-$1"
  fi
}

# The results compared after every kill: a listing of every meeting, a browse of every record by
# date (its total is the document count), text, phrase and filter queries with facets.
queries=(
  "--type meeting --limit 0"
  "--sort date --limit 25"
  "focal points"
  "\"national focal points\" --limit 5"
  "--country DK --limit 15"
  "--year 2015..2018 --type recommendation --limit 15"
)

# save_results PREFIX: writes the live index's output for every query to PREFIX.N.
save_results() {
  local i=0 q args rc
  for q in "${queries[@]}"; do
    eval "args=($q)"
    rc=0
    "$r2p_search" --db "$db" --format json "${args[@]}" >"$1.$i" 2>"$tmp/err" || rc=$?
    [ "$rc" -le 1 ] && [ ! -s "$tmp/err" ] ||
      fail "r2p-search $q exited $rc after a complete build: $(head -c 300 "$tmp/err")"
    i=$((i + 1))
  done
}

# verify WHAT REF [FIRST FIRST_RC]: the live index opens, passes xapian-check and equals REF (a
# corpus name). FIRST and FIRST_RC, when given, are the output and exit code of the first query,
# already run on this index since the kill (its stderr in $tmp/err).
verify() {
  local what=$1 ref=$2 first=${3:-} i=0 q args rc got
  [ -L "$db" ] || fail "$what: the index link $db is gone"
  xapian-check "$db" >"$tmp/check.log" 2>&1 ||
    fail "$what: xapian-check failed on $(readlink "$db"): $(tail -n 5 "$tmp/check.log")"
  for q in "${queries[@]}"; do
    if [ "$i" -eq 0 ] && [ -n "$first" ]; then
      got=$first rc=$4
    else
      eval "args=($q)"
      got=$tmp/got rc=0
      "$r2p_search" --db "$db" --format json "${args[@]}" >"$got" 2>"$tmp/err" || rc=$?
    fi
    [ "$rc" -le 1 ] || fail "$what: r2p-search $q exited $rc: $(head -c 300 "$tmp/err")"
    cmp -s "$got" "$tmp/ref-$ref.$i" ||
      fail "$what: r2p-search $q differs from the last complete build (corpus $ref)"
    i=$((i + 1))
  done
}

# Complete builds of both corpora: their reference results, and the build time to draw from.
for c in x y; do
  start=$(now_ms)
  out=$("$r2p_index" --threads "$threads" --corpus "$(corpus_dir "$c")" --db "$db") ||
    fail "complete build of corpus $c"
  # In update mode every run after the first must be an update, not a full build.
  if [ "$mode" = update ] && [ "$c" = y ]; then
    case $out in Updated*) ;; *) fail "the run for corpus y was not an update: $out" ;; esac
  fi
  build_ms=$(($(now_ms) - start))
  save_results "$tmp/ref-$c"
  expect_clean_index_dir "$idx" "complete build of corpus $c"
done
cmp -s "$tmp/ref-x.0" "$tmp/ref-y.0" && fail "the two generated corpora give the same meetings"
echo "crash_safety ($mode): $records records per corpus, build time ${build_ms} ms, seed $seed"

RANDOM=$seed
live=y       # the corpus of the last complete build
attempt=0 kills=0 completes=0 max_dirs=0
declare -A stages=()
start_all=$(now_ms)
while [ "$kills" -lt "$kills_wanted" ]; do
  # Said here rather than left to ctest's TIMEOUT (420 s), which would cut the log short.
  [ $(($(now_ms) - start_all)) -lt 360000 ] ||
    fail "too slow: $kills kills in 360 s (build time now $build_ms ms; R2P_CRASH_RECORDS=$records)"
  attempt=$((attempt + 1))
  # Always build the other corpus, so that any trace of the attempt would show.
  if [ "$live" = y ]; then next=x; else next=y; fi
  before=$(readlink "$db")
  if [ $((attempt % complete_every)) -eq 0 ]; then
    start=$(now_ms)
    "$r2p_index" --quiet --threads "$threads" --corpus "$(corpus_dir "$next")" --db "$db" ||
      fail "attempt $attempt: a build after $kills kills failed"
    build_ms=$(($(now_ms) - start))  # the delays follow the machine's current speed
    echo "$attempt $next - 0 complete ${build_ms}ms" >>"$log"
    live=$next completes=$((completes + 1))
    verify "attempt $attempt (complete build)" "$live"
    expect_clean_index_dir "$idx" "attempt $attempt (complete build after kills)"
    continue
  fi
  # SIGKILL after a delay drawn uniformly over the build time; timeout returns at once if the
  # build ends first.
  delay=$(((RANDOM << 15 | RANDOM) % (build_ms + 1)))
  ls -A "$idx" >"$tmp/entries.before"
  start=$(now_ms)
  rc=0
  { timeout -s KILL "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))" \
      "$r2p_index" --quiet --threads "$threads" --corpus "$(corpus_dir "$next")" --db "$db" \
      >"$tmp/index.out" 2>&1; } 2>/dev/null || rc=$?  # (without the shell's "Killed" notice)
  elapsed=$(($(now_ms) - start))
  after=$(readlink "$db")
  # Where the run was when it died, from what it left behind.
  # shellcheck disable=SC2010  # the names are r2p-index's own
  ls -A "$idx" | grep -vxF -f "$tmp/entries.before" >"$tmp/entries.new" || true
  if [ "$after" != "$before" ]; then
    stage="after-swap"
  elif grep -q '^\.db\.link-' "$tmp/entries.new"; then
    stage=swapping
  elif grep -q '\.parts$' "$tmp/entries.new"; then
    if grep -qv '\.parts$' "$tmp/entries.new"; then stage=merge; else stage=parts; fi
  elif [ -s "$tmp/entries.new" ]; then
    stage=finish-check  # syncing the merged index and its document-count check
  else
    stage=startup
  fi
  if [ "$mode" = update ]; then
    [ -s "$tmp/entries.new" ] &&
      fail "attempt $attempt: an update left $(tr '\n' ' ' <"$tmp/entries.new")beside the index"
    [ "$after" = "$before" ] || fail "attempt $attempt: an update moved the live link to $after"
    # Committed or not: the first query tells which (verify then checks it and every other).
    eval "args=(${queries[0]})"
    first_rc=0
    "$r2p_search" --db "$db" --format json "${args[@]}" >"$tmp/first" 2>"$tmp/err" || first_rc=$?
    if cmp -s "$tmp/first" "$tmp/ref-$next.0"; then stage=after-commit; else stage=before-commit; fi
  fi
  case $rc in
    137) kills=$((kills + 1)) ;;
    0) stage=finished completes=$((completes + 1)) build_ms=$elapsed ;;
    *) fail "attempt $attempt: r2p-index exited $rc: $(head -c 300 "$tmp/index.out")" ;;
  esac
  if [ "$mode" = update ] && { [ "$stage" = after-commit ] || [ "$stage" = finished ]; }; then
    live=$next
  fi
  stages[$stage]=$((${stages[$stage]:-0} + 1))
  echo "$attempt $next $delay $rc $stage" >>"$log"
  if [ "$after" != "$before" ]; then
    # The swap is the commit point: the new version is live, and it must be this run's.
    grep -qxF "$after" "$tmp/entries.new" || fail "attempt $attempt: the link moved to $after"
    live=$next
  fi
  dirs=$(compgen -G "$idx/.db.v*" | wc -l)
  [ "$dirs" -gt "$max_dirs" ] && max_dirs=$dirs
  if [ "$mode" = update ]; then
    verify "attempt $attempt (delay ${delay} ms, exit $rc, stage $stage)" "$live" "$tmp/first" \
      "$first_rc"
  else
    verify "attempt $attempt (delay ${delay} ms, exit $rc, stage $stage)" "$live"
  fi
  [ "$rc" -eq 0 ] && expect_clean_index_dir "$idx" "attempt $attempt (finished before the kill)"
done

# The leftovers of the last kills go with the next complete build.
if [ "$live" = y ]; then next=x; else next=y; fi
"$r2p_index" --quiet --threads "$threads" --corpus "$(corpus_dir "$next")" --db "$db" ||
  fail "the final complete build failed"
live=$next
verify "final complete build" "$live"
expect_clean_index_dir "$idx" "final complete build"

summary=""
for s in startup parts merge finish-check swapping after-swap before-commit after-commit finished; do
  summary+=" $s=${stages[$s]:-0}"
done
echo "crash_safety ($mode): $kills kills in $attempt attempts ($completes complete builds) in" \
  "$((($(now_ms) - start_all) / 1000)) s; killed at:$summary; up to $max_dirs build" \
  "directories between complete builds"
echo "PASS: crash_safety"
