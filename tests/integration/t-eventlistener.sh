#!/bin/bash
# supervisord's event listeners: [eventlistener:x] runs a program that is
# sent the events it asked for, one at a time, with supervisord's header
# and payloads, and answers READY / RESULT. Checked with a listener
# written to the protocol (listener-ack.py), with the shell script real
# containers use to stop supervisord when a program dies, and with
# listeners that break the rules or stop reading.
. "$(dirname "$0")/lib.sh"

ACK="python3 $SRCDIR/tests/integration/listener-ack.py"
GOT="$T/got"
CONF="$T/tm.conf"
# ini: the config, the daemon's sections and then what is on stdin.
ini() {
	{
		printf '[unix_http_server]\nfile=%s\n' "$SOCK"
		printf '[supervisord]\nlogfile=%s\npidfile=%s\n' "$LOG" \
		    "$T/tm.pid"
		cat
	} >"$CONF"
}
ini <<EOF
[program:app]
command=sh -c 'trap "sleep 0.5; exit 0" TERM; while :; do sleep 0.05; done'
startsecs=0
priority=5

[program:broken]
command=/no/such/program
startretries=0

[eventlistener:mon]
command=$ACK $GOT
events=PROCESS_STATE,SUPERVISOR_STATE_CHANGE
environment=FAIL_FIRST="1"

[eventlistener:deaf]
command=sleep 100000
events=PROCESS_STATE_RUNNING
buffer_size=2
EOF

out=$("$TASKMASTERD" --check -c "$CONF" 2>&1)
check_eq "--check: listeners are programs" "$CONF: OK (4 programs)" "$out"

tm_start
tm_wait_state app RUNNING
tm_wait_state broken FATAL
tm_wait_state mon RUNNING
check "mon got app's RUNNING" tm_wait "app RUNNING event" grep -q \
    "^PROCESS_STATE_RUNNING pool=mon .* processname:app groupname:app from_state:STARTING pid:$(tm_pid app)\$" "$GOT"
check "mon got broken's FATAL, no pid" tm_wait "broken FATAL event" \
    grep -q "^PROCESS_STATE_FATAL pool=mon .* processname:broken groupname:broken from_state:STARTING\$" "$GOT"
check "STARTING says its tries" grep -q \
    "^PROCESS_STATE_STARTING pool=mon .* processname:app groupname:app from_state:STOPPED tries:0\$" "$GOT"
check "SUPERVISOR_STATE_CHANGE_RUNNING has no payload" grep -q \
    "^SUPERVISOR_STATE_CHANGE_RUNNING pool=mon serial=[0-9]* poolserial=0 \$" "$GOT"

# FAIL_FIRST=1: the first event was rejected, then sent again, same serial.
first=$(head -n 1 "$GOT")
check_eq "a rejected event comes again" "$first" "$(sed -n 2p "$GOT")"
check "the event log says it was rejected" grep -q \
    "mon event 0 was rejected" "$LOG"

# Serials: one more each event; the pool's, counted in the pool.
check_eq "pool serials follow each other" "" "$(sed 1d "$GOT" |
    sed -n 's/.* poolserial=\([0-9]*\) .*/\1/p' |
    awk 'NR > 1 && $1 != prev + 1 { print "gap after " prev } { prev = $1 }')"

# deaf never says READY: its buffer keeps 2, the rest is said lost.
check "a full buffer drops the oldest, saying so" tm_wait "overflow" \
    grep -q "pool deaf event buffer overflowed, discarding event" "$LOG"

# A reload of buffer_size, the pool full: in place, its events kept.
pid=$(tm_pid deaf)
sed -i 's/^buffer_size=2$/buffer_size=5/' "$CONF"
check "buffer_size: reloaded in place" grep -q \
    "^deaf: updated in place (buffer_size changed)" <<<"$(tm_ctl reload 2>&1)"
check_eq "buffer_size: deaf keeps its pid" "$pid" "$(tm_pid deaf)"

# [group:x] of two programs is one group: one PROCESS_GROUP_ADDED when a
# reload adds it. A reload that takes a member out or brings one in
# while the group lives on rebuilds it (REMOVED, then ADDED, as
# supervisord); one that removes it says REMOVED once.
cp "$CONF" "$T/nogroup.conf"
listener() {
	printf '[eventlistener:groups]\ncommand=%s\nevents=PROCESS_GROUP\n' \
	    "$ACK $T/groups"
}
{
	cat "$T/nogroup.conf"
	printf '[program:g1]\ncommand=sleep 100000\n'
	printf '[program:g2]\ncommand=sleep 100000\n'
	printf '[group:grp]\nprograms=g1,g2\n'
	listener
} >"$CONF"
tm_ctl reload >/dev/null 2>&1
tm_wait_state groups RUNNING
check "a group added is announced" tm_wait "GROUP_ADDED" grep -q \
    "^PROCESS_GROUP_ADDED pool=groups .* groupname:grp[\\]n\$" "$T/groups"
{
	cat "$T/nogroup.conf"
	printf '[program:g1]\ncommand=sleep 100000\n'
	printf '[group:grp]\nprograms=g1\n'
	listener
} >"$CONF"
tm_ctl reload >/dev/null 2>&1
grp_events() {
	sed -n 's/^PROCESS_GROUP_\([A-Z]*\) .*groupname:grp[\]n$/\1/p' \
	    "$T/groups" | paste -sd' '
}
grp_events_are() {
	test "$(grp_events)" = "$1"
}
check "a member removed, the group lives on: removed and added again" \
    tm_wait "the group rebuilt" grp_events_are "ADDED REMOVED ADDED"
{
	cat "$T/nogroup.conf"
	printf '[program:g1]\ncommand=sleep 100000\n'
	printf '[program:g3]\ncommand=sleep 100000\n'
	printf '[group:grp]\nprograms=g1,g3\n'
	listener
} >"$CONF"
tm_ctl reload >/dev/null 2>&1
check "a member added to a live group: removed and added again" \
    tm_wait "the group rebuilt" grp_events_are \
    "ADDED REMOVED ADDED REMOVED ADDED"
{
	cat "$T/nogroup.conf"
	listener
} >"$CONF"
tm_ctl reload >/dev/null 2>&1
check "a group removed is announced" \
    tm_wait "GROUP_REMOVED" grp_events_are \
    "ADDED REMOVED ADDED REMOVED ADDED REMOVED"
# One event more, so a second REMOVED would be in the file by then.
printf '[program:late]\ncommand=sleep 100000\n' >>"$CONF"
tm_ctl reload >/dev/null 2>&1
tm_wait "the next event" grep -q "groupname:late[\\]n\$" "$T/groups"
check_eq "each once a reload, not once a member" \
    "ADDED REMOVED ADDED REMOVED ADDED REMOVED" "$(grp_events)"

# An exit of app: EXITED with expected and pid.
pid=$(tm_pid app)
kill -9 "$pid"
check "EXITED says expected and pid" tm_wait "EXITED event" grep -q \
    "^PROCESS_STATE_EXITED pool=mon .* processname:app groupname:app from_state:RUNNING expected:0 pid:$pid\$" "$GOT"

# The listener killed: restarted like any program, and it goes on.
lpid=$(tm_pid mon)
kill -9 "$lpid"
tm_wait "mon restarted" bash -c "p=\$($TASKMASTERCTL -s $SOCK pid mon); [ \"\$p\" != $lpid ] && [ \"\$p\" != 0 ]"
tm_wait_state mon RUNNING
n=$(wc -l <"$GOT")
tm_ctl stop app >/dev/null
check "a restarted listener gets events again" tm_wait "STOPPED event" \
    bash -c "tail -n +$((n + 1)) '$GOT' | grep -q '^PROCESS_STATE_STOPPED pool=mon .* processname:app '"
check "the daemon still answers" tm_ctl version
# At shutdown the listeners (priority 0) stop last: app's slow stop
# leaves mon the time to take the event.
tm_ctl start app >/dev/null
tm_stop
check_eq "daemon exits 0" 0 $?
check "SUPERVISOR_STATE_CHANGE_STOPPING at shutdown" grep -q \
    "^SUPERVISOR_STATE_CHANGE_STOPPING pool=mon" "$GOT"

# A listener that breaks the protocol gets no more events, and says so.
ini <<EOF
[program:app]
command=sleep 100000
startsecs=0
[eventlistener:rude]
command=sh -c 'echo hello; exec sleep 100000'
events=PROCESS_STATE
EOF
tm_start
tm_wait_state rude RUNNING
check "a protocol violation: UNKNOWN, said" tm_wait "UNKNOWN" grep -q \
    "rude not READY: has entered the UNKNOWN state" "$LOG"
check "the listener itself keeps running" tm_is_state rude RUNNING
tm_stop

# The script real containers use: any event stops supervisord.
cat >"$T/stop-supervisor.sh" <<'EOF'
#!/bin/sh
printf "READY\n"
while read -r line; do
	echo "Processing Event: $line" >&2
	kill -3 "$(cat "$PIDFILE")"
done </dev/stdin
EOF
chmod +x "$T/stop-supervisor.sh"
ini <<EOF
[program:app]
command=sh -c 'while [ ! -e $T/die ]; do sleep 0.05; done; exit 1'
startsecs=1
startretries=0
autorestart=false
[eventlistener:processes]
command=$T/stop-supervisor.sh
environment=PIDFILE="$T/tm.pid"
events=PROCESS_STATE_EXITED, PROCESS_STATE_FATAL
stderr_logfile=$T/listener.err
EOF
tm_start
tm_wait_state app RUNNING
tm_wait_state processes RUNNING
touch "$T/die"
check "stop-supervisor.sh stops the daemon" tm_wait_log "taskmasterd stopped"
wait "$DPID"
DPID=
check "its stderr shows the header it read" grep -q \
    "Processing Event: ver:3.0 server:supervisor serial:[0-9]* pool:processes poolserial:0 eventname:PROCESS_STATE_EXITED len:[0-9]*" \
    "$T/listener.err"

# YAML: events makes a listener, on pipes; TICK_5 comes on the clock.
CONF="$T/tm.yaml"
tm_config <<EOF
  ticker:
    cmd: $ACK $T/ticks
    events: TICK_5
EOF
tm_start
check "TICK_5: when is a multiple of 5" tm_wait "a tick" grep -Eq \
    "^TICK_5 pool=ticker serial=0 poolserial=0 when:[0-9]*[05]\$" "$T/ticks"
tm_stop

# What --check says.
bad() {
	printf '%s\n' "[unix_http_server]" "file=$SOCK" "$@" >"$T/bad.conf"
	"$TASKMASTERD" --check -c "$T/bad.conf" 2>&1
}
check "an unknown event type is an error, by line" bash -c \
    "$(declare -f bad); SOCK=$SOCK T=$T TASKMASTERD=$TASKMASTERD; bad '[eventlistener:x]' 'command=cat' 'events=PROCESS_STAT' | grep -q 'bad.conf:5: eventlistener:x.events: unknown event type \"PROCESS_STAT\"'"
out=$(bad '[eventlistener:x]' 'command=cat')
check "no events line: an error" grep -q \
    '\[eventlistener:x\] needs an "events" line' <<<"$out"
out=$(bad '[eventlistener:x]' 'command=cat' 'events=PROCESS_LOG' \
    'redirect_stderr=true')
check "redirect_stderr: an error" grep -q \
    "its stderr cannot go there" <<<"$out"
check "PROCESS_LOG: a warning naming what never comes" grep -q \
    "taskmaster never produces PROCESS_LOG_STDOUT, PROCESS_LOG_STDERR" \
    <<<"$out"
out=$(bad '[program:x]' 'command=cat' 'events=TICK_5')
check "events in a [program:x]: ignored, said" grep -q \
    '"events" is a key of \[eventlistener:x\]; ignored' <<<"$out"
tm_config <<EOF
  x:
    cmd: cat
    events: TICK_60
    tty: true
EOF
out=$("$TASKMASTERD" --check -c "$CONF" 2>&1)
check "YAML: a listener on a tty is an error" grep -q \
    "tty must be false" <<<"$out"
tm_done
