#!/bin/bash
# A child flooding its pty: the output file still gets every byte, the
# daemon stays responsive, other processes' states stay exact, memory
# stays bounded, and once the flood is over the screen shows exactly the
# last lines written. (The figures themselves are measured by bench/.)
. "$(dirname "$0")/lib.sh"

LINES_OUT=400000		# 72 bytes each
BYTES=$((LINES_OUT * 72))
tm_config <<EOF
  flood:
    cmd: [$FIXTURES/tm-flood, "$BYTES"]
    stdout: $T/flood.out
    autorestart: never
    starttime: 0
    autostart: false
  victim:
    cmd: sleep 1000
    starttime: 0
    autorestart: always
  burst:
    cmd: [$FIXTURES/tm-flood, "4000000"]
    tty: false
    numprocs: 4
    stdout: $T/burst.out
    autostart: false
    autorestart: never
    starttime: 0
EOF
tm_start
tm_wait_state victim RUNNING
# A pty makes every LF a CR LF; the file gets LF back (raw_output: false).
"$FIXTURES/tm-flood" "$BYTES" > "$T/expected"

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$DPID/status"; }
rss0=$(rss)
tm_ctl start flood >/dev/null
maxlat=0
maxrss=$rss0
killed=
calls=0
while ! grep -q 'flood exited' "$LOG"; do
	start=$(date +%s%N)
	tm_ctl status victim >/dev/null
	lat=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$lat" -gt "$maxlat" ] && maxlat=$lat
	r=$(rss)
	[ "$r" -gt "$maxrss" ] && maxrss=$r
	calls=$((calls + 1))
	if [ -z "$killed" ] && [ "$calls" -eq 3 ]; then
		killed=$(tm_pid victim)
		kill -9 "$killed"
	fi
	sleep 0.05
done
echo "# $calls status calls during the flood, slowest ${maxlat} ms; RSS ${rss0} -> ${maxrss} kB"
check "status answered all through the flood (slowest ${maxlat} ms)" \
    test "$maxlat" -lt 1000
check "the flood lasted long enough to matter ($calls status calls)" \
    test "$calls" -ge 3
check "the output file has every byte, in order" \
    cmp -s "$T/expected" "$T/flood.out"
tm_wait_state victim RUNNING
check "a process killed during the flood was seen and restarted" \
    test -n "$killed" -a "$(tm_pid victim)" != "$killed"
check "memory stays bounded (RSS grew $(( (maxrss - rss0) / 1024 )) MB)" \
    test $((maxrss - rss0)) -lt 65536

# Once the flood is over, the screen holds exactly its last lines.
want=$(tail -n 3 "$T/expected" | tr -d '\r')
tm_wait "screen caught up" bash -c \
    "[ \"\$($TASKMASTERCTL -s $SOCK tail -n 3 flood)\" = \"$want\" ]"
check_eq "the screen shows the last lines written" "$want" \
    "$(tm_ctl tail -n 3 flood)"
check "the scrollback says what was not shown" bash -c \
    "$TASKMASTERCTL -s $SOCK tail -n 2000 flood | grep -Eq '^--- [0-9]+ bytes of output not shown'"

# Writers that exit with their pipes full: what is left in the pipe at
# exit is drained, all of it, before the stream is closed.
"$FIXTURES/tm-flood" 4000000 > "$T/burst.one"
tm_ctl start burst >/dev/null
for i in 0 1 2 3; do tm_wait_state "burst:$i" EXITED; done
check_eq "four writers exiting at once lose nothing" $((4 * 4000000)) \
    "$(stat -c %s "$T/burst.out")"

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
