#!/bin/bash
# A reload of every program key, one at a time, on a process that has
# output on its screen and in its scrollback: the daemon survives (under
# ASan: no heap overflow, no double free, no division by zero), the plan
# is the one of SPEC section 6 judged by pids (a spawn key restarts, a
# watch key is applied in place, numprocs only adds or removes
# instances), and tail still prints the screen afterwards.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/wd"

# The program's keys, one per line; a reload replaces one of them.
declare -A key
key[cmd]="cmd: sh -c 'i=0; while [ \$i -lt 60 ]; do echo out \$i; i=\$((i+1)); done; exec sleep 1001'"
key[starttime]="starttime: 0"
key[scrollback]="scrollback: 5"

write() {
	local k
	{
		echo "  k:"
		for k in "${!key[@]}"; do
			echo "    ${key[$k]}"
		done
	} | tm_config
}

# reload_key KEY 'KEY: VALUE' restarted|in-place: apply one change and
# judge it by the pid.
reload_key() {
	local k=$1 line=$2 want=$3 pid out npid
	tm_wait_state k RUNNING
	tm_wait "k has output" bash -c \
	    "$TASKMASTERCTL -s $SOCK tail k | grep -q 'out 59'"
	pid=$(tm_pid k)
	key[$k]=$line
	write
	out=$(tm_ctl reload 2>&1)
	case $want in
	restarted)
		check "$line: the plan restarts k" \
		    grep -q "^k: restarted ($k changed)" <<<"$out"
		tm_wait "k restarted" bash -c "p=\$($TASKMASTERCTL -s $SOCK \
		    pid k); [ -n \"\$p\" ] && [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ]"
		tm_wait_state k RUNNING
		check "$line: k has a new pid" test "$(tm_pid k)" != "$pid"
		;;
	in-place)
		check "$line: the plan updates k in place" \
		    grep -q "^k: updated in place ($k changed)" <<<"$out"
		check_eq "$line: k keeps its pid" "$pid" "$(tm_pid k)"
		;;
	esac
	check "$line: the daemon is alive" kill -0 "$DPID"
	tm_wait "tail after $line" bash -c \
	    "$TASKMASTERCTL -s $SOCK tail k | grep -q 'out 59'"
	check "$line: tail still prints the screen" \
	    bash -c "$TASKMASTERCTL -s $SOCK tail -n 3 k | grep -q 'out'"
}

write
tm_start

# Spawn keys: each restarts the process.
reload_key cmd "cmd: sh -c 'i=0; while [ \$i -lt 60 ]; do echo out \$i; i=\$((i+1)); done; exec sleep 1002'" restarted
reload_key env "env: { FOO: bar }" restarted
reload_key workingdir "workingdir: $T/wd" restarted
reload_key umask "umask: '077'" restarted
if [ "$(id -u)" -eq 0 ]; then
	reload_key user "user: root" restarted
	reload_key group "group: root" restarted
else
	ok "# SKIP user: needs root"
	ok "# SKIP group: needs root"
fi
reload_key stdout "stdout: $T/k.out" restarted
reload_key stderr "stderr: $T/k.err" restarted
reload_key tty "tty: false" restarted
reload_key tty "tty: true" restarted
reload_key tty_size "tty_size: 100x30" restarted
reload_key tty_size "tty_size: 20x5" restarted
# The ring grows, shrinks, goes and comes back, with lines in it.
reload_key scrollback "scrollback: 50" restarted
reload_key scrollback "scrollback: 3" restarted
reload_key scrollback "scrollback: 0" restarted
reload_key scrollback "scrollback: 1000" restarted

# Watch keys: applied in place, same pid.
reload_key autostart "autostart: false" in-place
reload_key autorestart "autorestart: always" in-place
reload_key exitcodes "exitcodes: [0, 2]" in-place
reload_key starttime "starttime: 0.5" in-place
reload_key startretries "startretries: 7" in-place
reload_key stopsignal "stopsignal: INT" in-place
reload_key stoptime "stoptime: 3" in-place
reload_key stdout_maxbytes "stdout_maxbytes: 1MB" in-place
reload_key stdout_backups "stdout_backups: 3" in-place
reload_key stderr_maxbytes "stderr_maxbytes: 1MB" in-place
reload_key stderr_backups "stderr_backups: 3" in-place
reload_key timestamps "timestamps: true" in-place
reload_key raw_output "raw_output: true" in-place
reload_key stdout_syslog "stdout_syslog: true" in-place
reload_key stderr_syslog "stderr_syslog: true" in-place
reload_key restart_interval "restart_interval: 2" in-place
reload_key killgroup "killgroup: false" in-place
reload_key stopasgroup "stopasgroup: false" in-place
reload_key killasgroup "killasgroup: false" in-place
reload_key alerts "alerts: false" in-place
reload_key priority "priority: 5" in-place
reload_key shutdown_on_fatal "shutdown_on_fatal: true" in-place

# numprocs: the first instance keeps its pid under its new name, one more
# is started.
pid=$(tm_pid k)
key[numprocs]="numprocs: 2"
write
out=$(tm_ctl reload 2>&1)
check "numprocs: the plan scales k" grep -q '^k: scaled 1 -> 2' <<<"$out"
tm_wait_state k:1 RUNNING
check_eq "numprocs: k:0 is the old process" "$pid" "$(tm_pid k:0)"
check "numprocs: tail of k:0 still prints the screen" \
    bash -c "$TASKMASTERCTL -s $SOCK tail k:0 | grep -q 'out 59'"

check "the daemon is alive after every reload" kill -0 "$DPID"
tm_stop
check_eq "daemon exits 0" 0 $?
check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
