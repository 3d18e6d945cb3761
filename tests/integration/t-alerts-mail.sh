#!/bin/bash
# Alerts by mail to real SMTP servers (aiosmtpd): an RFC 5322 message with
# Date, Message-ID, From, To and the subject of SPEC section 10, a UTF-8
# body with the facts and the screen; a login with the password of
# password_file, never shown; a server that refuses (550) is tried 3
# times, then the failure is in the event log and alerts, and alert test
# says why.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alert-lib.sh"

if ! "$ALERT_PY" -c 'import aiosmtpd' 2>/dev/null; then
	echo "1..0 # SKIP aiosmtpd is not installed (python3-aiosmtpd)"
	exit 0
fi
p1=$(recv_start smtp mail) || exit 1
p2=$(recv_start smtp auth auth) || exit 1
p3=$(recv_start smtp refuse 550) || exit 1
printf 's3cret\n' > "$T/smtp.pass"
chmod 600 "$T/smtp.pass"
alert_config "    mail:
      email:
        to: [ops@example.com, oncall@example.com]
        from: taskmaster@example.com
        server: smtp://127.0.0.1:$p1
      events: [fatal, crashed]
    auth:
      email:
        to: ops@example.com
        server: smtp://127.0.0.1:$p2
        username: alerts
        password_file: $T/smtp.pass
      events: crashed
    refuse:
      email:
        to: ops@example.com
        server: smtp://127.0.0.1:$p3
        timeout: 3
      events: daemon_start" <<EOF
  web:
    cmd: sh -c 'echo démarrage; sleep 0.2; exit 3'
    starttime: 1
    startretries: 0
  sleeper:
    cmd: sh -c 'echo ready; exec sleep 1000'
    starttime: 0
EOF
tm_start
host=$(hostname)
short=${host%%.*}

# FATAL: the subject of SPEC section 10, and a proper message.
recv_wait mail 1
mail_py() {
	"$ALERT_PY" - "$T/mail.out" "$1" "$2" <<'EOF'
import email, email.policy, email.utils, json, sys, time
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
x = m[int(sys.argv[2])]
msg = email.message_from_string(x["data"].replace("\r\n", "\n"),
    policy=email.policy.default)
print(eval(sys.argv[3]))
EOF
}
check_eq "subject" "[taskmaster $short] web FATAL: exited with 3, too quickly" \
    "$(mail_py 0 "msg['Subject']")"
check_eq "From" "taskmaster@example.com" "$(mail_py 0 "msg['From']")"
check_eq "To" "ops@example.com, oncall@example.com" "$(mail_py 0 "msg['To']")"
check_eq "envelope: sender and recipients" \
    "taskmaster@example.com ['ops@example.com', 'oncall@example.com']" \
    "$(mail_py 0 "x['from'] + ' ' + str(x['to'])")"
check_eq "Date: a date, now" "True" \
    "$(mail_py 0 "abs(email.utils.parsedate_to_datetime(msg['Date']).timestamp() - time.time()) < 120")"
check "Message-ID" grep -Eq "^<[0-9.]+@$host>$" <<<"$(mail_py 0 "msg['Message-ID']")"
check_eq "text/plain in UTF-8" "text/plain utf-8" \
    "$(mail_py 0 "msg.get_content_type() + ' ' + msg.get_content_charset()")"
body=$(mail_py 0 "msg.get_content()")
check "body: the summary first" grep -qx \
    "web FATAL: exited with 3, too quickly" <<<"$(head -n 1 <<<"$body")"
check "body: the exit" grep -qx "exit: *exited with 3 (unexpected)" <<<"$body"
check "body: the states" grep -qx "state: *FATAL (was STARTING)" <<<"$body"
check "body: retries" grep -qx "retries: *0/0" <<<"$body"
check "body: the screen, in UTF-8" grep -qx "    démarrage" <<<"$body"

# crashed: to both, the second after a login.
pid=$(tm_pid sleeper)
kill -KILL "$pid"
recv_wait mail 2
recv_wait auth 1
check_eq "crashed: subject" "[taskmaster $short] sleeper EXITED: crashed, killed by SIGKILL" \
    "$(mail_py 1 "msg['Subject']")"
check "crashed: the pid" grep -qx "pid: *$pid" <<<"$(mail_py 1 "msg.get_content()")"
check_eq "Message-IDs differ" "False" \
    "$(mail_py 1 "msg['Message-ID'] == email.message_from_string(m[0]['data'])['Message-ID']")"
check_eq "login: with the password file's first line" '["alerts", "s3cret"]' \
    "$(recv_py auth "m[0]['login'][1:]")"

# A server that refuses: 3 attempts, then the cause in the log.
tm_wait_log "alert refuse: daemon_start not delivered: SMTP 550"
check "refused: after 3 attempts" grep -q \
    "alert refuse: daemon_start not delivered: SMTP 550.*(3 attempts)" "$LOG"
out=$(tm_ctl alerts)
check_eq "alerts: refuse failed once" "0 1" \
    "$(awk '$1 == "refuse" { print $3, $4 }' <<<"$out")"
check "alerts: the last error" grep -Eq "^refuse .*[0-9:]{8} SMTP 550" <<<"$out"
check "alerts: the target" grep -q \
    "ops@example.com via smtp://127.0.0.1:$p2" <<<"$out"
out=$(tm_ctl alert test refuse 2>&1)
check_eq "alert test: exit 1 when refused" "1" "$?"
check "alert test: the cause" grep -q \
    "^alert refuse: test message not delivered: SMTP 550" <<<"$out"
out=$(tm_ctl alert test auth 2>&1)
check_eq "alert test: delivered after a login" \
    "alert auth: test message delivered (SMTP 250)" "$out"

all="$(cat "$LOG" "$T/daemon.stderr")$(tm_ctl alerts 2>&1)"
check "the password is never shown or logged" lacks s3cret "$all"
tm_stop
check_eq "daemon exits 0" 0 $?
check "no sanitizer report" bash -c "! grep -q 'ERROR: \|runtime error' '$T/daemon.stderr'"
tm_done
