#!/bin/bash
# Deadlines are measured from when things happened, not from when the
# event loop last woke up: a process started late in a busy loop turn
# (the fiftieth of a batch) still becomes RUNNING only after starttime,
# and a retry still waits its whole backoff delay. The times are read
# from the event log, whose lines are written a moment after the facts:
# a busy machine (forks under ASan, other suites) preempts the daemon in
# between by up to tens of ms, so 50 ms of slack (they came up to 370 ms
# early).
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  many:
    cmd: sleep 1000
    numprocs: 40
    starttime: 1
  failing:
    cmd: ["sh", "-c", "sleep 0.2; exit 1"]
    numprocs: 20
    starttime: 1
    startretries: 1
EOF
tm_start

for i in $(seq 0 39); do
	tm_wait_state "many:$i" RUNNING || break
done
# The shortest STARTING -> RUNNING among the 40.
short=100000
for i in $(seq 0 39); do
	up=$(( $(tm_log_ms "many:$i entered RUNNING") - \
	    $(tm_log_ms "many:$i spawned") ))
	[ "$up" -lt "$short" ] && short=$up
done
check "no process is RUNNING before its starttime of 1 s (shortest ${short} ms)" \
    test "$short" -ge 950

for i in $(seq 0 19); do
	tm_wait_state "failing:$i" FATAL || break
done
short=100000
for i in $(seq 0 19); do
	d=$(( $(tm_log_ms "failing:$i spawned" 2) - \
	    $(tm_log_ms "failing:$i exited" 1) ))
	[ "$d" -lt "$short" ] && short=$d
done
check "no retry comes before its backoff of 1 s (shortest ${short} ms)" \
    test "$short" -ge 950

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
