#!/bin/bash
# supervisord's instances and groups from an INI file: process_name with
# %(process_num) and numprocs_start names each instance, every value is
# expanded for it (log files land where each says), [group:x] names its
# processes x:a, and commands take x:*, x and x:a. A reload that changes
# how many or how they are named starts and stops just those.
. "$(dirname "$0")/lib.sh"

CONF="$T/tm.conf"
write_conf() {
	cat >"$CONF" <<EOF
[unix_http_server]
file=$SOCK

[supervisord]
logfile=$LOG

[program:web]
command=sh -c 'echo web %(process_num)d of %(numprocs)d in %(group_name)s at %(here)s; exec sleep 100000'
process_name=%(program_name)s_%(process_num)02d
numprocs=$1
numprocs_start=5
stdout_logfile=$T/%(program_name)s-%(process_num)03d.log
startsecs=0

[program:worker]
command=sh -c 'echo worker %(process_num)s of %(group_name)s host %(host_node_name)s env %(ENV_TM_INST)s; exec sleep 100000'
process_name=$2%(process_num)d
numprocs=2
stdout_logfile=$T/%(group_name)s_%(process_num)s.log
startsecs=0

[program:cron]
command=sleep 100000
startsecs=0

[program:plain]
command=sleep 100000
numprocs=2
startsecs=0

[group:jobs]
programs=worker,cron
EOF
}
export TM_INST=from-env
write_conf 3 w
check "--check accepts it" "$TASKMASTERD" --check -c "$CONF"
tm_start
for n in web:web_05 web:web_06 web:web_07 jobs:w0 jobs:w1 jobs:cron plain:0 \
    plain:1; do
	tm_wait_state "$n" RUNNING || not_ok "$n RUNNING"
done
check_eq "status names them as supervisorctl does" \
    "web:web_05 web:web_06 web:web_07 jobs:w0 jobs:w1 jobs:cron plain:0 plain:1" \
    "$(tm_ctl status | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')"

# Each instance's values, expanded for it.
tm_wait "web logs" test -s "$T/web-007.log"
check_eq "process_num, numprocs, group_name, here in a command" \
    "web 6 of 3 in web at $T" "$(cat "$T/web-006.log")"
tm_wait "worker logs" test -s "$T/jobs_1.log"
check_eq "group_name, host_node_name, ENV_ in another" \
    "worker 1 of jobs host $(hostname) env from-env" "$(cat "$T/jobs_1.log")"
check "one log file per instance, named by process_num" \
    test -s "$T/web-005.log" -a -s "$T/jobs_0.log"

# Groups in commands.
check_eq "stop jobs:* stops the group" \
    "jobs:cron: stopped jobs:w0: stopped jobs:w1: stopped" \
    "$(tm_ctl stop 'jobs:*' | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "others untouched" RUNNING "$(tm_state web:web_05)"
check_eq "start jobs:w1 starts one" "jobs:w1: started" "$(tm_ctl start jobs:w1)"
check_eq "status jobs lists the group" "STOPPED RUNNING STOPPED" \
    "$(tm_ctl status jobs | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
check_eq "start jobs starts the rest" \
    "jobs:cron: started jobs:w0: started" \
    "$(tm_ctl start jobs | sort | tr '\n' ' ' | sed 's/ $//')"
check "restart web:* restarts the instances" tm_ctl restart 'web:*'
check "pid web:web_06 answers one pid" sh -c \
    "'$TASKMASTERCTL' -s '$SOCK' pid web:web_06 | grep -Eqx '[0-9]+'"
check "a name not there is an error" sh -c \
    "! '$TASKMASTERCTL' -s '$SOCK' status web:web_09 >/dev/null 2>&1"

# A reload: one instance more, the workers renamed.
OLD5=$(tm_pid web:web_05)
OLDPLAIN=$(tm_pid plain:0)
OLDCRON=$(tm_pid jobs:cron)
write_conf 4 job
tm_ctl reload >/dev/null
tm_wait_state web:web_08 RUNNING
tm_wait_state jobs:job0 RUNNING
check_eq "an unchanged instance keeps its pid" "$OLDPLAIN" \
    "$(tm_pid plain:0)"
check "an instance whose command names numprocs restarts" \
    test "$OLD5" != "$(tm_pid web:web_05)"
check_eq "an unchanged group member keeps its pid" "$OLDCRON" \
    "$(tm_pid jobs:cron)"
check "renamed instances: the old names are gone" sh -c \
    "! '$TASKMASTERCTL' -s '$SOCK' status jobs:w0 >/dev/null 2>&1"
check_eq "web 8's log is its own" "web 8 of 4 in web at $T" \
    "$(tm_wait 'web 8 log' test -s "$T/web-008.log"; cat "$T/web-008.log")"

tm_stop
tm_done
