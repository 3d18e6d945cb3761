#!/bin/bash
# Where close_range cannot mark fds close-on-exec (Linux before 5.11),
# the spawn marks each one itself: an fd the daemon inherited without
# close-on-exec still never reaches a child.
. "$(dirname "$0")/lib.sh"

if ! ${CC:-cc} -shared -fPIC -o "$T/no-close-range.so" \
    "$SRCDIR/tests/fixtures/no-close-range.c" 2>"$T/cc.err"; then
	ok "# SKIP no C compiler to build the close_range shim"
	tm_done
	exit 0
fi

tm_config <<EOF
  fds:
    cmd: ["sh", "-c", "ls /proc/self/fd > $T/fds; exec sleep 1000"]
    starttime: 0
EOF
# fd 7 open without close-on-exec, as a careless parent may leave one.
LD_PRELOAD="$T/no-close-range.so" \
    ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
    "$TASKMASTERD" -n -c "$CONF" 2>>"$T/daemon.stderr" 7>"$T/leak" &
DPID=$!
tm_wait "daemon answers" tm_ctl version
check "the daemon itself has fd 7" test -e "/proc/$DPID/fd/7"
tm_wait_file "$T/fds"
# ls has 0, 1, 2 and the fd of the folder it reads.
check_eq "no inherited fd reaches the child" "0 1 2 3" \
    "$(sort -n "$T/fds" | xargs)"
tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
