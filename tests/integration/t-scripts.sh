#!/bin/bash
# For scripts: --json on status, pid and reload gives one document that
# Python's json module reads, with the documented fields; wait returns
# when the processes are in a state, or fails at its timeout.
. "$(dirname "$0")/lib.sh"

tm_config <<EOF
  web:
    cmd: sleep 1000
    starttime: 0
    numprocs: 2
  slow:
    cmd: sleep 1000
    starttime: 1.5
    autostart: false
  done:
    cmd: sh -c 'exit 3'
    starttime: 0
    autorestart: never
    exitcodes: [0, 3]
  off:
    cmd: sleep 1000
    autostart: false
EOF
tm_start
tm_wait_state web:1 RUNNING
tm_wait_state done EXITED

# py EXPR: evaluate a Python expression on the JSON document on stdin.
py() {
	python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

out=$(tm_ctl status --json)
check "status --json is one JSON document" py 'len(d["processes"])' <<<"$out"
check_eq "with every process, in order" "web:0 web:1 slow done off" \
    "$(py '" ".join(p["name"] for p in d["processes"])' <<<"$out")"
check_eq "the fields of a running process" \
    "web 1 RUNNING 20 True True True True" \
    "$(py '" ".join(str(x) for x in (lambda p: (p["program"], p["instance"], p["state"], p["statecode"], p["pid"] > 0, p["uptime"] >= 0, p["rss"] > 0, p["cpu"] is not None))(d["processes"][1]))' <<<"$out")"
check_eq "an exited one: its exit, nulls for the rest" \
    "EXITED 100 None {'code': 3, 'signal': None, 'expected': True} None" \
    "$(py '" ".join(str(x) for x in (lambda p: (p["state"], p["statecode"], p["pid"], p["exit"], p["cpu"]))(d["processes"][3]))' <<<"$out")"
check_eq "a process never started" "STOPPED None None Not started" \
    "$(py '" ".join(str(x) for x in (lambda p: (p["state"], p["exit"], p["start"], p["description"]))(d["processes"][4]))' <<<"$out")"
tm_ctl status --json web off >/dev/null
check_eq "status --json keeps status's exit code (3: one not RUNNING)" 3 $?
check_eq "status --json NAME lists only those" "web:0 web:1" \
    "$(tm_ctl status --json web | py '" ".join(p["name"] for p in d["processes"])')"

check_eq "pid --json: the daemon" "$DPID" \
    "$(tm_ctl pid --json | py 'd["pid"]')"
check_eq "pid --json NAME: each process" "web:0 True web:1 True" \
    "$(tm_ctl pid --json web | py '" ".join("%s %s" % (p["name"], p["pid"] > 0) for p in d["processes"])')"

# reload --dry-run --json: the plan, applied false.
sed -i 's|^    cmd: sleep 1000$|    cmd: sleep 1001|' "$CONF"
sed -i 's|^    numprocs: 2$|    numprocs: 3|' "$CONF"
out=$(tm_ctl reload --dry-run --json)
check_eq "reload --dry-run --json: the plan" \
    "True False ['web', 'slow', 'off'] ['cmd'] ['web'] 3" \
    "$(py '" ".join(str(x) for x in (d["dry_run"], d["applied"], [r["name"] for r in d["restarted"]], d["restarted"][0]["keys"], [s["name"] for s in d["scaled"]], d["scaled"][0]["to"]))' <<<"$out")"
check "nothing was applied" test "$(tm_ctl status web | wc -l)" = 2
echo "  broken: {cmd: ''}" >>"$CONF"
out=$(tm_ctl reload --json)
rc=$?
check_eq "reload --json with an error exits 1" 1 "$rc"
check_eq "and says it as a document" "False 1" \
    "$(py '" ".join(str(x) for x in (d["applied"], len(d["errors"])))' <<<"$out")"
sed -i '/^  broken:/d' "$CONF"

# wait: at once when already there; when a start gets there; timeouts.
check "wait returns 0 at once for processes already RUNNING" \
    timeout 5 "$TASKMASTERCTL" -s "$SOCK" wait web
"$TASKMASTERCTL" -s "$SOCK" wait --timeout 10 slow &
W=$!
tm_wait_log 'control client connected' >/dev/null
tm_ctl start slow >/dev/null &
wait "$W"
check_eq "wait returns 0 once a process gets to RUNNING" 0 $?
out=$(timeout 5 "$TASKMASTERCTL" -s "$SOCK" wait --timeout 0.3 --state \
    STOPPED web 2>&1)
check_eq "wait fails (1) at its timeout" 1 $?
check "and says which processes are not there" \
    grep -q '^web:0: RUNNING, not STOPPED$' <<<"$out"
check "wait --state takes any state" \
    timeout 5 "$TASKMASTERCTL" -s "$SOCK" wait --state EXITED done
out=$("$TASKMASTERCTL" -s "$SOCK" wait nope 2>&1)
check_eq "wait on an unknown name fails at once (1)" 1 $?
out=$("$TASKMASTERCTL" -s "$SOCK" wait --state SLEEPING web 2>&1)
check_eq "an unknown state is a usage error (2)" 2 $?

# A whole command in one argument, as Ansible's supervisorctl module
# sends it; quotes inside are honoured; a bad one is a usage error.
check_eq "one argument holding a command" "$(tm_ctl pid web)" \
    "$("$TASKMASTERCTL" -s "$SOCK" 'pid web')"
check "with options inside it" py 'd["processes"][0]["name"]' \
    <<<"$("$TASKMASTERCTL" -s "$SOCK" 'status --json web')"
"$TASKMASTERCTL" -s "$SOCK" "status 'web" >/dev/null 2>&1
check_eq "an unclosed quote in it is a usage error (2)" 2 $?

# A command over the protocol's 1 MiB is refused by the client itself.
big=$(head -c 100000 /dev/zero | tr '\0' x)
out=$("$TASKMASTERCTL" -s "$SOCK" status $(for i in $(seq 12); do
    echo "$big"; done) 2>&1)
check_eq "a command over 1 MiB is a usage error (2)" 2 $?
check "that says so" grep -q "the command is too long: over the protocol's" \
    <<<"$out"

# supervisorctl's ways of naming the daemon and the command: a unix://
# URL, the config's socket (-c), and the whole command in one argument
# (as Ansible's supervisorctl module sends it).
check "-s unix:///path" bash -c "'$TASKMASTERCTL' -s 'unix://$SOCK' status web:0 | grep -q '^web:0 *RUNNING'"
check "-c CONFIG: its socket" bash -c "'$TASKMASTERCTL' -c '$CONF' status web:0 | grep -q '^web:0 *RUNNING'"
pid=$(tm_pid web:0)
check_eq "\"restart web:0\" in one argument" "web:0: stopped
web:0: started" "$("$TASKMASTERCTL" -s "$SOCK" "restart web:0" 2>&1)"
check "and it did restart web:0" test "$(tm_pid web:0)" != "$pid"

tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
