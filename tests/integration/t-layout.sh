#!/bin/bash
# The shape of the build: taskmasterctl links no engine code (a client
# for a remote daemon must not carry the supervisor), and no source file
# grows past what one job needs.

. "$(dirname "$0")/lib.sh"

ENGINE="$BUILDDIR/libtmengine.a"

# Every symbol the engine library defines.
engine_syms() {
	nm -g --defined-only "$ENGINE" 2>/dev/null |
	    awk 'NF == 3 && $2 ~ /^[TDBR]$/ { print $3 }' | sort -u
}
# Every symbol a program defines.
prog_syms() {
	nm --defined-only "$1" 2>/dev/null |
	    awk 'NF == 3 && $2 ~ /^[TtDdBbRr]$/ { print $3 }' | sort -u
}

# Whether a list of symbols lacks one.
lacks() {
	! grep -qx "$1" <<<"$2"
}

all=$(engine_syms)
check "the engine library defines the supervisor" \
    grep -qx sv_create <<<"$all"
check "the engine library defines spawning" \
    grep -qx proc_spawn <<<"$all"

ctl=$(prog_syms "$TASKMASTERCTL")
check "taskmasterctl has symbols to look at" test -n "$ctl"
both=$(comm -12 <(echo "$all") <(echo "$ctl"))
check_eq "taskmasterctl links no engine code" "" "$both"
for sym in proc_spawn sv_apply sv_create pane_create server_open \
    cmd_run daemon_start eventlog; do
	check "taskmasterctl has no $sym" lacks "$sym" "$ctl"
done
check "taskmasterctl has the command table" grep -qx cmd_table <<<"$ctl"

d=$(prog_syms "$TASKMASTERD")
check "taskmasterd has the engine" grep -qx proc_spawn <<<"$d"

# Files of one job each: none over 800 lines.
big=$(wc -l "$SRCDIR"/src/*.c "$SRCDIR"/include/*.h |
    awk '$2 != "total" && $1 > 800 { print $2 " (" $1 " lines)" }')
check_eq "no source file is over 800 lines" "" "$big"

tm_done
