#!/usr/bin/env python3
"""An event listener as supervisord's protocol wants one: READY, read a
header line and its payload, answer RESULT 2 OK. With a file argument,
each event is appended to it as "EVENTNAME pool=POOL serial=N
poolserial=N PAYLOAD" (newlines in the payload as \\n). With FAIL_FIRST=N
in the environment, the first N events are answered FAIL."""
import os
import sys

log = open(sys.argv[1], "a") if len(sys.argv) > 1 else None
fail = int(os.environ.get("FAIL_FIRST", "0"))
while True:
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        break
    h = dict(w.split(":", 1) for w in line.split())
    payload = sys.stdin.read(int(h["len"]))
    if log:
        log.write("%s pool=%s serial=%s poolserial=%s %s\n" % (
            h["eventname"], h["pool"], h["serial"], h["poolserial"],
            payload.replace("\n", "\\n")))
        log.flush()
    if fail > 0:
        fail -= 1
        sys.stdout.write("RESULT 4\nFAIL")
    else:
        sys.stdout.write("RESULT 2\nOK")
    sys.stdout.flush()
