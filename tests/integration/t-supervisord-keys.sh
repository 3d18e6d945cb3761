#!/bin/bash
# [supervisord] and [unix_http_server] keys of supervisord files:
# environment (under each program's), childlogdir (AUTO output files),
# identifier, minfds and minprocs (raised, or a clear refusal), user
# (the daemon drops to it once the socket is open) and chown.
. "$(dirname "$0")/lib.sh"

CONF="$T/tm.conf"
mkdir "$T/child"
cat >"$CONF" <<EOF
[unix_http_server]
file=$SOCK
chown=nobody

[program:web]
command=sh -c 'echo "\$GLOBAL \$SHARED"; exec sleep 100000'
environment=SHARED="mine"
startsecs=0

[program:quiet]
command=sh -c 'echo quiet out; echo quiet err >&2; exec sleep 100000'
startsecs=0
stdout_logfile=NONE

[group:g]
programs=quiet

[supervisord]
logfile=$LOG
environment=GLOBAL="from-daemon",SHARED="global"
childlogdir=$T/child
identifier=box1
minfds=4096
minprocs=300
EOF
tm_start
tm_wait_state web RUNNING
tm_wait_state g:quiet RUNNING
check "childlogdir: AUTO stdout has its file" tm_wait "web-stdout" \
    grep -q . "$T/child/web-stdout.log"
check_eq "environment: the daemon's under the program's" \
    "from-daemon mine" "$(cat "$T/child/web-stdout.log")"
check "childlogdir: stderr too, ':' made '_'" tm_wait "g_quiet-stderr" \
    grep -q "quiet err" "$T/child/g_quiet-stderr.log"
check "NONE stays NONE" test ! -e "$T/child/g_quiet-stdout.log"
check "identifier in the start line" grep -q "started .*identifier box1" "$LOG"
check "minfds: the limit raised" sh -c "awk '/Max open files/ { exit !(\$4 >= 4096) }' /proc/$DPID/limits"
check "minprocs: the limit raised" sh -c "awk '/Max processes/ { exit !(\$3 == \"unlimited\" || \$3 >= 300) }' /proc/$DPID/limits"
check_eq "chown: the socket is nobody's" nobody "$(stat -c %U "$SOCK")"
tm_stop

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	# A limit that cannot be raised: a refusal that says how.
	out=$(su nobody -s /bin/sh -c "ulimit -n 512; exec '$TASKMASTERD' \
	    -n -c '$CONF'" 2>&1)
	check "minfds it cannot have: refused, saying how" sh -c \
	    "echo '$out' | grep -q 'minfds 4096: cannot raise the limit of open files from 512'"

	# user=: the daemon becomes nobody once its socket is open.
	sed -i 's/^minfds=4096$/user=nobody/; s/^chown=nobody$//' "$CONF"
	rm -f "$T/child"/*
	chmod 777 "$T/child"
	tm_start
	tm_wait_state web RUNNING
	check_eq "user: the daemon runs as nobody" "$(id -u nobody)" \
	    "$(awk '/^Uid:/ { print $2 }' /proc/$DPID/status)"
	tm_stop
else
	ok "# SKIP not root: refusal and user= need root"
fi
tm_done
