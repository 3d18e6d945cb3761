#!/bin/bash
# Too many ptys: a config whose tty: true processes outnumber the system's
# ptys (kernel.pty.max) is refused by --check and at start, with the
# numbers and the two ways out; when the ptys run out anyway (the limit
# is shared with the whole machine), the spawns that find none say so,
# the others run, and the daemon neither crashes nor spins. The limit is
# read from a folder of our own (TASKMASTER_PTY_DIR) and the ptys are
# taken away by a shim, so the machine's are never touched.
. "$(dirname "$0")/lib.sh"

# quiet COMMAND...: its output is not TAP.
quiet() {
	"$@" >/dev/null
}

mkdir "$T/pty"
echo 5 >"$T/pty/max"
echo 1 >"$T/pty/nr"
export TASKMASTER_PTY_DIR="$T/pty"

tm_config <<EOF
  plain:
    cmd: sleep 1000
    numprocs: 3
    tty: false
  web:
    cmd: sleep 1000
    numprocs: 4
  db:
    cmd: sleep 1000
    numprocs: 2
    tty: true
EOF
out=$("$TASKMASTERD" --check -c "$CONF" 2>&1)
rc=$?
check "--check refuses 6 tty processes for 5 ptys" test "$rc" -ne 0
want="tm.yaml:9:3: programs.web: 6 processes with tty: true need as many"
want="$want ptys, but this system has 5 in all (kernel.pty.max): set tty:"
want="$want false for the programs that need no terminal, or raise the"
want="$want limit (sysctl -w kernel.pty.max=1024)"
check_eq "--check says how many, the limit and the two ways out" "$want" \
    "$(grep -o 'tm.yaml:[0-9].*' <<<"$out")"

"$TASKMASTERD" -n -c "$CONF" >"$T/start.out" 2>&1
rc=$?
check "the daemon refuses to start with it" test "$rc" -ne 0
check "and says why" grep -q "6 processes with tty: true need as many ptys" \
    "$T/start.out"

echo 6 >"$T/pty/max"
check "6 tty processes for 6 ptys are fine" \
    quiet "$TASKMASTERD" --check -c "$CONF"

# The machine's ptys run out: only 2 can be opened.
if ! ${CC:-cc} -shared -fPIC -o "$T/no-pty.so" \
    "$SRCDIR/tests/fixtures/no-pty.c" -ldl 2>"$T/cc.err"; then
	ok "# SKIP no C compiler to build the pty shim"
	tm_done
	exit 0
fi
echo 100 >"$T/pty/max"
echo 100 >"$T/pty/nr"
tm_config <<EOF
  plain:
    cmd: sleep 1000
    starttime: 0
    tty: false
  web:
    cmd: sleep 1000
    numprocs: 4
    starttime: 0
    startretries: 1
EOF
TM_PTYS=2 LD_PRELOAD="$T/no-pty.so" \
    ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
    "$TASKMASTERD" -n -c "$CONF" 2>>"$T/daemon.stderr" &
DPID=$!
tm_wait "daemon answers" tm_ctl version
tm_wait_state plain RUNNING
tm_wait_state web:0 RUNNING
tm_wait_state web:1 RUNNING
tm_wait_state web:2 FATAL
tm_wait_state web:3 FATAL
check_eq "2 of 4 got a pty" 2 "$(tm_ctl status | grep -c '^web.*RUNNING')"
want="no pty left (No space left on device): 100 of the system's 100 are"
want="$want in use (kernel.pty.max): set tty: false if it needs no"
want="$want terminal, or raise the limit (sysctl -w kernel.pty.max=1024)"
check "status says why web:2 has none, and what to do" \
    grep -qF "spawn error: $want" <(tm_ctl status web:2)
check "the event log says it" grep -qF "web:3 gave up after 2 start" "$LOG"
check_eq "each tried twice, then gave up: no spin" 4 \
    "$(grep -c 'web:[23] .*spawn error: no pty left' "$LOG")"
check "the daemon is alive and answers" quiet tm_ctl pid plain
tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
