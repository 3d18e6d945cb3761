# Shared helpers for the integration tests: each test file sources this,
# gets a private temp dir and socket, starts the real taskmasterd on a
# config it writes, and checks what taskmasterctl and the event log say.
# Output is TAP, one line per check. Waits are on conditions with a
# deadline, never on a bare sleep.

set -u

: "${BUILDDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
TASKMASTERD="$BUILDDIR/taskmasterd"
TASKMASTERCTL="$BUILDDIR/taskmasterctl"
FIXTURES="$BUILDDIR/tests/fixtures"
TM_DEADLINE=${TM_DEADLINE:-10}

# Sanitizer reports fail the test that triggered them.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

T=$(mktemp -d "${TMPDIR:-/tmp}/tm-test.XXXXXX")
chmod 755 "$T"
SOCK="$T/tm.sock"
CONF="$T/tm.yaml"
LOG="$T/events.log"
DPID=
tm_n=0
tm_failed=0

tm_cleanup() {
	type tm_tmux_cleanup >/dev/null 2>&1 && tm_tmux_cleanup
	if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
		kill -KILL "$DPID" 2>/dev/null
	fi
	# Anything a test left behind in our temp dir's name goes too.
	pkill -KILL -f "$T/" 2>/dev/null
	if [ "$tm_failed" -eq 0 ] && [ -z "${TM_KEEP:-}" ]; then
		rm -rf "$T"
	else
		echo "# kept $T" >&2
	fi
}
trap tm_cleanup EXIT

# TAP results.
ok() {
	tm_n=$((tm_n + 1))
	echo "ok $tm_n - $*"
}
not_ok() {
	tm_n=$((tm_n + 1))
	tm_failed=$((tm_failed + 1))
	echo "not ok $tm_n - $*"
}
# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		[ -f "$LOG" ] && sed 's/^/#   log: /' "$LOG" | tail -n 15
	fi
}
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   expected: %s\n#   actual:   %s\n' "$2" "$3" |
		    sed 's/^\([^#]\)/#   \1/'
	fi
}
tm_done() {
	echo "1..$tm_n"
	[ "$tm_failed" -eq 0 ]
}

# Write the config: the global section pointing at our socket and log,
# then the programs given on stdin.
tm_config() {
	{
		echo "taskmaster:"
		echo "  socket: $SOCK"
		echo "  logfile: $LOG"
		echo "programs:"
		cat
	} > "$CONF"
}

tm_ctl() {
	"$TASKMASTERCTL" -s "$SOCK" "$@"
}

# Start taskmasterd -n in the background and wait for its socket. Its
# stdout (a child's /dev/stdout log, a listener's unterminated answer)
# goes to a file: in the TAP stream it could glue itself to a result.
tm_start() {
	"$TASKMASTERD" -n -c "$CONF" "$@" >>"$T/daemon.stdout" \
	    2>>"$T/daemon.stderr" &
	DPID=$!
	tm_wait "daemon answers" tm_ctl version >/dev/null
}

# tm_wait DESCRIPTION COMMAND...: retry until it succeeds or the
# deadline passes (then report and return 1).
tm_wait() {
	local desc=$1 end
	shift
	end=$(($(date +%s%N) / 1000000 + TM_DEADLINE * 1000))
	while ! "$@" >/dev/null 2>&1; do
		if [ $(($(date +%s%N) / 1000000)) -ge "$end" ]; then
			echo "# timed out waiting for: $desc" >&2
			return 1
		fi
		sleep 0.02
	done
	return 0
}

# The state of one process, from taskmasterctl status.
tm_state() {
	tm_ctl status "$1" 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }'
}
tm_is_state() {
	[ "$(tm_state "$1")" = "$2" ]
}
# tm_wait_state NAME STATE: wait until NAME is in STATE.
tm_wait_state() {
	tm_wait "$1 in $2" tm_is_state "$1" "$2"
}
tm_pid() {
	tm_ctl pid "$@" 2>/dev/null
}
# tm_wait_log REGEX: wait until the event log has a matching line.
tm_wait_log() {
	tm_wait "log line /$1/" grep -Eq -- "$1" "$LOG"
}
# Wait for a file to exist and be non-empty.
tm_wait_file() {
	tm_wait "file $1" test -s "$1"
}

# Shut the daemon down and wait for it to exit; returns its exit status.
tm_stop() {
	local rc
	[ -n "$DPID" ] || return 0
	tm_ctl shutdown >/dev/null 2>&1
	wait "$DPID"
	rc=$?
	DPID=
	return $rc
}

# Whether a pid is alive (and not a zombie).
tm_alive() {
	[ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# Milliseconds since midnight of the first (or Nth) log line matching
# REGEX: tm_log_ms REGEX [N].
tm_log_ms() {
	grep -E -- "$1" "$LOG" | sed -n "${2:-1}p" |
	    awk '{ split($2, t, "[:.]"); print ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4] }'
}
# tm_small_fs SIZE: a tmpfs of SIZE on $T/small, to fill up (unmounted
# at exit, or by tm_small_fs_done); fails where mounting is not allowed.
tm_small_fs() {
	mkdir -p "$T/small"
	mount -t tmpfs -o "size=$1" tmpfs "$T/small" 2>/dev/null || return 1
	trap 'umount "$T/small" 2>/dev/null; tm_cleanup' EXIT
}
tm_small_fs_done() {
	umount "$T/small"
	trap tm_cleanup EXIT
}
# Zombie children of a pid.
tm_zombies() {
	local pid
	for pid in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && echo "$pid"
	done
}

# A private tmux server for this test. tm_tmux_new kills the last one
# and starts a session on a server of a new name (a server that is still
# going away would refuse the new session).
tm_tmux_n=0
TMUX_SOCKET="tm-test-$$-0"
tm_tmux() {
	tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}
tm_tmux_cleanup() {
	tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null
}
# tm_tmux_new COLS ROWS COMMAND: a fresh server with one session.
tm_tmux_new() {
	tm_tmux_cleanup
	tm_tmux_n=$((tm_tmux_n + 1))
	TMUX_SOCKET="tm-test-$$-$tm_tmux_n"
	tm_tmux new-session -d -x "$1" -y "$2" "$3"
}
# The visible text of a pane (default: the first), trailing blanks cut.
tm_screen() {
	tm_tmux capture-pane -p -t "${1:-0}" 2>/dev/null | sed 's/ *$//'
}
tm_screen_has() {
	tm_screen "${2:-0}" | grep -Eq -- "$1"
}
tm_screen_lacks() {
	! tm_screen "${2:-0}" | grep -Eq -- "$1"
}
# tm_wait_screen REGEX [PANE]: wait until the pane shows a matching line.
tm_wait_screen() {
	tm_wait "screen /$1/" tm_screen_has "$1" "${2:-0}"
}
