#!/usr/bin/env python3
"""A receiver for the alert tests: a real server that records what it gets.

    alert-recv.py KIND OUT PORTFILE [BEHAVIOUR]

KIND is http, smtp, udp or tcp. It listens on 127.0.0.1 (a port of the
system's choice, written to PORTFILE once it listens) and appends one JSON
object per message received to OUT. An HTTP receiver answers as its
behaviour says, read again for each request from OUT.mode if that file
exists (so a test can change it): ok (204), 500, or hang (never answers).
The SMTP receiver is aiosmtpd's Controller: behaviour auth requires a
login (alerts, s3cret), 550 refuses every message.
"""

import json
import os
import socket
import sys
import threading
import time


def record(out, obj):
    with open(out, "a") as f:
        f.write(json.dumps(obj) + "\n")


def ready(portfile, port):
    with open(portfile + ".new", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".new", portfile)


def serve_http(out, portfile, behaviour):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            mode = behaviour
            try:
                with open(out + ".mode") as f:
                    mode = f.read().strip() or behaviour
            except OSError:
                pass
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n).decode("utf-8", "replace")
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            record(out, {"path": self.path, "mode": mode,
                         "headers": {k.lower(): v for k, v in
                                     self.headers.items()},
                         "json": parsed, "raw": body,
                         "t": time.time()})
            if mode == "hang":
                time.sleep(3600)
                return
            self.send_response(500 if mode == "500" else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    ready(portfile, srv.server_address[1])
    srv.serve_forever()


def serve_smtp(out, portfile, behaviour):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    logins = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            if behaviour == "550":
                return "550 5.7.1 no thanks"
            record(out, {"from": envelope.mail_from,
                         "to": envelope.rcpt_tos,
                         "login": logins[-1] if logins else None,
                         "data": envelope.content.decode("utf-8",
                                                         "replace"),
                         "t": time.time()})
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        logins.append([mechanism, login, password])
        return AuthResult(success=(login, password) == ("alerts",
                                                        "s3cret"))

    kwargs = {}
    if behaviour == "auth":
        kwargs = {"auth_require_tls": False, "auth_required": True,
                  "authenticator": authenticator}
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
    ctl.start()
    ready(portfile, port)
    threading.Event().wait()


def serve_udp(out, portfile, behaviour):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    ready(portfile, s.getsockname()[1])
    while True:
        data, _ = s.recvfrom(65536)
        record(out, {"data": data.decode("utf-8", "replace"),
                     "t": time.time()})


def tcp_client(conn, out):
    buf = b""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data
        while True:
            sp = buf.find(b" ")
            if sp <= 0 or not buf[:sp].isdigit():
                break
            n = int(buf[:sp])
            if len(buf) < sp + 1 + n:
                break
            record(out, {"data": buf[sp + 1:sp + 1 + n].decode(
                "utf-8", "replace"), "t": time.time()})
            buf = buf[sp + 1 + n:]


def serve_tcp(out, portfile, behaviour):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    ready(portfile, s.getsockname()[1])
    while True:
        conn, _ = s.accept()
        threading.Thread(target=tcp_client, args=(conn, out),
                         daemon=True).start()


def main():
    kind, out, portfile = sys.argv[1:4]
    behaviour = sys.argv[4] if len(sys.argv) > 4 else "ok"
    {"http": serve_http, "smtp": serve_smtp, "udp": serve_udp,
     "tcp": serve_tcp}[kind](out, portfile, behaviour)


if __name__ == "__main__":
    main()
