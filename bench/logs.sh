#!/bin/bash
# The output path with the file features on: a child writes SIZE bytes of
# 64-byte lines to a pipe (tty: false); taskmasterd copies them to a file
# plain, with rotation at 50MB, and with timestamps. Prints MB/s (from
# spawn to the last byte in the files) and the daemon's CPU seconds, the
# best of RUNS runs of each.
# Usage: bench/logs.sh [BUILDDIR] (default build/); SIZE, RUNS from env.
set -eu
B=${1:-build}
SIZE=${SIZE:-$((1024 * 1024 * 1024))}
RUNS=${RUNS:-3}
T=$(mktemp -d /tmp/tmlogs.XXXXXX)
trap 'rm -rf "$T"' EXIT
hz=$(getconf CLK_TCK)

run() {		# run MODE EXTRA-KEYS...: prints "MB/s cpu"
	local mode=$1 pid t0 t1 total want
	shift
	rm -rf "$T/out"; mkdir -p "$T/out"
	{
		echo "taskmaster:"
		echo "  socket: $T/s"
		echo "  logfile: $T/events.log"
		echo "programs:"
		echo "  w:"
		echo "    cmd: sh -c 'yes \$(printf %063d 0) | head -c $SIZE'"
		echo "    tty: false"
		echo "    starttime: 0"
		echo "    autorestart: never"
		echo "    stdout: $T/out/w.log"
		for k in "$@"; do echo "    $k"; done
	} >"$T/c.yaml"
	want=$SIZE
	[ "$mode" = stamps ] && want=$((SIZE + SIZE / 64 * 25))
	t0=$(date +%s%N)
	"$B/taskmasterd" -n -c "$T/c.yaml" 2>/dev/null &
	pid=$!
	while :; do
		total=$(cat "$T"/out/w.log* 2>/dev/null | wc -c)
		[ "$total" -ge "$want" ] && break
		sleep 0.01
	done
	t1=$(date +%s%N)
	cpu=$(awk -v hz="$hz" '{ printf "%.2f", ($14 + $15) / hz }' \
	    "/proc/$pid/stat")
	"$B/taskmasterctl" -s "$T/s" shutdown >/dev/null
	wait "$pid" || true
	echo "$(( SIZE / 1000 * 1000 / ((t1 - t0) / 1000) )) $cpu"
}

for mode in plain rotate stamps; do
	case $mode in
	plain)	keys=("stdout_maxbytes: 0") ;;
	rotate)	keys=("stdout_maxbytes: 50MB" "stdout_backups: 100") ;;
	stamps)	keys=("stdout_maxbytes: 0" "timestamps: true") ;;
	esac
	best=
	for i in $(seq "$RUNS"); do
		r=$(run "$mode" "${keys[@]}")
		if [ -z "$best" ] || [ "${r%% *}" -gt "${best%% *}" ]; then
			best=$r
		fi
	done
	printf '%-7s %5s MB/s  %s s daemon CPU\n' "$mode" "${best%% *}" \
	    "${best#* }"
done
