#!/bin/bash
# An output file on a file system whose writes hang (a dead NFS server, a
# frozen or failing disk), made here with fsfreeze on a small ext4 image:
# the writer thread takes the wait, the daemon goes on answering, the
# process writing waits for its file, and once the file system is back
# every line is there, rotated and cleared as asked.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v fsfreeze >/dev/null ||
    ! command -v mkfs.ext4 >/dev/null; then
	echo "1..0 # SKIP needs root, fsfreeze and mkfs.ext4"
	exit 0
fi
MNT="$T/mnt"
mkdir "$MNT"
dd if=/dev/zero of="$T/fs.img" bs=1M count=48 2>/dev/null
if ! mkfs.ext4 -q -F "$T/fs.img" 2>/dev/null ||
    ! mount -o loop "$T/fs.img" "$MNT" 2>/dev/null; then
	echo "1..0 # SKIP cannot mount a loop device here"
	exit 0
fi
# Whatever happens, the file system is thawed and unmounted.
slowfs_cleanup() {
	fsfreeze -u "$MNT" 2>/dev/null
	[ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
	wait 2>/dev/null
	umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null
	tm_cleanup
}
trap slowfs_cleanup EXIT

tm_config <<EOF
  writer:
    cmd: sh -c 'while [ ! -e $T/go ]; do sleep 0.01; done; seq 1 1000000; exec sleep 100000'
    tty: false
    starttime: 0
    stdout: $MNT/out
  rotated:
    cmd: sh -c 'seq 1 50000; exec sleep 100000'
    tty: false
    starttime: 0
    stdout: $MNT/rot
    stdout_maxbytes: 64KB
    stdout_backups: 20
  idle:
    cmd: sleep 100000
    starttime: 0
EOF
sed -i '1a\  output_thread: always' "$CONF"
tm_start
tm_wait_state writer RUNNING
tm_wait_state idle RUNNING

# Rotation by the thread: exact, every byte kept, oldest first.
seq 1 50000 >"$T/want-rot"
tm_wait "rotated's lines all written" sh -c \
    "cat \$(ls -r '$MNT'/rot.* 2>/dev/null | sort -t. -k2 -rn) '$MNT/rot' | cmp -s - '$T/want-rot'"
check "rotation from the thread keeps every byte, in order" sh -c \
    "cat \$(ls '$MNT'/rot.* | sort -t. -k2 -rn) '$MNT/rot' | cmp -s - '$T/want-rot'"
check "no rotated file over the limit" sh -c \
    "! find '$MNT' -name 'rot*' -size +64k | grep -q ."

# Freeze: every write to the file system now waits.
# seq, the writer's child, blocked writing its pipe.
seq_blocked() {
	local p
	for p in $(pgrep -P "$(tm_pid writer)" seq); do
		grep -q pipe_write "/proc/$p/wchan" && return 0
	done
	return 1
}
fsfreeze -f "$MNT"
touch "$T/go"
check "the writer waits for its file (back-pressure)" tm_wait \
    "writer blocked on its pipe" seq_blocked
check "status answers while the file system hangs" \
    timeout 5 "$TASKMASTERCTL" -s "$SOCK" status idle
check "tail answers too" timeout 5 "$TASKMASTERCTL" -s "$SOCK" tail writer
check "a start and a stop go on" sh -c "timeout 5 '$TASKMASTERCTL' -s '$SOCK' \
    stop idle >/dev/null && timeout 5 '$TASKMASTERCTL' -s '$SOCK' start idle >/dev/null"
check_eq "the writer is still running" RUNNING "$(tm_state writer)"

# Thaw: every line arrives, once, in order.
fsfreeze -u "$MNT"
seq 1 1000000 >"$T/want"
check "all lines once the file system is back" tm_wait "all lines" sh -c \
    "[ \$(wc -c <'$MNT/out') -ge \$(wc -c <'$T/want') ]"
check "every line, in order, once" cmp -s "$T/want" "$MNT/out"

# clear, from the thread.
tm_ctl clear writer >/dev/null
check "clear empties the file" tm_wait "out empty" sh -c "[ ! -s '$MNT/out' ]"

# A shutdown while a write hangs: the daemon says it stopped; the last
# write ends when the file system is back.
rm -f "$T/go"
tm_ctl restart writer >/dev/null
fsfreeze -f "$MNT"
touch "$T/go"
check "frozen again, the writer waits" tm_wait "writer blocked" seq_blocked
check "shutdown answers while a write hangs" \
    timeout 10 "$TASKMASTERCTL" -s "$SOCK" shutdown
check "the event log says the daemon stopped" tm_wait_log "taskmasterd stopped"
fsfreeze -u "$MNT"
check "the daemon is gone once its last write ended" tm_wait "daemon gone" \
    sh -c "! kill -0 $DPID"
DPID=

tm_done
