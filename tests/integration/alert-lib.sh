# Helpers of the alert tests, sourced after lib.sh: real receivers
# (alert-recv.py: HTTP, SMTP, UDP and TCP syslog) started in the test's
# folder, so lib.sh's clean-up ends them, and what they recorded.

# A python3 that has aiosmtpd (Debian's package is for the system one).
ALERT_PY=python3
if /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	ALERT_PY=/usr/bin/python3
fi
ALERT_RECV="$SRCDIR/tests/integration/alert-recv.py"

# recv_start KIND NAME [BEHAVIOUR]: start a receiver recording into
# $T/NAME.out; prints its port once it listens.
recv_start() {
	rm -f "$T/$2.port" "$T/$2.out"
	: > "$T/$2.out"
	"$ALERT_PY" "$ALERT_RECV" "$1" "$T/$2.out" "$T/$2.port" "${3:-ok}" \
	    >>"$T/$2.stderr" 2>&1 &
	tm_wait "$1 receiver $2 listening" test -s "$T/$2.port" || return 1
	cat "$T/$2.port"
}

# A port nothing listens on.
free_port() {
	"$ALERT_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# recv_count NAME: messages received.
recv_count() {
	wc -l < "$T/$1.out"
}
recv_has() {
	[ "$(recv_count "$1")" -ge "$2" ]
}
# recv_wait NAME N: until NAME has received N messages.
recv_wait() {
	tm_wait "$2 messages in $1" recv_has "$1" "$2"
}

# recv_py NAME EXPR: evaluate a python expression over m, the list of
# the messages received (JSON objects), and print it.
recv_py() {
	"$ALERT_PY" - "$T/$1.out" "$2" <<'EOF'
import json, sys
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
r = eval(sys.argv[2])
print(r if not isinstance(r, (dict, list)) else json.dumps(r))
EOF
}

# recv_wait_py NAME EXPR: until the expression is true.
recv_true() {
	[ "$(recv_py "$1" "$2" 2>/dev/null)" = "True" ]
}
recv_wait_py() {
	tm_wait "$1: $2" recv_true "$1" "$2"
}

# alert_config ALERTS: the global section with ALERTS (YAML, indented
# for the alerts mapping), then the programs given on stdin.
alert_config() {
	{
		echo "taskmaster:"
		echo "  socket: $SOCK"
		echo "  logfile: $LOG"
		echo "  alerts:"
		printf '%s\n' "$1"
		echo "programs:"
		cat
	} > "$CONF"
}

# lacks REGEX TEXT: no line of TEXT matches.
lacks() {
	! grep -Eq -- "$1" <<<"$2"
}

# ms since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
