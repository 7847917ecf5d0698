#!/usr/bin/env python3
"""hub.py -- do open dashboards slow the relay? The relay benchmark (smtp-source -> gateway -> smtp-sink,
as relay.py) run alternately without and with N SignalR clients on /hubs/gateway, each taking the
per-second "stats" and "deliveries" pushes, as N open dashboards would. Prints accepted and
delivered msgs/s for both, their ratio (1.00 = no effect) and the gateway's CPU per message. The
clients run niced (they stand in for browsers elsewhere). Loopback only, bounded.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402
import relay  # noqa: E402

BENCH_DLL = os.path.join(accept.HERE, "MmsGateway.Bench", "bin", "Release", "net10.0", "MmsGateway.Bench.dll")


def log(msg: str) -> None:
    print(f"[hub {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def start_clients(n: int, follow: bool) -> subprocess.Popen:
    # Niced: the clients stand in for browsers on other machines; on this 2-core box their own CPU
    # must not be charged to the relay (their CPU time is printed anyway).
    p = subprocess.Popen(["nice", "-n", "19", "dotnet", BENCH_DLL, "hub-clients", "--url", "http://127.0.0.1:5099/hubs/gateway", "--clients", str(n), "--token", accept.TOKEN] + (["--follow"] if follow else []),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    if line != f"connected {n}":
        p.kill()
        sys.exit(f"hub clients did not connect: {line!r}")
    return p


def stop_clients(p: subprocess.Popen) -> str:
    out, _ = p.communicate(timeout=60)
    return out.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--follow", action="store_true", help="every client also takes the per-second delivery batch (a log tail)")
    a = ap.parse_args()
    accept.sh(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(accept.HERE, "MmsGateway.Bench")])
    gw = relay.RelayGateway()
    accept.start_pair(gw, accept.Postfix(), with_postfix=False)
    msg = accept.make_message(a.size)
    without, with_, received, cpu = [], [], [], {0: [], a.clients: []}
    relay.SINK.start()
    try:
        for rep in range(a.reps):
            for clients in (0, a.clients):
                gw.start()
                gw_cpu = lambda: relay.cpu_of([gw.proc.pid], with_children=False)   # noqa: E731
                relay.run_case(accept.GATEWAY_PORT, a.warmup, msg, a.sessions, gw_cpu)
                hub = start_clients(clients, a.follow) if clients else None
                c0 = sum(dumpsink.cpu_seconds(gw.proc.pid))
                r = relay.run_case(accept.GATEWAY_PORT, a.n, msg, a.sessions, gw_cpu)
                cpu[clients].append((sum(dumpsink.cpu_seconds(gw.proc.pid)) - c0) / a.n * 1000)
                if hub:
                    received.append(stop_clients(hub))
                gw.stop()
                (with_ if clients else without).append(r)
                log(f"rep {rep + 1}, {clients} hub clients: {relay.fmt(r)}")
    finally:
        relay.SINK.stop()
        gw.stop()
    # Delivered as relay.py times it: the n-th message at the sink.
    w0, w1 = [[relay.med(r, k) for k in ("acc", "e2e", "took")] for r in (without, with_)]
    print(f"\nrelay with and without {a.clients} hub clients ({'dashboards and log tails' if a.follow else 'dashboards'}), median of {a.reps}: {a.size} B x {a.sessions} sessions, n={a.n}, "
          f"{os.cpu_count()} cores, loopback")
    c0, c1 = statistics.median(cpu[0]), statistics.median(cpu[a.clients])
    print(f"{'hub clients':>11} | {'accepted/s':>10} {'delivered/s':>11} {'last at s':>8} {'gw CPU ms/msg':>13}")
    print(f"{0:>11} | {w0[0]:>10.0f} {w0[1]:>11.0f} {w0[2]:>8.2f} {c0:>13.3f}")
    print(f"{a.clients:>11} | {w1[0]:>10.0f} {w1[1]:>11.0f} {w1[2]:>8.2f} {c1:>13.3f}")
    print(f"{'ratio':>11} | {w1[0] / w0[0]:>10.2f} {w1[1] / w0[1]:>11.2f} {'':>8} {c1 / c0:>13.2f}")
    print(f"hub traffic (last rep): {received[-1] if received else 'none'}")


if __name__ == "__main__":
    main()
