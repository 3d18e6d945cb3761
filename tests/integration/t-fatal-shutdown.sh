#!/bin/bash
# shutdown_on_fatal: the listener script supervisord containers use to
# stop when a program dies for good, built in. The daemon stops every
# process and exits 1 once such a program is FATAL; other programs that
# go FATAL change nothing.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  idle:
    cmd: sleep 100000
    starttime: 0
  other:
    cmd: /no/such/program
    startretries: 0
  key:
    cmd: sh -c 'while [ ! -e $T/die ]; do sleep 0.05; done; exit 3'
    starttime: 1
    autorestart: always
    startretries: 1
    restart_interval: 0
    shutdown_on_fatal: true
EOF
tm_start
tm_wait_state idle RUNNING
tm_wait_state other FATAL
tm_wait_state key RUNNING
check "another program FATAL changes nothing" tm_ctl version

# key now exits as soon as it starts: EXITED, BACKOFF, then FATAL.
touch "$T/die"
check "the daemon stops on its own" tm_wait_log "taskmasterd stopped"
wait "$DPID"
check_eq "with status 1" 1 $?
DPID=
check "the event log says why" grep -q \
    "key FATAL: shutting down, as shutdown_on_fatal asks" "$LOG"
check "every process was stopped" grep -q "idle stopped" "$LOG"
tm_done
