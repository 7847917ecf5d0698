#!/usr/bin/env python3
"""threads.py -- where the gateway's CPU and context switches go, per runtime thread, while it relays.

Starts the published gateway (route to smtp-sink on 127.0.0.1:2526), sends a warm-up and waits until it is at the
sink, then times N more (smtp-source, S sessions) until the N-th is at the sink. For that measured stretch it prints
the rate and, per thread name (.NET Sockets, .NET TP Worker, spool-writer, .NET Tiered Compilation Worker, ...), user
and system CPU ms per message and voluntary and involuntary context switches per message, from /proc/PID/task.
Threads that end during the stretch are not counted. No Postfix involved. One run per invocation: a diagnostic,
not a comparison (repeat it, alternate with --published for two builds, and give medians with min-max).

    python3 bench/threads.py                                  # 4 KB x 10 sessions, warm-up 3,000, N=8,000
    python3 bench/threads.py --size 102400 --warmup 8000 --n 4000
    python3 bench/threads.py --persistent                     # smtp-source -d
    python3 bench/threads.py --published DIR --env DOTNET_TieredPGO=0
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402


def per_thread(pid: int) -> dict[str, tuple[str, int, int, int, int]]:
    """tid -> (name, user ticks, system ticks, voluntary switches, involuntary switches)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            status = open(f"/proc/{pid}/task/{tid}/status").read()
        except OSError:
            continue   # the thread ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        f = stat.rsplit(")", 1)[1].split()
        switches = {k: int(v) for k, v in (line.split(":") for line in status.splitlines() if "ctxt_switches" in line)}
        out[tid] = (name, int(f[11]), int(f[12]), switches["voluntary_ctxt_switches"], switches["nonvoluntary_ctxt_switches"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--persistent", action="store_true", help="smtp-source -d: many messages per connection")
    ap.add_argument("--warmup", type=int, default=3000)
    ap.add_argument("--n", type=int, default=8000, help="messages measured")
    ap.add_argument("--published", metavar="DIR", help="run this publish output instead of publishing the tree")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="a runtime setting for the gateway, repeatable")
    a = ap.parse_args()
    gw = dumpsink.published_gateway(a.published)
    sink = dumpsink.DumpSink("threads")
    p = None
    try:
        sink.start()
        p = dumpsink.start_gateway(gw.out, "threads", dict(kv.split("=", 1) for kv in a.env))
        msg = accept.make_message(a.size)
        if a.warmup:
            accept.inject(accept.GATEWAY_PORT, a.warmup, msg, a.sessions, a.persistent)
            sink.wait_for(a.warmup, timeout=900)
        sink.reset()
        before, start = per_thread(p.pid), time.monotonic()
        accept.inject(accept.GATEWAY_PORT, a.n, msg, a.sessions, a.persistent)
        sink.wait_for(a.n, timeout=900)
        elapsed, after = time.monotonic() - start, per_thread(p.pid)
    finally:
        if p:
            p.terminate()
            p.wait(60)
        sink.stop()
    by_name: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for tid, (name, user, system, vol, invol) in after.items():
        u0, s0, v0, i0 = before[tid][1:] if tid in before else (0, 0, 0, 0)
        t = by_name[name]
        t[0] += user - u0; t[1] += system - s0; t[2] += vol - v0; t[3] += invol - i0; t[4] += 1
    ms = 1000 / os.sysconf("SC_CLK_TCK") / a.n
    print(f"{a.size} B x {a.sessions}{' persistent' if a.persistent else ''} sessions, warm-up {a.warmup}, N={a.n}"
          f"{', ' + ' '.join(a.env) if a.env else ''}: delivered {a.n / elapsed:,.0f}/s")
    total = [0, 0, 0, 0]
    for name, (user, system, vol, invol, count) in sorted(by_name.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        total = [total[0] + user, total[1] + system, total[2] + vol, total[3] + invol]
        if user + system + vol + invol:
            print(f"  {name:16s} x{count:<3d} CPU user {user * ms:.3f} sys {system * ms:.3f} ms/msg, "
                  f"switches {vol / a.n:.2f} voluntary {invol / a.n:.2f} involuntary /msg")
    print(f"  {'all threads':21s} CPU user {total[0] * ms:.3f} sys {total[1] * ms:.3f} ms/msg, "
          f"switches {total[2] / a.n:.2f} voluntary {total[3] / a.n:.2f} involuntary /msg")


if __name__ == "__main__":
    main()
