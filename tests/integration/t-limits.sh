#!/bin/bash
# Exhausted limits: out of file descriptors, accepting pauses (it spun,
# logging a line per try).
. "$(dirname "$0")/lib.sh"

# CPU time (ticks) the daemon has used.
cpu_ticks() {
	awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# --- EMFILE: a daemon with 40 fds, 60 connections held open.
tm_config <<EOF
  idle:
    cmd: sleep 1000
    starttime: 0
EOF
(ulimit -n 40; exec "$TASKMASTERD" -n -c "$CONF" 2>>"$T/daemon.stderr") &
DPID=$!
tm_wait "daemon answers" tm_ctl version
python3 - "$SOCK" "$T/hold.ready" > "$T/hold.out" 2>&1 <<'EOF' &
import socket, sys, time, os
conns = []
for i in range(60):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(sys.argv[1])
    except OSError:
        break
    conns.append(s)
open(sys.argv[2], "w").write("%d\n" % len(conns))
time.sleep(30)
EOF
HPID=$!
tm_wait_file "$T/hold.ready"
tm_wait_log 'accept: Too many open files'
t0=$(cpu_ticks "$DPID")
tm_wait "two seconds out of fds" sleep 2
t1=$(cpu_ticks "$DPID")
check "out of fds, the daemon does not spin ($((t1 - t0)) ticks in 2 s)" \
    test $((t1 - t0)) -lt 50
check_eq "out of fds, the event log says so once" 1 \
    "$(grep -c 'accept: ' "$LOG")"
kill "$HPID"
wait "$HPID" 2>/dev/null
tm_wait "status answers once fds are back" tm_ctl status idle
check "fds back, the daemon serves again" bash -c "$TASKMASTERCTL -s $SOCK status idle >/dev/null"
tm_stop
check_eq "daemon exits 0" 0 $?

check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
