#!/bin/bash
# Signals to the daemon: none whose default would end or stop it does so
# by surprise (SIGUSR2, SIGALRM, SIGXFSZ, SIGTTOU, real-time signals...);
# SIGUSR2 reopens the logs as SIGUSR1 does, for programs being removed
# too; SIGQUIT shuts down as supervisord does; a second SIGTERM kills
# what is still stopping, each process saying so in the log; children
# start with every signal at its default.
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
  dispositions:
    cmd: ["sh", "-c", "grep -E '^Sig(Ign|Blk)' /proc/self/status; exec sleep 1000"]
    starttime: 0
    stdout: $T/dispositions.out
EOF
tm_start
tm_wait_state steady RUNNING
pid=$(tm_pid steady)

# Everything that would have killed or stopped it.
sigs="USR2 ALRM VTALRM PROF IO XFSZ XCPU PWR STKFLT TTIN TTOU PIPE URG"
sigs="$sigs RTMIN RTMIN+1 RTMAX-1 RTMAX"
for s in $sigs; do
	kill -s "$s" "$DPID" 2>/dev/null || kill "-$s" "$DPID"
	tm_wait "daemon answers after SIG$s" tm_ctl version
	check "SIG$s leaves the daemon running" kill -0 "$DPID"
done
check "nor is it stopped" bash -c "! grep -q '^State:.*T' /proc/$DPID/status"
check_eq "and the process it supervises is the same" "$pid" "$(tm_pid steady)"

# Children start with nothing ignored and nothing blocked. Signals 32
# and 33 are glibc's own (no program can set them through it): whatever
# started the daemon may have them ignored, they are left out.
tm_wait_file "$T/dispositions.out"
blk=$(sed -n 's/^SigBlk:\t//p' "$T/dispositions.out")
ign=$(sed -n 's/^SigIgn:\t//p' "$T/dispositions.out")
check_eq "a child starts with no signal blocked" 0 $((0x$blk))
check_eq "a child starts with no signal ignored" 0 $((0x$ign & ~0x180000000))

# SIGUSR2 reopens the event log and the output files.
mv "$LOG" "$LOG.1"
mv "$T/ticker.out" "$T/ticker.out.1"
kill -USR2 "$DPID"
tm_wait_log 'SIGUSR2: log files reopened'
check "SIGUSR2 reopens the event log" grep -q 'SIGUSR2: log files reopened' "$LOG"
tm_wait_file "$T/ticker.out"
check "SIGUSR2 reopens the output files" grep -q tick "$T/ticker.out"

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

# SIGQUIT shuts down gracefully, as supervisord does.
: > "$LOG"
tm_start
tm_wait_state steady RUNNING
kill -QUIT "$DPID"
tm_wait "daemon exits on SIGQUIT" bash -c "! kill -0 $DPID 2>/dev/null"
wait "$DPID"
check_eq "SIGQUIT: the daemon exits 0" 0 $?
DPID=
check "SIGQUIT: a graceful shutdown" grep -q 'SIGQUIT: shutting down' "$LOG"
check "SIGQUIT: the process was stopped" grep -q 'steady stopped' "$LOG"
check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
