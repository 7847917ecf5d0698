#!/usr/bin/env python3
"""latency.py -- how long each step of one SMTP transaction takes at the gateway, with nothing else sending.

Starts the published gateway (route to smtp-sink on 127.0.0.1:2526), warms it with smtp-source (10 sessions), then
runs transactions one after another from a single client: connect and banner, EHLO, MAIL, RCPT, DATA, the body
up to the 250 (the spool's fsync is in it), QUIT. Prints the median and 90th percentile of each step, and of the
whole, over the measured transactions. Under load the rate of one-message sessions is bound by this latency only
when CPU is left over; bench/threads.py says where the CPU goes.

    python3 bench/latency.py                        # 4 KB, warm-up 3,000, 100 unmeasured then 300 measured
    python3 bench/latency.py --size 102400 --published DIR
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accept  # noqa: E402
import dumpsink  # noqa: E402

STEPS = ["connect, banner", "EHLO", "MAIL", "RCPT", "DATA", "body, 250", "QUIT"]


class Replies:
    """Reads whole SMTP replies (the last line of a multi-line one) from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buf = sock, b""

    def next(self) -> bytes:
        while True:
            while (i := self.buf.find(b"\r\n")) >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                if line[3:4] != b"-":
                    return line
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the gateway closed the connection")
            self.buf += chunk


def transaction(body: bytes) -> list[float]:
    """Seconds per step of one transaction."""
    marks = [time.perf_counter()]
    with socket.create_connection(("127.0.0.1", accept.GATEWAY_PORT)) as s:
        replies = Replies(s)
        replies.next()
        marks.append(time.perf_counter())
        for command in [b"EHLO latency.bench.invalid", f"MAIL FROM:<{accept.SENDER}>".encode(), f"RCPT TO:<{accept.RCPT}>".encode(), b"DATA"]:
            s.sendall(command + b"\r\n")
            reply = replies.next()
            if reply[:1] not in (b"2", b"3"):
                raise RuntimeError(f"{command!r}: {reply!r}")
            marks.append(time.perf_counter())
        s.sendall(body + b".\r\n")
        if not (reply := replies.next()).startswith(b"250"):
            raise RuntimeError(f"end of data: {reply!r}")
        marks.append(time.perf_counter())
        s.sendall(b"QUIT\r\n")
        replies.next()
        marks.append(time.perf_counter())
    return [b - a for a, b in zip(marks, marks[1:])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--warmup", type=int, default=3000, help="messages sent by smtp-source (10 sessions) first")
    ap.add_argument("--n", type=int, default=300, help="transactions measured, after 100 unmeasured")
    ap.add_argument("--published", metavar="DIR", help="run this publish output instead of publishing the tree")
    a = ap.parse_args()
    gw = dumpsink.published_gateway(a.published)
    sink = dumpsink.DumpSink("latency")
    p = None
    msg = accept.make_message(a.size)
    body = open(msg, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if any(line.startswith(b".") for line in body.split(b"\r\n")):
        sys.exit("the message has a line starting with a dot: stuff it first")
    try:
        sink.start()
        p = dumpsink.start_gateway(gw.out, "latency")
        if a.warmup:
            accept.inject(accept.GATEWAY_PORT, a.warmup, msg, 10)
            sink.wait_for(a.warmup, timeout=900)
        for _ in range(100):
            transaction(body)
        times = [transaction(body) for _ in range(a.n)]
    finally:
        if p:
            p.terminate()
            p.wait(60)
        sink.stop()
    print(f"{a.size} B, one client, {a.n} transactions after a warm-up of {a.warmup}: ms per step, median (90th percentile)")
    for i, step in enumerate(STEPS + ["whole transaction"]):
        values = sorted(t[i] * 1000 for t in times) if i < len(STEPS) else sorted(sum(t) * 1000 for t in times)
        print(f"  {step:18s} {statistics.median(values):.3f} ({values[int(len(values) * 0.9)]:.3f})")


if __name__ == "__main__":
    main()
