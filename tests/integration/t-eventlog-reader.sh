#!/bin/bash
# The event log to a reader that stops reading: a FIFO (a container's
# /dev/stdout is such a pipe) or the daemon's stderr with -n. The daemon
# goes on supervising and answering; lines wait for the reader (up to
# 1 MiB), then are dropped, counted, and the count is said once the
# reader catches up; the last lines reach it at exit.
. "$(dirname "$0")/lib.sh"

N=200
mkfifo "$T/ev.fifo" "$T/err.fifo"
# Held open for reading and writing by this shell, and never read: the
# daemon's writes fill the pipe and then would block.
exec 7<>"$T/ev.fifo" 8<>"$T/err.fifo"
# The smallest pipe there is (a page), so a few lines fill it.
python3 -c 'import fcntl
for fd in (7, 8):
    fcntl.fcntl(fd, 1031, 4096)  # F_SETPIPE_SZ'

cat >"$CONF" <<EOF
taskmaster:
  socket: $SOCK
  logfile: $T/ev.fifo
programs:
  w:
    cmd: sleep 100000
    tty: false
    numprocs: $N
    starttime: 0
EOF
"$TASKMASTERD" -n -c "$CONF" 2>>"$T/daemon.stderr" &
DPID=$!
tm_wait "daemon answers" tm_ctl version >/dev/null
tm_wait "all $N RUNNING" bash -c "[ \$($TASKMASTERCTL -s $SOCK status |
    grep -c RUNNING) = $N ]"
# queued FD: the bytes waiting in the pipe this shell holds as FD.
queued() {
	python3 -c 'import array, fcntl, sys, termios
a = array.array("i", [0])
fcntl.ioctl(int(sys.argv[1]), termios.FIONREAD, a)
print(a[0])' "$1"
}
drained() {
	[ "$(queued "$1")" = 0 ]
}
# shut_down_reading FD FILE: read FD's pipe into FILE, shut the daemon
# down meanwhile; the daemon exits 0.
shut_down_reading() {
	timeout 15 cat <&"$1" >"$2" &
	tm_wait "the reader has caught up" drained "$1"
	tm_ctl shutdown >/dev/null
	wait "$DPID"
	check_eq "the daemon exits 0" 0 $?
	DPID=
	wait
}
check "the pipe is full: its reader is behind" test "$(queued 7)" -ge 3900
check "status answers while the event log's reader sleeps" \
    eval 'timeout 5 "$TASKMASTERCTL" -s "$SOCK" status w:0 >/dev/null'

# What was held reaches the reader, in order, nothing lost.
timeout 2 cat <&7 >"$T/got1"
check "every start reached the reader" \
    test "$(grep -c 'entered RUNNING' "$T/got1")" = "$N"
check "the last one too" grep -q "w:$((N - 1)) entered RUNNING" "$T/got1"

# Over 1 MiB held: lines are dropped and counted, the daemon answers.
for i in $(seq 100); do
	tm_ctl signal WINCH all >/dev/null || break
done
check "status answers past 1 MiB held" \
    eval 'timeout 5 "$TASKMASTERCTL" -s "$SOCK" status w:0 >/dev/null'
timeout 3 cat <&7 >"$T/got2"
check "the reader is told how many lines it lost" grep -Eq \
    "the event log's reader fell behind: [0-9]+ lines were dropped" \
    "$T/got2"
check "no more held than 1 MiB and the pipe's page" \
    test "$(wc -c <"$T/got2")" -lt $((1024 * 1024 + 4096 + 4096))
shut_down_reading 7 "$T/got3"
check "the last line reaches the reader at exit" \
    grep -q "taskmasterd stopped" "$T/got3"

# -n without a file: stderr is the event log; its reader sleeps too. The
# descriptor the daemon inherited keeps its flags (its own is reopened).
sed -i '/logfile:/d' "$CONF"
"$TASKMASTERD" -n -c "$CONF" 2>"$T/err.fifo" &
DPID=$!
tm_wait "daemon answers" tm_ctl version >/dev/null
tm_wait "all $N RUNNING" bash -c "[ \$($TASKMASTERCTL -s $SOCK status |
    grep -c RUNNING) = $N ]"
check "stderr's reader asleep: status answers" \
    eval 'timeout 5 "$TASKMASTERCTL" -s "$SOCK" status w:0 >/dev/null'
check "the inherited stderr is still blocking" python3 -c '
import sys
f = open("/proc/%s/fdinfo/2" % sys.argv[1]).read()
sys.exit(int(f.split("flags:")[1].split()[0], 8) & 0o4000 != 0)' "$DPID"
shut_down_reading 8 "$T/got4"
check "stderr's reader gets every start" \
    test "$(grep -c 'entered RUNNING' "$T/got4")" = "$N"
check "and the last line" grep -q "taskmasterd stopped" "$T/got4"
check "no sanitizer report" bash -c "! grep -q Sanitizer '$T/daemon.stderr'"
tm_done
