#!/usr/bin/env bash
# CLI tests of a user's own documents beside the bundled records, through the real binaries.
# Usage: own_documents_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR MODE
#   meeting   a Markdown report declaring `type: meeting` is the same record as its JSON Lines form
#   empty     an empty document is indexed by its title with a warning; each problem said once
#   json      a .json file (package.json) is passed over with a note, not read as records
#   stub      a stub of remote shards only is told to list the dictionary first
set -eu

r2p_index=$1
r2p_search=$2
corpus=$3
mode=$4

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup own-documents "$mode"

# Runs r2p-index, stdout in $tmp/out, stderr in $tmp/err, the exit code in $rc.
index() {
  rc=0
  "$r2p_index" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# Runs r2p-search the same way.
search() {
  rc=0
  "$r2p_search" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# copy_corpus DIR: the bundled records (not their source page nor the examples) in $tmp/DIR.
copy_corpus() {
  mkdir "$tmp/$1"
  cp "$corpus"/*.jsonl "$tmp/$1/"
}

case "$mode" in
  meeting)
    copy_corpus md
    cat >"$tmp/md/meeting-2016.md" <<'MD'
---
id: meeting-2016
type: meeting
kind: annual
date: 2016-06
venue:
  city: Madrid
  country: Spain
hosts:
  countries: [Spain]
  organisations: []
participation:
  - count: 40
    qualifier: more than
    of: countries
    text: More than forty countries
countries: [Spain, Ghana]
highlights:
  - The sixth meeting was held in Madrid.
---

# Sixth meeting of the Global Network of R2P Focal Points

The sixth meeting was held in Madrid. More than forty countries took part, Ghana among them.
MD
    copy_corpus jsonl
    printf '%s\n' '{"id":"meeting-2016","type":"meeting","kind":"annual","date":"2016-06","venue":{"city":"Madrid","country":"Spain"},"hosts":{"countries":["Spain"],"organisations":[]},"participation":[{"count":40,"qualifier":"more than","of":"countries","text":"More than forty countries"}],"countries":["Spain","Ghana"],"highlights":["The sixth meeting was held in Madrid."],"title":"Sixth meeting of the Global Network of R2P Focal Points","text":["The sixth meeting was held in Madrid. More than forty countries took part, Ghana among them."],"source":{"document":"meeting-2016.md","paragraphs":[]}}' \
      >"$tmp/jsonl/meeting-2016.jsonl"
    # Another document names the meeting by its venue and year, whichever file defines it.
    for c in md jsonl; do
      printf 'A note from Madrid\nMeeting: Madrid 2016\n\nDelegates met in Madrid.\n' \
        >"$tmp/$c/madrid-note.txt"
    done
    index --corpus "$tmp/md" --db "$tmp/md-db"
    [ "$rc" -eq 0 ] || fail "indexing the Markdown meeting exited $rc"
    expect_in out "  meeting: 7"
    index --corpus "$tmp/jsonl" --db "$tmp/jsonl-db"
    [ "$rc" -eq 0 ] || fail "indexing the JSON Lines meeting exited $rc"
    search --db "$tmp/md-db" --dossier meeting-2016
    [ "$rc" -eq 0 ] || fail "--dossier meeting-2016 exited $rc"
    expect_in out "Sixth meeting of the Global Network of R2P Focal Points" "Where: Madrid, Spain" \
      "Participation: More than forty countries" "mentioned  Ghana (GH)" "A note from Madrid"
    search --db "$tmp/md-db" --matrix country,meeting --format csv
    expect_in out "meeting-2016"
    grep -q '^Ghana,GH,.*,co-hosted,mentioned' "$tmp/out" || fail "the matrix lacks Ghana at meeting-2016"
    expect_same_answers "the Markdown meeting and its JSON Lines form" "$tmp/md-db" \
      "$tmp/jsonl-db" "--dossier meeting-2016" "--matrix country,meeting" "Madrid" \
      "--type meeting --year 2016"
    # A field of the wrong kind is reported on its line, as for a JSON record.
    sed -i 's/^  - count: 40$/  - count: forty/' "$tmp/md/meeting-2016.md"
    index --corpus "$tmp/md" --db "$tmp/md-db"
    [ "$rc" -eq 2 ] || fail "a bad Markdown meeting exited $rc, expected 2"
    expect_in err "$tmp/md/meeting-2016.md:12: record 'meeting-2016': participation[0].count:"
    ;;

  empty)
    # An empty file, and one with front matter only, are found by their titles; a warning names
    # each, once. Their problems (a country no one knows) are each said once too.
    copy_corpus c
    : >"$tmp/c/abstract-empty.md"
    printf -- '---\ntitle: Abstract of the Madrid report\n---\n' >"$tmp/c/abstract.md"
    index --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "indexing empty documents exited $rc"
    expect_in out "  document: 2"
    expect_in err \
      "r2p-index: warning: $tmp/c/abstract-empty.md:1: record 'doc-abstract-empty': text: the file has no text; indexed by its title alone" \
      "r2p-index: warning: $tmp/c/abstract.md:1: record 'doc-abstract': text: the file has no text; indexed by its title alone"
    [ "$(wc -l <"$tmp/err")" -eq 2 ] || fail "expected 2 warnings"
    search --db "$tmp/db" --type document "Madrid report"
    [ "$rc" -eq 0 ] || fail "the front-matter-only document is not found by its title"
    expect_in out "Abstract of the Madrid report"
    printf -- '---\ncountries: [Atlantis]\n---\n' >"$tmp/c/abstract.md"
    printf -- '---\ncountries: [Atlantis]\n---\n' >"$tmp/c/other.md"
    index --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 2 ] || fail "unknown countries exited $rc, expected 2"
    expect_in err "$tmp/c/abstract.md:2: record 'doc-abstract': countries[0]: unknown country 'Atlantis'" \
      "$tmp/c/other.md:2: record 'doc-other': countries[0]: unknown country 'Atlantis'" \
      "2 problems in the corpus"
    [ "$(grep -c "$tmp/c/" "$tmp/err")" -eq 2 ] || fail "a problem was reported more than once"
    ;;

  json)
    # A package.json among the documents is passed over with one note; what .r2pignore lists
    # (node_modules/) and hidden folders (.git/) are not even noted.
    copy_corpus c
    printf '{"name": "reports", "version": "1.0.0"}\n' >"$tmp/c/package.json"
    mkdir -p "$tmp/c/node_modules/x" "$tmp/c/.git"
    printf '{"name": "x"}\n' >"$tmp/c/node_modules/x/package.json"
    printf 'Not a report\n\nA dependency.\n' >"$tmp/c/node_modules/x/README.txt"
    printf '{"id": 1}\n' >"$tmp/c/.git/config.jsonl"
    printf 'node_modules/\n' >"$tmp/c/.r2pignore"
    index --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "a corpus with a package.json exited $rc"
    expect_in out "Indexed 58 records"
    expect_in err "r2p-index: warning: $tmp/c/package.json: not read: records are read from .jsonl files only"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "expected one note"
    ;;

  *)
    fail "unknown mode $mode"
    ;;
esac
