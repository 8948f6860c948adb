#!/usr/bin/env bash
# `cmake --install` into a fresh prefix, then the installed programs run from / as a user would:
# r2p-index finds the installed corpus, r2p-search finds r2p-search-web in libexec, --version
# names the libraries, the man pages list the options, and bash completion offers options and
# the index's values.
# Usage: install_cli.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=$1
cli_setup install install
prefix=$tmp/prefix
export HOME=$tmp/home R2P_DB=$tmp/home/index
mkdir -p "$HOME"

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>"$tmp/err" ||
  fail "cmake --install exited $?"
for file in bin/r2p-index bin/r2p-search libexec/r2p-kb/r2p-search-web \
  share/r2p-kb/corpus/meetings.jsonl share/r2p-kb/corpus/aliases.jsonl \
  share/man/man1/r2p-index.1 share/man/man1/r2p-search.1 \
  share/bash-completion/completions/r2p-search share/bash-completion/completions/r2p-index; do
  [ -e "$prefix/$file" ] || fail "cmake --install did not put $file under the prefix"
done

cd /
"$prefix/bin/r2p-index" >"$tmp/out" 2>"$tmp/err" || fail "the installed r2p-index exited $?"
expect_in out "from $prefix/share/r2p-kb/corpus into $R2P_DB"
rc=0
"$prefix/bin/r2p-search" Accra >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "Accra (installed)"
expect_in out "Accra"

for program in r2p-index r2p-search; do
  "$prefix/bin/$program" --version >"$tmp/out" 2>"$tmp/err" || fail "$program --version exited $?"
  expect_in out "$program " "Xapian 1.4" "ICU " "index schema "
  # The man page is the program's --help: every option --help lists is in it.
  for option in $("$prefix/bin/$program" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "${option//-/\\-}" "$prefix/share/man/man1/$program.1" ||
      fail "man page $program(1) lacks $option"
  done
done

# --serve from the installed tree finds r2p-search-web (libexec) and answers.
"$prefix/bin/r2p-search" --serve --port 0 >"$tmp/serve.out" 2>&1 &
server=$!
cli_cleanup() { kill "$server" 2>/dev/null || true; }
for _ in $(seq 50); do
  url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$tmp/serve.out" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "the installed r2p-search --serve did not start: $(cat "$tmp/serve.out")"

# Completion, as bash runs it: COMP_WORDS and COMP_CWORD set, the function called.
PATH=$prefix/bin:$PATH
# shellcheck source=/dev/null
. "$prefix/share/bash-completion/completions/r2p-search"
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _r2p_kb
  printf '%s\n' "${COMPREPLY[@]}" >"$tmp/out"
}
complete_words r2p-search --cou
expect_in out "--country"
complete_words r2p-search --country G
expect_in out "GH"
grep -qv '^G' "$tmp/out" && fail "completion of '--country G' offers values not starting with G"
complete_words r2p-search --meeting acc
expect_in out "accra-2013"
complete_words r2p-search --region West
expect_in out 'Western\ Africa'
complete_words r2p-index --re
expect_in out "--rebuild"
echo "installed programs, man pages and completion: ok"
