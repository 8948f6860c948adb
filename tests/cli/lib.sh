# shellcheck shell=bash
# Shared by every CLI test script (sourced): a temporary directory removed on exit, a failure
# report naming the mode, the index of the bundled corpus, and the checks on a run's exit code
# and output. The sourcing script sets rc (its run function's exit code) and, for json,
# json_probe; for expect_same_answers, r2p_search.
# shellcheck disable=SC2154

# cli_setup NAME MODE: makes $tmp (removed on exit) and reports "FAIL: MODE" when the script
# exits with a failure. A script with more to undo first (background processes, a mount) defines
# a function cli_cleanup, which runs before $tmp is removed, with the exit status in
# $cli_status. SIGTERM and SIGINT (a ctest timeout) end the script through the same steps.
cli_setup() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/r2p-$1.XXXXXX")
  cli_mode=$2
  trap cli_finish EXIT
  trap 'exit 143' TERM INT
}

cli_finish() {
  cli_status=$?
  if declare -F cli_cleanup >/dev/null; then cli_cleanup || true; fi
  rm -rf "$tmp"
  if [ "$cli_status" -ne 0 ]; then echo "FAIL: $cli_mode (exit $cli_status)"; fi
  exit "$cli_status"
}

# bundled_index R2P_INDEX CORPUS_DIR: sets $db to an index of the bundled corpus, only to be
# read: $R2P_TEST_DB when set (ctest's fixture bundled_index builds it once per run), else one
# built into $tmp, so that the script also runs on its own.
bundled_index() {
  if [ -n "${R2P_TEST_DB:-}" ]; then
    db=$R2P_TEST_DB
    [ -e "$db" ] || fail "R2P_TEST_DB=$db: no index there (ctest's fixture bundled_index builds it)"
  else
    db=$tmp/db
    "$1" --corpus "$2" --db "$db" --quiet || fail "r2p-index exited $?"
  fi
}

# search_cli_setup NAME R2P_INDEX R2P_SEARCH CORPUS_DIR JSON_PROBE MODE: for a script that runs
# r2p-search over the bundled corpus's index: its arguments as $r2p_index, $r2p_search, $corpus,
# $json_probe and $mode, then cli_setup NAME MODE and bundled_index ($db).
search_cli_setup() {
  r2p_index=$2
  r2p_search=$3
  corpus=$4
  json_probe=$5
  mode=$6
  cli_setup "$1" "$mode"
  bundled_index "$r2p_index" "$corpus"
}

# expect_clean_index_dir DIR WHAT: after a complete build, the index directory DIR holds only
# the live link, its lock and at most two version directories (no part directories).
expect_clean_index_dir() {
  local versions=0 entry
  for entry in "$1"/.[!.]* "$1"/*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    case "${entry##*/}" in
      db | .db.lock) ;;
      .db.v*.parts) fail "$2: leftover part directory ${entry##*/}" ;;
      .db.v*) [ -d "$entry" ] || fail "$2: ${entry##*/} is not a directory"; versions=$((versions + 1)) ;;
      *) fail "$2: leftover ${entry##*/}" ;;
    esac
  done
  [ "$versions" -le 2 ] || fail "$2: $versions version directories remain, expected at most 2"
}

# expect_same_answers WHAT DB REF_DB QUERY...: r2p-search ($r2p_search) gives the same JSON over
# DB as over REF_DB for every QUERY (its arguments in one string).
expect_same_answers() {
  local what=$1 live=$2 reference=$3 q args
  shift 3
  for q in "$@"; do
    eval "args=($q)"
    "$r2p_search" --db "$live" --format json "${args[@]}" >"$tmp/got" || fail "search $q"
    "$r2p_search" --db "$reference" --format json "${args[@]}" >"$tmp/want" ||
      fail "search $q over the reference index"
    cmp -s "$tmp/got" "$tmp/want" || fail "$what, $q differs"
  done
}

# fail MESSAGE: reports MESSAGE and the stderr of the last run (when there is one), and exits.
fail() {
  echo "FAIL: $*" >&2
  if [ -f "$tmp/err" ]; then
    echo "--- stderr of the last run:" >&2
    head -c 4000 "$tmp/err" >&2
  fi
  exit 1
}

# expect_rc CODE WHAT: the last run (see the script's run function) exited CODE.
expect_rc() {
  [ "$rc" -eq "$1" ] || fail "r2p-search $2 exited $rc, expected $1"
}

# found ARGS...: `search ARGS` (the script's own function) exits 0.
found() {
  search "$@"
  expect_rc 0 "$*"
}

# expect_json POINTER VALUE WHAT: the JSON in $tmp/out has VALUE at POINTER (see json).
expect_json() {
  [ "$(json "$1")" = "$2" ] || fail "$3: $1 is '$(json "$1")', expected '$2'"
}

# expect_in FILE TEXT...: every TEXT occurs in $tmp/FILE.
expect_in() {
  local file=$1 text
  shift
  for text in "$@"; do
    grep -qF -- "$text" "$tmp/$file" || fail "$file lacks '$text'"
  done
}

# usage_error DESCRIPTION TEXT... -- ARGS...: `search ARGS` (the script's own function, after
# the arguments in the usage_args array) exits 2, prints nothing on stdout, every TEXT on stderr.
usage_args=()
usage_error() {
  local what=$1 texts=()
  shift
  while [ "$1" != "--" ]; do
    texts+=("$1")
    shift
  done
  shift
  search "${usage_args[@]}" "$@"
  expect_rc 2 "$what"
  [ ! -s "$tmp/out" ] || fail "$what printed to stdout on a usage error"
  [ "${#texts[@]}" -eq 0 ] || expect_in err "${texts[@]}"
}

# json ARGS...: $tmp/out is JSON that the probe ($json_probe) accepts with ARGS.
json() { "$json_probe" "$@" <"$tmp/out" || fail "stdout is not the JSON expected ($*)"; }
