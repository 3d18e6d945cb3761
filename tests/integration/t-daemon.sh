#!/bin/bash
# taskmasterd itself: --check, daemon mode with its pidfile, SIGTERM and
# SIGINT shut down gracefully, SIGUSR1 reopens the log files, the config
# search order.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  sleeper:
    cmd: sleep 1000
    starttime: 0
  talker:
    cmd: sh -c 'while :; do echo tick; sleep 0.05; done'
    stdout: $T/talker.out
    starttime: 0
EOF
echo "  pidfile: $T/tm.pid" > "$T/pidline"
sed -i "/^  logfile:/r $T/pidline" "$CONF"

out=$("$TASKMASTERD" --check -c "$CONF" 2>&1)
check_eq "--check on a good config exits 0" 0 $?
check_eq "--check says OK" "$CONF: OK (2 programs)" "$out"
check "--check starts nothing" test ! -e "$SOCK"
cat > "$T/bad.yaml" <<EOF
programs:
  a:
    cmd: ""
  b:
    cmd: sleep 1
    numprocs: zero
EOF
out=$("$TASKMASTERD" --check -c "$T/bad.yaml" 2>&1)
check_eq "--check on a bad config exits 1" 1 $?
check "--check prints every error" bash -c "grep -q 'bad.yaml:3:' <<<'$out' && grep -q 'bad.yaml:6:' <<<'$out'"
"$TASKMASTERD" -c "$T/nope.yaml" 2>/dev/null
check_eq "a missing config exits 1" 1 $?
err=$(cd "$T" && env -u TASKMASTER_CONFIG XDG_CONFIG_HOME="$T/xdg" \
    HOME="$T" "$TASKMASTERD" --check 2>&1)
check_eq "no config found exits 1" 1 $?
check "and lists the paths searched" bash -c "grep -q '\./taskmaster.yaml' <<<'$err' && grep -q '$T/xdg/taskmaster/taskmaster.yaml' <<<'$err' && grep -q '/etc/taskmaster/taskmaster.yaml' <<<'$err'"
mkdir -p "$T/xdg/taskmaster"
cp "$CONF" "$T/xdg/taskmaster/taskmaster.yaml"
out=$(cd / && env -u TASKMASTER_CONFIG XDG_CONFIG_HOME="$T/xdg" \
    "$TASKMASTERD" --check 2>&1)
check_eq "the XDG config is found" \
    "$T/xdg/taskmaster/taskmaster.yaml: OK (2 programs)" "$out"
out=$(cd / && TASKMASTER_CONFIG="$CONF" XDG_CONFIG_HOME="$T/xdg" \
    "$TASKMASTERD" --check 2>&1)
check_eq "\$TASKMASTER_CONFIG comes first" "$CONF: OK (2 programs)" "$out"
"$TASKMASTERD" --version | grep -q '^taskmasterd 0.1.0$'
check_eq "--version" 0 $?
"$TASKMASTERD" --bogus 2>/dev/null
check_eq "a bad option exits 2" 2 $?

# Daemon mode: returns once the socket answers; writes its pidfile.
"$TASKMASTERD" -c "$CONF"
check_eq "taskmasterd detaches and exits 0 once ready" 0 $?
tm_ctl status sleeper >/dev/null
check_eq "status works as soon as taskmasterd returns" 0 \
    "$(tm_ctl status >/dev/null; echo $?)"
DPID=$(cat "$T/tm.pid")
check_eq "the pidfile holds the daemon's pid" "$DPID" "$(tm_pid)"
check "the daemon is in its own session" test \
    "$(ps -o sid= -p "$DPID" | tr -d ' ')" = "$DPID" -o \
    "$(ps -o sid= -p "$DPID" | tr -d ' ')" != "$(ps -o sid= -p $$ | tr -d ' ')"
err=$("$TASKMASTERD" -c "$CONF" 2>&1)
check_eq "a second daemon in daemon mode exits 1" 1 $?
check "and says why on stderr" grep -q 'already running' <<<"$err"

# SIGUSR1 reopens the event log and the output files.
tm_wait_file "$T/talker.out"
mv "$LOG" "$LOG.1"
mv "$T/talker.out" "$T/talker.out.1"
kill -USR1 "$DPID"
tm_wait_file "$LOG"
check "SIGUSR1 reopens the event log" grep -q 'SIGUSR1: log files reopened' \
    "$LOG"
tm_wait_file "$T/talker.out"
check "SIGUSR1 reopens the output files" grep -q tick "$T/talker.out"

# SIGTERM: graceful shutdown, nothing left, pidfile and socket removed.
pids=$(tm_ctl pid all)
kill -TERM "$DPID"
tm_wait "daemon gone" bash -c "! kill -0 $DPID 2>/dev/null"
alive=
for p in $pids; do tm_alive "$p" && alive="$alive $p"; done
check_eq "SIGTERM stops every process" "" "$alive"
check "SIGTERM is logged" grep -q 'SIGTERM: shutting down' "$LOG"
check "the pidfile is removed" test ! -e "$T/tm.pid"
check "the socket is removed" test ! -e "$SOCK"
DPID=

# SIGINT does the same in the foreground.
tm_start
tm_wait_state sleeper RUNNING
pid=$(tm_pid sleeper)
kill -INT "$DPID"
wait "$DPID"
check_eq "SIGINT shuts down and exits 0" 0 $?
DPID=
check "SIGINT stopped the process" bash -c "! kill -0 $pid 2>/dev/null"

tm_done
