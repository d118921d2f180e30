"""bench/benchmark.py keeps working: its functions run briefly (no timing is asserted)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "benchmark.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("coalitie_benchmark", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_cases_are_valid_and_seeded(bench):
    from coalitie.diagnose import to_case
    first = list(bench.generate_cases(25, seed=4))
    assert first == list(bench.generate_cases(25, seed=4))
    assert first != list(bench.generate_cases(25, seed=5))
    for data in first:
        to_case(data)  # raises on an invalid case


def test_in_process_figures(bench):
    times = bench.diagnose_times(runs=2, paths=bench.examples()[:2])
    assert all(t["median"] > 0 and t["p95"] >= t["median"] for t in times.values())
    sizes = bench.record_sizes(3)
    assert sizes["full"] > sizes["lean"] > 0


def test_batch_figures(bench, tmp_path):
    path = bench.write_cases(tmp_path / "cases.jsonl", 12)
    assert len(path.read_text().splitlines()) == 12
    for processen in (1, 2):
        r = bench.batch_run(path, processen)
        assert r["cases"] == 12 and r["errors"] == 0 and r["rate"] > 0 and r["maxrss_mb"] > 0
    r = bench.batch_in_fresh_process(path, 1)
    assert r["cases"] == 12 and json.dumps(r)


def test_process_figures(bench):
    name = bench.examples()[0].stem
    assert bench.cli_times(1, names=[name])[name] > 0
    st = bench.startup_times(1)
    assert st["import"] > 0 and st["first"] > 0


def test_report_marks(bench):
    assert bench.line("x", "1 s", "<= 2 s", True).endswith("ok")
    assert bench.line("x", "3 s", "<= 2 s", False).endswith("NOT OK")


def test_side_by_side_with_python_and_the_baseline(bench):
    times = bench.side_by_side(runs=1)
    assert set(times) == {"python", "help", "diagnose"} and all(t > 0 for t in times.values())
    assert bench.baseline().get("diagnose_ms"), f"bench/baseline.json has no entry {bench.BASELINE_LABEL!r}"


def _has_commit(commit: str) -> bool:
    import subprocess
    return subprocess.run(["git", "-C", str(BENCH.parent.parent), "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("commit", ["HEAD", "4a57cbb"])
def test_a_commit_measured_beside_this_code(bench, tmp_path, commit):
    """--tegen: the exported commit's own code is what the worker imports and times."""
    if not _has_commit(commit):
        pytest.skip(f"commit {commit} not in this clone (shallow?)")
    side = bench.export_commit(commit, tmp_path / "tegen")
    assert side.packaged == (commit == "HEAD")  # 4a57cbb had top-level modules diagnose, cli
    task = {"kind": "diagnose", "side": side._asdict(), "runs": 1}
    got = bench._in_worker(task)
    assert set(got) == {p.stem for p in side.examples()}
    assert all(len(d["wall"]) == 1 and d["cpu"][0] >= 0 for d in got.values())
    script = (f"import {side.module('diagnose.engine')} as e, {side.module('diagnose')} as d; "
              "print(d.__file__)")
    import subprocess
    out = subprocess.run(side.python(script), capture_output=True, text=True, check=True).stdout
    assert Path(out.strip()).resolve().is_relative_to((tmp_path / "tegen" / "code").resolve())


def test_cli_fallback_runs_the_package(bench, monkeypatch):
    monkeypatch.setattr(bench.sys, "executable", "/nonexistent/python")
    assert bench._cli_command() == ["/nonexistent/python", "-m", "coalitie.cli"]


def test_instruction_counts_without_valgrind_say_so(bench, monkeypatch, capsys):
    import shutil
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert bench.instruction_counts((bench.NOW,)) == {}
    assert bench.main(["--instructies", "--snel"]) == 2
    assert "valgrind is not installed" in capsys.readouterr().out


def test_callgrind_totals_are_read_from_a_dump(bench, tmp_path):
    dump = tmp_path / "cg.2"
    dump.write_text("version: 1\ncmd: python\nevents: Ir\nsummary: 1234\ntotals: 1234\n")
    assert bench._callgrind_total(dump) == 1234


@pytest.mark.volledig
def test_instruction_counts_per_example(bench):
    """Each example's part of the run is read from its own dump (valgrind: about a minute)."""
    import shutil
    if shutil.which("valgrind") is None:
        pytest.skip("valgrind is not installed")
    got = bench.instruction_counts((bench.NOW,), runs=1)[bench.NOW.label]
    assert set(got) == {p.stem for p in bench.NOW.examples()}
    assert all(count > 1e6 for count in got.values())
    # the smallest example does the least work (a wrong dump order would not show this)
    assert min(got, key=got.get) == "startend-dorp"


def test_no_dump_between_examples_is_said_plainly(bench, tmp_path):
    with pytest.raises(RuntimeError, match="no counters between examples"):
        bench._callgrind_total(tmp_path / "cg.2")
