# bash completion for r2p-search and r2p-index: options from the program's own --help, filter
# values (countries, meetings, regions, organisations, years, types, statuses) from the index the
# command line names with --db (else the default one), through r2p-search --values.

# The values of filter $2 in the index of the command line being completed; $1 the program.
_r2p_kb_values() {
  local program=$1 field=$2 i
  local -a db=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == --db ]] && ((i + 1 < COMP_CWORD)); then
      db=(--db "${COMP_WORDS[i + 1]}")
    fi
  done
  # Values always come from r2p-search (r2p-index has no --values).
  if [[ ${program##*/} == r2p-index ]]; then program=${program%r2p-index}r2p-search; fi
  "$program" "${db[@]}" --values "$field" 2>/dev/null
}

# COMPREPLY from the newline-separated words $1 that start with the current word, each quoted
# for the shell (region and organisation names have spaces).
_r2p_kb_reply() {
  local cur=$2 word
  local IFS=$'\n'
  COMPREPLY=()
  for word in $1; do
    if [[ $word == "$cur"* ]]; then COMPREPLY+=("$(printf '%q' "$word")"); fi
  done
  return 0
}

_r2p_kb() {
  local program=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  case $prev in
    --type | --year | --region | --meeting | --country | --organisation | --status)
      _r2p_kb_reply "$(_r2p_kb_values "$program" "${prev#--}")" "$cur"
      return ;;
    --dossier)
      _r2p_kb_reply "$(_r2p_kb_values "$program" country; _r2p_kb_values "$program" meeting;
        _r2p_kb_values "$program" organisation)" "$cur"
      return ;;
    --values)
      _r2p_kb_reply $'type\nyear\nregion\nmeeting\ncountry\nstatus\norganisation' "$cur"
      return ;;
    --format) _r2p_kb_reply $'text\njson\ncsv' "$cur"; return ;;
    --sort) _r2p_kb_reply $'relevance\ndate\n-date' "$cur"; return ;;
    --matrix) _r2p_kb_reply $'country,meeting\ncountry,year' "$cur"; return ;;
    --db | --corpus)
      local IFS=$'\n'
      COMPREPLY=($(compgen -d -- "$cur"))
      return ;;
    --show | --limit | --offset | --facet-limit | --facets | --host | --port | --threads | --shards)
      return ;;
  esac
  if [[ $cur == -* ]]; then
    _r2p_kb_reply "$("$program" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)" "$cur"
  fi
  return 0
}

complete -F _r2p_kb r2p-search r2p-index
