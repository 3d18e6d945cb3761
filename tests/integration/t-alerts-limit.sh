#!/bin/bash
# The rate limit and the digest, against a real HTTP receiver: past
# N/PERIOD events are counted, and one digest at the period's end says
# how many, per process and event, matching the event log; the same
# event of a process within 1 s is sent once; the digest of a period
# still running is sent when the daemon stops.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alert-lib.sh"

port=$(recv_start http lim) || exit 1
port2=$(recv_start http rep) || exit 1
alert_config "    lim:
      http: {url: \"http://127.0.0.1:$port/\"}
      events: crashed
      programs: crashy
      limit: 2/4s
    rep:
      http: {url: \"http://127.0.0.1:$port2/\"}
      events: crashed
      programs: [flappy]
      limit: 100/1h" <<EOF
  crashy:
    cmd: sh -c 'sleep 0.05; exit 1'
    numprocs: 2
    starttime: 0
    restart_interval: 0.2
  flappy:
    cmd: sh -c 'sleep 0.05; exit 1'
    starttime: 0
    restart_interval: 0.1
EOF
tm_start
# Crash for a while, well inside lim's period, then stop.
tm_wait_log 'crashy:1 exited with 1'
until=$(($(now_ms) + 1500))
later() {
	[ "$(now_ms)" -ge "$until" ]
}
tm_wait "1.5 s of crashes" later
tm_ctl stop crashy:0 crashy:1 flappy >/dev/null
tm_wait_state crashy:0 STOPPED
tm_wait_state crashy:1 STOPPED
tm_wait_state flappy STOPPED
crashes=$(grep -Ec 'crashy:[01] exited with 1 \(unexpected\)' "$LOG")
check "crashy crashed more than the limit ($crashes times)" test "$crashes" -gt 4

# Two sent, then one digest with the rest.
recv_wait lim 3
check_eq "limit: the first 2 sent" "crashed crashed" \
    "$(recv_py lim "' '.join(x['json']['event'] for x in m[:2])")"
check_eq "limit: then a digest" digest "$(recv_py lim "m[2]['json']['event']")"
check_eq "digest: the count of what was held" "$((crashes - 2))" \
    "$(recv_py lim "m[2]['json']['suppressed']")"
check_eq "digest: per process and event, adding up" "$((crashes - 2))" \
    "$(recv_py lim "sum(c['count'] for c in m[2]['json']['counts'])")"
check_eq "digest: the processes" "crashed crashed crashy:0 crashy:1" \
    "$(recv_py lim "' '.join(sorted([c['event'] for c in m[2]['json']['counts']] + [c['process'] for c in m[2]['json']['counts']]))")"
check_eq "digest: period in seconds" "4" "$(recv_py lim "m[2]['json']['period']")"
check "digest: the summary" grep -Eq \
    "^$((crashes - 2)) events suppressed: crashy:[01] crashed ×[0-9]+, crashy:[01] crashed ×[0-9]+$" \
    <<<"$(recv_py lim "m[2]['json']['summary']")"
check "digest: when the period ended (not before 4 s)" test \
    "$(recv_py lim "int((m[2]['t'] - m[0]['t']) * 1000) >= 3900")" = True
out=$(tm_ctl alerts)
check_eq "alerts: lim's figures" "2 0 $((crashes - 2))" \
    "$(awk '$1 == "lim" { print $3 - 1, $4, $5 }' <<<"$out")"
check_eq "alerts --json: the same figures, parsed" \
    "$(awk '$1 == "lim" { print $3, $4, $5, $6 }' <<<"$out") http" \
    "$(tm_ctl alerts --json | python3 -c 'import json, sys
a = [x for x in json.load(sys.stdin)["alerts"] if x["name"] == "lim"][0]
print(a["sent"], a["failed"], a["suppressed"], a["queued"], a["kind"])')"

# Repeats: flappy crashed every ~0.1 s; sent at most once a second.
flaps=$(grep -c 'flappy exited with 1 (unexpected)' "$LOG")
sent=$(recv_count rep)
check "repeat: several crashes ($flaps), few sent ($sent)" \
    test "$sent" -ge 1 -a "$sent" -lt "$flaps"
check_eq "repeat: a second at least between two" "True" \
    "$(recv_py rep "all(b['t'] - a['t'] >= 0.95 for a, b in zip(m, m[1:]))")"
check_eq "alerts: rep's suppressed" "$((flaps - sent))" \
    "$(tm_ctl alerts | awk '$1 == "rep" { print $5 }')"

# The daemon stops: rep's period is still running, its digest goes now.
tm_stop
check_eq "daemon exits 0" 0 $?
check_eq "stop: rep's digest sent" digest "$(recv_py rep "m[-1]['json']['event']")"
check_eq "stop: with every repeat" "$((flaps - sent))" \
    "$(recv_py rep "m[-1]['json']['counts'][0]['count']")"
check "no sanitizer report" bash -c "! grep -q 'ERROR: \|runtime error' '$T/daemon.stderr'"
tm_done
