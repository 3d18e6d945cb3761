# Shared helpers for the console tests (SPEC section 8): everything the
# integration tests have (temp dir, socket, config, TAP, tmux), plus
# running the console in a private tmux server and reading what it drew:
# the text, the message line, the selection (reverse video) and colours
# (capture-pane -e).

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

TASKMASTER="$BUILDDIR/taskmaster"

# Every console run keeps its history in the temp dir, never in ~.
export XDG_STATE_HOME="$T/state"
mkdir -p "$T/bin" "$XDG_STATE_HOME"

# tc_bin NAME: a link to a command or a fixture in $T/bin. Processes
# started through it have $T/ in their command line, so the cleanup
# finds them even if the supervisor died first.
tc_bin() {
	local src
	case $1 in
	tm-*)	src=$FIXTURES/$1 ;;
	*)	src=$(type -P "$1") ;;
	esac
	[ -e "$T/bin/$1" ] || ln -s "$src" "$T/bin/$1"
	echo "$T/bin/$1"
}

# After the console, the shell prints its exit status and the terminal's
# line settings that curses changes, then stays, so what it left behind
# can be read: "EXIT=0" and "TTY= opost isig icanon echo".
TC_AFTER="echo EXIT=\$?; stty -a | tr ' ;' '\\n\\n' |
    grep -Ex -- '-?(opost|isig|icanon|echo)' | xargs echo TTY=; sleep 1000"

# tc_taskmaster COLS ROWS [VAR=VALUE...]: taskmaster on our config in a
# fresh tmux server, in $T (where -v writes its debug log), with the
# options in $TC_OPTS.
tc_taskmaster() {
	local cols=$1 rows=$2
	shift 2
	tm_tmux_new "$cols" "$rows" "cd $T && env XDG_STATE_HOME=$XDG_STATE_HOME \
$* $TASKMASTER ${TC_OPTS:-} -c $CONF; $TC_AFTER"
}

# tc_ctl_console COLS ROWS [VAR=VALUE...]: the console of taskmasterctl
# against the daemon on our socket.
tc_ctl_console() {
	local cols=$1 rows=$2
	shift 2
	tm_tmux_new "$cols" "$rows" "env XDG_STATE_HOME=$XDG_STATE_HOME $* \
$TASKMASTERCTL -s $SOCK; $TC_AFTER"
}

# The terminal is as the console found it: the shell's screen is back
# (no alternate screen), the cursor shows, the keypad is out of
# application mode, and the line discipline is cooked with echo.
tc_tty_modes() {
	tm_tmux display -p '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}'
}
tc_restored() {
	[ "$(tc_tty_modes)" = "0 1 0 0" ] &&
	    tm_screen_has '^TTY= opost isig icanon echo$'
}
# Wait for the console to be gone and the shell to have said so.
tc_wait_gone() {
	tm_wait_screen '^TTY='
}

# taskmasterctl with a deadline, for when the other end may be stuck.
tc_ctl() {
	timeout 5 "$TASKMASTERCTL" -s "$SOCK" "$@"
}

# tc_col WORD: the column (from 0) where WORD starts in the table's
# column header.
tc_col() {
	tm_screen | sed -n 2p | awk -v w="$1" '{ print index($0, w) - 1 }'
}
# tc_state_fg NAME: the foreground colour of the STATE cell of a row.
tc_state_fg() {
	tc_attrs "$(tc_col STATE)" | awk -v n="$1" '$3 == n { print $2; exit }'
}

# Lines of the screen.
tc_message() {
	tm_screen | tail -n 2 | head -n 1
}
tc_keybar() {
	tm_screen | tail -n 1
}
tc_message_has() {
	tc_message | grep -Eq -- "$1"
}
tc_wait_message() {
	tm_wait "message /$1/" tc_message_has "$1"
}
# tc_screen_count REGEX N: N lines of the screen match.
tc_screen_count() {
	[ "$(tm_screen | grep -Ec -- "$1")" = "$2" ]
}

# The start of the preview's title line: a horizontal line, which tmux
# shows as "──", or as "qq" when curses draws it with the terminal's
# line-drawing set (a locale without UTF-8).
TC_HLINE='(──|qq)'

# The rows of the table: from the third line to the preview's title
# line or the message line, whichever comes first.
tc_table() {
	tm_screen | head -n -2 | awk 'NR <= 2 { next } /^(──|qq)/ { exit }
	    { print }'
}
# tc_row NAME: the table row of a process.
tc_row() {
	tc_table | awk -v n="$1" '$1 == n { print; exit }'
}
# tc_row_has NAME REGEX: the row of NAME matches (it must exist).
tc_row_has() {
	local row
	row=$(tc_row "$1")
	[ -n "$row" ] && grep -Eq -- "$2" <<<"$row"
}
# tc_wait_row NAME REGEX
tc_wait_row() {
	tm_wait "row $1 /$2/" tc_row_has "$1" "$2"
}
# The names in the table, in order, one a line.
tc_names() {
	tc_table | awk 'NF > 0 { print $1 }'
}

# The screen as capture-pane -e gives it: text and SGR escapes. tmux
# only writes what changes from one cell to the next, lines included, so
# attributes are followed from the top.
tc_screen_e() {
	tm_tmux capture-pane -p -e -t 0 2>/dev/null
}

# tc_attrs [COL]: each line as "REV FG TEXT": REV is 1 when the cell at
# column COL (default 1, where the name of a table row starts) is in
# reverse video, FG its foreground colour number or -. Columns are
# counted in bytes: fine for the table's rows.
tc_attrs() {
	tc_screen_e | awk -v col="${1:-1}" '
	function sgr(seq,    n, ps, i, p) {
		n = split(seq, ps, ";")
		if (n == 0) {
			rev = 0; fg = "-"
		}
		for (i = 1; i <= n; i++) {
			p = ps[i] + 0
			if (p == 0) {
				rev = 0; fg = "-"
			} else if (p == 7)
				rev = 1
			else if (p == 27)
				rev = 0
			else if (p >= 30 && p <= 37)
				fg = p - 30
			else if (p >= 90 && p <= 97)
				fg = p - 90 + 8
			else if (p == 39)
				fg = "-"
			else if (p == 38 || p == 48) {
				if (p == 38 && ps[i + 1] == 5)
					fg = ps[i + 2]
				i += ps[i + 1] == 5 ? 2 : 4
			}
		}
	}
	BEGIN { rev = 0; fg = "-" }
	{
		s = $0; text = ""; c = 0; r1 = ""
		while (length(s) > 0) {
			if (match(s, /^\033\[[0-9;]*m/)) {
				sgr(substr(s, 3, RLENGTH - 3))
				s = substr(s, RLENGTH + 1)
				continue
			}
			if (c == col)
				r1 = rev " " fg
			text = text substr(s, 1, 1)
			s = substr(s, 2)
			c++
		}
		if (r1 == "")
			r1 = rev " " fg
		print r1 " " text
	}'
}

# The name on the selected table row (reverse video), if any.
tc_selected() {
	tc_attrs | awk 'NR <= 2 { next } $3 ~ /^(──|qq)/ { exit }
	    $1 == 1 && NF >= 4 { print $3; exit }'
}
tc_is_selected() {
	[ "$(tc_selected)" = "$1" ]
}
# The name in the preview's title line: "── NAME: STATE ──".
tc_preview_name() {
	tm_screen | sed -En "s/^$TC_HLINE ([^ :]*(:[0-9]+)?): .*/\\2/p" |
	    head -n 1
}
tc_preview_is() {
	[ "$(tc_preview_name)" = "$1" ]
}
# tc_wait_selected NAME: the row is in reverse video and the preview
# follows it.
tc_wait_selected() {
	tm_wait "$1 selected" tc_is_selected "$1" &&
	    tm_wait "preview of $1" tc_preview_is "$1"
}

# tc_colour_sgr FIRST LAST: whether lines FIRST..LAST (from 0) of the
# screen hold an SGR escape that sets a colour (30-38, 40-48, 90-97,
# 100-107); 39 and 49 only go back to the default.
tc_colour_sgr() {
	tm_tmux capture-pane -p -e -t 0 -S "$1" -E "$2" 2>/dev/null | awk '
	{
		s = $0
		while (match(s, /\033\[[0-9;]*m/)) {
			n = split(substr(s, RSTART + 2, RLENGTH - 3), ps, ";")
			s = substr(s, RSTART + RLENGTH)
			for (i = 1; i <= n; i++) {
				p = ps[i] + 0
				if ((p >= 30 && p <= 38) || (p >= 40 && p <= 48) ||
				    (p >= 90 && p <= 97) || (p >= 100 && p <= 107))
					found = 1
			}
		}
	}
	END { exit !found }'
}

# And the opposite, for check.
tc_no_colour_sgr() {
	! tc_colour_sgr "$@"
}

# tc_quit: q, then y if asked, and wait for the shell's EXIT= line.
tc_quit() {
	tm_tmux send-keys q
	tm_wait "asked or gone" tm_screen_has '(\(y/n\)$|^EXIT=[0-9]+$)' ||
	    return 1
	tm_screen_has '\(y/n\)$' && tm_tmux send-keys y
	tc_wait_gone
}
