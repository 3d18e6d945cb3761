#!/bin/bash
# Alerts to a real HTTP receiver: each event and what its JSON says,
# headers from the config and from a header file, a crash told apart
# from a stop asked for, alerts: false, the alerts and alert test
# commands (no secret shown), a reload that changes alerts in place and
# --dry-run listing it, and reload_failed with the errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alert-lib.sh"

port=$(recv_start http hook) || exit 1
printf '# the token\nAuthorization: Bearer t0k3n\n' > "$T/hook.headers"
ALERTS="    hook:
      http:
        url: http://127.0.0.1:$port/hook/T0/B0
        headers: {X-Source: taskmaster-test}
        header_file: $T/hook.headers
        timeout: 2
      events: [crashed, exited, fatal, spawn_error, stopped, reloaded, reload_failed]
      limit: 100/1h"
cat > "$T/programs.yaml" <<EOF
  sleeper:
    cmd: sh -c 'echo hello from sleeper; exec sleep 1000'
    starttime: 0.2
  quick:
    cmd: sh -c 'echo bye; sleep 0.5; exit 0'
    starttime: 0.1
    autorestart: never
  broken:
    cmd: $T/no-such-program
    startretries: 1
  quiet:
    cmd: sleep 1000
    starttime: 0
    alerts: false
EOF
alert_config "$ALERTS" < "$T/programs.yaml"
tm_start
tm_wait_state sleeper RUNNING
tm_wait_state broken FATAL
tm_wait_state quick EXITED

# exited, spawn_error, fatal: in the order they happened, per process.
recv_wait_py hook "any(x['json']['event'] == 'exited' for x in m)"
check_eq "exited: expected, exit code 0" "quick 0 True EXITED" \
    "$(recv_py hook "[' '.join(str(j[k]) for k in ('process', 'exit_code', 'expected', 'state')) for j in [x['json'] for x in m] if j['event'] == 'exited'][0]")"
recv_wait_py hook "sum(x['json']['event'] == 'spawn_error' for x in m) == 2"
check_eq "spawn_error: the cause" \
    "exec $T/no-such-program: No such file or directory" \
    "$(recv_py hook "[x['json']['spawn_error'] for x in m if x['json']['event'] == 'spawn_error'][0]")"
recv_wait_py hook "any(x['json']['event'] == 'fatal' for x in m)"
check_eq "fatal: the summary" \
    "broken FATAL: spawn error: exec $T/no-such-program: No such file or directory" \
    "$(recv_py hook "[x['json']['summary'] for x in m if x['json']['event'] == 'fatal'][0]")"
check_eq "fatal: retries used and allowed" "1/1" \
    "$(recv_py hook "[str(x['json']['retries']) + '/' + str(x['json']['retries_allowed']) for x in m if x['json']['event'] == 'fatal'][0]")"
check_eq "backoff is not asked for" "0" \
    "$(recv_py hook "sum(x['json']['event'] == 'backoff' for x in m)")"

# alerts: false. Killed first, so its message would come before the next.
kill -KILL "$(tm_pid quiet)"
tm_wait_log 'quiet killed by SIGKILL'
# crashed, with everything a message says.
n=$(recv_count hook)
pid=$(tm_pid sleeper)
kill -KILL "$pid"
recv_wait hook $((n + 1))
ev() { recv_py hook "m[$n]['json']['$1']"; }
check_eq "crashed: the event" crashed "$(ev event)"
check_eq "alerts: false: quiet is never the subject" "0" \
    "$(recv_py hook "sum(x['json']['process'] == 'quiet' for x in m)")"
check_eq "crashed: process and program" "sleeper sleeper" \
    "$(ev process) $(ev program)"
check_eq "crashed: the pid that died" "$pid" "$(ev pid)"
check_eq "crashed: state and previous state" "EXITED RUNNING" \
    "$(ev state) $(ev previous_state)"
check_eq "crashed: killed by KILL, no exit code, unexpected" "KILL None False" \
    "$(ev signal) $(ev exit_code) $(ev expected)"
check_eq "crashed: the host" "$(hostname)" "$(ev host)"
check "crashed: RFC 3339 time" grep -Eq \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' \
    <<<"$(ev time)"
check_eq "crashed: the screen's last lines" "hello from sleeper" \
    "$(recv_py hook "m[$n]['json']['output'][-1]")"
check_eq "crashed: summary" "sleeper EXITED: crashed, killed by SIGKILL" \
    "$(ev summary)"
check_eq "POSTed to the URL's path" "/hook/T0/B0" "$(recv_py hook "m[$n]['path']")"
check_eq "Content-Type" "application/json" \
    "$(recv_py hook "m[$n]['headers']['content-type']")"
check_eq "a header of the config" "taskmaster-test" \
    "$(recv_py hook "m[$n]['headers']['x-source']")"
check_eq "a header of the header file" "Bearer t0k3n" \
    "$(recv_py hook "m[$n]['headers']['authorization']")"

# A stop asked for: stopped, not crashed.
tm_wait_state sleeper RUNNING
n=$(recv_count hook)
tm_ctl stop sleeper >/dev/null
recv_wait hook $((n + 1))
check_eq "a stop asked for is stopped" "stopped STOPPED STOPPING TERM" \
    "$(ev event) $(ev state) $(ev previous_state) $(ev signal)"
check_eq "... and nothing says crashed" "1" \
    "$(recv_py hook "sum(x['json']['event'] == 'crashed' for x in m)")"

# The alerts command: the figures, the target without its path.
out=$(tm_ctl alerts)
check "alerts: a line for hook" grep -Eq \
    "^hook +http +[0-9]+ +0 +0 +0 +exited,crashed,fatal,spawn_error,stopped,reloaded,reload_failed +http://127.0.0.1:$port/\.\.\. +-$" \
    <<<"$out"
check "alerts: the header" grep -q '^NAME  *KIND  *SENT  *FAILED  *SUPPRESSED  *QUEUED  *EVENTS  *TARGET  *LAST ERROR' \
    <<<"$out"
check "alerts: no secret shown" lacks 'T0|t0k3n' "$out"
check_eq "alerts: sent counts every message" "$(recv_count hook)" \
    "$(awk '$1 == "hook" { print $3 }' <<<"$out")"

# alert test: answers once delivered.
out=$(tm_ctl alert test hook 2>&1)
check_eq "alert test: exit 0 once delivered" \
    "alert hook: test message delivered (HTTP 204)" "$out"
check_eq "alert test: the receiver has it" test \
    "$(recv_py hook "m[-1]['json']['event']")"
out=$(tm_ctl alert test nosuch 2>&1)
check_eq "alert test of no alert: exit 1" "1" "$?"
check_eq "alert test of no alert: why" \
    "alert nosuch: no such alert (the alerts command lists them)" "$out"
tm_ctl alert frobnicate hook >/dev/null 2>&1
check_eq "alert with another word: usage" "2" "$?"

# Reload: alerts change in place, pids stay, --dry-run says it.
tm_ctl start sleeper >/dev/null
tm_wait_state sleeper RUNNING
pid=$(tm_pid sleeper)
port2=$(recv_start http second) || exit 1
ALERTS2="$(sed 's/limit: 100\/1h/limit: 50\/1h/' <<<"$ALERTS")
    second:
      http: {url: \"http://127.0.0.1:$port2/\"}
      events: [reloaded]"
alert_config "$ALERTS2" < "$T/programs.yaml"
out=$(tm_ctl reload --dry-run)
check "dry run: the changed alert" grep -qx \
    "alert hook: changed in place (limit changed)" <<<"$out"
check "dry run: the new alert" grep -qx "alert second: added" <<<"$out"
check "dry run: programs unchanged" grep -q "0 restarted" <<<"$out"
n=$(recv_count hook)
out=$(tm_ctl reload)
check "reload: says the alerts" grep -qx "alert second: added" <<<"$out"
check_eq "reload: pids unchanged" "$pid" "$(tm_pid sleeper)"
recv_wait second 1
check_eq "reloaded: sent to the new alert" reloaded \
    "$(recv_py second "m[0]['json']['event']")"
check "reloaded: its lines say what changed" grep -q "alert hook: changed in place" \
    <<<"$(recv_py second "m[0]['json']['output']")"
recv_wait hook $((n + 1))
check_eq "reloaded: sent to the changed alert" reloaded \
    "$(recv_py hook "m[-1]['json']['event']")"
check "reload: in the event log" grep -q "reload: alert second: added" "$LOG"

# reload_failed: the errors go with it.
sed -i 's/limit: 50\/1h/limit: 0\/1h/' "$CONF"
n=$(recv_count hook)
tm_ctl reload >/dev/null 2>&1
check_eq "a bad reload is refused" "1" "$?"
recv_wait hook $((n + 1))
check_eq "reload_failed: sent" reload_failed "$(recv_py hook "m[-1]['json']['event']")"
check "reload_failed: with the error" grep -q \
    "taskmaster.alerts.hook.limit: expected at least 1 message a period" \
    <<<"$(recv_py hook "m[-1]['json']['output']")"
check "reload_failed: the detail" grep -q "reload refused: 1 error in" \
    <<<"$(recv_py hook "m[-1]['json']['detail']")"

# A removed alert: gone from the list.
alert_config "$ALERTS" < "$T/programs.yaml"
out=$(tm_ctl reload)
check "reload: a removed alert" grep -qx "alert second: removed" <<<"$out"
check "alerts: second is gone" lacks '^second' "$(tm_ctl alerts)"

tm_stop
check_eq "daemon exits 0" 0 $?
check "no sanitizer report" bash -c "! grep -q 'ERROR: \|runtime error' '$T/daemon.stderr'"
tm_done
