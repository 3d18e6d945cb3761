#!/bin/bash
# Cost linear in the number of processes: with a thousand programs,
# commands that name them all, or name them many times over, answer in
# milliseconds. The deadlines are far above the expected times, so only
# a quadratic step (a list searched for every name, as status of 30,000
# names over 1,000 processes once took 4.7 s) makes them fail.
. "$(dirname "$0")/lib.sh"

N=1000
for i in $(seq 0 $((N - 1))); do
	printf '  p%d:\n    cmd: sleep 1000\n    autostart: false\n' "$i"
done | tm_config
tm_start

# ms COMMAND...: run it, print how many milliseconds it took.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >"$T/out" 2>"$T/err"
	echo "$? $((($(date +%s%N) - t0) / 1000000))" >"$T/rc"
}

ms tm_ctl status
read -r rc t <"$T/rc"
check_eq "status lists every process" "$N" "$(grep -c ' STOPPED ' "$T/out")"
check_eq "status exits 3 (none is running)" 3 "$rc"

names=()
for i in $(seq 1 30); do
	for j in $(seq 0 $((N - 1))); do
		names+=("p$j")
	done
done
ms tm_ctl status "${names[@]}"
read -r rc t <"$T/rc"
check_eq "status of 30,000 names: each process once" "$N" \
    "$(grep -c ' STOPPED ' "$T/out")"
check "status of 30,000 names answers in under 3 s (took $t ms)" \
    test "$t" -lt 3000

alls=()
for i in $(seq 1 30000); do
	alls+=(all)
done
ms tm_ctl status "${alls[@]}"
read -r rc t <"$T/rc"
check_eq "status all x 30,000: each process once" "$N" \
    "$(grep -c ' STOPPED ' "$T/out")"
check "status all x 30,000 answers in under 3 s (took $t ms)" \
    test "$t" -lt 3000

ms tm_ctl stop "${names[@]}"
read -r rc t <"$T/rc"
check "stop of 30,000 names answers in under 3 s (took $t ms)" \
    test "$t" -lt 3000

# A reload of a thousand unchanged programs changes nothing, at once.
ms tm_ctl reload
read -r rc t <"$T/rc"
check_eq "reload exits 0" 0 "$rc"
tm_wait_log "config reloaded .*$N unchanged"
check "reload of $N programs answers in under 3 s (took $t ms)" \
    test "$t" -lt 3000

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
