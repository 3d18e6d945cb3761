#!/bin/bash
# The console never stops supervision (it is a process of its own):
# Ctrl-Z suspends the console alone, as a job of the shell, while the
# supervisor goes on restarting and answering; fg brings the console
# back. A terminal that stops reading blocks the console alone. What a
# program sends to /dev/stdout never lands on the console's screen.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
SH=$(tc_bin sh)
FLOOD=$(tc_bin tm-flood)
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  flap:
    cmd: $SLEEP 0.1
    starttime: 0
    autorestart: always
  noisy:
    cmd: $SH -c 'while :; do echo NOISE-MARKER; $SLEEP 0.2; done'
    starttime: 0
    stdout: /dev/stdout
EOF

# How many times flap was spawned, from the event log.
spawns() {
	grep -c 'flap spawned' "$LOG"
}
# spawns_past N: flap was spawned more than N times.
spawns_past() {
	[ "$(spawns)" -gt "$1" ]
}
# The console: the supervisor's parent.
console_pid() {
	awk '{ print $4 }' "/proc/$(tm_ctl pid)/stat"
}
# proc_state PID: R, S, T (stopped)...
proc_state() {
	sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1
}
is_stopped() {
	[ "$(proc_state "$1")" = T ]
}
is_running() {
	[ -d "/proc/$1" ] && ! is_stopped "$1"
}

# An interactive shell, so there is job control to speak of.
tm_tmux_new 100 30 "env XDG_STATE_HOME=$XDG_STATE_HOME PS1='$ ' \
    bash --norc --noprofile -i"
tm_wait_screen '^\$'
tm_tmux send-keys "cd $T && $TASKMASTER -c $CONF" Enter
tm_wait "daemon answers" tm_ctl version
tc_wait_row web RUNNING
tc_wait_row noisy RUNNING
tm_wait "noisy printed" bash -c "$TASKMASTERCTL -s $SOCK tail noisy |
    grep -q NOISE-MARKER"
check "a program's /dev/stdout is not the console's screen" \
    tm_screen_lacks NOISE-MARKER
console=$(console_pid)
daemon=$(tm_ctl pid)
check "the console and the supervisor are two processes" \
    test -n "$console" -a "$console" != "$daemon"

# Ctrl-Z: the console stops, as a job; the shell has the terminal.
tm_tmux send-keys C-z
tm_wait_screen 'Stopped'
tm_wait "console stopped" is_stopped "$console"
check "Ctrl-Z stops the console" is_stopped "$console"
check "the shell says the job is stopped" tm_screen_has 'Stopped'
check "the supervisor is not stopped" is_running "$daemon"
before=$(spawns)
tm_wait "flap restarted while the console is stopped" spawns_past \
    $((before + 2))
check "a flapping program is still restarted while the console is stopped" \
    spawns_past $((before + 2))
tc_ctl status >"$T/status.out"
rc=$?
check "taskmasterctl status answers meanwhile" test "$rc" = 0 -o "$rc" = 3
check "and shows web running" grep -Eq '^web +RUNNING' "$T/status.out"
check "the console is still stopped" is_stopped "$console"

# fg: the console is back, current.
tm_tmux send-keys "fg" Enter
tc_wait_row web RUNNING
check "fg brings the console back" tc_row_has web RUNNING
check "the console runs again" is_running "$console"
check "same supervisor" test "$(tm_ctl pid)" = "$daemon"

# q, y: everything stops, both processes exit.
tm_tmux send-keys q
tc_wait_message '\(y/n\)$'
tm_tmux send-keys y
tm_wait "console gone" bash -c "! kill -0 $console 2>/dev/null"
tm_wait "supervisor gone" bash -c "! kill -0 $daemon 2>/dev/null"
check "quitting stops the supervisor" bash -c "! kill -0 $daemon 2>/dev/null"
check "the socket is removed" test ! -e "$SOCK"

# A terminal that stops reading: a pty whose other end is never read
# once the console has drawn, with a flood in the preview so that the
# console has plenty to write (random lines: a counter would change a
# few digits a frame, too little to fill the pty). Restarts and status
# go on.
tm_config <<EOF
  flood:
    cmd: base64 -w 96 /dev/urandom
    starttime: 0
  flap:
    cmd: $SLEEP 0.1
    starttime: 0
    autorestart: always
EOF
: >"$LOG"
python3 - "$TASKMASTER" "$CONF" >"$T/stall.pid" <<'EOF' &
import fcntl, os, pty, select, struct, sys, termios, time
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execv(sys.argv[1], [sys.argv[1], "-c", sys.argv[2]])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
seen, end = b"", time.time() + 10
while b"flood" not in seen and time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
print(pid, flush=True)
time.sleep(3600)
EOF
stall=$!
tm_wait "daemon answers" tm_ctl version
tm_wait "the console has drawn" test -s "$T/stall.pid"
console=$(cat "$T/stall.pid")
daemon=$(tm_ctl pid)
flood=$(tm_ctl pid flood)
# The console is blocked writing to its terminal (write is syscall 1).
blocked() {
	[ "$(cut -d' ' -f1 "/proc/$console/syscall" 2>/dev/null)" = 1 ]
}
tm_wait "console blocked in write" blocked
check "the console is blocked writing to a terminal nobody reads" blocked
before=$(spawns)
tm_wait "flap restarted while the console is blocked" spawns_past \
    $((before + 2))
check "restarts go on while the console is blocked" \
    spawns_past $((before + 2))
check "status answers within 2 s" timeout 2 "$TASKMASTERCTL" -s "$SOCK" \
    status flood
check "the console is still blocked" blocked

# The terminal goes away: the console ends, the supervisor stops all.
kill "$stall"
tm_wait "console gone" bash -c "! kill -0 $console 2>/dev/null"
check "a terminal that goes away ends the console" \
    bash -c "! kill -0 $console 2>/dev/null"
tm_wait "supervisor gone" bash -c "! kill -0 $daemon 2>/dev/null"
check "and the supervisor stops everything and exits" \
    bash -c "! kill -0 $daemon 2>/dev/null"
check "the event log says why" grep -q 'the console is gone' "$LOG"
check "nothing it ran is left" bash -c "! kill -0 $flood 2>/dev/null"

tm_done
