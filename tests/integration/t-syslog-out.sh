#!/bin/bash
# stdout_syslog and stderr_syslog: each line to syslog, tagged with the
# process name, from a socket that never blocks the daemon. A stand-in
# syslog socket records what arrives.
. "$(dirname "$0")/lib.sh"

python3 - "$T/log.sock" "$T/got" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(s.recv(65536).decode(errors="replace") + "\n")
PY
L=$!
tm_wait "syslog stand-in" test -S "$T/log.sock"
export TASKMASTER_SYSLOG_SOCKET=$T/log.sock

tm_config <<EOF
  talk:
    cmd: sh -c 'echo hello; echo oops >&2; printf "no newline"; exec sleep 1000'
    starttime: 0
    stdout_syslog: true
    stderr: $T/talk.err
    stderr_syslog: true
  quiet:
    cmd: sh -c 'echo unseen; exec sleep 1000'
    starttime: 0
EOF
tm_start
tm_wait "two lines" test "$(grep -c 'talk\[' "$T/got" 2>/dev/null)" -ge 2
pid=$(tm_pid talk)
check "a stdout line, tagged, at daemon.info (<30>)" grep -Eq \
    "^<30>[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} talk\[$pid\]: hello$" "$T/got"
check "a stderr line at daemon.err (<27>), no \\r from the pty" grep -Eq \
    "^<27>.* talk\[$pid\]: oops$" "$T/got"
check "a program without it sends nothing" bash -c "! grep -q unseen '$T/got'"
tm_ctl stop talk >/dev/null
tm_wait "the last partial line at exit" grep -q 'no newline' "$T/got"
check "the partial last line is sent when the stream ends" \
    grep -q "talk\[$pid\]: no newline$" "$T/got"

# No syslog at all: the process runs on, the event log says so once.
kill "$L"
wait "$L" 2>/dev/null
rm -f "$T/log.sock"
tm_ctl start talk >/dev/null
tm_wait_log 'talk syslog: .*lines not sent so far'
check "without syslog the event log says lines are not sent" test $? = 0
check_eq "and the process runs on" RUNNING "$(tm_state talk)"
tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
