#!/bin/bash
# Soak: everything at once for SOAK_SECONDS (20 in the default run; make
# soak runs 600): 100 long-lived processes killed with -9 at random, a
# program that exits at once restarting forever (the load that once
# froze the daemon), one that flaps, 50 clients asking status in a loop,
# reloads, and a subscriber that never reads. Afterwards every state is
# exact, nothing is left a zombie, and the daemon holds what it held
# before: the same descriptors, about the same memory, no sanitizer
# report.
. "$(dirname "$0")/lib.sh"

SECONDS_RUN=${SOAK_SECONDS:-20}
# Freed memory is given back at once, so RSS says what is held.
export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=1"

cfg() {
	tm_config <<EOF
  s:
    cmd: sleep 100000
    numprocs: 90
    starttime: 0
    restart_interval: 0
    tty: false
    stdout: discard
  t:
    cmd: sleep 100000
    numprocs: 10
    starttime: 0
    env: { ROUND: "$1" }
  instant:
    cmd: "true"
    numprocs: 5
    autorestart: always
    starttime: 0
    tty: false
  flap:
    cmd: sh -c 'sleep 0.0\$((\$\$ % 9)); exit 3'
    numprocs: 3
    autorestart: always
    starttime: 0
    startretries: 1000
EOF
}
cfg 0
tm_start
for i in 0 9; do tm_wait_state "t:$i" RUNNING; done
tm_wait "all s RUNNING" bash -c "[ \$($TASKMASTERCTL -s $SOCK status s |
    grep -c RUNNING) = 90 ]"

fds() { ls "/proc/$DPID/fd" | wc -l; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$DPID/status"; }
zombies() {
	ps -o stat= --ppid "$DPID" | grep -c '^Z' || true
}

# The storm, for $1 seconds.
storm() {
	local end=$(( $(date +%s) + $1 )) i
	# A subscriber that never reads.
	python3 - "$SOCK" <<'PY' &
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(sys.argv[1])
p = struct.pack("!I", 1) + b"subscribe\0"
s.sendall(struct.pack("!IHH", len(p), 100, 2) + p)
time.sleep(3600)
PY
	local sub=$! jobs=()
	# 50 status clients.
	for i in $(seq 50); do
		(while [ "$(date +%s)" -lt "$end" ]; do
			timeout 30 "$TASKMASTERCTL" -s "$SOCK" status \
			    >/dev/null 2>&1
			[ $? -eq 124 ] && echo timeout >>"$T/status-timeouts"
		done) &
		jobs+=($!)
	done
	# kill -9 at random, and a reload every 2 s.
	(n=0; while [ "$(date +%s)" -lt "$end" ]; do
		# From /proc, not the daemon: as fast as the kernel allows.
		for p in $(pgrep -P "$DPID" -x sleep); do
			kill -9 "$p" 2>/dev/null && n=$((n + 1))
		done
	done; echo "$n" >>"$T/kills") &
	jobs+=($!)
	(r=1; while [ "$(date +%s)" -lt "$end" ]; do
		sleep 2
		cfg "$r"
		"$TASKMASTERCTL" -s "$SOCK" reload >/dev/null 2>&1 ||
		    echo "reload $r failed" >>"$T/reload-failures"
		r=$((r + 1))
	done) &
	jobs+=($!)
	while [ "$(date +%s)" -lt "$end" ]; do sleep 0.5; done
	kill "$sub" 2>/dev/null
	# Not a bare wait: the daemon is one of our jobs too.
	wait "$sub" "${jobs[@]}" 2>/dev/null
}

# A first round warms the daemon up (buffers, tables, the allocator's
# arenas at their size); the second is measured against it... and the
# third against the second: what a round leaves behind shows as growth
# between the two.
settle() {
	tm_wait "all s RUNNING again" bash -c "[ \$($TASKMASTERCTL -s $SOCK \
	    status s | grep -c RUNNING) = 90 ]"
	tm_wait "t RUNNING again" bash -c "[ \$($TASKMASTERCTL -s $SOCK \
	    status t | grep -c RUNNING) = 10 ]"
}
storm 5
settle
fd0=$(fds)
storm "$((SECONDS_RUN / 2))"
settle
rss0=$(rss)
rm -f "$T/kills"
storm "$((SECONDS_RUN / 2))"
check "every status answered within 30 s" test ! -e "$T/status-timeouts"
check "every reload was applied" test ! -e "$T/reload-failures"
kills=$(cat "$T/kills" 2>/dev/null)
check "kill -9 by the hundred (${kills:-0}; make soak: thousands)" \
    test "${kills:-0}" -ge 100
settle
check "the daemon still answers" tm_ctl version

# Every RUNNING line names a live child of the daemon with that pid.
bad=0
while read -r name state _ pid _; do
	[ "$state" = RUNNING ] || continue
	pid=${pid%,}
	if [ "$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)" != "$DPID" ]; then
		echo "# $name: RUNNING with pid $pid, not a child of the daemon"
		bad=$((bad + 1))
	fi
done < <(tm_ctl status s t)
check_eq "every RUNNING line is exact" 0 "$bad"
tm_ctl stop instant flap >/dev/null
tm_wait "no zombie" test "$(zombies)" = 0
check_eq "no zombie left" 0 "$(zombies)"
# (At most: a client counted at the start may have been on its way out.)
tm_wait "descriptors back to $fd0" test "$(fds)" -le "$fd0"
check "the daemon's descriptors are back where they were ($fd0 -> $(fds))" \
    test "$(fds)" -le "$fd0"
rss1=$(rss)
check "its memory too ($rss0 -> $rss1 KiB)" \
    test "$rss1" -le $((rss0 + rss0 / 10 + 1024))
tm_stop
check_eq "the daemon exits 0" 0 $?
check "no sanitizer report" bash -c "! grep -Eq \
    'Sanitizer|runtime error' '$T/daemon.stderr'"
tm_done
