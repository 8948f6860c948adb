#!/usr/bin/env bash
# CLI tests of r2p-search through the real binaries, over the index of the bundled corpus (lib.sh's
# bundled_index): exit statuses (0 hits, 1 none, 2 bad usage, 3 bad index), the messages on
# stderr, --help, and that the JSON and CSV outputs agree with each other.
# Usage: search_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR JSON_PROBE MODE
#   MODE: hits | usage | index | help | formats
set -eu

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
search_cli_setup search-cli "$@"

# Runs r2p-search: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc.
search() {
  rc=0
  "$r2p_search" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}
usage_args=(--db "$db")

case "$mode" in
  hits)
    search --db "$db" Accra
    expect_rc 0 "Accra"
    expect_in out "Third meeting of the Global Network of R2P Focal Points, Accra"
    search --db "$db" --format json Accra
    expect_rc 0 "--format json Accra"
    [ "$(json /hits/0/id)" = accra-2013 ] || fail "Accra's first hit is $(json /hits/0/id)"
    [ "$(json /total)" -gt 0 ] || fail "Accra has total $(json /total)"
    # The index from R2P_DB when --db is not given.
    rc=0
    R2P_DB=$db "$r2p_search" --format json Accra >"$tmp/out" 2>"$tmp/err" || rc=$?
    expect_rc 0 "R2P_DB=... Accra"
    [ "$(json /hits/0/id)" = accra-2013 ] || fail "R2P_DB: first hit is $(json /hits/0/id)"
    # Filters alone browse.
    search --db "$db" --type country --format json --limit 0
    expect_rc 0 "--type country"
    countries=$(grep -c . "$corpus/countries.jsonl")
    [ "$(json /total)" -eq "$countries" ] || fail "--type country total $(json /total), expected $countries"

    # No hits: exit 1, and the JSON is still printed.
    for args in "zzzzqqqxx" "--year 1990" "Accra --type recommendation --meeting launch-2010"; do
      # shellcheck disable=SC2086  # split the argument list on purpose
      search --db "$db" --format json $args
      expect_rc 1 "$args"
      expect_in out '"total": 0' '"hits": []'
      [ "$(json /total)" -eq 0 ] || fail "$args: total is $(json /total)"
    done
    search --db "$db" zzzzqqqxx
    expect_rc 1 "zzzzqqqxx (text)"
    [ -s "$tmp/out" ] || fail "no hits in text format printed nothing"
    ;;

  usage)
    usage_error "--country Atlantis" "'Atlantis'" "ISO 3166" "closest known" -- --country Atlantis
    usage_error "--year abc" "'abc'" "2011..2013" -- --year abc
    usage_error "--year 2014..2012" "2014..2012" "2012..2014" -- --year 2014..2012
    usage_error "--region Atlantis" "'Atlantis'" "M.49" "closest known" -- --region Atlantis
    usage_error "--meeting acra-2013" "'acra-2013'" "closest known: 'accra-2013'" -- \
      --meeting acra-2013
    usage_error "--type meetings" "'meetings'" "closest known: 'meeting'" -- --type meetings
    usage_error "--status x" "'x'" "appointed" "intention" -- --status x
    usage_error "--format xml" "xml" "text" "json" "csv" -- --format xml Accra
    usage_error "--sort nonsense" "nonsense" "relevance" "-date" -- --sort nonsense Accra
    usage_error "--facets foo" "'foo'" "'year'" -- --facets foo Accra
    usage_error "an unknown option" "--no-such-option" -- --no-such-option Accra
    usage_error "--limit abc" "abc" -- --limit abc Accra
    usage_error "--limit -3" "-3" -- --limit=-3 Accra
    usage_error "--offset -1" "-1" -- --offset=-1 Accra
    usage_error "country:Atlantis in the query" "Atlantis" "closest known" -- "country:Atlantis"
    usage_error "year:abc in the query" "abc" "2011..2013" -- "Accra year:abc"
    usage_error "a query of invalid UTF-8" "UTF-8" -- "$(printf 'Accra \377')"
    # Issue 20: empty entity modes, out-of-range counts quoted as typed, query cost limits.
    usage_error "--show ''" "--show needs a record id" -- --show ''
    usage_error "--dossier ''" "--dossier needs a country, meeting, organisation or person" -- --dossier ''
    usage_error "--matrix ''" "--matrix needs country,meeting or country,year" -- --matrix ''
    usage_error "--limit 99999999999999999999" "99999999999999999999 is out of range" \
      "from 0 to 10000" -- --limit 99999999999999999999 Accra
    usage_error "--offset 99999999999999999999" "99999999999999999999" "from 0 to 4294967295" -- \
      --offset 99999999999999999999 Accra
    usage_error "--facet-limit 99999999999999999999" "99999999999999999999" -- \
      --facet-limit 99999999999999999999 Accra
    usage_error "333 wildcards" "333 wildcards" "the limit is 50" -- \
      "$(printf 'a* %.0s' $(seq 333))"
    usage_error "a 65-word phrase" "65 words in phrases" "the limit is 64" -- \
      "\"$(printf 'network %.0s' $(seq 65))\""
    ;;

  index)
    # No index at --db.
    search --db "$tmp/nowhere" Accra
    expect_rc 3 "--db with no index"
    expect_in err "$tmp/nowhere" "r2p-index"
    # A directory that is not a Xapian database.
    mkdir "$tmp/empty"
    search --db "$tmp/empty" Accra
    expect_rc 3 "--db on an empty directory"
    expect_in err "$tmp/empty" "r2p-index"
    # An index of another schema version: a copy of the real one with its version changed.
    command -v xapian-metadata >/dev/null || fail "xapian-metadata (Debian package xapian-tools) is missing"
    cp -rL "$db" "$tmp/old"
    search --db "$tmp/old" Accra
    expect_rc 0 "a copy of the index"
    version=$(xapian-metadata get "$tmp/old" r2p:schema-version)
    [ -n "$version" ] || fail "the index stores no r2p:schema-version"
    xapian-metadata set "$tmp/old" r2p:schema-version 999
    search --db "$tmp/old" Accra
    expect_rc 3 "an index of schema version 999"
    expect_in err "schema version 999" "needs $version" "r2p-index --db $tmp/old"
    # Schema 6 and before stored the version under r2p:schema_version: still named.
    xapian-metadata set "$tmp/old" r2p:schema-version ""
    xapian-metadata set "$tmp/old" r2p:schema_version 6
    search --db "$tmp/old" Accra
    expect_rc 3 "an index of schema version 6"
    expect_in err "schema version 6" "needs $version" "r2p-index --db $tmp/old"
    [ ! -s "$tmp/out" ] || fail "an index error printed to stdout"
    # The index error comes before option values are checked against the index.
    search --db "$tmp/nowhere" --country Atlantis
    expect_rc 3 "--country Atlantis with no index"
    # --serve runs r2p-search-web from beside r2p-search (or ../libexec/r2p-kb/): a copy of
    # r2p-search alone names the program it misses and where it looked, and exits 3.
    mkdir "$tmp/alone"
    cp "$r2p_search" "$tmp/alone/r2p-search"
    rc=0
    "$tmp/alone/r2p-search" --db "$db" --serve --port 0 >"$tmp/out" 2>"$tmp/err" || rc=$?
    expect_rc 3 "--serve without r2p-search-web"
    expect_in err "r2p-search-web" "$tmp/alone/r2p-search-web" "libexec/r2p-kb/r2p-search-web"
    # A second server on a port already served is refused (exit 3), never a shared port.
    "$r2p_search" --db "$db" --serve --port 0 >"$tmp/first" 2>&1 &
    first=$!
    port=""
    for _ in $(seq 100); do
      port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/first" | head -1 | cut -d: -f2)
      [ -n "$port" ] && break
      sleep 0.1
    done
    [ -n "$port" ] || { kill "$first"; fail "the first server printed no URL"; }
    search --db "$db" --serve --port "$port"
    kill "$first"
    wait "$first" || true
    expect_rc 3 "--serve on a port already served"
    expect_in err "port $port" "in use"
    ;;

  help)
    search --help
    expect_rc 0 "--help"
    for option in --db --type --year --region --meeting --country --status --sort --limit \
      --offset --facets --no-facets --format; do
      expect_in out "$option"
    done
    expect_in out "Examples" "r2p-search Accra" "Exit status"
    ;;

  formats)
    search --db "$db" --format json --limit 0 R2P
    expect_rc 0 "--format json --limit 0 R2P"
    total=$(json /total)
    [ "$total" -gt 1 ] || fail "R2P has total $total"
    [ "$(json /hits)" -eq "$total" ] || fail "--limit 0 shows $(json /hits) of $total hits"
    json '/hits/*/id' >"$tmp/json_ids"
    [ "$(json /facets)" -eq 7 ] || fail "JSON has $(json /facets) facets, expected 7"

    search --db "$db" --format csv --limit 0 R2P
    expect_rc 0 "--format csv --limit 0 R2P"
    header=$(head -n 1 "$tmp/out")
    [ "$header" = $'id,type,title,date,year,region,meeting,countries,organisations,score,snippet,source\r' ] ||
      fail "CSV header is '$header'"
    # Records end in CRLF; a quoted snippet may hold bare LFs.
    rows=$(grep -c $'\r$' "$tmp/out")
    [ "$rows" -eq $((total + 1)) ] || fail "CSV has $rows records (header included), JSON total $total"
    awk 'BEGIN { RS = "\r\n"; FS = "," } NR > 1 && $0 != "" { print $1 }' "$tmp/out" >"$tmp/csv_ids"
    cmp -s "$tmp/json_ids" "$tmp/csv_ids" || fail "CSV ids differ from JSON ids"

    # Browsing with filters, in CSV: one row per country record.
    search --db "$db" --type country --format csv --limit 0
    expect_rc 0 "--type country --format csv --limit 0"
    countries=$(grep -c . "$corpus/countries.jsonl")
    rows=$(grep -c $'\r$' "$tmp/out")
    [ "$rows" -eq $((countries + 1)) ] || fail "--type country CSV has $rows rows, expected $((countries + 1))"

    # Organisations: --organisation by acronym or name, organisation: in the query, their facet
    # and CSV column; the OSCE attended the Ljubljana meeting.
    search --db "$db" --format json --organisation OSCE --type meeting
    expect_rc 0 "--organisation OSCE --type meeting"
    [ "$(json '/hits/*/id')" = "ljubljana-2013" ] || fail "--organisation OSCE --type meeting: $(json '/hits/*/id')"
    search --db "$db" --format json 'organisation:"Stanley Foundation"' --type organisation
    expect_rc 0 "organisation:\"Stanley Foundation\""
    [ "$(json '/hits/*/id')" = "stanley-foundation" ] || fail "organisation:\"Stanley Foundation\": $(json '/hits/*/id')"
    search --db "$db" --format csv --organisation kaiptc --type organisation
    expect_rc 0 "--organisation kaiptc --format csv"
    grep -q '^kaiptc,organisation,.*,kaiptc,' "$tmp/out" || fail "the CSV row of kaiptc lacks its organisations column"
    search --db "$db" --organisation 'Global Centre' --facets organisation
    expect_rc 0 "--organisation 'Global Centre' --facets organisation"
    expect_in out "Global Centre for the Responsibility to Protect"
    usage_error "--organisation R2P" "unknown organisation 'R2P'" -- --organisation R2P

    # Paging: --offset 1 --limit 1 shows the second hit.
    search --db "$db" --format json --offset 1 --limit 1 R2P
    [ "$(json /hits/0/id)" = "$(sed -n 2p "$tmp/json_ids")" ] || fail "--offset 1 does not show the second hit"
    [ "$(json /total)" -eq "$total" ] || fail "--offset changed the total"

    # Facet selection.
    search --db "$db" --format json --no-facets R2P
    [ "$(json /facets)" -eq 0 ] || fail "--no-facets still counts facets"
    search --db "$db" --format json --facets year,type R2P
    [ "$(json /facets)" -eq 2 ] || fail "--facets year,type gives $(json /facets) facets"
    json /facets/year >/dev/null
    json /facets/type >/dev/null

    # Notes and exactness in JSON (issue 20): NEAR between wildcards is explained, and the
    # wildcards still find records.
    search --db "$db" --format json -- "netw* NEAR/30 meet*"
    expect_rc 0 "netw* NEAR/30 meet*"
    expect_in out '"exact": true' "NEAR and ADJ take whole words"
    search --db "$db" -- "netw* NEAR/30 meet*"
    expect_in out "Note: NEAR and ADJ take whole words"
    # 50 wildcards: each stands for its 20 most frequent words, said in a note.
    search --db "$db" --format json -- "$(printf 's* %.0s' $(seq 50))"
    expect_rc 0 "50 wildcards"
    expect_in out "each searched for its 20 most frequent words"
    # CSV with --limit 0 is exported page by page: every hit, the same rows as JSON's total.
    search --db "$db" --format json --limit 1 R2P
    r2p_total=$(json /total)
    search --db "$db" --format csv --limit 0 R2P
    expect_rc 0 "--format csv --limit 0 R2P"
    ids=$(grep -cE '^[a-z0-9_-]+,(meeting|recommendation|country|document|organisation|person),' "$tmp/out")
    [ "$ids" -eq "$r2p_total" ] || fail "CSV export has $ids hits, JSON total is $r2p_total"

    # Text: the hit count and the first title.
    search --db "$db" Accra
    expect_in out "Third meeting of the Global Network of R2P Focal Points, Accra"
    ;;

  *)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASS: $mode"
