#!/bin/bash
# States and transitions of SPEC section 5, seen from the outside:
# starttime, BACKOFF with a growing delay then FATAL, spawn errors,
# autorestart and exitcodes, kill -9, stoptime and SIGKILL, process
# groups, the child subreaper, no zombies.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/gone"
tm_config <<EOF
  slow:
    cmd: sleep 1000
    starttime: 1
  failing:
    cmd: ["sh", "-c", "exit 1"]
    starttime: 1
    startretries: 2
  nocmd:
    cmd: $T/no-such-program
    startretries: 0
  nodir:
    cmd: sleep 1000
    workingdir: $T/gone
    autostart: false
    startretries: 0
  always:
    cmd: ["sh", "-c", "sleep 0.3; exit 0"]
    starttime: 0.1
    autorestart: always
  never:
    cmd: ["sh", "-c", "sleep 0.3; exit 9"]
    starttime: 0.1
    autorestart: never
  codes:
    cmd: ["sh", "-c", "sleep 0.3; exit \$(cat $T/code)"]
    starttime: 0.1
    autorestart: unexpected
    exitcodes: [0, 3]
    autostart: false
  victim:
    cmd: sleep 1000
    starttime: 0
  stubborn:
    cmd: $FIXTURES/tm-ignore-term
    starttime: 0
    stoptime: 0.5
    stdout: $T/stubborn.out
  tree:
    cmd: ["sh", "-c", "sleep 1001 & sleep 1002 & wait"]
    starttime: 0
  escaper:
    cmd: [$FIXTURES/tm-doublefork, $T/escaper.pid]
    starttime: 0
  setsider:
    cmd: [$FIXTURES/tm-doublefork, $T/setsider.pid, setsid]
    starttime: 0
  stubborn2:
    cmd: [$FIXTURES/tm-doublefork, $T/stubborn2.pid, setsid, stubborn]
    starttime: 0
EOF
tm_start

# starttime: STARTING first, RUNNING once it has stayed up 1 s.
check_eq "a process is STARTING before starttime" STARTING "$(tm_state slow)"
tm_wait_state slow RUNNING
up=$(( $(tm_log_ms 'slow entered RUNNING') - $(tm_log_ms 'slow spawned') ))
check "RUNNING comes after starttime (${up} ms)" test "$up" -ge 990 -a "$up" -lt 1500

# startretries 2: three attempts, delays of 1 s then 2 s, then FATAL.
tm_wait_state failing FATAL
check_eq "failing start was tried 1 + startretries times" 3 \
    "$(grep -c 'failing spawned' "$LOG")"
check "first failure logs retry 1/2" grep -q \
    'WARN failing exited with 1 too quickly; retry 1/2 in 1s' "$LOG"
check "second failure logs retry 2/2" grep -q \
    'WARN failing exited with 1 too quickly; retry 2/2 in 2s' "$LOG"
check "giving up is logged" grep -q \
    'ERROR failing gave up after 3 start attempts (FATAL)' "$LOG"
d1=$(( $(tm_log_ms 'failing spawned' 2) - $(tm_log_ms 'failing exited' 1) ))
d2=$(( $(tm_log_ms 'failing spawned' 3) - $(tm_log_ms 'failing exited' 2) ))
check "first retry waits 1 s (${d1} ms)" test "$d1" -ge 990 -a "$d1" -lt 1400
check "second retry waits 2 s (${d2} ms)" test "$d2" -ge 1990 -a "$d2" -lt 2400
check "FATAL status says why" grep -q \
    'FATAL     Exited too quickly (process log may have details)' \
    <<<"$(tm_ctl status failing)"

# Failures between fork and exec reach the status line with errno.
tm_wait_state nocmd FATAL
check_eq "a missing command is a spawn error" \
    "spawn error: exec $T/no-such-program: No such file or directory" \
    "$(tm_ctl status nocmd | sed 's/^nocmd *FATAL *//')"
rmdir "$T/gone"
err=$(tm_ctl start nodir 2>&1)
check_eq "start of a process that cannot spawn exits 1" 1 $?
check_eq "start reports the spawn error" \
    "nodir: ERROR (spawn error: chdir $T/gone: No such file or directory)" \
    "$err"
check "the event log has the spawn error" grep -q \
    "nodir gave up after 1 start attempts: spawn error: chdir $T/gone: No such file or directory" "$LOG"

# autorestart.
tm_wait_log 'always spawned' && pid=$(tm_pid always)
tm_wait "always restarted" test "$(grep -c 'always spawned' "$LOG")" -ge 2
check "autorestart always restarts an expected exit" \
    grep -q 'INFO always exited with 0 (expected)' "$LOG"
tm_wait_state never EXITED
check "autorestart never leaves it EXITED" grep -q \
    'never exited with 9 (unexpected)' "$LOG"
check_eq "autorestart never spawns once" 1 "$(grep -c 'never spawned' "$LOG")"
check "EXITED status shows the exit" grep -Eq \
    'EXITED    .*, exited with 9 \(unexpected\)$' <<<"$(tm_ctl status never)"
echo 3 > "$T/code"
tm_ctl start codes >/dev/null
tm_wait_state codes EXITED
check "an exit code in exitcodes is expected and not restarted" \
    grep -q 'codes exited with 3 (expected)' "$LOG"
echo 4 > "$T/code"
tm_ctl start codes >/dev/null
tm_wait_log 'codes exited with 4 \(unexpected\)'
tm_wait "codes restarted" test "$(grep -c 'codes spawned' "$LOG")" -ge 3
check "an exit code not in exitcodes is restarted" \
    test "$(grep -c 'codes spawned' "$LOG")" -ge 3
echo 0 > "$T/code"

# kill -9 is seen at once and the process restarted.
tm_wait_state victim RUNNING
pid=$(tm_pid victim)
kill -9 "$pid"
tm_wait_log 'victim killed by SIGKILL'
tm_wait_state victim RUNNING
new=$(tm_pid victim)
check "kill -9 is seen and restarted with a new pid" \
    test "$new" != "$pid" -a "$new" != 0
gap=$(( $(tm_log_ms 'victim entered RUNNING' 2) - $(tm_log_ms 'victim killed by SIGKILL') ))
check "restarted within 100 ms of the kill (${gap} ms)" test "$gap" -lt 100

# stoptime: SIGTERM ignored, SIGKILL after 0.5 s.
tm_wait_file "$T/stubborn.out"
start=$(date +%s%N)
out=$(tm_ctl stop stubborn)
took=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "stop of a TERM-ignoring process succeeds" "stubborn: stopped" "$out"
check "it took stoptime (${took} ms)" test "$took" -ge 490 -a "$took" -lt 1500
check "SIGKILL after stoptime is logged" grep -q \
    'WARN stubborn still alive 0.500s after SIGTERM: sending SIGKILL' "$LOG"
check "stopped after SIGKILL is logged" grep -q \
    'stubborn stopped (killed by SIGKILL after stoptime)' "$LOG"

# stop while STARTING and while in BACKOFF.
tm_ctl stop slow >/dev/null
tm_ctl start slow >"$T/start.out" 2>&1 &
spid=$!
tm_wait_state slow STARTING
out=$(tm_ctl stop slow)
check_eq "stop while STARTING" "slow: stopped" "$out"
wait "$spid"
check_eq "the waiting start fails" 1 $?
check_eq "the waiting start says why" "slow: ERROR (stopped while starting)" \
    "$(cat "$T/start.out")"

# The stop signal goes to the whole process group.
# (Its own children only: other tests may run sleeps of the same name.)
tree=$(tm_pid tree)
tm_wait "tree children" test "$(pgrep -P "$tree" -x sleep | wc -l)" = 2
kids=$(pgrep -P "$tree" -x sleep | xargs)
tm_ctl stop tree >/dev/null
alive_kids() {
	local k alive=
	for k in $kids; do tm_alive "$k" && alive="$alive $k"; done
	echo "$alive"
}
tm_wait "the children die" test -z "$(alive_kids)"
check_eq "stop kills the children in its group" "" "$(alive_kids)"

# A double-forked grandchild is adopted (subreaper) and dies with its
# group; one that escaped with setsid is left for the shutdown sweep.
tm_wait_file "$T/escaper.pid"
g=$(cat "$T/escaper.pid")
check_eq "an orphaned grandchild is reparented to taskmaster" "$DPID" \
    "$(ps -o ppid= -p "$g" | tr -d ' ')"
tm_ctl stop escaper >/dev/null
tm_wait "grandchild gone" bash -c "! kill -0 $g 2>/dev/null"
check "stopping kills the double-forked grandchild" bash -c "! kill -0 $g 2>/dev/null"
tm_wait_file "$T/setsider.pid"
s=$(cat "$T/setsider.pid")
tm_ctl stop setsider >/dev/null
check "a grandchild in its own session survives a stop" tm_alive "$s"

check_eq "no zombie is left" "" "$(tm_zombies "$DPID" | xargs)"

tm_wait_file "$T/stubborn2.pid.child"
s2=$(cat "$T/stubborn2.pid")
s2c=$(cat "$T/stubborn2.pid.child")
tm_stop
check_eq "daemon exits 0" 0 $?
check "the shutdown sweep kills the escaped grandchild" \
    bash -c "! kill -0 $s 2>/dev/null"
check "the sweep is logged" grep -q "pid $s escaped its process group" "$LOG"
check "an escaped process ignoring SIGTERM is killed" \
    bash -c "! kill -0 $s2 2>/dev/null"
check "and so is the child it had" bash -c "! kill -0 $s2c 2>/dev/null"
check "SIGKILL after the grace is logged" grep -q \
    "pid $s2 is still alive: sending SIGKILL" "$LOG"

tm_done
