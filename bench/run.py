#!/usr/bin/env python3
"""Benchmark taskmaster against supervisord, side by side, on this machine.

    python3 bench/run.py                  # every scenario, 3 runs, 1000 processes
    python3 bench/run.py --only a,b -n 200 --runs 5

Scenarios (see bench/README.md and doc/benchmarks.md):
  a  start-up: launch the daemon until N processes are RUNNING
  b  `status` wall time with N processes
  c  idle daemon: wakeups per second and CPU with N processes
  d  kill -9 of a RUNNING process until its replacement is RUNNING
  e  reload with 3 of N programs changed
  f  1 GiB written by one child to its stdout file (pipes, pty, raw pty)
  g  shutdown with N processes running
  h  daemon memory per process: N silent sleeps, N processes of 2000 lines
  i  attach latency: a full 200x50 screen painted by taskmasterctl attach
  j  console keystroke latency while one program floods its pty

h, i and j are taskmaster's alone: supervisord has no screens.

Binaries: build/taskmasterd, build/taskmasterctl and build/taskmaster of this
tree (built with ./setup.sh when older than the sources), or TASKMASTERD=...
TASKMASTERCTL=... (and TASKMASTER=... for j) from the environment.
supervisord and supervisorctl from PATH (Debian's `supervisor` package), or
SUPERVISORD=... SUPERVISORCTL=...

Python 3 standard library only.
"""

import argparse
import datetime
import fcntl
import os
import platform
import pty
import random
import re
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
TAG_VAR = "TMBENCH_TAG"
SLEEP = "sleep 31536000"            # what every supervised process runs
SLEEP_CHANGED = "sleep 31536001"    # the changed cmd of scenario (e)
GIB = 1024 * 1024 * 1024
SCENARIOS = "abcdefghijlm"


def say(msg):
    print(msg, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------
# Processes: everything started carries TMBENCH_TAG=<run tag> in its
# environment (daemons pass it on to their children), so what a run left
# behind can always be found and killed.

STARTED = []        # Popen objects of daemons and helpers


def proc_state(pid):
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            st = f.read()
    except OSError:
        return None
    return st[st.rfind(b")") + 2:][:1].decode()


def own_prefix():
    """The start of every tag this invocation gives: its pid."""
    return "%d-" % os.getpid()


def tagged_pids(tag=None, anyone=False):
    """Live (non-zombie) pids whose environment has TMBENCH_TAG = tag, or
    (no tag) one of this invocation's tags, or (anyone) any tag at all:
    another run on the same machine is never ours to kill."""
    if tag:
        want = (TAG_VAR + "=" + tag).encode()
    elif anyone:
        want = (TAG_VAR + "=").encode()
    else:
        want = (TAG_VAR + "=" + own_prefix()).encode()
    out = []
    me = os.getpid()
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == me:
            continue
        try:
            with open("/proc/%s/environ" % d, "rb") as f:
                env = f.read()
        except OSError:
            continue
        for item in env.split(b"\0"):
            if (item == want) if tag else item.startswith(want):
                if proc_state(int(d)) not in (None, "Z"):
                    out.append(int(d))
                break
    return out


def kill_all(tag=None):
    """SIGKILL every daemon we started and every tagged process; wait."""
    for p in STARTED:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
    for p in STARTED:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if p.returncode is not None and isinstance(p, PtyChild):
            p.close()
    STARTED[:] = [p for p in STARTED if p.returncode is None]
    deadline = time.monotonic() + 15
    while True:
        left = tagged_pids(tag)
        if not left:
            return
        if time.monotonic() > deadline:
            raise BenchError("cannot kill pids %s" % left[:20])
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


def assert_clean():
    """Nothing of this invocation's may still be alive; what another run
    left is only reported (it is not ours to kill)."""
    left = tagged_pids()
    if left:
        say("!! %d processes of this run still alive (%s...): killing"
            % (len(left), left[:5]))
        kill_all()
        raise BenchError("processes were left behind by a scenario")
    other = tagged_pids(anyone=True)
    if other and not getattr(assert_clean, "said", False):
        assert_clean.said = True
        say("note: %d processes of another benchmark run are alive (%s...);"
            " left alone, but they may disturb the figures"
            % (len(other), other[:5]))


# A competing CPU load (--load): busy loops, tagged as ours.
LOAD = []


def load_start(n, tag, tmp):
    for i in range(n):
        LOAD.append(spawn(["sh", "-c", "while :; do :; done"], tag, tmp,
                          "load%d" % i))


def load_stop():
    for p in LOAD:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        p.wait()
    LOAD[:] = []


def spawn(argv, tag, tmp, name):
    env = dict(os.environ)
    env[TAG_VAR] = tag
    err = open(os.path.join(tmp, name + ".stderr"), "wb")
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err,
                         stderr=err, env=env, start_new_session=True,
                         cwd=tmp)
    err.close()
    STARTED.append(p)
    return p


class PtyChild:
    """A program on a pty of its own (pty.fork: new session, the pty as
    its controlling terminal and stdin/stdout/stderr), COLSxROWS set before
    the exec. Looks enough like a Popen for STARTED and kill_all. What it
    writes is read from the master into self.out."""

    def __init__(self, argv, tag, cols, rows, cwd, env=None):
        e = dict(os.environ)
        e.update(env or {})
        e[TAG_VAR] = tag
        pid, fd = pty.fork()
        if pid == 0:        # the child: never return into the script
            try:
                os.chdir(cwd)
                fcntl.ioctl(0, termios.TIOCSWINSZ,
                            struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(argv[0], argv, e)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.returncode = None
        self.eof = False
        self.out = bytearray()
        STARTED.append(self)

    def poll(self):
        if self.returncode is None:
            try:
                p, st = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
                return self.returncode
            if p:
                self.returncode = os.waitstatus_to_exitcode(st)
        return self.returncode

    def wait(self, timeout=None):
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            if not self.eof:
                self.read(0.005)
            else:
                time.sleep(0.001)
        return self.returncode

    def read(self, timeout):
        """Read what is there (waiting up to timeout); False at the end."""
        if self.eof or self.fd is None:
            return False
        r = select.select([self.fd], [], [], max(0.0, timeout))[0]
        if r:
            try:
                b = os.read(self.fd, 1 << 16)
            except OSError:         # EIO: the terminal's last user is gone
                b = b""
            if not b:
                self.eof = True
                return False
            self.out.extend(b)
        return True

    def pump(self, seconds):
        """Keep reading for that long (the program must never block on a
        full terminal)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.read(end - time.monotonic()):
            pass

    def read_until(self, cond, deadline_s, what):
        end = time.monotonic() + deadline_s
        while True:
            v = cond()
            if v:
                return v
            if time.monotonic() > end:
                raise BenchError("timed out after %g s waiting for %s"
                                 % (deadline_s, what))
            if not self.read(min(0.05, end - time.monotonic())) and \
                    self.eof:
                v = cond()
                if v:
                    return v
                raise BenchError("%s: the program left its terminal (exit "
                                 "%s)" % (what, self.poll()))

    def write(self, data):
        os.write(self.fd, data)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# What a terminal does not print: CSI, OSC, charset selections, ESC x.
ESC_RE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]"
                    rb"|\][^\x07\x1b]*(?:\x07|\x1b\\)"
                    rb"|[ -/]*[0-Z\\^-~])")


def strip_esc(data):
    return ESC_RE.sub(b"", bytes(data))


def safe_mark(buf):
    """len(buf), or where an escape sequence cut by the end of buf starts
    (so that its tail is never taken for text)."""
    n = len(buf)
    k = bytes(buf[-256:]).rfind(b"\x1b")
    if k < 0:
        return n
    k += max(0, n - 256)
    return n if ESC_RE.match(bytes(buf[k:])) else k


def wait_until(cond, deadline_s, what, interval=0.001):
    """Poll cond() until true; returns its value, or raises at the deadline."""
    end = time.monotonic() + deadline_s
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > end:
            raise BenchError("timed out after %g s waiting for %s"
                             % (deadline_s, what))
        if interval:
            time.sleep(interval)


def wait_exit(p, deadline_s, interval=0.0005):
    end = time.monotonic() + deadline_s
    while p.poll() is None:
        if time.monotonic() > end:
            raise BenchError("pid %d did not exit within %g s"
                             % (p.pid, deadline_s))
        time.sleep(interval)
    return time.monotonic()


# ---------------------------------------------------------------------------
# Event logs.

def parse_stamp(s):
    """'2026-11-27 23:48:31.841' or '...,841' (local time) -> epoch."""
    s = s.replace(",", ".")
    base, _, frac = s.partition(".")
    t = time.mktime(time.strptime(base, "%Y-%m-%d %H:%M:%S"))
    return t + float("0." + frac) if frac else t


class LogTail:
    """Follows a log file, feeding complete new lines to a Tracker."""

    def __init__(self, path, tracker):
        self.path = path
        self.tracker = tracker
        self.fd = None
        self.partial = b""
        self.lines = []

    def poll(self):
        if self.fd is None:
            try:
                self.fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return
        while True:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                break
            data = self.partial + chunk
            parts = data.split(b"\n")
            self.partial = parts.pop()
            for raw in parts:
                line = raw.decode("utf-8", "replace")
                self.lines.append(line)
                self.tracker.feed(line)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Tracker:
    """What the event log says: last pid spawned and RUNNING per name."""

    def __init__(self, spawned_re, running_re, running_has_pid):
        self.spawned_re = re.compile(spawned_re)
        self.running_re = re.compile(running_re)
        self.running_has_pid = running_has_pid
        self.spawned = {}       # name -> last pid spawned
        self.running = {}       # name -> pid when it entered RUNNING
        self.nrunning = 0       # RUNNING events seen
        self.spawn_stamp = {}   # name -> epoch of the last spawn line
        self.fresh = []         # names that entered RUNNING, not yet seen

    def feed(self, line):
        m = self.spawned_re.search(line)
        if m:
            self.spawned[m.group(1)] = int(m.group(2))
            try:
                self.spawn_stamp[m.group(1)] = parse_stamp(line[:23])
            except ValueError:
                pass
            return
        m = self.running_re.search(line)
        if m:
            name = m.group(1)
            pid = (int(m.group(2)) if self.running_has_pid
                   else self.spawned.get(name))
            self.running[name] = pid
            self.nrunning += 1
            self.fresh.append(name)


STATUS_RE = re.compile(r"^(\S+)\s+([A-Z]+)\s*(?:pid (\d+))?")


def parse_status(text):
    out = {}
    for line in text.splitlines():
        m = STATUS_RE.match(line)
        if m and m.group(2) in ("RUNNING", "STARTING", "STOPPED", "BACKOFF",
                                "STOPPING", "EXITED", "FATAL", "UNKNOWN"):
            out[m.group(1)] = (m.group(2),
                               int(m.group(3)) if m.group(3) else None)
    return out


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return None


def read_ctx(pid):
    """(context switches of all threads, CPU seconds of all threads)."""
    sw = 0
    cpu_ns = 0
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, t)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches",
                                        "nonvoluntary_ctxt_switches")):
                        sw += int(line.split()[1])
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                cpu_ns += int(f.read().split()[0])
        except OSError:
            pass
    return sw, cpu_ns / 1e9


# ---------------------------------------------------------------------------
# The two supervisors behind one interface.

class Supervisor:
    name = "?"

    def __init__(self, tmp, tag, n):
        self.tmp = tmp
        self.tag = tag
        self.n = n
        self.proc = None
        self.tail = None

    def names(self):
        return ["p%d" % i for i in range(self.n)]

    def start(self):
        self.tracker = self.new_tracker()
        self.tail = LogTail(self.logfile, self.tracker)
        t0 = time.monotonic()
        self.proc = spawn(self.daemon_argv(), self.tag, self.tmp, self.name)
        return t0

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self):
        if not self.alive():
            try:
                with open(os.path.join(self.tmp, self.name + ".stderr"),
                          "rb") as f:
                    f.seek(0, os.SEEK_END)
                    f.seek(max(0, f.tell() - 400))
                    err = f.read().decode("utf-8", "replace").strip()
            except OSError:
                err = ""
            raise BenchError("%s died (exit %s)%s" % (
                self.name, self.proc.returncode,
                (": ..." + err[-400:]) if err else ""))

    def ctl_run(self, args, timeout=120):
        t0 = time.perf_counter()
        r = subprocess.run(self.ctl_argv() + args, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        return time.perf_counter() - t0, r

    def status(self):
        dt, r = self.ctl_run(["status"])
        return dt, parse_status(r.stdout.decode("utf-8", "replace")), r

    def wait_running(self, names, old, deadline_s, interval=0.001):
        """Until every name in names is RUNNING with a pid not in old.
        Each poll looks only at the names the log has said RUNNING since
        the last one: checking all N names every millisecond would take a
        CPU from what is measured."""
        want = set(names)
        self.tail.poll()
        self.tracker.fresh = list(want)

        def done():
            self.tail.poll()
            fresh, self.tracker.fresh = self.tracker.fresh, []
            for nm in fresh:
                pid = self.tracker.running.get(nm)
                if nm in want and pid is not None and pid != old.get(nm):
                    want.discard(nm)
            if not want:
                return True
            if not self.alive():
                self.check_alive()
            return False
        wait_until(done, deadline_s, "%s: %d processes RUNNING"
                   % (self.name, len(names)), interval)
        return time.monotonic()


class Taskmaster(Supervisor):
    name = "taskmaster"

    def __init__(self, tmp, tag, n, d, ctl):
        super().__init__(tmp, tag, n)
        self.d = d
        self.ctl = ctl
        self.conf = os.path.join(tmp, "taskmaster.yaml")
        self.sock = os.path.join(tmp, "tm.sock")
        self.logfile = os.path.join(tmp, "events.log")
        self.tty = None

    def new_tracker(self):
        return Tracker(r" INFO (\S+) spawned with pid (\d+)",
                       r" INFO (\S+) entered RUNNING \(pid (\d+)\)", True)

    def write_config(self, programs):
        """programs: list of (name, dict of keys)."""
        out = ["taskmaster:", "  socket: %s" % self.sock,
               "  logfile: %s" % self.logfile] + \
            getattr(self, "global_lines", []) + ["programs:"]
        for nm, keys in programs:
            out.append("  %s:" % nm)
            for k, v in keys.items():
                out.append("    %s: %s" % (k, v))
        with open(self.conf + ".new", "w") as f:
            f.write("\n".join(out) + "\n")
        os.rename(self.conf + ".new", self.conf)

    def sleepers(self, changed=()):
        keys = {"starttime": 0, "autorestart": "always"}
        if self.tty is not None:
            keys["tty"] = self.tty
        return [(nm, dict(keys, cmd=SLEEP_CHANGED if nm in changed else SLEEP))
                for nm in self.names()]

    def writer(self, out, size, tty, lines=False):
        cmd = ("sh -c '%s'" % lines_cmd(size) if lines
               else "head -c %d /dev/zero" % size)
        return [("w", {"cmd": cmd,
                       "starttime": 0, "autorestart": "never",
                       "tty": "true" if tty else "false",
                       "stdout": out, "stdout_maxbytes": 0})]

    def daemon_argv(self):
        return [self.d, "-n", "-c", self.conf]

    def ctl_argv(self):
        return [self.ctl, "-s", self.sock]


class Supervisord(Supervisor):
    name = "supervisord"

    def __init__(self, tmp, tag, n, d, ctl):
        super().__init__(tmp, tag, n)
        self.d = d
        self.ctl = ctl
        self.conf = os.path.join(tmp, "supervisord.conf")
        self.sock = os.path.join(tmp, "sv.sock")
        self.logfile = os.path.join(tmp, "supervisord.log")

    def new_tracker(self):
        return Tracker(r" INFO spawned: '([^']+)' with pid (\d+)",
                       r" INFO success: (\S+) entered RUNNING state", False)

    def write_config(self, programs):
        nfds = max(1024, 4 * len(programs) + 256)
        out = ["[supervisord]", "nodaemon=true",
               "logfile=%s" % self.logfile, "logfile_maxbytes=0",
               "pidfile=%s" % os.path.join(self.tmp, "supervisord.pid"),
               "childlogdir=%s" % self.tmp, "loglevel=info",
               "user=%s" % pwd_name(),
               "minfds=%d" % nfds, "minprocs=%d" % (len(programs) + 256),
               "", "[unix_http_server]", "file=%s" % self.sock, "",
               "[rpcinterface:supervisor]",
               "supervisor.rpcinterface_factory = "
               "supervisor.rpcinterface:make_main_rpcinterface", "",
               "[supervisorctl]", "serverurl=unix://%s" % self.sock, ""]
        for nm, keys in programs:
            out.append("[program:%s]" % nm)
            for k, v in keys.items():
                out.append("%s=%s" % (k, v))
            out.append("")
        with open(self.conf + ".new", "w") as f:
            f.write("\n".join(out))
        os.rename(self.conf + ".new", self.conf)

    def sleepers(self, changed=()):
        return [(nm, {"command": SLEEP_CHANGED if nm in changed else SLEEP,
                      "startsecs": 0, "autorestart": "true",
                      "redirect_stderr": "true", "stdout_logfile": "NONE"})
                for nm in self.names()]

    def writer(self, out, size, tty):
        return [("w", {"command": "head -c %d /dev/zero" % size,
                       "startsecs": 0, "autorestart": "false",
                       "redirect_stderr": "true", "stdout_logfile": out,
                       "stdout_logfile_maxbytes": 0,
                       "stdout_logfile_backups": 0})]

    def daemon_argv(self):
        return [self.d, "-n", "-c", self.conf]

    def ctl_argv(self):
        return [self.ctl, "-c", self.conf]


def pwd_name():
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name


# ---------------------------------------------------------------------------
# Scenarios a, b, c, d, e, g: one daemon with N sleepers, one after another.

def many(kind, bins, args, run_tag, sel, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-" + kind
    try:
        _many(kind, bins, args, tmp, tag, sel, res, notes)
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


def drop(tmp, args):
    """Remove a run's folder, or keep its logs with --keep."""
    if args.keep:
        for root, dirs, files in os.walk(tmp):
            for f in files:
                if f.startswith("out-"):
                    os.unlink(os.path.join(root, f))
        say("  kept %s" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def _many(kind, bins, args, tmp, tag, sel, res, notes):
    n = args.n
    cls = Taskmaster if kind == "tm" else Supervisord
    sv = cls(tmp, tag, n, *bins[kind])
    if kind == "tm":
        sv.tty = args.tty
    sv.write_config(sv.sleepers())

    # (a) start-up: from launching the daemon to N RUNNING lines in its log.
    t0 = sv.start()
    t1 = sv.wait_running(sv.names(), {}, args.deadline, interval=0.001)
    res["a"] = t1 - t0
    say("  %s a: %d RUNNING %.3f s after launch" % (sv.name, n, t1 - t0))

    dt, st, r = sv.status()
    bad = [nm for nm in sv.names() if st.get(nm, ("?",))[0] != "RUNNING"]
    if bad:
        raise BenchError("%s: after start-up %d not RUNNING in status "
                         "(e.g. %s: %s)" % (sv.name, len(bad), bad[0],
                                            st.get(bad[0])))
    for nm in sv.names():
        if st[nm][1] != sv.tracker.running.get(nm):
            notes.append("%s: status pid of %s (%s) differs from the log (%s)"
                         % (sv.name, nm, st[nm][1], sv.tracker.running.get(nm)))
            break

    # (scale) the daemon's RSS once settled, for the RSS per process.
    if "r" in sel:
        res["rss"], _ = settle(sv, args.deadline)

    # (b) status wall time, the client's whole run included.
    if "b" in sel:
        times = []
        for _ in range(args.status_calls):
            dt, r = sv.ctl_run(["status"])
            lines = [ln for ln in r.stdout.decode().splitlines()
                     if " RUNNING " in ln]
            if len(lines) != n:
                raise BenchError("%s status printed %d RUNNING lines, not %d "
                                 "(rc %d, stderr %r)" % (
                                     sv.name, len(lines), n, r.returncode,
                                     r.stderr[-300:]))
            times.append(dt)
        res["b"] = times
        say("  %s b: status median %.1f ms (min %.1f, max %.1f)" % (
            sv.name, 1000 * statistics.median(times), 1000 * min(times),
            1000 * max(times)))

    # (c) idle: context switches (= wakeups) and CPU over the window.
    if "c" in sel:
        sv.check_alive()
        time.sleep(1.0)     # let the last status calls' work finish
        s0, c0 = read_ctx(sv.proc.pid)
        w0 = time.monotonic()
        time.sleep(args.idle)
        s1, c1 = read_ctx(sv.proc.pid)
        w1 = time.monotonic()
        sv.check_alive()
        res["c_rss"] = rss_mib(sv.proc.pid)
        res["c_wake"] = (s1 - s0) / (w1 - w0)
        res["c_cpu"] = 100.0 * (c1 - c0) / (w1 - w0)
        say("  %s c: %.2f wakeups/s, %.3f %% CPU over %.1f s idle" % (
            sv.name, res["c_wake"], res["c_cpu"], w1 - w0))

    # (d) kill -9 of a RUNNING process to its replacement RUNNING.
    if "d" in sel:
        times = []
        for i in range(args.kills):
            nm = "p%d" % ((i * 7 + 1) % n)
            sv.tail.poll()
            old = sv.tracker.running.get(nm)
            if old is None or proc_state(old) in (None, "Z"):
                raise BenchError("%s: %s has no live RUNNING pid" % (sv.name,
                                                                   nm))
            ensure_ours(old, tag)
            t0 = time.monotonic()
            os.kill(old, signal.SIGKILL)
            t1 = sv.wait_running([nm], {nm: old}, 30, interval=0.0001)
            times.append(t1 - t0)
        res["d"] = times
        say("  %s d: kill -9 to RUNNING median %.2f ms (%s)" % (
            sv.name, 1000 * statistics.median(times),
            ", ".join("%.2f" % (1000 * t) for t in times)))

    # (e) reload with 3 programs' cmd changed.
    if "e" in sel:
        e_reload(sv, res, notes, args)

    # (g) shutdown: from launching the client until the daemon has exited.
    if "g" in sel:
        dt, st, r = sv.status()
        bad = [nm for nm in sv.names() if st.get(nm, ("?",))[0] != "RUNNING"]
        if bad:
            raise BenchError("%s: before shutdown %d not RUNNING"
                             % (sv.name, len(bad)))
        pids = [st[nm][1] for nm in sv.names()]
        t0 = time.monotonic()
        c = subprocess.Popen(sv.ctl_argv() + ["shutdown"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        t1 = wait_exit(sv.proc, args.deadline)
        out = c.communicate(timeout=60)[0]
        res["g"] = t1 - t0
        alive = set(tagged_pids(tag))
        left = [p for p in pids if p in alive]
        if left:
            notes.append("%s: %d processes still alive after the daemon "
                         "exited on shutdown" % (sv.name, len(left)))
        if sv.proc.returncode != 0:
            notes.append("%s exited with %s on shutdown" % (
                sv.name, sv.proc.returncode))
        say("  %s g: shutdown %.3f s (client rc %s: %s)" % (
            sv.name, t1 - t0, c.returncode, out.decode().strip()[:60]))
    else:
        sv.ctl_run(["shutdown"])
        wait_exit(sv.proc, args.deadline)
    sv.tail.close()


def ensure_ours(pid, tag):
    with open("/proc/%d/environ" % pid, "rb") as f:
        if (TAG_VAR + "=" + tag).encode() not in f.read().split(b"\0"):
            raise BenchError("pid %d is not one of ours" % pid)


def is_reload_summary(line):
    return "config reloaded" in line or ("reload" in line and
                                         "unchanged" in line)


def e_reload(sv, res, notes, args):
    n = args.n
    changed = ["p%d" % i for i in sorted({2, n // 2, n - 3}) if i < n]
    sv.check_alive()
    dt, before, r = sv.status()
    if len(before) != n or any(v[0] != "RUNNING" for v in before.values()):
        raise BenchError("%s: not all RUNNING before the reload" % sv.name)
    old = {nm: before[nm][1] for nm in changed}
    sv.write_config(sv.sleepers(changed=set(changed)))
    sv.tail.poll()
    mark = len(sv.tail.lines)
    if sv.name == "taskmaster":
        t0 = time.monotonic()
        os.kill(sv.proc.pid, signal.SIGHUP)
        t1 = sv.wait_running(changed, old, 60, interval=0.0002)
        res["e"] = t1 - t0
        def summary():
            sv.tail.poll()
            for line in sv.tail.lines[mark:]:
                if is_reload_summary(line):
                    return line[24:]
        res["e_line"] = wait_until(summary, 30, "taskmaster's reload summary")
    else:
        t0 = time.monotonic()
        dt, r = sv.ctl_run(["update"])
        tu = time.monotonic()
        t1 = sv.wait_running(changed, old, 60, interval=0.0002)
        res["e"] = t1 - t0
        res["e_update"] = tu - t0
    dt, after, r = sv.status()
    same = sum(1 for nm in sv.names() if nm not in changed
               and after.get(nm, (None, None))[1] == before[nm][1])
    renewed = sum(1 for nm in changed if after.get(nm, ("", None))[0] ==
                  "RUNNING" and after[nm][1] != before[nm][1])
    nrun = sum(1 for v in after.values() if v[0] == "RUNNING")
    res["e_same"] = same
    say("  %s e: reload %.1f ms%s; %d/%d others same pid, %d/%d changed "
        "renewed, %d RUNNING" % (
            sv.name, 1000 * res["e"],
            (" (supervisorctl update returned after %.1f ms)"
             % (1000 * res["e_update"])) if "e_update" in res else "",
            same, n - len(changed), renewed, len(changed), nrun))
    if renewed != len(changed) or nrun != n:
        notes.append("%s reload: %d of %d changed programs renewed, %d of %d "
                     "RUNNING afterwards" % (sv.name, renewed, len(changed),
                                             nrun, n))

    # SIGHUP to the daemon with the config just applied: which pids change?
    if args.sighup:
        before = after
        sv.tail.poll()
        mark = len(sv.tail.lines)
        old = {nm: before[nm][1] for nm in sv.names()}
        t0 = time.monotonic()
        os.kill(sv.proc.pid, signal.SIGHUP)
        if sv.name == "taskmaster":
            # Nothing changed: wait for the reload summary line.
            def reloaded():
                sv.tail.poll()
                sv.check_alive()
                return any(is_reload_summary(ln)
                           for ln in sv.tail.lines[mark:])
            wait_until(reloaded, 30, "taskmaster's reload line", 0.001)
        else:
            def all_back():
                sv.tail.poll()
                sv.check_alive()
                return sum(1 for nm in sv.names()
                           if sv.tracker.running.get(nm) not in (None,
                                                                 old[nm])) \
                    == n
            wait_until(all_back, args.deadline, "supervisord respawning "
                       "all after SIGHUP", 0.001)
        t1 = time.monotonic()
        # Every process must be RUNNING again (status settles it).
        def settled():
            d, st, r = sv.status()
            return st if (len(st) == n and all(v[0] == "RUNNING"
                                               for v in st.values())) \
                else None
        after = wait_until(settled, args.deadline, "all RUNNING after SIGHUP",
                           0.1)
        res["hup_respawned"] = sum(1 for nm in sv.names()
                                   if after[nm][1] != old[nm])
        res["hup_time"] = t1 - t0
        say("  %s e': SIGHUP with nothing changed respawned %d of %d "
            "(%.3f s)" % (sv.name, res["hup_respawned"], n, t1 - t0))


# ---------------------------------------------------------------------------
# (f) 1 GiB through one child's stdout.

RAWREAD_C = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* rawread pty|pipe|splice OUT SIZE CMD...: run CMD with its stdout on a
 * pty (the same termios as taskmaster's) or a pipe, copy all of it into
 * OUT (splice: pipe to file by splice(2), the kernel's floor), print the
 * bytes, the seconds from fork to the last byte written, and the
 * reader's own CPU seconds (user + system). */
static char buf[128 * 1024];

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct termios tio;
	struct winsize ws = { 24, 80, 0, 0 };
	long long size, total = 0;
	struct rusage ru;
	int pty, spl, out, rfd, wfd, pfd[2], done = 0;
	pid_t pid;
	ssize_t n, w, off;

	if (argc < 5)
		return 2;
	pty = strcmp(argv[1], "pty") == 0;
	spl = strcmp(argv[1], "splice") == 0;
	size = atoll(argv[3]);
	/* splice(2) refuses O_APPEND. */
	out = open(argv[2], O_WRONLY|O_CREAT|O_TRUNC|(spl ? 0 : O_APPEND), 0644);
	if (out == -1) { perror(argv[2]); return 1; }
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pty) {
		rfd = posix_openpt(O_RDWR|O_NOCTTY);
		if (rfd == -1 || grantpt(rfd) || unlockpt(rfd)) { perror("pty"); return 1; }
		wfd = open(ptsname(rfd), O_RDWR|O_NOCTTY);
		if (wfd == -1) { perror("slave"); return 1; }
		memset(&tio, 0, sizeof tio);
		tio.c_iflag = ICRNL|IXON|IXANY|IMAXBEL|BRKINT|IUTF8;
		tio.c_oflag = OPOST|ONLCR;
		tio.c_cflag = CS8|CREAD|HUPCL;
		tio.c_lflag = ISIG|ICANON|IEXTEN|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE;
		tio.c_cc[VMIN] = 1;
		cfsetispeed(&tio, B38400);
		cfsetospeed(&tio, B38400);
		tcsetattr(wfd, TCSANOW, &tio);
		ioctl(rfd, TIOCSWINSZ, &ws);
	} else {
		if (pipe(pfd)) { perror("pipe"); return 1; }
		rfd = pfd[0];
		wfd = pfd[1];
	}
	pid = fork();
	if (pid == 0) {
		setsid();
		if (pty)
			ioctl(wfd, TIOCSCTTY, 0);
		dup2(wfd, 1);
		dup2(wfd, 2);
		close(wfd);
		close(rfd);
		close(out);
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	close(wfd);
	for (;;) {
		if (spl) {
			n = splice(rfd, NULL, out, NULL, 1 << 20, SPLICE_F_MOVE);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			total += n;
			if (!done && total >= size) {
				clock_gettime(CLOCK_MONOTONIC, &t1);
				done = 1;
			}
			continue;
		}
		n = read(rfd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, n - off);
			if (w == -1) { perror("write"); return 1; }
		}
		total += n;
		if (!done && total >= size) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			done = 1;
		}
	}
	waitpid(pid, NULL, 0);
	if (!done)
		clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	printf("%lld %.6f %.6f\n", total, (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_utime.tv_sec +
	    ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	    ru.ru_stime.tv_usec / 1e6);
	return 0;
}
"""

SPAWNREF_C = r"""
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* spawnref N CMD...: start N copies of CMD the cheapest usual way (vfork,
 * exec, a close-on-exec pipe read to know the exec happened), print the
 * seconds it took, then SIGTERM each one's process group, as a supervisor
 * stops them, and print the seconds until all are reaped. */
int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int n, i, p[2];
	pid_t *pids;
	char c;

	if (argc < 3)
		return 2;
	n = atoi(argv[1]);
	pids = calloc(n, sizeof *pids);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (pipe2(p, O_CLOEXEC)) { perror("pipe2"); break; }
		pids[i] = vfork();
		if (pids[i] == 0) {
			setsid();
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		close(p[1]);
		while (read(p[0], &c, 1) > 0)
			;
		close(p[0]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f\n", (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(-pids[i], SIGTERM);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f\n", (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
"""


def spawn_reference(args, tag):
    """Seconds a minimal C program takes to start N sleeps, and to stop
    them all (SIGTERM, reaped), or (None, None)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None, None
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    try:
        src = os.path.join(tmp, "spawnref.c")
        exe = os.path.join(tmp, "spawnref")
        with open(src, "w") as f:
            f.write(SPAWNREF_C)
        if subprocess.run([cc, "-O2", "-o", exe, src]).returncode != 0:
            return None, None
        env = dict(os.environ)
        env[TAG_VAR] = tag
        r = subprocess.run([exe, str(args.n)] + SLEEP.split(),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           env=env, timeout=args.deadline * 2)
        spawn, stop = r.stdout.split()[:2]
        return float(spawn), float(stop)
    finally:
        try:
            kill_all(tag)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


RAWREAD_PY = r"""
import os, sys, time, termios, tty
mode, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmd = sys.argv[4:]
fo = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
t0 = time.monotonic()
if mode == "pty":
    r, w = os.openpty()
    a = termios.tcgetattr(w)
    a[0] = termios.ICRNL | termios.IXON | termios.IXANY | termios.IMAXBEL | termios.BRKINT | termios.IUTF8
    a[1] = termios.OPOST | termios.ONLCR
    termios.tcsetattr(w, termios.TCSANOW, a)
else:
    r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    os.dup2(w, 1); os.dup2(w, 2)
    os.execvp(cmd[0], cmd)
os.close(w)
total, t1 = 0, None
while True:
    try:
        b = os.read(r, 131072)
    except OSError:
        break
    if not b:
        break
    mv = memoryview(b)
    while mv:
        mv = mv[os.write(fo, mv):]
    total += len(b)
    if t1 is None and total >= size:
        t1 = time.monotonic()
os.waitpid(pid, 0)
print(total, (t1 or time.monotonic()) - t0)
"""


def build_rawread(tmp):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc:
        src = os.path.join(tmp, "rawread.c")
        exe = os.path.join(tmp, "rawread")
        with open(src, "w") as f:
            f.write(RAWREAD_C)
        r = subprocess.run([cc, "-O2", "-o", exe, src],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode == 0:
            return [exe], "C"
        say("  (cc failed, using the Python reader: %s)" % r.stdout[-200:])
    src = os.path.join(tmp, "rawread.py")
    with open(src, "w") as f:
        f.write(RAWREAD_PY)
    return [sys.executable, src], "Python"


# f's text lines: 64 bytes each, the file gets "\n" back for the pty's "\r\n".
F_LINE = "line of text output, sixty-four bytes each, as a log would have"


def lines_cmd(size):
    return "yes %s | head -c %d" % (F_LINE, size)


def f_one(kind, tty, bins, args, tmp, tag, lines=False):
    """MB/s of one daemon copying args.size bytes of a child to a file."""
    out = os.path.join(tmp, "out-%s-%s" % (kind, "pty" if tty else "pipe"))
    sub = tempfile.mkdtemp(dir=tmp)
    cls = Taskmaster if kind == "tm" else Supervisord
    sv = cls(sub, tag, 1, *bins[kind])
    sv.write_config(sv.writer(out, args.size, tty, lines) if lines
                    else sv.writer(out, args.size, tty))
    t_launch = time.time()
    sv.start()

    def spawned():
        sv.tail.poll()
        sv.check_alive()
        return sv.tracker.spawn_stamp.get("w")
    t0 = wait_until(spawned, 60, "%s: the writer spawned" % sv.name, 0.001)
    if abs(t0 - t_launch) > 60:        # log in another time zone: fall back
        t0 = t_launch

    def full():
        try:
            return os.stat(out).st_size >= args.size
        except FileNotFoundError:
            return False
    wait_until(full, args.deadline * 5, "%s: %s full" % (sv.name, out),
               0.001)
    t1 = time.time()
    cpu = read_ctx(sv.proc.pid)[1]
    size = os.stat(out).st_size
    os.unlink(out)
    sv.ctl_run(["shutdown"])
    wait_exit(sv.proc, args.deadline)
    sv.tail.close()
    if size != args.size:
        raise BenchError("%s wrote %d bytes, not %d" % (sv.name, size,
                                                        args.size))
    return args.size / (t1 - t0) / 1e6, cpu


def f_raw(mode, reader, args, tmp, tag, lines=False):
    out = os.path.join(tmp, "out-raw-" + mode)
    env = dict(os.environ)
    env[TAG_VAR] = tag
    want = args.size
    cmd = ["head", "-c", str(args.size), "/dev/zero"]
    if lines:
        # The reader keeps the pty's bytes: a "\r" more a line.
        want += args.size // (len(F_LINE) + 1)
        cmd = ["sh", "-c", lines_cmd(args.size)]
    r = subprocess.run(reader + [mode, out, str(want)] + cmd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       env=env, timeout=args.deadline * 5)
    size = os.stat(out).st_size
    os.unlink(out)
    fields = r.stdout.split()
    total, secs = fields[0], fields[1]
    if size != want or int(total) != want:
        raise BenchError("raw %s reader got %s bytes" % (mode, total))
    cpu = float(fields[2]) if len(fields) > 2 else None
    # MB/s of the payload, as for taskmaster's file (no "\r" counted).
    return args.size / float(secs) / 1e6, cpu


def scen_f(bins, args, run_tag, res):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-f"
    try:
        reader, lang = build_rawread(tmp)
        res["f_reader"] = lang
        res["f_raw_pty"], res["f_raw_pty_cpu"] = f_raw("pty", reader,
                                                       args, tmp, tag)
        res["f_tm_pty"], res["f_tm_pty_cpu"] = f_one("tm", True, bins, args,
                                                     tmp, tag)
        res["f_raw_ptyl"], res["f_raw_ptyl_cpu"] = f_raw("pty", reader,
                                                         args, tmp, tag, True)
        res["f_tm_ptyl"], res["f_tm_ptyl_cpu"] = f_one("tm", True, bins,
                                                       args, tmp, tag, True)
        res["f_raw_pipe"], res["f_raw_pipe_cpu"] = f_raw("pipe", reader,
                                                         args, tmp, tag)
        if lang == "C":
            res["f_raw_splice"], res["f_raw_splice_cpu"] = f_raw(
                "splice", reader, args, tmp, tag)
        res["f_tm_pipe"], res["f_tm_pipe_cpu"] = f_one("tm", False, bins,
                                                       args, tmp, tag)
        if "sv" in bins:
            res["f_sv_pipe"], res["f_sv_pipe_cpu"] = f_one("sv", False, bins,
                                                           args, tmp, tag)
        res["f_pty_ratio"] = res["f_tm_pty"] / res["f_raw_pty"]
        res["f_ptyl_ratio"] = res["f_tm_ptyl"] / res["f_raw_ptyl"]
        res["f_pipe_ratio"] = res["f_tm_pipe"] / res["f_raw_pipe"]
        say("  f: MB/s  taskmaster pipes %.0f (daemon CPU %.2f s), pty %.0f "
            "(%.2f s) | supervisord %s | minimal reader pty %.0f, pipe %.0f"
            % (res["f_tm_pipe"], res["f_tm_pipe_cpu"], res["f_tm_pty"],
               res["f_tm_pty_cpu"],
               "%.0f (%.2f s)" % (res["f_sv_pipe"], res["f_sv_pipe_cpu"])
               if "f_sv_pipe" in res else "n/a",
               res["f_raw_pty"], res["f_raw_pipe"]))
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


# ---------------------------------------------------------------------------
# (h) the daemon's memory per process: silent, then with full scrollbacks.

H_LINES = 2000          # lines each process of h2 prints
H_SCROLLBACK = 1000     # h2's scrollback
H_ROWS = 24             # the default tty_size is 80x24
H_LINE = "line of output number %d"


def vm_kib(pid, key="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def settle(sv, deadline_s, still=1.0, step=0.05):
    """Wait until the daemon has neither woken up nor changed its RSS for
    `still` seconds (it then has nothing left to do: idle, it never wakes
    up, see c). Returns (RSS KiB, seconds it took)."""
    t0 = time.monotonic()
    last, since = None, t0
    while True:
        sv.check_alive()
        cur = (read_ctx(sv.proc.pid)[0], vm_kib(sv.proc.pid))
        now = time.monotonic()
        if cur != last:
            last, since = cur, now
        elif now - since >= still:
            return cur[1], since - t0
        if now - t0 > deadline_s:
            raise BenchError("%s: RSS or wakeups still changing after %g s"
                             % (sv.name, deadline_s))
        time.sleep(step)


def h_base(bins, args, tmp, tag):
    """RSS (KiB) of a settled daemon with no program at all."""
    sv = h_daemon(bins, args, tmp, tag, [])
    wait_until(lambda: sv.check_alive() or
               sv.ctl_run(["pid"])[1].returncode == 0, 30,
               "taskmaster answering with no program", 0.01)
    rss, _ = settle(sv, args.deadline)
    h_stop(sv, args)
    return rss


def h_daemon(bins, args, tmp, tag, programs):
    sub = tempfile.mkdtemp(dir=tmp)
    sv = Taskmaster(sub, tag, len(programs), *bins["tm"])
    sv.write_config(programs)
    sv.start()
    return sv


def h_stop(sv, args):
    sv.ctl_run(["shutdown"])
    wait_exit(sv.proc, args.deadline)
    sv.tail.close()


def scen_h(bins, args, run_tag, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-h"
    n = args.n
    names = ["p%d" % i for i in range(n)]
    try:
        # The base: a daemon with no program at all.
        res["h_base"] = h_base(bins, args, tmp, tag)

        # h1: N silent sleeps.
        sv = h_daemon(bins, args, tmp, tag, [
            (nm, {"cmd": SLEEP, "starttime": 0, "autorestart": "always"})
            for nm in names])
        sv.wait_running(names, {}, args.deadline)
        res["h1_rss"], res["h1_settle"] = settle(sv, args.deadline)
        res["h1"] = (res["h1_rss"] - res["h_base"]) / n
        h_stop(sv, args)
        say("  h1: %d sleeps: RSS %.0f KiB, with no program %.0f KiB: %.1f "
            "KiB per process (settled %.1f s after the last RUNNING)"
            % (n, res["h1_rss"], res["h_base"], res["h1"], res["h1_settle"]))

        # h2: N processes of H_LINES lines each, then a sleep.
        script = os.path.join(tmp, "lines.sh")
        with open(script, "w") as f:
            f.write('seq 1 %d | sed "s/^/%s /"; exec %s\n' % (
                H_LINES, H_LINE.replace(" %d", ""), SLEEP))
        sv = h_daemon(bins, args, tmp, tag, [
            (nm, {"cmd": "sh " + script, "starttime": 0,
                  "autorestart": "always", "scrollback": H_SCROLLBACK})
            for nm in names])
        t0 = time.monotonic()
        sv.wait_running(names, {}, args.deadline)
        pids = [sv.tracker.running[nm] for nm in names]

        # Every process has written all its lines when its sh has exec'd
        # the sleep (sh waits for the whole pipeline first).
        def comm(pid):
            try:
                with open("/proc/%d/comm" % pid) as f:
                    return f.read().strip()
            except OSError:
                return None

        def all_written():
            sv.check_alive()
            return all(comm(p) == "sleep" for p in pids)
        wait_until(all_written, args.deadline * 3,
                   "h2: every writer done", 0.05)
        t1 = time.monotonic()
        cpu1 = read_ctx(sv.proc.pid)[1]
        # Then the daemon has read and parsed it all when it goes idle.
        res["h2_rss"], res["h2_settle"] = settle(sv, args.deadline)
        res["h2_written"] = t1 - t0
        res["h2_hwm"] = vm_kib(sv.proc.pid, "VmHWM")
        res["h2_cpu"] = read_ctx(sv.proc.pid)[1]
        res["h2_cpu_after"] = res["h2_cpu"] - cpu1
        res["h2"] = (res["h2_rss"] - res["h_base"]) / n
        say("  h2: %d x %d lines: RSS %.0f KiB (peak %.0f): %.1f KiB per "
            "process (written in %.1f s, idle %.1f s later; daemon CPU "
            "%.1f s, %.1f s of it after the writers)" % (
                n, H_LINES, res["h2_rss"], res["h2_hwm"], res["h2"],
                res["h2_written"], res["h2_settle"], res["h2_cpu"],
                res["h2_cpu_after"]))

        # Off the clock: every screen must end with the last line, and a
        # few scrollbacks must hold exactly the lines expected.
        last = H_LINE % H_LINES
        bad = []
        for nm in names:
            dt, r = sv.ctl_run(["tail", "-n", "1", nm])
            got = r.stdout.decode("utf-8", "replace").strip()
            if got != last:
                bad.append("%s: %r" % (nm, got[:60]))
        on_screen = H_ROWS - 1
        want_n = min(H_SCROLLBACK, H_LINES - on_screen) + on_screen
        want_first = H_LINE % (H_LINES - want_n + 1)
        for nm in sorted({names[0], names[n // 2], names[-1]}):
            dt, r = sv.ctl_run(["tail", "-n", "1000000", nm])
            lines = r.stdout.decode("utf-8", "replace").splitlines()
            if len(lines) != want_n or lines[0] != want_first:
                bad.append("%s: tail gave %d lines from %r (expected %d "
                           "from %r)" % (nm, len(lines), lines[:1], want_n,
                                         want_first))
        res["h2_after_check"] = vm_kib(sv.proc.pid)
        if bad:
            notes.append("h2: %d screens or scrollbacks not as expected "
                         "(%s)" % (len(bad), "; ".join(bad[:3])))
        grown = res["h2_after_check"] - res["h2_rss"]
        if grown > 64 * n / 1000:
            notes.append("h2: RSS grew by %d KiB during the tail checks "
                         "(was something left to parse?)" % grown)
        h_stop(sv, args)
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


# ---------------------------------------------------------------------------
# --scale: a, b, g and the RSS per silent process at several N, next to
# the minimal spawner (and its stop) at the same N. taskmaster only.

def scale_tty(args, n):
    """The sleepers' tty: --tty, else true while the system's ptys allow
    n more (a few dozen kept for everything else), false beyond."""
    if args.tty:
        return args.tty
    try:
        with open("/proc/sys/kernel/pty/max") as f:
            most = int(f.read())
        with open("/proc/sys/kernel/pty/nr") as f:
            used = int(f.read())
    except (OSError, ValueError):
        return "true"
    return "true" if n + 64 <= most - used else "false"


def scen_scale(bins, args, run_tag, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-base"
    try:
        base = h_base(bins, args, tmp, tag)
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    for n in args.scale:
        a = argparse.Namespace(**vars(args))
        a.n = n
        a.tty = scale_tty(args, n)
        r = res[n] = {"tty": a.tty, "base": base}
        r["spawn"], r["stop"] = spawn_reference(a, "%s-ref%d" % (run_tag, n))
        assert_clean()
        say("  N = %d (tty: %s): minimal spawner %s s, its stop %s s" % (
            n, a.tty, "—" if r["spawn"] is None else "%.3f" % r["spawn"],
            "—" if r["stop"] is None else "%.3f" % r["stop"]))
        r["tm"] = {}
        many("tm", bins, a, "%s-s%d" % (run_tag, n), set("abgr"), r["tm"],
             notes)
        r["rss_per"] = (r["tm"]["rss"] - base) / n
        say("  N = %d: RSS %.0f KiB, with no program %.0f: %.2f KiB per "
            "process" % (n, r["tm"]["rss"], base, r["rss_per"]))


# ---------------------------------------------------------------------------
# (i) attach: from launching taskmasterctl attach on a 200x50 terminal to
# the whole 200x50 screen painted.

I_COLS, I_ROWS = 200, 50


def i_rows():
    """50 distinct rows of exactly 200 characters."""
    alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    rows = []
    for k in range(1, I_ROWS + 1):
        head = "row %02d " % k
        rows.append(head + "".join(alpha[(7 * k + j) % len(alpha)]
                                   for j in range(I_COLS - len(head))))
    return rows


CSI_RE = re.compile(rb"\x1b\[([0-9;?]*)([@-~])|\x1b[^\[]|([\x20-\x7e]+)",
                    re.S)


def paint(data, cols, rows):
    """The screen a terminal shows after data (the sequences a repaint
    uses: CUP, ED, EL, text; everything else leaves the cells alone)."""
    grid = [[" "] * cols for _ in range(rows)]
    r = c = 0
    for m in CSI_RE.finditer(data):
        if m.group(3) is not None:
            for ch in m.group(3).decode():
                if c < cols:
                    grid[r][c] = ch
                c += 1
            continue
        if m.group(2) is None:
            continue
        par, fin = m.group(1).decode(), m.group(2)
        if par.startswith("?"):
            continue
        nums = [int(x) if x else 0 for x in par.split(";")] if par else []
        if fin == b"H":
            r = min(rows, max(1, nums[0] if nums else 1)) - 1
            c = min(cols, max(1, nums[1] if len(nums) > 1 else 1)) - 1
        elif fin == b"J" and nums[:1] == [2]:
            grid = [[" "] * cols for _ in range(rows)]
        elif fin == b"K" and nums in ([], [0]):
            for x in range(c, cols):
                grid[r][x] = " "
    return ["".join(row) for row in grid]


def scen_i(bins, args, run_tag, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-i"
    try:
        rows = i_rows()
        screen = os.path.join(tmp, "screen.txt")
        with open(screen, "w") as f:
            f.write("\n".join(rows))        # no newline after the last row
        script = os.path.join(tmp, "screen.sh")
        with open(script, "w") as f:
            f.write("cat %s; exec %s\n" % (screen, SLEEP))
        sv = Taskmaster(tmp, tag, 1, *bins["tm"])
        sv.write_config([("screen", {"cmd": "sh " + script, "starttime": 0,
                                     "tty_size": "%dx%d" % (I_COLS, I_ROWS)})])
        sv.start()
        sv.wait_running(["screen"], {}, 30)

        def drawn():
            sv.check_alive()
            r = sv.ctl_run(["tail", "-n", str(I_ROWS), "screen"])[1]
            return r.stdout.decode().splitlines() == rows
        wait_until(drawn, 30, "the 200x50 screen drawn (tail)", 0.01)

        # The repaint ends with the last row, then the cursor's place.
        done_re = re.compile(re.escape(("\x1b[%d;1H\x1b[0m" % I_ROWS +
                                        rows[-1]).encode()) +
                             rb"(?:\x1b\[[0-9;]*[mK])*\x1b\[\d+;\d+H")
        times, sizes, bad = [], [], []
        env = {"TERM": "xterm-256color"}
        for k in range(args.attaches):
            sv.check_alive()
            t0 = time.perf_counter()
            c = PtyChild([bins["tm"][1], "-s", sv.sock, "attach", "screen"],
                         tag, I_COLS, I_ROWS, tmp, env)
            t1 = None
            end = time.monotonic() + 10
            while t1 is None and time.monotonic() < end:
                if not c.read(end - time.monotonic()):
                    break                   # the client left its terminal
                t = time.perf_counter()
                if done_re.search(c.out):
                    t1 = t
            if t1 is None:
                raise BenchError("attach %d: no full repaint within 10 s "
                                 "(read %d bytes: ...%r)" % (
                                     k + 1, len(c.out), bytes(c.out[-200:])))
            times.append(t1 - t0)
            painted = len(c.out)
            c.write(b"\x1dx")           # Ctrl-] then a key: detach now
            rc = c.wait(10)
            c.close()
            STARTED.remove(c)
            sizes.append(painted)
            out = bytes(c.out)
            if not out.startswith(b"\x1b[?1049h"):
                bad.append("attach %d did not start with the alternate "
                           "screen" % (k + 1))
            if paint(out[:painted], I_COLS, I_ROWS) != rows:
                bad.append("attach %d painted a wrong screen" % (k + 1))
            if rc != 0 or b"\x1b[?1049l" not in out[painted:]:
                bad.append("attach %d: exit %s, terminal %srestored" % (
                    k + 1, rc, "" if b"\x1b[?1049l" in out else "not "))
        if not drawn():
            bad.append("the screen changed after the attaches")
        for b in bad[:5]:
            notes.append("i: " + b)
        res["i"] = times
        res["i_bytes"] = statistics.median(sizes)
        sv.ctl_run(["shutdown"])
        wait_exit(sv.proc, args.deadline)
        sv.tail.close()
        say("  i: attach to a full 200x50 screen painted: median %.2f ms "
            "(min %.2f, max %.2f; %d bytes)" % (
                1000 * statistics.median(times), 1000 * min(times),
                1000 * max(times), res["i_bytes"]))
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


# ---------------------------------------------------------------------------
# (l) status over TCP and TLS vs the UNIX socket, (m) attach over TLS.

LM_PASSWORD = "bench-s3cret"


def lm_daemon(bins, args, tmp, tag, tls):
    """A daemon with N sleepers and the 200x50 screen, listening on a
    loopback port (in TLS or not); returns it and its tcp:// or tls://."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write(LM_PASSWORD + "\n")
    os.chmod(pw, 0o600)
    sv = Taskmaster(tmp, tag, args.n, *bins["tm"])
    sv.global_lines = ["  listen: 127.0.0.1:%d" % port,
                       "  password_file: %s" % pw]
    if tls:
        key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp,
                                                             "cert.pem")
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                            "-nodes", "-days", "2", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", key, "-out", cert],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            raise BenchError("openssl could not make a certificate")
        os.chmod(key, 0o600)
        sv.global_lines += ["  tls:", "    cert: %s" % cert,
                            "    key: %s" % key]
        sv.ca = cert
    screen = os.path.join(tmp, "screen.txt")
    with open(screen, "w") as f:
        f.write("\n".join(i_rows()))
    script = os.path.join(tmp, "screen.sh")
    with open(script, "w") as f:
        f.write("cat %s; exec %s\n" % (screen, SLEEP))
    sv.write_config(sv.sleepers() + [
        ("screen", {"cmd": "sh " + script, "starttime": 0,
                    "tty_size": "%dx%d" % (I_COLS, I_ROWS)})])
    sv.start()
    sv.wait_running(sv.names() + ["screen"], {}, args.deadline)
    return sv, "%s://127.0.0.1:%d" % ("tls" if tls else "tcp", port)


def lm_status(argv, env, n, calls):
    """Wall times of whole status calls (client start-up and handshake
    included); each must list n RUNNING."""
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        r = subprocess.run(argv + ["status"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        times.append(time.perf_counter() - t0)
        got = sum(1 for ln in r.stdout.decode().splitlines()
                  if " RUNNING " in ln)
        if got != n:
            raise BenchError("status over %s: %d RUNNING, expected %d (%s)"
                             % (argv[2], got, n, r.stderr.decode()[-200:]))
    return times


def scen_lm(bins, args, run_tag, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-lm"
    env = dict(os.environ, TASKMASTER_PASSWORD=LM_PASSWORD,
               TERM="xterm-256color")
    try:
        n = args.n + 1
        for tls in (False, True):
            sub = os.path.join(tmp, "tls" if tls else "tcp")
            os.mkdir(sub)
            sv, url = lm_daemon(bins, args, sub, tag, tls)
            ctl = [bins["tm"][1], "-s", url]
            if tls:
                ctl += ["--ca", sv.ca]
            else:
                res["l_unix"] = lm_status([bins["tm"][1], "-s", sv.sock],
                                          env, n, args.status_calls)
            res["l_tls" if tls else "l_tcp"] = lm_status(ctl, env, n,
                                                         args.status_calls)
            if tls:
                res["m"] = lm_attach(ctl, env, tag, sub, args)
            sv.ctl_run(["shutdown"])
            wait_exit(sv.proc, args.deadline)
            sv.tail.close()
        say("  l: status of %d: unix %.1f ms, tcp %.1f ms, tls %.1f ms "
            "(medians)" % (n, 1000 * statistics.median(res["l_unix"]),
                           1000 * statistics.median(res["l_tcp"]),
                           1000 * statistics.median(res["l_tls"])))
        say("  m: attach over TLS, 200x50 painted: median %.2f ms" % (
            1000 * statistics.median(res["m"])))
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


def lm_attach(ctl, env, tag, tmp, args):
    """Attach over TLS until the whole 200x50 screen is painted."""
    rows = i_rows()
    done_re = re.compile(re.escape(("\x1b[%d;1H\x1b[0m" % I_ROWS +
                                    rows[-1]).encode()) +
                         rb"(?:\x1b\[[0-9;]*[mK])*\x1b\[\d+;\d+H")
    times = []
    for k in range(args.attaches):
        t0 = time.perf_counter()
        c = PtyChild(ctl + ["attach", "screen"], tag, I_COLS, I_ROWS, tmp,
                     env)
        t1 = None
        end = time.monotonic() + 10
        while t1 is None and time.monotonic() < end:
            if not c.read(end - time.monotonic()):
                break
            if done_re.search(c.out):
                t1 = time.perf_counter()
        if t1 is None:
            raise BenchError("attach over TLS %d: no full repaint within "
                             "10 s" % (k + 1))
        times.append(t1 - t0)
        c.write(b"\x1dx")
        c.wait(10)
        c.close()
        STARTED.remove(c)
    return times


# ---------------------------------------------------------------------------
# (j) the console's keystroke latency while a program floods its pty.

J_COLS, J_ROWS = 100, 30
# Typed on the command line. Not in anything the console redraws while
# the keys are typed: no digit, : or . (uptime, CPU%, MEM), K M G, no x or
# y (the floods), no letter of the line-drawing set (j k l m n q t u v w x).
J_KEYS = "abcefghiopsrzABCDEFHIJLNOPQRSTUVWZ"
J_FLOODS = [         # kind, the flooding program (none: idle), label
    ("idle", None, "no flood"),
    ("yes", "yes", "short lines (`yes`)"),
    ("zero", "exec tr '\\0' x < /dev/zero",
     "no newline (`tr '\\0' x < /dev/zero`)"),
]


def io_wchar(pid):
    try:
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def j_session(bins, args, tmp, tag, kind, flood, res, notes):
    sub = tempfile.mkdtemp(dir=tmp)
    con = Taskmaster(sub, tag, 0, *bins["tm"])
    progs = []
    if flood:
        cmd = flood
        if " " in flood:
            script = os.path.join(sub, "flood.sh")
            with open(script, "w") as f:
                f.write(flood + "\n")
            cmd = "sh " + script
        progs.append(("flood", {"cmd": cmd, "starttime": 0}))
    progs += [("quiet%d" % i, {"cmd": SLEEP, "starttime": 0})
              for i in range(1, 4)]
    con.write_config(progs)
    con.tracker = con.new_tracker()
    con.tail = LogTail(con.logfile, con.tracker)
    env = {"TERM": "xterm-256color", "XDG_STATE_HOME": sub,
           "XDG_CONFIG_HOME": sub, "LC_ALL": "C.UTF-8"}
    c = PtyChild([bins["console"], "-c", con.conf], tag, J_COLS, J_ROWS, sub,
                 env)
    con.proc = c
    names = [nm for nm, _ in progs]

    def running():
        con.tail.poll()
        return all(con.tracker.running.get(nm) for nm in names)
    c.read_until(running, 30, "j: the console's programs RUNNING")
    c.read_until(lambda: b"RUNNING" in strip_esc(c.out), 10,
                 "j: the console drawn")
    fpid = con.tracker.running.get("flood")
    if fpid:
        def flooding():
            w = io_wchar(fpid)
            return w is not None and w >= 16 << 20
        c.read_until(flooding, 60, "j: the flood under way (16 MiB written)")

    # Open the command line.
    mark = safe_mark(c.out)
    c.write(b":")
    c.read_until(lambda: b":" in strip_esc(c.out[mark:]), 10,
                 "j: the command line opened")
    w0 = io_wchar(fpid) if fpid else None
    cpu0, tw0 = read_ctx(c.pid)[1], time.monotonic()
    lat = []
    for k in range(args.keys):
        c.pump(random.uniform(0.02, 0.08))  # keys at varied moments
        ch = J_KEYS[k % len(J_KEYS)].encode()
        mark = safe_mark(c.out)
        t0 = time.perf_counter()
        c.write(ch)
        end = time.monotonic() + 10
        while True:
            if not c.read(max(0.0, end - time.monotonic())) and c.eof:
                raise BenchError("j: the console left its terminal")
            t = time.perf_counter()
            if ch in strip_esc(c.out[mark:]):
                lat.append(t - t0)
                break
            if time.monotonic() > end:
                raise BenchError("j: %r not echoed within 10 s" % ch)
    cpu1, tw1 = read_ctx(c.pid)[1], time.monotonic()
    w1 = io_wchar(fpid) if fpid else None
    res["j_" + kind] = lat
    res["j_%s_cpu" % kind] = 100.0 * (cpu1 - cpu0) / (tw1 - tw0)
    if w0 is not None and w1 is not None:
        res["j_%s_rate" % kind] = (w1 - w0) / (tw1 - tw0) / 1e6

    # Quit: Esc closes the line (a key within ncurses' ESCDELAY, 25 ms,
    # would make it Alt+key: keep reading 0.2 s), then q, then y.
    c.write(b"\x1b")
    c.pump(0.2)
    mark = safe_mark(c.out)
    c.write(b"q")
    c.read_until(lambda: b"quit?" in strip_esc(c.out[mark:]), 10,
                 "j: the quit question")
    pids = [con.tracker.running[nm] for nm in names]
    t0 = time.monotonic()
    c.write(b"y")
    try:
        rc = c.wait(args.deadline)
    except subprocess.TimeoutExpired:
        raise BenchError("j: taskmaster still running %g s after q, y"
                         % args.deadline)
    res["j_%s_quit" % kind] = time.monotonic() - t0
    c.close()
    STARTED.remove(c)
    con.tail.close()
    if rc != 0:
        notes.append("j (%s): taskmaster exited with %s after q, y"
                     % (kind, rc))
    left = tagged_pids(tag)     # the programs, or anything they started
    if left:
        notes.append("j (%s): %d processes still alive after taskmaster "
                     "quit (%d of its programs)" % (
                         kind, len(left), len(set(left) & set(pids))))
    say("  j (%s): key -> echoed median %.2f ms, max %.2f ms over %d keys; "
        "console CPU %.0f %%%s; quit in %.3f s" % (
            kind, 1000 * statistics.median(lat), 1000 * max(lat), len(lat),
            res["j_%s_cpu" % kind],
            ", flood %.0f MB/s" % res["j_%s_rate" % kind]
            if "j_%s_rate" % kind in res else "", res["j_%s_quit" % kind]))


def scen_j(bins, args, run_tag, res, notes):
    tmp = tempfile.mkdtemp(prefix="tmbench-")
    tag = run_tag + "-j"
    try:
        for kind, flood, label in J_FLOODS:
            j_session(bins, args, tmp, tag, kind, flood, res, notes)
            kill_all(tag)
    finally:
        try:
            kill_all(tag)
        finally:
            drop(tmp, args)
    assert_clean()


# ---------------------------------------------------------------------------
# Set-up: the binaries, the Debian service.

def newest_source():
    newest = 0
    for d in ("src", "include"):
        for root, dirs, files in os.walk(os.path.join(TOP, d)):
            for f in files:
                if f.endswith((".c", ".h")):
                    newest = max(newest, os.stat(os.path.join(root,
                                                              f)).st_mtime)
    for f in ("configure.ac", "Makefile.am", "setup.sh"):
        p = os.path.join(TOP, f)
        if os.path.exists(p):
            newest = max(newest, os.stat(p).st_mtime)
    return newest


def taskmaster_bins(no_build):
    """(taskmasterd, taskmasterctl, taskmaster)."""
    d, c = os.environ.get("TASKMASTERD"), os.environ.get("TASKMASTERCTL")
    if d or c:
        if not (d and c):
            raise BenchError("set both TASKMASTERD and TASKMASTERCTL")
        t = os.environ.get("TASKMASTER") or os.path.join(
            os.path.dirname(os.path.abspath(d)), "taskmaster")
        return os.path.abspath(d), os.path.abspath(c), os.path.abspath(t)
    d = os.path.join(TOP, "build", "taskmasterd")
    c = os.path.join(TOP, "build", "taskmasterctl")
    t = os.path.join(TOP, "build", "taskmaster")
    fresh = all(os.path.exists(p) and os.stat(p).st_mtime >= newest_source()
                for p in (d, c, t))
    if not fresh:
        if no_build:
            raise BenchError("build/ is missing or older than the sources "
                             "(--no-build given)")
        say("building taskmaster: ./setup.sh")
        r = subprocess.run(["./setup.sh"], cwd=TOP)
        if r.returncode != 0 or not os.path.exists(d):
            raise BenchError("./setup.sh failed; or point TASKMASTERD= and "
                             "TASKMASTERCTL= at built binaries")
    return d, c, t


def foreign_supervisords(ours=()):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if any(os.path.basename(a) == b"supervisord" for a in cmd[:2]) \
                and int(d) not in ours and proc_state(int(d)) != "Z":
            out.append(int(d))
    return out


def supervisord_bins():
    d = os.environ.get("SUPERVISORD") or shutil.which("supervisord")
    c = os.environ.get("SUPERVISORCTL") or shutil.which("supervisorctl")
    if not (d and c):
        cmd = "apt-get install -y supervisor"
        if os.getuid() != 0:
            say("supervisord is missing; install it with:\n  sudo " + cmd)
            return None
        say("installing supervisord: " + cmd)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(cmd.split(), env=env)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env)
            r = subprocess.run(cmd.split(), env=env)
        d, c = shutil.which("supervisord"), shutil.which("supervisorctl")
        if r.returncode != 0 or not (d and c):
            say("could not install supervisor; measuring taskmaster alone")
            return None
    # The Debian package starts a system supervisord (from
    # /etc/supervisor/supervisord.conf) where there is an init: it is not
    # what is measured, and it would take CPU, so it is stopped.
    others = foreign_supervisords()
    if others:
        say("a system supervisord is running (pid %s): stopping it so that "
            "it does not disturb the measures" % others)
        if os.getuid() != 0:
            say("  not root: stop it with `sudo service supervisor stop`")
        else:
            if shutil.which("service"):
                subprocess.run(["service", "supervisor", "stop"],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if foreign_supervisords() and \
                    os.path.exists("/etc/supervisor/supervisord.conf"):
                subprocess.run([c, "-c", "/etc/supervisor/supervisord.conf",
                                "shutdown"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            try:
                wait_until(lambda: not foreign_supervisords(), 30,
                           "the system supervisord to stop", 0.1)
                say("  stopped (`service supervisor start` brings it back)")
            except BenchError:
                say("  still running: the figures may be disturbed")
    return d, c


def cpu_busy(window=1.0):
    """Fraction of all CPUs busy over the window (from /proc/stat)."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v[:8]), idle
    t0, i0 = sample()
    time.sleep(window)
    t1, i1 = sample()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)


def wait_quiet(max_wait, limit=0.10):
    """Wait up to max_wait s for 3 s in a row with the CPUs < 10 % busy
    (other work on the machine would distort every figure); returns the
    busy fraction of the last second measured."""
    end = time.monotonic() + max_wait
    calm = 0
    busy = cpu_busy()
    while True:
        calm = calm + 1 if busy < limit else 0
        if calm >= 3 or time.monotonic() > end:
            return busy
        busy = cpu_busy()


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def version_of(argv):
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=30)
        return r.stdout.decode().strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.0f GiB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    distro = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    distro = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return "%s, %d CPUs, %s RAM, %s, Linux %s" % (
        cpu, os.cpu_count() or 0, mem, distro, platform.release())


# ---------------------------------------------------------------------------
# The table.

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def human(size):
    for unit, k in (("GiB", GIB), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= k and size % k == 0:
            return "%d %s" % (size // k, unit)
    return "%d bytes" % size


def build_rows(runs, sel, n, have_sv, size):
    def col(kind, key):
        out = []
        for r in runs:
            v = r.get(kind, {}).get(key)
            if isinstance(v, list):
                out.extend(v)
            elif v is not None:
                out.append(v)
        return med(out)

    def colmax(kind, key):
        out = []
        for r in runs:
            v = r.get(kind, {}).get(key)
            out.extend(v if isinstance(v, list) else
                       [] if v is None else [v])
        return max(out) if out else None

    rows = []   # scenario, tm, sv, ratio, target, met

    def fmt_s(v):
        return "—" if v is None else ("%.3f s" % v)

    def fmt_ms(v):
        return "—" if v is None else ("%.2f ms" % (1000 * v) if v < 0.1
                                      else "%.1f ms" % (1000 * v))

    def ratio_low(tm, sv):      # lower is better: supervisord / taskmaster
        if tm is None or sv is None:
            return "—"
        if tm == 0:
            return "∞" if sv > 0 else "="
        return "%.1f×" % (sv / tm)

    def met(ok):
        return "—" if ok is None else ("met" if ok else "MISSED")

    if "a" in sel:
        tm, sv = col("tm", "a"), col("sv", "a")
        rows.append(["a. start-up: launch → %d RUNNING" % n, fmt_s(tm),
                     fmt_s(sv), ratio_low(tm, sv), "≤ 0.8 s",
                     met(None if tm is None else tm <= 0.8)])
        ref = col("ref", "spawn")
        if ref is not None:
            rows.append(["a. … reference: a minimal C spawner (vfork + exec, "
                         "no pty, no log)", fmt_s(ref), "", "", "", ""])
    if "b" in sel:
        tm, sv = col("tm", "b"), col("sv", "b")
        rows.append(["b. `status` wall time, %d processes" % n, fmt_ms(tm),
                     fmt_ms(sv), ratio_low(tm, sv), "≤ 10 ms",
                     met(None if tm is None else tm <= 0.010)])
    if "c" in sel:
        tm, sv = col("tm", "c_wake"), col("sv", "c_wake")
        rows.append(["c. idle wakeups/s, %d processes" % n,
                     "—" if tm is None else "%.2f /s" % tm,
                     "—" if sv is None else "%.2f /s" % sv,
                     ratio_low(tm, sv), "0 /s",
                     met(None if tm is None else tm == 0)])
        tm, sv = col("tm", "c_cpu"), col("sv", "c_cpu")
        rows.append(["c. idle CPU, %d processes" % n,
                     "—" if tm is None else "%.3f %%" % tm,
                     "—" if sv is None else "%.3f %%" % sv,
                     ratio_low(tm, sv), "—", "—"])
        tm, sv = col("tm", "c_rss"), col("sv", "c_rss")
        rows.append(["c. daemon memory (RSS), %d processes" % n,
                     "—" if tm is None else "%.1f MiB" % tm,
                     "—" if sv is None else "%.1f MiB" % sv,
                     ratio_low(tm, sv), "—", "—"])
    if "d" in sel:
        tm, sv = col("tm", "d"), col("sv", "d")
        rows.append(["d. kill -9 → new pid RUNNING", fmt_ms(tm), fmt_ms(sv),
                     ratio_low(tm, sv), "≤ 5 ms",
                     met(None if tm is None else tm <= 0.005)])
    if "e" in sel:
        tm, sv = col("tm", "e"), col("sv", "e")
        tms, svs = col("tm", "e_same"), col("sv", "e_same")
        ok = None if tm is None else (tm <= 0.050 and
                                      all(r.get("tm", {}).get("e_same") ==
                                          n - 3 for r in runs if "tm" in r))
        rows.append(["e. reload, 3 of %d changed → 3 RUNNING (taskmaster: "
                     "SIGHUP, supervisord: `update`)" % n,
                     fmt_ms(tm), fmt_ms(sv), ratio_low(tm, sv), "≤ 50 ms",
                     met(ok)])
        rows.append(["e. … other pids unchanged",
                     "—" if tms is None else "%d / %d" % (tms, n - 3),
                     "—" if svs is None else "%d / %d" % (svs, n - 3),
                     "", "%d / %d" % (n - 3, n - 3),
                     met(None if tms is None else tms == n - 3)])
        svu = col("sv", "e_update")
        if svu is not None:
            rows.append(["e. … `supervisorctl update` returned after", "",
                         fmt_ms(svu), "", "", ""])
        tmh, svh = col("tm", "hup_respawned"), col("sv", "hup_respawned")
        if tmh is not None or svh is not None:
            rows.append(["e. SIGHUP with the config unchanged: pids "
                         "respawned",
                         "—" if tmh is None else "%d / %d" % (tmh, n),
                         "—" if svh is None else "%d / %d (in %.1f s)" % (
                             svh, n, col("sv", "hup_time")),
                         "", "0", met(None if tmh is None else tmh == 0)])
    if "f" in sel:
        tp, tt = col("f", "f_tm_pipe"), col("f", "f_tm_pty")
        sp = col("f", "f_sv_pipe")
        rp, rpp = col("f", "f_raw_pty"), col("f", "f_raw_pipe")
        mb = (lambda v: "—" if v is None else "%.0f MB/s" % v)
        rows.append(["f. %s to stdout file, pipes (tty: false)" % human(size), mb(tp),
                     mb(sp), "—" if not (tp and sp) else "%.1f×" % (tp / sp),
                     "≥ 1000 MB/s", met(None if tp is None else tp >= 1000)])
        pr, ppr = col("f", "f_pty_ratio"), col("f", "f_pipe_ratio")
        rows.append(["f. %s to stdout file, pty (tty: true): a flooding "
                     "child on a pty with the screen on vs the raw pty "
                     "limit" % human(size), mb(tt),
                     "n/a (no pty)",
                     "—" if pr is None else "%.0f %% of minimal reader" % (
                         100 * pr),
                     "≥ 90 % of minimal reader (the raw pty limit)",
                     met(None if pr is None else pr >= 0.9)])
        tl, lr = col("f", "f_tm_ptyl"), col("f", "f_ptyl_ratio")
        rows.append(["f. … the same in 64-byte text lines (`yes | head`)",
                     mb(tl), "n/a (no pty)",
                     "—" if lr is None else "%.0f %% of minimal reader" % (
                         100 * lr),
                     "≥ 90 % of minimal reader",
                     met(None if lr is None else lr >= 0.9)])
        tc, tpc = col("f", "f_tm_pipe_cpu"), col("f", "f_tm_pty_cpu")
        sc = col("f", "f_sv_pipe_cpu")
        cs = (lambda v: "—" if v is None else "%.2f s" % v)
        gib = size / float(1 << 30)
        pg = (lambda v: "—" if v is None else "%.2f s" % (v / gib))
        rows.append(["f. … daemon CPU time for it, pipes / pty",
                     "%s / %s" % (cs(tc), cs(tpc)), "%s / —" % cs(sc),
                     ratio_low(tc, sc), "", ""])
        rows.append(["f. … daemon CPU per GiB, pipes / pty / pty lines",
                     "%s / %s / %s" % (pg(tc), pg(tpc),
                                       pg(col("f", "f_tm_ptyl_cpu"))),
                     "%s / —" % pg(sc), "",
                     "pipes ≤ 0.5 s", met(None if tc is None else
                                          tc / gib <= 0.5)])
        rows.append(["f. pipes vs the minimal pipe reader (same run)",
                     "" if ppr is None else "%.0f %%" % (100 * ppr), "", "",
                     "≥ 90 %", met(None if ppr is None else ppr >= 0.9)])
        rows.append(["f. … reference: a minimal reader, pty / pty lines "
                     "/ pipe",
                     "%s / %s / %s" % (mb(rp), mb(col("f", "f_raw_ptyl")),
                                       mb(rpp)), "",
                     "" if ppr is None else
                     "pipes: %.0f %% of minimal reader" % (100 * ppr),
                     "", ""])
        rs, rsc = col("f", "f_raw_splice"), col("f", "f_raw_splice_cpu")
        rows.append(["f. … its CPU per GiB, pty / pty lines / pipe (read "
                     "+ write) / splice(2) (%s)" % mb(rs),
                     "%s / %s / %s / %s" % (pg(col("f", "f_raw_pty_cpu")),
                                            pg(col("f", "f_raw_ptyl_cpu")),
                                            pg(col("f", "f_raw_pipe_cpu")),
                                            pg(rsc)), "", "", "", ""])
    if "g" in sel:
        tm, sv = col("tm", "g"), col("sv", "g")
        rows.append(["g. shutdown with %d running → daemon exited" % n,
                     fmt_s(tm), fmt_s(sv), ratio_low(tm, sv), "≤ 0.3 s",
                     met(None if tm is None else tm <= 0.3)])
    noscreen = "n/a (no screens)"
    kib = (lambda v: "—" if v is None else "%.1f KiB" % v)
    mib = (lambda v: "—" if v is None else "%.1f" % (v / 1024))
    if "h" in sel:
        h1, h2 = col("h", "h1"), col("h", "h2")
        svc = col("sv", "c_rss")
        rows.append(["h. daemon memory per process, %d silent `sleep`s: "
                     "(RSS − RSS with no program) ÷ %d" % (n, n), kib(h1),
                     "%.1f MiB in all (c)" % svc if svc is not None
                     else "n/a (taskmaster only)", "", "≤ 64 KiB",
                     met(None if h1 is None else h1 <= 64)])
        rows.append(["h. … %d processes of %d lines each, scrollback %d, "
                     "every screen on its last line" % (n, H_LINES,
                                                       H_SCROLLBACK),
                     kib(h2), noscreen, "", "≤ 256 KiB",
                     met(None if h2 is None else h2 <= 256)])
        rows.append(["h. … daemon RSS: no program / %d sleeps / %d × %d "
                     "lines (peak)" % (n, n, H_LINES),
                     "%s / %s / %s (%s) MiB" % (
                         mib(col("h", "h_base")), mib(col("h", "h1_rss")),
                         mib(col("h", "h2_rss")), mib(col("h", "h2_hwm"))),
                     "", "", "", ""])
    if "i" in sel:
        tm = col("i", "i")
        rows.append(["i. `taskmasterctl attach` on a 200x50 pty → the whole "
                     "200x50 screen painted (client start-up included)",
                     fmt_ms(tm), noscreen, "", "≤ 20 ms",
                     met(None if tm is None else tm <= 0.020)])
        nb = col("i", "i_bytes")
        rows.append(["i. … slowest attach; bytes of one repaint",
                     "%s; %s" % (fmt_ms(colmax("i", "i")),
                                 "—" if nb is None else "%d" % nb),
                     "", "", "", ""])
    if "j" in sel:
        first = True
        for kind, flood, label in sorted(J_FLOODS, key=lambda f: f[1] is None):
            tm, mx = col("j", "j_" + kind), colmax("j", "j_" + kind)
            if tm is None:
                continue
            if flood is None:
                rows.append(["j. … reference: the same keys, %s, median / "
                             "max" % label,
                             "%s / %s" % (fmt_ms(tm), fmt_ms(mx)), "", "",
                             "", ""])
                continue
            rows.append([("j. console key → shown on its `:` line (100x30), "
                          "a program flooding its pty with %s: median"
                          if first else "j. … flooding with %s: median")
                         % label, fmt_ms(tm), noscreen, "", "≤ 50 ms",
                         met(tm <= 0.050)])
            first = False
            rate, cpu = col("j", "j_%s_rate" % kind), \
                col("j", "j_%s_cpu" % kind)
            rows.append(["j. … slowest key (flood at %s, taskmaster at %s "
                         "CPU)" % ("—" if rate is None else
                                   "%.0f MB/s" % rate,
                                   "—" if cpu is None else "%.0f %%" % cpu),
                         fmt_ms(mx), "", "", "≤ 50 ms", met(mx <= 0.050)])
    if sel & set("lm"):
        for key, label in (("l_unix", "UNIX socket"), ("l_tcp", "TCP"),
                           ("l_tls", "TLS")):
            tm = col("lm", key)
            rows.append(["l. `status` of %d processes over %s (whole call, "
                         "handshake included)" % (n + 1, label),
                         fmt_ms(tm), "n/a (HTTP basic auth, not measured)",
                         "", "", ""])
        tm = col("lm", "m")
        rows.append(["m. attach over TLS → the whole 200x50 screen painted "
                     "(client start-up, TLS and handshake included)",
                     fmt_ms(tm), noscreen, "", "", ""])
    return rows


def scale_rows(runs, scale):
    """a, b, g and RSS per process at each N of --scale."""
    rows = []

    def col(n, key, tm=False):
        out = []
        for r in runs:
            sr = r.get("scale", {}).get(n, {})
            v = (sr.get("tm", {}) if tm else sr).get(key)
            out.extend(v if isinstance(v, list) else [] if v is None else [v])
        return med(out)

    def met(ok):
        return "—" if ok is None else ("met" if ok else "MISSED")

    for n in scale:
        tty = next((r["scale"][n]["tty"] for r in runs
                    if n in r.get("scale", {})), "?")
        a, ref = col(n, "a", True), col(n, "spawn")
        rows.append(["a. launch → %d RUNNING (tty: %s)" % (n, tty),
                     "—" if a is None else "%.3f s" % a, "—",
                     "—" if not (a and ref) else
                     "%.2f× the minimal spawner" % (a / ref),
                     "≤ 1.3× the minimal spawner",
                     met(None if not (a and ref) else a / ref <= 1.3)])
        rows.append(["a. … reference: the minimal C spawner, %d sleeps" % n,
                     "—" if ref is None else "%.3f s" % ref, "", "", "", ""])
        b = col(n, "b", True)
        rows.append(["b. `status` wall time, %d processes" % n,
                     "—" if b is None else "%.2f ms" % (1000 * b), "—", "",
                     "≤ 15 ms" if n >= 10000 else "—",
                     met(None if b is None or n < 10000 else b <= 0.015)])
        g, stop = col(n, "g", True), col(n, "stop")
        rows.append(["g. shutdown, %d running → daemon exited" % n,
                     "—" if g is None else "%.3f s" % g, "—",
                     "—" if not (g and stop) else
                     "%.2f× the minimal stop" % (g / stop),
                     "≤ 0.5 s" if n >= 10000 else "—",
                     met(None if g is None or n < 10000 else g <= 0.5)])
        rows.append(["g. … reference: the minimal C spawner's stop (SIGTERM "
                     "to each group, all reaped), %d" % n,
                     "—" if stop is None else "%.3f s" % stop, "", "", "",
                     ""])
        per = col(n, "rss_per")
        rows.append(["h. daemon RSS per silent process, %d (RSS − RSS with "
                     "no program) ÷ %d" % (n, n),
                     "—" if per is None else "%.2f KiB" % per, "—", "",
                     "≤ 64 KiB", met(None if per is None else per <= 64)])
    return rows


HEAD = ["scenario", "taskmaster", "supervisord", "ratio", "target",
        "taskmaster target"]


def text_table(rows):
    w = [max(len(str(r[i])) for r in rows + [HEAD]) for i in range(6)]
    out = []
    for k, r in enumerate([HEAD] + rows):
        out.append("  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)))
        if k == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)


def md_table(rows):
    out = ["| " + " | ".join(HEAD) + " |",
           "|" + "|".join(["---"] + ["---:"] * 3 + ["---", "---"]) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def raw_section(runs):
    out = []
    for i, r in enumerate(runs, 1):
        out.append("- run %d (before it: CPUs %.0f %% busy, load average "
                   "%.2f):" % (i, 100 * r.get("busy", 0), r.get("load", 0)))
        for kind in ("ref", "tm", "sv", "f", "h", "i", "j", "lm", "scale"):
            if kind not in r:
                continue
            if kind == "scale":
                for n, sr in r[kind].items():
                    out.append("  - N = %d: %s" % (n, "; ".join(
                        "%s=%s" % (k, "%.4g" % v if isinstance(v, float)
                                   else v)
                        for k, v in list(sr.items()) + [
                            ("tm_" + k2, v2) for k2, v2 in
                            sr.get("tm", {}).items()] if k != "tm")))
                continue
            parts = []
            for k, v in r[kind].items():
                if k == "e_line":
                    continue
                if isinstance(v, list):
                    v = "[" + ", ".join("%.4g" % x for x in v) + "]"
                elif isinstance(v, float):
                    v = "%.4g" % v
                parts.append("%s=%s" % (k, v))
            out.append("  - %s: %s" % ({"ref": "reference",
                                          "tm": "taskmaster",
                                          "sv": "supervisord",
                                          "f": "output", "h": "memory (KiB)",
                                          "i": "attach",
                                          "lm": "tcp/tls",
                                          "j": "console"}[kind],
                                         "; ".join(parts)))
    return "\n".join(out)


# ---------------------------------------------------------------------------

def on_signal(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", default=None,
                    help="scenarios to run, e.g. a,b,f (default: all, "
                    "abcdefghij; none with --scale)")
    ap.add_argument("--scale", default=None, metavar="N,N...",
                    help="also measure a, b, g and the RSS per process at "
                    "each N, e.g. 1000,3000,10000 (taskmaster only; tty "
                    "false where the system has too few ptys)")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs of each scenario; medians are shown "
                    "(default 3)")
    ap.add_argument("-n", type=int, default=1000,
                    help="supervised processes in a, b, c, d, e, g, h "
                    "(default 1000)")
    ap.add_argument("--idle", type=float, default=20,
                    help="idle window of c, seconds (default 20)")
    ap.add_argument("--status-calls", type=int, default=10,
                    help="status calls per run in b (default 10)")
    ap.add_argument("--kills", type=int, default=5,
                    help="kills per run in d (default 5)")
    ap.add_argument("--size", type=int, default=GIB,
                    help="bytes written in f (default 1 GiB)")
    ap.add_argument("--attaches", type=int, default=10,
                    help="attaches per run in i (default 10)")
    ap.add_argument("--keys", type=int, default=20,
                    help="keys typed per run in each console of j "
                    "(default 20)")
    ap.add_argument("--tty", choices=("true", "false"),
                    help="taskmaster's tty key for the N sleepers (default: "
                    "not set, so true)")
    ap.add_argument("--load", type=int, default=0, metavar="N",
                    help="run everything next to N busy loops (a competing "
                    "CPU load; default 0: none, and wait for quiet CPUs)")
    ap.add_argument("--quiet-wait", type=float, default=30,
                    help="before each run, wait up to this many seconds for "
                    "the machine to be idle (default 30)")
    ap.add_argument("--no-sighup", dest="sighup", action="store_false",
                    help="skip the SIGHUP-with-nothing-changed check of e")
    ap.add_argument("--no-supervisord", action="store_true",
                    help="measure taskmaster alone")
    ap.add_argument("--no-build", action="store_true",
                    help="never run ./setup.sh")
    ap.add_argument("--keep", action="store_true",
                    help="keep each run's folder (configs, logs) in /tmp")
    ap.add_argument("--deadline", type=float, default=120,
                    help="seconds any one wait may take (default 120)")
    ap.add_argument("--out", default=os.path.join(HERE, "results",
                                                  "latest.md"),
                    help="markdown results (default bench/results/latest.md)")
    args = ap.parse_args()
    try:
        args.scale = [int(x) for x in args.scale.split(",")] \
            if args.scale else []
    except ValueError:
        ap.error("--scale takes numbers: 1000,3000,10000")
    if any(x < 4 for x in args.scale):
        ap.error("--scale: at least 4 processes")
    if args.only is None:
        args.only = "" if args.scale else SCENARIOS
    sel = set(args.only.replace(",", "").replace(" ", "").lower())
    if (not sel and not args.scale) or sel - set(SCENARIOS):
        ap.error("--only takes letters among " + SCENARIOS)
    if args.n < 4:
        ap.error("-n must be at least 4")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    runs = []
    notes = []
    try:
        assert_clean()
        d, c, t = taskmaster_bins(args.no_build)
        bins = {"tm": (d, c), "console": t}
        if "j" in sel and not os.access(t, os.X_OK):
            raise BenchError("%s is missing (j needs it; or TASKMASTER=)"
                             % t)
        if not args.no_supervisord and sel & set("abcdefg"):
            s = supervisord_bins()
            if s:
                bins["sv"] = s
        say("taskmasterd:  %s (%s)" % (bins["tm"][0],
                                      version_of([bins["tm"][0],
                                                  "--version"])))
        if "sv" in bins:
            say("supervisord:  %s (%s)" % (bins["sv"][0], version_of(
                [bins["sv"][0], "--version"])))
        say("machine: " + machine())
        many_sel = sel & set("abcdeg")
        if args.load > 0:
            # A loaded machine is the point: no waiting for quiet CPUs.
            args.quiet_wait = 0
            load_dir = tempfile.mkdtemp(prefix="tmbench-load.")
            load_start(args.load, own_prefix() + "load", load_dir)
            say("competing load: %d busy loops" % args.load)
        for i in range(args.runs):
            run_tag = "%d-%d" % (os.getpid(), i)
            say("run %d/%d" % (i + 1, args.runs))
            busy = wait_quiet(args.quiet_wait)
            res = {"load": loadavg(), "busy": busy}
            runs.append(res)
            if busy >= 0.10 and args.load == 0:
                say("  note: the CPUs were %.0f %% busy with other work "
                    "before this run (load average %.2f): figures may be "
                    "disturbed" % (100 * busy, res["load"]))
            if "a" in sel:
                sp, st = spawn_reference(args, run_tag + "-ref")
                res["ref"] = {"spawn": sp, "stop": st}
                assert_clean()
                if res["ref"]["spawn"] is not None:
                    say("  reference: a minimal C spawner starts %d sleeps "
                        "in %.3f s" % (args.n, res["ref"]["spawn"]))
            if many_sel:
                for kind in ("tm", "sv"):
                    if kind in bins:
                        res[kind] = {}
                        many(kind, bins, args, run_tag, many_sel, res[kind],
                             notes)
            if "f" in sel:
                res["f"] = {}
                scen_f(bins, args, run_tag, res["f"])
            if "h" in sel:
                res["h"] = {}
                scen_h(bins, args, run_tag, res["h"], notes)
            if sel & set("lm"):
                res["lm"] = {}
                scen_lm(bins, args, run_tag, res["lm"], notes)
            for k, fn in (("i", scen_i), ("j", scen_j)):
                if k in sel:
                    # Latencies: wait for quiet CPUs again first.
                    res[k] = {"busy": wait_quiet(args.quiet_wait)}
                    fn(bins, args, run_tag, res[k], notes)
            if args.scale:
                res["scale"] = {}
                scen_scale(bins, args, run_tag, res["scale"], notes)
    except KeyboardInterrupt:
        say("interrupted: cleaning up")
        kill_all()
        return 130
    except BenchError as e:
        say("error: %s" % e)
        kill_all()
        if not any(r.get(k) for r in runs for k in ("tm", "sv", "f", "h",
                                                        "i", "j", "scale")):
            return 1
        notes.append("stopped early: %s" % e)
    finally:
        load_stop()
        kill_all()

    rows = build_rows(runs, sel, args.n, "sv" in bins, args.size)
    rows += scale_rows(runs, args.scale)
    print(text_table(rows))
    for nt in dict.fromkeys(notes):
        print("note: " + nt)
    for r in runs:
        if r.get("tm", {}).get("e_line"):
            print("taskmaster reload summary: " + r["tm"]["e_line"])
            break

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("# taskmaster vs supervisord: latest results\n\n")
        f.write("- date: %s\n" % datetime.datetime.now().strftime(
            "%Y-%m-%d %H:%M"))
        f.write("- machine: %s\n" % machine())
        f.write("- taskmasterd: %s\n" % version_of([bins["tm"][0],
                                                    "--version"]))
        if "sv" in bins:
            f.write("- supervisord: %s\n" % version_of([bins["sv"][0],
                                                        "--version"]))
        f.write("- taskmaster's sleepers: tty %s\n" % (
            args.tty or "true (the default)"))
        f.write("- competing CPU load: %s\n" % (
            "%d busy loops" % args.load if args.load else
            "none (waited for quiet CPUs)"))
        f.write("- command: `python3 bench/run.py %s`\n" % " ".join(
            sys.argv[1:]))
        f.write("- %s, %d run(s), medians; ratio = how many times "
                "better taskmaster is\n\n" % (
                    "%d processes" % args.n if sel else
                    "N = " + ", ".join(map(str, args.scale)), len(runs)))
        f.write(md_table(rows) + "\n\n")
        if notes:
            f.write("Notes:\n\n" + "\n".join("- " + nt for nt in
                                            dict.fromkeys(notes)) + "\n\n")
        f.write("Every run's figures (seconds, MB/s; h in KiB):\n\n" +
                raw_section(runs) + "\n")
    say("written: %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
