#!/bin/bash
# Processes that die as soon as they start: N x "true" with autorestart
# always and starttime 0 must not take the daemon from its users (the
# reap loop restarted them inside itself and never came back), restarts
# are throttled to one a restart interval (1 s) per process, SIGTERM
# still stops everything at once, no zombie is left. A long-running
# process killed with -9 is still restarted at once, and what a leader
# that died left in its process group is killed before the restart.
. "$(dirname "$0")/lib.sh"

# ms since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# flap N: N x true, flapping, then status, SIGTERM, zombies.
flap() {
	local n=$1 t0 t1 worst=0 i rc
	tm_config <<EOF
  flap:
    cmd: /bin/true
    numprocs: $n
    autorestart: always
    starttime: 0
EOF
	: > "$LOG"
	tm_start
	tm_wait "$n flapping: every instance started" bash -c \
	    "[ \$(grep -c 'flap:[0-9]* spawned' '$LOG') -ge $n ]"
	for i in 1 2 3 4 5; do
		t0=$(now_ms)
		tm_ctl status >/dev/null 2>&1
		rc=$?
		t1=$(now_ms)
		[ $((t1 - t0)) -gt "$worst" ] && worst=$((t1 - t0))
	done
	check "$n flapping: status answers (rc $rc)" test "$rc" -eq 3 -o "$rc" -eq 0
	check "$n flapping: status answers in under 1 s (slowest ${worst} ms)" \
	    test "$worst" -lt 1000
	t0=$(now_ms)
	kill -TERM "$DPID"
	tm_wait "daemon exits on SIGTERM" bash -c "! kill -0 $DPID 2>/dev/null"
	t1=$(now_ms)
	wait "$DPID"
	rc=$?
	DPID=
	check_eq "$n flapping: SIGTERM stops the daemon (exit status)" 0 "$rc"
	check "$n flapping: SIGTERM stops the daemon promptly ($((t1 - t0)) ms)" \
	    test $((t1 - t0)) -lt 3000
	check "$n flapping: never 'entered RUNNING (pid 0)'" \
	    bash -c "! grep -q 'entered RUNNING (pid 0)' '$LOG'"
	check_eq "$n flapping: no process left behind" "" \
	    "$(pgrep -f "$T/" | grep -v "^$$\$" | xargs)"
}

# Start-up: 300 processes are started a slice of each loop turn at a
# time, and the socket is served in between (the batches ran back to
# back in one turn).
tm_config <<EOF
  many:
    cmd: sleep 1000
    numprocs: 300
    starttime: 0
EOF
: > "$LOG"
tm_start
# From its first answer on (the daemon's own start-up, under ASan on a
# loaded machine, is not what is measured): each answer while it starts.
worst=0
for i in 1 2 3 4 5; do
	t0=$(now_ms)
	tm_ctl version >/dev/null 2>&1
	t1=$(now_ms)
	[ $((t1 - t0)) -gt "$worst" ] && worst=$((t1 - t0))
done
n=$(grep -c 'many:[0-9]* spawned' "$LOG")
# Answered quickly, or answered at all before the last spawn (a slow,
# loaded machine): either way not after the whole batch.
check "starting 300: the socket answers meanwhile (slowest ${worst} ms, $n started)" \
    test "$worst" -lt 1000 -o "$n" -lt 300
tm_wait "300 started" bash -c "[ \$(grep -c 'many:[0-9]* entered RUNNING' '$LOG') -ge 300 ]"
tm_stop
check_eq "starting 300: daemon exits 0" 0 $?

flap 50
flap 300

# Throttling, one process: restarted at once the first time (it had
# never been restarted), then once a second, each restart logged.
tm_config <<EOF
  one:
    cmd: /bin/true
    autorestart: always
    starttime: 0
  long:
    cmd: sleep 1000
    starttime: 0
  leader:
    cmd: ["sh", "-c", "sleep 1234 & sleep 0.3; exit 1"]
    autorestart: always
    starttime: 0
EOF
: > "$LOG"
tm_start
tm_wait "one restarted three times" bash -c \
    "[ \$(grep -c 'one spawned' '$LOG') -ge 4 ]"
d=$(( $(tm_log_ms 'one spawned' 4) - $(tm_log_ms 'one spawned' 3) ))
check "restarts of one process come a restart interval apart (${d} ms)" \
    test "$d" -ge 950 -a "$d" -lt 1500
check "the wait is logged" grep -Eq \
    'one exited with 0 \(expected\); restart in [0-9]+ ms \(it started [0-9]+ ms ago\)' "$LOG"

# kill -9 of a process that ran longer than the interval: restarted at
# once, as before.
tm_wait_state long RUNNING
pid=$(tm_pid long)
t0=$(now_ms)
kill -KILL "$pid"
tm_wait "long restarted" bash -c "p=\$($TASKMASTERCTL -s $SOCK pid long); \
    [ -n \"\$p\" ] && [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ]"
d=$(( $(tm_log_ms 'long spawned' 2) - $(tm_log_ms 'long killed by SIGKILL') ))
check "kill -9 of a long-running process: restarted at once (${d} ms)" \
    test "$d" -lt 100
tm_wait_state long RUNNING

# A stop while the restart waits: disarmed, STOPPED, no restart after.
tm_ctl stop one >/dev/null 2>&1
tm_wait_state one STOPPED
n=$(grep -c 'one spawned' "$LOG")
tm_wait "the interval is over" sleep 1.2
check_eq "a stop disarms the armed restart" "$n" \
    "$(grep -c 'one spawned' "$LOG")"

# The leader dies, its worker "sleep 1234" would live on: it is killed
# before each restart, so there is never more than the current one.
tm_wait "leader restarted twice" bash -c \
    "[ \$(grep -c 'leader spawned' '$LOG') -ge 3 ]"
check "what a dead leader left in its group is killed" \
    test "$(pgrep -xf 'sleep 1234' | wc -l)" -le 1

tm_stop
check_eq "daemon exits 0" 0 $?
check_eq "no zombie left" "" "$(tm_zombies $$ | xargs)"
check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
