#!/bin/bash
# Peers that ask too much: a client that pipelines hundreds of commands
# that never end, and a typist whose process never reads its terminal.
# The daemon holds a bounded amount for each and goes on serving.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  web:
    cmd: sleep 100000
    starttime: 0
  mute:
    cmd: sh -c 'trap "exec cat >/dev/null" USR1; while :; do sleep 0.05; done'
    starttime: 0
EOF
# Freed memory is given back at once, so RSS says what is held.
export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=1"
tm_start
tm_wait_state web RUNNING
tm_wait_state mute RUNNING

# The protocol from Python: frames of (length, type, version 2).
cat >"$T/peer.py" <<'PY'
import socket, struct, subprocess, sys, threading, time

V = 2
def frame(t, payload):
    return struct.pack("!IHH", len(payload), t, V) + payload
def command(i, *argv):
    return frame(100, struct.pack("!I", i) + b"".join(a.encode() + b"\0" for a in argv))

def exits(sock, until, want=None):
    """Read frames until the deadline; the EXIT statuses by request id."""
    got, data = {}, b""
    sock.settimeout(0.05)
    while time.time() < until and (want is None or len(got) < want):
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            continue
        if not chunk:
            break
        data += chunk
        while len(data) >= 8:
            n, t, v = struct.unpack("!IHH", data[:8])
            if len(data) < 8 + n:
                break
            body, data = data[8:8 + n], data[8 + n:]
            if t == 201:
                i, st = struct.unpack("!Ii", body[:8])
                got[i] = st
    return got

mode, path = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX)
s.connect(path)
if mode == "pipeline":
    ctl = sys.argv[3]
    n = 300
    s.sendall(b"".join(command(i, "wait", "--state", "STOPPED", "web")
                       for i in range(1, n + 1)) + command(n + 1, "version"))
    got = exits(s, time.time() + 1.5)
    print("before", len(got), n + 1 in got)
    subprocess.run([ctl, "-s", path, "stop", "web"], stdout=subprocess.DEVNULL)
    got.update(exits(s, time.time() + 20, want=n + 1))
    print("after", len(got), sorted(set(got.values())))
elif mode == "type":
    s.sendall(command(1, "attach", "--size", "80x24", "mute"))
    # Whatever the daemon sends back is read and thrown away.
    def drain(sock):
        while sock.recv(1 << 16):
            pass
    threading.Thread(target=drain, args=(s,), daemon=True).start()
    block = frame(101, struct.pack("!I", 1) + b"y" * 65536)
    for _ in range(1024):          # 64 MiB typed
        s.sendall(block)
    print("typed")
    sys.stdout.flush()
    sys.stdin.read()               # until the shell has looked
    s.sendall(frame(103, struct.pack("!I", 1)))
PY

# 300 commands that wait, then one that would answer at once: the first
# 256 run, the rest wait in the client's socket until some end.
out=$(python3 "$T/peer.py" pipeline "$SOCK" "$TASKMASTERCTL")
check_eq "past 256 running commands, a client is not read" "before 0 False" \
    "$(sed -n 1p <<<"$out")"
check_eq "once they end, every command runs and answers" "after 301 [0]" \
    "$(sed -n 2p <<<"$out")"
check "the daemon served the others meanwhile" grep -q \
    'web: stopped' <<<"$(tm_ctl start web; tm_ctl stop web)"

# 64 MiB typed to a process that reads nothing: 1 MiB is kept.
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$DPID/status"; }
before=$(rss)
coproc TYPE { python3 "$T/peer.py" type "$SOCK"; }
read -r line <&"${TYPE[0]}"
check_eq "64 MiB typed to a process that does not read" typed "$line"
tm_wait_log 'mute input dropped: the process has not read the 1024 KiB'
check "the event log says input is dropped" test $? = 0
after=$(rss)
check "the daemon kept at most a few MiB of it (RSS $before -> $after KiB)" \
    test $((after - before)) -lt 16384
check_eq "and still answers" RUNNING "$(tm_state mute)"
# Once the terminal takes input again (the process reads, or the line
# discipline throws a full line away), the log counts what was dropped.
tm_ctl signal USR1 mute >/dev/null
tm_wait_log 'mute input flowing again; [0-9]+ bytes typed meanwhile were dropped'
# (The terminal may have taken input in bursts: one line per burst.)
dropped=$(sed -En 's/.*input flowing again; ([0-9]+) bytes.*/\1/p' "$LOG" |
    awk '{ n += $1 } END { print n + 0 }')
check "then says how much was dropped ($dropped bytes)" test \
    "${dropped:-0}" -gt 0 -a "${dropped:-0}" -le $((64 * 1024 * 1024))
exec {TYPE[1]}>&-
wait "$TYPE_PID" 2>/dev/null

tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
