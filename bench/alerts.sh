#!/bin/bash
# Benchmark k: does alerting slow supervision? 1000 processes crash-loop
# (each exits 1 after 0.3 s and is restarted) with, or without, an alert
# on "crashed" to a local HTTP receiver. Measured each way: kill -9 of a
# steady process to its replacement RUNNING (from the event log's own
# timestamps, KILLS times), and the time of "status" for all 1001
# processes (STATUS calls); with alerts, the messages sent and suppressed.
# Usage: bench/alerts.sh [BUILDDIR] (default build/).
set -eu
B=$(cd "${1:-build}" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000}
KILLS=${KILLS:-10}
STATUS=${STATUS:-10}
SETTLE=${SETTLE:-10}
T=$(mktemp -d /tmp/tmalerts.XXXXXX)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT

python3 "$SRC/tests/integration/alert-recv.py" http "$T/recv.out" \
    "$T/recv.port" &
PIDS+=($!)
while [ ! -s "$T/recv.port" ]; do sleep 0.05; done
port=$(cat "$T/recv.port")

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ms() { date +%s%3N; }

run() {		# run on|off: prints "kill-ms status-ms sent suppressed"
	local mode=$1 d i pid t0 lat st
	rm -f "$T/events.log"
	{
		echo "taskmaster:"
		echo "  socket: $T/s"
		echo "  logfile: $T/events.log"
		if [ "$mode" = on ]; then
			echo "  alerts:"
			echo "    hook:"
			echo "      http: {url: \"http://127.0.0.1:$port/hook\"}"
			echo "      events: [crashed]"
		fi
		echo "programs:"
		echo "  crash:"
		echo "    cmd: sh -c 'sleep 0.3; exit 1'"
		echo "    numprocs: $N"
		echo "    tty: false"
		echo "    starttime: 0"
		echo "    autorestart: always"
		echo "  victim:"
		echo "    cmd: sleep 100000"
		echo "    starttime: 0"
	} >"$T/c.yaml"
	"$B/taskmasterd" -n -c "$T/c.yaml" 2>/dev/null &
	d=$!
	until "$B/taskmasterctl" -s "$T/s" version >/dev/null 2>&1; do
		sleep 0.05
	done
	sleep "$SETTLE"
	: >"$T/lat"
	for i in $(seq "$KILLS"); do
		pid=$("$B/taskmasterctl" -s "$T/s" pid victim)
		kill -9 "$pid"
		until [ "$(grep 'victim entered RUNNING' "$T/events.log" |
		    tail -n 1 | sed 's/.*pid \([0-9]*\).*/\1/')" != "$pid" ]; do
			sleep 0.01
		done
		# The event log's timestamps: the exit seen, then RUNNING.
		grep -E "victim (exited|killed|entered RUNNING)" "$T/events.log" |
		    tail -n 2 | awk '{ split($2, t, /[:.]/);
		    m = ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4];
		    if (NR == 1) a = m; else print m - a }' >>"$T/lat"
		sleep 1.2	# past restart_interval: a restart at once
	done
	lat=$(median <"$T/lat")
	: >"$T/st"
	for i in $(seq "$STATUS"); do
		t0=$(ms)
		"$B/taskmasterctl" -s "$T/s" status >/dev/null || true
		echo $(( $(ms) - t0 )) >>"$T/st"
	done
	st=$(median <"$T/st")
	sent=- supp=-
	if [ "$mode" = on ]; then
		read -r sent supp < <("$B/taskmasterctl" -s "$T/s" alerts |
		    awk 'NR == 2 { print $3, $5 }')
	fi
	"$B/taskmasterctl" -s "$T/s" shutdown >/dev/null
	wait "$d" || true
	echo "$lat $st $sent $supp"
}

for mode in off on; do
	read -r lat st sent supp < <(run "$mode")
	printf 'alerts %-3s  kill -9 -> RUNNING %s ms  status %s ms  sent %s  suppressed %s\n' \
	    "$mode" "$lat" "$st" "$sent" "$supp"
done
