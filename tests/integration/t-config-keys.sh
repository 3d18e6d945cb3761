#!/bin/bash
# Every config key of SPEC section 3, observed from the child's side:
# argv splitting, env, workingdir, umask, user and group, output files,
# tty or pipes and the pty size, stopsignal, numprocs names.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/work" "$T/out"
chmod 777 "$T/out"
"$FIXTURES/tm-flood" 3000000 > "$T/flood.expected"

tm_config <<EOF
  quoting:
    cmd: printf '%s|' "a b" 'c d' e\\ f "g\\"h" '>' x
    stdout: $T/out/quoting
    tty: false
    autorestart: never
    starttime: 0
  listed:
    cmd: ["sh", "-c", "echo \"\$0 \$1\" > $T/out/listed", "x y", "z"]
    autorestart: never
    starttime: 0
  envs:
    cmd: sh -c 'echo "\$STARTED_BY \$ANSWER \$TERM" > $T/out/env; sleep 1000'
    env:
      STARTED_BY: taskmaster
      ANSWER: 42
  cwd:
    cmd: sh -c 'pwd > $T/out/cwd; sleep 1000'
    workingdir: $T/work
  mask:
    cmd: sh -c 'umask > $T/out/umask; sleep 1000'
    umask: "077"
  mask2:
    cmd: sh -c 'umask > $T/out/umask2; sleep 1000'
    umask: 022
  who:
    cmd: sh -c 'echo \$(id -u) \$(id -g) > $T/out/who; sleep 1000'
    user: nobody
  whogroup:
    cmd: sh -c 'echo \$(id -u) \$(id -g) \$(id -G) > $T/out/whogroup; sleep 1000'
    user: nobody
    group: daemon
  whonumber:
    cmd: sh -c 'echo \$(id -u) \$(id -g) \$(id -G) > $T/out/whonumber; sleep 1000'
    user: $(id -u nobody)
    group: "$(getent group daemon | cut -d: -f3)"
  files:
    cmd: sh -c 'echo to-out; echo to-err >&2; sleep 1000'
    stdout: $T/out/files.out
    stderr: $T/out/files.err
  merged:
    cmd: sh -c 'echo to-out; echo to-err >&2; sleep 1000'
    stdout: $T/out/merged.out
  discarded:
    cmd: sh -c 'echo to-out; echo to-err >&2; sleep 1000'
    stdout: discard
    stderr: /dev/null
  istty:
    cmd: sh -c 'test -t 0 && test -t 1 && echo tty || echo notty; stty size; sleep 1000'
    stdout: $T/out/istty
  notty:
    cmd: sh -c 'test -t 0 || test -t 1 || echo notty; sleep 1000'
    tty: false
    stdout: $T/out/notty
  sized:
    cmd: sh -c 'stty size; sleep 1000'
    tty_size: 100x30
    stdout: $T/out/sized
  flood:
    cmd: [$FIXTURES/tm-flood, "3000000"]
    tty: false
    stdout: $T/out/flood
    autorestart: never
    starttime: 0
  screenonly:
    cmd: [$FIXTURES/tm-flood, "20000000"]
    autorestart: never
    starttime: 0
  usr1:
    cmd: sh -c 'trap "echo got USR1 > $T/out/usr1; exit 0" USR1; while :; do sleep 0.05; done'
    stopsignal: SIGUSR1
    starttime: 0
  many:
    cmd: sleep 1000
    numprocs: 3
    starttime: 0
  fds:
    cmd: sh -c 'ls /proc/self/fd > $T/out/fds; exec sleep 1000'
    tty: false
  dropped:
    cmd: sh -c 'echo you-never-see-me; exec sleep 1000'
    stdout: discard
EOF
# An fd taskmasterd inherits must not reach its children.
exec 9>"$T/inherited"
tm_start
exec 9>&-

tm_wait_file "$T/out/quoting"
check_eq "cmd is split with shell quoting, no shell" "a b|c d|e f|g\"h|>|x|" \
    "$(cat "$T/out/quoting")"
tm_wait_file "$T/out/listed"
check_eq "cmd as a list is argv as is" "x y z" "$(cat "$T/out/listed")"
tm_wait_file "$T/out/env"
check_eq "env is added, TERM set for the pty" "taskmaster 42 xterm-256color" \
    "$(cat "$T/out/env")"
tm_wait_file "$T/out/cwd"
check_eq "workingdir" "$T/work" "$(cat "$T/out/cwd")"
tm_wait_file "$T/out/umask"
check_eq "umask \"077\"" "0077" "$(cat "$T/out/umask")"
tm_wait_file "$T/out/umask2"
check_eq "umask 022 is octal" "0022" "$(cat "$T/out/umask2")"
tm_wait_file "$T/out/who"
check_eq "user: uid and its group" "$(id -u nobody) $(id -g nobody)" \
    "$(cat "$T/out/who")"
tm_wait_file "$T/out/whogroup"
check_eq "group: overrides the group, and only that group" \
    "$(id -u nobody) $(getent group daemon | cut -d: -f3) $(getent group daemon | cut -d: -f3)" \
    "$(cat "$T/out/whogroup")"
tm_wait_file "$T/out/whonumber"
check_eq "user and group by number, as supervisord takes them" \
    "$(cat "$T/out/whogroup")" "$(cat "$T/out/whonumber")"

tm_wait_file "$T/out/files.err"
tm_wait "files.out" grep -q to-out "$T/out/files.out"
check_eq "stdout to its file (through the pty)" "to-out" \
    "$(tr -d '\r' < "$T/out/files.out")"
check_eq "stderr split into its own file" "to-err" "$(cat "$T/out/files.err")"
tm_wait "merged" grep -q to-err "$T/out/merged.out"
check_eq "stderr defaults to stdout" "to-out to-err" \
    "$(tr -d '\r' < "$T/out/merged.out" | xargs)"
tm_wait_state discarded RUNNING
check "discard drops output, it is no file name" test ! -e "$T/discard"

tm_wait "istty" grep -q 24 "$T/out/istty"
check_eq "tty: true runs on a pty of 80x24" "tty 24 80" \
    "$(tr -d '\r' < "$T/out/istty" | xargs)"
tm_wait_file "$T/out/notty"
check_eq "tty: false runs on pipes" "notty" "$(cat "$T/out/notty")"
tm_wait_file "$T/out/sized"
check_eq "tty_size sets the pty size" "30 100" \
    "$(tr -d '\r' < "$T/out/sized")"

tm_wait_state flood EXITED
check "pipe output reaches the file byte for byte" \
    cmp -s "$T/flood.expected" "$T/out/flood"
tm_wait_state screenonly EXITED
check "a child with no output file never blocks on its pty" \
    grep -q 'screenonly exited with 0 (expected)' "$LOG"

tm_wait_state usr1 RUNNING
tm_ctl stop usr1 >/dev/null
check_eq "stopsignal is the configured signal" "got USR1" \
    "$(cat "$T/out/usr1" 2>/dev/null)"

check_eq "numprocs names the instances" "many:0 many:1 many:2" \
    "$(tm_ctl status many | awk '{print $1}' | xargs)"
check "each instance is its own process" test \
    "$(tm_ctl pid many | sort -u | grep -vc '^0$')" -eq 3

tm_wait_file "$T/out/fds"
check_eq "a child gets only stdin, stdout and stderr (ls adds its own)" \
    "0 1 2 3" "$(xargs < "$T/out/fds")"
tm_wait_state dropped RUNNING
check "discard drops the output, screen included" bash -c \
    "! $TASKMASTERCTL -s $SOCK tail dropped | grep -q you-never-see-me"

tm_stop
check_eq "daemon exits 0" 0 $?

# As a user other than root, a program with user: fails with the reason.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -p "$T/nr"
	chmod 1777 "$T/nr"
	# Clients believe only a daemon of their own user (or root's).
	tm_ctl() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    "$TASKMASTERCTL" -s "$SOCK" "$@"
	}
	SOCK="$T/nr/tm.sock"
	LOG="$T/nr/events.log"
	CONF="$T/nr/tm.yaml"
	tm_config <<EOF
  rooty:
    cmd: sleep 1000
    user: root
EOF
	chmod 644 "$CONF"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$TASKMASTERD" -n -c "$CONF" 2>>"$T/daemon.stderr" &
	DPID=$!
	tm_wait "daemon as nobody" tm_ctl version
	tm_wait_state rooty FATAL
	check_eq "user: without root is FATAL with the reason" \
	    "spawn error: cannot switch to user root: taskmaster is not running as root" \
	    "$(tm_ctl status rooty | sed 's/^rooty *FATAL *//')"
	check "the reason is in the event log" grep -q \
	    'rooty gave up: cannot switch to user root' "$LOG"
	tm_stop
else
	ok "# SKIP not root: privilege checks need root"
fi

tm_done
