#!/bin/bash
# The console's table (SPEC section 8), run as taskmaster inside tmux:
# the header, a row per process with its real state and pid, colours and
# NO_COLOR, 80x24, moving the selection (keys, pages, scrolling), the
# s/x/r keys, and changes made from another terminal showing up by
# themselves.
. "$(dirname "$0")/lib.sh"

SLEEP=$(tc_bin sleep)
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  worker:
    cmd: $(tc_bin cat)
    starttime: 0
  idle:
    cmd: $SLEEP 1000
    autostart: false
  once:
    cmd: $(tc_bin true)
    starttime: 0
    autorestart: never
  broken:
    cmd: $(tc_bin false)
    starttime: 1
    startretries: 0
EOF

TC_OPTS=-v tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
for n in web worker; do tm_wait_state $n RUNNING; done
tm_wait_state once EXITED
tm_wait_state broken FATAL
tc_wait_row broken FATAL
tc_wait_row once EXITED

# The header: config, counts per state, uptime.
header=$(tm_screen | head -n 1)
abs=$(realpath "$CONF")
[ ${#abs} -gt 33 ] && abs=${abs: -33}
check "the header names the console and the config" \
    grep -Eq "^ taskmaster  .*$abs  " <<<"$header"
for c in '2 RUNNING' '1 STOPPED' '1 EXITED' '1 FATAL'; do
	check "the header counts $c" grep -q "  $c  " <<<"$header"
done
check "the header shows the daemon's uptime" \
    grep -Eq ' up [0-9]+:[0-9]{2}:[0-9]{2}$' <<<"$header"
check "the column header" tm_screen_has \
    '^ NAME +STATE +PID +UPTIME +RST +LAST +CPU% +MEM$'

# One row per process, in the order and with the state and pid that
# taskmasterctl reports.
check_eq "the table lists every process, in status order" \
    "$(tm_ctl status | awk '{ print $1 }' | xargs)" "$(tc_names | xargs)"
for n in web worker idle once broken; do
	st=$(tm_state $n)
	pid=$(tm_pid $n)
	[ -z "$pid" ] || [ "$pid" = 0 ] && pid=-
	check_eq "row of $n: state and pid as taskmasterctl says" \
	    "$n $st $pid" "$(tc_row $n | awk '{ print $1, $2, $3 }')"
done
check "a running process has an uptime, no restart, no last exit" \
    tc_row_has web '^ web +RUNNING +[0-9]+ +[0-9]+:[0-9]{2}:[0-9]{2} +0 +- '
check "an expected exit is shown as such" tc_row_has once ' exit 0 '
check "an unexpected exit is marked with !" tc_row_has broken ' exit 1! '
check "the key bar lists every key" tm_screen_has \
    '^a attach  s start  x stop  r restart  : command  / filter  l log  \? help  q quit$'

# Colours follow the state (web, the selection, is in reverse instead).
check_eq "RUNNING is green" 2 "$(tc_state_fg worker)"
check_eq "FATAL is red" 1 "$(tc_state_fg broken)"
check_eq "EXITED is magenta" 5 "$(tc_state_fg once)"
check "the table has colours when NO_COLOR is not set" tc_colour_sgr 0 6

# Moving the selection: the row in reverse video, the preview follows.
tc_wait_selected web
check "the first row is selected at start" tc_is_selected web
check_eq "the preview shows the selected process" web "$(tc_preview_name)"
move() {
	tm_tmux send-keys "$1"
	tc_wait_selected "$2"
	check "$1 selects $2" tc_is_selected "$2"
}
move j worker
move Down idle
move k worker
move Up web
move k web
move End broken
check_eq "the preview follows the selection" broken "$(tc_preview_name)"
move Home web
move G broken
move g web
move NPage broken
move PPage web

# s, x and r act on the selection; taskmasterctl sees the result.
tm_tmux send-keys j j
tc_wait_selected idle
tm_tmux send-keys s
tm_wait_state idle RUNNING
check_eq "s starts the selected process" RUNNING "$(tm_state idle)"
tc_wait_message '^idle: started$'
check "s says what it did" tc_message_has '^idle: started$'
pid=$(tm_pid idle)
tc_wait_row idle "RUNNING +$pid "
check "the row shows the new pid" tc_row_has idle "^ idle +RUNNING +$pid "
tm_tmux send-keys x
tm_wait_state idle STOPPED
check_eq "x stops the selected process" STOPPED "$(tm_state idle)"
tc_wait_message '^idle: stopped$'
check "x says what it did" tc_message_has '^idle: stopped$'
tc_wait_row idle '^ idle +STOPPED +- '
check "the row shows it stopped" tc_row_has idle '^ idle +STOPPED +- '
tm_tmux send-keys Home
tc_wait_selected web
old=$(tm_pid web)
tm_tmux send-keys r
tm_wait "web restarted" bash -c "p=\$($TASKMASTERCTL -s $SOCK pid web) &&
    [ -n \"\$p\" ] && [ \"\$p\" != $old ]"
tm_wait_state web RUNNING
new=$(tm_pid web)
check "r restarts the selected process (new pid)" \
    test -n "$new" -a "$new" != "$old"
tc_wait_message '^web: started'
check "r says what it did" tc_message_has '^web: started'
tc_wait_row web "RUNNING +$new "
check "the row shows the new pid" tc_row_has web "^ web +RUNNING +$new "

# A change made from another terminal shows without a key pressed, and
# comes as an event: the console asks the daemon nothing meanwhile (its
# debug log has a line per request; previews are attach requests).
dlog=$(ls "$T"/taskmaster-taskmaster-*.log 2>/dev/null | head -n 1)
check "taskmaster -v writes its debug log" test -s "$dlog"
before=$(grep -c 'cmd_run: ' "$dlog")
tm_ctl stop worker >/dev/null
tc_wait_row worker '^ worker +STOPPED +- '
check "a stop from taskmasterctl shows in the table by itself" \
    tc_row_has worker '^ worker +STOPPED +- '
check "the header counts follow" tm_screen_has '^ taskmaster .*  2 STOPPED  '
check_eq "the console polled nothing: the only request was the stop" \
    "stop" "$(grep 'cmd_run: ' "$dlog" | tail -n +$((before + 1)) |
    awk '$3 != "attach" { print $3 }' | xargs)"
tm_ctl start worker >/dev/null
tc_wait_row worker "RUNNING +$(tm_pid worker) "
check "a start from taskmasterctl shows too" tc_row_has worker \
    "^ worker +RUNNING +$(tm_pid worker) "
tc_quit

# 80x24 without colours: every row and the key bar are visible.
tm_config <<EOF
  alpha:
    cmd: $SLEEP 1000
    starttime: 0
  bravo:
    cmd: $SLEEP 1000
    starttime: 0
  charlie:
    cmd: $SLEEP 1000
    starttime: 0
  delta:
    cmd: $SLEEP 1000
    starttime: 0
  echo:
    cmd: $SLEEP 1000
    starttime: 0
  foxtrot:
    cmd: $SLEEP 1000
    starttime: 0
  golf:
    cmd: $SLEEP 1000
    starttime: 0
  hotel:
    cmd: $SLEEP 1000
    autostart: false
EOF
tc_taskmaster 80 24 NO_COLOR=1
tm_wait "daemon answers" tm_ctl version
tc_wait_row golf RUNNING
tm_wait_screen '^ taskmaster .*7 RUNNING'
check_eq "at 80x24 every process has its row" \
    "alpha bravo charlie delta echo foxtrot golf hotel" "$(tc_names | xargs)"
check "at 80x24 the rows keep their columns" tc_row_has golf \
    '^ golf +RUNNING +[0-9]+ +[0-9]+:[0-9]{2}:[0-9]{2} +0 +- +'
check "at 80x24 the header shows the counts and the uptime" tm_screen_has \
    '^ taskmaster .*1 STOPPED  7 RUNNING +up [0-9:]+$'
check "at 80x24 the key bar is on the last line" \
    grep -Eq '^a attach  s start  x stop  r restart  : command  / filter  l log  \? help' \
    <<<"$(tc_keybar)"
check "at 80x24 the key bar still shows q quit" \
    grep -Eq '  q quit$' <<<"$(tc_keybar)"
tm_wait_screen "^$TC_HLINE alpha: "
check "NO_COLOR=1: no colour escape anywhere on the screen" \
    tc_no_colour_sgr 0 23
check "NO_COLOR=1: the selection is still shown (reverse video)" \
    tc_is_selected alpha
tc_quit

# Paging through more processes than the table can hold.
tm_config <<EOF
  web:
    cmd: $SLEEP 1000
    starttime: 0
  many:
    cmd: $SLEEP 1000
    starttime: 0
    numprocs: 20
EOF
tc_taskmaster 100 30
tm_wait "daemon answers" tm_ctl version
tm_wait "all running" bash -c "[ \$($TASKMASTERCTL -s $SOCK status |
    grep -c RUNNING) -eq 21 ]"
mapfile -t names < <(tm_ctl status | awk '{ print $1 }')
tc_wait_selected web
page=$(tc_names | grep -c .)
check "the table shows as many rows as fit, not all 21" \
    test "$page" -gt 5 -a "$page" -lt 21
check_eq "the rows shown are the first ones" \
    "${names[*]:0:page}" "$(tc_names | xargs)"
move NPage "${names[page]}"
check "the table scrolled: the first row is gone" test -z "$(tc_row web)"
check_eq "and the selection is the last row shown" "${names[page]}" \
    "$(tc_names | tail -n 1)"
move NPage "${names[20]}"
move PPage "${names[20 - page]}"
move Home web
check "back at the top, the first row is shown again" test -n "$(tc_row web)"
move End "${names[20]}"
tc_quit

tm_done
