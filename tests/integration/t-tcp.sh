#!/bin/bash
# Control over TCP (SPEC section 11): the handshake proves the secret
# without sending it, a wrong one is refused late and logged with the
# peer, ten in a minute ban the address, read-only clients change
# nothing, TLS is checked against --ca, the UNIX socket never waits on
# TCP clients, and a reload changes listeners and secrets in place.
. "$(dirname "$0")/lib.sh"

# A free TCP port on loopback.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT=$(free_port)
ADDR=127.0.0.1:$PORT
echo "s3cret-full" >"$T/pw"
echo "s3cret-ro" >"$T/ro"
chmod 600 "$T/pw" "$T/ro"

tm_config <<EOF
  web:
    cmd: sleep 1000
    starttime: 0
  cat:
    cmd: cat
    starttime: 0
EOF
# The global section gets the TCP keys.
sed -i "s|^programs:|  listen: $ADDR\n  password_file: $T/pw\n  readonly_password_file: $T/ro\nprograms:|" "$CONF"
tm_start
tm_wait_state web RUNNING

tcp() {
	TASKMASTER_PASSWORD=s3cret-full "$TASKMASTERCTL" -s "$ADDR" "$@"
}
ro() {
	TASKMASTER_PASSWORD=s3cret-ro "$TASKMASTERCTL" -s "tcp://$ADDR" "$@"
}

check "status over TCP" grep -Eq '^web +RUNNING' <<<"$(tcp status web)"
check_eq "stop over TCP" "web: stopped" "$(tcp stop web)"
check_eq "start over TCP" "web: started" "$(tcp start web)"
check "the event log names the TCP client" \
    grep -Eq 'control client connected \(tcp 127\.0\.0\.1, full control\)' "$LOG"
tm_wait "tail -f over TCP" bash -c "TASKMASTER_PASSWORD=s3cret-full \
    timeout 3 $TASKMASTERCTL -s $ADDR tail -f web >/dev/null; [ \$? = 124 ]"
check "tail -f over TCP streams until stopped" test $? = 0

# supervisorctl's options: -u is accepted, -p gives the password.
check "supervisorctl's -u USER -p PASSWORD work" grep -Eq '^web +RUNNING' \
    <<<"$(env -u TASKMASTER_PASSWORD "$TASKMASTERCTL" -s "http://$ADDR" \
    -u admin -p s3cret-full status web </dev/null 2>&1)"
check "--password too, and a whole command in one argument" grep -Eq \
    '^web +RUNNING' <<<"$(env -u TASKMASTER_PASSWORD "$TASKMASTERCTL" \
    -s "$ADDR" --password s3cret-full 'status web' </dev/null 2>&1)"

# A wrong password: one error, late, logged with the peer.
start=$(date +%s%N)
out=$(TASKMASTER_PASSWORD=nope "$TASKMASTERCTL" -s "$ADDR" status 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check_eq "a wrong password exits 1" 1 "$rc"
check "and says the authentication failed" \
    grep -q "tcp://$ADDR: authentication failed" <<<"$out"
check "the answer comes late (>= 900 ms, took $ms ms)" test "$ms" -ge 900
check "the failure is logged with the peer" grep -Eq \
    'TCP client 127\.0\.0\.1: authentication failed \(wrong password\)' "$LOG"
check "nothing ran for it" grep -Eq '^web +RUNNING' <<<"$(tcp status web)"

# Read-only: looking is allowed, changing is not.
check "read-only: status" grep -Eq '^web +RUNNING' <<<"$(ro status web)"
check "read-only: pid" test -n "$(ro pid web)"
check "read-only: reload --dry-run" grep -q 'unchanged' \
    <<<"$(ro reload --dry-run)"
for c in "stop web" "start cat" "restart web" "signal HUP web" "reload" \
    "shutdown"; do
	out=$(ro $c 2>&1)
	rc=$?
	check "read-only: \"$c\" is refused (exit 1)" test "$rc" = 1
	check "read-only: \"$c\" says why" \
	    grep -q 'permission denied: read-only client' <<<"$out"
done
check "read-only clients are logged as such" grep -q \
    'control client connected (tcp 127.0.0.1, read-only)' "$LOG"

# The raw protocol: nothing before the handshake; the secret never
# crosses the wire, in either direction (a recording relay in between).
cat >"$T/raw.py" <<'EOF'
import hashlib, hmac, os, socket, struct, sys, time
host, port = sys.argv[1], int(sys.argv[2])
mode = sys.argv[3]
V = 2
def frame(t, p):
    return struct.pack("!IHH", len(p), t, V) + p
def read_msg(s):
    data = b""
    while len(data) < 8:
        c = s.recv(8 - len(data))
        if not c:
            return None, None
        data += c
    n, t, v = struct.unpack("!IHH", data)
    p = b""
    while len(p) < n:
        c = s.recv(n - len(p))
        if not c:
            break
        p += c
    return t, p
s = socket.create_connection((host, port))
s.settimeout(15)
t, p = read_msg(s)
assert t == 205 and p[0] == 1 and len(p) == 33, (t, p)
sn = p[1:]
if mode == "command-first":
    s.sendall(frame(100, struct.pack("!I", 1) + b"status\0"))
elif mode == "wrong":
    cn = os.urandom(32)
    s.sendall(frame(104, cn + hmac.new(b"guess", b"taskmaster auth v1 client" + sn + cn, hashlib.sha256).digest()))
    s.close()
    sys.exit(0)
elif mode == "silent":
    start = time.monotonic()
    t, p = read_msg(s)
    print("closed after %.1f s:" % (time.monotonic() - start), t, p.decode() if p else "")
    sys.exit(0)
elif mode == "right":
    secret = sys.argv[4].encode()
    cn = os.urandom(32)
    s.sendall(frame(104, cn + hmac.new(secret, b"taskmaster auth v1 client" + sn + cn, hashlib.sha256).digest()))
t, p = read_msg(s)
print(t, p.decode(errors="replace") if t == 204 else p[:1].hex())
EOF
out=$(python3 "$T/raw.py" 127.0.0.1 "$PORT" command-first)
check_eq "a command before the handshake is refused" \
    "204 authentication required first" "$out"
out=$(python3 "$T/raw.py" 127.0.0.1 "$PORT" right s3cret-ro)
check_eq "the read-only secret is answered with the read-only role" "206 02" "$out"

cat >"$T/relay.py" <<'EOF'
import socket, sys, threading
lport, dport, rec = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", lport))
ls.listen(8)
out = open(rec, "ab", buffering=0)
def pump(a, b):
    while True:
        try:
            d = a.recv(65536)
        except OSError:
            d = b""
        if not d:
            break
        out.write(d)
        b.sendall(d)
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass
while True:
    c, _ = ls.accept()
    d = socket.create_connection(("127.0.0.1", dport))
    threading.Thread(target=pump, args=(c, d), daemon=True).start()
    threading.Thread(target=pump, args=(d, c), daemon=True).start()
EOF
RPORT=$(free_port)
python3 "$T/relay.py" "$RPORT" "$PORT" "$T/relay.rec" &
RELAY=$!
tm_wait "relay" python3 -c "import socket; socket.create_connection(('127.0.0.1', $RPORT)).close()"
out=$(TASKMASTER_PASSWORD=s3cret-full "$TASKMASTERCTL" -s "127.0.0.1:$RPORT" status web)
check "a command through the relay works" grep -Eq '^web +RUNNING' <<<"$out"
TASKMASTER_PASSWORD=s3cret-ro "$TASKMASTERCTL" -s "127.0.0.1:$RPORT" status >/dev/null
check "the relay saw the traffic" grep -aq 'web' "$T/relay.rec"
check "the full secret never crossed the wire" bash -c \
    "! grep -aq 's3cret-full' '$T/relay.rec'"
check "the read-only secret never crossed the wire" bash -c \
    "! grep -aq 's3cret-ro' '$T/relay.rec'"
kill "$RELAY" 2>/dev/null

# The UNIX socket never waits on TCP: 200 idle connections (more than
# the 64 handshakes allowed at once) and it still answers at once.
python3 - "$PORT" >"$T/idle.out" 2>&1 <<'EOF' &
import socket, sys, time
held = []
for i in range(200):
    try:
        held.append(socket.create_connection(("127.0.0.1", int(sys.argv[1]))))
    except OSError as e:
        print("connect:", e)
print("held", len(held), flush=True)
time.sleep(8)
EOF
IDLE=$!
tm_wait "idle connections held" grep -q '^held' "$T/idle.out"
start=$(date +%s%N)
tm_ctl status web >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
check "with 200 idle TCP connections the UNIX socket answers (${ms} ms)" \
    test "$ms" -lt 2000
check "the handshakes over the limit are refused and logged once" \
    test "$(grep -c 'handshakes already under way' "$LOG")" = 1
wait "$IDLE"

# A handshake that never finishes is dropped after 10 s.
out=$(python3 "$T/raw.py" 127.0.0.1 "$PORT" silent)
check "a silent client is dropped after 10 s" grep -Eq \
    '^closed after (9\.[5-9]|1[0-2]\.[0-9]) s: 204 authentication timed out' \
    <<<"$out"
check "and that is logged" grep -q 'dropped: no handshake within 10 s' "$LOG"

# Reload: a new listener and a new password, in place; a client already
# in (a tail -f) is kept.
PORT2=$(free_port)
echo "n3w-secret" >"$T/pw2"
chmod 600 "$T/pw2"
sed -i "s|^  listen: .*|  listen: [$ADDR, 127.0.0.1:$PORT2]|; s|password_file: $T/pw\$|password_file: $T/pw2|" "$CONF"
web=$(tm_pid web)
# A client already in (on the address that stays) follows output.
n=$(grep -c 'tcp 127.0.0.1, full control' "$LOG")
TASKMASTER_PASSWORD=s3cret-full "$TASKMASTERCTL" -s "$ADDR" tail -f web \
    >"$T/follow.out" 2>&1 &
FOLLOW=$!
tm_wait "the follower is in" bash -c \
    "[ \$(grep -c 'tcp 127.0.0.1, full control' $LOG) -gt $n ]"
tm_ctl reload >/dev/null
tm_wait_log "listening on 127.0.0.1:$PORT2"
check "a client already in stays connected across the reload" \
    kill -0 "$FOLLOW"
kill "$FOLLOW" 2>/dev/null
check "a reload opens a new listener" grep -q "listening on 127.0.0.1:$PORT2" "$LOG"
check "the new password works there" grep -Eq '^web +RUNNING' \
    <<<"$(TASKMASTER_PASSWORD=n3w-secret "$TASKMASTERCTL" -s "127.0.0.1:$PORT2" status web)"
out=$(TASKMASTER_PASSWORD=s3cret-full "$TASKMASTERCTL" -s "127.0.0.1:$PORT2" status web 2>&1)
check "the old one no longer does" grep -q 'authentication failed' <<<"$out"
check_eq "no process was restarted" "$web" "$(tm_pid web)"
sed -i "s|^  listen: .*|  listen: 127.0.0.1:$PORT2|" "$CONF"
tm_ctl reload >/dev/null
tm_wait_log "no longer listening on $ADDR"
check "a reload closes a removed listener" bash -c \
    "! python3 -c \"import socket; socket.create_connection(('127.0.0.1', $PORT))\" 2>/dev/null"
# Last (it bans loopback for a minute): ten failures in a minute.
for i in 1 2 3 4 5 6 7 8 9 10; do
	python3 "$T/raw.py" 127.0.0.1 "$PORT2" wrong
done
tm_wait "the ban" grep -q 'too many failures: the address is refused' "$LOG"
out=$(TASKMASTER_PASSWORD=n3w-secret "$TASKMASTERCTL" -s "127.0.0.1:$PORT2" status 2>&1)
rc=$?
check_eq "a banned address is refused with the right password (exit 1)" \
    1 "$rc"
check "and told for how long" grep -Eq \
    'too many failed attempts from 127\.0\.0\.1: refused for [0-9]+ s' \
    <<<"$out"
check "the UNIX socket is not banned" tm_is_state web RUNNING

tm_stop
check_eq "the daemon exits 0" 0 $?

# A port in use is a clear start error.
PORT3=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
print("ok", flush=True); time.sleep(30)' "$PORT3" >"$T/busy.out" &
BUSY=$!
tm_wait "port taken" grep -q ok "$T/busy.out"
sed -i "s|^  listen: .*|  listen: 127.0.0.1:$PORT3|" "$CONF"
out=$(timeout 10 "$TASKMASTERD" -n -c "$CONF" 2>&1)
rc=$?
check_eq "a port in use: the daemon does not start (exit 1)" 1 "$rc"
check "and says so" grep -q "listen 127.0.0.1:$PORT3: the port is in use" \
    <<<"$out"
kill "$BUSY"

# --check: listen without a password, a public address without TLS.
cat >"$T/bad.yaml" <<EOF
taskmaster:
  socket: $T/bad.sock
  listen: [127.0.0.1:$PORT, 0.0.0.0:$PORT]
programs: {}
EOF
out=$("$TASKMASTERD" --check -c "$T/bad.yaml" 2>&1)
check "listen without password_file is an error with its place" grep -q \
    "bad.yaml:3:11: taskmaster.listen: listen needs password_file" <<<"$out"
sed -i "s|^programs:|  password_file: $T/pw\nprograms:|" "$T/bad.yaml"
out=$("$TASKMASTERD" --check -c "$T/bad.yaml" 2>&1)
check "a public address without TLS is an error" grep -q \
    "taskmaster.listen: 0.0.0.0:$PORT is not loopback: without TLS" <<<"$out"
sed -i "s|^programs:|  insecure: true\nprograms:|" "$T/bad.yaml"
check "unless insecure: true" "$TASKMASTERD" --check -c "$T/bad.yaml"
chmod 644 "$T/pw"
out=$("$TASKMASTERD" --check -c "$T/bad.yaml" 2>&1)
check "a password file others can read is a warning" grep -q \
    "can be read by others than its owner (mode 0644): make it 0600" <<<"$out"
echo "  tls: {cert: $T/nope.pem, key: $T/nope.pem}" >>"$T/bad.yaml"
sed -i '/^  tls:/d' "$T/bad.yaml"
sed -i "s|^programs:|  tls:\n    cert: $T/nope.pem\n    key: $T/nope.pem\nprograms:|" "$T/bad.yaml"
out=$("$TASKMASTERD" --check -c "$T/bad.yaml" 2>&1)
check "an unreadable certificate is an error with its place" grep -Eq \
    "bad.yaml:[0-9]+:[0-9]+: taskmaster.tls.cert: cannot read $T/nope.pem: No such file" \
    <<<"$out"

tm_done
