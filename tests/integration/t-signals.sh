#!/bin/bash
# Signals to the daemon: SIGUSR1 reopens the logs of programs being
# removed too; a second SIGTERM kills what is still stopping, each
# process saying so in the log.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  steady:
    cmd: sleep 1000
    starttime: 0
  ticker:
    cmd: ["sh", "-c", "trap '' TERM; while :; do echo tick; sleep 0.1; done"]
    starttime: 0
    stoptime: 60
    stdout: $T/ticker.out
EOF
tm_start
tm_wait_state steady RUNNING
tm_wait_file "$T/ticker.out"

# A program being removed (still stopping: it ignores SIGTERM) has its
# files reopened too.
tm_config <<EOF
  steady:
    cmd: sleep 1000
    starttime: 0
EOF
tm_ctl reload >/dev/null
tm_wait_log 'ticker stop requested'
mv "$T/ticker.out" "$T/ticker.out.2"
kill -USR1 "$DPID"
tm_wait_file "$T/ticker.out"
check "SIGUSR1 reopens the files of a program being removed" \
    grep -q tick "$T/ticker.out"

# A second SIGTERM: the stopping process is killed at once, and says so.
kill -TERM "$DPID"
tm_wait_log 'shutting down'
kill -TERM "$DPID"
tm_wait "daemon exits after a second SIGTERM" bash -c "! kill -0 $DPID 2>/dev/null"
wait "$DPID"
check_eq "daemon exits 0 after a second SIGTERM" 0 $?
DPID=
check "the second SIGTERM is logged by the process it kills" grep -Eq \
    'ticker shutdown asked again: sending SIGKILL to pid [0-9]+' "$LOG"
check "and it is stopped" grep -q 'ticker stopped' "$LOG"

check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
