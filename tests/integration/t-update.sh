#!/bin/bash
# supervisorctl's config commands, in its words: reread says what changed
# and applies nothing; update applies it, to every program or to the
# named ones only; add and remove take one program in or out; avail
# lists what runs and what the file has.
. "$(dirname "$0")/lib.sh"

cfg() {
	tm_config <<EOF
  a:
    cmd: sleep ${1}
    starttime: 0
  b:
    cmd: sleep 1000
    starttime: 0
$2
EOF
}
cfg 1000 "  c:
    cmd: sleep 1000
    starttime: 0"
tm_start
for n in a b c; do tm_wait_state $n RUNNING; done
a=$(tm_pid a)
b=$(tm_pid b)

check_eq "reread with nothing changed" "No config updates to processes" \
    "$(tm_ctl reread)"

# a changes, c disappears, d appears.
cfg 1001 "  d:
    cmd: sleep 1000
    starttime: 0
    autostart: false
  e:
    cmd: sleep 1000
    starttime: 0"
check_eq "reread: each change, sorted" \
    "a: changed|c: disappeared|d: available|e: available" \
    "$(tm_ctl reread | paste -sd'|')"
check_eq "reread applies nothing" "$a $b RUNNING" \
    "$(tm_pid a) $(tm_pid b) $(tm_state c)"

out=$(tm_ctl avail)
check "avail: a running program is in use" grep -Eq \
    '^a {31} in use    auto      999:999$' <<<"$out"
check "avail: one only in the file is avail, manual when not autostart" \
    grep -Eq '^d {31} avail     manual    999:999$' <<<"$out"
check "avail: one gone from the file still runs: in use" \
    grep -Eq '^c +in use ' <<<"$out"
check_eq "avail: sorted by name" "a b c d e" \
    "$(awk '{ print $1 }' <<<"$out" | xargs)"
check_eq "avail --json: the same, as a document" \
    "a:True:True:999 c:True:True:999 d:False:False:999" \
    "$(tm_ctl avail --json | python3 -c 'import json, sys
print(" ".join("%s:%s:%s:%s" % (p["name"], p["in_use"], p["autostart"],
    p["priority"]) for p in json.load(sys.stdin)["processes"]
    if p["name"] in ("a", "c", "d")))')"

check_eq "update a: only a" "a: updated process group" "$(tm_ctl update a)"
tm_wait_state a RUNNING
check "a was restarted (its cmd changed)" test "$(tm_pid a)" != "$a"
check_eq "the others are as they were" "$b RUNNING" \
    "$(tm_pid b) $(tm_state c)"
check "e was not added" bash -c "! $TASKMASTERCTL -s $SOCK status e \
    >/dev/null 2>&1"
check "the event log has the reload" grep -q \
    'config reloaded from .*: 0 added, 0 removed, 1 restarted' "$LOG"

check_eq "add d" "d: added process group" "$(tm_ctl add d)"
check_eq "d is there, not started (autostart: false)" STOPPED \
    "$(tm_state d)"
out=$(tm_ctl add d 2>&1)
check_eq "add d again: supervisorctl's answer, exit 0" \
    "0 ERROR: process group already active" "$? $out"
out=$(tm_ctl add nope 2>&1)
check_eq "add an unknown program: exit 1" \
    "1 ERROR: no such process/group: nope" "$? $out"

out=$(tm_ctl remove c 2>&1)
check_eq "remove a running program is refused" \
    "1 ERROR: process/group still running: c" "$? $out"
tm_ctl stop c >/dev/null
check_eq "remove it once stopped" "c: removed process group" \
    "$(tm_ctl remove c)"
check "c is gone" bash -c "! $TASKMASTERCTL -s $SOCK status c >/dev/null 2>&1"
check_eq "remove b, stopped: b goes although the file has it" \
    "b: removed process group" "$(tm_ctl stop b >/dev/null; tm_ctl remove b)"
check "avail shows b as avail again" grep -Eq '^b +avail ' \
    <<<"$(tm_ctl avail)"
check_eq "add b back" "b: added process group" "$(tm_ctl add b)"
tm_wait_state b RUNNING

check_eq "update (all) applies the rest" "e: added process group" \
    "$(tm_ctl update)"
tm_wait_state e RUNNING
check_eq "update with nothing left: no output" "" "$(tm_ctl update all)"
out=$(tm_ctl update nope 2>&1)
check_eq "update of an unknown name: exit 1" \
    "1 ERROR: no such group: nope" "$? $out"

echo "  broken: {cmd: ''}" >>"$CONF"
out=$(tm_ctl reread 2>&1)
check_eq "reread of a broken file: exit 1" 1 $?
check "with supervisorctl's CANT_REREAD and the place" grep -q \
    "^ERROR: CANT_REREAD: .*tm.yaml:[0-9]*:[0-9]*: programs.broken.cmd" \
    <<<"$out"

out=$(tm_ctl fg b </dev/null 2>&1)
check_eq "fg is attach (it wants a terminal)" 2 $?

tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
