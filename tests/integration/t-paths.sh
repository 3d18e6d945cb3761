#!/bin/bash
# Configured paths cannot be turned against the daemon: the pidfile is
# removed only if it is still the regular file the daemon wrote (it
# deleted /dev/null when told pidfile=/dev/null); output files and the
# event log are never opened through a symbolic link another user could
# have planted, nor as another user's file in a folder others can write;
# the socket and the pidfile are refused in a folder others can write
# unless it is sticky; links root made (/dev/stdout) still work.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	ok "# SKIP needs root (another user's folders and files)"
	tm_done
	exit 0
fi

# A private /dev/null: a character device, as the real one.
mknod "$T/null" c 1 3
tm_config <<EOF
  p:
    cmd: sleep 1000
    starttime: 0
EOF
sed -i "s|^taskmaster:|taskmaster:\n  pidfile: $T/null|" "$CONF"
tm_start
tm_wait_state p RUNNING
tm_stop
check_eq "pidfile /dev/null: the daemon exits 0" 0 $?
check "pidfile /dev/null: the device is still there" test -c "$T/null"

# A pidfile replaced while the daemon ran is not the daemon's to remove.
sed -i "s|pidfile: $T/null|pidfile: $T/tm.pid|" "$CONF"
tm_start
tm_wait_file "$T/tm.pid"
check_eq "the pidfile holds the daemon's pid" "$DPID" "$(cat "$T/tm.pid")"
rm "$T/tm.pid"
echo other > "$T/tm.pid"
tm_stop
check_eq "a pidfile replaced meanwhile is left alone" other "$(cat "$T/tm.pid")"
tm_start
tm_stop
check "the daemon's own pidfile is removed" test ! -e "$T/tm.pid"

# A pidfile in a folder everyone can write, not sticky: refused.
mkdir "$T/open"
chmod 777 "$T/open"
sed -i "s|pidfile: $T/tm.pid|pidfile: $T/open/tm.pid|" "$CONF"
out=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "pidfile in a folder everyone can write: the daemon refuses" \
    "taskmasterd: pidfile: $T/open/tm.pid: the folder $T/open can be written by everyone and is not sticky: another user could replace the file" \
    "$out"
check "and writes nothing there" test ! -e "$T/open/tm.pid"
sed -i "/pidfile:/d" "$CONF"

# Output files. A log folder owned by another user, who made the file a
# link to a file of root's.
mkdir "$T/theirs" "$T/mine"
chown nobody "$T/theirs"
echo secret > "$T/secret"
ln -s "$T/secret" "$T/theirs/out.log"
# A folder everyone can write, with a link to a private folder in it.
ln -s "$T/mine" "$T/open/dir"
# A file of another user's there, a hard link, a FIFO.
touch "$T/open/foreign.log"
chown nobody "$T/open/foreign.log"
touch "$T/mine/twice.log"
ln "$T/mine/twice.log" "$T/open/twice.log"
mkfifo "$T/open/fifo"
# A trusted folder (root's, 755) with a link root made.
ln -s "$T/real.log" "$T/mine/link.log"
tm_config <<EOF
  planted:
    cmd: sh -c 'echo planted; exec sleep 1000'
    startretries: 0
    starttime: 0
    stdout: $T/theirs/out.log
  viadir:
    cmd: sh -c 'echo viadir; exec sleep 1000'
    startretries: 0
    starttime: 0
    stdout: $T/open/dir/out.log
  foreign:
    cmd: sh -c 'echo foreign; exec sleep 1000'
    startretries: 0
    starttime: 0
    stdout: $T/open/foreign.log
  twice:
    cmd: sh -c 'echo twice; exec sleep 1000'
    startretries: 0
    starttime: 0
    stdout: $T/open/twice.log
  fifo:
    cmd: sh -c 'echo fifo; exec sleep 1000'
    startretries: 0
    starttime: 0
    stdout: $T/open/fifo
  fresh:
    cmd: sh -c 'echo fresh; exec sleep 1000'
    starttime: 0
    stdout: $T/open/fresh.log
  linked:
    cmd: sh -c 'echo linked; exec sleep 1000'
    starttime: 0
    stdout: $T/mine/link.log
  stdout:
    cmd: sh -c 'echo to-stdout; exec sleep 1000'
    starttime: 0
    stdout: /dev/stdout
EOF
tm_start
for n in planted viadir foreign twice fifo; do
	tm_wait_state "$n" FATAL
done
check_eq "a link planted in another user's folder is not followed" \
    "spawn error: $T/theirs/out.log is a symbolic link in a folder uid $(id -u nobody), its owner can write: not followed" \
    "$(tm_ctl status planted | sed 's/^planted *FATAL *//')"
check_eq "and the file it pointed at is untouched" secret "$(cat "$T/secret")"
check_eq "a link to a folder, in a folder everyone can write: not followed" \
    "spawn error: $T/open/dir is a symbolic link in a folder everyone can write: not followed" \
    "$(tm_ctl status viadir | sed 's/^viadir *FATAL *//')"
check "nothing was created through it" test ! -e "$T/mine/out.log"
check_eq "another user's file in a folder everyone can write: not used" \
    "spawn error: $T/open/foreign.log belongs to uid $(id -u nobody), in a folder everyone can write: only a file of taskmaster's own (uid 0) is used there" \
    "$(tm_ctl status foreign | sed 's/^foreign *FATAL *//')"
check_eq "a file with two links there: not used" \
    "spawn error: $T/open/twice.log has 2 hard links, in a folder everyone can write: not used" \
    "$(tm_ctl status twice | sed 's/^twice *FATAL *//')"
check_eq "a FIFO there: refused at once, the daemon never blocks" \
    "spawn error: open $T/open/fifo: a FIFO nobody reads" \
    "$(tm_ctl status fifo | sed 's/^fifo *FATAL *//')"
check "the reasons are in the event log" grep -q \
    "planted gave up .*: spawn error: $T/theirs/out.log is a symbolic link" "$LOG"
tm_wait_state fresh RUNNING
tm_wait_file "$T/open/fresh.log"
check "a file the daemon creates in such a folder is used" \
    grep -q fresh "$T/open/fresh.log"
tm_wait_file "$T/real.log"
check "a link in a folder only root can write is followed" \
    grep -q linked "$T/real.log"
tm_wait_file "$T/daemon.stdout"
check "stdout: /dev/stdout reaches the daemon's own stdout" \
    grep -q to-stdout "$T/daemon.stdout"
tm_stop
check_eq "daemon exits 0" 0 $?

# The event log: a link in a folder others can write.
ln -s "$T/secret" "$T/open/events.log"
cat > "$CONF" <<EOF
taskmaster:
  socket: $SOCK
  logfile: $T/open/events.log
programs:
  p:
    cmd: sleep 1000
EOF
out=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "an event log planted as a link: the daemon refuses to start" \
    "taskmasterd: $T/open/events.log is a symbolic link in a folder everyone can write: not followed" \
    "$out"
check_eq "and the file it pointed at is untouched" secret "$(cat "$T/secret")"

# The socket: in a folder everyone can write, not sticky: refused.
cat > "$CONF" <<EOF
taskmaster:
  socket: $T/open/tm.sock
  logfile: $LOG
programs:
  p:
    cmd: sleep 1000
EOF
out=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "a socket in a folder everyone can write: refused" \
    "taskmasterd: socket $T/open/tm.sock: the folder $T/open can be written by everyone and is not sticky: another user could replace the socket" \
    "$out"
# In a sticky one: another user's socket there is neither used nor
# removed; with none, the daemon runs.
mkdir "$T/sticky"
chmod 1777 "$T/sticky"
python3 -c "import socket; s = socket.socket(socket.AF_UNIX); s.bind('$T/sticky/tm.sock')"
chown nobody "$T/sticky/tm.sock"
sed -i "s|$T/open/tm.sock|$T/sticky/tm.sock|" "$CONF"
out=$("$TASKMASTERD" -n -c "$CONF" 2>&1)
check_eq "another user's socket in a sticky folder: refused" \
    "taskmasterd: $T/sticky/tm.sock belongs to uid $(id -u nobody), in a folder other users can write: taskmaster neither uses nor removes it; choose another socket path" \
    "$out"
check "and it is still there" test -S "$T/sticky/tm.sock"
rm "$T/sticky/tm.sock"
SOCK="$T/sticky/tm.sock"
tm_start
check "with no socket there, the daemon runs in the sticky folder" \
    bash -c "$TASKMASTERCTL -s $SOCK version >/dev/null"
tm_stop
check_eq "daemon exits 0" 0 $?
check "its socket is removed" test ! -e "$T/sticky/tm.sock"
check "no sanitizer report" bash -c "! grep -q 'Sanitizer' '$T/daemon.stderr'"
tm_done
