"""The validated knowledge base and records kept on disk (kennisbank.cached_build): a new
process loads them instead of parsing YAML and validating again; keyed by content, private,
never trusted when someone else could have written it; what it loads is what parsing gives."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coalitie import kennisbank
from coalitie.diagnose import records

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys
from coalitie import kennisbank
from coalitie.diagnose import records
from coalitie.kennisbank import yamlstrict
parsed = []
real = yamlstrict.load
yamlstrict.load = lambda text: parsed.append(1) or real(text)
kb = kennisbank.load()
recs = records.load_records()
from coalitie.diagnose import diagnose
out = diagnose(sys.argv[1]).model_dump_json()
print(json.dumps({"parsed": len(parsed), "out": out, "records": len(recs), "risicos": len(kb.risicos)}))
"""


def _probe(cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "COALITIE_GEEN_CACHE"}
    env["XDG_CACHE_HOME"] = str(cache)
    example = ROOT / "kennisbank" / "voorbeelden" / "lopende-coalitie.yaml"
    r = subprocess.run([sys.executable, "-c", _PROBE, str(example)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_a_second_process_parses_no_knowledge_file(tmp_path):
    first = _probe(tmp_path)
    assert first["parsed"] > 0  # a fresh cache: every file parsed (the case file too)
    files = sorted(p.name.split("-")[0] for p in (tmp_path / "coalitie").glob("*.pickle"))
    assert "kennisbank" in files and "records" in files
    for path in (tmp_path / "coalitie").glob("*.pickle"):
        assert path.stat().st_mode & 0o777 == 0o600
    second = _probe(tmp_path)
    assert second["parsed"] == 1  # only the case file itself
    assert second["out"] == first["out"]
    assert (second["records"], second["risicos"]) == (first["records"], first["risicos"])


def test_what_the_cache_gives_is_what_parsing_gives():
    assert records._parse(sorted(records.RULES_DIR.glob("*.yaml"))) == records._load()
    fresh, loaded = kennisbank._load(), kennisbank.load()
    for kind in kennisbank.KINDS + ("bronnen", "fasen", "condities", "themas", "partnertypes", "area_of"):
        assert getattr(fresh, kind) == getattr(loaded, kind), kind
    assert fresh.versie == loaded.versie


def test_keyed_by_content_and_rebuilt_when_damaged_or_not_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COALITIE_GEEN_CACHE", raising=False)
    data = tmp_path / "data.txt"
    data.write_text("een")
    built = []

    def build():
        built.append(data.read_text())
        return {"inhoud": data.read_text()}

    assert kennisbank.cached_build("proef", [data], build) == {"inhoud": "een"}
    assert kennisbank.cached_build("proef", [data], build) == {"inhoud": "een"}
    assert built == ["een"]  # the second came from the cache
    data.write_text("twee")
    assert kennisbank.cached_build("proef", [data], build) == {"inhoud": "twee"}
    assert built == ["een", "twee"]
    [current] = [p for p in (tmp_path / "coalitie").glob("proef-*.pickle")
                 if kennisbank.cache_read(p) is not None and b"twee" in p.read_bytes()]
    current.write_bytes(b"geen pickle")
    current.chmod(0o600)
    assert kennisbank.cached_build("proef", [data], build) == {"inhoud": "twee"}
    assert len(built) == 3  # damaged: built again
    current.chmod(0o622)  # others may write it: not trusted
    assert kennisbank.cached_build("proef", [data], build) == {"inhoud": "twee"}
    assert len(built) == 4


def test_no_cache_when_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("COALITIE_GEEN_CACHE", "1")
    data = tmp_path / "data.txt"
    data.write_text("een")
    built = []
    for _ in range(2):
        kennisbank.cached_build("proef", [data], lambda: built.append(1))
    assert built == [1, 1] and not (tmp_path / "coalitie").exists()


def test_building_pauses_the_cycle_collector_and_leaves_its_state_as_it_was():
    script = """
import gc, json
from coalitie.diagnose import diagnose
host_disabled = __import__("sys").argv[1] == "uit"
if host_disabled:
    gc.disable()
diagnose({"coalitie": "X", "gemeente": "Y", "datum_gesprek": "2026-10-01", "partners": [], "observaties": {}})
print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""
    for state in ("aan", "uit"):
        r = subprocess.run([sys.executable, "-c", script, state], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        got = json.loads(r.stdout)
        assert got["enabled"] is (state == "aan")
        assert got["frozen"] > 10_000  # the knowledge base, records and network are out of its reach


def test_importing_the_api_loads_nothing_it_does_not_need():
    """`import coalitie.diagnose` (and a diagnosis) stays clear of the report, service and
    trainer libraries: they cost start-up time for every command that does not use them."""
    script = """
import sys
from coalitie.diagnose import diagnose
diagnose(sys.argv[1])
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""
    example = ROOT / "kennisbank" / "voorbeelden" / "lopende-coalitie.yaml"
    r = subprocess.run([sys.executable, "-c", script, str(example)], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    loaded = set(r.stdout.split())
    heavy = {"jinja2", "fastapi", "starlette", "uvicorn", "rapidfuzz", "snowballstemmer", "weasyprint",
             "hypothesis", "httpx", "dateparser", "markupsafe", "click"}
    assert not loaded & heavy, sorted(loaded & heavy)


def test_a_pickled_record_leaves_its_cases_out_and_finds_them_when_asked():
    """The records every process loads from the cache carry no cases (half their objects);
    a record asked for its cases gets them from their own cache, the same as written."""
    import pickle
    from coalitie.diagnose.records import load_records, record_cases
    rec = next(r for r in load_records().values() if r.gevallen)
    data = pickle.dumps(rec)
    assert rec.gevallen[0].omschrijving.encode() not in data
    loaded = pickle.loads(data)
    assert "gevallen" not in loaded.__dict__
    assert loaded.gevallen == rec.gevallen == record_cases()[rec.id]
    assert loaded.voor == rec.voor
    with pytest.raises(AttributeError):
        loaded.geen_veld


def _aged(folder: Path, name: str, age_days: float, now: float) -> Path:
    path = folder / name
    path.write_bytes(b"x")
    os.chmod(path, 0o600)
    os.utime(path, (now - age_days * 86400, now - age_days * 86400))
    return path


def _digest(i) -> str:
    import hashlib
    return hashlib.sha256(str(i).encode()).hexdigest()[:32]


def test_old_cache_entries_are_pruned_when_a_new_one_is_written(tmp_path):
    """Entries are written only when their sources change (an update, an edited record), so the
    folder would grow for ever: a write removes entries of its kind unused for a month, the least
    recently used beyond kennisbank._KEEP, and temporary files left by a crashed writer."""
    folder = tmp_path / "coalitie"
    folder.mkdir(mode=0o700)
    now = kennisbank._now()
    stale = _aged(folder, f"netwerk-{_digest(1)[:24]}-{_digest(2)[:12]}.pickle", 40, now)
    recent = _aged(folder, f"netwerk-{_digest(3)[:24]}-{_digest(4)[:12]}.pickle", 3, now)
    other_kind = _aged(folder, f"regels-{_digest(5)[:24]}-{_digest(6)[:12]}.pickle", 40, now)  # left for its own write
    stray = _aged(folder, f"netwerk-{_digest(7)[:24]}-{_digest(8)[:12]}.pickle.12.34.tmp", 1, now)  # a crashed writer's
    fresh_tmp = _aged(folder, f"netwerk-{_digest(9)[:24]}-{_digest(8)[:12]}.pickle.56.78.tmp", 0, now)  # still writing
    kennisbank.cache_write(folder / f"netwerk-{_digest(10)[:24]}-{_digest(2)[:12]}.pickle", b"new")
    assert not stale.exists() and not stray.exists()
    assert recent.exists() and other_kind.exists() and fresh_tmp.exists()

    # beyond _KEEP of one kind, the least recently used go, whatever their age; parsed knowledge
    # files (kb-) are read only when a pickle is rebuilt, so they go by number, not by age
    many = [_aged(folder, f"kb-{_digest(i)}.json", 40 + i / 100, now) for i in range(kennisbank._KEEP + 5)]
    kennisbank.cache_write(folder / f"kb-{_digest(999)}.json", b"{}")
    assert len(list(folder.glob("kb-*"))) == kennisbank._KEEP
    assert all(p.exists() for p in many[:kennisbank._KEEP - 1])
    assert not any(p.exists() for p in many[kennisbank._KEEP - 1:])


def test_pruning_touches_only_the_caches_own_files(tmp_path):
    """Only files named as the cache names its entries, in a folder that is no symlink and
    that nobody else can write: a user's own netwerk-notes.txt in a folder the cache points at by
    a symlink, or beside real entries, is never removed."""
    now = kennisbank._now()
    real = tmp_path / "project"
    real.mkdir(mode=0o700)
    notes = _aged(real, "netwerk-notes.txt", 400, now)
    looks_like = _aged(real, f"netwerk-{_digest(1)[:24]}-{_digest(3)[:12]}.pickle", 400, now)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "coalitie").symlink_to(real)
    kennisbank.cache_write(tmp_path / "cache" / "coalitie" / f"netwerk-{_digest(2)[:24]}-{_digest(3)[:12]}.pickle",
                           b"x")
    assert notes.exists() and looks_like.exists()  # nothing pruned through a symlinked folder

    folder = tmp_path / "coalitie"
    folder.mkdir(mode=0o700)
    mine = _aged(folder, "netwerk-mijn-aantekeningen.txt", 400, now)
    kennisbank.cache_write(folder / f"netwerk-{_digest(4)[:24]}-{_digest(3)[:12]}.pickle", b"x")
    assert mine.exists()
    os.chmod(folder, 0o777)  # others may write here: nothing is pruned
    stale = _aged(folder, f"netwerk-{_digest(5)[:24]}-{_digest(3)[:12]}.pickle", 400, now)
    kennisbank.cache_write(folder / f"netwerk-{_digest(6)[:24]}-{_digest(3)[:12]}.pickle", b"x")
    assert stale.exists()


def test_using_a_cache_entry_keeps_it(tmp_path):
    """Reading an entry marks it as used (once a day at most), so a live entry is never pruned
    however long ago it was written."""
    folder = tmp_path / "coalitie"
    folder.mkdir(mode=0o700)
    path = folder / f"records-{_digest(1)}.pickle"
    path.write_bytes(b"data")
    os.chmod(path, 0o600)
    old = kennisbank._now() - 60 * 86400
    os.utime(path, (old, old))
    assert kennisbank.cache_read(path) == b"data"
    assert path.stat().st_mtime > old + 59 * 86400
    kennisbank.cache_write(folder / f"records-{_digest(2)}.pickle", b"x")
    assert path.exists()


def test_every_cache_name_is_one_pruning_recognises(tmp_path):
    """The names the cache writes (kennisbank.cache_write callers) fit the pattern pruning
    recognises, so none of them piles up unseen."""
    from coalitie.kennisbank import _ENTRY
    cache = tmp_path / "c"
    env = {k: v for k, v in os.environ.items() if k != "COALITIE_GEEN_CACHE"}
    env["XDG_CACHE_HOME"] = str(cache)
    example = ROOT / "kennisbank" / "voorbeelden" / "lopende-coalitie.yaml"
    r = subprocess.run([sys.executable, "-m", "coalitie.cli", "diagnose", str(example)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    names = [p.name for p in (cache / "coalitie").iterdir()]
    kinds = {n.split("-")[0] for n in names}
    assert {"kb", "kennisbank", "records", "netwerk", "regels", "inhoud", "gecontroleerd"} <= kinds
    assert [n for n in names if not _ENTRY.fullmatch(n)] == []
