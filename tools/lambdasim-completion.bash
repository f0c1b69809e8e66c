# bash completion for lambdasim: subcommands, flags, --format and --log-level
# values, scenario files and --out directories. Installed as
# share/bash-completion/completions/lambdasim. It reads the CLI's own
# --help (once per shell and subcommand), so it never lists a flag or a
# --format value the binary does not have. Needs no bash-completion helpers.

# The --help text of "lambdasim [SUBCOMMAND]", cached by binary and subcommand.
declare -gA _lambdasim_help_cache 2>/dev/null || true
_lambdasim_help() {
  local bin=$1 sub=$2 key="$1|$2"
  if [[ -z ${_lambdasim_help_cache[$key]+set} ]]; then
    # shellcheck disable=SC2086
    _lambdasim_help_cache[$key]=$("$bin" $sub --help 2>/dev/null)
  fi
  printf '%s\n' "${_lambdasim_help_cache[$key]}"
}

# Subcommand names: the lines of the "Subcommands:" block.
_lambdasim_subcommands() {
  _lambdasim_help "$1" "" | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'
}

# Every flag name of an option line ("  -r,--replications UINT ...").
_lambdasim_flags() {
  _lambdasim_help "$1" "$2" | awk '/^  -/ {n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i]}'
}

# The choices of option $3 ("--format TEXT:{text,json,csv}=text"), or nothing.
_lambdasim_choices() {
  _lambdasim_help "$1" "$2" | awk -v opt="$3" '
    /^  -/ {
      n = split($1, names, ",")
      for (i = 1; i <= n; i++) if (names[i] == opt && match($2, /\{[^}]*\}/)) {
        s = substr($2, RSTART + 1, RLENGTH - 2); gsub(",", " ", s); print s
      }
    }'
}

# Whether option $3 takes a value: its help line names a CLI11 type after it
# ("TEXT", "UINT", "TEXT:{a,b}=a").
_lambdasim_takes_value() {
  _lambdasim_help "$1" "$2" | awk -v opt="$3" '
    /^  -/ {
      n = split($1, names, ",")
      for (i = 1; i <= n; i++)
        if (names[i] == opt && $2 ~ /^(TEXT|INT|UINT|FLOAT|NUMBER|BOOLEAN|ENUM)([:=]|$)/) found = 1
    }
    END {exit !found}'
}

_lambdasim() {
  local bin=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  bin=${bin/#\~/$HOME}
  COMPREPLY=()

  # The subcommand: the first word that names one, skipping option values.
  local subs sub="" i w
  subs=$(_lambdasim_subcommands "$bin")
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ $w == -* ]]; then
      _lambdasim_takes_value "$bin" "$sub" "$w" && ((i++))
      continue
    fi
    if [[ -z $sub ]] && grep -qx -- "$w" <<<"$subs"; then sub=$w; fi
  done

  # The value of an option: its choices, a directory for --out, else a
  # file (any other value: nothing to offer).
  if [[ $prev == -* ]]; then
    local scope
    for scope in "$sub" ""; do
      if _lambdasim_takes_value "$bin" "$scope" "$prev"; then
        local choices
        choices=$(_lambdasim_choices "$bin" "$scope" "$prev")
        if [[ -n $choices ]]; then
          mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
        elif [[ $prev == --out ]]; then
          compopt -o filenames 2>/dev/null
          mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        fi
        return 0
      fi
    done
  fi

  if [[ $cur == -* ]]; then
    # -v and --log-level also follow a subcommand (they fall through to the app).
    local flags
    flags=$( (_lambdasim_flags "$bin" "$sub"; [[ -n $sub ]] && _lambdasim_flags "$bin" "") | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
  elif [[ -z $sub ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
  elif _lambdasim_help "$bin" "$sub" | grep -q '^Positionals:'; then
    # A scenario file: YAML files and directories to descend into.
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -X '!*.yaml' -- "$cur"; compgen -f -X '!*.yml' -- "$cur"
      compgen -d -- "$cur")
  fi
  return 0
}

complete -F _lambdasim lambdasim
