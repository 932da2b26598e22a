# Completes one command line with the completion script mzsh printed, as bash's
# programmable completion would: the function comes from `complete -p mzsh`.
# usage: bash complete.bash SCRIPT WORD... ; prints `complete -p`, then one candidate a line
source "$1" 2>/dev/null
shift
spec=$(complete -p mzsh) || exit 1
echo "$spec"
fn=$(sed -n 's/.*-F \([^ ]*\) .*/\1/p' <<<"$spec")
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
# compopt complains outside a real <TAB>; the candidates are what counts
"$fn" mzsh "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
