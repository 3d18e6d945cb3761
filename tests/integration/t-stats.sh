#!/bin/bash
# CPU and memory come from the daemon, over each process's whole tree (a
# shell's jobs count for the shell): status -l shows them, sampled when
# asked; stopped processes have none.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  busy:
    cmd: sh -c 'yes >/dev/null & yes >/dev/null & wait'
    starttime: 0
  idle:
    cmd: sleep 1000
    starttime: 0
  off:
    cmd: sleep 1000
    autostart: false
EOF
tm_start
tm_wait_state busy RUNNING
tm_wait_state idle RUNNING
busy=$(tm_pid busy)
# Both jobs of the shell exist.
jobs_up() {
	[ "$(pgrep -c -P "$busy" yes)" = 2 ]
}
tm_wait "busy's two jobs" jobs_up

line() {
	tm_ctl status -l "$1" 2>/dev/null
}
pat='^%s +RUNNING +pid [0-9]+, uptime [0-9:]+, cpu [0-9]+\.[0-9]%%, mem [0-9.]+[KMG]$'
check "status -l adds cpu and mem to a running process" \
    grep -Eq "$(printf "$pat" busy)" <<<"$(line busy)"
check "status without -l is supervisorctl's line" \
    grep -Eq '^busy +RUNNING +pid [0-9]+, uptime [0-9:]+$' \
    <<<"$(tm_ctl status busy)"
check "a stopped process has no figures" \
    grep -Eq '^off +STOPPED +Not started$' <<<"$(line off)"

# The shell itself is idle: only its jobs make it busy.
cpu() {
	line "$1" | sed -n 's/.*cpu \([0-9]*\)\.[0-9]%.*/\1/p'
}
busy_enough() {
	[ "$(cpu busy)" -ge 40 ]
}
tm_wait "busy's tree is busy" busy_enough
check "the CPU of a shell counts its jobs (>= 40%)" busy_enough
check "an idle process uses no CPU" test "$(cpu idle)" -le 5

# Memory is the sum over the tree.
mem_kb() {
	line "$1" | sed -n 's/.*mem \([0-9.]*\)\([KMG]\)$/\1 \2/p' |
	    awk '{ m = $2 == "K" ? 1 : $2 == "M" ? 1024 : 1048576;
	    printf "%d\n", $1 * m }'
}
tree_kb=0
for p in $busy $(pgrep -P "$busy"); do
	kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)
	tree_kb=$((tree_kb + ${kb:-0}))
done
shell_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$busy/status")
got=$(mem_kb busy)
check "the memory of a shell counts its jobs (got $got KiB, shell alone $shell_kb)" \
    test "$got" -gt "$shell_kb"
check "and is about the tree's (got $got KiB, tree $tree_kb)" \
    test "$got" -ge $((tree_kb * 8 / 10)) -a "$got" -le $((tree_kb * 12 / 10))

# A restarted process starts again from its new run.
tm_ctl restart idle >/dev/null
tm_wait_state idle RUNNING
check "after a restart the figures are the new run's" \
    grep -Eq "$(printf "$pat" idle)" <<<"$(line idle)"

check "the daemon shuts down cleanly" tm_stop
tm_done
