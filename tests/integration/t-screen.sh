#!/bin/bash
# Screens (SPEC sections 7 and 8): tail of the screen and scrollback, tail
# -f, and attach through a real terminal (tmux): typing, detaching with
# Ctrl-], re-attaching, resizing, read-only clients, several clients.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/out"
tm_config <<EOF
  counter:
    cmd: sh -c 'for i in \$(seq 1 60); do printf "\\033[1;31mline\\033[0m %d\\n" \$i; done; exec sleep 1000'
    starttime: 0
  piped:
    cmd: sh -c 'echo one; echo two >&2; printf "three\\r\\n"; exec sleep 1000'
    tty: false
    starttime: 0
  talker:
    cmd: sh -c 'n=0; while :; do if [ -e $T/go ]; then n=\$((n+1)); echo "said \$n"; rm -f $T/go; fi; sleep 0.02; done'
    starttime: 0
  cat:
    cmd: cat
    starttime: 0
  winsize:
    cmd: $FIXTURES/tm-winsize
    starttime: 0
  once:
    cmd: sh -c 'echo first run; sleep 0.3; exit 3'
    starttime: 0
    autorestart: never
  stopped:
    cmd: sleep 1000
    autostart: false
  ends:
    cmd: sh -c 'echo ready to end; read x; exit 3'
    starttime: 0
    autostart: false
    autorestart: never
EOF
tm_start
for n in counter piped talker cat winsize; do tm_wait_state "$n" RUNNING; done

# tail: screen and scrollback as plain text.
tm_wait "counter printed" bash -c "$TASKMASTERCTL -s $SOCK tail counter | grep -q 'line 60'"
out=$(tm_ctl tail counter)
check_eq "tail prints the last 10 lines as text, no escapes" \
    "$(seq 51 60 | sed 's/^/line /')" "$out"
out=$(tm_ctl tail -n 60 counter)
check_eq "tail -n reaches into the scrollback" \
    "$(seq 1 60 | sed 's/^/line /')" "$out"
check_eq "tail -n 0 prints nothing" "" "$(tm_ctl tail -n 0 counter)"
tm_wait "piped printed" bash -c "$TASKMASTERCTL -s $SOCK tail piped | grep -q three"
check_eq "tail works for tty: false (stdout and stderr)" "one two three" \
    "$(tm_ctl tail piped | xargs)"
tm_ctl tail web 2>/dev/null
check_eq "tail of an unknown name exits 1" 1 $?
tm_ctl tail -n x counter 2>/dev/null
check_eq "tail -n with a bad count is a usage error" 2 $?

# tail -f follows new lines until interrupted.
tm_ctl tail -f -n 0 talker > "$T/follow.out" 2>&1 &
fpid=$!
# The talker speaks once each time it is asked: ask until the follower
# hears it, then once more.
tm_wait "the follower hears" bash -c \
    "touch $T/go; sleep 0.1; grep -q said $T/follow.out"
first=$(awk '{ print $2; exit }' "$T/follow.out")
touch "$T/go"
tm_wait "the next line" grep -q "said $((first + 1))" "$T/follow.out"
check_eq "tail -f streams each new line" "said $first said $((first + 1))" \
    "$(xargs < "$T/follow.out")"
kill "$fpid"
wait "$fpid" 2>/dev/null
tm_ctl status talker >/dev/null
check_eq "an interrupted tail -f leaves the process running" 0 $?

# A restart keeps the scrollback, with a marked line between runs.
tm_wait_state once EXITED
tm_ctl start once >/dev/null
tm_wait "second run" bash -c "[ \$(grep -c 'once spawned' $LOG) -ge 2 ]"
tm_wait "second output" bash -c "[ \$($TASKMASTERCTL -s $SOCK tail -n 20 once | grep -c 'first run') -ge 2 ]"
out=$(tm_ctl tail -n 20 once)
check "the runs are separated by a marker" grep -Eq \
    '^--- once restarted at [0-9-]+ [0-9:]+ ---$' <<<"$out"
check_eq "both runs are kept, in order" "first run|MARK|first run" \
    "$(sed 's/^--- once restarted.*/MARK/' <<<"$out" | grep -v '^$' | paste -sd'|')"

# attach: type into cat, see the echo, detach, same pid, re-attach.
pid=$(tm_pid cat)
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach cat; echo EXIT=\$?; sleep 1000"
tm_wait "attached" grep -q 'cat attached' "$LOG"
tm_tmux send-keys 'hello world' Enter
tm_wait_screen '^hello world$'
check_eq "typed text is echoed by the process" 2 \
    "$(tm_screen | grep -c '^hello world$')"
tm_tmux send-keys C-]
tm_wait_screen '^EXIT=0$'
check "Ctrl-] detaches with exit 0" tm_screen_has '^EXIT=0$'
check "the terminal is restored (the shell's screen is back)" \
    tm_screen_lacks 'hello world'

check_eq "the process keeps running with the same pid" "RUNNING $pid" \
    "$(tm_state cat) $(tm_pid cat)"
check "detach is logged" grep -q 'cat detached' "$LOG"
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach cat; echo EXIT=\$?; sleep 1000"
tm_wait_screen '^hello world$'
check "re-attach shows the earlier text at once" tm_screen_has '^hello world$'
# Ctrl-] twice sends one literal Ctrl-].
tm_tmux send-keys C-] C-] Enter
tm_wait_screen '^\^]$'
check "Ctrl-] twice sends one Ctrl-] to the process" tm_screen_has '^\^]$'
check "and does not detach" tm_screen_lacks 'EXIT='

tm_tmux send-keys C-] x
tm_wait_screen '^EXIT=0$'
check "Ctrl-] then another key detaches at once" tm_screen_has '^EXIT=0$'
tm_tmux_cleanup

# Resizing the terminal reaches the child (SIGWINCH); detaching puts
# the configured size back.
tm_tmux_new 100 30 "$TASKMASTERCTL -s $SOCK attach winsize; sleep 1000"
tm_wait_screen '^size 30x100$'
check "attach gives the pty the terminal's size" tm_screen_has '^size 30x100$'
tm_tmux resize-window -x 90 -y 20
tm_wait_screen '^size 20x90$'
check "a resize reaches the child" tm_screen_has '^size 20x90$'
tm_tmux send-keys C-]
tm_wait "size back" bash -c "$TASKMASTERCTL -s $SOCK tail -n 1 winsize | grep -q '^size 24x80$'"
check_eq "detaching restores tty_size" "size 24x80" "$(tm_ctl tail -n 1 winsize)"
tm_tmux_cleanup

# Read-only attach sends nothing; two clients see the same output.
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach --read-only cat; sleep 1000"
tm_tmux split-window -v "$TASKMASTERCTL -s $SOCK attach cat; sleep 1000"
tm_wait "two attached" bash -c "[ \$(grep -c 'cat attached' $LOG) -ge 4 ]"
tm_tmux send-keys -t 0 'secret' Enter
tm_tmux send-keys -t 1 'shared' Enter
tm_wait_screen '^shared$' 1
tm_wait_screen '^shared$' 0
check "both clients see the output" tm_screen_has '^shared$' 0
check "a read-only client types nothing" bash -c "! $TASKMASTERCTL -s $SOCK tail -n 50 cat | grep -q secret"
tm_tmux_cleanup
tm_wait "both detached" bash -c "[ \$(grep -c 'cat detached' $LOG) -ge 4 ]"

# Clear errors.
err=$(tm_ctl attach stopped 2>&1 </dev/null)
check_eq "attach needs a terminal" 2 $?
check "and says what to use instead" grep -q 'tail -f' <<<"$err"
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach stopped; echo EXIT=\$?; $TASKMASTERCTL -s $SOCK attach nope; echo EXIT=\$?; sleep 1000"
tm_wait_screen 'EXIT=1' && sleep 0.2
check "attach to a stopped process explains" tm_screen_has \
    'stopped: ERROR \(not running: STOPPED; start it first\)'
check_eq "attach errors exit 1" 2 "$(tm_screen | grep -c '^EXIT=1$')"
check "attach to an unknown name explains" tm_screen_has 'nope: ERROR \(no such process\)'
tm_tmux_cleanup

# A read-only look at a stopped process: its last screen, until Ctrl-].
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach --read-only once; echo EXIT=\$?; sleep 1000"
tm_wait_screen '^first run$'
check "read-only attach shows a stopped process's last screen" \
    tm_screen_has '^first run$'
check "and stays until Ctrl-]" tm_screen_lacks 'EXIT='
tm_tmux send-keys C-]
tm_wait_screen '^EXIT=0$'
tm_tmux_cleanup

# The process exits while attached: the client says so and leaves.
tm_ctl start ends >/dev/null
tm_tmux_new 80 24 "$TASKMASTERCTL -s $SOCK attach ends; echo EXIT=\$?; sleep 1000"
tm_wait_screen '^ready to end$'
tm_tmux send-keys Enter
tm_wait_screen '^EXIT=0$'
check "an exit ends the attach with a message" tm_screen_has \
    '^taskmasterctl: ends EXITED: exited with 3 \(unexpected\); detached$'
tm_tmux_cleanup

tm_stop
check_eq "daemon exits 0" 0 $?
tm_done
