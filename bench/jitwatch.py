#!/usr/bin/env python3
"""jitwatch.py -- when does a freshly started gateway stop compiling? Rate, CPU and the JIT, step by step.

Starts the published gateway (route to smtp-sink on 127.0.0.1:2526), then sends STEPS batches of STEP messages
(smtp-source, S sessions of one message each), each timed until its last message is at the sink. Beside every
step it prints the gateway's CPU per message and what the runtime's own counters (`dotnet-counters`, meter
System.Runtime, read once a second) say the JIT did meanwhile: methods compiled and seconds spent compiling.
relay.py's 1,000-message warm-up ends long before the JIT does; this shows for how long.

    python3 bench/jitwatch.py                                  # 4 KB x 10 sessions, 25 steps of 1,000
    python3 bench/jitwatch.py --env DOTNET_TieredPGO=0         # the same under a runtime setting
    python3 bench/jitwatch.py --published DIR                  # a gateway published elsewhere (e.g. self-contained)

Needs dotnet-counters; it is installed under /var/tmp/mmsgw-bench/tools when missing (NuGet).
"""
from __future__ import annotations

import argparse
import csv
import datetime
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402

TOOLS = os.path.join(accept.WORK, "tools")
COUNTERS = os.path.join(TOOLS, "dotnet-counters")


def ensure_counters() -> None:
    if not os.path.exists(COUNTERS):
        accept.log("installing dotnet-counters (NuGet)")
        accept.sh(["dotnet", "tool", "install", "dotnet-counters", "--tool-path", TOOLS])


def jit_per_second(path: str) -> dict[float, tuple[float, float]]:
    """Wall-clock second (epoch) -> (methods compiled, seconds compiling) from dotnet-counters' CSV."""
    seconds: dict[float, list[float]] = {}
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) < 5 or not row[2].startswith("dotnet.jit."):
                continue
            at = datetime.datetime.strptime(row[0], "%m/%d/%Y %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
            v = seconds.setdefault(at, [0.0, 0.0])
            if row[2].startswith("dotnet.jit.compiled_methods"):
                v[0] += float(row[4])
            elif row[2].startswith("dotnet.jit.compilation.time"):
                v[1] += float(row[4])
    return {k: (v[0], v[1]) for k, v in seconds.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--step", type=int, default=1000, help="messages per step (the counters come once a second: keep a step longer)")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="a runtime setting for the gateway")
    ap.add_argument("--published", metavar="DIR", help="run this publish output instead of publishing the tree")
    a = ap.parse_args()
    ensure_counters()
    gw = dumpsink.published_gateway(a.published)
    data = os.path.join(accept.WORK, "jitwatch-data")
    shutil.rmtree(data, ignore_errors=True)
    out = os.path.join(accept.WORK, "jitwatch-counters.csv")
    if os.path.exists(out):
        os.remove(out)
    sink = dumpsink.DumpSink("jitwatch")
    log = open(os.path.join(accept.WORK, "jitwatch-gateway.log"), "w")
    env = dict(os.environ, **dict(kv.split("=", 1) for kv in a.env))
    p = counters = None
    steps = []
    try:
        sink.start()
        p = subprocess.Popen(dumpsink.gateway_command(gw.out, data), cwd=gw.out, stdout=log, stderr=subprocess.STDOUT, env=env)
        accept.wait_port(accept.GATEWAY_PORT)
        counters = subprocess.Popen([COUNTERS, "collect", "-p", str(p.pid), "--refresh-interval", "1", "--format", "csv",
                                     "-o", out, "--counters", "System.Runtime"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Steps start once the counters are flowing, so that the first step's JIT is not counted as idle.
        deadline = time.monotonic() + 60
        while not (os.path.exists(out) and "dotnet.jit." in open(out).read()):
            if time.monotonic() > deadline:
                sys.exit("dotnet-counters wrote no JIT counters within 60 s")
            time.sleep(0.2)
        msg = accept.make_message(a.size)
        done = 0
        for _ in range(a.steps):
            t0, w0, c0 = time.monotonic(), time.time(), sum(dumpsink.cpu_seconds(p.pid))
            accept.inject(accept.GATEWAY_PORT, a.step, msg, a.sessions)
            done += a.step
            sink.wait_for(done, timeout=900)
            steps.append((done, a.step / (time.monotonic() - t0), (sum(dumpsink.cpu_seconds(p.pid)) - c0) * 1000 / a.step, w0, time.time()))
        time.sleep(1.5)   # the counters' last second
    finally:
        if counters:
            counters.send_signal(signal.SIGINT)
            counters.wait(timeout=30)
        if p:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=60)
        sink.stop()
        log.close()
    # A counter row covers the second before its timestamp: it goes to the step that was running half a second before.
    per_step = [[0.0, 0.0] for _ in steps]
    before = [0.0, 0.0]
    for at, (methods, secs) in jit_per_second(out).items():
        owner = next((i for i in reversed(range(len(steps))) if steps[i][3] <= at - 0.5), None)
        v = before if owner is None else per_step[owner]
        v[0] += methods
        v[1] += secs
    print(f"\n{a.size} B x {a.sessions} sessions, a fresh gateway, {a.steps} steps of {a.step}{' with ' + ' '.join(a.env) if a.env else ''}"
          f"{', ' + gw.out if a.published else ''}")
    print(f"idle before the first message (from when the counters attached): {before[0]:,.0f} methods compiled, {before[1]:.2f} s")
    print(f"{'messages':>9} {'msgs/s':>7} {'CPU ms/msg':>10} {'JIT methods':>11} {'JIT s':>6}")
    for (done, rate, cpu, _, _), (methods, secs) in zip(steps, per_step):
        print(f"{done:>9,} {rate:>7,.0f} {cpu:>10.2f} {methods:>11,.0f} {secs:>6.2f}")
    print(f"total after the first message: {sum(m for m, _ in per_step):,.0f} methods, {sum(s for _, s in per_step):.2f} s of JIT")

if __name__ == "__main__":
    main()
