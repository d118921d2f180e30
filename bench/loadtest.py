#!/usr/bin/env python
"""A bounded load test of `coalitie serve` on this machine (a script, not a test).

    .venv/bin/python bench/loadtest.py                      # 2 processes, 2,000 requests, 16 at a time
    .venv/bin/python bench/loadtest.py --processen 1        # one process: the throughput per worker
    .venv/bin/python bench/loadtest.py --snel               # smoke run: 40 requests
    .venv/bin/python bench/loadtest.py --json uit.json      # the figures as JSON too

It starts the service on a free loopback port (127.0.0.1 only), waits until every
worker process has built its engines, sends a few warm-up requests, then POSTs
``--verzoeken`` seeded generated cases (bench/cases.py, as JSON) to /v1/diagnose with
``--gelijktijdig`` requests in flight, and stops the service. Bounded in count and in
time: no new request is sent after ``--max-duur`` seconds. Prints the median, p95 and
maximum latency, throughput (in all and per worker process), errors (anything but 200,
and connection failures), and the resident memory of each worker (now and at its peak).

The client runs on the same machine as the service and takes CPU from it: its own CPU
time is printed, as is the load average before the run. Exit status 1 when any
request failed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import generate_cases  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _coalitie() -> list[str]:
    script = Path(sys.executable).parent / "coalitie"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from cli import main; main()"]


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(x) for x in task.read_text().split()]
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {k: int(v) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.M)}
    return {"rss": round(kb.get("VmRSS", 0) / 1024, 1), "piek": round(kb.get("VmHWM", 0) / 1024, 1)}


class Service:
    """`coalitie serve` on a free loopback port, until stop()."""

    def __init__(self, processen: int, engines: int, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if k != "COALITIE_TOKEN"}
        self.proc = subprocess.Popen(
            _coalitie() + ["serve", "--host", "127.0.0.1", "--poort", str(self.port), "--processen", str(processen),
                           "--engines", str(engines)],  # the other limits as shipped
            stdout=subprocess.DEVNULL, stderr=open(log, "wb"), env=env, start_new_session=True)
        self.processen = processen

    def wait_ready(self, timeout: float = 180) -> list[int]:
        """Wait until every worker has said it is ready ("klaar: proces PID"); their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("coalitie serve stopped:\n" + self.log.read_text(errors="replace"))
            pids = [int(p) for p in re.findall(r"klaar: proces (\d+)", self.log.read_text(errors="replace"))]
            if len(pids) >= self.processen:
                return pids
            time.sleep(0.2)
        raise RuntimeError(f"not every worker was ready within {timeout:g} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


async def _load(url: str, bodies: list[bytes], concurrency: int, max_duration: float, fmt: str) -> dict:
    import httpx
    latencies: list[float] = []
    errors: dict[str, int] = {}
    pending = iter(bodies)
    stop_at = time.monotonic() + max_duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        async def worker():
            for body in pending:
                if time.monotonic() > stop_at:
                    errors["niet verstuurd (max-duur)"] = errors.get("niet verstuurd (max-duur)", 0) + 1
                    continue
                start = time.perf_counter()
                try:
                    r = await client.post("/v1/diagnose", params={"format": fmt}, content=body,
                                          headers={"Content-Type": "application/json"})
                    await r.aread()
                    if r.status_code != 200:
                        errors[f"HTTP {r.status_code}"] = errors.get(f"HTTP {r.status_code}", 0) + 1
                        continue
                except Exception as exc:  # a failed connection counts as an error, the run goes on
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - start)
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed}


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))] if xs else float("nan")


def run(processen: int = 2, verzoeken: int = 2000, gelijktijdig: int = 16, engines: int = 2,
        max_duur: float = 600.0, fmt: str = "json", seed: int = 17, log: Path | None = None) -> dict:
    bodies = [json.dumps(c).encode() for c in generate_cases(verzoeken, seed=seed)]
    warm = [json.dumps(c).encode() for c in generate_cases(4 * processen * engines, seed=seed + 1)]
    log = log or Path(os.environ.get("TMPDIR", "/tmp")) / f"coalitie-loadtest-{os.getpid()}.log"
    load_before = os.getloadavg()[0]
    service = Service(processen, engines, log)
    try:
        workers = service.wait_ready()
        asyncio.run(_load(service.url, warm, min(gelijktijdig, len(warm)), 120, fmt))
        cpu0, server_cpu0 = time.process_time(), {pid: cpu_seconds(pid) for pid in workers}
        result = asyncio.run(_load(service.url, bodies, gelijktijdig, max_duur, fmt))
        client_cpu = time.process_time() - cpu0
        server_cpu = sum(cpu_seconds(pid) - t for pid, t in server_cpu0.items())
        memory = {pid: memory_mb(pid) for pid in workers if Path(f"/proc/{pid}").exists()}
        main_memory = memory_mb(service.proc.pid)
    finally:
        service.stop()
        log_text = log.read_text(errors="replace") if log.exists() else ""
        log.unlink(missing_ok=True)
    lat = result["latencies"]
    ok = len(lat)
    errors = sum(result["errors"].values())
    return {
        "processen": processen, "engines_per_proces": engines, "verzoeken": verzoeken,
        "gelijktijdig": gelijktijdig, "format": fmt, "load_average_vooraf": round(load_before, 2),
        "geslaagd": ok, "fouten": errors, "fouten_per_soort": result["errors"],
        "duur_s": round(result["elapsed"], 2),
        "per_seconde": round(ok / result["elapsed"], 1) if result["elapsed"] else 0.0,
        "per_seconde_per_proces": round(ok / result["elapsed"] / processen, 1) if result["elapsed"] else 0.0,
        "mediaan_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
        "p95_ms": round(percentile(lat, 0.95) * 1000, 1) if lat else None,
        "max_ms": round(max(lat) * 1000, 1) if lat else None,
        "geheugen_per_proces_mb": {str(pid): m for pid, m in memory.items()},
        "geheugen_hoofdproces_mb": main_memory,
        "cpu_client_s": round(client_cpu, 2),
        "cpu_service_s": round(server_cpu, 2),
        # CPU time per request in the workers: less sensitive to a busy machine than wall time;
        # 1000 / this is what one worker can do with a whole core to itself
        "cpu_ms_per_verzoek": round(server_cpu / ok * 1000, 2) if ok else None,
        "per_seconde_per_kern": round(ok / server_cpu, 1) if server_cpu else None,
        "interne_fouten_in_log": log_text.count("interne fout"),
    }


def report(r: dict) -> str:
    lines = [
        f"coalitie serve: {r['processen']} proces(sen) × {r['engines_per_proces']} engines, "
        f"{r['verzoeken']} verzoeken ({r['format']}), {r['gelijktijdig']} tegelijk",
        f"  load average vooraf     {r['load_average_vooraf']} (2 kernen; service en client delen ze)",
        f"  geslaagd / fouten       {r['geslaagd']} / {r['fouten']}" +
        (f"  {r['fouten_per_soort']}" if r["fouten"] else ""),
        f"  duur                    {r['duur_s']} s",
        f"  doorvoer                {r['per_seconde']} per s ({r['per_seconde_per_proces']} per s per proces)",
        f"  latentie                mediaan {r['mediaan_ms']} ms, p95 {r['p95_ms']} ms, max {r['max_ms']} ms",
    ]
    for pid, m in r["geheugen_per_proces_mb"].items():
        lines.append(f"  geheugen werkproces {pid:>6}  {m['rss']} MB nu, piek {m['piek']} MB")
    lines.append(f"  geheugen hoofdproces    {r['geheugen_hoofdproces_mb']['rss']} MB")
    lines.append(f"  CPU-tijd                service {r['cpu_service_s']} s ({r['cpu_ms_per_verzoek']} ms per verzoek: "
                 f"{r['per_seconde_per_kern']} per s per volle kern), client {r['cpu_client_s']} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--processen", type=int, default=2)
    ap.add_argument("--engines", type=int, default=2, help="engines per process")
    ap.add_argument("--verzoeken", type=int, default=2000)
    ap.add_argument("--gelijktijdig", type=int, default=16)
    ap.add_argument("--max-duur", type=float, default=600.0, help="send no new request after this many seconds")
    ap.add_argument("--format", default="json", help="format of /v1/diagnose (json, text, markdown, …)")
    ap.add_argument("--snel", action="store_true", help="smoke run: 40 requests")
    ap.add_argument("--json", metavar="BESTAND", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if not 1 <= args.gelijktijdig <= 256 or not 1 <= args.verzoeken <= 100_000 or args.max_duur <= 0:
        ap.error("1 <= --gelijktijdig <= 256, 1 <= --verzoeken <= 100000, --max-duur > 0")
    n = 40 if args.snel else args.verzoeken
    r = run(args.processen, n, args.gelijktijdig, args.engines, args.max_duur, args.format)
    print(report(r))
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if r["fouten"] == 0 and r["interne_fouten_in_log"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
