#!/bin/bash
# TLS and terminals over TCP (SPEC section 11): a certificate made here
# by openssl is checked with --ca and refused without it; attach (type,
# echo, Ctrl-], same pid), tail -f and the console work over TLS as over
# the UNIX socket; the password is asked on the terminal without echo;
# a read-only console shows everything and changes nothing.
. "$(dirname "$0")/lib.sh"

if ! command -v openssl >/dev/null; then
	echo "1..0 # SKIP openssl is not installed"
	exit 0
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=tls://127.0.0.1:$PORT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
chmod 600 "$T/key.pem"
echo "tls-s3cret" >"$T/pw"
echo "look-only" >"$T/ro"
chmod 600 "$T/pw" "$T/ro"

CAT=$(tc_bin cat)
SLEEP=$(tc_bin sleep)
tm_config <<EOF
  cat:
    cmd: $CAT
    starttime: 0
  web:
    cmd: $SLEEP 1000
    starttime: 0
EOF
sed -i "s|^programs:|  listen: 127.0.0.1:$PORT\n  password_file: $T/pw\n  readonly_password_file: $T/ro\n  tls:\n    cert: $T/cert.pem\n    key: $T/key.pem\nprograms:|" "$CONF"
tm_start
tm_wait_state cat RUNNING
tm_wait_state web RUNNING
check "the daemon listens in TLS" grep -q "listening on 127.0.0.1:$PORT (TLS)" "$LOG"

out=$(TASKMASTER_PASSWORD=tls-s3cret "$TASKMASTERCTL" -s "$URL" \
    --ca "$T/cert.pem" status cat 2>&1)
check "status over TLS with --ca" grep -Eq '^cat +RUNNING' <<<"$out"
out=$(TASKMASTER_PASSWORD=tls-s3cret "$TASKMASTERCTL" -s "$URL" status 2>&1)
rc=$?
check_eq "without --ca the self-signed certificate is refused (exit 4)" 4 "$rc"
check "and says why" grep -q "TLS: the certificate of $URL is not trusted" \
    <<<"$out"
out=$(TASKMASTER_PASSWORD=tls-s3cret "$TASKMASTERCTL" -s "$URL" --insecure \
    status cat 2>&1)
check "--insecure skips the check" grep -Eq '^cat +RUNNING' <<<"$out"
check "and warns" grep -q 'warning: --insecure' <<<"$out"

CTL="$TASKMASTERCTL -s $URL --ca $T/cert.pem"

# attach over TLS: type, see the echo, Ctrl-] detaches, same pid.
pid=$(tm_pid cat)
tm_tmux_new 80 24 "env TASKMASTER_PASSWORD=tls-s3cret $CTL attach cat; echo EXIT=\$?; sleep 1000"
tm_wait_log 'cat attached'
tm_tmux send-keys 'hello over tls' Enter
tm_wait "echo and output" tc_screen_count '^hello over tls$' 2
check "typed text reaches the process over TLS and comes back" \
    tc_screen_count '^hello over tls$' 2
tm_tmux send-keys C-]
tm_wait_screen '^EXIT=0$'
check "Ctrl-] detaches (exit 0)" tm_screen_has '^EXIT=0$'
check_eq "the process is still RUNNING with the same pid" "RUNNING $pid" \
    "$(tm_state cat) $(tm_pid cat)"

# The password asked on the terminal, without echo.
tm_tmux_new 80 24 "$CTL status web; echo EXIT=\$?; sleep 1000"
tm_wait_screen "^Password for $URL:"
tm_tmux send-keys 'tls-s3cret' Enter
tm_wait_screen '^EXIT=0$'
check "the password is asked on the terminal" tm_screen_has '^web +RUNNING'
check "and not echoed" tm_screen_lacks 'tls-s3cret'

# tail -f over TLS.
TASKMASTER_PASSWORD=tls-s3cret timeout 20 $CTL tail -f cat >"$T/tail.out" &
TAIL=$!
tm_wait "tail -f started" grep -q 'hello over tls' "$T/tail.out"
tm_tmux_new 80 24 "env TASKMASTER_PASSWORD=tls-s3cret $CTL attach cat; sleep 1000"
tm_wait "second attach" bash -c "[ \$(grep -c 'cat attached' $LOG) -ge 2 ]"
tm_tmux send-keys 'second line' Enter
tm_wait "tail -f follows" grep -q '^second line$' "$T/tail.out"
check "tail -f over TLS follows new output" grep -q '^second line$' \
    "$T/tail.out"
kill "$TAIL" 2>/dev/null

# The console over TLS, read-only: table and preview, no changes.
tm_tmux_new 100 30 "env XDG_STATE_HOME=$XDG_STATE_HOME TASKMASTER_PASSWORD=look-only $CTL; $TC_AFTER"
tc_wait_row web RUNNING
check "the console over TLS shows the table" tc_row_has cat RUNNING
check "and says it is read-only" tm_screen_has '^ taskmaster +\(read-only\)'
tm_tmux send-keys j x
tc_wait_message 'read-only'
check "a changing key says the console is read-only" \
    tc_message_has '^read-only: this console may look, not stop'
check_eq "and nothing was stopped" RUNNING "$(tm_state web)"
tm_tmux send-keys : 'stop web' Enter
tc_wait_message 'permission denied'
check "a changing command is refused by the daemon" \
    tc_message_has 'permission denied: read-only client'
check_eq "still nothing stopped" RUNNING "$(tm_state web)"
tm_tmux send-keys q
tc_wait_gone
check "q leaves the read-only console" tm_screen_has '^EXIT=0$'

tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
