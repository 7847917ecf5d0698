#!/usr/bin/env python3
"""relay.py -- end-to-end relay throughput: smtp-source -> MTA -> smtp-sink, the gateway against Postfix.

For each message size and session count, smtp-source injects N MM4-like messages into the MTA, which
relays them to Postfix's smtp-sink on 127.0.0.1:2526. Both MTAs are timed the same way, by the sink:
smtp-sink dumps each message it accepts into a file on tmpfs, and "delivered" is N / time until the
N-th file is there (polled every 20 ms; nothing asks the MTA). "Accepted" is N / time until
smtp-source has every 250. In the same run, smtp-source straight into smtp-sink gives the ceiling
that no relay can beat on this machine. The order of the two MTAs alternates between repetitions;
each figure is a median with its min-max. CPU ms per message is split into the accepting phase (until
the last 250; delivery runs meanwhile too) and the draining phase (after it, until the last arrival),
user and system: the gateway's process, and Postfix's master with its children (live ones, plus the
exited ones master has reaped). Stock delivery settings on both. Loopback only, bounded. Needs root.

The load itself (smtp-source and smtp-sink) shares the cores with the MTA. Its CPU per message is measured in every
run, so the report can say how much CPU per message a relay may spend at a target rate on this machine: with C cores
and the load taking L ms a message, a relay that must move R messages a second has (C x 1000 / R) - L ms for each.
Printed for the two goals of issue 16 (4x Postfix, 40 % of the ceiling) beside what the gateway spends.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402  (shared: message maker, smtp-source driver, gateway and Postfix control)
import dumpsink  # noqa: E402  (the smtp-sink every MTA is timed at)

GATEWAY_ROUTE = ["--Gateway:Routes:mms.mnc002.mcc238.gprs", dumpsink.HOP]
SINK = dumpsink.DumpSink("relay")


def log(msg: str) -> None:
    print(f"[relay {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_of(pids: list[int], with_children: bool) -> tuple[float, float]:
    """User and system CPU seconds of these processes (and of their reaped children, when asked)."""
    each = [dumpsink.cpu_seconds(pid, with_children) for pid in pids]
    return sum(u for u, _ in each), sum(s for _, s in each)


def postfix_cpu() -> tuple[float, float]:
    master = subprocess.run(["pgrep", "-x", "master"], capture_output=True, text=True).stdout.split()
    if not master:
        return 0.0, 0.0
    kids = subprocess.run(["pgrep", "-P", master[0]], capture_output=True, text=True).stdout.split()
    u1, s1 = cpu_of([int(master[0])], with_children=True)
    u2, s2 = cpu_of([int(k) for k in kids], with_children=False)
    return u1 + u2, s1 + s2


def load_cpu() -> float:
    """CPU seconds of the load so far: smtp-source (reaped children of this script) and the running smtp-sink."""
    children = os.times()
    return children.children_user + children.children_system + sum(dumpsink.cpu_seconds(SINK.proc.pid))


def run_case(port: int, n: int, msg: str, sessions: int, cpu, timeout: float = 600, persistent: bool = False) -> dict:
    """Injects n messages; times the last 250 and the n-th arrival at the sink; CPU per phase, and the load's."""
    SINK.reset()
    c0, l0 = cpu(), load_cpu()
    t0 = time.monotonic()
    accepted = accept.inject(port, n, msg, sessions, persistent)
    t_acc = time.monotonic() - t0
    c1 = cpu()
    SINK.wait_for(n, timeout - (time.monotonic() - t0), poll=0.02)
    took = time.monotonic() - t0
    c2, l2 = cpu(), load_cpu()
    ms = lambda a, b, i: (b[i] - a[i]) * 1000 / n   # noqa: E731
    return {"acc": accepted, "e2e": n / took, "t_acc": t_acc, "took": took, "load": (l2 - l0) * 1000 / n,
            "acc_user": ms(c0, c1, 0), "acc_sys": ms(c0, c1, 1), "dlv_user": ms(c1, c2, 0), "dlv_sys": ms(c1, c2, 1)}


def budget(rate: float, load_ms: float) -> float:
    """CPU ms per message left to a relay moving `rate` messages a second when the load takes load_ms of each."""
    return (os.cpu_count() or 1) * 1000 / rate - load_ms


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
    # 10d: ten persistent connections (smtp-source -d), as a busy MMSC sends.
    a = accept.parse_cases(__doc__, 5000, 2000, sessions="10,50,10d")
    if a.no_postfix:
        sys.exit("relay.py compares against Postfix: run it as root without --no-postfix")
    gw, pf = RelayGateway(), RelayPostfix()
    accept.start_pair(gw, pf, True)
    rows = []
    SINK.start()
    try:
        for size in [int(s) for s in a.sizes.split(",")]:
            msg = accept.make_message(size)
            n = a.n4 if size < 65536 else a.nbig
            for case in a.sessions.split(","):
                sessions, persistent = int(case.rstrip("d")), case.endswith("d")
                g, p, c = [], [], []
                for rep in range(a.reps):
                    for mta in (["gateway", "postfix"] if rep % 2 == 0 else ["postfix", "gateway"]):
                        if mta == "gateway":
                            gw.start()
                            cpu = lambda: cpu_of([gw.proc.pid], with_children=False)   # noqa: E731
                            if a.warmup:
                                run_case(accept.GATEWAY_PORT, a.warmup, msg, sessions, cpu, persistent=persistent)
                            g.append(run_case(accept.GATEWAY_PORT, n, msg, sessions, cpu, persistent=persistent))
                            gw.stop()
                        else:
                            pf.start()
                            if a.warmup:
                                run_case(accept.POSTFIX_PORT, a.warmup, msg, sessions, postfix_cpu, persistent=persistent)
                            p.append(run_case(accept.POSTFIX_PORT, n, msg, sessions, postfix_cpu, persistent=persistent))
                            pf.stop()
                    c.append(run_case(dumpsink.PORT, n, msg, sessions, lambda: (0.0, 0.0), persistent=persistent))
                    log(f"{size} B x {case} rep {rep + 1}: gateway {fmt(g[-1])}; postfix {fmt(p[-1])}; ceiling {c[-1]['e2e']:.0f}/s")
                rows.append((size, case, n, g, p, c))
    finally:
        SINK.stop()
        gw.stop()
        pf.stop()
        pf.restore()

    print(f"\nrelay end to end, median (min-max) of {a.reps}, MTA order alternating: smtp-source -> MTA -> smtp-sink on 127.0.0.1, "
          f"{os.cpu_count()} cores, warm-up {a.warmup}; delivered = N / time until the N-th message is at the sink, for both")
    for size, sessions, n, g, p, c in rows:
        label = f"{sessions.rstrip('d')} persistent sessions (smtp-source -d)" if sessions.endswith("d") else f"{sessions} sessions"
        print(f"\n{size} B x {label}, N={n}")
        print(f"  accepted/s    gateway {mm(g, 'acc')}   postfix {mm(p, 'acc')}   gateway/postfix {ratio(g, p, 'acc')}")
        print(f"  delivered/s   gateway {mm(g, 'e2e')}   postfix {mm(p, 'e2e')}   gateway/postfix {ratio(g, p, 'e2e')}")
        print(f"  no-relay ceiling (smtp-source -> smtp-sink) {mm(c, 'e2e')}/s; gateway e2e / ceiling "
              f"{statistics.median(r['e2e'] for r in g) / statistics.median(r['e2e'] for r in c):.0%}")
        for name, r in (("gateway", g), ("postfix", p)):
            print(f"  CPU ms/msg {name:<8} accepting: user {med(r, 'acc_user'):.2f} sys {med(r, 'acc_sys'):.2f}; "
                  f"draining: user {med(r, 'dlv_user'):.2f} sys {med(r, 'dlv_sys'):.2f}; "
                  f"total {total(r):.2f}")
        # The smaller of the load's figures (ceiling run, gateway run) gives the relay the more generous budget.
        load = min(med(c, "load"), med(g, "load"))
        print(f"  CPU ms/msg of the load (smtp-source + smtp-sink): {med(c, 'load'):.2f} in the ceiling run, "
              f"{med(g, 'load'):.2f} beside the gateway, {med(p, 'load'):.2f} beside Postfix")
        for goal, rate in (("4x Postfix", 4 * med(p, "e2e")), ("40 % of the ceiling", 0.4 * med(c, "e2e"))):
            left = budget(rate, load)
            verdict = "no relay can do it on this machine" if left <= 0 else f"the gateway spends {total(g):.2f}"
            print(f"  {goal} = {rate:,.0f}/s leaves a relay {left:.2f} ms of CPU a message ({verdict})")


def total(results: list[dict]) -> float:
    return sum(med(results, k) for k in ("acc_user", "acc_sys", "dlv_user", "dlv_sys"))


def med(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def mm(results: list[dict], key: str) -> str:
    return f"{med(results, key):,.0f} ({min(r[key] for r in results):,.0f}-{max(r[key] for r in results):,.0f})"


def ratio(g: list[dict], p: list[dict], key: str) -> str:
    return f"{med(g, key) / med(p, key):.2f}"


def fmt(r: dict) -> str:
    return f"acc {r['acc']:.0f}/s e2e {r['e2e']:.0f}/s ({r['took']:.2f}s)"


if __name__ == "__main__":
    main()
