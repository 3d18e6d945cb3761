#!/bin/bash
# Reload (SPEC section 6), judged by pids: unchanged programs keep their
# process, watch-only changes are applied in place, spawn changes restart,
# numprocs starts or stops only the extra instances, a bad config changes
# nothing; reload --dry-run applies nothing; SIGHUP reloads too.
. "$(dirname "$0")/lib.sh"

v1() {
	tm_config <<EOF
  same:
    cmd: sleep 1001
    starttime: 0
  spawnchg:
    cmd: sleep 1002
    starttime: 0
  watchchg:
    cmd: sleep 1003
    starttime: 0
    autorestart: unexpected
    stoptime: 10
  grow:
    cmd: sleep 1004
    numprocs: 2
    starttime: 0
  shrink:
    cmd: sleep 1005
    numprocs: 3
    starttime: 0
  gone:
    cmd: sleep 1006
    starttime: 0
EOF
}
v2() {
	tm_config <<EOF
  same:
    cmd: sleep 1001
    starttime: 0
  spawnchg:
    cmd: sleep 1012
    starttime: 0
  watchchg:
    cmd: sleep 1003
    starttime: 0
    autorestart: always
    stoptime: 5
  grow:
    cmd: sleep 1004
    numprocs: 3
    starttime: 0
  shrink:
    cmd: sleep 1005
    numprocs: 1
    starttime: 0
  added:
    cmd: sleep 1007
    starttime: 0
EOF
}
pids() {
	tm_ctl status | awk '{ print $1 }' | while read -r n; do
		echo "$n=$(tm_pid "$n")"
	done | xargs
}
pid_of() {
	tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

v1
tm_start
for n in same spawnchg watchchg grow:1 shrink:2 gone; do
	tm_wait_state "$n" RUNNING
done
before=$(pids)

v2
out=$(tm_ctl reload --dry-run)
check_eq "reload --dry-run exits 0" 0 $?
check_eq "dry run prints the whole plan" \
"gone: removed
same: unchanged
spawnchg: restarted (cmd changed)
watchchg: updated in place (autorestart, stoptime changed)
grow: scaled 2 -> 3
shrink: scaled 3 -> 1
added: added
would apply: 1 added, 1 removed, 1 restarted, 1 updated in place, 2 scaled, 1 unchanged" \
    "$out"
check_eq "dry run changes nothing" "$before" "$(pids)"
check "dry run is not logged as a reload" bash -c "! grep -q 'config reloaded' '$LOG'"

out=$(tm_ctl reload)
check_eq "reload exits 0" 0 $?
check "reload prints its summary" grep -q \
    '^applied: 1 added, 1 removed, 1 restarted, 1 updated in place, 2 scaled, 1 unchanged$' \
    <<<"$out"
tm_wait_state added RUNNING
tm_wait_state grow:2 RUNNING
tm_wait_state spawnchg RUNNING
tm_wait "gone removed" bash -c "! $TASKMASTERCTL -s $SOCK status gone"
after=$(pids)
check_eq "an unchanged program keeps its pid" "$(pid_of "$before" same)" \
    "$(pid_of "$after" same)"
check "a spawn change restarts" test "$(pid_of "$before" spawnchg)" != \
    "$(pid_of "$after" spawnchg)"
check "the restarted process runs the new command" \
    pgrep -xf "sleep 1012"
check_eq "a watch change keeps the pid" "$(pid_of "$before" watchchg)" \
    "$(pid_of "$after" watchchg)"
check_eq "scaling up keeps the existing instances" \
    "$(pid_of "$before" grow:0) $(pid_of "$before" grow:1)" \
    "$(pid_of "$after" grow:0) $(pid_of "$after" grow:1)"
check "scaling up starts the extra instance" test -n "$(pid_of "$after" grow:2)"
check_eq "scaling down to 1 keeps instance 0, now named for the program" \
    "$(pid_of "$before" shrink:0)" "$(pid_of "$after" shrink)"
check "scaling down stops the extra instances" bash -c \
    "! kill -0 $(pid_of "$before" shrink:1) 2>/dev/null && ! kill -0 $(pid_of "$before" shrink:2) 2>/dev/null"
check "a removed program is stopped" bash -c \
    "! kill -0 $(pid_of "$before" gone) 2>/dev/null"
check_eq "status shows the new set" \
    "same spawnchg watchchg grow:0 grow:1 grow:2 shrink added" \
    "$(tm_ctl status | awk '{print $1}' | xargs)"
check "the event log has the reload summary" grep -q \
    "config reloaded from .*: 1 added, 1 removed, 1 restarted, 1 updated in place, 2 scaled, 1 unchanged" "$LOG"

# The in-place update took effect: autorestart always now restarts an
# expected exit of watchchg.
pid=$(tm_pid watchchg)
kill -TERM "$pid"
tm_wait "watchchg restarted" bash -c "[ \"\$($TASKMASTERCTL -s $SOCK pid watchchg)\" != $pid ] && [ \"\$($TASKMASTERCTL -s $SOCK pid watchchg)\" != 0 ]"
check "an updated autorestart is in force" test "$(tm_pid watchchg)" != "$pid"

# A config with an error changes nothing.
before=$(pids)
cp "$CONF" "$T/good.yaml"
cat >> "$CONF" <<EOF
  broken:
    cmd: sleep 1
    numprocs: -2
    stopsignal: TREM
EOF
err=$(tm_ctl reload 2>&1)
check_eq "a bad config is refused" 1 $?
check "every error is shown" bash -c "grep -q 'numprocs' <<<'$err' && grep -q 'TREM' <<<'$err'"
check "the refusal says nothing changed" grep -q 'nothing changed' <<<"$err"
check_eq "a refused reload changes nothing" "$before" "$(pids)"
check "the refusal is logged" grep -q 'reload refused' "$LOG"

# SIGHUP reloads the same way.
sed 's/sleep 1001/sleep 1011/' "$T/good.yaml" > "$CONF"
pid=$(tm_pid same)
kill -HUP "$DPID"
tm_wait "same restarted by SIGHUP" pgrep -xf "sleep 1011"
tm_wait_state same RUNNING
check "SIGHUP applies a spawn change" test "$(tm_pid same)" != "$pid"
check_eq "SIGHUP keeps the others" "$(pid_of "$before" grow:2)" \
    "$(tm_pid grow:2)"
check "SIGHUP is logged" grep -q 'SIGHUP: reloading' "$LOG"

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
