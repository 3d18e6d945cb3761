#!/bin/bash
# A flood on a pipe (tty: false) to a file is moved by splice(2), the
# bytes never copied through the daemon: the file still gets every byte
# in order, across rotations and a reopen too, the screen ends on the
# last lines written and says what it skipped, and a full disk is
# counted as on the usual path. What needs every byte (tail -f, a slow writer's complete
# scrollback) still gets it.
. "$(dirname "$0")/lib.sh"

BIG=40000000		# 72-byte lines of tm-flood
ROT=20000000
tm_config <<EOF
  big:
    cmd: [$FIXTURES/tm-flood, "$BIG"]
    tty: false
    stdout: $T/big.out
    stdout_maxbytes: 0
    autostart: false
    autorestart: never
    starttime: 0
  rot:
    cmd: [$FIXTURES/tm-flood, "$ROT"]
    tty: false
    stdout: $T/rot.out
    stdout_maxbytes: 1MB
    stdout_backups: 40
    autostart: false
    autorestart: never
    starttime: 0
  err:
    cmd: [sh, -c, "exec $FIXTURES/tm-flood $BIG >&2"]
    stderr: $T/err.out
    stderr_maxbytes: 0
    autostart: false
    autorestart: never
    starttime: 0
  fol:
    cmd: [sh, -c, "echo ready; while [ ! -e $T/go ]; do sleep 0.01; done; exec $FIXTURES/tm-flood $BIG"]
    tty: false
    stdout: $T/fol.out
    stdout_maxbytes: 0
    autostart: false
    autorestart: never
    starttime: 0
  two:
    cmd: [sh, -c, "$FIXTURES/tm-flood $ROT; while [ ! -e $T/go2 ]; do sleep 0.01; done; exec $FIXTURES/tm-flood $ROT"]
    tty: false
    stdout: $T/two.out
    stdout_maxbytes: 0
    autostart: false
    autorestart: never
    starttime: 0
  never:
    cmd: [sleep, "1000"]
    tty: false
    stdout: $T/never.out
    autostart: false
  slow:
    cmd: [sh, -c, "seq 1 2000; exec sleep 1000"]
    tty: false
    scrollback: 3000
    stdout: $T/slow.out
    autostart: false
    autorestart: never
    starttime: 0
EOF
tm_start -e debug
"$FIXTURES/tm-flood" "$BIG" > "$T/expected"
# The screen of a process that never ran has nothing owed to it.
tm_ctl tail never >/dev/null 2>&1
check "tail of a process that never ran: the daemon lives on" tm_ctl version
"$FIXTURES/tm-flood" "$ROT" > "$T/expected.rot"

# --- A flood to a file: spliced, every byte kept, the screen exact.
tm_ctl start big >/dev/null
tm_wait_state big EXITED
check "the flood was spliced (the debug log says so)" \
    grep -q "big stdout floods: spliced to $T/big.out" "$LOG"
check "the file has every byte, in order" cmp -s "$T/expected" "$T/big.out"
want=$(tail -n 3 "$T/expected")
tm_wait "screen caught up" bash -c \
    "[ \"\$($TASKMASTERCTL -s $SOCK tail -n 3 big)\" = \"$want\" ]"
check_eq "the screen ends on the last lines written" "$want" \
    "$(tm_ctl tail -n 3 big)"
check "the scrollback says what was not shown" bash -c \
    "$TASKMASTERCTL -s $SOCK tail -n 2000 big | grep -Eq '^--- [0-9]+ bytes of output not shown'"
check_eq "the whole screen is the file's last lines" \
    "$(tail -n 20 "$T/expected")" "$(tm_ctl tail -n 20 big)"

# --- Rotation: every file at most its size, the files in order = the stream.
tm_ctl start rot >/dev/null
tm_wait_state rot EXITED
check "the rotating flood was spliced" \
    grep -q "rot stdout floods: spliced to $T/rot.out" "$LOG"
over=0
for f in "$T"/rot.out*; do
	[ "$(stat -c %s "$f")" -le 1048576 ] || over=1
done
check_eq "no rotated file passes stdout_maxbytes" 0 "$over"
n=$(ls "$T"/rot.out.* | wc -l)
{ for i in $(seq "$n" -1 1); do cat "$T/rot.out.$i"; done; cat "$T/rot.out"; } \
    > "$T/rot.all"
check "the files, oldest first, are the stream byte for byte ($n rotations)" \
    cmp -s "$T/expected.rot" "$T/rot.all"

# --- logrotate between two floods: the second goes to the new file.
tm_ctl start two >/dev/null
tm_wait "the first flood is in" bash -c "[ \$(stat -c %s '$T/two.out') -eq $ROT ]"
check "the first flood was spliced" \
    grep -q "two stdout floods: spliced to $T/two.out" "$LOG"
mv "$T/two.out" "$T/two.out.old"
kill -USR2 "$DPID"
tm_wait "the file reopened" test -e "$T/two.out"
touch "$T/go2"
tm_wait_state two EXITED
check "the moved file has the first flood, and only it" \
    cmp -s "$T/expected.rot" "$T/two.out.old"
check "the new file has the second, every byte" \
    cmp -s "$T/expected.rot" "$T/two.out"

# --- stderr's own pipe beside a pty.
tm_ctl start err >/dev/null
tm_wait_state err EXITED
check "a stderr flood is spliced too" \
    grep -q "err stderr floods: spliced to $T/err.out" "$LOG"
check "the stderr file has every byte" cmp -s "$T/expected" "$T/err.out"

# --- tail -f needs every byte: no splice while someone follows.
tm_ctl start fol >/dev/null
"$TASKMASTERCTL" -s "$SOCK" tail -f fol > "$T/follow" 2>&1 &
F=$!
tm_wait "tail -f follows" grep -qx ready "$T/follow"
touch "$T/go"
tm_wait_state fol EXITED
last=$(tail -n 2 "$T/expected" | head -n 1)
tm_wait "tail -f got the last line" grep -qx "$last" "$T/follow"
kill "$F" 2>/dev/null
wait "$F" 2>/dev/null
# A follower that falls behind is told how many lines it missed (it
# never slows the process down), and still gets the end once it has
# caught up: what it got is whole lines, in order, to the last one.
check "tail -f got the last whole line" grep -qx "$last" "$T/follow"
check "tail -f got the flood in order, gaps said" bash -c \
    "grep -v '^\[\.\.\. [0-9]* lines skipped' '$T/follow' | tail -n +2 |
    awk 'substr(\$0, 1, 9) != sprintf(\"%08d \", \$1) || \$1 + 0 <= last + 0 && NR > 1 { bad = 1 } { last = \$1 } END { exit bad || NR < 1000 }'"
check "the file has every byte" \
    cmp -s <(echo ready; cat "$T/expected") "$T/fol.out"
check "a followed stream is not spliced" \
    bash -c "! grep -q 'fol stdout floods' '$LOG'"

# --- Under the flood threshold: every line on the screen.
tm_ctl start slow >/dev/null
tm_wait "slow wrote" bash -c "[ \$(stat -c %s '$T/slow.out') -ge $(seq 1 2000 | wc -c) ]"
tm_wait "screen has it" bash -c "[ \"\$($TASKMASTERCTL -s $SOCK tail -n 1 slow)\" = 2000 ]"
check_eq "a burst under the threshold is all in the scrollback" \
    "$(seq 1 2000)" "$(tm_ctl tail -n 2000 slow)"
check "and is not spliced" bash -c "! grep -q 'slow stdout floods' '$LOG'"
tm_stop
check_eq "daemon exits 0" 0 $?

# --- A full disk under a spliced flood: counted and said, as ever.
if ! tm_small_fs 1m; then
	ok "# SKIP full disk: cannot mount a tmpfs here"
else
	: > "$LOG"
	tm_config <<EOF
  full:
    cmd: [$FIXTURES/tm-flood, "$BIG"]
    tty: false
    stdout: $T/small/out
    stdout_maxbytes: 0
    autorestart: never
    starttime: 0
EOF
	tm_start -e debug
	tm_wait_state full EXITED
	check "the flood was spliced until the disk was full" \
	    grep -q "full stdout floods: spliced" "$LOG"
	check "the full disk is said with the file and the error" grep -Eq \
	    "write $T/small/out: No space left on device; [0-9]+ bytes lost so far" "$LOG"
	size=$(stat -c %s "$T/small/out")
	check "what the file took is the stream's beginning" \
	    cmp -s "$T/small/out" <(head -c "$size" "$T/expected")
	want=$(tail -n 1 "$T/expected")
	tm_wait "screen caught up" bash -c \
	    "[ \"\$($TASKMASTERCTL -s $SOCK tail -n 1 full)\" = \"$want\" ]"
	check_eq "the screen still has the last line" "$want" \
	    "$(tm_ctl tail -n 1 full)"
	tm_stop
	check_eq "daemon exits 0" 0 $?
	tm_small_fs_done
fi
tm_done
