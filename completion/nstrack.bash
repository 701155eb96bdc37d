# SPDX-License-Identifier: GPL-2.0
# bash completion for nstrack(8): commands, options, names under
# /run/netns and device names.  Commands and options are read from the
# tool's own usage texts, so they cannot drift from it.

_nstrack_words() {
	local IFS=$'\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_nstrack_names() {
	local f out=
	for f in /run/netns/*; do
		[ -e "$f" ] && out+="${f##*/}"$'\n'
	done
	printf '%s' "$out"
}

# devices of the namespace named $1 (a name under /run/netns), or of ours
_nstrack_devices() {
	if [ -n "$1" ] && [ -e "/run/netns/$1" ]; then
		ip -n "$1" -o link show 2>/dev/null |
			awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
	else
		ls /sys/class/net 2>/dev/null
	fi
}

_nstrack_commands() {
	"$1" help 2>/dev/null |
		awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }'
}

# the options a command's --help lists (and the global ones for "")
_nstrack_options() {
	# shellcheck disable=SC2086
	"$1" $2 --help 2>/dev/null |
		awk 'NR == 1 { u = 1 } /^$/ { u = 0 } u || /^ +-/' |
		grep -oE '(^|[[ ,|])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[[ ,|]*//' | sort -u
}

_nstrack() {
	local cur prev tool=${COMP_WORDS[0]} cmd='' cmdi=0 i w
	local -a pos=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# the command, and the positional words after it (options left out)
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ -z "$cmd" ]; then
			[[ $w == -* ]] && continue
			cmd=$w
			cmdi=$i
			continue
		fi
		case ${COMP_WORDS[i - 1]} in
		--ns|--ns-a|--ns-b|--dev|--type|--count|--timeout|--since|--rcvbuf|--bridge|--addr|--gw)
			continue ;;
		esac
		[[ $w == -* ]] || pos+=("$w")
	done

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			_nstrack_words "$(_nstrack_options "$tool" "")"
		else
			_nstrack_words "$(_nstrack_commands "$tool")"
		fi
		return
	fi

	# exec NAME COMMAND...: the rest is another command line
	if [ "$cmd" = exec ] && [ ${#pos[@]} -ge 1 ] && [ "${pos[0]}" != -- ]; then
		for ((i = cmdi + 1; i < COMP_CWORD; i++)); do
			[[ ${COMP_WORDS[i]} == -* ]] && continue
			[ "${COMP_WORDS[i]}" = "${pos[0]}" ] && break
		done
		if ((i + 1 <= COMP_CWORD)) && declare -F _command_offset >/dev/null; then
			_command_offset $((i + 1))
			return
		fi
	fi

	# the namespace named by --ns on the line, for device names
	local ns=
	for ((i = cmdi + 1; i < COMP_CWORD; i++)); do
		[ "${COMP_WORDS[i]}" = --ns ] && ns=${COMP_WORDS[i + 1]}
	done

	case $prev in
	--ns|--ns-a|--ns-b)
		_nstrack_words "$(_nstrack_names)"
		return ;;
	--dev)
		_nstrack_words "$(_nstrack_devices "")"
		return ;;
	--type)
		local t=${cur##*,} p=
		[[ $cur == *,* ]] && p=${cur%,*},
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -P "$p" -W "$(printf '%s\n' netns dev netns_new netns_pre_exit netns_exit dev_register dev_unregister dev_move)" -- "$t"))
		return ;;
	--count|--timeout|--since|--rcvbuf|--bridge|--addr|--gw)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		_nstrack_words "$(_nstrack_options "$tool" "$cmd")"
		return
	fi

	local n=${#pos[@]}
	case $cmd in
	show|devices|holders|sockets|history|monitor)
		[ "$n" -eq 0 ] && _nstrack_words "$(_nstrack_names; printf 'pid:\ninode:\ncookie:\n')"
		[[ $cur == pid:* || $cur == inode:* || $cur == cookie:* ]] && compopt -o nospace 2>/dev/null
		;;
	del|exec|pids|set|attach|disconnect|connect)
		[ "$n" -eq 0 ] && _nstrack_words "$(_nstrack_names)"
		[ "$cmd" = set ] && [ "$n" -eq 1 ] && _nstrack_words auto
		;;
	help)
		[ "$n" -eq 0 ] && _nstrack_words "$(_nstrack_commands "$tool")"
		;;
	link)
		case $n:${pos[0]:-} in
		0:*) _nstrack_words "veth move del" ;;
		1:move|1:del) _nstrack_words "$(_nstrack_devices "$ns")" ;;
		2:move) _nstrack_words "$(_nstrack_names)" ;;
		esac
		;;
	bridge)
		case $n:${pos[0]:-} in
		0:*) _nstrack_words "add attach" ;;
		2:attach) _nstrack_words "$(_nstrack_devices "$ns")" ;;
		esac
		;;
	addr)
		case $n in
		0) _nstrack_words add ;;
		1) _nstrack_words "$(_nstrack_names)" ;;
		2) _nstrack_words "$(_nstrack_devices "${pos[1]}")" ;;
		esac
		;;
	route)
		case $n in
		0) _nstrack_words add ;;
		1) _nstrack_words "$(_nstrack_names)" ;;
		2) _nstrack_words default ;;
		3) _nstrack_words via ;;
		5) _nstrack_words dev ;;
		6) _nstrack_words "$(_nstrack_devices "${pos[1]}")" ;;
		esac
		;;
	esac
}
complete -F _nstrack nstrack
