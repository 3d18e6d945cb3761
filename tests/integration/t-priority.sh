#!/bin/bash
# priority, as supervisord: processes start lowest priority first, each
# level once every process of the one before is RUNNING or has failed,
# and stop highest first, each level once the one before has stopped;
# processes of one priority go together. Checked in the event log's
# order, at start-up, shutdown, start all and stop all.
. "$(dirname "$0")/lib.sh"

# A stop that takes a moment, to see who waits for whom.
SLOWSTOP='sh -c "trap \"sleep 0.3; exit 0\" TERM; while :; do sleep 0.05; done"'
tm_config <<EOF
  late:
    cmd: $SLOWSTOP
    priority: 30
    starttime: 0
  app:
    cmd: $SLOWSTOP
    priority: 20
    starttime: 1
  web:
    cmd: $SLOWSTOP
    priority: 20
    starttime: 1
  db:
    cmd: $SLOWSTOP
    priority: 10
    starttime: 1
  broken:
    cmd: /no/such/program
    priority: 10
    starttime: 1
    startretries: 0
EOF

# The line number of the first event log line matching a regex.
at() {
	grep -nE -- "$1" "$LOG" | tail -n "${2:-1}" | head -n 1 | cut -d: -f1
}
before() {
	local a b
	a=$(at "$1" "${3:-1}")
	b=$(at "$2" "${3:-1}")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

tm_start
tm_wait_state late RUNNING
check "db (10) is RUNNING before app (20) spawns" \
    before "db entered RUNNING" "app spawned"
check "a failed process settles its level too" \
    before "broken gave up" "app spawned"
check "app and web (20) start together" \
    before "web spawned" "app entered RUNNING"
check "app is RUNNING before late (30) spawns" \
    before "app entered RUNNING" "late spawned"
check "web is RUNNING before late (30) spawns" \
    before "web entered RUNNING" "late spawned"

# stop all: highest first.
tm_ctl stop all >/dev/null
check "late (30) has stopped before app (20) is asked to" \
    before "late stopped" "app stop requested"
check "app and web stop together" \
    before "web stop requested" "app stopped"
check "app (20) has stopped before db (10) is asked to" \
    before "app stopped" "db stop requested"

# start all: lowest first again.
tm_ctl start all >/dev/null 2>&1
# late (starttime 0) is RUNNING inside its own start: the command that
# started it must not end twice (the release daemon crashed on it).
check "start all: the daemon lives on" tm_ctl version
check "start all: db RUNNING before app spawns" \
    before "db entered RUNNING" "app spawned" 2
check "start all: app RUNNING before late spawns" \
    before "app entered RUNNING" "late spawned" 2

check_eq "avail shows each priority" \
    "app:in use:20 db:in use:10 late:in use:30" \
    "$(tm_ctl avail | awk '$1=="app"||$1=="db"||$1=="late" {print $1":"$2" "$3":"substr($5,1,index($5,":")-1)}' | tr '\n' ' ' | sed 's/ $//')"

# Shutdown: highest first.
tm_ctl shutdown >/dev/null
tm_wait_log "taskmasterd stopped"
check "shutdown: late stopped before app is asked to stop" \
    before "late stopped" "app stop requested" 3
check "shutdown: app stopped before db is asked to stop" \
    before "app stopped" "db stop requested" 3
DPID=

# The same in an INI file.
CONF="$T/tm.conf"
mv "$LOG" "$T/events-yaml.log"
cat >"$CONF" <<EOF
[unix_http_server]
file=$SOCK
[supervisord]
logfile=$LOG
[program:second]
command=sleep 100000
priority=2
startsecs=0
[program:first]
command=sleep 100000
priority=1
startsecs=1
EOF
tm_start
tm_wait_state second RUNNING
check "INI: first (1) RUNNING before second (2) spawns" \
    before "first entered RUNNING" "second spawned"
tm_stop

# A [group:x]'s priority orders the group among the others; inside it,
# its programs go by their own (supervisord's order).
mv "$LOG" "$T/events-ini.log"
cat >"$CONF" <<EOF
[unix_http_server]
file=$SOCK
[supervisord]
logfile=$LOG
[program:solo]
command=sleep 100000
priority=50
startsecs=0
[program:b]
command=sleep 100000
priority=900
startsecs=1
[program:a]
command=sleep 100000
priority=950
startsecs=1
[group:g]
programs=a,b
priority=10
EOF
tm_start
tm_wait_state solo RUNNING
check "group priority 10: g:b RUNNING before solo (50) spawns" \
    before "g:b entered RUNNING" "solo spawned"
check "inside the group by their own: g:b (900) before g:a (950)" \
    before "g:b entered RUNNING" "g:a spawned"
tm_stop
printf '[group:g]\nprograms=a\npriority=soon\n[program:a]\ncommand=cat\n' \
    >"$T/bad.conf"
out=$("$TASKMASTERD" --check -c "$T/bad.conf" 2>&1)
check "a bad group priority is an error, by line" grep -q \
    'bad.conf:3: group:g: priority: expected an integer from 0 to 1000000, got "soon"' <<<"$out"
tm_done
