#!/bin/bash
# The control socket: its mode, peer credentials, malformed messages,
# a second daemon on a live socket, a stale socket from a dead one.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  sleeper:
    cmd: sleep 1000
    starttime: 0
  gone:
    cmd: /no/such/program
    starttime: 0
    autostart: false
    startretries: 0
EOF
tm_start
tm_wait_state sleeper RUNNING

# stdout's lines and stderr's keep the daemon's order in one pipe,
# stdout being written a buffer at a time: from the daemon, and from a
# stand-in that sends out, err, out and the exit in one write.
# (signal answers in the order of its names; start answers as each
# process gets there, in no fixed order.)
check_eq "stdout and stderr keep their order in one pipe" \
    "sleeper: signalled|gone: ERROR" \
    "$(tm_ctl signal CONT sleeper gone 2>&1 | cut -d' ' -f1,2 | paste -sd'|')"
python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(int(sys.argv[2]))  # a client that never comes: no hang
s.bind(sys.argv[1])
s.listen(1)
c, _ = s.accept()
c.settimeout(int(sys.argv[2]))
c.recv(4096)
def out(stream, text):
    body = struct.pack("!IB", 1, stream) + text
    return struct.pack("!IHH", len(body), 200, 2) + body
c.sendall(out(1, b"one") + out(2, b"two") + out(1, b"three") +
    struct.pack("!IHH", 8, 201, 2) + struct.pack("!Ii", 1, 0))
c.recv(1)
' "$T/order.sock" "$TM_DEADLINE" &
STANDIN=$!
tm_wait "the stand-in's socket" test -S "$T/order.sock"
check_eq "and when they come in one read" "one|two|three" \
    "$("$TASKMASTERCTL" -s "$T/order.sock" status 2>&1 | paste -sd'|')"
wait "$STANDIN"

check_eq "the socket is 0600 by default" 600 "$(stat -c %a "$SOCK")"

# Raw protocol: send bytes, print what comes back (type and text).
raw() {
	python3 - "$SOCK" "$1" <<'EOF'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(bytes.fromhex(sys.argv[2]))
s.settimeout(5)
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    print("timeout")
while len(data) >= 8:
    n, t, v = struct.unpack("!IHH", data[:8])
    print(t, data[8:8 + n].decode(errors="replace"))
    data = data[8 + n:]
EOF
}
hdr() { printf '%08x%04x%04x' "$1" "$2" "$3"; }

V=2
out=$(raw "$(hdr 0 100 99)")
check "a wrong protocol version gets an error and is dropped" \
    grep -q "^204 protocol version 99, expected $V$" <<<"$out"
out=$(raw "$(hdr 0 999 $V)")
check "an unknown message type is dropped" \
    grep -q '^204 unknown message type 999$' <<<"$out"
out=$(raw "$(hdr 4294967295 100 $V)")
check "an oversized message is dropped before its payload" \
    grep -q '^204 message of 4294967295 bytes is over the limit' <<<"$out"
out=$(raw "$(hdr 9 100 $V)00000001737461747573")
check "an unterminated argument is dropped" \
    grep -q '^204 COMMAND message: argument not terminated$' <<<"$out"
out=$(raw "$(hdr 2 100 $V)0000")
check "a short payload is dropped" grep -q '^204 COMMAND message too short' \
    <<<"$out"
out=$(raw "$(hdr 0 200 $V)")
check "a server-only message from a client is dropped" \
    grep -q '^204 unexpected OUTPUT message$' <<<"$out"
out=$(raw "$(hdr 11 100 $V)0000000173746174757300" | cut -c1-4)
check "a well-formed raw command is answered" grep -q '^201 ' <<<"$out"
python3 -c "
import socket,sys
s=socket.socket(socket.AF_UNIX); s.connect('$SOCK'); s.sendall(b'\x00\x00\x00\x10\x00d'); s.close()"
head -c 100000 /dev/urandom | python3 -c "
import socket,sys
s=socket.socket(socket.AF_UNIX); s.connect('$SOCK')
try: s.sendall(sys.stdin.buffer.read())
except OSError: pass
s.close()"
tm_ctl status sleeper >/dev/null
check_eq "the daemon survives garbage and half messages" 0 $?
check "dropped clients are logged" grep -q 'dropped control client' "$LOG"

# Another user is refused even when the socket mode lets it connect.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 666 "$SOCK"
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$TASKMASTERCTL" -s "$SOCK" status 2>&1)
	check_eq "a client of another uid is refused" 1 $?
	check "the refusal says why" grep -q 'permission denied' <<<"$err"
	check "the refusal is logged" grep -q \
	    "control client refused: uid $(id -u nobody)" "$LOG"
	chmod 600 "$SOCK"
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$TASKMASTERCTL" -s "$SOCK" status 2>&1)
	check_eq "with mode 0600 another user cannot even connect" 4 $?
else
	ok "# SKIP not root"
fi

# A config with errors still names its socket: the client reaches the
# daemon (which is running an older, good config).
cp "$CONF" "$T/good.yaml"
echo "    numprocs: -1" >> "$CONF"
out=$("$TASKMASTERCTL" -c "$CONF" status sleeper 2>&1)
check_eq "taskmasterctl -c a broken config still reaches the daemon" 0 $?
err=$("$TASKMASTERCTL" -c "$CONF" reload 2>&1)
check "and reload then says what is wrong" grep -q 'numprocs' <<<"$err"
cp "$T/good.yaml" "$CONF"

# A second daemon on a live socket refuses to start.
err=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "a second daemon exits 1" 1 $?
check_eq "and says why" \
    "taskmasterd: another taskmaster daemon is already running on $SOCK" "$err"
tm_ctl status sleeper >/dev/null
check_eq "the first daemon is untouched" 0 $?

# A stale socket from a dead daemon is replaced.
pid=$(tm_pid sleeper)
kill -9 "$DPID"
wait "$DPID" 2>/dev/null
DPID=
kill "$pid" 2>/dev/null
check "a killed daemon leaves its socket file" test -S "$SOCK"
tm_start
check "a new daemon replaces the stale socket" grep -q \
    "removed stale socket $SOCK" "$LOG"
tm_stop

# socket_mode is applied.
sed -i 's/^  logfile:.*/&\n  socket_mode: "0660"/' "$CONF"
tm_start
check_eq "socket_mode sets the mode" 660 "$(stat -c %a "$SOCK")"
tm_stop
check_eq "daemon exits 0" 0 $?

# A path that is not a socket is never removed.
echo precious > "$T/not-a-socket"
sed -i "s|^  socket:.*|  socket: $T/not-a-socket|" "$CONF"
err=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "a non-socket file at the socket path is refused" 1 $?
check_eq "and kept" precious "$(cat "$T/not-a-socket")"
check "with a clear message" grep -q 'exists and is not a socket' <<<"$err"

tm_done
