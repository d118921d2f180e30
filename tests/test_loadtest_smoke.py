"""bench/loadtest.py keeps working: a tiny run against two real worker processes
(no latency or throughput is asserted; the machine is shared)."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

LOADTEST = Path(__file__).resolve().parent.parent / "bench" / "loadtest.py"

_MISSING = [n for n in ("fastapi", "uvicorn", "httpx") if importlib.util.find_spec(n) is None]
if _MISSING:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs the [server] and [test] extras; missing: {', '.join(_MISSING)}")
    pytest.skip(f"the [server] extra is not installed (missing {', '.join(_MISSING)})", allow_module_level=True)


def test_a_small_bounded_run_with_two_workers(tmp_path):
    spec = importlib.util.spec_from_file_location("coalitie_loadtest", LOADTEST)
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    r = loadtest.run(processen=2, verzoeken=12, gelijktijdig=4, engines=1, max_duur=120, log=tmp_path / "serve.log")
    assert r["geslaagd"] == 12 and r["fouten"] == 0 and r["interne_fouten_in_log"] == 0
    assert len(r["geheugen_per_proces_mb"]) == 2
    assert all(m["rss"] > 0 and m["piek"] >= m["rss"] for m in r["geheugen_per_proces_mb"].values())
    assert 0 < r["mediaan_ms"] <= r["p95_ms"] <= r["max_ms"]
    assert "mediaan" in loadtest.report(r)
