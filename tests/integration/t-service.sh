#!/bin/bash
# Around the daemon: the service manager's readiness protocol
# (NOTIFY_SOCKET), the systemd unit and the bash completion that
# "make install" puts in place.
. "$(dirname "$0")/lib.sh"

# A service manager's side of NOTIFY_SOCKET: every datagram, one line
# each ("|" for the newlines inside).
NOTES="$T/notify.log"
python3 - "$T/notify.sock" "$NOTES" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(4096).decode().replace("\n", "|") + "\n")
PY
LISTENER=$!
tm_wait "notify listener" test -S "$T/notify.sock"

tm_config <<EOF
  env:
    cmd: sh -c 'echo "notify=[\$NOTIFY_SOCKET]"; exec sleep 1000'
    starttime: 0
EOF
NOTIFY_SOCKET="$T/notify.sock" tm_start
tm_wait_file "$NOTES"
check_eq "READY=1 with the daemon's pid once it takes clients" \
    "READY=1|MAINPID=$DPID" "$(head -n 1 "$NOTES")"
tm_wait_state env RUNNING
tm_wait "the child's output" grep -q 'notify=' <(tm_ctl tail env)
check_eq "children do not inherit NOTIFY_SOCKET" "notify=[]" \
    "$(tm_ctl tail env | grep notify=)"
kill -HUP "$DPID"
tm_wait "RELOADING=1 then READY=1" grep -qx 'READY=1' "$NOTES"
check_eq "a reload says RELOADING=1, then READY=1" \
    "RELOADING=1 READY=1" "$(sed -n '2,3p' "$NOTES" | xargs)"
tm_stop
check_eq "the daemon exits 0" 0 $?
check_eq "a stop says STOPPING=1" "STOPPING=1" "$(sed -n 4p "$NOTES")"

# No manager, or a broken address: the daemon runs all the same.
: >"$LOG"
NOTIFY_SOCKET="relative/path" tm_start
check "a NOTIFY_SOCKET that is no path is a warning" grep -q \
    'WARN taskmaster NOTIFY_SOCKET ignored: not a socket path: relative/path' \
    "$LOG"
tm_stop
: >"$LOG"
NOTIFY_SOCKET="$T/nobody.sock" tm_start
check "a manager that is gone changes nothing" tm_wait_state env RUNNING
tm_stop
kill "$LISTENER" 2>/dev/null

# make install: the unit, the completion and the samples land under the
# prefix (DESTDIR), the unit naming the installed binary.
INST="$T/inst"
make -s -C "$BUILDDIR" install DESTDIR="$INST" >"$T/install.log" 2>&1
check_eq "make install into a DESTDIR" 0 $?
prefix=$(sed -n 's/^prefix = //p' "$BUILDDIR/Makefile")
unit="$INST$prefix/lib/systemd/system/taskmasterd.service"
check "the systemd unit is installed" test -f "$unit"
check "it runs the installed taskmasterd in the foreground" grep -qx \
    "ExecStart=$prefix/bin/taskmasterd -n -c $prefix/etc/taskmaster/taskmaster.yaml" \
    "$unit"
check "the completion is installed under its command's name" test -f \
    "$INST$prefix/share/bash-completion/completions/taskmasterctl"
check "the samples are installed as examples" test -f \
    "$INST$prefix/share/doc/taskmaster/examples/taskmaster.yaml"
if command -v systemd-analyze >/dev/null; then
	# verify wants the binaries where the unit says: point it at ours.
	sed "s|$prefix/bin/taskmasterd|$INST$prefix/bin/taskmasterd|" "$unit" \
	    >"$T/taskmasterd.service"
	out=$(systemd-analyze verify "$T/taskmasterd.service" 2>&1)
	# (The man pages are not installed where it looks: not ours to say.)
	check_eq "systemd-analyze verify finds nothing to say" "" \
	    "$(grep -F taskmasterd.service <<<"$out" | grep -v "Command 'man ")"
else
	ok "# SKIP systemd-analyze is not installed"
fi

# The completion, in a bash of its own, against a live daemon.
COMP="$SRCDIR/data/bash-completion/taskmasterctl"
check "the completion script is valid bash" bash -n "$COMP"
tm_config <<EOF
  web:
    cmd: sleep 1000
    numprocs: 2
    starttime: 0
  db:
    cmd: sleep 1000
    starttime: 0
EOF
tm_start
tm_wait_state db RUNNING
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    _taskmasterctl; printf "%s\n" "${COMPREPLY[@]}" | sort | xargs' \
	    _ "$COMP" "$@"
}
check_eq "\"sta\" is start and status" "start status" \
    "$(complete_words "$TASKMASTERCTL" sta)"
check_eq "names come live from the daemon, with programs and all" \
    "all db web web:0 web:1" \
    "$(complete_words "$TASKMASTERCTL" -s "$SOCK" stop '')"
check_eq "a command's options come from its usage" "--json -l" \
    "$(complete_words "$TASKMASTERCTL" -s "$SOCK" status -)"
check_eq "signal takes a signal first" "HUP" \
    "$(complete_words "$TASKMASTERCTL" -s "$SOCK" signal HU)"
check_eq "the client's own options" "--socket" \
    "$(complete_words "$TASKMASTERCTL" --so)"
check_eq "no daemon: no names, no error" "" \
    "$(complete_words "$TASKMASTERCTL" -s "$T/none.sock" stop '' 2>&1)"
tm_stop
tm_done
