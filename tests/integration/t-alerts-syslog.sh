#!/bin/bash
# Syslog alerts to real collectors: RFC 5424 lines over UDP and over TCP
# (octet-counting frames, which the receiver checks), the priority of
# each event with the facility, the structured data; a collector that
# refuses is tried 3 times, the cause logged; the local syslog(3) target.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alert-lib.sh"

pu=$(recv_start udp udp) || exit 1
pt=$(recv_start tcp tcp) || exit 1
free=$(free_port)
alert_config "    udp:
      syslog: {server: \"udp://127.0.0.1:$pu\", facility: local3}
      events: all
    tcp:
      syslog: {server: \"tcp://127.0.0.1:$pt\"}
      events: all
    gone:
      syslog: {server: \"tcp://127.0.0.1:$free\", timeout: 1}
      events: daemon_start
    local:
      syslog:
      events: crashed" <<EOF
  sleeper:
    cmd: sh -c 'echo up; exec sleep 1000'
    starttime: 0
EOF
tm_start
tm_wait_state sleeper RUNNING
host=$(hostname)
recv_wait_py udp "any(' started ' in x['data'] for x in m)"
recv_wait_py tcp "any(' started ' in x['data'] for x in m)"

# line NAME EVENT: the first line of that event (its MSGID).
line() {
	recv_py "$1" "[x['data'] for x in m if x['data'].split(' ')[5] == '$2'][0]"
}
l=$(line udp daemon_start)
check "udp: an RFC 5424 line" grep -Eq \
    "^<157>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z $host taskmasterd $DPID daemon_start \[taskmaster@32473 alert=\"udp\"\] taskmasterd started \(pid $DPID, 1 program\)$" \
    <<<"$l"
check "udp: started is info (local3: <158>)" grep -q '^<158>1 ' <<<"$(line udp started)"
check "tcp: daemon_start is notice (daemon: <29>)" grep -q '^<29>1 ' \
    <<<"$(line tcp daemon_start)"

pid=$(tm_pid sleeper)
kill -KILL "$pid"
recv_wait_py udp "any(' crashed ' in x['data'] for x in m)"
recv_wait_py tcp "any(' crashed ' in x['data'] for x in m)"
check_eq "udp: crashed is err, with its facts" \
    "<155>1 $host taskmasterd crashed [taskmaster@32473 alert=\"udp\" process=\"sleeper\" program=\"sleeper\" pid=\"$pid\" state=\"EXITED\" previous_state=\"RUNNING\" exit=\"killed by SIGKILL\" expected=\"false\" retries=\"0/3\"] sleeper EXITED: crashed, killed by SIGKILL" \
    "$(line udp crashed | awk '{ $2 = ""; $5 = ""; print }' | sed 's/  */ /g')"
check "tcp: crashed is err (<27>)" grep -q '^<27>1 .* sleeper EXITED: crashed, killed by SIGKILL$' \
    <<<"$(line tcp crashed)"
# The log line comes after the message: wait for both to agree.
tcp_counts_agree() {
	[ "$(recv_count tcp)" = "$(grep -c "alert tcp: sent" "$LOG")" ]
}
check "tcp: one connection for every message" tm_wait "tcp counts agree" \
    tcp_counts_agree

# A collector that is not there.
tm_wait_log "alert gone: daemon_start not delivered"
check "refused: the cause, after 3 attempts" grep -Eq \
    "alert gone: daemon_start not delivered: tcp://127.0.0.1:$free: .*refused.* \(3 attempts\)" \
    "$LOG"
out=$(tm_ctl alerts)
check "alerts: the collector and facility" grep -Eq \
    "^udp +syslog .* all +udp://127.0.0.1:$pu, facility local3 +-$" <<<"$out"
check "alerts: the local syslog" grep -Eq \
    "^local +syslog +1 +0 .* crashed +local syslog, facility daemon +-$" <<<"$out"
check "alerts: gone's error" grep -Eq "^gone +syslog +0 +1 .*refused" <<<"$out"
out=$(tm_ctl alert test local 2>&1)
check_eq "alert test: local syslog" \
    "alert local: test message delivered (local syslog)" "$out"
n=$(recv_count tcp)
out=$(tm_ctl alert test tcp 2>&1)
check_eq "alert test: tcp" \
    "alert tcp: test message delivered (tcp://127.0.0.1:$pt)" "$out"
recv_wait tcp $((n + 1))
check "alert test: a test line is info" grep -q \
    "^<30>1 .* test \[taskmaster@32473 alert=\"tcp\"\] test message of alert tcp" \
    <<<"$(line tcp test)"

tm_stop
check_eq "daemon exits 0" 0 $?
check "daemon_stop: sent before the daemon exits" grep -q ' daemon_stop ' \
    <<<"$(recv_py tcp "'\n'.join(x['data'] for x in m)")"
check "no sanitizer report" bash -c "! grep -q 'ERROR: \|runtime error' '$T/daemon.stderr'"
tm_done
