#!/usr/bin/env bash
# CLI tests of r2p-search's entity pages (--dossier, --show, --matrix) through the real binaries,
# over the index of the bundled corpus (lib.sh's bundled_index): outputs checked against the
# corpus files (read with json_probe, so no python or jq is needed) and the exit statuses of bad
# requests.
# Usage: entities_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR JSON_PROBE MODE
#   MODE: dossier | meeting | organisation | matrix | errors | show
set -eu

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
export NO_COLOR=1
search_cli_setup entities-cli "$@"

# Runs r2p-search on the test index: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc.
search() {
  rc=0
  "$r2p_search" --db "$db" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}


# The output with every run of whitespace as one space, on one line: wrapped text becomes
# searchable for phrases.
flatten() { tr '\n\r\t' '   ' <"$tmp/out" | tr -s ' ' >"$tmp/flat"; }

# corpus_line FILE ID: the corpus record with that id (one JSON line).
corpus_line() {
  grep -F "\"id\":\"$2\"," "$corpus/$1" || fail "no record '$2' in $1"
}
# corpus_get FILE ID POINTER...: json_probe over one corpus record.
corpus_get() {
  local file=$1 id=$2
  shift 2
  corpus_line "$file" "$id" | "$json_probe" "$@" || fail "json_probe $* on $id"
}

# csv_field TEXT: one CSV field as RFC 4180 quotes it.
csv_field() {
  case "$1" in
    *[,\"]*) printf '"%s"' "${1//\"/\"\"}" ;;
    *) printf '%s' "$1" ;;
  esac
}

# expect_timeline_of WHAT LINE FIELD...: the dossier in $tmp/out has, for each FIELD of its
# timeline, the values of that field in the involvement of the corpus record LINE, in any order
# (kept in $tmp/want_FIELD).
expect_timeline_of() {
  local what=$1 line=$2 field
  shift 2
  for field in "$@"; do
    json "/timeline/*/$field" | sort >"$tmp/got_$field"
    "$json_probe" "/involvement/*/$field" <<<"$line" | sort >"$tmp/want_$field"
    cmp -s "$tmp/got_$field" "$tmp/want_$field" || fail "$what: timeline ${field}s differ"
  done
}

case "$mode" in
  dossier)
    # Every spelling of Denmark gives byte-identical JSON (and text), exit 0.
    spellings=(Denmark Dinamarca DK DNK dnk "丹麦" "Дания")
    for name in "${spellings[@]}"; do
      found --dossier "$name" --format json
      cp "$tmp/out" "$tmp/json_$name"
      cmp -s "$tmp/json_Denmark" "$tmp/json_$name" || fail "--dossier $name JSON differs from Denmark's"
      found --dossier "$name"
      cp "$tmp/out" "$tmp/text_$name"
      cmp -s "$tmp/text_Denmark" "$tmp/text_$name" || fail "--dossier $name text differs from Denmark's"
    done
    cp "$tmp/json_Denmark" "$tmp/out"
    [ "$(json /country/code)" = DK ] || fail "country code is $(json /country/code)"
    [ "$(json /country/alpha3)" = DNK ] || fail "alpha-3 is $(json /country/alpha3)"
    [ "$(json /country/name)" = "$(corpus_get countries.jsonl country-dk /title)" ] ||
      fail "country name is $(json /country/name)"
    [ "$(json /record)" = country-dk ] || fail "record is $(json /record)"
    [ "$(json /status)" = "$(corpus_get countries.jsonl country-dk /status)" ] ||
      fail "status is $(json /status)"
    [ "$(json /status)" = appointed ] || fail "Denmark's status is $(json /status)"
    [ "$(json /status_sentence)" = "$(corpus_get countries.jsonl country-dk /status_source/sentence)" ] ||
      fail "status sentence differs from the corpus"

    # The timeline is the corpus's involvement: roles, dates and sentences in order.
    [ "$(json /timeline)" -eq "$(corpus_get countries.jsonl country-dk /involvement)" ] ||
      fail "timeline has $(json /timeline) entries, the corpus $(corpus_get countries.jsonl country-dk /involvement)"
    for key in role sentence; do
      json "/timeline/*/$key" >"$tmp/got_$key"
      corpus_get countries.jsonl country-dk "/involvement/*/$key" >"$tmp/want_$key"
      cmp -s "$tmp/got_$key" "$tmp/want_$key" || fail "timeline ${key}s differ from the corpus"
    done
    for role in launched-initiative facilitating-group recommendations-input \
      noteworthy-intervention co-host; do
      grep -qx -- "$role" "$tmp/got_role" || fail "Denmark's timeline lacks $role"
    done
    n=$(json /timeline)
    for ((i = 0; i < n; i++)); do
      sentence=$(json "/timeline/$i/sentence")
      [ -n "$sentence" ] || fail "timeline entry $i has no sentence"
      case "$sentence" in *Denmark*) ;; *) fail "timeline sentence $i does not name Denmark" ;; esac
      want_date=$(corpus_get countries.jsonl country-dk "/involvement/$i/date")
      got_date=$(json "/timeline/$i/date")
      [ "$got_date" = "$want_date" ] || fail "timeline entry $i dated $got_date, corpus $want_date"
      want_meeting=$(corpus_get countries.jsonl country-dk "/involvement/$i/meeting")
      if [ "$want_meeting" = null ]; then
        [ "$(json "/timeline/$i/meeting")" = null ] || fail "timeline entry $i has a meeting"
      else
        [ "$(json "/timeline/$i/meeting/id")" = "$want_meeting" ] ||
          fail "timeline entry $i is at $(json "/timeline/$i/meeting/id"), corpus $want_meeting"
      fi
    done
    # The text form quotes every sentence and names the meetings.
    cp "$tmp/text_Denmark" "$tmp/out"
    flatten
    while IFS= read -r sentence; do
      grep -qF -- "$sentence" "$tmp/flat" || fail "dossier text lacks the sentence '$sentence'"
    done <"$tmp/want_sentence"
    expect_in flat "Dinamarca" "DNK" "launch-2010" "meeting-2012" "accra-2013" "appointed"

    # A country the corpus does not name: a dossier with nothing in it, exit 1.
    search --dossier Japan
    expect_rc 1 "--dossier Japan"
    expect_in out "Japan"
    ;;

  meeting)
    found --dossier Accra
    flatten
    corpus_get meetings.jsonl accra-2013 /hosts/countries/* >"$tmp/hosts"
    [ -s "$tmp/hosts" ] || fail "the corpus names no host countries for accra-2013"
    while IFS= read -r host; do expect_in flat "$host"; done <"$tmp/hosts"
    # The countries that announced their intention there, by their corpus records.
    grep -F '"role":"announced-intention","date":"2013-06","meeting":"accra-2013"' \
      "$corpus/countries.jsonl" >"$tmp/announcers" || fail "no country announced at accra-2013"
    while IFS= read -r line; do
      "$json_probe" /title <<<"$line" || fail "cannot read an announcing country"
    done <"$tmp/announcers" >"$tmp/announced"
    [ "$(grep -c . "$tmp/announced")" -eq 3 ] || fail "the corpus has $(grep -c . "$tmp/announced") announcing countries"
    while IFS= read -r country; do expect_in flat "$country"; done <"$tmp/announced"
    kaiptc=$(grep -F '"id":"kaiptc"' "$corpus/aliases.jsonl" | "$json_probe" /name)
    [ "$kaiptc" = "Kofi Annan International Peacekeeping Training Centre" ] ||
      fail "KAIPTC's name in the alias table is '$kaiptc'"
    expect_in flat "$kaiptc"
    corpus_get meetings.jsonl accra-2013 /participation/*/text >"$tmp/figures"
    [ "$(grep -c . "$tmp/figures")" -ge 2 ] || fail "the corpus gives fewer than 2 figures for Accra"
    while IFS= read -r figure; do expect_in flat "$figure"; done <"$tmp/figures"
    expect_in flat "More than thirty-five countries" \
      "first meeting of the Global Network to be held in Africa" \
      "$(corpus_get meetings.jsonl accra-2013 /title)" "Africa › Western Africa"

    # The same page by id (any case) and by words; JSON agrees with the corpus.
    found --dossier Accra --format json
    cp "$tmp/out" "$tmp/accra_json"
    for name in accra-2013 ACCRA-2013 accra; do
      found --dossier "$name" --format json
      cmp -s "$tmp/accra_json" "$tmp/out" || fail "--dossier $name JSON differs from --dossier Accra"
    done
    [ "$(json /meeting/id)" = accra-2013 ] || fail "meeting id is $(json /meeting/id)"
    json '/announcements/*/country/id' | sort >"$tmp/got"
    printf 'BI\nCD\nLR\n' >"$tmp/want"
    cmp -s "$tmp/got" "$tmp/want" || fail "announcements are $(tr '\n' ' ' <"$tmp/got")"
    json '/announcements/*/role' | sort -u >"$tmp/got"
    [ "$(cat "$tmp/got")" = announced-intention ] || fail "announcement roles: $(cat "$tmp/got")"
    json '/venue_regions/*/label' >"$tmp/got"
    printf 'Africa\nWestern Africa\n' >"$tmp/want"
    cmp -s "$tmp/got" "$tmp/want" || fail "venue regions are $(tr '\n' ' ' <"$tmp/got")"

    found --dossier Ljubljana --format json
    [ "$(json /meeting/id)" = ljubljana-2013 ] || fail "--dossier Ljubljana is $(json /meeting/id)"
    ;;

  organisation)
    # The names the issue gives, in text and JSON.
    for spec in "Stanley Foundation=organisation=stanley-foundation" "KAIPTC=organisation=kaiptc" \
      "OSCE=organisation=osce" "Adama Dieng=person=person-adama-dieng" \
      "EU=organisation=eu" "UN=organisation=un" "Dieng=person=person-adama-dieng"; do
      IFS== read -r name kind id <<<"$spec"
      found --dossier "$name" --format json
      [ "$(json /kind)" = "$kind" ] || fail "--dossier '$name' is a $(json /kind) dossier"
      [ "$(json /id)" = "$id" ] || fail "--dossier '$name' is $(json /id), expected $id"
      found --dossier "$name"
      head -n 2 "$tmp/out" | tail -n 1 | grep -qxF -- "$id · $kind" ||
        fail "--dossier '$name' text starts '$(head -n 2 "$tmp/out" | tr '\n' ' ')'"
    done

    # Every organisation record: the same dossier by id, full name and each acronym and other
    # name; its timeline is the record's involvement, each sentence quoted in the text form.
    while IFS= read -r line; do
      id=$("$json_probe" /id <<<"$line")
      alias=$(grep -F "\"kind\":\"organisation\",\"id\":\"$id\"," "$corpus/aliases.jsonl") ||
        fail "no alias-table entry for organisation $id"
      name=$("$json_probe" /name <<<"$alias")
      found --dossier "$id" --format json
      cp "$tmp/out" "$tmp/org.json"
      [ "$(json /kind)" = organisation ] || fail "$id: kind $(json /kind)"
      [ "$(json /name)" = "$name" ] || fail "$id: name $(json /name), alias table '$name'"
      [ "$(json /record)" = "$id" ] || fail "$id: record $(json /record)"
      json '/acronyms/*' >"$tmp/got"
      "$json_probe" '/acronyms/*' <<<"$alias" >"$tmp/want"
      cmp -s "$tmp/got" "$tmp/want" || fail "$id: acronyms $(tr '\n' ' ' <"$tmp/got")"
      expect_timeline_of "$id" "$line" sentence role
      { printf '%s\n' "$name"; "$json_probe" '/acronyms/*' '/variants/*' <<<"$alias"; } >"$tmp/names"
      declare -A tried=()
      while IFS= read -r n; do
        for spelling in "$n" "${n,,}" "${n^^}"; do
          # An acronym in capitals is its own upper case: each spelling is asked once.
          [ -z "${tried[$spelling]:-}" ] || continue
          tried[$spelling]=1
          found --dossier "$spelling" --format json
          cmp -s "$tmp/org.json" "$tmp/out" || fail "--dossier '$spelling' differs from --dossier $id"
        done
      done <"$tmp/names"
      found --dossier "$id"
      flatten
      expect_in flat "$name" "$id · organisation"
      while IFS= read -r sentence; do expect_in flat "\"$sentence\""; done <"$tmp/want_sentence"
    done <"$corpus/organisations.jsonl"

    # Every person record: by id, title, name, name with a courtesy title; who it represents.
    while IFS= read -r line; do
      id=$("$json_probe" /id <<<"$line")
      name=$("$json_probe" /name <<<"$line")
      found --dossier "$id" --format json
      cp "$tmp/out" "$tmp/person.json"
      [ "$(json /kind)" = person ] || fail "$id: kind $(json /kind)"
      [ "$(json /written_name)" = "$name" ] || fail "$id: written name $(json /written_name)"
      [ "$(json /position)" = "$("$json_probe" /position <<<"$line")" ] || fail "$id: position"
      json '/organisations/*/id' >"$tmp/got"
      "$json_probe" '/organisations/*' <<<"$line" >"$tmp/represents"
      cmp -s "$tmp/got" "$tmp/represents" || fail "$id: organisations $(tr '\n' ' ' <"$tmp/got")"
      expect_timeline_of "$id" "$line" sentence
      for spelling in "$("$json_probe" /title <<<"$line")" "$name" "Mr. $name" "${name,,}"; do
        found --dossier "$spelling" --format json
        cmp -s "$tmp/person.json" "$tmp/out" || fail "--dossier '$spelling' differs from --dossier $id"
      done
      # The organisations it represents list it among their people.
      while IFS= read -r org; do
        found --dossier "$org" --format json
        json '/people/*/id' | grep -qxF -- "$id" || fail "$org's people lack $id"
      done <"$tmp/represents"
    done <"$corpus/people.jsonl"

    # Denmark co-hosted Accra with the Global Centre and the KAIPTC (the same sentence).
    search --dossier Denmark --format json
    n=$(json /timeline)
    found=
    for ((i = 0; i < n; i++)); do
      [ "$(json "/timeline/$i/role")" = co-host ] || continue
      json "/timeline/$i/organisations/*/id" >"$tmp/got"
      printf 'global-centre\nkaiptc\n' >"$tmp/want"
      cmp -s "$tmp/got" "$tmp/want" || fail "Denmark's co-host entry is with $(tr '\n' ' ' <"$tmp/got")"
      found=1
    done
    [ -n "$found" ] || fail "Denmark's dossier has no co-host entry"
    search --dossier Denmark
    flatten
    expect_in flat "with Global Centre for the Responsibility to Protect (global-centre); Kofi Annan"

    # Meeting pages name the person records of the people they list.
    search --dossier ljubljana-2013 --format json
    [ "$(json /meeting/people/0/id)" = person-adama-dieng ] ||
      fail "Ljubljana's first person links to '$(json /meeting/people/0/id)'"
    search --dossier ljubljana-2013
    flatten
    expect_in flat "person-adama-dieng"
    ;;

  matrix)
    found --matrix country,meeting --format csv
    cp "$tmp/out" "$tmp/matrix.csv"
    countries=$(grep -c . "$corpus/countries.jsonl")
    meetings=$(grep -c . "$corpus/meetings.jsonl")
    [ "$countries" -eq 39 ] || fail "the corpus has $countries countries"
    [ "$(grep -c $'\r$' "$tmp/matrix.csv")" -eq $((countries + 1)) ] ||
      fail "CSV has $(grep -c $'\r$' "$tmp/matrix.csv") records, expected $((countries + 1))"
    [ "$(wc -l <"$tmp/matrix.csv")" -eq $((countries + 1)) ] || fail "CSV has stray line breaks"
    header=$(head -n 1 "$tmp/matrix.csv" | tr -d '\r')
    [ "$(awk -F, '{ print NF }' <<<"$header")" -eq $((meetings + 2)) ] ||
      fail "CSV header '$header' does not have $((meetings + 2)) fields"
    want_header="country,code"
    # meetings.jsonl is in chronological order, as the columns are.
    while IFS= read -r line; do
      want_header="$want_header,$("$json_probe" /id <<<"$line")"
    done <"$corpus/meetings.jsonl"
    [ "$header" = "$want_header" ] || fail "CSV header is '$header', expected '$want_header'"
    IFS=, read -r -a columns <<<"$header"

    # Every row agrees with the country's dossier: a cell holds the role labels of the timeline
    # entries at that meeting, else "mentioned" when the dossier lists the meeting, else nothing.
    tail -n +2 "$tmp/matrix.csv" | tr -d '\r' >"$tmp/rows"
    cut -d, -f2 "$tmp/rows" | sort >"$tmp/got_codes"
    while IFS= read -r line; do
      "$json_probe" /code <<<"$line"
    done <"$corpus/countries.jsonl" | sort >"$tmp/want_codes"
    cmp -s "$tmp/got_codes" "$tmp/want_codes" || fail "CSV rows are not the corpus's countries"
    while IFS= read -r row; do
      code=$(cut -d, -f2 <<<"$row")
      found --dossier "$code" --format json
      cp "$tmp/out" "$tmp/dossier_$code.json"
      json '/mentioned_in/*/id' >"$tmp/mentioned"
      n=$(json /timeline)
      : >"$tmp/entries"
      for ((i = 0; i < n; i++)); do
        if [ "$(json "/timeline/$i/meeting")" != null ]; then
          printf '%s\t%s\n' "$(json "/timeline/$i/meeting/id")" "$(json "/timeline/$i/role_label")" \
            >>"$tmp/entries"
        fi
      done
      expected=$(csv_field "$(json /country/name)"),$code
      for ((c = 2; c < ${#columns[@]}; c++)); do
        meeting=${columns[$c]}
        cell=$(awk -F'\t' -v m="$meeting" '$1 == m && !seen[$2]++ { print $2 }' "$tmp/entries" |
          paste -sd ';' - | sed 's/;/; /g')
        if [ -z "$cell" ] && grep -qx -- "$meeting" "$tmp/mentioned"; then cell=mentioned; fi
        expected="$expected,$(csv_field "$cell")"
      done
      [ "$row" = "$expected" ] || fail "matrix row '$row' disagrees with the dossier: '$expected'"
    done <"$tmp/rows"
    grep -qF 'Denmark,DK,launched the initiative; facilitating group,' "$tmp/rows" ||
      fail "Denmark's launch cell is not 'launched the initiative; facilitating group'"

    # JSON and text forms of the same matrix.
    found --matrix country,meeting --format json
    [ "$(json /rows)" -eq "$countries" ] || fail "JSON matrix has $(json /rows) rows"
    [ "$(json /columns)" -eq "$meetings" ] || fail "JSON matrix has $(json /columns) columns"
    found --matrix country,meeting
    expect_in out "Denmark"

    # Filters narrow rows (region, status) and columns (year).
    found --matrix country,meeting --format csv --status intention
    tail -n +2 "$tmp/out" | cut -d, -f2 | tr -d '\r' >"$tmp/got"
    printf 'BI\nLR\n' >"$tmp/want"
    cmp -s "$tmp/got" "$tmp/want" || fail "--status intention rows: $(tr '\n' ' ' <"$tmp/got")"
    want_header="country,code"
    while IFS= read -r line; do
      case "$("$json_probe" /date <<<"$line")" in
        2013*) want_header="$want_header,$("$json_probe" /id <<<"$line")" ;;
      esac
    done <"$corpus/meetings.jsonl"
    [ "$(awk -F, '{ print NF }' <<<"$want_header")" -eq 4 ] || fail "the corpus has no two 2013 meetings"
    found --matrix country,meeting --format csv --year 2013
    [ "$(head -n 1 "$tmp/out" | tr -d '\r')" = "$want_header" ] ||
      fail "--year 2013 header is '$(head -n 1 "$tmp/out")', expected '$want_header'"
    found --matrix country,year --format csv --region Europe
    rows=$(($(grep -c $'\r$' "$tmp/out") - 1))
    if [ "$rows" -eq 0 ] || [ "$rows" -ge "$countries" ]; then fail "--region Europe keeps $rows rows"; fi
    tail -n +2 "$tmp/out" | cut -d, -f2 >"$tmp/europe"
    grep -q '^Denmark,DK,' "$tmp/out" || fail "--region Europe dropped Denmark"
    # Kept rows are European, dropped ones are not (by each country's dossier, as read above).
    while IFS= read -r line; do
      code=$("$json_probe" /code <<<"$line")
      cp "$tmp/dossier_$code.json" "$tmp/out" || fail "no dossier of $code read above"
      continent=$(json /continent/label)
      if grep -qx -- "$code" "$tmp/europe"; then
        [ "$continent" = Europe ] || fail "--region Europe kept $code ($continent)"
      else
        [ "$continent" != Europe ] || fail "--region Europe dropped $code"
      fi
    done <"$corpus/countries.jsonl"
    # A year no meeting falls in leaves no meeting columns (rather than all of them).
    search --matrix country,meeting --format csv --year 1990
    [ "$rc" -le 1 ] || fail "--matrix --year 1990 exited $rc"
    [ "$(head -n 1 "$tmp/out" | tr -d '\r')" = "country,code" ] ||
      fail "--year 1990 header is '$(head -n 1 "$tmp/out")'"
    ;;

  errors)
    search --dossier Atlantis
    expect_rc 2 "--dossier Atlantis"
    [ ! -s "$tmp/out" ] || fail "--dossier Atlantis printed to stdout"
    expect_in err "'Atlantis'" "closest countries:" "accra-2013"
    # The names offered are real countries: each has a dossier (exit 0, or 1 when unnamed).
    closest=$(sed -n "s/.*closest countries: \(.*\); meetings.*/\1/p" "$tmp/err")
    [ -n "$closest" ] || fail "no closest countries in '$(cat "$tmp/err")'"
    names=$(tr ',' '\n' <<<"$closest" | sed "s/^ *'//; s/'$//")
    [ "$(grep -c . <<<"$names")" -ge 1 ] || fail "no names in '$closest'"
    while IFS= read -r name; do
      search --dossier "$name" --format json
      [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "closest country '$name' has no dossier (exit $rc)"
      json /country/code >/dev/null
    done <<<"$names"

    # ... and the closest organisations and people, each a name that has a dossier.
    search --dossier Atlantis
    expect_rc 2 "--dossier Atlantis"
    expect_in err "closest organisations and people: "
    entities=$(sed -n "s/.*closest organisations and people: \(.*\)$/\1/p" "$tmp/err")
    [ -n "$entities" ] || fail "no closest organisations or people in '$(cat "$tmp/err")'"
    while IFS= read -r name; do
      found --dossier "$name" --format json
      case "$(json /kind)" in organisation | person) ;; *) fail "'$name' is a $(json /kind)" ;; esac
    done < <(sed "s/', '/\n/g; s/^'//; s/'$//" <<<"$entities")
    usage_error "--dossier 'Stanly Foundaton'" "closest organisations and people: 'Stanley Foundation'" \
      -- --dossier "Stanly Foundaton"

    usage_error "--dossier 'first meeting'" "several meetings" "'meeting-2011'" \
      "'ljubljana-2013'" -- --dossier "first meeting"

    # Names that fit several dossiers, over the corpus with a second Dieng, an organisation
    # sharing the ICC's acronym and one going by Canada's alpha-3 code: exit 2, every candidate.
    cp -r "$corpus" "$tmp/corpus"
    awa='{"id":"person-awa-dieng","type":"person","title":"Awa Dieng","name":"Awa Dieng",'
    awa+='"involvement":[],"text":["Awa Dieng is a second person of that surname."],'
    awa+='"source":{"document":"source/000_c9c0ac7059b5c83d.txt","paragraphs":[19]}}'
    printf '%s\n' "$awa" >>"$tmp/corpus/people.jsonl"
    {
      printf '%s\n' '{"kind":"organisation","id":"icc-commerce","name":"International Chamber of Commerce","acronyms":["ICC"],"variants":[],"paragraph":19}'
      printf '%s\n' '{"kind":"organisation","id":"can-network","name":"Caribbean Accord Network","acronyms":["CAN"],"variants":[],"paragraph":19}'
    } >>"$tmp/corpus/aliases.jsonl"
    "$r2p_index" --corpus "$tmp/corpus" --db "$tmp/db2" --quiet || fail "r2p-index of the ambiguous corpus exited $?"
    usage_args=(--db "$tmp/db2")
    usage_error "--dossier Dieng" "'Dieng' fits several" "person 'person-adama-dieng' (Adama Dieng)" \
      "person 'person-awa-dieng' (Awa Dieng)" -- --dossier Dieng
    usage_error "--dossier ICC" "'ICC' fits several" "organisation 'icc' (International Criminal Court)" \
      "organisation 'icc-commerce' (International Chamber of Commerce)" -- --dossier ICC
    usage_error "--dossier CAN" "'CAN' fits several" "country CA (Canada)" \
      "organisation 'can-network' (Caribbean Accord Network)" -- --dossier CAN
    usage_args=()
    for spec in "Awa Dieng=id=person-awa-dieng" "International Criminal Court=id=icc" \
      "Caribbean Accord Network=id=can-network" "EU=id=eu" "Canada=country/code=CA"; do
      IFS== read -r name key id <<<"$spec"
      search --db "$tmp/db2" --dossier "$name" --format json
      [ "$rc" -le 1 ] || fail "--dossier '$name' on the ambiguous corpus exited $rc"
      [ "$(json "/$key")" = "$id" ] || fail "--dossier '$name' on the ambiguous corpus is '$(json "/$key")'"
    done
    usage_error "--show nosuch" "'nosuch'" "closest ids:" -- --show nosuch
    # The ids offered are real records.
    for id in $(sed -n "s/.*closest ids: \([^;]*\);.*/\1/p" "$tmp/err" | tr -d "',"); do
      grep -qF "\"id\":\"$id\"," "$corpus"/*.jsonl || fail "closest id '$id' is no corpus record"
    done
    usage_error "--show acra-2013" "closest ids: 'accra-2013'" -- --show acra-2013
    usage_error "--show accra-2013 --format csv" "csv" -- --show accra-2013 --format csv
    usage_error "--dossier Denmark --format csv" "csv" -- --dossier Denmark --format csv
    usage_error "--matrix foo" "'foo'" "country,meeting" "country,year" -- --matrix foo
    usage_error "--matrix country,meeting --country DK" "--country" -- \
      --matrix country,meeting --country DK
    usage_error "--dossier x --show y" "only one of" -- --dossier x --show y
    usage_error "--dossier Denmark --matrix country,year" "only one of" -- \
      --dossier Denmark --matrix country,year
    usage_error "--dossier Denmark Accra" "no query words" -- --dossier Denmark Accra
    usage_error "--dossier accra-2013 --format xml" "xml" -- --dossier accra-2013 --format xml
    # A usage error is found before the index is needed; a missing index is exit 3.
    rc=0
    "$r2p_search" --db "$tmp/nowhere" --dossier x --show y >"$tmp/out" 2>"$tmp/err" || rc=$?
    expect_rc 2 "--dossier x --show y without an index"
    rc=0
    "$r2p_search" --db "$tmp/nowhere" --dossier Denmark >"$tmp/out" 2>"$tmp/err" || rc=$?
    expect_rc 3 "--dossier Denmark without an index"
    ;;

  show)
    found --show accra-2013
    title=$(corpus_get meetings.jsonl accra-2013 /title)
    head -n 1 "$tmp/out" | grep -qxF -- "$title" || fail "--show accra-2013 starts '$(head -n 1 "$tmp/out")'"
    flatten
    expect_in flat "accra-2013" "Kofi Annan International Peacekeeping Training Centre"
    corpus_get meetings.jsonl accra-2013 '/text/*' >"$tmp/paragraphs"
    while IFS= read -r paragraph; do expect_in flat "$paragraph"; done <"$tmp/paragraphs"

    # Ids in any case (regression: --show took them case-sensitively, unlike --dossier).
    found --show ACCRA-2013 --format json
    [ "$(json /id)" = accra-2013 ] || fail "--show ACCRA-2013 gives id $(json /id)"

    # Every record has a page, in text and JSON, whose id and title are the corpus's.
    for file in meetings.jsonl recommendations.jsonl countries.jsonl; do
      while IFS= read -r line; do
        id=$("$json_probe" /id <<<"$line")
        title=$("$json_probe" /title <<<"$line")
        found --show "$id" --format json
        [ "$(json /id)" = "$id" ] || fail "--show $id gives id $(json /id)"
        [ "$(json /title)" = "$title" ] || fail "--show $id gives title $(json /title)"
        found --show "$id"
        expect_in out "$id"
      done <"$corpus/$file"
    done
    ;;

  *)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASS: $mode"
