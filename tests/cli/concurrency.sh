#!/usr/bin/env bash
# Concurrency of r2p-index and r2p-search.
#
#   swap:    several r2p-search processes search in a loop while the index is rebuilt and swapped
#            again and again, alternating two corpora A (the bundled corpus) and B (A plus
#            generated records) and a single database with 2 shards. Every search must return a
#            complete answer from either index: byte-identical to the reference output of A or
#            of B, never an error, never a mix.
#   flip:    the same searches while the live link is switched between the two versions as fast
#            as the shell can (each switch a new symbolic link renamed over the old one, as
#            r2p-index swaps): every search must still come from one version, whole. This
#            hits the moment a reader opens the index during a swap far more often than real
#            rebuilds do (a reader that followed the link once per file mixed versions).
#   update:  the same searches while the index is updated in place again and again: one corpus
#            directory (the bundled corpus and generated records in eight files) in which one
#            file alternates between two versions A and B (B retitles its records), so every
#            run is an incremental update committed into the live database. Every search must
#            return a complete answer equal to a clean build of A or of B: a reader sees the
#            revision before a commit or the one after it, never an error, never a mix.
#   writers: a second r2p-index started while one is writing the index exits 3 with "another
#            r2p-index is writing this index" and changes nothing; the first completes normally.
#
# Usage: concurrency.sh R2P_INDEX R2P_SEARCH R2P_GEN_CORPUS CORPUS_DIR swap|flip|update|writers
# Environment: R2P_CONCURRENCY_SEED (7), R2P_CONCURRENCY_SEARCHERS (3),
# R2P_CONCURRENCY_SEARCHES (minimum total searches, 1200), R2P_CONCURRENCY_REBUILDS (minimum
# rebuilds, or updates, 6), R2P_CONCURRENCY_FLIP_SEARCHES (flip: minimum total searches, 600).
set -eu

r2p_index=$1 r2p_search=$2 r2p_gen=$3 corpus=$4 mode=$5
seed=${R2P_CONCURRENCY_SEED:-7}
searchers=${R2P_CONCURRENCY_SEARCHERS:-3}
min_searches=${R2P_CONCURRENCY_SEARCHES:-1200}
min_rebuilds=${R2P_CONCURRENCY_REBUILDS:-6}
min_flip_searches=${R2P_CONCURRENCY_FLIP_SEARCHES:-600}

pids=()     # background searchers
flipper=   # the link switcher of mode flip
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup concurrency "concurrency $mode"

idx=$tmp/idx
mkdir -p "$idx"
db=$idx/db
cli_cleanup() {
  for pid in "${pids[@]}" $flipper; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $flipper; do wait "$pid" 2>/dev/null || true; done
  if [ "$cli_status" -ne 0 ]; then echo "concurrency: mode $mode, seed $seed"; fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

command -v xapian-check >/dev/null || fail "xapian-check not found (apt-get install xapian-tools)"

# make_corpus_b DIR RECORDS: the bundled corpus plus RECORDS generated meetings and
# recommendations (generated country records would duplicate the bundled ones).
make_corpus_b() {
  cp -R "$corpus" "$1"
  "$r2p_gen" --records "$2" --out "$tmp/gen" --seed "$seed" >/dev/null ||
    fail "r2p-gen-corpus --records $2 --seed $seed"
  grep -hv '"type":"country"' "$tmp/gen"/gen-*.jsonl >"$1/generated.jsonl"
  cp "$tmp/gen/source/generated.txt" "$1/source/"
  rm -rf "$tmp/gen"
}

# The searches of modes swap and flip, and their reference output from clean indexes of A and B.
queries=(
  "--type meeting --limit 0"
  "Accra"
  "focal points --limit 20"
  "--country DK"
  "--sort date --limit 5"
  "--year 2013..2016 --facets year,type"
  "--dossier Denmark"
  "--matrix country,meeting"
)
make_references() {
  make_corpus_b "$tmp/corpus-b" 300
  cp -R "$corpus" "$tmp/corpus-a"
  # References: each query's output (and exit code) from a complete, quiet index of A and B.
  for c in a b; do save_references "$tmp/corpus-$c" "$c"; done
  expect_references_differ
}

# save_references CORPUS_DIR C: builds a clean index of CORPUS_DIR and keeps each query's output
# as the reference of version C.
save_references() {
  local c=$2 i=0 q args
  "$r2p_index" --quiet --corpus "$1" --db "$tmp/ref-db-$c" ||
    fail "building the reference index of version $c"
  for q in "${queries[@]}"; do
    eval "args=($q)"
    "$r2p_search" --db "$tmp/ref-db-$c" --format json "${args[@]}" >"$tmp/ref-$c.$i" \
      2>"$tmp/err" || fail "reference search $q on version $c: $(cat "$tmp/err")"
    i=$((i + 1))
  done
}

# expect_references_differ: every query tells A from B.
expect_references_differ() {
  local i=0 q
  for q in "${queries[@]}"; do
    cmp -s "$tmp/ref-a.$i" "$tmp/ref-b.$i" && fail "versions A and B give the same output for $q"
    i=$((i + 1))
  done
}

# The corpus of mode update, in $tmp/live-corpus, and the references of its versions A and B from
# clean builds (queries whose answers differ between them: the first meetings and
# recommendations by date, the retitled records, the latest records).
make_update_references() {
  local f
  cp -R "$corpus" "$tmp/live-corpus"
  "$r2p_gen" --records 1200 --shard-size 150 --out "$tmp/gen" --seed "$seed" >/dev/null ||
    fail "r2p-gen-corpus --records 1200 --seed $seed"
  for f in "$tmp/gen"/gen-*.jsonl; do
    grep -hv '"type":"country"' "$f" >"$tmp/live-corpus/${f##*/}"
  done
  cp "$tmp/gen/source/generated.txt" "$tmp/live-corpus/source/"
  changing=$(find "$tmp/live-corpus" -name 'gen-*.jsonl' | sort | tail -n 1)
  cp "$changing" "$tmp/variant-a"
  sed 's/"title":"/"title":"Revised /' "$changing" >"$tmp/variant-b"
  queries=(
    "--type meeting --sort date --limit 40"
    "revised --limit 20 --facets year,type"
    "--type recommendation --sort date --limit 40"
    "--sort -date --limit 30 --facets year,type,country"
  )
  for c in a b; do
    cp "$tmp/variant-$c" "$changing"
    save_references "$tmp/live-corpus" "$c"
  done
  expect_references_differ
}

# searcher N: searches until $tmp/stop exists, one line per search in $tmp/searcher-N.log:
# "A" or "B" for the index that answered, or "FAIL: ..." with the evidence kept.
searcher() {
  local n=$1 k=0 q i rc args
  while [ ! -e "$tmp/stop" ]; do
    i=$(((k + n) % ${#queries[@]}))
    q=${queries[$i]}
    eval "args=($q)"
    rc=0
    "$r2p_search" --db "$db" --format json "${args[@]}" >"$tmp/out-$n" 2>"$tmp/err-$n" || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$tmp/err-$n" ]; then
      cp "$tmp/err-$n" "$tmp/failed-$n-$k.err"
      echo "FAIL: searcher $n search $k ($q) exited $rc: $(head -c 300 "$tmp/err-$n")"
    elif cmp -s "$tmp/out-$n" "$tmp/ref-a.$i"; then
      echo A
    elif cmp -s "$tmp/out-$n" "$tmp/ref-b.$i"; then
      echo B
    else
      cp "$tmp/out-$n" "$tmp/failed-$n-$k.json"
      echo "FAIL: searcher $n search $k ($q) matches neither index A nor B"
    fi
    k=$((k + 1))
  done >"$tmp/searcher-$n.log"
}

# start_searchers: runs the searchers in the background.
start_searchers() {
  local n
  for n in $(seq 1 "$searchers"); do
    searcher "$n" &
    pids+=($!)
  done
}

# stop_searchers WHAT: stops them and checks every answer came whole from A or B.
stop_searchers() {
  local pid total failures
  touch "$tmp/stop"
  for pid in "${pids[@]}"; do wait "$pid" || fail "a searcher exited $?"; done
  pids=()
  cat "$tmp"/searcher-*.log >"$tmp/all.log"
  total=$(grep -c . "$tmp/all.log" || true)
  failures=$(grep -c '^FAIL' "$tmp/all.log" || true)
  from_a=$(grep -cx A "$tmp/all.log" || true)
  from_b=$(grep -cx B "$tmp/all.log" || true)
  echo "concurrency: $total searches by $searchers processes $1: $from_a from A, $from_b from B," \
    "$failures failures"
  if [ "$failures" -ne 0 ]; then
    grep '^FAIL' "$tmp/all.log" | head -n 10
    fail "$failures of $total searches failed $1"
  fi
  [ "$from_a" -gt 0 ] && [ "$from_b" -gt 0 ] || fail "the searches did not see both indexes"
}

searches_done() { cat "$tmp"/searcher-*.log 2>/dev/null | wc -l; }

case "$mode" in
  swap)
    make_references
    "$r2p_index" --quiet --corpus "$tmp/corpus-a" --db "$db" || fail "first build of A"
    start_searchers

    # Rebuild and swap, alternating B, A, ... and a single database, 2 shards, until the
    # searchers have done their share (at most 150 s).
    start=$(now_ms)
    rebuilds=0
    while :; do
      total=$(searches_done)
      if [ "$rebuilds" -ge "$min_rebuilds" ] && [ "$total" -ge "$min_searches" ]; then break; fi
      [ $(($(now_ms) - start)) -lt 150000 ] ||
        fail "only $total searches and $rebuilds rebuilds in 150 s"
      if [ $((rebuilds % 2)) -eq 0 ]; then c=b; else c=a; fi
      shards=()
      [ $((rebuilds / 2 % 2)) -eq 1 ] && shards=(--shards 2)
      "$r2p_index" --quiet --corpus "$tmp/corpus-$c" --db "$db" "${shards[@]}" ||
        fail "rebuild $((rebuilds + 1)) (corpus $c ${shards[*]}) failed"
      rebuilds=$((rebuilds + 1))
      expect_clean_index_dir "$idx" "rebuild $rebuilds"
      sleep 0.3  # B builds slower than A: give each version some time live
    done
    stop_searchers "during $rebuilds rebuilds in $((($(now_ms) - start) / 1000)) s"
    # A sharded version is a stub listing databases: each is checked.
    if [ -f "$db/XAPIANDB" ]; then set -- "$db"/shard-* "$db/dictionary"; else set -- "$db"; fi
    for part in "$@"; do
      xapian-check "$part" >"$tmp/check" 2>&1 ||
        fail "xapian-check failed on the final index ($part): $(tail -n 3 "$tmp/check")"
    done
    ;;

  flip)
    make_references
    "$r2p_index" --quiet --corpus "$tmp/corpus-a" --db "$db" || fail "build of A"
    version_a=$(readlink "$db")
    "$r2p_index" --quiet --corpus "$tmp/corpus-b" --db "$db" || fail "build of B"
    version_b=$(readlink "$db")
    # The switcher runs flat out in the background; it counts its switches in $tmp/flips.
    (
      n=0
      while [ ! -e "$tmp/stop" ]; do
        ln -sfn "$version_a" "$idx/.db.flip" && mv -T "$idx/.db.flip" "$db"
        ln -sfn "$version_b" "$idx/.db.flip" && mv -T "$idx/.db.flip" "$db"
        n=$((n + 2))
        [ $((n % 100)) -eq 0 ] && echo "$n" >"$tmp/flips"
      done
      echo "$n" >"$tmp/flips"
    ) &
    flipper=$!
    start_searchers
    start=$(now_ms)
    while [ "$(searches_done)" -lt "$min_flip_searches" ]; do
      [ $(($(now_ms) - start)) -lt 120000 ] || fail "only $(searches_done) searches in 120 s"
      sleep 0.2
    done
    touch "$tmp/stop"
    wait "$flipper" || fail "the link switcher failed"
    flipper=
    flips=$(cat "$tmp/flips")
    stop_searchers "during $flips link switches in $((($(now_ms) - start) / 1000)) s"
    ;;

  update)
    make_update_references
    cp "$tmp/variant-a" "$changing"
    "$r2p_index" --quiet --corpus "$tmp/live-corpus" --db "$db" || fail "first build of A"
    version=$(readlink "$db")
    start_searchers
    start=$(now_ms)
    updates=0
    while :; do
      total=$(searches_done)
      if [ "$updates" -ge "$min_rebuilds" ] && [ "$total" -ge "$min_searches" ]; then break; fi
      [ $(($(now_ms) - start)) -lt 150000 ] ||
        fail "only $total searches and $updates updates in 150 s"
      if [ $((updates % 2)) -eq 0 ]; then c=b; else c=a; fi
      cp "$tmp/variant-$c" "$changing"
      out=$("$r2p_index" --corpus "$tmp/live-corpus" --db "$db") ||
        fail "update $((updates + 1)) (version $c) failed"
      case $out in Updated*) ;; *) fail "run $((updates + 1)) was not an update: $out" ;; esac
      [ "$(readlink "$db")" = "$version" ] || fail "an update moved the live link"
      updates=$((updates + 1))
      expect_clean_index_dir "$idx" "update $updates"
      sleep 0.3
    done
    stop_searchers "during $updates updates in place in $((($(now_ms) - start) / 1000)) s"
    xapian-check "$db" >"$tmp/check" 2>&1 ||
      fail "xapian-check failed on the updated index: $(tail -n 3 "$tmp/check")"
    ;;

  writers)
    # A build long enough to start other writers while it runs (about 2 s on 2 cores; a refused
    # writer exits within a tenth of that).
    make_corpus_b "$tmp/corpus-b" 600
    "$r2p_index" --quiet --corpus "$corpus" --db "$db" || fail "first build"
    before=$(readlink "$db")
    "$r2p_index" --quiet --corpus "$tmp/corpus-b" --db "$db" >"$tmp/first.out" 2>&1 &
    first=$!
    pids+=("$first")
    # It holds the lock once its build directory exists.
    for _ in $(seq 1 300); do
      compgen -G "$idx/.db.v*-$first*" >/dev/null && break
      kill -0 "$first" 2>/dev/null || fail "the first r2p-index ended early: $(cat "$tmp/first.out")"
      sleep 0.02
    done
    compgen -G "$idx/.db.v*-$first*" >/dev/null || fail "the first r2p-index made no build directory"
    refused=0
    owner=$first owner_corpus=$tmp/corpus-b  # whose build must be live at the end
    for variant in 1 2 3; do
      case $variant in
        1) second=(--corpus "$corpus") ;;
        2) second=(--corpus "$tmp/corpus-b" --shards 2) ;;
        3) second=(--corpus "$corpus" --threads 1) ;;
      esac
      kill -0 "$first" 2>/dev/null || break
      "$r2p_index" "${second[@]}" --db "$db" >"$tmp/second.out" 2>&1 &
      second_pid=$!
      rc=0
      wait "$second_pid" || rc=$?
      out=$(cat "$tmp/second.out")
      if ! kill -0 "$first" 2>/dev/null; then
        # The first finished meanwhile: the second may then have taken the lock and built.
        [ "$rc" -eq 0 ] && owner=$second_pid owner_corpus=${second[1]}
        break
      fi
      [ "$rc" -eq 3 ] || fail "a second r2p-index (${second[*]}) exited $rc, expected 3: $out"
      case "$out" in
        *"another r2p-index is writing this index"*) ;;
        *) fail "a second r2p-index did not say another one is writing: $out" ;;
      esac
      [ "$(readlink "$db")" = "$before" ] || fail "a refused r2p-index moved the index link"
      compgen -G "$idx/.db.v*-$second_pid*" >/dev/null &&
        fail "a refused r2p-index left a build directory"
      refused=$((refused + 1))
    done
    [ "$refused" -ge 1 ] || fail "the first r2p-index finished before a second one could start"
    rc=0
    wait "$first" || rc=$?
    pids=()
    [ "$rc" -eq 0 ] || fail "the first r2p-index exited $rc: $(cat "$tmp/first.out")"
    case "$(readlink "$db")" in
      .db.v*-"$owner") ;;
      *) fail "the live index is $(readlink "$db"), not the build of process $owner" ;;
    esac
    expect_clean_index_dir "$idx" "after the first r2p-index"
    xapian-check "$db" >/dev/null || fail "xapian-check failed after concurrent writers"
    "$r2p_index" --quiet --corpus "$owner_corpus" --db "$tmp/ref-db" || fail "reference build"
    expect_same_answers "after concurrent writers (the reference is a clean build)" "$db" \
      "$tmp/ref-db" "--type meeting --limit 0" "Accra" "--country DK"
    echo "concurrency: $refused second r2p-index runs refused while the first was writing"
    ;;

  *)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASS: concurrency $mode"
