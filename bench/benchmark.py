#!/usr/bin/env python
"""Speed and memory of coalitie, each figure next to its target (a script, not a test).

    .venv/bin/python bench/benchmark.py           # full run (10,000 generated cases; minutes)
    .venv/bin/python bench/benchmark.py --snel    # smoke run (300 cases; under a minute or two)

Measures:
  1. whole process: `coalitie diagnose --voorbeeld X` per example (median of runs); and
     `python -c pass`, `coalitie --help` and one diagnosis side by side (issue 17's ratios)
  2. import of `coalitie.diagnose`, and the first diagnosis in a fresh process (engine build)
  3. one diagnosis in a reused engine, per example (median and p95), and how many times
     faster than the baseline entry BASELINE_LABEL of bench/baseline.json
  4. batch throughput on generated cases (seeded; bench/cases.py) with 1 and 2 processes
  5. peak memory (maxrss) of a batch of n/10 vs n cases: it must stay flat

Timings are wall-clock and depend on what else runs on the machine: the load
average is printed first. CPU time per diagnosis is shown alongside.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import generate_cases  # noqa: E402

EXAMPLE_DIR = ROOT / "kennisbank" / "voorbeelden"

TARGETS = {
    "cli": 0.5,            # s, whole process
    "diagnose": 0.020,     # s, median in a reused engine
    "per_core": 50.0,      # cases/s with one process
    "speedup": 1.7,        # two processes vs one ("close to 2x")
    "memory": 1.10,        # maxrss(n) / maxrss(n/10)
}
# issue 17, against `python -c pass` measured in the same run and against BASELINE_LABEL
RELATIVE = {
    "cli_x_python": 10.0,       # coalitie diagnose, whole process (stretch 6)
    "help_x_python": 4.0,       # coalitie --help, whole process
    "diagnose_x_faster": 2.0,   # median per example in a reused engine, baseline / now (stretch: <= 5 ms)
    "batch_x_faster": 2.0,      # one process, now / baseline (two vs one: TARGETS["speedup"])
}
BASELINE_LABEL = "na issue 12 (records, gewogen bevindingen)"


def examples() -> list[Path]:
    return sorted(EXAMPLE_DIR.glob("*.yaml"))


def _median_p95(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def _cli_command() -> list[str]:
    script = Path(sys.executable).parent / "coalitie"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from cli import main; main()"]


# -- 1. whole process ---------------------------------------------------------
def cli_times(runs: int = 7, names: list[str] | None = None, bytecode: bool = True) -> dict[str, float]:
    """Median wall time (s) of `coalitie diagnose --voorbeeld NAME` per example.

    ``bytecode``: as an installed app runs, with compiled .pyc files (kept in a temporary
    PYTHONPYCACHEPREFIX, not in the project). False: every module compiled from source
    in every process, as with PYTHONDONTWRITEBYTECODE=1 (this sandbox's default)."""
    names = names or [p.stem for p in examples()]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        if bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
            subprocess.run(_cli_command() + ["diagnose", "--voorbeeld", names[0]], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, env=env)  # writes the cache
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        out = {}
        for name in names:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                subprocess.run(_cli_command() + ["diagnose", "--voorbeeld", name], cwd=ROOT, check=True,
                               stdout=subprocess.DEVNULL, env=env)
                times.append(time.perf_counter() - t)
            out[name] = statistics.median(times)
    return out


def side_by_side(runs: int = 7, name: str | None = None) -> dict[str, float]:
    """Median wall time (s) of `python -c pass`, `coalitie --help` and `coalitie diagnose
    --voorbeeld NAME`, each run in turn so the three see the same machine load (with .pyc
    files, as installed)."""
    name = name or examples()[0].stem
    commands = {"python": [sys.executable, "-c", "pass"], "help": _cli_command() + ["--help"],
                "diagnose": _cli_command() + ["diagnose", "--voorbeeld", name]}
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: dict[str, list[float]] = {k: [] for k in commands}
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        for cmd in commands.values():  # writes the .pyc files (and the engine's network cache)
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
        for _ in range(runs):
            for key, cmd in commands.items():
                t = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
                times[key].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def baseline() -> dict:
    data = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    return data.get(BASELINE_LABEL, {})


# -- 2. import ----------------------------------------------------------------
_STARTUP = """
import time, json
t0 = time.perf_counter()
from coalitie import diagnose
t1 = time.perf_counter()
diagnose.diagnose({path!r})
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first": t2 - t1}}))
"""


def startup_times(runs: int = 7) -> dict[str, float]:
    """Median of: `import diagnose`; the first diagnosis in a fresh process (imports
    experta and the rules, builds the engine); and a bare `python -c pass`."""
    imports, firsts, bare = [], [], []
    code = _STARTUP.format(path=str(examples()[0]))
    for _ in range(runs):
        r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
        d = json.loads(r.stdout)
        imports.append(d["import"])
        firsts.append(d["first"])
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t)
    return {"import": statistics.median(imports), "first": statistics.median(firsts),
            "python": statistics.median(bare)}


# -- 3. one diagnosis in a reused engine -------------------------------------------
def diagnose_times(runs: int = 200, paths: list[Path] | None = None) -> dict[str, dict[str, float]]:
    """Per example: median and p95 wall time, median CPU time (s) of diagnose(case)."""
    from coalitie.diagnose import diagnose, load_case
    out = {}
    for path in paths or examples():
        case = load_case(path)
        for _ in range(3):
            diagnose(case)  # warm up (engine build, caches)
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            diagnose(case)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        med, p95 = _median_p95(wall)
        out[path.stem] = {"median": med, "p95": p95, "cpu": statistics.median(cpu)}
    return out


# -- 4/5. batch ---------------------------------------------------------------
def write_cases(path: Path, n: int, seed: int = 8) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for c in generate_cases(n, seed=seed):
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    return path


def batch_run(path: Path, processen: int, zonder_spoor: bool = False) -> dict:
    """Diagnose a JSON Lines file into /dev/null in this process; seconds and counts."""
    from coalitie.diagnose.batch import run_batch
    t, cpu = time.perf_counter(), os.times()
    with open(os.devnull, "w", encoding="utf-8") as out:
        summary = run_batch([path], out, processen=processen, zonder_spoor=zonder_spoor)
    seconds = time.perf_counter() - t
    end = os.times()
    cpu_seconds = (end.user + end.system + end.children_user + end.children_system
                   - cpu.user - cpu.system - cpu.children_user - cpu.children_system)
    return {"seconds": seconds, "cases": summary.casussen, "errors": summary.fouten,
            "rate": summary.casussen / seconds if seconds else 0.0,
            "cores_used": cpu_seconds / seconds if seconds else 0.0,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def batch_in_fresh_process(path: Path, processen: int) -> dict:
    """``batch_run`` in a new Python process, so maxrss is this batch's alone."""
    r = subprocess.run([sys.executable, __file__, "--_batch", str(path), str(processen)], cwd=ROOT,
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def record_sizes(n: int = 50) -> dict[str, float]:
    """Mean size (bytes) of a record with and without the spoor (trace)."""
    from coalitie.diagnose import diagnose
    full = lean = 0
    for c in generate_cases(n, seed=3):
        d = diagnose(c)
        full += len(d.model_dump_json())
        lean += len(d.model_dump_json(exclude={"spoor"}))
    return {"full": full / n, "lean": lean / n}


# -- report -------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "ok" if ok else "NOT OK"


def line(label: str, value: str, target: str, ok: bool | None) -> str:
    mark = "" if ok is None else verdict(ok)
    return f"  {label:44} {value:>16}   target {target:14} {mark}"


BASELINE = ROOT / "bench" / "baseline.json"


def store(label: str, figures: dict) -> None:
    """Keep this run's figures under ``label`` in bench/baseline.json (older labels stay)."""
    data = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    data[label] = dict(figures, datum=time.strftime("%Y-%m-%d"))
    BASELINE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n   stored under {label!r} in {BASELINE.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snel", action="store_true", help="smoke run: few repetitions, 300 cases")
    ap.add_argument("--cases", type=int, help="cases for the batch figures (default 10000, 300 with --snel)")
    ap.add_argument("--bewaar", metavar="LABEL",
                    help="also store this run's figures under LABEL in bench/baseline.json")
    ap.add_argument("--_batch", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._batch:
        print(json.dumps(batch_run(Path(args._batch[0]), int(args._batch[1]))))
        return 0

    snel = args.snel
    n = args.cases or (300 if snel else 10_000)
    cli_runs, diag_runs = (3, 30) if snel else (7, 200)
    print(f"coalitie benchmark ({'snel' if snel else 'volledig'}): {os.cpu_count()} cores, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, Python {sys.version.split()[0]}")
    from coalitie.diagnose.engine import all_rules
    print(f"  {len(all_rules())} rules, {len(examples())} examples")
    failures = 0
    figures: dict = {"rules": len(all_rules()), "snel": snel, "cases": n,
                     "load_average": round(os.getloadavg()[0], 2)}

    print("\n1. Whole process: coalitie diagnose --voorbeeld X (median of %d; with .pyc files, "
          "as installed)" % cli_runs)
    figures["cli_s"] = {}
    for name, t in cli_times(cli_runs).items():
        figures["cli_s"][name] = round(t, 3)
        ok = t <= TARGETS["cli"]
        failures += not ok
        print(line(name, f"{t:.3f} s", f"<= {TARGETS['cli']} s", ok))
    cold = cli_times(cli_runs, names=[examples()[0].stem], bytecode=False)
    print(line("(no .pyc: PYTHONDONTWRITEBYTECODE=1)", f"{next(iter(cold.values())):.3f} s", "-", None))

    print("\n1b. Side by side with `python -c pass` (median of %d, run in turn)" % cli_runs)
    sbs = side_by_side(cli_runs)
    figures["side_by_side_s"] = {k: round(v, 3) for k, v in sbs.items()}
    print(line("python -c pass", f"{sbs['python']:.3f} s", "-", None))
    for key, label, target in (("diagnose", "coalitie diagnose --voorbeeld", "cli_x_python"),
                               ("help", "coalitie --help", "help_x_python")):
        ratio = sbs[key] / sbs["python"]
        ok = ratio <= RELATIVE[target]
        failures += not ok
        print(line(label, f"{sbs[key]:.3f} s", f"<= {RELATIVE[target]:.0f}x python", ok) + f"  ({ratio:.1f}x)")

    print("\n2. Start-up (median of %d fresh processes)" % cli_runs)
    st = startup_times(cli_runs)
    figures["startup_s"] = {k: round(v, 3) for k, v in st.items()}
    print(line("python -c pass", f"{st['python']:.3f} s", "-", None))
    print(line("import coalitie.diagnose", f"{st['import']:.3f} s", "-", None))
    print(line("first diagnosis (experta, rules, engine)", f"{st['first']:.3f} s", "-", None))

    print(f"\n3. One diagnosis in a reused engine ({diag_runs} runs each)")
    figures["diagnose_ms"] = {}
    for name, d in diagnose_times(diag_runs).items():
        figures["diagnose_ms"][name] = {k: round(v * 1000, 2) for k, v in d.items()}
        ok = d["median"] <= TARGETS["diagnose"]
        failures += not ok
        print(line(name, f"{d['median'] * 1000:.1f} ms", f"<= {TARGETS['diagnose'] * 1000:.0f} ms", ok)
              + f"  (p95 {d['p95'] * 1000:.1f} ms, cpu {d['cpu'] * 1000:.1f} ms)")

    base = baseline()
    if base.get("diagnose_ms"):
        now = {k: v["median"] for k, v in figures["diagnose_ms"].items()}
        then = {k: v["median"] for k, v in base["diagnose_ms"].items() if k in now}
        ratio = statistics.median(then[k] / now[k] for k in then) if then else 0.0
        ok = ratio >= RELATIVE["diagnose_x_faster"]
        failures += not ok
        print(line(f"vs {BASELINE_LABEL[:30]}", f"{ratio:.2f}x faster",
                   f">= {RELATIVE['diagnose_x_faster']:.0f}x", ok)
              + f"  (median example now {statistics.median(now.values()):.1f} ms, stretch <= 5 ms)")

    sizes = record_sizes(20 if snel else 100)
    print(f"\n   record size: {sizes['full'] / 1024:.1f} kB, without spoor {sizes['lean'] / 1024:.1f} kB")

    with tempfile.TemporaryDirectory() as tmp:
        small = write_cases(Path(tmp) / "small.jsonl", max(1, n // 10))
        big = write_cases(Path(tmp) / "big.jsonl", n)
        print(f"\n4. Batch throughput on {n:,} generated cases (fresh process each)")
        one = batch_in_fresh_process(big, 1)
        two = batch_in_fresh_process(big, 2)
        ok = one["rate"] >= TARGETS["per_core"]
        failures += not ok
        print(line("1 process", f"{one['rate']:.1f} cases/s", f">= {TARGETS['per_core']:.0f}/s", ok)
              + f"  ({one['seconds']:.1f} s, {one['errors']} errors)")
        speedup = two["rate"] / one["rate"] if one["rate"] else 0.0
        ok = speedup >= TARGETS["speedup"]
        failures += not ok
        print(line("2 processes", f"{two['rate']:.1f} cases/s", f">= {TARGETS['speedup']}x of 1", ok)
              + f"  ({speedup:.2f}x, {two['seconds']:.1f} s, {two['cores_used']:.2f} cores busy)")
        if base.get("batch_1_rate"):
            ratio = one["rate"] / base["batch_1_rate"]
            ok = ratio >= RELATIVE["batch_x_faster"]
            failures += not ok
            print(line(f"1 process vs {BASELINE_LABEL[:23]}", f"{ratio:.2f}x",
                       f">= {RELATIVE['batch_x_faster']:.0f}x", ok))
        if os.getloadavg()[0] > 0.5:
            print("   note: other processes are running (load average above); the 2-process figure "
                  "needs two idle cores")

        print(f"\n5. Peak memory (maxrss), 1 process: {n // 10:,} vs {n:,} cases")
        low = batch_in_fresh_process(small, 1)
        ratio = one["maxrss_mb"] / low["maxrss_mb"]
        ok = ratio <= TARGETS["memory"]
        failures += not ok
        print(line(f"{n // 10:,} cases", f"{low['maxrss_mb']:.1f} MB", "-", None))
        print(line(f"{n:,} cases", f"{one['maxrss_mb']:.1f} MB", f"<= {TARGETS['memory']:.2f}x", ok)
              + f"  ({ratio:.2f}x)")
        print(line("2 processes: main / largest worker", f"{two['maxrss_mb']:.0f} / "
                   f"{two['maxrss_children_mb']:.0f} MB", "-", None))

    figures.update(batch_1_rate=round(one["rate"], 1), batch_2_rate=round(two["rate"], 1),
                   maxrss_small_mb=round(low["maxrss_mb"], 1), maxrss_big_mb=round(one["maxrss_mb"], 1),
                   record_kb=round(sizes["full"] / 1024, 1), failures=failures)
    if args.bewaar:
        store(args.bewaar, figures)
    print(f"\n{'all targets met' if not failures else f'{failures} figure(s) NOT OK'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
