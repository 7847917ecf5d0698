"""dumpsink.py -- Postfix's smtp-sink on 127.0.0.1:2526, dumping each message it accepts into a file on tmpfs.

The benches time delivery here, the same way for every MTA: a message counts once its file exists, and nothing asks
the MTA while it works. Shared by relay.py, drain.py, jit.py, jitwatch.py, threads.py and latency.py, with the
start of the published gateway they run against it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import accept

PORT = 2526
HOP = f"[127.0.0.1]:{PORT}"


class DumpSink:
    def __init__(self, name: str) -> None:
        self.dir = f"/dev/shm/mmsgw-{name}-sink"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.reset()
        # -d: one file per message received (the template's directory, a random suffix added by smtp-sink).
        self.proc = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", "-d", f"{self.dir}/m.", f"127.0.0.1:{PORT}", "256"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        accept.wait_port(PORT)

    def reset(self) -> None:
        """Forgets what arrived so far: the next count starts at zero."""
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        os.chmod(self.dir, 0o777)   # smtp-sink runs as nobody

    def arrived(self) -> int:
        with os.scandir(self.dir) as it:
            return sum(1 for _ in it)

    def wait_for(self, n: int, timeout: float, poll: float = 0.01, on_first=None) -> None:
        """Until n messages are here; on_first() is called when the first one is seen. Exits the bench after timeout s."""
        deadline = time.monotonic() + timeout
        seen = False
        while (count := self.arrived()) < n:
            if count and not seen and on_first:
                on_first()
                seen = True
            if time.monotonic() > deadline:
                sys.exit(f"only {count} of {n} messages reached the sink within {timeout:.0f}s")
            time.sleep(poll)
        if not seen and on_first:
            on_first()

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


def published_gateway(published: str | None) -> accept.Gateway:
    """The gateway a bench runs: a publish output named on its command line (--published DIR), or this tree, published now."""
    gw = accept.Gateway()
    if published:
        gw.out = os.path.abspath(published)
    else:
        gw.publish()
    return gw


def start_gateway(out: str, name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The published gateway in `out` on a fresh data directory (WORK/NAME-data), its output in WORK/NAME-gateway.log,
    with `env` added to the environment; returns once it listens for SMTP."""
    data = os.path.join(accept.WORK, f"{name}-data")
    shutil.rmtree(data, ignore_errors=True)
    with open(os.path.join(accept.WORK, f"{name}-gateway.log"), "w") as log:
        p = subprocess.Popen(gateway_command(out, data), cwd=out, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
    accept.wait_port(accept.GATEWAY_PORT)
    return p


def gateway_command(out: str, data: str) -> list[str]:
    """The published gateway in `out` on a data directory, listening where smtp-source sends and routing the test
    operator to this sink. A self-contained publish carries its runtime and is started by its own executable."""
    program = ([os.path.join(out, "MmsConsole.Web")] if os.path.exists(os.path.join(out, "libcoreclr.so"))
               else ["dotnet", os.path.join(out, "MmsConsole.Web.dll")])
    return [*program, "--urls", "http://127.0.0.1:5099", "--Gateway:DataDirectory", data,
            "--Gateway:Smtp:Listen:0", f"127.0.0.1:{accept.GATEWAY_PORT}", "--Gateway:Smtp:Hostname", "mm4gw.bench.invalid",
            "--Gateway:Routes:mms.mnc002.mcc238.gprs", HOP]


def cpu_seconds(pid: int, with_children: bool = False) -> tuple[float, float]:
    """User and system CPU seconds of a process (and of its reaped children, when asked); zero once it is gone."""
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    hz = os.sysconf("SC_CLK_TCK")
    return ((int(f[11]) + (int(f[13]) if with_children else 0)) / hz,
            (int(f[12]) + (int(f[14]) if with_children else 0)) / hz)
