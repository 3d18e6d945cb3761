#!/bin/bash
# The one-shot commands of SPEC section 7 through taskmasterctl: output
# shapes and exit codes (0 done, 1 failed, 2 usage, 3 not RUNNING, 4 no
# daemon).
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  sleeper:
    cmd: sleep 1000
    starttime: 0.2
  quick:
    cmd: ["sh", "-c", "exit 0"]
    autostart: false
    starttime: 0
    autorestart: never
  web:
    cmd: sleep 1000
    numprocs: 2
    starttime: 0
EOF
tm_start

tm_wait_state sleeper RUNNING
tm_wait_state web:1 RUNNING
out=$(tm_ctl status)
rc=$?
check_eq "status exits 3 when a process is not RUNNING" 3 "$rc"
check_eq "status lists every process in config order" \
    "sleeper quick web:0 web:1" "$(echo "$out" | awk '{print $1}' | xargs)"
check "status line in supervisorctl's shape" \
    grep -Eq '^sleeper {26}RUNNING   pid [0-9]+, uptime 0:00:0[0-9]$' <<<"$out"
check "never-started process says Not started" \
    grep -Eq '^quick {28}STOPPED   Not started$' <<<"$out"
tm_ctl status sleeper web >/dev/null
check_eq "status of RUNNING processes exits 0" 0 $?
err=$(tm_ctl status nope 2>&1 >/dev/null)
check_eq "status of an unknown name exits 1" 1 $?
check_eq "unknown name is named" "nope: ERROR (no such process)" "$err"
err=$(tm_ctl status web:7 2>&1 >/dev/null)
check_eq "unknown instance lists the real ones" \
    "web:7: ERROR (no such process; web has 2 processes: web:0, web:1)" "$err"

pid=$(tm_pid sleeper)
out=$(tm_ctl stop sleeper)
check_eq "stop exits 0" 0 $?
check_eq "stop says stopped" "sleeper: stopped" "$out"
check_eq "stopped process is STOPPED at once" STOPPED "$(tm_state sleeper)"
check "stopped process is gone" bash -c "! kill -0 $pid 2>/dev/null"
err=$(tm_ctl stop sleeper 2>&1)
check_eq "stop of a stopped process exits 1" 1 $?
check_eq "stop of a stopped process says why" \
    "sleeper: ERROR (not running)" "$err"
out=$(tm_ctl start sleeper)
check_eq "start exits 0 once RUNNING" 0 $?
check_eq "start says started" "sleeper: started" "$out"
check_eq "started process is RUNNING when start returns" RUNNING \
    "$(tm_state sleeper)"
err=$(tm_ctl start sleeper 2>&1)
check_eq "start of a running process exits 1" 1 $?
check_eq "start of a running process says why" \
    "sleeper: ERROR (already started)" "$err"

old0=$(tm_pid web:0)
old1=$(tm_pid web:1)
out=$(tm_ctl restart web)
check_eq "restart of a program exits 0" 0 $?
check_eq "restart reports each half for each instance" \
    "web:0: started web:0: stopped web:1: started web:1: stopped" \
    "$(echo "$out" | sort | xargs)"
check "restart gives new pids" test "$(tm_pid web:0)" != "$old0" -a \
    "$(tm_pid web:1)" != "$old1"

out=$(tm_ctl stop all 2>&1)
check_eq "stop all exits 0 when some were not running" 0 $?
check_eq "and names only what it stopped" \
    "sleeper: stopped web:0: stopped web:1: stopped" "$(echo "$out" | sort | xargs)"
out=$(tm_ctl start all 2>&1)
check_eq "start all exits 0" 0 $?
check "start all starts even what was never started" grep -q '^quick: ' <<<"$out"
tm_ctl start sleeper web >/dev/null 2>&1
check_eq "starting a running process by its name is still an error" 1 $?
tm_wait_state sleeper RUNNING

check_eq "pid with no name is the daemon's" "$DPID" "$(tm_pid)"
check "pid of a process is its pid" kill -0 "$(tm_pid sleeper)"
out=$(tm_ctl pid quick)
check_eq "pid of a stopped process exits 1" 1 $?
check_eq "pid of a stopped process is 0" 0 "$out"

pid=$(tm_pid sleeper)
out=$(tm_ctl signal TERM sleeper)
check_eq "signal exits 0" 0 $?
check_eq "signal says signalled" "sleeper: signalled" "$out"
tm_wait_log "WARN sleeper killed by SIGTERM \(unexpected\)"
tm_wait_state sleeper RUNNING
check "an unexpected death is restarted with a new pid" \
    test "$(tm_pid sleeper)" != "$pid"
err=$(tm_ctl signal BOGUS sleeper 2>&1)
check_eq "an unknown signal is a usage error" 2 $?
check "an unknown signal is named" grep -q 'BOGUS' <<<"$err"

check_eq "version" "0.1.0" "$(tm_ctl version)"
out=$(tm_ctl help)
check_eq "help exits 0" 0 $?
check "help lists reload" grep -q '^  reload' <<<"$out"
check_eq "help COMMAND prints its usage" "usage: start NAME..." \
    "$(tm_ctl help start | head -n 1)"
tm_ctl help nope >/dev/null 2>&1
check_eq "help of an unknown command exits 1" 1 $?

err=$("$TASKMASTERCTL" -s "$T/none.sock" frob 2>&1)
check_eq "unknown command exits 2 without a daemon" 2 $?
check "unknown command is named" grep -q 'unknown command: frob' <<<"$err"
tm_ctl su >/dev/null 2>&1
check_eq "a front-end command is never matched by a prefix" 2 $?
err=$(tm_ctl subscribe 2>&1)
check_eq "nor run by a script" 2 $?
check "and says so" grep -q 'is for the console' <<<"$err"
tm_ctl start >/dev/null 2>&1
check_eq "missing argument exits 2" 2 $?
check_eq "usage is shown" "taskmasterctl: usage: start NAME..." \
    "$(tm_ctl start 2>&1)"
err=$("$TASKMASTERCTL" -s "$T/none.sock" status 2>&1)
check_eq "no daemon exits 4" 4 $?
check "no daemon names the socket" grep -q "$T/none.sock" <<<"$err"

pids=$(tm_ctl pid all)
out=$(tm_ctl shutdown)
check_eq "shutdown says so" "Shut down" "$out"
wait "$DPID"
check_eq "daemon exits 0 after shutdown" 0 $?
DPID=
check "socket removed at exit" test ! -e "$SOCK"
alive=
for p in $pids; do
	[ "$p" != 0 ] && tm_alive "$p" && alive="$alive $p"
done
check_eq "no process survives shutdown" "" "$alive"

tm_done
