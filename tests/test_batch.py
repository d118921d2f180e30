"""Batch runs: sources, one record per case in input order, errors as records,
processes, lean records, safe output files."""
from __future__ import annotations

import io
import json
import shutil

import pytest

from coalitie.diagnose import diagnose
from coalitie.diagnose.batch import (Samenvatting, count_cases, diagnose_stream, iter_cases, output_file,
                            run_batch)
from coalitie.diagnose.fileio import RefusedWrite
from conftest import EXAMPLES, case

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))[:3]


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "casussen"
    folder.mkdir()
    for p in EXAMPLE_FILES:
        shutil.copy(p, folder / p.name)
    (folder / "kapot.yaml").write_text("coalitie: [x\n", encoding="utf-8")
    (folder / "notities.txt").write_text("geen casus", encoding="utf-8")
    lines = [json.dumps(case(initiatief_bij_enkelen="ja")), "", "geen json", "[1, 2]",
             json.dumps(case(bestaat_niet="ja")), json.dumps(case())]
    jsonl = tmp_path / "casussen.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, jsonl


def _records(text):
    return [json.loads(line) for line in text.split("\n") if line]  # JSON Lines: \n only (U+2028 may be in a value)


def test_sources_in_order(sources):
    folder, jsonl = sources
    items = list(iter_cases([folder, jsonl, folder / "bestaat-niet.yaml"]))
    names = [b for b, _, _ in items]
    assert names[:4] == sorted(str(folder / n) for n in [p.name for p in EXAMPLE_FILES] + ["kapot.yaml"])
    assert names[4:9] == [f"{jsonl}:{n}" for n in (1, 3, 4, 5, 6)]  # the empty line 2 is skipped
    assert items[-1][1] == "fout"
    assert count_cases([folder, jsonl]) == 9
    assert count_cases(["-"]) is None


def test_one_record_per_case_and_errors_are_records(sources):
    folder, jsonl = sources
    out = io.StringIO()
    summary = run_batch([folder, jsonl], out)
    records = _records(out.getvalue())
    assert len(records) == 9 == summary.casussen
    ok = [r for r in records if r["ok"]]
    bad = [r for r in records if not r["ok"]]
    assert len(ok) == 5 and len(bad) == 4 == summary.fouten
    for r in bad:
        assert r["fout"]["problemen"] and all(len(p) == 2 for p in r["fout"]["problemen"])
    by_bron = {r["bron"]: r for r in records}
    first = str(folder / EXAMPLE_FILES[0].name)
    assert by_bron[first]["diagnose"] == diagnose(EXAMPLE_FILES[0]).model_dump(mode="json")
    assert by_bron[f"{jsonl}:5"]["fout"]["problemen"][0][0] == "observaties.bestaat_niet"
    assert sum(summary.fasen.values()) == 5
    assert "9 casussen" in summary.text() and summary.as_dict()["fouten"] == 4


def test_stdin_jsonl_and_lean_records(sources):
    _, jsonl = sources
    out = io.StringIO()
    run_batch(["-"], out, stdin=io.BytesIO(jsonl.read_bytes()), zonder_spoor=True)
    records = _records(out.getvalue())
    assert [r["bron"] for r in records] == [f"-:{n}" for n in (1, 3, 4, 5, 6)]
    assert all("spoor" not in r["diagnose"] for r in records if r["ok"])


def test_two_processes_give_the_same_output_in_the_same_order(sources):
    folder, jsonl = sources
    one, two = io.StringIO(), io.StringIO()
    run_batch([folder, jsonl, folder], one)
    run_batch([folder, jsonl, folder], two, processen=2, chunk=2)
    assert one.getvalue() == two.getvalue()


def test_an_internal_error_is_one_record(monkeypatch):
    import coalitie.diagnose as api

    def boom(*a, **k):
        raise RuntimeError("kapot")
    monkeypatch.setattr(api, "diagnose", boom)
    outcomes = list(diagnose_stream([("x", "regel", json.dumps(case()).encode())]))
    assert not outcomes[0].ok and json.loads(outcomes[0].line)["fout"]["intern"] is True


def test_output_file_is_safe(tmp_path, sources):
    folder, jsonl = sources
    target = tmp_path / "uit.jsonl"
    with output_file(target) as fh:
        fh.write("a\n")
    assert target.read_text() == "a\n"
    with pytest.raises(RefusedWrite):
        with output_file(target):
            pass
    with pytest.raises(KeyboardInterrupt):  # an interrupted run leaves the old file intact
        with output_file(target, force=True) as fh:
            fh.write("half")
            raise KeyboardInterrupt
    assert target.read_text() == "a\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    for protected, path in ((jsonl, jsonl), (folder, folder / "nieuw.yaml")):
        with pytest.raises(RefusedWrite):
            with output_file(path, force=True, protected=[protected]):
                pass


def test_summary_counts():
    s = Samenvatting()
    assert s.text().startswith("0 casussen")


def test_the_collector_runs_less_often_during_a_batch_and_the_host_keeps_its_own(sources):
    """A batch raises the cycle collector's first threshold while it runs (a case makes and
    drops tens of thousands of objects) and gives the host program its own back after."""
    import gc
    folder, _ = sources
    before = gc.get_threshold()
    seen = []
    stream = diagnose_stream(iter_cases([folder]))
    for _ in stream:
        seen.append(gc.get_threshold())
    assert seen and all(t[0] >= 10_000 and t[1:] == before[1:] for t in seen)
    assert gc.get_threshold() == before
    gc.set_threshold(50_000, *before[1:])  # a host that set a higher one keeps it, during and after
    try:
        assert all(gc.get_threshold()[0] == 50_000 for _ in diagnose_stream(iter_cases([folder])))
        assert gc.get_threshold()[0] == 50_000
    finally:
        gc.set_threshold(*before)
