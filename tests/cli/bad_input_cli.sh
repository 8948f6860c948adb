#!/usr/bin/env bash
# Bad input through the real programs: each class of bad corpus input (a fixture corpus made in a
# temp dir) and of bad query or option, with the exit status and the exact line on stderr.
# The same classes are checked message by message through the library in tests/test_bad_input.cc.
# Usage: bad_input_cli.sh R2P_INDEX R2P_SEARCH CORPUS_DIR MODE   (MODE: corpus | query)
set -eu

r2p_index=$1
r2p_search=$2
bundled=$3
mode=$4

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup bad-input-cli "$mode"
chmod 755 "$tmp"

checked=0

# expect_line WHAT LINE: LINE is a whole line of stderr (the first one after the program name).
expect_line() {
  grep -qxF -- "$2" "$tmp/err" || fail "$1: stderr lacks the line: $2"
}

# ---- corpus ------------------------------------------------------------------------------

c=$tmp/corpus
db=$tmp/db
A='{"id":"accra-2013","type":"meeting","kind":"annual","title":"Meeting in Accra","date":"2013-06-11","text":["The meeting was held in Accra, Ghana."],"source":{"document":"source/page.txt","paragraphs":[16]}}'
L='{"id":"ljubljana-2013","type":"meeting","kind":"regional","title":"Meeting in Ljubljana","date":"2013-04-10","text":["The meeting was held in Ljubljana."],"source":{"document":"source/page.txt","paragraphs":[15]}}'

new_corpus() {
  rm -rf "$c" "$db"
  mkdir "$c"
}

# The meeting A with SED-EXPRESSION applied, as one line.
a_with() { printf '%s\n' "$A" | sed "$1"; }

# index_rejects WHAT LINE: r2p-index exits 2, prints LINE (with $c for the corpus) and writes
# nothing.
index_rejects() {
  local rc=0
  "$r2p_index" --corpus "$c" --db "$db" --quiet >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$1: r2p-index exited $rc, expected 2"
  sed -i '1s/^r2p-index: //' "$tmp/err"
  expect_line "$1" "$2"
  grep -q "nothing was indexed" "$tmp/err" || [ "${3:-}" = usage ] || fail "$1: no summary line"
  [ ! -e "$db" ] || fail "$1: an index was written"
  checked=$((checked + 1))
}

# index_accepts WHAT QUERY: r2p-index exits 0, and r2p-search finds QUERY (exit 0).
index_accepts() {
  local rc=0
  "$r2p_index" --corpus "$c" --db "$db" --quiet >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "$1: r2p-index exited $rc, expected 0"
  "$r2p_search" --db "$db" -- "$2" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "$1: searching '$2' exited $rc, expected 0"
  checked=$((checked + 1))
}

corpus_classes() {
  new_corpus
  printf '%s\n' "${A:0:40}" >"$c/m.jsonl"
  index_rejects "truncated JSON" "$c/m.jsonl:1: malformed JSON: syntax error while parsing object key - invalid string: missing closing quote; last read: '\"kin'; expected string literal"

  new_corpus
  printf '[1, 2]\n' >"$c/m.jsonl"
  index_rejects "a list for a record" "$c/m.jsonl:1: expected a JSON object (one record), found a list"

  new_corpus
  a_with 's/"title":"Meeting in Accra"/"title":5/' >"$c/m.jsonl"
  index_rejects "a number for a string" "$c/m.jsonl:1: record 'accra-2013': title: expected a string, found a number"

  new_corpus
  a_with 's/"text":\[\([^]]*\)\]/"text":\1/' >"$c/m.jsonl"
  index_rejects "a string for a list" "$c/m.jsonl:1: record 'accra-2013': text: expected a list of strings, found a string"

  new_corpus
  a_with 's/}$/,"countries":["Ghana",1]}/' >"$c/m.jsonl"
  index_rejects "a number in a list of strings" "$c/m.jsonl:1: record 'accra-2013': countries[1]: expected a string, found a number"

  new_corpus
  a_with 's/"title":"Meeting in Accra"/"title":null/' >"$c/m.jsonl"
  index_rejects "null for a required value" "$c/m.jsonl:1: record 'accra-2013': title: missing; this field is required"

  new_corpus
  a_with 's/,"source":{[^}]*}//' >"$c/m.jsonl"
  index_rejects "a required field left out" "$c/m.jsonl:1: record 'accra-2013': source: missing; this field is required"

  new_corpus
  a_with 's/"title":"Meeting in Accra"/"title":""/' >"$c/m.jsonl"
  index_rejects "an empty required string" "$c/m.jsonl:1: record 'accra-2013': title: must not be empty"

  new_corpus
  a_with 's/"paragraphs":\[16\]/"paragraphs":[1.5]/' >"$c/m.jsonl"
  index_rejects "a fraction for an integer" "$c/m.jsonl:1: record 'accra-2013': source.paragraphs[0]: expected an integer, found a number"

  new_corpus
  a_with 's/"paragraphs":\[16\]/"paragraphs":[99999999999]/' >"$c/m.jsonl"
  index_rejects "an integer out of range" "$c/m.jsonl:1: record 'accra-2013': source.paragraphs[0]: 99999999999 is out of range; write a whole number below 2147483648"

  new_corpus
  a_with "s/\"title\":\"Meeting in Accra\"/\"title\":\"$(printf 'x%.0s' $(seq 1001))\"/" >"$c/m.jsonl"
  index_rejects "a title over 1,000 characters" "$c/m.jsonl:1: record 'accra-2013': title: is 1001 characters long; the limit is 1000: shorten it"

  new_corpus
  head -c 100001 /dev/zero | tr '\0' x >"$tmp/long"
  a_with "s/\"text\":\[[^]]*\]/\"text\":[\"$(cat "$tmp/long")\"]/" >"$c/m.jsonl"
  index_rejects "a paragraph over 100,000 bytes" "$c/m.jsonl:1: record 'accra-2013': text[0]: is 100001 bytes long; the limit is 100000 bytes per paragraph: split it into several paragraphs"

  new_corpus
  { printf '%s\n' "$A"; printf '{"id":"big","text":"'; head -c 1048576 /dev/zero | tr '\0' x; printf '"}\n'; printf '%s\n' "$L"; } >"$c/m.jsonl"
  index_rejects "a record over 1 MiB" "$c/m.jsonl:2: the line is over 1048576 bytes long; a record may be at most 1048576 bytes (1 MiB): shorten its text (the rest of the file was not read)"

  new_corpus
  { printf '%s' "${A%\}}"; printf ',"extra":'; printf '[%.0s' $(seq 20000); printf '1'; printf ']%.0s' $(seq 20000); printf '}\n'; } >"$c/m.jsonl"
  index_rejects "deep nesting" "$c/m.jsonl:1: record 'accra-2013': extra: unknown field; did you mean 'text'?"

  new_corpus
  printf '\377\376{\0"\0' >"$c/m.jsonl"
  index_rejects "a UTF-16 file" "$c/m.jsonl:1: invalid UTF-8 at byte 1 of the line; save the file as UTF-8"

  new_corpus
  printf '{"id":"accra-2013","title":"Acc\200ra"}\n' >"$c/m.jsonl"
  index_rejects "a stray continuation byte" "$c/m.jsonl:1: invalid UTF-8 at byte 32 of the line; save the file as UTF-8"

  new_corpus
  printf '{"id":"accra-2013","title":"a\300\257"}\n' >"$c/m.jsonl"
  index_rejects "an overlong encoding" "$c/m.jsonl:1: invalid UTF-8 at byte 30 of the line; save the file as UTF-8"

  new_corpus
  printf '{"id":"accra-2013","title":"\355\240\200"}\n' >"$c/m.jsonl"
  index_rejects "an encoded surrogate" "$c/m.jsonl:1: invalid UTF-8 at byte 29 of the line; save the file as UTF-8"

  new_corpus
  printf '{"id":"accra-2013","title":"a\0b"}\n' >"$c/m.jsonl"
  index_rejects "a raw NUL byte" "$c/m.jsonl:1: malformed JSON: syntax error while parsing value - invalid string: control character U+0000 (NUL) must be escaped to \\u0000; last read: '\"a<U+0000>'"

  new_corpus
  a_with 's/"title":"Meeting in Accra"/"title":"Acc\\u0000ra"/' >"$c/m.jsonl"
  index_rejects "an escaped NUL" "$c/m.jsonl:1: record 'accra-2013': title: contains the control character U+0000 at byte 4; remove it (a text field holds one line, without tabs)"

  new_corpus
  a_with 's/"text":\["The meeting/"text":["\\u001b[31mThe meeting/' >"$c/m.jsonl"
  index_rejects "an escape sequence" "$c/m.jsonl:1: record 'accra-2013': text[0]: contains the control character U+001B at byte 1; remove it (a text field holds one line, without tabs)"

  new_corpus
  a_with 's/}$/,"titel":"Accra"}/' >"$c/m.jsonl"
  index_rejects "an unknown field" "$c/m.jsonl:1: record 'accra-2013': titel: unknown field; did you mean 'title'?"

  new_corpus
  a_with 's/}$/,"venue":{"cty":"Accra","country":"Ghana"}}/' >"$c/m.jsonl"
  index_rejects "an unknown nested field" "$c/m.jsonl:1: record 'accra-2013': venue.cty: unknown field; did you mean 'city'?"

  new_corpus
  printf '%s\n' "$A" >"$c/a.jsonl"
  printf '%s\n%s\n' "$L" "$A" >"$c/b.jsonl"
  index_rejects "the same id in two files" "$c/b.jsonl:2: record 'accra-2013': id: duplicate id; it is already used at $c/a.jsonl:1"

  new_corpus
  a_with 's/}$/,"meetings":["nowhere-2099"]}/' >"$c/m.jsonl"
  index_rejects "a dangling meeting id" "$c/m.jsonl:1: record 'accra-2013': meetings[0]: no meeting record defines the id 'nowhere-2099'"

  # Before: exit 3, "InvalidArgumentError: Term too long (> 245): XMaaa…".
  new_corpus
  a_with "s/}\$/,\"meetings\":[\"$(printf 'a%.0s' $(seq 300))\"]}/" >"$c/m.jsonl"
  index_rejects "a meeting id over Xapian's term limit" "$c/m.jsonl:1: record 'accra-2013': meetings[0]: '$(printf 'a%.0s' $(seq 60))…' is not a valid meeting id; use the id of a meeting record (at most 200 lowercase letters, digits, '-' and '_')"

  new_corpus
  a_with 's/"id":"accra-2013"/"id":"Accra 2013"/' >"$c/m.jsonl"
  index_rejects "an id with capitals and spaces" "$c/m.jsonl:1: id: 'Accra 2013' is not a valid id; use at most 200 lowercase letters, digits, '-' and '_'"

  new_corpus
  printf '%s%s\n' "$A" "$L" >"$c/m.jsonl"
  index_rejects "two records on one line" "$c/m.jsonl:1: malformed JSON: syntax error while parsing value - unexpected '{'; expected end of input"

  # Unreadable: as root, run as nobody (who can still read the binaries and enter $tmp).
  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  chmod 000 "$c/m.jsonl"
  if [ "$(id -u)" = 0 ]; then
    mkdir -m 777 "$tmp/nobody"
    rc=0
    setpriv --reuid=65534 --regid=65534 --clear-groups "$r2p_index" --corpus "$c" \
      --db "$tmp/nobody/db" --quiet >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ ! -e "$tmp/nobody/db" ] || fail "an unreadable file: an index was written"
    [ "$rc" -eq 2 ] || fail "an unreadable file: r2p-index exited $rc, expected 2"
    sed -i '1s/^r2p-index: //' "$tmp/err"
    expect_line "an unreadable file" "$c/m.jsonl: cannot be read; check that it is readable"
    checked=$((checked + 1))
  else
    index_rejects "an unreadable file" "$c/m.jsonl: cannot be read; check that it is readable"
  fi

  # Before: exit 3, "filesystem error: status: Too many levels of symbolic links".
  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  ln -s loop.jsonl "$c/loop.jsonl"
  index_rejects "a symbolic link loop" "$c/loop.jsonl: is a symbolic link that cannot be followed (Too many levels of symbolic links); fix or remove it"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  ln -s gone.jsonl "$c/link.jsonl"
  index_rejects "a broken symbolic link" "$c/link.jsonl: is a symbolic link that cannot be followed (No such file or directory); fix or remove it"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  mkfifo "$c/pipe.jsonl"
  index_rejects "a pipe" "$c/pipe.jsonl: is not a regular file (a pipe, socket or device); remove it or replace it with a file"

  # Issue 20: .r2pignore is read only as a regular file, with a size limit (a pipe hung r2p-index,
  # a link to /dev/urandom grew its memory without bound).
  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  mkfifo "$c/.r2pignore"
  index_rejects "a pipe for .r2pignore" "$c/.r2pignore: is not a regular file (a pipe, socket or device); remove it or replace it with a file" usage

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  ln -s /dev/urandom "$c/.r2pignore"
  index_rejects "a link to a device for .r2pignore" "$c/.r2pignore: is a symbolic link to /dev/urandom, outside the corpus directories; it is not followed: make it a file of patterns, or pass --follow-links to read what it leads to" usage

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  head -c 65537 /dev/zero | tr '\0' '#' >"$c/.r2pignore"
  index_rejects "a .r2pignore over 64 KiB" "$c/.r2pignore: is over 65536 bytes long; an ignore file may be at most 65536 bytes (64 KiB): shorten it" usage

  # Lines are read up to the limit and no further: a 2 GB file without a line end (sparse: no
  # disk) stops at once (was: 4.2 GB and 37 s), with a document present (was: read line by line
  # whole, to find the meetings).
  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  printf -- '---\ntitle: Note\n---\nAbout Accra.\n' >"$c/note.md"
  truncate -s 2G "$c/sparse.jsonl"
  index_rejects "a 2 GB line" "$c/sparse.jsonl:1: the line is over 1048576 bytes long; a record may be at most 1048576 bytes (1 MiB): shorten its text (the rest of the file was not read)"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$tmp/rss" "$r2p_index" --corpus "$c" --db "$db" --quiet >/dev/null 2>&1 || true
    [ "$(tail -n 1 "$tmp/rss")" -lt 204800 ] || fail "a 2 GB line: r2p-index took $(tail -n 1 "$tmp/rss") KB"
  fi

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  { printf '{"kind":"term","id":"x","name":"'; head -c 2097152 /dev/zero | tr '\0' x; printf '"}\n'; } >"$c/aliases.jsonl"
  index_rejects "an alias line over 1 MiB" "$c/aliases.jsonl:1: the line is over 1048576 bytes long; a record may be at most 1048576 bytes (1 MiB): shorten its text (the rest of the file was not read)"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  truncate -s 1G "$c/aliases.jsonl"
  index_rejects "an alias table over 16 MiB" "$c/aliases.jsonl: the alias table is 1073741824 bytes long; it may be at most 16777216 bytes (16 MiB): shorten it"

  # The trust boundary: links out of the corpus, to a file or a folder, are refused alike (was:
  # /etc/passwd indexed and shown; a folder skipped silently), or followed with --follow-links.
  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  ln -s /etc/passwd "$c/passwd.txt"
  index_rejects "a link to a file outside the corpus" "$c/passwd.txt: is a symbolic link to /etc/passwd, outside the corpus directories; it is not followed: remove it, list it in .r2pignore, or pass --follow-links to read what it leads to"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  mkdir -p "$tmp/elsewhere"
  printf '%s\n' "$L" >"$tmp/elsewhere/l.jsonl"
  ln -s "$tmp/elsewhere" "$c/more"
  index_rejects "a link to a folder outside the corpus" "$c/more: is a symbolic link to $tmp/elsewhere, outside the corpus directories; it is not followed: remove it, list it in .r2pignore, or pass --follow-links to read what it leads to"
  rc=0
  "$r2p_index" --corpus "$c" --db "$db" --quiet --follow-links >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "--follow-links: r2p-index exited $rc"
  "$r2p_search" --db "$db" -- Ljubljana >"$tmp/out" 2>"$tmp/err" || fail "--follow-links: Ljubljana not found"
  checked=$((checked + 1))
  rm -rf "$db"

  # Links inside the corpus are followed, a loop through a folder ends.
  new_corpus
  mkdir "$c/sub"
  printf '%s\n' "$A" >"$c/sub/m.jsonl"
  ln -s sub "$c/again"
  ln -s .. "$c/sub/up"
  index_accepts "links inside the corpus, one in a loop" Accra

  if [ "$(id -u)" = 0 ]; then
    mkdir -p -m 777 "$tmp/nobody"
    # index_as_nobody_rejects WHAT LINE: r2p-index run as nobody on $c exits 2 with LINE.
    index_as_nobody_rejects() {
      local rc=0
      setpriv --reuid=65534 --regid=65534 --clear-groups "$r2p_index" --corpus "$c" \
        --db "$tmp/nobody/db" --quiet >"$tmp/out" 2>"$tmp/err" || rc=$?
      [ "$rc" -eq 2 ] || fail "$1: r2p-index exited $rc, expected 2"
      sed -i '1s/^r2p-index: //' "$tmp/err"
      expect_line "$1" "$2"
    }
    # An unreadable .r2pignore is an error (was: dropped silently, and what it lists indexed).
    new_corpus
    printf '%s\n' "$A" >"$c/m.jsonl"
    printf 'm.jsonl\n' >"$c/.r2pignore"
    chmod 000 "$c/.r2pignore"
    index_as_nobody_rejects "an unreadable .r2pignore" "$c/.r2pignore: cannot be read (Permission denied); check that it exists and is readable (without it, the files it lists would be indexed)"
    # An unreadable folder is named (was: "cannot list corpus directory" and the root's name).
    new_corpus
    printf '%s\n' "$A" >"$c/m.jsonl"
    mkdir "$c/sub"
    chmod 000 "$c/sub"
    index_as_nobody_rejects "an unreadable folder" "$c/sub: cannot be read (Permission denied); make the directory readable, or list it in .r2pignore"
    [ ! -e "$tmp/nobody/db" ] || fail "an unreadable folder: an index was written"
    chmod 755 "$c/sub"
    checked=$((checked + 2))
  fi

  new_corpus
  index_rejects "an empty corpus" "$c: no records found (*.jsonl, *.md, *.html or *.txt files)"

  new_corpus
  : >"$c/a.jsonl"
  printf '\n  \n\t\r\n' >"$c/b.jsonl"
  index_rejects "only blank lines" "$c: no records found (*.jsonl, *.md, *.html or *.txt files)"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  mkdir "$c/aliases.jsonl"
  index_rejects "a directory for the alias table" "$c/aliases.jsonl: is a directory; it must be a file"

  new_corpus
  printf '%s\n' "$A" >"$c/m.jsonl"
  printf '%s\n' '{"kind":"country","name":"Atlantis","code":"XX"}' >"$c/aliases.jsonl"
  index_rejects "an alias for an unknown code" "$c/aliases.jsonl: code: country alias \"Atlantis\" names unknown code \"XX\"; use an ISO 3166-1 alpha-2 code ICU knows"

  rm -rf "$c"
  printf 'x\n' >"$c"
  index_rejects "a file for the corpus directory" "corpus directory '$c' does not exist or is not a directory; pass --corpus DIR" usage
  rm -f "$c"

  # Accepted.
  new_corpus
  printf '\357\273\277%s\n%s\n' "$A" "$L" >"$c/m.jsonl"
  index_accepts "a UTF-8 byte order mark" Accra

  new_corpus
  printf '%s\r\n\r\n%s\r\n' "$A" "$L" >"$c/m.jsonl"
  index_accepts "CRLF line ends" Ljubljana

  new_corpus
  printf '%s\n%s' "$A" "$L" >"$c/m.jsonl"
  index_accepts "no newline at the end" Ljubljana

  # Before: exit 3, "Term too long (> 245): ZSصلى الله عليه وسلم…" (U+FDFA folds to 18 letters).
  new_corpus
  word=$(printf '\357\267\272%.0s' $(seq 21))
  a_with "s/\"title\":\"Meeting in Accra\"/\"title\":\"Accra $word\"/" >"$c/m.jsonl"
  index_accepts "a word that folds past Xapian's term limit" "$word"

  # Before: exit 3, "Key too long: length was 301 bytes" (the spelling dictionary).
  new_corpus
  a_with "s/\"title\":\"Meeting in Accra\"/\"title\":\"Accra $(printf 'a%.0s' $(seq 300))\"/" >"$c/m.jsonl"
  index_accepts "a 300-letter word" Accra
}

# ---- query -------------------------------------------------------------------------------

# search_rejects WHAT LINE -- ARGS...: r2p-search exits 2, prints nothing on stdout and LINE (the
# first line of stderr after the program name).
search_rejects() {
  local what=$1 line=$2 rc=0
  shift 3
  "$r2p_search" --db "$db" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$what: r2p-search exited $rc, expected 2"
  [ ! -s "$tmp/out" ] || fail "$what: printed to stdout"
  sed -i '1s/^r2p-search: //' "$tmp/err"
  expect_line "$what" "$line"
  checked=$((checked + 1))
}

# search_exits WHAT RC -- ARGS...: r2p-search exits RC and prints nothing on stderr.
search_exits() {
  local what=$1 expected=$2 rc=0
  shift 3
  "$r2p_search" --db "$db" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$expected" ] || fail "$what: r2p-search exited $rc, expected $expected"
  [ ! -s "$tmp/err" ] || fail "$what: printed to stderr"
  checked=$((checked + 1))
}

query_classes() {
  bundled_index "$r2p_index" "$bundled"
  local countries="use an ISO 3166 code (DK, DNK) or a country name in English, French, Spanish, Russian, Arabic or Chinese"
  local x201 x16385
  x201=$(printf 'x%.0s' $(seq 201))
  x16385=$(head -c 16385 /dev/zero | tr '\0' a)

  search_rejects "query text that is not UTF-8" "the query is not valid UTF-8; check the terminal's encoding" -- "$(printf 'Acc\351ra')"
  search_rejects "a filter value that is not UTF-8" "the --country value is not valid UTF-8" -- --country "$(printf 'D\344nemark')"
  search_rejects "query text over 16 KiB" "the query is 16385 bytes long; the limit is 16384 bytes: shorten it, or narrow the search with filters (--country, --year, --type, ...)" -- "$x16385"
  search_rejects "a filter value over 200 bytes" "the --country value is 201 bytes long; the limit is 200 bytes" -- --country "$x201"
  search_rejects "a query field value over 200 bytes" "in the query, meeting:$x201: a meeting value is 201 bytes long; the limit is 200 bytes" -- "meeting:$x201"
  search_rejects "--limit over 10,000" "--limit: 10001 is out of range; use a whole number from 0 to 10000 (0 = every hit; page with --offset for more)" -- --limit 10001 Accra
  search_rejects "--offset beyond an index" "--offset: 4294967296 is out of range; use a whole number from 0 to 4294967295" -- --offset 4294967296 Accra
  search_rejects "a negative --limit" "--limit: '-3' is not a count; use a whole number, 0 or more" -- --limit -3 Accra
  search_rejects "an unknown type" "unknown type 'meetings'; use meeting, recommendation, country, document, organisation or person; closest known: 'meeting'" -- --type meetings
  search_rejects "a five-digit year" "unknown year '20133'; write a year (2013), a range (2011..2013, 2011.., ..2012) or none (records with no year)" -- --year 20133
  search_rejects "a reversed year range" "year range '2013..2011' ends before it starts; write it as 2011..2013" -- --year 2013..2011
  search_rejects "a year range without ends" "unknown year '..'; write a year (2013), a range (2011..2013, 2011.., ..2012) or none (records with no year)" -- --year ..
  search_rejects "an unknown region" "unknown region 'Atlantis'; use a UN M.49 continent, sub-region or grouping, by English name (Africa, Western Europe, Latin America) or code (002); closest known: 'Melanesia', 'Oceania', 'Americas'" -- --region Atlantis
  search_rejects "a meeting name that fits several" "--meeting '2013' fits several meetings ('ljubljana-2013', 'accra-2013'); give a meeting id or more words" -- --meeting 2013
  search_rejects "a dossier name that fits several meetings" "--dossier '2013' fits several meetings ('ljubljana-2013', 'accra-2013'); give a meeting id or more words" -- --dossier 2013
  search_rejects "an unknown meeting id" "unknown meeting 'accra-2031'; use a meeting id ('accra-2013', 'launch-2010', 'ljubljana-2013', 'meeting-2011', 'meeting-2012', 'workshop-2012') or words of its title, venue or year (Accra, \"third meeting\", 2011); closest known: 'accra-2013', 'launch-2010', 'meeting-2011'" -- --meeting accra-2031
  search_rejects "an unknown country" "unknown country 'Atlantis'; $countries; closest known: 'Albania', 'Algeria', 'Argentina'" -- --country Atlantis
  search_rejects "an empty country" "unknown country ''; $countries; closest known: 'DRC', 'Chad', 'Cuba'" -- --country ''
  search_rejects "an unknown status" "unknown status 'pending'; use appointed or intention; closest known: 'intention'" -- --status pending
  search_rejects "an unknown sort order" "unknown --sort 'newest'; use relevance, date (oldest first) or -date (newest first)" -- --sort newest Accra
  search_rejects "an unknown facet" "unknown facet 'regions'; use a comma-separated list of 'year', 'region', 'meeting', 'type', 'country', 'status', 'organisation'; closest known: 'region'" -- --facets year,regions Accra
  search_rejects "an unknown value in a query field" "in the query, country:Atlantis: unknown country 'Atlantis'; $countries; closest known: 'Albania', 'Algeria', 'Argentina'" -- "accra country:Atlantis"
  search_rejects "an unknown output format" "--format: xml not in {text,json,csv}" -- --format xml Accra
  search_rejects "a query word that looks like an option" "The following argument was not expected: -regional" -- -regional
  long_name=$(printf 'x%.0s' $(seq 1 300))
  search_rejects "an over-long --dossier name" "a --dossier name is 300 bytes long; the limit is 200 bytes" -- --dossier "$long_name"
  search_rejects "an over-long --show id" "a record id is 300 bytes long; ids are at most 200 bytes" -- --show "$long_name"

  # Accepted: searched as words (with a note), or no hits without an error.
  search_exits "an unbalanced quote" 0 -- '"community of commitment'
  search_exits "a lone operator" 0 -- AND
  search_exits "a word over Xapian's term limit" 1 -- "$(printf 'a%.0s' $(seq 300))"
  search_exits "the largest page" 0 -- --limit 10000 --offset 4294967295 --format json Accra
}

case "$mode" in
  corpus) corpus_classes ;;
  query) query_classes ;;
  *) fail "unknown mode '$mode'" ;;
esac
echo "PASS: $mode ($checked classes)"
