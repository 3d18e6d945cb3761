#!/bin/bash
# Output to a FIFO or a pipe (a log shipper, /dev/stdout of a container):
# its reader sets the pace. A reader that stops reading pauses the
# process writing, never the daemon; every line arrives once it reads
# again; a reader that goes away costs bytes, said in the event log.
. "$(dirname "$0")/lib.sh"

mkfifo "$T/out.fifo"
# The reader: holds the FIFO open (both ends, so it never sees EOF),
# says it is there, and reads only once told to.
cat >"$T/reader.py" <<'PY'
import os, sys, time
fifo, out, go = sys.argv[1:4]
fd = os.open(fifo, os.O_RDWR)
open(out + ".ready", "w").close()
while not os.path.exists(go):
    time.sleep(0.01)
with open(out, "wb") as f:
    while True:
        b = os.read(fd, 65536)
        f.write(b)
        f.flush()
PY
python3 "$T/reader.py" "$T/out.fifo" "$T/got" "$T/go" &
RPID=$!
tm_wait "reader ready" test -e "$T/got.ready"
mkfifo "$T/short.fifo"
python3 "$T/reader.py" "$T/short.fifo" "$T/short" "$T/go-short" &
tm_wait "reader ready" test -e "$T/short.ready"

# 400,000 lines (2.7 MB): far more than the FIFO, the 1 MiB pipe and one read
# burst hold together.
tm_config <<EOF
  flood:
    cmd: seq 1 400000
    tty: false
    starttime: 0
    autorestart: never
    stdout: $T/out.fifo
  short:
    cmd: seq 1 50000
    tty: false
    starttime: 0
    autorestart: never
    stdout: $T/short.fifo
  idle:
    cmd: sleep 100000
    starttime: 0
EOF
tm_start
tm_wait_state idle RUNNING
tm_wait_state flood RUNNING
FPID=$(tm_pid flood)
# The FIFO, the pipe and what the daemon holds are full: seq waits.
tm_wait "flood blocked writing its pipe" grep -q pipe_write \
    "/proc/$FPID/wchan"

# The daemon answers while its output file's reader is stalled.
check "status answers while the FIFO's reader is stalled" \
    timeout 5 "$TASKMASTERCTL" -s "$SOCK" status idle
check "a command answers too" timeout 5 "$TASKMASTERCTL" -s "$SOCK" pid idle
check_eq "the writer waits (back-pressure), not finished" RUNNING \
    "$(tm_state flood)"
check "nothing lost was said" sh -c "! grep -q 'lost' '$LOG'"

# A process that ended while its file's reader was stalled: its last
# lines are still held for the reader.
tm_wait_state short EXITED
touch "$T/go-short"
seq 1 50000 >"$T/want-short"
tm_wait "all of short's lines" sh -c \
    "[ \$(wc -c <'$T/short') -ge \$(wc -c <'$T/want-short') ]"
check "an ended process's lines reach a late reader" \
    cmp -s "$T/want-short" "$T/short"

# The reader reads again: every line arrives, in order, once.
touch "$T/go"
seq 1 400000 >"$T/want"
tm_wait "all lines through the FIFO" sh -c \
    "[ \$(wc -c <'$T/got') -ge \$(wc -c <'$T/want') ]"
tm_wait_state flood EXITED
check "every line, in order, once" cmp -s "$T/want" "$T/got"
check "status still answers" timeout 5 "$TASKMASTERCTL" -s "$SOCK" status idle

# A reader that goes away while the daemon holds bytes for it: lost,
# said, and the daemon goes on.
rm -f "$T/go" "$T/got" "$T/got.ready"
kill "$RPID"; wait "$RPID" 2>/dev/null
python3 "$T/reader.py" "$T/out.fifo" "$T/got" "$T/go" &
RPID=$!
tm_wait "reader ready" test -e "$T/got.ready"
tm_ctl start flood >/dev/null
tm_wait_state flood RUNNING
FPID=$(tm_pid flood)
tm_wait "flood blocked writing its pipe" grep -q pipe_write \
    "/proc/$FPID/wchan"
kill -KILL "$RPID"; wait "$RPID" 2>/dev/null
check "the bytes lost are said" tm_wait_log "out.fifo: Broken pipe; [0-9]+ bytes lost"
tm_wait_state flood EXITED
check "status answers after the reader went away" \
    timeout 5 "$TASKMASTERCTL" -s "$SOCK" status idle
check "the daemon is alive" kill -0 "$DPID"

# Nobody reading at spawn: a clear spawn error, not a hang.
tm_ctl start flood >/dev/null 2>&1
check "a FIFO nobody reads: a spawn error" tm_wait_log "a FIFO nobody reads"
check "status answers" timeout 5 "$TASKMASTERCTL" -s "$SOCK" status idle

tm_stop
tm_done
