#!/usr/bin/env python3
"""drain.py -- delivery alone: a backlog found at start-up, drained into smtp-sink.

The gateway accepts N messages with delivery off (as after a restart, or an operator down for days), stops, and
starts again with delivery on and nothing else arriving. Drained msgs/s = N / time from the first to the N-th
message at the sink (smtp-sink dumps each into /dev/shm). CPU ms per message is the restarted process's, start-up
included. Medians (min-max) of --reps runs. No Postfix involved (this is the gateway's own delivery path:
connections per destination, the worker loop, MailKit); smtp-source and smtp-sink come with Debian's postfix.

--against REF publishes that commit too (from a temporary git worktree) and alternates the runs of the two builds,
this tree first: an interleaved A/B of a change to the delivery path.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402


def run(gw: accept.Gateway, size: int, n: int, extra: list[str]) -> tuple[float, float]:
    data = os.path.join(accept.WORK, "drain-data")
    shutil.rmtree(data, ignore_errors=True)
    sink = dumpsink.DumpSink("drain")
    base = [*dumpsink.gateway_command(gw.out, data), *extra]
    log = open(os.path.join(accept.WORK, "drain-gateway.log"), "w")
    try:
        sink.start()
        p = subprocess.Popen(base + ["--Gateway:Delivery:Enabled", "false"], cwd=gw.out, stdout=log, stderr=subprocess.STDOUT)
        accept.wait_port(accept.GATEWAY_PORT)
        accept.inject(accept.GATEWAY_PORT, n, accept.make_message(size), 50)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        accept.wait_port(accept.GATEWAY_PORT, up=False)
        p = subprocess.Popen(base, cwd=gw.out, stdout=log, stderr=subprocess.STDOUT)
        first: list[float] = []
        sink.wait_for(n, timeout=600, on_first=lambda: first.append(time.monotonic()))
        last = time.monotonic()
        cpu_ms = sum(dumpsink.cpu_seconds(p.pid)) * 1000 / n
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        return n / (last - first[0]), cpu_ms
    finally:
        sink.stop()
        log.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="4096,102400")
    ap.add_argument("--n4", type=int, default=8000)
    ap.add_argument("--nbig", type=int, default=3000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--gateway-option", action="append", default=[], metavar="KEY=VALUE",
                    help="a gateway setting for the drain (e.g. Gateway:Delivery:ConcurrencyPerDestination=4), repeatable")
    ap.add_argument("--against", metavar="REF", help="a commit to compare with, run alternately with this tree")
    a = ap.parse_args()
    extra = [x for kv in a.gateway_option for x in ("--" + kv.split("=", 1)[0], kv.split("=", 1)[1])]
    builds = {"this tree": accept.Gateway()}
    worktree = None
    if a.against:
        worktree = os.path.join(accept.WORK, "against")
        subprocess.run(["git", "-C", accept.ROOT, "worktree", "remove", "--force", worktree], capture_output=True)
        subprocess.run(["git", "-C", accept.ROOT, "worktree", "add", "--detach", worktree, a.against], check=True, capture_output=True)
        builds[a.against] = accept.Gateway(out="gateway-against", root=worktree)
    try:
        for gw in builds.values():
            gw.publish()
        for size in [int(s) for s in a.sizes.split(",")]:
            n = a.n4 if size < 65536 else a.nbig
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
            for _ in range(a.reps):
                for name, gw in builds.items():
                    runs[name].append(run(gw, size, n, extra))
            for name, results in runs.items():
                rates, cpu = [r[0] for r in results], [r[1] for r in results]
                print(f"drain {size} B x {n}{' ' + ' '.join(a.gateway_option) if a.gateway_option else ''}"
                      f"{f' [{name}]' if a.against else ''}: {statistics.median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f}) msgs/s, "
                      f"CPU {statistics.median(cpu):.2f} ms/msg (start-up included)")
    finally:
        if worktree:
            subprocess.run(["git", "-C", accept.ROOT, "worktree", "remove", "--force", worktree], capture_output=True)


if __name__ == "__main__":
    main()
