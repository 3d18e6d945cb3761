#!/bin/bash
# Exhausted limits: out of file descriptors, accepting pauses (it spun,
# logging a line per try); a full disk under an output file loses what
# it cannot take, says so once, and resumes when space returns, the
# process running on and its screen complete; an output file at
# RLIMIT_FSIZE is the same (SIGXFSZ killed the daemon).
. "$(dirname "$0")/lib.sh"

# CPU time (ticks) the daemon has used.
cpu_ticks() {
	awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# writer FILE: one program writing numbered lines of 70 bytes to FILE,
# about 14 KB/s.
writer() {
	tm_config <<EOF
  writer:
    cmd: ["sh", "-c", "i=0; while :; do printf 'line %d %060d\\n' \$i 0; i=\$((i+1)); sleep 0.002; done"]
    starttime: 0
    stdout: $1
EOF
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

# --- A full disk under an output file.
if ! tm_small_fs 64k; then
	ok "# SKIP full disk: cannot mount a tmpfs here"
else
	head -c 40960 /dev/zero > "$T/small/filler"
	: > "$LOG"
	writer "$T/small/out"
	tm_start
	tm_wait_state writer RUNNING
	pid=$(tm_pid writer)
	tm_wait_log 'writer write .*/small/out: No space left on device'
	check "a full disk is logged with the file and the error" grep -Eq \
	    "write $T/small/out: No space left on device; [0-9]+ bytes lost so far" "$LOG"
	# The screen still has what the file lost.
	n1=$(tm_ctl tail -n 1 writer | awk '{ print $2 }')
	tm_wait "more output" bash -c "[ \"\$($TASKMASTERCTL -s $SOCK tail -n 1 writer | awk '{print \$2}')\" -gt $((n1 + 20)) ]"
	check "the screen goes on while the disk is full" \
	    test "$(tm_ctl tail -n 1 writer | awk '{ print $2 }')" -gt "$n1"
	check_eq "the process runs on" "$pid" "$(tm_pid writer)"
	check_eq "one log line, not one per write" 1 \
	    "$(grep -c 'No space left on device' "$LOG")"
	size=$(stat -c %s "$T/small/out")
	rm "$T/small/filler"
	tm_wait_log 'writer write .*/small/out: saving output again; [0-9]+ bytes were lost'
	check "space back: saving resumes, saying how much was lost" grep -Eq \
	    "write $T/small/out: saving output again; [0-9]+ bytes were lost" "$LOG"
	tm_wait "the file grows again" bash -c \
	    "[ \$(stat -c %s '$T/small/out') -gt $((size + 1000)) ]"
	check "the file grows again" test "$(stat -c %s "$T/small/out")" -gt "$size"
	check "what is written after is whole lines" bash -c \
	    "tail -n 2 '$T/small/out' | head -n 1 | tr -d '\\r' | grep -Eq '^line [0-9]+ 0+\$'"
	tm_stop
	check_eq "daemon exits 0" 0 $?
	tm_small_fs_done
fi

# --- RLIMIT_FSIZE: an output file at the limit (SIGXFSZ, then EFBIG).
: > "$LOG"
writer "$T/big.out"
tm_start
tm_wait_state writer RUNNING
pid=$(tm_pid writer)
prlimit --fsize=16384 --pid "$DPID"
tm_wait_log 'writer write .*/big.out: File too large'
check "a file at RLIMIT_FSIZE: the daemon lives" kill -0 "$DPID"
check "and logs it" grep -Eq \
    "write $T/big.out: File too large; [0-9]+ bytes lost so far" "$LOG"
check_eq "the process runs on" "$pid" "$(tm_pid writer)"
check "the file stopped at the limit" test "$(stat -c %s "$T/big.out")" -le 16384
tm_stop
check_eq "daemon exits 0" 0 $?
check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
