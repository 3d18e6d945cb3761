#!/bin/bash
# Attach from the console (SPEC section 8), run as taskmaster inside
# tmux: the preview of the selection, a (or Enter, or :attach) fills the
# terminal with the process's screen but for a status line, keys reach
# the process, Ctrl-] detaches and the process goes on with the same
# pid, Ctrl-] twice sends one, the pty takes the terminal's size and
# follows a resize of the window.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
tm_config <<EOF
  echo:
    cmd: $(tc_bin cat)
    starttime: 0
  banner:
    cmd: sh -c 'echo "ready \$((6 * 7))"; exec $SLEEP 1000'
    starttime: 0
  winsize:
    cmd: $(tc_bin tm-winsize)
    starttime: 0
  idle:
    cmd: $SLEEP 1000
    autostart: false
EOF

# Whether the table (not an attached screen) is shown.
table_shown() {
	tm_screen_has '^ NAME +STATE +PID' && tm_screen_has '^a attach  s start'
}
# The status line of attach mode, on the last line.
status_line() {
	tc_keybar
}
attached_to() {
	status_line | grep -Eq "^ $1  RUNNING .*Ctrl-\] detach ?$"
}

# Quit, or kill the supervisor if it no longer answers, and wait until
# it is gone (a new one would find it on the socket).
stuck_or_quit() {
	if timeout 2 "$TASKMASTERCTL" -s "$SOCK" version >/dev/null 2>&1; then
		tc_quit
	else
		kill -KILL "$1" 2>/dev/null
	fi
	tm_wait "supervisor $1 gone" not_alive "$1"
}
not_alive() {
	! tm_alive "$1"
}

tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
for n in echo banner winsize; do tm_wait_state $n RUNNING; done
tc_wait_row winsize RUNNING
pid=$(tm_pid echo)

# The preview shows the selected process's screen, live.
tm_tmux send-keys j
tc_wait_selected banner
tm_wait_screen '^ready 42$'
check "the preview shows what the selected process printed" \
    tm_screen_has '^ready 42$'
check "under a title line with its name and state" \
    tm_screen_has "^$TC_HLINE banner: RUNNING"

# a: attach to an echoing program, type, see it.
tm_tmux send-keys k
tc_wait_selected echo
tm_tmux send-keys a
tm_wait "attached to echo" attached_to echo
check "a fills the terminal with the process's screen and a status line" \
    attached_to echo
check "the table is gone meanwhile" tm_screen_lacks '^ NAME +STATE +PID'
# The status line's uptime is a clock: it moves on by itself.
uptime_shown() {
	status_line | sed -n 's/.*uptime \([0-9:]*\).*/\1/p'
}
up0=$(uptime_shown)
check "the status line shows the pid and uptime" test -n "$up0"
uptime_moved() {
	[ -n "$(uptime_shown)" ] && [ "$(uptime_shown)" != "$up0" ]
}
tm_wait "the uptime ticks" uptime_moved
check "the uptime on the status line ticks while attached" uptime_moved
tm_wait_log 'echo attached'
check "the attach is logged" grep -q 'echo attached' "$LOG"
tm_tmux send-keys 'hello console' Enter
tm_wait "echo and output" tc_screen_count '^hello console$' 2
check_eq "typed text reaches the process, which echoes it" 2 \
    "$(tm_screen | grep -c '^hello console$')"
check "the process really got it (taskmasterctl tail)" \
    bash -c "$TASKMASTERCTL -s $SOCK tail echo | grep -q '^hello console$'"
tm_tmux send-keys 'asxq' Enter
tm_wait "echo and output" tc_screen_count '^asxq$' 2
check "the console's keys (a s x q) go to the process while attached" \
    attached_to echo
check_eq "all of them" 2 "$(tm_ctl tail echo | grep -c '^asxq$')"

# Ctrl-] detaches (alone, after a short wait): same pid, still running.
tm_tmux send-keys C-]
tm_wait "back to the table" table_shown
check "Ctrl-] comes back to the table" table_shown
check_eq "the process is still RUNNING with the same pid" "RUNNING $pid" \
    "$(tm_state echo) $(tm_pid echo)"
tc_wait_row echo "^ echo +RUNNING +$pid "
check "and the table says so" tc_row_has echo "^ echo +RUNNING +$pid "
tm_wait_log 'echo detached'
check "the detach is logged" grep -q 'echo detached' "$LOG"

# Enter attaches too, and what was printed before is there at once.
tm_tmux send-keys Enter
tm_wait "attached to echo" attached_to echo
check "Enter attaches" attached_to echo
check "what the process printed before is on screen at once" \
    tm_screen_has '^hello console$'
tm_tmux send-keys C-] C-] Enter
tm_wait_screen '^\^]$'
check "Ctrl-] twice sends one Ctrl-] to the process" tm_screen_has '^\^]$'
check "and does not detach" attached_to echo
tm_tmux send-keys C-] x
tm_wait "back to the table" table_shown
check "Ctrl-] then another key detaches at once" table_shown

# A stopped process cannot be attached; :attach NAME works.
tm_tmux send-keys End
tc_wait_selected idle
tm_tmux send-keys a
tc_wait_message 'start it first'
check_eq "a on a stopped process explains" "idle is STOPPED: start it first (s)" \
    "$(tc_message)"
check "and stays on the table" table_shown
# By now the x typed after Ctrl-] above would have done its harm.
check_eq "the key after Ctrl-] was not taken as stop" "RUNNING $pid" \
    "$(tm_state echo) $(tm_pid echo)"
check "nor sent to the process" bash -c \
    "! $TASKMASTERCTL -s $SOCK tail echo | grep -q '^x$'"
tm_tmux send-keys : 'attach banner' Enter
tm_wait "attached to banner" attached_to banner
check ":attach NAME attaches" attached_to banner
check "showing its earlier output" tm_screen_has '^ready 42$'
tm_tmux send-keys C-]
tm_wait "back to the table" table_shown

# The pty takes the terminal's size (less the status line) and follows
# a resize of the window (SIGWINCH reaches the child).
tm_tmux send-keys : 'attach winsize' Enter
tm_wait "attached to winsize" attached_to winsize
tm_wait_screen '^size 29x100$'
check "attach gives the pty the terminal's size less the status line" \
    tm_screen_has '^size 29x100$'
tm_tmux resize-window -x 90 -y 20
tm_wait_screen '^size 19x90$'
check "a resize of the window reaches the attached child" \
    tm_screen_has '^size 19x90$'
check_eq "as the daemon's copy of its screen says too" "size 19x90" \
    "$(tc_ctl tail -n 1 winsize)"
check "the status line moves to the new last line" attached_to winsize
dpid=$(tc_ctl pid)
tm_tmux send-keys C-]
TM_DEADLINE=3 tm_wait "back to the table" table_shown
check \
    "after a resize Ctrl-] still detaches" table_shown
check \
    "after a resize the supervisor still answers" tc_ctl version
stuck_or_quit "$dpid"

# The table alone is redrawn at the new size after a resize, and keys
# still work afterwards.
tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
for n in echo banner winsize; do tm_wait_state $n RUNNING; done
tc_wait_row winsize RUNNING
dpid=$(tm_ctl pid)
tm_tmux resize-window -x 80 -y 24
line24() {
	[ "$(tm_screen | sed -n 24p)" = "$1" ]
}
tm_wait "redrawn at 80x24" line24 \
    'a attach  s start  x stop  r restart  : command  / filter  l log  ? help  q quit'
check_eq "after a resize the key bar is on the new last line" \
    'a attach  s start  x stop  r restart  : command  / filter  l log  ? help  q quit' \
    "$(tm_screen | sed -n 24p)"
tc_wait_row idle '^ idle +STOPPED +- '
check "and every row is still there" tc_row_has idle '^ idle +STOPPED +- '
tm_tmux send-keys j
TM_DEADLINE=3 tm_wait "banner selected" tc_is_selected banner
check \
    "after a resize the selection still moves" tc_is_selected banner
stuck_or_quit "$dpid"

tm_done
