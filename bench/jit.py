#!/usr/bin/env python3
"""jit.py -- is it the JIT? The gateway alone, early (short warm-up) and warm (long warm-up), under runtime settings.

For each warm-up W: start the published gateway (route to smtp-sink on 127.0.0.1:2526), send W messages and wait
until they are at the sink, then time N more (smtp-source, S sessions of one message each) until the N-th is at
the sink. CPU ms per message is the gateway's during the measured N only. The stock runtime and each --env
setting alternate within every repetition. No Postfix involved: this compares the gateway with itself.

Why it exists: the tiered JIT (ReadyToRun code, then instrumented tier 1, then tier 1 with dynamic PGO) is still
busy after the 1,000 warm-up messages of relay.py, so a runtime setting can win early and lose warm
(docs/performance.md).
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402


def run(gw: accept.Gateway, env: dict[str, str], size: int, warmup: int, n: int, sessions: int) -> tuple[float, float]:
    sink = dumpsink.DumpSink("jit")
    p = None
    try:
        sink.start()
        p = dumpsink.start_gateway(gw.out, "jit", env)
        msg = accept.make_message(size)
        if warmup:
            accept.inject(accept.GATEWAY_PORT, warmup, msg, sessions)
            sink.wait_for(warmup, timeout=900)
        sink.reset()
        cpu, start = sum(dumpsink.cpu_seconds(p.pid)), time.monotonic()
        accept.inject(accept.GATEWAY_PORT, n, msg, sessions)
        sink.wait_for(n, timeout=900)
        elapsed = time.monotonic() - start
        return n / elapsed, (sum(dumpsink.cpu_seconds(p.pid)) - cpu) * 1000 / n
    finally:
        if p:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=60)
        sink.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--n", type=int, default=5000, help="messages measured per run")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--warmups", default="1000,20000", help="warm-up message counts, each measured separately")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="a runtime setting to compare with the stock runtime (e.g. DOTNET_TieredPGO=0), repeatable; each is one variant")
    a = ap.parse_args()
    variants: dict[str, dict[str, str]] = {"stock runtime": {}}
    for kv in a.env:
        key, value = kv.split("=", 1)
        variants[kv] = {key: value}
    gw = accept.Gateway()
    gw.publish()
    for warmup in [int(w) for w in a.warmups.split(",")]:
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for rep in range(a.reps):
            for name, env in variants.items():
                rate, cpu = run(gw, env, a.size, warmup, a.n, a.sessions)
                accept.log(f"{a.size} B x {a.sessions}, warm-up {warmup}, rep {rep + 1}, {name}: {rate:,.0f}/s, CPU {cpu:.2f} ms/msg")
                results[name].append((rate, cpu))
        for name, rs in results.items():
            rates, cpus = [r[0] for r in rs], [r[1] for r in rs]
            print(f"{a.size} B x {a.sessions} sessions, warm-up {warmup}, N={a.n}, {name}: delivered "
                  f"{statistics.median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f})/s, CPU {statistics.median(cpus):.2f} ms/msg")


if __name__ == "__main__":
    main()
