#!/usr/bin/env bash
# r2p-index --watch through the real binaries: while it runs, a file is edited, renamed (keeping
# its id) and deleted, a folder with a file is added, then moved, and a file in the moved folder
# edited; after each step r2p-search must show the change (polled, with a time limit). SIGTERM
# then ends the watch with exit 0, and the index passes xapian-check.
# Usage: watch_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR
set -eu
r2p_index=$1 r2p_search=$2 corpus=$3

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup watch watch

command -v xapian-check >/dev/null || fail "xapian-check not found (apt-get install xapian-tools)"
watcher=""
cli_cleanup() { if [ -n "$watcher" ]; then kill -9 "$watcher" 2>/dev/null || true; fi; }

# The records of the bundled corpus, and one document of our own.
mkdir -p "$tmp/corpus/notes"
cp "$corpus"/*.jsonl "$tmp/corpus/"
printf -- '---\ntitle: Field notes\n---\n\nThe zebrafinch was seen in Accra.\n' \
  >"$tmp/corpus/notes/a.md"

# search ARGS...: r2p-search over the watched index as CSV into $tmp/out, its exit code in $rc.
search() {
  rc=0
  "$r2p_search" --db "$tmp/db" --format csv --no-facets "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# wait_for WHAT TEST...: polls until the command TEST succeeds, for at most 30 s.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 300); do
    if "$@"; then return 0; fi
    kill -0 "$watcher" 2>/dev/null || fail "the watcher ended while waiting for: $what"
    sleep 0.1
  done
  echo "--- watcher output:" >&2
  cat "$tmp/watch.out" "$tmp/watch.err" >&2
  fail "no change within 30 s: $what"
}

# finds QUERY TEXT: the search for QUERY finds a hit whose CSV line holds TEXT.
finds() { search "$1" && [ "$rc" -eq 0 ] && grep -qF -- "$2" "$tmp/out"; }
# finds_nothing QUERY: the search for QUERY finds no hit.
finds_nothing() { search "$1" && [ "$rc" -eq 1 ]; }
# summaries: the one-line summaries printed so far (each starts with the time of day).
summaries() { grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2} ' "$tmp/watch.out" || true; }

"$r2p_index" --corpus "$tmp/corpus" --db "$tmp/db" --watch >"$tmp/watch.out" 2>"$tmp/watch.err" &
watcher=$!
wait_for "the watch to start" grep -q '^Watching ' "$tmp/watch.out"
finds zebrafinch 'doc-notes-a,' || fail "the first run did not index notes/a.md"

printf '\nA second paragraph about the okapi.\n' >>"$tmp/corpus/notes/a.md"
wait_for "the edit" finds okapi 'notes/a.md'

mv "$tmp/corpus/notes/a.md" "$tmp/corpus/notes/b.md"
wait_for "the rename" finds zebrafinch 'notes/b.md'
grep -q '^doc-notes-a,' "$tmp/out" || fail "the renamed document lost its id: $(cat "$tmp/out")"

rm "$tmp/corpus/notes/b.md"
wait_for "the deletion" finds_nothing zebrafinch

mkdir -p "$tmp/corpus/more/deep"
printf 'Quokka sightings\n\nA quokka was seen on Rottnest.\n' >"$tmp/corpus/more/deep/c.txt"
wait_for "the new folder" finds quokka 'more/deep/c.txt'

mv "$tmp/corpus/more" "$tmp/corpus/moved"
wait_for "the moved folder" finds quokka 'moved/deep/c.txt'
# The moved folder is watched where it is now.
printf '\nA wombat too.\n' >>"$tmp/corpus/moved/deep/c.txt"
wait_for "the edit in the moved folder" finds wombat 'moved/deep/c.txt'

# One summary line per update; none failed.
[ "$(summaries)" -ge 6 ] || fail "expected a summary line per update, got: $(cat "$tmp/watch.out")"
[ ! -s "$tmp/watch.err" ] || fail "the watcher reported: $(cat "$tmp/watch.err")"

kill -TERM "$watcher"
status=0
wait "$watcher" || status=$?
watcher=""
[ "$status" -eq 0 ] || fail "SIGTERM ended the watcher with exit $status, expected 0"
xapian-check "$tmp/$(readlink "$tmp/db")" >"$tmp/check" 2>&1 ||
  fail "xapian-check failed after the watch: $(tail -n 3 "$tmp/check")"
echo "watch: edit, rename, delete, new and moved folders followed; stopped cleanly"
