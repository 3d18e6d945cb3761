#!/bin/bash
# The console's command line and panes (SPEC section 8), run as
# taskmaster inside tmux: :stop and :start, errors, Tab completion of
# commands and names, history kept across two runs and Ctrl-R, :reload
# after an edit of the config, the / filter, the ? help and the l event
# log.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  webhook:
    cmd: $SLEEP 1000
    starttime: 0
  worker:
    cmd: $SLEEP 1000
    starttime: 0
  idle:
    cmd: $SLEEP 1000
    autostart: false
EOF
HIST="$XDG_STATE_HOME/taskmaster/history"

# The line above the command line, where Tab lists candidates.
tc_candidates() {
	tm_screen | tail -n 3 | head -n 1
}
candidates_has() {
	tc_candidates | grep -Eq -- "$1"
}
names_are() {
	[ "$(tc_names | xargs)" = "$1" ]
}
no_row() {
	[ -z "$(tc_row "$1")" ]
}
keybar_has() {
	tc_keybar | grep -Eq -- "$1"
}
screen_is_not() {
	[ "$(tm_screen)" != "$1" ]
}
# screen_has_after REGEX1 REGEX2: a line matching REGEX2 right after one
# matching REGEX1.
screen_has_after() {
	tm_screen | grep -E -A1 -- "$1" | tail -n +2 | grep -Eq -- "$2"
}

tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
for n in web webhook worker; do tm_wait_state $n RUNNING; done
tc_wait_row worker RUNNING

# :stop NAME and :start NAME.
tm_tmux send-keys :
tc_wait_message '^:$'
check "the command line opens with :" tc_message_has '^:$'
tm_tmux send-keys 'stop web'
tc_wait_message '^:stop web$'
check "what is typed shows on it" tc_message_has '^:stop web$'
tm_tmux send-keys Enter
tm_wait_state web STOPPED
check_eq ":stop NAME stops it" STOPPED "$(tm_state web)"
tc_wait_message '^web: stopped$'
check "and the message line says so" tc_message_has '^web: stopped$'
tc_wait_row web '^ web +STOPPED +- '
check "and the table shows it" tc_row_has web '^ web +STOPPED +- '
tm_tmux send-keys : 'start web' Enter
tm_wait_state web RUNNING
check_eq ":start NAME starts it" RUNNING "$(tm_state web)"
tc_wait_message '^web: started$'
check "and the message line says so" tc_message_has '^web: started$'
tc_wait_row web "^ web +RUNNING +$(tm_pid web) "
check "and the table shows its new pid" tc_row_has web \
    "^ web +RUNNING +$(tm_pid web) "

# Errors are on the message line, nothing else happens.
tm_tmux send-keys : 'bogus' Enter
tc_wait_message '^unknown command'
check_eq "an unknown command is named" 'unknown command: bogus (try "help")' \
    "$(tc_message)"
tm_tmux send-keys : 'start nope' Enter
tc_wait_message '^nope: '
check_eq "an unknown process is named" 'nope: ERROR (no such process)' \
    "$(tc_message)"
tm_tmux send-keys : 'pid web' Enter
tc_wait_message '^[0-9]+$'
check_eq "a command's output goes to the message line" "$(tm_pid web)" \
    "$(tc_message)"

# Tab completes a command, then a partial name; several candidates are
# listed on the row above.
tm_tmux send-keys : 'resta' Tab
tc_wait_message '^:restart'
check "Tab completes a command" tc_message_has '^:restart ?$'
tm_tmux send-keys Escape
tc_wait_message '^$'
check "Esc closes the command line" test -z "$(tc_message)"
tm_tmux send-keys : 'stop w' Tab
tm_wait "candidates" candidates_has webhook
check_eq "Tab with several names lists them above the line" \
    "web  webhook  worker" "$(tc_candidates)"
check "and leaves the line as it was" tc_message_has '^:stop w$'
tm_tmux send-keys C-u
tc_wait_message '^:$'
tm_tmux send-keys 'stop wor' Tab
tc_wait_message '^:stop worker'
check "Tab completes a partial name" tc_message_has '^:stop worker ?$'
tm_tmux send-keys Enter
tm_wait_state worker STOPPED
check_eq "and the completed line runs" STOPPED "$(tm_state worker)"
tm_tmux send-keys : 'start worker' Enter
tm_wait_state worker RUNNING

# The filter: typing filters live, Enter keeps it, Esc clears it.
tm_tmux send-keys / web
tc_wait_message '^/web$'
tm_wait "filtered" names_are "web webhook"
check_eq "typing after / filters the table by name as it goes" \
    "web webhook" "$(tc_names | xargs)"
tm_tmux send-keys Enter
tm_wait "filter kept" keybar_has '\[/web\]$'
check "Enter keeps the filter, shown on the key bar" \
    grep -q '  q quit  \[/web\]$' <<<"$(tc_keybar)"
check_eq "the table stays filtered" "web webhook" "$(tc_names | xargs)"
tm_tmux send-keys j
tc_wait_selected webhook
check "the selection moves among the rows kept" tc_is_selected webhook
tm_tmux send-keys Escape
tm_wait "filter cleared" names_are "web webhook worker idle"
check_eq "Esc clears the filter" "web webhook worker idle" \
    "$(tc_names | xargs)"
check "and the key bar forgets it" grep -q '  q quit$' <<<"$(tc_keybar)"
tm_tmux send-keys / zzz
tm_wait_screen '^ no process matches the filter$'
check "a filter matching nothing says so" \
    tm_screen_has '^ no process matches the filter$'
tm_tmux send-keys Escape
tm_wait "filter cleared" names_are "web webhook worker idle"
check_eq "Esc while typing the filter clears it too" \
    "web webhook worker idle" "$(tc_names | xargs)"

# ? lists every key and every command (scrolling with Down).
tm_tmux send-keys '?'
tm_wait_screen '^ HELP'
help=$(tm_screen)
for i in 1 2 3 4 5 6 7 8 9 10; do
	tm_screen_has '^ attach \[--read-only\] NAME' && break
	prev=$(tm_screen)
	tm_tmux send-keys Down
	tm_wait "scrolled" screen_is_not "$prev"
	help="$help
$(tm_screen)"
done
for k in 'Up/Down, j/k' 'PgUp/PgDn, Home/End' 'a, Enter' 's / x / r' \
    ':' '/' 'l' '\?' 'q, Ctrl-C' 'Ctrl-\] \(attached\)' 'Ctrl-L' 'Ctrl-Z'; do
	check "help explains the key $k" \
	    grep -Eq "^ $k +[a-z]" <<<"$help"
done
for c in status start stop restart signal pid reload shutdown version \
    help quit tail attach; do
	check "help lists the command $c" grep -Eq "^ $c( |$)" <<<"$help"
done
tm_tmux send-keys Escape
tm_wait_screen '^ NAME +STATE'
check "Esc leaves the help" tm_screen_has '^ NAME +STATE'

# l: the event log, live, scrollable.
tm_tmux send-keys : 'stop webhook' Enter
tc_wait_message '^webhook: stopped$'
tm_tmux send-keys l
tm_wait_screen '^ EVENT LOG'
check "l shows the event log" tm_screen_has '^ EVENT LOG'
check "with what happened" tm_screen_has \
    ' INFO webhook stop requested: SIGTERM to pid [0-9]+$'
check "and the commands run from the console, with their output" \
    screen_has_after '^> stop webhook \(exit 0\)$' '^webhook: stopped$'
tm_ctl start webhook >/dev/null
pid=$(tm_pid webhook)
tm_wait_screen " INFO webhook entered RUNNING \(pid $pid\)$"
check "a new event shows while the log is open" \
    tm_screen_has " INFO webhook entered RUNNING \(pid $pid\)$"
# Every taskmasterctl call above is a line: the log is longer than a page.
tm_tmux send-keys Home
tm_wait_screen ' INFO web spawned with pid'
check "Home scrolls back to the oldest lines" \
    tm_screen_lacks " INFO webhook entered RUNNING \(pid $pid\)$"
tm_tmux send-keys End
tm_wait_screen " INFO webhook entered RUNNING \(pid $pid\)$"
check "End comes back to the newest" \
    tm_screen_has " INFO webhook entered RUNNING \(pid $pid\)$"
tm_tmux send-keys l
tm_wait_screen '^ NAME +STATE'
check "l again goes back to the table" tm_screen_has '^ NAME +STATE'

# History: kept at exit in $XDG_STATE_HOME, found again by the next run.
tm_tmux send-keys : 'status webhook' Enter
tc_wait_message '^webhook +RUNNING'
tc_quit
check "the history is saved at exit" test -s "$HIST"
check_eq "with the lines run, oldest first" \
    "stop web|start web|bogus|start nope|pid web|stop worker|start worker|stop webhook|status webhook" \
    "$(paste -sd'|' "$HIST")"

tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
for n in web webhook worker; do tm_wait_state $n RUNNING; done
tc_wait_row worker RUNNING
tm_tmux send-keys : Up
tc_wait_message '^:status webhook$'
check "Up recalls the last line of the previous run" \
    tc_message_has '^:status webhook$'
tm_tmux send-keys Up
tc_wait_message '^:stop webhook$'
check "Up again goes further back" tc_message_has '^:stop webhook$'
tm_tmux send-keys Down
tc_wait_message '^:status webhook$'
check "Down comes back" tc_message_has '^:status webhook$'
tm_tmux send-keys C-u C-r 'stop wo'
tc_wait_message "^\(reverse-i-search\)'stop wo': "
check "Ctrl-R finds an older line" \
    tc_message_has "^\(reverse-i-search\)'stop wo': stop worker$"
tm_tmux send-keys Enter
tm_wait_state worker STOPPED
check_eq "Enter runs the line found" STOPPED "$(tm_state worker)"

# A message longer than the line ends with an ellipsis.
tm_tmux send-keys : "start xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" Enter
tc_wait_message '^x+(…|>)$'
check "a message cut to the width of the line ends with an ellipsis" \
    tc_message_has '^x+(…|>)$'
check_eq "and fills the line exactly" 100 \
    "$(printf %s "$(tc_message)" | LC_ALL=C.UTF-8 wc -m)"

# :reload after an edit: added, removed (stopped or running), shown.
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  worker:
    cmd: $SLEEP 1000
    starttime: 0
  added:
    cmd: $SLEEP 1000
    starttime: 0
EOF
tm_tmux send-keys : reload Enter
tc_wait_message '^applied: '
check "the message line sums up the reload" tc_message_has \
    '^applied: 1 added, 2 removed, 0 restarted, 0 updated in place, 0 scaled, 2 unchanged'
tm_wait_state added RUNNING
check_eq "taskmasterctl sees the result" "web worker added" \
    "$(tm_ctl status | awk '{ print $1 }' | xargs)"
tc_wait_row added "^ added +RUNNING +$(tm_pid added) "
check "the added program has its row, running" tc_row_has added \
    "^ added +RUNNING +$(tm_pid added) "
tm_wait "idle gone" no_row idle
check "a removed program that was stopped loses its row" \
    test -z "$(tc_row idle)"
tm_wait_log 'webhook removed'
TM_DEADLINE=2 tm_wait "webhook gone" no_row webhook
check \
    "a removed program that was running loses its row" \
    test -z "$(tc_row webhook)"
check \
    "the header counts only what is left" \
    tm_screen_has '^ taskmaster  .*  1 STOPPED  2 RUNNING  +up'

# A reload that adds instances keeps the rows in the config's order.
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
    numprocs: 2
  worker:
    cmd: $SLEEP 1000
    starttime: 0
  added:
    cmd: $SLEEP 1000
    starttime: 0
EOF
tm_tmux send-keys : reload Enter
tc_wait_message '^applied: .* 1 scaled'
tc_wait_row web:1 RUNNING
check_eq "instances added by a reload take their place in the table" \
    "web:0 web:1 worker added" "$(tc_names | xargs)"
tc_quit

tm_done
