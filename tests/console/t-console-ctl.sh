#!/bin/bash
# The same console driven through taskmasterctl against taskmasterd
# (SPEC section 8): the table, keys and commands act on the daemon, attach
# and detach, changes from elsewhere show up, q leaves the console and
# the daemon goes on, the history is shared with the next run, and the
# daemon going away ends the console cleanly.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  worker:
    cmd: $SLEEP 1000
    starttime: 0
    numprocs: 2
  echo:
    cmd: $(tc_bin cat)
    starttime: 0
  idle:
    cmd: $SLEEP 1000
    autostart: false
EOF
tm_start
for n in web worker:0 worker:1 echo; do tm_wait_state $n RUNNING; done

# Without a terminal and without a command: usage, exit 2.
"$TASKMASTERCTL" -s "$SOCK" </dev/null >/dev/null 2>"$T/usage.err"
check_eq "taskmasterctl with no command and no terminal is a usage error" \
    2 $?
check "and prints the usage" grep -q '^usage: taskmasterctl' "$T/usage.err"

tc_ctl_console 100 30
tc_wait_row echo RUNNING
check "the console opens on the daemon's processes" \
    tm_screen_has '^ taskmaster  '
check_eq "every process has its row, in status order" \
    "$(tm_ctl status | awk '{ print $1 }' | xargs)" "$(tc_names | xargs)"
for n in web worker:0 worker:1 echo idle; do
	pid=$(tm_pid $n)
	[ -z "$pid" ] || [ "$pid" = 0 ] && pid=-
	check_eq "row of $n: state and pid as taskmasterctl says" \
	    "$n $(tm_state $n) $pid" "$(tc_row $n | awk '{ print $1, $2, $3 }')"
done
check "the key bar is there" tm_screen_has \
    '^a attach  s start  x stop  r restart  : command  / filter  l log  \? help  q quit$'

# Keys and commands act on the daemon.
tc_wait_selected web
tm_tmux send-keys x
tm_wait_state web STOPPED
check_eq "x stops the selection in the daemon" STOPPED "$(tm_state web)"
tc_wait_row web '^ web +STOPPED +- '
check "the table follows" tc_row_has web '^ web +STOPPED +- '
tm_tmux send-keys s
tm_wait_state web RUNNING
check_eq "s starts it again" RUNNING "$(tm_state web)"
tm_tmux send-keys j
tc_wait_selected worker:0
old=$(tm_pid worker:0)
tm_tmux send-keys r
tm_wait "worker:0 restarted" bash -c "p=\$($TASKMASTERCTL -s $SOCK pid worker:0) &&
    [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
tm_wait_state worker:0 RUNNING
check "r restarts one process of a group (new pid)" \
    test "$(tm_pid worker:0)" != "$old"
tm_tmux send-keys : 'stop worker' Enter
tm_wait_state worker:0 STOPPED
tm_wait_state worker:1 STOPPED
check_eq ":stop PROGRAM stops the whole group" "STOPPED STOPPED" \
    "$(tm_state worker:0) $(tm_state worker:1)"
tm_tmux send-keys : 'start worker:1' Enter
tm_wait_state worker:1 RUNNING
check_eq ":start NAME:N starts one of them" "STOPPED RUNNING" \
    "$(tm_state worker:0) $(tm_state worker:1)"
tc_wait_message '^worker:1: started$'
check "with the answer on the message line" tc_message_has '^worker:1: started$'

# Attach, type, detach: same pid, still running.
tm_tmux send-keys End k
tc_wait_selected echo
pid=$(tm_pid echo)
tm_tmux send-keys a
tm_wait_screen '^ echo  RUNNING .*Ctrl-\] detach ?$'
check "a attaches" tm_screen_has '^ echo  RUNNING .*Ctrl-\] detach ?$'
tm_tmux send-keys 'through the daemon' Enter
tm_wait "echo and output" tc_screen_count '^through the daemon$' 2
check_eq "typed text reaches the process" 2 \
    "$(tm_screen | grep -c '^through the daemon$')"
tm_tmux send-keys C-]
tm_wait_screen '^ NAME +STATE +PID'
check "Ctrl-] comes back to the table" tm_screen_has '^ NAME +STATE +PID'
check_eq "the process goes on with the same pid" "RUNNING $pid" \
    "$(tm_state echo) $(tm_pid echo)"

# A change from another terminal shows by itself.
tm_ctl stop web >/dev/null
tc_wait_row web '^ web +STOPPED +- '
check "a stop from another taskmasterctl shows without a key" \
    tc_row_has web '^ web +STOPPED +- '
tm_ctl start web >/dev/null
tc_wait_row web "^ web +RUNNING +$(tm_pid web) "

# q leaves the console at once; the daemon and its processes stay.
before=$(tm_ctl status | awk '{ print $1, $2, $4 }')
tm_tmux send-keys : 'pid echo' Enter
tc_wait_message "^$pid$"
tm_tmux send-keys q
tc_wait_gone
check "q leaves without asking, status 0" tm_screen_has '^EXIT=0$'
check "the terminal is restored" tc_restored
check "nothing of the console is left on the screen" \
    tm_screen_lacks '(RUNNING|a attach)'
check_eq "the daemon goes on, every process as it was" "$before" \
    "$(tm_ctl status | awk '{ print $1, $2, $4 }')"
check "the daemon logged no stop" bash -c "! grep -q 'shutting down' $LOG"

# The next run finds the history.
tc_ctl_console 100 30
tc_wait_row echo RUNNING
tm_tmux send-keys : Up
tc_wait_message '^:pid echo$'
check "the next console run recalls the last command" \
    tc_message_has '^:pid echo$'
tm_tmux send-keys Up
tc_wait_message '^:start worker:1$'
check "and the ones before" tc_message_has '^:start worker:1$'
tm_tmux send-keys Escape

# The daemon going away ends the console, with a reason and status 1.
tm_stop
check_eq "the daemon shut down from elsewhere exits 0" 0 $?
tc_wait_gone
check "the console ends with status 1" tm_screen_has '^EXIT=1$'
check "and says why" tm_screen_has \
    '^taskmasterctl: the daemon closed the connection$'
check "the terminal is restored" tc_restored

# No daemon: the console does not start, and names the socket.
tc_ctl_console 100 30
tc_wait_gone
check "no daemon: exit 4" tm_screen_has '^EXIT=4$'
check "naming the socket" tm_screen_has "^taskmasterctl: .*$SOCK"
check "the terminal is untouched" tc_restored

tm_done
