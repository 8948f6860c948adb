#!/usr/bin/env bash
# Sharded search: a single index, the same corpus as 2 local shards, and those shards served by
# two xapian-tcpsrv on loopback must give byte-identical results (hits, order, facet counts).
# A sharded index updated in place after the corpus changed must answer like a single index built
# afresh from the changed corpus, locally and through xapian-tcpsrv (each shard's facet table
# follows its documents). With R2P_GEN_CORPUS, the same over a generated corpus large enough for a record dictionary
# (records stored compressed; the dictionary lives in the local dictionary database).
# Usage: shards_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR [R2P_GEN_CORPUS]
set -eu
index=$1 search=$2 corpus=$3 gen=${4:-}

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup shards shards_equal_single

pids=()
# xapian-tcpsrv may not stop on SIGTERM while it serves a connection: end it for sure.
cli_cleanup() { stop_servers; }
stop_servers() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# Serve database $1 with xapian-tcpsrv on a free loopback port, listed in stub $2.
serve() {
  local shard=$1 stub=$2 port pid
  for attempt in $(seq 1 20); do
    port=$((20000 + (RANDOM % 20000)))
    xapian-tcpsrv --port "$port" --interface 127.0.0.1 "$shard" >"$tmp/tcpsrv-$port.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        pids+=("$pid")
        echo "remote 127.0.0.1:$port" >>"$stub"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
  done
  fail "could not start xapian-tcpsrv for $shard"
}
# Builds CORPUS as one index and as SHARDS shards, serves the shards, and compares QUERIES (the
# remaining arguments) over the three, and over the single index served by xapian-tcpsrv. Remote
# shards count facets with the tables they store; the single index stores none, and is counted
# with Xapian's stock spies.
compare() {
  local corpus=$1 name=$2 shards=$3
  shift 3
  local queries=("$@") q db shard
  rm -rf "$tmp/single" "$tmp/sharded"
  "$index" --quiet --corpus "$corpus" --db "$tmp/single" || fail "$name: single index build"
  "$index" --quiet --corpus "$corpus" --db "$tmp/sharded" --shards "$shards" ||
    fail "$name: sharded build"
  if [ -n "${change:-}" ]; then
    # The sharded index is updated after the change; the single index is built after it.
    "$change" "$corpus"
    out=$("$index" --corpus "$corpus" --db "$tmp/sharded" --shards "$shards") ||
      fail "$name: update of the sharded index"
    case $out in Updated*) ;; *) fail "$name: the sharded index was not updated: $out" ;; esac
    rm -rf "$tmp/single"
    "$index" --quiet --corpus "$corpus" --db "$tmp/single" || fail "$name: single index build"
  fi
  [ -f "$tmp/sharded/XAPIANDB" ] || fail "$name: no stub file in the sharded index"
  # The dictionary (metadata, synonyms, spelling) stays local and comes first.
  echo "auto $tmp/sharded/dictionary" >"$tmp/remote.stub"
  for shard in "$tmp/sharded"/shard-*; do serve "$shard" "$tmp/remote.stub"; done
  # The single index served whole stores no facet table (and the server no spelling or synonyms:
  # the sharded build's dictionary, the same data, stays local).
  echo "auto $tmp/sharded/dictionary" >"$tmp/remote-single.stub"
  serve "$tmp/single" "$tmp/remote-single.stub"
  for q in "${queries[@]}"; do
    eval "args=($q)"
    "$search" --db "$tmp/single" --format json "${args[@]}" >"$tmp/expected.json" || true
    [ -s "$tmp/expected.json" ] || fail "$name: no output from the single index for: $q"
    for db in "$tmp/sharded" "$tmp/remote.stub" "$tmp/remote-single.stub"; do
      "$search" --db "$db" --format json "${args[@]}" >"$tmp/got.json" 2>"$tmp/err" || true
      cmp -s "$tmp/expected.json" "$tmp/got.json" ||
        fail "$name: $(basename "$db") differs from the single index for: $q ($(head -c 300 "$tmp/err"))"
    done
  done
  # A stub of remote shards alone lacks the dictionary, which holds the index's metadata.
  grep '^remote' "$tmp/remote.stub" >"$tmp/remote-only.stub"
  rc=0
  "$search" --db "$tmp/remote-only.stub" Accra >/dev/null 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 3 ] || fail "$name: a stub of remote shards only exited $rc, expected 3"
  grep -qF "add a line \`auto DIR/dictionary\` before its remote lines" "$tmp/err" ||
    fail "$name: a stub of remote shards only is not told to add the dictionary"
  stop_servers
  echo "$name, $shards shards: sharded and remote results (and the single index served) equal" \
    "the single index for" \
    "${#queries[@]} queries"
}

compare "$corpus" "bundled corpus" 2 \
  "Accra" "Ljubliana" "ICC" "Dinamarca" "\"Adama Dieng\"" "meeting" "focal point" \
  "--sort date" "--sort -date meeting" "--type country --limit 0" "--country DK --limit 2" \
  "--region Europe --offset 3 --limit 5" "--year 2011..2012" "year:2013 network" \
  "--dossier Denmark" "--dossier Accra" "--show country-gh" "--matrix country,meeting"

# change_corpus DIR: every recommendation retitled, a document removed and one added.
change_corpus() {
  sed -i 's/"title":"/"title":"Revised /' "$1/recommendations.jsonl"
  rm "$1/examples/focal-point-recommendations.txt"
  printf 'A note from Accra\n\nThe network met in Accra, Ghana, in June 2013.\n' >"$1/accra-note.txt"
}
cp -R "$corpus" "$tmp/changing"
change=change_corpus compare "$tmp/changing" "bundled corpus updated in place" 2 \
  "Accra" "revised" "--sort date" "--type recommendation --limit 0" "--country GH" \
  "--region Europe --offset 3 --limit 5" "--year 2011..2013" "--dossier Ghana" \
  "--matrix country,meeting"

if [ -z "$gen" ]; then
  echo "SKIP: generated corpus (no r2p-gen-corpus: configured with R2P_BUILD_BENCH=OFF)"
else
  "$gen" --records 1200 --out "$tmp/generated" >/dev/null || fail "r2p-gen-corpus"
  compare "$tmp/generated" "generated corpus" 2 \
    "network" "\"focal points\" --limit 20" "--sort -date r2p" "--type meeting --limit 0" \
    "--region Africa --offset 5 --limit 5" "--year 2015..2018 protection" \
    "--show $(head -c 200 "$tmp/generated/gen-0000.jsonl" | sed 's/^{"id":"\([^"]*\)".*/\1/')"
  # The seed page's words alone: every record holds the common words, so hits and snippet
  # windows tie often, and a tie must fall the same way in every layout (3 shards too).
  "$gen" --records 1200 --out "$tmp/generated" --dictionary "$tmp/no-word-list" 2>/dev/null \
    >/dev/null || fail "r2p-gen-corpus --dictionary (none)"
  compare "$tmp/generated" "generated corpus, seed words only" 3 \
    "focal points --limit 20" "meeting and --limit 20" "with points --limit 20" \
    "\"focal points\" --limit 20" "countries states network --limit 20"
  # The records really are stored compressed (not as plain JSON), in the shards too.
  for db in "$tmp/single" "$tmp/sharded/shard-01"; do
    if xapian-delve -r 1 -VR2 "$db" | sed -n 1p | grep -q '^Value 2 for record #1: {'; then
      fail "generated corpus: $db stores its records uncompressed"
    fi
  done
fi
