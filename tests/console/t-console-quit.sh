#!/bin/bash
# Leaving taskmaster (SPEC section 8): without a terminal it refuses to
# start; q asks before stopping what runs, n keeps everything, y stops
# every process and exits; SIGTERM does the same; every way out gives
# the terminal back as it was.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  worker:
    cmd: $(tc_bin cat)
    starttime: 0
  idle:
    cmd: $SLEEP 1000
    autostart: false
EOF

# No terminal: a clear message, exit 1, nothing started.
"$TASKMASTER" -c "$CONF" </dev/null >"$T/noterm.out" 2>"$T/noterm.err"
check_eq "without a terminal taskmaster exits 1" 1 $?
check "and says it needs one" grep -q 'the console needs a terminal' \
    "$T/noterm.err"
check "and points to taskmasterd" grep -q 'taskmasterd' "$T/noterm.err"
check_eq "nothing on stdout" "" "$(cat "$T/noterm.out")"
tm_ctl status >/dev/null 2>&1
check_eq "no supervisor was left behind (taskmasterctl finds none)" 4 $?
check "and no process was started" test ! -e "$LOG" -o ! -s "$LOG"

# q with processes running asks first; n keeps everything.
tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
tm_wait_state web RUNNING
tm_wait_state worker RUNNING
tc_wait_row worker RUNNING
check "while the console runs, the terminal is in its alternate screen" \
    test "$(tc_tty_modes | cut -d' ' -f1)" = 1
web=$(tm_pid web)
worker=$(tm_pid worker)
tm_tmux send-keys q
tc_wait_message '\(y/n\)$'
check_eq "q asks, counting what runs" \
    "2 processes are running: stop them all and quit? (y/n)" "$(tc_message)"
tm_tmux send-keys n
tc_wait_message '^Not quitting\.$'
check "n refuses, and says so" tc_message_has '^Not quitting\.$'
check_eq "n keeps every process running with the same pid" \
    "RUNNING $web RUNNING $worker" \
    "$(tm_state web) $(tm_pid web) $(tm_state worker) $(tm_pid worker)"
check "the console is still there" tm_screen_has '^ taskmaster  '
tm_tmux send-keys C-c
tc_wait_message '\(y/n\)$'
check "Ctrl-C asks too" tc_message_has \
    '^2 processes are running: stop them all and quit\? \(y/n\)$'
tm_tmux send-keys x
tc_wait_message '^Not quitting\.$'
check "any key but y refuses" tc_message_has '^Not quitting\.$'
check_eq "and x was not taken as stop" "RUNNING $web" \
    "$(tm_state web) $(tm_pid web)"

# y stops everything gracefully, exits 0 and restores the terminal.
tm_ctl stop worker >/dev/null
tc_wait_row worker STOPPED
tm_tmux send-keys q
tc_wait_message '\(y/n\)$'
check_eq "with one process running the question says so" \
    "1 process is running: stop it and quit? (y/n)" "$(tc_message)"
tm_tmux send-keys y
tc_wait_gone
check "y quits with status 0" tm_screen_has '^EXIT=0$'
check "the terminal is restored" tc_restored
check "nothing of the console is left on the screen" \
    tm_screen_lacks '(taskmaster|RUNNING|a attach)'
check "the process was stopped gracefully first" \
    grep -q "web stop requested: SIGTERM to pid $web" "$LOG"
check "and is gone" bash -c "! kill -0 $web 2>/dev/null"
tm_ctl status >/dev/null 2>&1
check_eq "the supervisor is gone" 4 $?
check "its socket is removed" test ! -e "$SOCK"

# With nothing running, q quits at once.
tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
tm_wait_state web RUNNING
tm_wait_state worker RUNNING
tm_ctl stop web worker >/dev/null
tc_wait_row web STOPPED
tc_wait_row worker STOPPED
tm_tmux send-keys q
tc_wait_gone
check "with nothing running q quits without asking" tm_screen_has '^EXIT=0$'
check "the terminal is restored" tc_restored

# SIGTERM: every process stopped, the terminal restored.
tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
tm_wait_state web RUNNING
tm_wait_state worker RUNNING
tc_wait_row worker RUNNING
web=$(tm_pid web)
worker=$(tm_pid worker)
kill -TERM "$(tm_ctl pid)"
tc_wait_gone
check "SIGTERM: taskmaster exits 0" tm_screen_has '^EXIT=0$'
check "SIGTERM: the terminal is restored" tc_restored
check "SIGTERM: nothing of the console is left on the screen" \
    tm_screen_lacks '(taskmaster|RUNNING|a attach)'
check "SIGTERM: every process was stopped gracefully" bash -c "
    grep -q 'web stop requested: SIGTERM to pid $web' $LOG &&
    grep -q 'worker stop requested: SIGTERM to pid $worker' $LOG"
check "SIGTERM: no process is left" \
    bash -c "! kill -0 $web 2>/dev/null && ! kill -0 $worker 2>/dev/null"
check "SIGTERM: the socket is removed" test ! -e "$SOCK"

tm_done
