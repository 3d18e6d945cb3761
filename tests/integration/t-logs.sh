#!/bin/bash
# Output files an operator keeps: rotation by size with nothing lost or
# doubled, the event log rotated too, timestamps, plain line endings for
# a pty, reopening after logrotate, clear and maintail.
. "$(dirname "$0")/lib.sh"

O=$T/out
mkdir -p "$O"
tm_config <<EOF
  seq:
    cmd: seq 1 200000
    tty: false
    autostart: false
    autorestart: never
    starttime: 0
    stdout: $O/seq.log
    stdout_maxbytes: 100KB
    stdout_backups: 3
  whole:
    cmd: seq 1 50000
    tty: false
    autostart: false
    autorestart: never
    starttime: 0
    stdout: $O/whole.log
    stdout_maxbytes: 0
  stamped:
    cmd: sh -c 'echo one; printf tw; sleep 0.3; echo o; sleep 0.1; echo three; exec sleep 1000'
    tty: false
    starttime: 0
    stdout: $O/stamped.log
    timestamps: true
  pty:
    cmd: sh -c 'echo one; printf "pro\\rgress\\n"; exec sleep 1000'
    starttime: 0
    stdout: $O/pty.log
  raw:
    cmd: sh -c 'echo one; printf "pro\\rgress\\n"; exec sleep 1000'
    starttime: 0
    stdout: $O/raw.log
    raw_output: true
  talk:
    cmd: sh -c 'while :; do echo tick; sleep 0.05; done'
    tty: false
    starttime: 0
    stdout: $O/talk.log
  shared:
    cmd: seq 1 20000
    numprocs: 2
    tty: false
    autostart: false
    autorestart: never
    starttime: 0
    stdout: $O/shared.log
    stdout_maxbytes: 20KB
    stdout_backups: 100
  burst:
    cmd: sh -c 'trap "echo after" USR1; seq 100; while :; do sleep 0.05; done'
    tty: false
    starttime: 0
    stdout: $O/burst.log
EOF
sed -i "s|^programs:|  logfile_maxbytes: 2KB\n  logfile_backups: 2\nprograms:|" "$CONF"
tm_start

# Rotation: the kept files, oldest first, are the end of the sequence.
tm_ctl start seq >/dev/null
tm_wait_state seq EXITED
check_eq "exactly stdout_backups backups" \
    "seq.log seq.log.1 seq.log.2 seq.log.3" \
    "$(cd "$O" && ls seq.log* | xargs)"
big=$(find "$O" -name 'seq.log*' -size +102400c | xargs)
check_eq "no file over stdout_maxbytes" "" "$big"
# (The oldest file may start inside a line: files are cut by bytes.)
cat "$O/seq.log.3" "$O/seq.log.2" "$O/seq.log.1" "$O/seq.log" |
    tail -n +2 >"$T/kept"
first=$(head -n 1 "$T/kept")
check_eq "the kept files end the sequence" 200000 "$(tail -n 1 "$T/kept")"
check "with no gap and nothing twice (from $first)" \
    cmp -s "$T/kept" <(seq "$first" 200000)
check_eq "every backup is full to the byte" \
    "$((3 * 102400 + $(stat -c %s "$O/seq.log")))" \
    "$(cat "$O"/seq.log* | wc -c)"
check "the first file was full" test "$(stat -c %s "$O/seq.log.3")" = 102400

tm_ctl start whole >/dev/null
tm_wait_state whole EXITED
check "stdout_maxbytes: 0 never rotates" test ! -e "$O/whole.log.1"
check "and keeps everything" cmp -s "$O/whole.log" <(seq 1 50000)

# Two processes writing one file share it: it is rotated once, exactly.
tm_ctl start shared >/dev/null
tm_wait_state shared:0 EXITED
tm_wait_state shared:1 EXITED
check_eq "two writers of one file: every byte kept, none twice" \
    "$((2 * $(seq 1 20000 | wc -c)))" "$(cat "$O"/shared.log* | wc -c)"
check_eq "and no file over the limit" "" \
    "$(find "$O" -name 'shared.log*' -size +20480c | xargs)"

# Timestamps: every line, once, at its start.
tm_wait "three stamped lines" grep -q three "$O/stamped.log"
re='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '
check_eq "each line stamped (RFC 3339, ms)" 3 \
    "$(grep -Ec "${re}(one|two|three)$" "$O/stamped.log")"
check_eq "a line written in two pieces is stamped once" 1 \
    "$(grep -c 'Z two$' "$O/stamped.log")"
check "the stamps never go back" bash -c "cut -d' ' -f1 '$O/stamped.log' |
    sort -c"
check "the screen has no stamps" grep -qx two <<<"$(tm_ctl tail stamped)"

# Line endings: a pty's \r\n is \n in the file, a lone \r stays.
tm_wait "pty output" grep -q gress "$O/pty.log"
check_eq "tty: \\n line endings, a \\r alone kept" \
    "one\\npro\\rgress\\n" "$(od -An -c "$O/pty.log" | tr -d ' \n')"
tm_wait "raw output" grep -q gress "$O/raw.log"
check_eq "raw_output: true keeps the pty's bytes" \
    "one\\r\\npro\\rgress\\r\\n" "$(od -An -c "$O/raw.log" | tr -d ' \n')"

# logrotate with create: move the file, SIGUSR2, a new file fills.
tm_wait "talk writes" test -s "$O/talk.log"
mv "$O/talk.log" "$O/talk.log.old"
kill -USR2 "$DPID"
tm_wait "a new file after SIGUSR2" test -s "$O/talk.log"
check "SIGUSR2 reopens the files" test -s "$O/talk.log"
n=$(wc -l <"$O/talk.log.old")
sleep 0.2
check_eq "the moved file gets nothing more" "$n" "$(wc -l <"$O/talk.log.old")"

# clear: the file empties, the scrollback goes, output goes on.
tm_wait "burst written" grep -qx 100 "$O/burst.log"
check_eq "clear says so" "burst: cleared" "$(tm_ctl clear burst)"
check_eq "the file is emptied" 0 "$(stat -c %s "$O/burst.log")"
check "the scrollback is gone (the screen stays)" \
    test "$(tm_ctl tail -n 1000 burst | grep -c .)" -le 24
tm_ctl signal USR1 burst >/dev/null
tm_wait "output goes on after clear" grep -qx after "$O/burst.log"
check_eq "output goes on into the emptied file" "after" "$(cat "$O/burst.log")"
out=$(tm_ctl clear nope 2>&1)
check_eq "clear of an unknown name fails" 1 $?

# The event log rotates between lines.
for i in 1 2 3 4 5 6; do tm_ctl restart pty >/dev/null; done
check "the event log was rotated" test -s "$LOG.1"
check "and keeps logfile_backups files at most" test ! -e "$LOG.3"
check "none over logfile_maxbytes" test -z "$(find "$T" -maxdepth 1 \
    -name 'events.log*' -size +2048c)"
check "every line whole" bash -c "! grep -hEv \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ (DEBUG|INFO|WARN|ERROR) ' \
    '$LOG' '$LOG.1'"

# maintail: the last lines, then following.
check_eq "maintail -n 2: two lines" 2 "$(tm_ctl maintail -n 2 | wc -l)"
"$TASKMASTERCTL" -s "$SOCK" maintail -f -n 0 >"$T/follow" &
F=$!
# Its own connection, by its pid: not an earlier client's line.
tm_wait "maintail -f connected" grep -q "control client connected (uid [0-9]*, pid $F)" "$LOG"
tm_ctl signal HUP talk >/dev/null
tm_wait "maintail -f follows" grep -q 'talk sent SIGHUP' "$T/follow"
check "maintail -f prints new events as they come" \
    grep -q 'talk sent SIGHUP' "$T/follow"
kill "$F" 2>/dev/null
out=$(tm_ctl maintail -n x 2>&1)
check_eq "maintail -n wants a number (2)" 2 $?

tm_stop
check_eq "the daemon exits 0" 0 $?
tm_done
