#!/bin/bash
# Alerts never in the way: with a webhook that never answers, its queue
# full and a flood of events, a kill -9 is still followed by a RUNNING
# replacement in under 100 ms, status, tail and reload answer at once,
# the queue stays bounded (what is dropped is logged); a target that
# answers 500 or refuses is tried 3 times and its cause logged; alert
# test answers after the timeout with the cause; the daemon's stop waits
# a bounded time for what is left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alert-lib.sh"

ph=$(recv_start http hang hang) || exit 1
p500=$(recv_start http fail 500) || exit 1
free=$(free_port)
alert_config "    hang:
      http: {url: \"http://127.0.0.1:$ph/\", timeout: 2}
      events: all
      limit: 100000/1h
    fail:
      http: {url: \"http://127.0.0.1:$p500/\"}
      events: daemon_start
    refused:
      http: {url: \"http://127.0.0.1:$free/\", timeout: 1}
      events: daemon_start" <<EOF
  sleeper:
    cmd: sleep 1000
    numprocs: 3
    starttime: 0
  flap:
    cmd: sh -c 'exit 0'
    numprocs: 10
    starttime: 0
    autorestart: always
    restart_interval: 0.1
EOF
tm_start

# A target that answers 500, one that refuses: 3 attempts, the cause.
tm_wait_log "alert fail: daemon_start not delivered: HTTP 500 \(3 attempts\)"
check "HTTP 500: logged with its cause" grep -q \
    "ERROR taskmaster alert fail: daemon_start not delivered: HTTP 500 (3 attempts)" \
    "$LOG"
check_eq "HTTP 500: 3 attempts received" 3 "$(recv_count fail)"
tm_wait_log "alert refused: daemon_start not delivered"
check "refused: logged with its cause" grep -Eq \
    "alert refused: daemon_start not delivered: .*(onnect|refused).* \(3 attempts\)" \
    "$LOG"

# The hanging target's queue fills up; what is dropped is said.
tm_wait_log "alert hang: queue full \(64 messages waiting for the target\): dropped flap:[0-9] (started|exited)"
queued=$(tm_ctl alerts | awk '$1 == "hang" { print $6 }')
check_eq "the queue is bounded" 64 "$queued"
check "dropped messages count as failed" test \
    "$(tm_ctl alerts | awk '$1 == "hang" { print $4 }')" -gt 0

tm_ctl stop flap:* >/dev/null
tm_wait "flap stopped" bash -c "! grep -q . <(\"$TASKMASTERCTL\" -s '$SOCK' status flap:* | grep -v STOPPED)"
# With the flood over, the queue still full and its target hung,
# supervision goes on as if there were no alert.
worst=0
for i in 1 2 3; do
	t0=$(now_ms)
	tm_ctl status >/dev/null
	t1=$(now_ms)
	[ $((t1 - t0)) -gt "$worst" ] && worst=$((t1 - t0))
done
check "status answers at once (slowest ${worst} ms)" test "$worst" -lt 500
t0=$(now_ms)
tm_ctl tail -n 5 sleeper:0 >/dev/null
t1=$(now_ms)
check "tail answers at once ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 500

# ms of the day, as the event log writes them.
day_ms() {
	date +%H:%M:%S.%N | awk '{ split($1, t, "[:.]"); print ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + int(substr(t[4], 1, 3)) }'
}
times=
for i in 0 1 2; do
	n=$(grep -c "sleeper:$i entered RUNNING" "$LOG")
	pid=$(tm_pid "sleeper:$i")
	t0=$(day_ms)
	kill -KILL "$pid"
	tm_wait "sleeper:$i back" bash -c \
	    "[ \$(grep -c 'sleeper:$i entered RUNNING' '$LOG') -gt $n ]"
	t1=$(tm_log_ms "sleeper:$i entered RUNNING" $((n + 1)))
	times="$times $((t1 - t0))"
done
median=$(tr ' ' '\n' <<<"$times" | grep . | sort -n | sed -n 2p)
check "kill -9 to RUNNING in under 100 ms while the target hangs (ms:$times)" \
    test "$median" -ge 0 -a "$median" -lt 100

# A reload answers at once too, and applies.
sed -i 's/limit: 100000\/1h/limit: 99999\/1h/' "$CONF"
t0=$(now_ms)
out=$(tm_ctl reload)
t1=$(now_ms)
check "reload answers at once ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 1000
check "reload: the alert changed in place" grep -qx \
    "alert hang: changed in place (limit changed)" <<<"$out"

# alert test on the hanging target: the answer after its timeout.
t0=$(now_ms)
out=$(tm_ctl alert test hang 2>&1)
rc=$?
t1=$(now_ms)
check_eq "alert test: exit 1 when the target hangs" 1 "$rc"
check "alert test: the cause ($out)" grep -Eq \
    "^alert hang: test message not delivered: .*[Tt]imed? ?out" <<<"$out"
check "alert test: answered after the 2 s timeout ($((t1 - t0)) ms)" \
    test $((t1 - t0)) -ge 1500 -a $((t1 - t0)) -lt 6000

# The stop waits for what is queued, a bounded time.
t0=$(now_ms)
tm_stop
rc=$?
t1=$(now_ms)
check_eq "daemon exits 0" 0 "$rc"
check "the stop waits at most 5 s for alerts ($((t1 - t0)) ms)" \
    test $((t1 - t0)) -lt 8000
check "the stop says what was not delivered" grep -Eq \
    "alerts: [0-9]+ messages? not delivered 5 s after the stop" "$LOG"
check "no sanitizer report" bash -c "! grep -q 'ERROR: \|runtime error' '$T/daemon.stderr'"
tm_done
