#!/usr/bin/env bash
# bench/quality end to end on tests/fixtures/trec (8 documents, 4 judged queries): one table with
# the three engines' rows, the peers' figures exactly as scored by hand (README.md there), hits
# mapped back to the collection's ids (uppercase, '/', '.', '_'), and a query r2p-search refuses
# counted rather than fatal.
# Usage: quality_cli.sh BENCH_QUALITY BUILD_DIR FIXTURE_DIR
set -euo pipefail
quality=$1
build=$2
fixture=$3
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
cli_setup quality bench-quality

rc=0
"$quality" --no-build --build "$build" --collection "$fixture" --work "$tmp/work" \
  >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 0 ] || fail "bench/quality exited $rc"

expect_in out "trec (7 documents): 4 judged queries, 5 relevant judgements" \
  "| run | nDCG@10 | MAP@100 | P@10 | R@100 | zero-hit queries |"
# The peers answer every query in the file: 101-103 perfectly, 104 (judged, no query) not at all.
number='[0-9]\.[0-9]{3}'
for row in 'raw Xapian \(BM25, any word\)' 'SQLite FTS5 \(bm25\(\), any word\)'; do
  if [ "$row" = 'SQLite FTS5 \(bm25\(\), any word\)' ] && [ ! -x "$build/bench/r2p-peer-sqlite" ]; then
    continue
  fi
  grep -qE "^\| $row \| 0\.750 \| 0\.750 \| 0\.125 \| 0\.750 \| 1 \|$" "$tmp/out" ||
    fail "no row '$row' with 0.750 | 0.750 | 0.125 | 0.750 | 1"
done
# r2p-search's figures follow its ranking; whatever they are, the row is there and whole.
grep -qE "^\| r2p-search \| $number \| $number \| $number \| $number \| [0-9]+ \|$" "$tmp/out" ||
  fail "no r2p-search row with four figures and a count"
[ "$(grep -c '^| ' "$tmp/out")" -eq 5 ] || fail "expected a header, a rule and 3 rows"

expect_in err "1 of the documents have no text at all and are left out"
# Both single-document answers, mapped back from r2p's record ids to the collection's ids.
expect_in work/r2p-search.run "101 Q0 FT911-3 1 " "102 Q0 la/2 1 "
grep -q ' Q0 trec-' "$tmp/work/r2p-search.run" && fail "a record id left in the run"
# Query 103 is 1,049 bytes: r2p-search either answers it or refuses it (exit 2), which is noted.
if ! grep -q '^103 ' "$tmp/work/r2p-search.run"; then
  expect_in out "r2p-search refused 1 of the queries (exit 2), counted as zero-hit queries."
fi

# A collection without its files is a usage error.
rc=0
"$quality" --no-build --build "$build" --collection "$tmp" >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || fail "a collection without docs.jsonl: exit $rc, expected 2"
expect_in err "docs.jsonl not found"
echo "bench/quality test passed"
