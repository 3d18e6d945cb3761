#!/bin/bash
# taskmasterd's command line as supervisord's: -v is the version, -e the
# log level, -l and -j the log and pid files, -u the user to become, and
# nodaemon=true in the file keeps it in the foreground.
. "$(dirname "$0")/lib.sh"

check_eq "-v prints the version" "taskmasterd $(sed -n \
    's/^PACKAGE_VERSION = //p' "$BUILDDIR/Makefile")" "$("$TASKMASTERD" -v)"
out=$("$TASKMASTERD" -e loud -c /dev/null 2>&1)
check_eq "-e with an unknown level is a usage error (2)" 2 $?
check "that says what it wants" grep -q 'wants debug, info, warn or error' \
    <<<"$out"

tm_config <<EOF
  a:
    cmd: sleep 1000
    starttime: 0
EOF
# Detached, with -l, -j and -e warn: INFO lines are not written.
"$TASKMASTERD" -c "$CONF" -l "$T/other.log" -j "$T/other.pid" -e warn
check_eq "detached, it returns 0" 0 $?
tm_wait_state a RUNNING
check_eq "-j: the pidfile is there" "$(tm_ctl pid)" "$(cat "$T/other.pid")"
tm_ctl stop a >/dev/null
tm_ctl start a >/dev/null
check "-l: the event log is there" test -e "$T/other.log"
check "-e warn: no INFO line" bash -c "! grep -q ' INFO ' '$T/other.log'"
check "the config's logfile is not used" test ! -e "$LOG"
# Detached, it is not this shell's child: wait for it to be gone, so the
# next daemon does not find it still on the socket.
pid=$(cat "$T/other.pid")
tm_ctl shutdown >/dev/null
tm_wait "the detached daemon gone" bash -c "! kill -0 $pid 2>/dev/null"

# nodaemon=true in a supervisord file: it stays in the foreground.
cat >"$T/s.conf" <<EOF
[supervisord]
nodaemon=true
logfile=$LOG
[unix_http_server]
file=$SOCK
[program:a]
command=sleep 1000
startsecs=0
EOF
"$TASKMASTERD" -c "$T/s.conf" 2>/dev/null &
DPID=$!
tm_wait "daemon answers" tm_ctl version
check_eq "nodaemon=true: the process started is the daemon" "$DPID" \
    "$(tm_ctl pid)"
tm_stop
check_eq "and it exits 0" 0 $?

# -u: as root, the daemon and its processes become that user.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	tm_start -u nobody -j "$T/nobody.pid"
	tm_wait_state a RUNNING
	check_eq "-u nobody: the daemon runs as nobody" nobody \
	    "$(ps -o user= -p "$DPID" | tr -d ' ')"
	check_eq "so do its processes" nobody \
	    "$(ps -o user= -p "$(tm_pid a)" | tr -d ' ')"
	check_eq "the socket is nobody's" nobody "$(stat -c %U "$SOCK")"
	check "the event log says so" grep -q 'running as nobody' "$LOG"
	tm_stop
	check_eq "it exits 0" 0 $?
	# nobody cannot remove them from root's folder: said, not silent.
	check "a socket it cannot remove is said" grep -q \
	    "control socket $SOCK not removed: Permission denied (the next start replaces it)" \
	    "$LOG"
	check "so is a pidfile" grep -q \
	    "pidfile $T/nobody.pid not removed: Permission denied (the next start replaces it)" \
	    "$LOG"
	tm_start -u nobody -j "$T/nobody.pid"
	check_eq "and the next start replaces them" "$DPID $DPID" \
	    "$(tm_ctl pid) $(cat "$T/nobody.pid")"
	tm_stop
	out=$("$TASKMASTERD" -n -c "$CONF" -u no-such-user-tm 2>&1)
	check_eq "-u with an unknown user fails (1)" 1 $?
	check "saying so" grep -q 'no such user "no-such-user-tm"' <<<"$out"
else
	ok "# SKIP -u needs root and a nobody user"
fi
tm_done
