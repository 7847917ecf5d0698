#!/usr/bin/env python3
"""accept.py -- accept rate into the queue: the MmsConsole gateway against Postfix, same machine, same run.

For each message size and session count, Postfix's smtp-source injects N MM4-like messages; the rate
is N / time until smtp-source has every 250 (each answered only after fsync). Postfix runs as the
same relay with every message put on hold (durable, never delivered); both queues are emptied
between runs. Prints one line per case and the ratio gateway/Postfix. Loopback only, bounded.

Needs root for Postfix (apt-get install postfix, port 25). --no-postfix measures the gateway only.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import urllib.request
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = "/var/tmp/mmsgw-bench"
SENDER = "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs"
RCPT = "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs"
HELO = "mmsc.mnc001.mcc238.gprs"
GATEWAY_PORT, POSTFIX_PORT = 2525, 25


def log(msg: str) -> None:
    print(f"[accept {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kw)


def wait_port(port: int, up: bool = True, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    sys.exit(f"port {port} did not come {'up' if up else 'down'} within {timeout}s")


def ensure_postfix() -> None:
    if shutil.which("postfix") and os.path.exists("/usr/sbin/smtp-source"):
        return
    if os.geteuid() != 0:
        sys.exit("Postfix (and its smtp-source) is not installed and this is not root: run as root, or --no-postfix")
    log("installing Postfix (Debian package; provides smtp-source and the comparison MTA)")
    sh(["bash", "-c", "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections"])
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(["apt-get", "-o", "DPkg::Lock::Timeout=600", "-y", "-q", "update"], env=env, stdout=subprocess.DEVNULL)
    sh(["apt-get", "-o", "DPkg::Lock::Timeout=600", "-y", "-q", "install", "postfix"], env=env, stdout=subprocess.DEVNULL)


def make_message(size: int) -> str:
    """An MM4_forward.REQ-like message of about `size` bytes (X-Mms-* headers, unqualified PLMN To:)."""
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, f"mm4-{size}.eml")
    head = (f"From: {SENDER}\nTo: +4512345678/TYPE=PLMN\nSubject: bench {size}\n"
            "Date: Tue, 24 Nov 2026 00:00:00 +0000\nMIME-Version: 1.0\n"
            "X-Mms-3GPP-MMS-Version: 6.10.0\nX-Mms-Message-Type: MM4_forward.REQ\n"
            f"X-Mms-Transaction-ID: bench-{size}\nX-Mms-Ack-Request: Yes\n"
            "Content-Type: multipart/related; boundary=\"=_b\"\n\n--=_b\nContent-Type: image/jpeg\n"
            "Content-Transfer-Encoding: base64\n\n")
    tail = "--=_b--\n"
    room = max(0, size - len(head) - len(tail))
    b64 = base64.encodebytes(random.Random(size).randbytes(room * 3 // 4 + 64)).decode()[:room]
    with open(path, "w") as f:
        f.write(head + b64[: b64.rfind("\n") + 1] + tail)
    return path


def inject(port: int, n: int, msg: str, sessions: int, persistent: bool = False) -> float:
    """N messages over `sessions` concurrent connections: a new connection per message, or with `persistent`
    (smtp-source -d) each connection sending message after message, as a busy MMSC does."""
    cmd = ["/usr/sbin/smtp-source", "-A", "-C", "50", "-s", str(sessions), "-m", str(n), "-F", msg,
           "-f", SENDER, "-t", RCPT, "-M", HELO, *(["-d"] if persistent else []), f"127.0.0.1:{port}"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=900)
    dt = time.monotonic() - t0
    errors = [l for l in p.stderr.splitlines() if l.strip()]
    if p.returncode != 0 or errors:
        sys.exit(f"smtp-source against port {port} failed (rc {p.returncode}): {errors[-3:]}")
    return n / dt


TOKEN = ""   # the running gateway's API token (Gateway.start)


def api_get(path: str):
    req = urllib.request.Request(f"http://127.0.0.1:5099{path}", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.load(r)


class Gateway:
    """The published gateway with a fresh data directory for each case (as Postfix's queue is purged)."""

    def __init__(self, out: str = "gateway", root: str = ROOT) -> None:
        self.out = os.path.join(WORK, out)
        self.root = root
        self.proc: subprocess.Popen | None = None
        # Accept and queue only by default, as the Postfix beside it holds everything (static:HOLD);
        # bench/relay.py replaces this with a real route.
        self.extra = ["--Gateway:Routes:.", "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "false"]

    def publish(self) -> None:
        log("publishing the gateway (Release, ReadyToRun, as docker/Dockerfile does)")
        # Into an empty directory: publish copies a file only when it is newer than the one already there, so after
        # another tree's publish into the same place (drain.py --against, a worktree) it kept that tree's binaries.
        shutil.rmtree(self.out, ignore_errors=True)
        sh(["dotnet", "publish", os.path.join(self.root, "src", "MmsConsole.Web"), "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", self.out, "--nologo", "-v", "q"],
           stdout=subprocess.DEVNULL)

    def start(self) -> None:
        global TOKEN
        data = os.path.join(WORK, "data")
        shutil.rmtree(data, ignore_errors=True)
        # The API and hub need a token (issue 6): made with the gateway's own command line, as an operator would.
        TOKEN = subprocess.run(["dotnet", os.path.join(self.out, "MmsConsole.Web.dll"), "token", "add", "bench", "--role", "Viewer",
                                "--Gateway:DataDirectory", data], cwd=self.out, check=True, capture_output=True, text=True).stdout.strip()
        self.log = open(os.path.join(WORK, "gateway.log"), "w")    # one line per message, like syslog
        self.proc = subprocess.Popen(
            ["dotnet", os.path.join(self.out, "MmsConsole.Web.dll"), "--urls", "http://127.0.0.1:5099",
             "--Gateway:DataDirectory", data, "--Gateway:Smtp:Listen:0", f"127.0.0.1:{GATEWAY_PORT}",
             "--Gateway:Smtp:Hostname", "mm4gw.bench.invalid", *self.extra],
            cwd=self.out, stdout=self.log, stderr=subprocess.STDOUT)
        wait_port(GATEWAY_PORT)

    def stop(self) -> None:
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
            self.proc = None
            self.log.close()


class Postfix:
    """Stock Debian Postfix with bench/postfix/main.cf; the original configuration is put back after."""

    def configure(self) -> None:
        self.backup = os.path.join(WORK, "postfix-main.cf.orig")
        if not os.path.exists(self.backup) and os.path.exists("/etc/postfix/main.cf"):
            shutil.copy2("/etc/postfix/main.cf", self.backup)
        shutil.copy2(os.path.join(HERE, "postfix", "main.cf"), "/etc/postfix/main.cf")
        sh(["postfix", "check"])

    def start(self) -> None:
        subprocess.run(["postsuper", "-d", "ALL"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sh(["postfix", "start"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(POSTFIX_PORT)

    def stop(self) -> None:
        subprocess.run(["postfix", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(POSTFIX_PORT, up=False)
        subprocess.run(["postsuper", "-d", "ALL"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def restore(self) -> None:
        if os.path.exists(self.backup):
            shutil.copy2(self.backup, "/etc/postfix/main.cf")


def parse_cases(doc: str, n4: int, nbig: int, sessions: str = "10,50") -> argparse.Namespace:
    """The options both benchmarks share; installs Postfix (root) unless --no-postfix."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="4096,102400")
    ap.add_argument("--sessions", default=sessions, help="session counts; a trailing d (10d): persistent connections (smtp-source -d)")
    ap.add_argument("--n4", type=int, default=n4, help="messages per run below 64 KB")
    ap.add_argument("--nbig", type=int, default=nbig, help="messages per run from 64 KB")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1000,
                    help="messages sent to each MTA after its start and before the measured run (both alike)")
    ap.add_argument("--no-postfix", action="store_true")
    a = ap.parse_args()
    if not a.no_postfix:
        ensure_postfix()
    elif not os.path.exists("/usr/sbin/smtp-source"):
        sys.exit("smtp-source not found: install Postfix (run without --no-postfix as root)")
    return a


def start_pair(gw: "Gateway", pf: "Postfix", with_postfix: bool) -> None:
    gw.publish()
    if with_postfix:
        pf.configure()


def main() -> None:
    a = parse_cases(__doc__, 10000, 3000)
    gw, pf = Gateway(), Postfix()
    start_pair(gw, pf, not a.no_postfix)
    rows = []
    try:
        for size in [int(s) for s in a.sizes.split(",")]:
            msg = make_message(size)
            n = a.n4 if size < 65536 else a.nbig
            for sessions in [int(s) for s in a.sessions.split(",")]:
                g, p = [], []
                for rep in range(a.reps):
                    gw.start()
                    if a.warmup:
                        inject(GATEWAY_PORT, a.warmup, msg, sessions)
                    g.append(inject(GATEWAY_PORT, n, msg, sessions))
                    gw.stop()
                    if not a.no_postfix:
                        pf.start()
                        if a.warmup:
                            inject(POSTFIX_PORT, a.warmup, msg, sessions)
                        p.append(inject(POSTFIX_PORT, n, msg, sessions))
                        pf.stop()
                    log(f"{size} B x {sessions} sessions rep {rep + 1}: gateway {g[-1]:.0f}/s" + (f", postfix {p[-1]:.0f}/s" if p else ""))
                rows.append((size, sessions, n, statistics.median(g), statistics.median(p) if p else None))
    finally:
        gw.stop()
        if not a.no_postfix:
            pf.stop()
            pf.restore()

    print(f"\naccept rate into a durable queue, median of {a.reps} (msgs/s), smtp-source -> relay on 127.0.0.1, "
          f"{os.cpu_count()} cores, each MTA freshly started and warmed with {a.warmup} messages")
    print(f"{'size':>8} {'sessions':>8} {'n':>6} {'gateway':>9} {'postfix':>9} {'ratio':>6}")
    for size, sessions, n, g, p in rows:
        print(f"{size:>8} {sessions:>8} {n:>6} {g:>9.0f} {p or 0:>9.0f} {(g / p if p else 0):>6.2f}")


if __name__ == "__main__":
    main()
