#!/bin/bash
# [include] as supervisord reads it: globs relative to the including
# file, files read in sorted order, includes of includes, cycles said
# and cut, errors named by the file and line they are on, and new files
# found by reread and update.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/conf.d" "$T/more"
cat >"$T/main.conf" <<EOF
[unix_http_server]
file=$SOCK
[supervisord]
logfile=$LOG
[include]
files = conf.d/*.conf nothing-*.ini
EOF
printf '[program:a]\ncommand=sleep 1000\nstartsecs=0\n' >"$T/conf.d/a.conf"
cat >"$T/conf.d/b.conf" <<EOF
[program:b]
command=sleep 1000
startsecs=0
[include]
files=../more/*.conf ../main.conf
EOF
printf '[program:deep]\ncommand=sleep 1000\nstartsecs=0\n' >"$T/more/deep.conf"

out=$("$TASKMASTERD" --check -c "$T/main.conf" 2>&1)
check_eq "--check reads every included file" 0 $?
check "and counts their programs" grep -q 'OK (3 programs)' <<<"$out"
check "a glob that matches nothing is a warning by line" grep -q \
    "main.conf:6: include.files: warning: no file matches \"nothing-\*.ini\"" \
    <<<"$out"
check "a cycle is a warning, the file is not read twice" grep -q \
    "b.conf:5: include.files: warning: .*main.conf is already read" <<<"$out"

CONF=$T/main.conf
tm_start
for n in a b deep; do tm_wait_state "$n" RUNNING; done
check_eq "every included program runs" "RUNNING RUNNING RUNNING" \
    "$(tm_state a) $(tm_state b) $(tm_state deep)"

# A new file in conf.d: reread sees it, update starts it.
printf '[program:c]\ncommand=sleep 1000\nstartsecs=0\n' >"$T/conf.d/c.conf"
check_eq "reread finds a new included file" "c: available" "$(tm_ctl reread)"
tm_ctl update >/dev/null
tm_wait_state c RUNNING
check_eq "update starts it" RUNNING "$(tm_state c)"

# An error in an included file is named by that file and its line.
printf '[program:bad]\ncommand=x\nautostart=maybe\n' >"$T/conf.d/d.conf"
out=$(tm_ctl reload 2>&1)
check_eq "an error in an included file refuses the reload" 1 $?
check "naming the included file and line" grep -q \
    "conf.d/d.conf:3: program:bad.autostart: expected true or false" <<<"$out"
tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
