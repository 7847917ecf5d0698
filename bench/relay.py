#!/usr/bin/env python3
"""relay.py -- end-to-end relay throughput: smtp-source -> MTA -> smtp-sink, the gateway against Postfix.

For each message size and session count, smtp-source injects N MM4-like messages into the MTA, which
relays them to Postfix's smtp-sink on 127.0.0.1:2526. Printed per MTA: accepted msgs/s (N / time
until smtp-source has every 250), and the time until the MTA's queue is empty, i.e. every message
acknowledged by the sink (gateway: /api/queue/counts; Postfix: no file left in its queue
directories), as delivered msgs/s = N / that time; then the ratios. (smtp-sink -M is not used: it
exits on the Nth message before answering it, which makes an MTA defer that message.)
Both MTAs run with their stock delivery settings. Loopback only, bounded. Needs root for Postfix.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402  (shared: message maker, smtp-source driver, gateway and Postfix control)

SINK_PORT = 2526
SINK_ADDR = f"127.0.0.1:{SINK_PORT}"
GATEWAY_ROUTE = ["--Gateway:Routes:mms.mnc002.mcc238.gprs", f"[127.0.0.1]:{SINK_PORT}"]


def log(msg: str) -> None:
    print(f"[relay {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def start_sink() -> subprocess.Popen:
    p = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", SINK_ADDR, "256"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    accept.wait_port(SINK_PORT)
    return p


def gateway_queue_empty() -> bool:
    return accept.api_get("/api/queue/counts")["recipients"] == 0


def postfix_queue_empty() -> bool:
    for d in ("incoming", "active", "deferred", "hold", "maildrop"):
        for _, _, files in os.walk(os.path.join("/var/spool/postfix", d)):
            if files:
                return False
    return True


def run_case(port: int, n: int, msg: str, sessions: int, empty, timeout: float = 300) -> tuple[float, float, float]:
    t0 = time.monotonic()
    accepted = accept.inject(port, n, msg, sessions)
    while not empty():
        if time.monotonic() - t0 > timeout:
            sys.exit(f"the queue of the MTA on port {port} did not empty within {timeout}s")
        time.sleep(0.02)
    took = time.monotonic() - t0
    return accepted, n / took, took


class RelayGateway(accept.Gateway):
    def start(self) -> None:
        self.extra = GATEWAY_ROUTE
        super().start()


class RelayPostfix(accept.Postfix):
    def configure(self) -> None:
        super().configure()
        shutil.copy2(os.path.join(accept.HERE, "postfix", "relay.cf"), "/etc/postfix/main.cf")
        accept.sh(["postfix", "check"])


def main() -> None:
    a = accept.parse_cases(__doc__, 5000, 2000)
    gw, pf = RelayGateway(), RelayPostfix()
    accept.start_pair(gw, pf, not a.no_postfix)
    rows = []
    sink = start_sink()
    try:
        for size in [int(s) for s in a.sizes.split(",")]:
            msg = accept.make_message(size)
            n = a.n4 if size < 65536 else a.nbig
            for sessions in [int(s) for s in a.sessions.split(",")]:
                g, p = [], []
                for rep in range(a.reps):
                    gw.start()
                    if a.warmup:
                        run_case(accept.GATEWAY_PORT, a.warmup, msg, sessions, gateway_queue_empty)
                    g.append(run_case(accept.GATEWAY_PORT, n, msg, sessions, gateway_queue_empty))
                    gw.stop()
                    if not a.no_postfix:
                        pf.start()
                        if a.warmup:
                            run_case(accept.POSTFIX_PORT, a.warmup, msg, sessions, postfix_queue_empty)
                        p.append(run_case(accept.POSTFIX_PORT, n, msg, sessions, postfix_queue_empty))
                        pf.stop()
                    log(f"{size} B x {sessions} rep {rep + 1}: gateway {fmt(g[-1])}" + (f"; postfix {fmt(p[-1])}" if p else ""))
                rows.append((size, sessions, n, med(g), med(p) if p else None))
    finally:
        sink.terminate()
        sink.wait()
        gw.stop()
        if not a.no_postfix:
            pf.stop()
            pf.restore()

    print(f"\nrelay end to end, median of {a.reps}: smtp-source -> MTA -> smtp-sink on 127.0.0.1, {os.cpu_count()} cores, "
          f"warm-up {a.warmup} messages; accepted/s, delivered/s, seconds until the queue is empty")
    print(f"{'size':>7} {'sess':>4} {'n':>5} | {'gw acc':>7} {'gw dlv':>7} {'gw empty':>8} | {'pf acc':>7} {'pf dlv':>7} {'pf empty':>8} | "
          f"{'acc x':>5} {'dlv x':>5}")
    for size, sessions, n, g, p in rows:
        p = p or (0.0, 0.0, 0.0)
        print(f"{size:>7} {sessions:>4} {n:>5} | {g[0]:>7.0f} {g[1]:>7.0f} {g[2]:>8.2f} | {p[0]:>7.0f} {p[1]:>7.0f} {p[2]:>8.2f} | "
              f"{(g[0] / p[0] if p[0] else 0):>5.2f} {(g[1] / p[1] if p[1] else 0):>5.2f}")


def med(results: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(r[i] for r in results) for i in range(3))  # type: ignore[return-value]


def fmt(r: tuple[float, float, float]) -> str:
    return f"acc {r[0]:.0f}/s dlv {r[1]:.0f}/s empty {r[2]:.2f}s"


if __name__ == "__main__":
    main()
