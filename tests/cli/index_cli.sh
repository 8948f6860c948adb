#!/usr/bin/env bash
# CLI tests of r2p-index through the real binary: exit codes, output and the live index link.
# Usage: index_cli.sh R2P_INDEX help
#        index_cli.sh R2P_INDEX usage
#        index_cli.sh R2P_INDEX index CORPUS_DIR
#        index_cli.sh R2P_INDEX broken BROKEN_CORPUS_DIR GOOD_CORPUS_DIR
#        index_cli.sh R2P_INDEX documents CORPUS_DIR
#        index_cli.sh R2P_INDEX locations CORPUS_DIR   (--db forms, alias problems on update, a
#                                                       full disk during an update)
set -eu

r2p_index=$1
mode=$2
shift 2

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
cli_setup index-cli "$mode"

# Runs r2p-index, keeping stdout+stderr in $out and the exit code in $rc; echoes the output.
run() {
  rc=0
  out=$("$r2p_index" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out"
}

expect_output() {
  printf '%s\n' "$out" | grep -qF -- "$1" || fail "output lacks: $1"
}

case "$mode" in
  help)
    run --help
    [ "$rc" -eq 0 ] || fail "--help exited $rc"
    expect_output "--corpus"
    expect_output "--db"
    ;;

  usage)
    run --no-such-option
    [ "$rc" -eq 2 ] || fail "an unknown option exited $rc, expected 2"
    ;;

  index)
    corpus=$1
    # Records are the lines of the record files (every *.jsonl but the alias table).
    records=$(find "$corpus" -name '*.jsonl' ! -name aliases.jsonl -exec cat {} + | grep -c .)
    run --corpus "$corpus" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "indexing exited $rc"
    expect_output "Indexed $records records"
    case $out in *"fits several countries"*) fail "the bundled corpus reported an ambiguous name" ;; esac
    [ -L "$tmp/db" ] || fail "--db is not a symbolic link"
    target=$(readlink "$tmp/db")
    case "$target" in .db.v*) ;; *) fail "--db points to '$target', not a versioned sibling" ;; esac
    [ -d "$tmp/$target" ] || fail "the link target $target is not a directory"
    # A second run finds nothing changed and leaves the index as it is.
    run --corpus "$corpus" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "an up-to-date run exited $rc"
    expect_output "is up to date with $corpus: $records records"
    [ "$(readlink "$tmp/db")" = "$target" ] || fail "an up-to-date run swapped the link"
    # --rebuild builds anew; --quiet prints nothing.
    run --corpus "$corpus" --db "$tmp/db" --rebuild --quiet
    [ "$rc" -eq 0 ] || fail "--rebuild --quiet exited $rc"
    [ -z "$out" ] || fail "--quiet printed output"
    [ "$(readlink "$tmp/db")" != "$target" ] || fail "--rebuild did not swap the link"
    ;;

  documents)
    # Markdown, HTML and text documents beside the records; an update re-reads what changed;
    # a bad document is refused, or with --keep-going left out while the rest is indexed.
    corpus=$1
    mkdir "$tmp/c"
    cp "$corpus"/*.jsonl "$corpus"/examples/* "$tmp/c/"
    run --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "indexing documents exited $rc"
    expect_output "  document: 3"
    printf 'A note\n\nThe network met in Accra in June 2013.\n' > "$tmp/c/note.txt"
    run --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "an update exited $rc"
    expect_output "files: 1 added, 0 changed, 0 removed, 8 unchanged"
    expect_output "records: 1 added, 0 changed, 0 removed, 61 unchanged"
    printf -- '---\ncountries: [Atlantis]\n---\nText.\n' > "$tmp/c/bad.md"
    printf 'Another note\n\nAbout Focal Points.\n' > "$tmp/c/other.txt"
    target=$(readlink "$tmp/db")
    run --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 2 ] || fail "a bad document exited $rc, expected 2"
    expect_output "$tmp/c/bad.md:2: record 'doc-bad': countries[0]: unknown country 'Atlantis'"
    [ "$(readlink "$tmp/db")" = "$target" ] || fail "a bad document changed the live index"
    run --corpus "$tmp/c" --db "$tmp/db" --keep-going
    [ "$rc" -eq 2 ] || fail "--keep-going with a bad document exited $rc, expected 2"
    expect_output "$tmp/c/bad.md:2: record 'doc-bad': countries[0]: unknown country 'Atlantis'"
    expect_output "left out 1 file(s) with problems"
    expect_output "records: 1 added, 0 changed, 0 removed, 62 unchanged"
    # Written in place (the live link stays): the next run finds the good files' records indexed.
    run --corpus "$tmp/c" --db "$tmp/db" --keep-going
    expect_output "is up to date with $tmp/c: 63 records"
    # A country name that fits several countries ties none, and the summary says so once.
    rm "$tmp/c/bad.md"
    printf 'A note on names

Delegates from the Congo and Guinea-Bissau met the Islands group.
' \
      >"$tmp/c/names.txt"
    run --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 0 ] || fail "an update with an ambiguous name exited $rc"
    expect_output "'congo' fits several countries and ties none (in 1 record: doc-names)"
    case $out in *"'islands'"*) fail "a word that only names several countries was reported" ;; esac
    ;;

  broken)
    broken=$1
    good=$2
    run --corpus "$broken" --db "$tmp/db"
    [ "$rc" -eq 2 ] || fail "a broken corpus exited $rc, expected 2"
    expect_output "$broken/meetings.jsonl:2: malformed JSON"
    expect_output "$broken/countries.jsonl:1: record 'country-gh': name: unknown country 'Atlantis'"
    expect_output "2 problems in the corpus"
    [ ! -e "$tmp/db" ] || fail "a broken corpus created the index"
    # Over an existing index, the live link and its database stay as they were.
    run --corpus "$good" --db "$tmp/db" --quiet
    [ "$rc" -eq 0 ] || fail "indexing the good corpus exited $rc"
    target=$(readlink "$tmp/db")
    run --corpus "$broken" --db "$tmp/db"
    [ "$rc" -eq 2 ] || fail "a broken corpus over an index exited $rc, expected 2"
    [ "$(readlink "$tmp/db")" = "$target" ] || fail "a broken corpus changed the live index"
    [ -d "$tmp/$target" ] || fail "a broken corpus removed the live database"
    ;;

  locations)
    corpus=$1
    # Issue 20: `--db DIR/` names DIR, as for r2p-search (was: "cannot create the lock file
    # DIR/..lock").
    run --corpus "$corpus" --db "$tmp/slash/" --quiet
    [ "$rc" -eq 0 ] || fail "--db DIR/ exited $rc"
    [ -L "$tmp/slash" ] || fail "--db DIR/ did not make the link DIR"
    # Was: exit 3, "filesystem error: cannot make absolute path: Invalid argument []".
    run --corpus "$corpus" --db '' --quiet
    [ "$rc" -eq 2 ] || fail "--db '' exited $rc, expected 2"
    expect_output "r2p-index: --db is empty; give the index location"
    # A link r2p-index did not make is refused, not replaced (was: replaced silently).
    ln -s /etc "$tmp/foreign"
    run --corpus "$corpus" --db "$tmp/foreign" --quiet
    [ "$rc" -eq 3 ] || fail "a foreign link at --db exited $rc, expected 3"
    expect_output "$tmp/foreign is a symbolic link to /etc, not to an r2p-kb index; r2p-index does not replace it"
    [ "$(readlink "$tmp/foreign")" = /etc ] || fail "the foreign link was replaced"
    # Problems of the alias table are reported on every run, an update with nothing else to do
    # included (was: "up to date", exit 0).
    cp -R "$corpus" "$tmp/c"
    run --corpus "$tmp/c" --db "$tmp/db" --quiet
    [ "$rc" -eq 0 ] || fail "indexing exited $rc"
    lines=$(wc -l <"$tmp/c/aliases.jsonl")
    echo 'garbage' >>"$tmp/c/aliases.jsonl"
    run --corpus "$tmp/c" --db "$tmp/db"
    [ "$rc" -eq 2 ] || fail "a bad alias line on update exited $rc, expected 2"
    expect_output "$tmp/c/aliases.jsonl:$((lines + 1)): malformed JSON"
    run --corpus "$tmp/c" --db "$tmp/db" --keep-going
    [ "$rc" -eq 2 ] || fail "a bad alias line on update with --keep-going exited $rc, expected 2"
    sed -i '$d' "$tmp/c/aliases.jsonl"
    # A full disk while an update copies the index: exit 3, says so, what was kept and what to do
    # (was: "Input/output error"). A file size limit fails the copy the same way.
    echo '{"id":"extra-2014","type":"meeting","kind":"annual","title":"Extra","date":"2014-01-01","text":["x"],"source":{"document":"source/page.txt","paragraphs":[1]}}' >"$tmp/c/extra.jsonl"
    target=$(readlink "$tmp/db")
    rc=0
    out=$( (
      trap '' XFSZ
      ulimit -f 64
      exec "$r2p_index" --corpus "$tmp/c" --db "$tmp/db"
    ) 2>&1) || rc=$?
    [ "$rc" -eq 3 ] || fail "an update on a full disk exited $rc, expected 3: $out"
    expect_output "cannot update the index: the disk is full"
    expect_output "File too large"
    expect_output "the index at $tmp/db is unchanged and still searchable"
    expect_output "free some space"
    [ "$(readlink "$tmp/db")" = "$target" ] || fail "a failed update moved the live link"
    [ "$(find "$tmp" -maxdepth 1 -name '.db.v*' | wc -l)" -eq 1 ] || fail "a failed update left files"
    ;;

  *)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASS: $mode"
