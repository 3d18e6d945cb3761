#!/bin/bash
# stopasgroup and killasgroup as supervisord means them: false sends the
# stop signal (and SIGKILL) to the main process alone, a master that
# stops its own workers; whatever of its group outlives it is then
# killed, and the event log says so. true (taskmaster's default in YAML)
# signals the whole group. In INI files both default to false. (On a
# pty, the kernel's SIGHUP at the session leader's exit would end the
# workers first: pipes here.)
. "$(dirname "$0")/lib.sh"

# A master that takes a second to stop, marking when it is done, and a
# worker that says whether it got TERM with the master (\"during\") or
# only once the master was done (\"after\"). The worker writes nowhere:
# its master's pipes close with it.
master() {
	echo "sh -c '(trap \"if [ -e $T/$1.done ]; then echo after; \
else echo during; fi > $T/$1; exit 0\" TERM; \
while :; do sleep 0.05; done) 2>/dev/null >&2 & trap \"sleep 1; touch $T/$1.done; exit 0\" \
TERM; while :; do sleep 0.05; done'"
}
tm_config <<EOF
  alone:
    cmd: $(master alone.got)
    starttime: 0
    stopasgroup: false
    tty: false
  group:
    cmd: $(master group.got)
    starttime: 0
    tty: false
  stubborn:
    cmd: sh -c 'trap "" TERM; while :; do sleep 0.05; done'
    starttime: 0
    stoptime: 0.3
    stopasgroup: false
    killasgroup: false
EOF
tm_start
tm_wait_state alone RUNNING
tm_wait_state group RUNNING
tm_wait_state stubborn RUNNING
PG_ALONE=$(tm_pid alone)
PG_GROUP=$(tm_pid group)
# Both workers are up before the stops.
tm_wait "workers up" sh -c "[ \$(pgrep -g $PG_ALONE | wc -l) -ge 2 ] &&
    [ \$(pgrep -g $PG_GROUP | wc -l) -ge 2 ]"

tm_ctl stop alone group >/dev/null
tm_wait "alone.got" test -s "$T/alone.got"
check_eq "stopasgroup false: the worker got TERM only after the master" \
    after "$(cat "$T/alone.got")"
tm_wait "group.got" test -s "$T/group.got"
check_eq "stopasgroup true: the worker got TERM with the master" \
    during "$(cat "$T/group.got")"
check "what outlived the main process is stopped, and said" \
    grep -q "alone the main process has stopped: SIGTERM to what is left of its process group $PG_ALONE" "$LOG"
check "nothing of the group is left" tm_wait "group gone" sh -c \
    "! pgrep -g $PG_ALONE >/dev/null"

# killasgroup false: SIGKILL goes to the main process after stoptime.
tm_ctl stop stubborn >/dev/null
check "the stop timed out into SIGKILL" tm_wait_log \
    "stubborn still alive .* sending SIGKILL"
check_eq "stubborn stopped" STOPPED "$(tm_state stubborn)"
tm_stop

# INI: supervisord's defaults (false), stopasgroup=true implies killasgroup.
CONF="$T/tm.conf"
rm -f "$T"/alone.got* "$T"/group.got*
mv "$LOG" "$T/events-yaml.log"
cat >"$CONF" <<EOF
[unix_http_server]
file=$SOCK
[supervisord]
logfile=$LOG
[program:alone]
command=$(master alone.got)
startsecs=0
tty=false
[program:group]
command=$(master group.got)
startsecs=0
stopasgroup=true
tty=false
EOF
tm_start
tm_wait_state alone RUNNING
tm_wait_state group RUNNING
tm_wait "workers up" sh -c "[ \$(pgrep -g $(tm_pid alone) | wc -l) -ge 2 ]"
tm_ctl stop alone group >/dev/null
tm_wait "alone.got" test -s "$T/alone.got"
check_eq "INI default: the worker got TERM only after the master" after \
    "$(cat "$T/alone.got")"
tm_wait "group.got" test -s "$T/group.got"
check_eq "INI stopasgroup=true: the worker got TERM with the master" \
    during "$(cat "$T/group.got")"
tm_stop
tm_done
