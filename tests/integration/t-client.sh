#!/bin/bash
# taskmasterctl believes only a daemon that runs as root or as its user:
# a socket another user created first (in /tmp, say) is refused, with
# what and why, and nothing it sends is printed.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
	echo "1..0 # SKIP needs root and a user nobody"
	exit 0
fi

# A listener of nobody's that answers anything with a forged status.
mkdir -p "$T/shared"
chmod 1777 "$T/shared"
FAKE="$T/shared/taskmaster.sock"
setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(4)
while True:
    c, _ = s.accept()
    text = b"web  RUNNING  pid 1, uptime 9:99:99 (FORGED)\0"
    out = struct.pack("!IB", 1, 1) + text
    c.sendall(struct.pack("!IHH", len(out), 200, 2) + out +
        struct.pack("!IHH", 8, 201, 2) + struct.pack("!Ii", 1, 0))
    c.close()
' "$FAKE" &
FAKEPID=$!
tm_wait "the forged socket" test -S "$FAKE"
check "the forged socket belongs to nobody" \
    test "$(stat -c %U "$FAKE")" = nobody

out=$("$TASKMASTERCTL" -s "$FAKE" status 2>&1)
rc=$?
check_eq "taskmasterctl refuses a daemon of another user (exit 4)" 4 "$rc"
check "and says why, naming the socket and the uid" grep -Eq \
    "refusing the daemon at $FAKE: it runs as uid $(id -u nobody), neither root nor you" \
    <<<"$out"
check "nothing the impostor sent is printed" \
    bash -c "! grep -q FORGED <<<'$out'"
kill "$FAKEPID" 2>/dev/null

# The real daemon, as root, is believed.
tm_config <<EOF
  web:
    cmd: sleep 1000
    starttime: 0
EOF
tm_start
tm_wait_state web RUNNING
check "a daemon of our own is believed" tm_is_state web RUNNING
check "the daemon shuts down cleanly" tm_stop
tm_done
