#!/usr/bin/env python3
"""Prepare the real supervisord configs of tests/configs/supervisord/ to
run here: each program's command becomes a stand-in that says its name and
sleeps, users are dropped, absolute paths move under a private root, and
the daemon's socket and log are the test's. Then say, for each config,
the process names supervisord gives its autostart programs (its own rules:
sections read with configparser's inline comments, [include] globs,
[group:x], process_name % expansions) and the log files that must appear.

Usage: real-configs.py SRC_DIR T SOCK LOG
Prints one line a config: FILE | NAMES (space-separated) | LOGS
(space-separated PATH=WORD pairs: the file must come to hold WORD) |
"refuse" if supervisord refuses the file for a group naming no program
(where taskmaster is no more lenient), else "run".
"""
import configparser, glob, os, re, socket, sys

src, T, SOCK, LOG = sys.argv[1:5]
CFG = os.path.join(T, "cfg")
PATH_KEYS = {"logfile", "pidfile", "childlogdir", "stdout_logfile",
             "stderr_logfile", "directory", "file"}
KEEP = ("NONE", "AUTO", "syslog")

def root_of(name):
    """The private root of one config and what it includes."""
    return os.path.join(T, "root", name.split("-")[0])

def mapped(value, root):
    """An absolute path under a private root (its folder made)."""
    v = value.strip()
    if not v.startswith("/") or v.startswith("/dev/") or v.startswith("/proc/"):
        return v
    new = root + v
    os.makedirs(os.path.dirname(new) if not v.endswith("/") else new,
                exist_ok=True)
    return new

KEY = re.compile(r"^(\s*)([A-Za-z0-9_.]+)(\s*[=:]\s*)(.*?)(\r?)$")
STANDIN = "sh -c 'echo %(program_name)s started; exec sleep 100000'"
# An event listener's stand-in speaks the protocol and acknowledges all.
LISTENER = "python3 " + os.path.join(os.path.dirname(os.path.abspath(
    __file__)), "listener-ack.py")

def transform(text, root):
    out, section = [], ""
    for line in text.split("\n"):
        m = re.match(r"^\s*\[([^\]]*)\]", line)
        if m:
            section = m.group(1).strip()
            out.append(line)
            continue
        m = KEY.match(line)
        if not m or line.lstrip().startswith((";", "#")):
            out.append(line)
            continue
        ind, key, eq, value, cr = m.groups()
        k = key.lower()
        # The comment after a value, kept as it was.
        cm = re.search(r"\s[;#]", value)
        val, rest = (value[:cm.start()], value[cm.start():]) if cm else (value, "")
        kind = section.split(":")[0]
        if kind in ("program", "fcgi-program") and k == "command":
            val = STANDIN
        elif kind == "eventlistener" and k == "command":
            val = LISTENER
        elif k in ("user", "chown", "socket_owner") or \
                (kind == "inet_http_server" and k == "port"):
            out.append(";" + line)
            continue
        elif k == "startsecs":
            val = "0"
        elif k in PATH_KEYS and val.strip() not in KEEP:
            val = mapped(val, root)
            if k in ("directory", "childlogdir") and val.startswith(root):
                os.makedirs(val, exist_ok=True)
        elif kind == "include" and k == "files":
            val = " ".join(mapped(f, root) for f in val.split())
        out.append(ind + key + eq + val + rest + cr)
    return "\n".join(out)

def names_of(path, env, root):
    """supervisord's process names for the autostart programs of a file."""
    parser = configparser.RawConfigParser(inline_comment_prefixes=(";", "#"),
                                          strict=False, interpolation=None)
    files = [path]
    seen = set()
    while files:
        f = files.pop(0)
        if f in seen:
            continue
        seen.add(f)
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        sub = configparser.RawConfigParser(inline_comment_prefixes=(";", "#"),
                                           strict=False, interpolation=None)
        sub.read_string(text)
        for s in sub.sections():
            if not parser.has_section(s):
                parser.add_section(s)
            for k, v in sub.items(s):
                parser.set(s, k, v)
        if sub.has_option("include", "files"):
            for pat in sub.get("include", "files").split():
                pat = os.path.join(os.path.dirname(f), pat)
                files.extend(sorted(glob.glob(pat)))
    groups = {}
    for s in parser.sections():
        if s.startswith("group:"):
            for prog in parser.get(s, "programs", fallback="").split(","):
                groups.setdefault(prog.strip(), s[6:])
    here = os.path.dirname(path)
    names, logs = [], []
    for s in parser.sections():
        if not s.startswith(("program:", "eventlistener:")):
            continue
        prog = s.split(":", 1)[1]
        get = lambda k, d: parser.get(s, k, fallback=d)
        if get("autostart", "true").lower() in ("false", "no", "off", "0"):
            continue
        group = groups.get(prog, prog)
        base = {"program_name": prog, "group_name": group, "here": here,
                "host_node_name": socket.gethostname()}
        base.update({"ENV_" + k: v for k, v in env.items()})
        numprocs = int(get("numprocs", "1") % base)
        start = int(get("numprocs_start", "0") % base)
        for n in range(start, start + numprocs):
            d = dict(base, process_num=n, numprocs=numprocs)
            pname = get("process_name", "%(program_name)s") % d
            names.append(pname if pname == group else group + ":" + pname)
            out = get("stdout_logfile", "AUTO") % d
            if out.startswith(root):
                logs.append(out + "=" + prog)
    return names, logs

def main():
    os.makedirs(CFG, exist_ok=True)
    env = {}
    texts, raws = {}, {}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".conf"):
            continue
        with open(os.path.join(src, name), encoding="utf-8",
                  errors="surrogateescape", newline="") as fh:
            text = fh.read()
        for v in re.findall(r"%\(ENV_([A-Za-z_0-9]+)\)", text):
            # A folder, as most are (APP_PATH, PGDATA, HOME).
            env.setdefault(v, os.path.join(T, "envdir", v.lower()))
            os.makedirs(env[v], exist_ok=True)
        raws[name] = text
        texts[name] = transform(text, root_of(name))
    for name, text in texts.items():
        with open(os.path.join(CFG, name), "w", encoding="utf-8",
                  errors="surrogateescape", newline="") as fh:
            fh.write(text)
            fh.write("\n[unix_http_server]\nfile=%s\n[supervisord]\n"
                     "logfile=%s\npidfile=%s/tm.pid\n" % (SOCK, LOG, T))
        # Where another config's [include] looks for it.
        m = re.search(r"^; Note: Installed as (\S+) next to (\d+)", text,
                      re.M)
        if m:
            root = root_of(m.group(2))
            with open(mapped(m.group(1), root), "w", encoding="utf-8",
                      errors="surrogateescape", newline="") as fh:
                fh.write(transform(raws[name], root))
    with open(os.path.join(T, "env"), "w") as fh:
        for k, v in sorted(env.items()):
            fh.write("export %s=%s\n" % (k, v))
    os.environ.update(env)
    for name in texts:
        try:
            names, logs = names_of(os.path.join(CFG, name), env,
                                   root_of(name))
        except Exception as e:      # supervisord would refuse it too
            names, logs = ["?" + type(e).__name__], []
        m = re.search(r"^; supervisord [0-9.]+ parse[^:]*: (.*)$",
                      raws[name], re.M)
        said = m.group(1) if m else ""
        # taskmaster is more lenient about a missing [supervisord] and an
        # [include] without files (a warning): not about a group that
        # names no program.
        refuse = "ERROR '[group" in said
        print("%s|%s|%s|%s" % (name, " ".join(names), " ".join(logs),
                                   "refuse" if refuse else "run"))

main()
