"""The built RETE network kept on disk (diagnose/rete.py): written by the first process,
read by the next, keyed by the content of the rules and knowledge, never trusted blindly."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coalitie.diagnose import rete

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, sys
from coalitie.diagnose import diagnose, load_case
from coalitie.diagnose.engine import get_engine
eng = get_engine()
out = [diagnose(load_case(p)).model_dump_json() for p in sys.argv[1:]]
print(json.dumps({"from_cache": eng.matcher.from_cache, "out": out}))
"""


def _probe(cache: Path, *examples: str, **env) -> dict:
    paths = [str(ROOT / "kennisbank" / "voorbeelden" / f"{e}.yaml") for e in examples]
    environ = {k: v for k, v in os.environ.items() if k != "COALITIE_GEEN_CACHE"}
    environ.update(XDG_CACHE_HOME=str(cache), **env)
    r = subprocess.run([sys.executable, "-c", _PROBE, *paths], cwd=ROOT, env=environ,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _network_files(cache: Path) -> list[Path]:
    return sorted((cache / "coalitie").glob("netwerk-*.pickle"))


def test_written_once_then_read_with_the_same_diagnoses(tmp_path):
    # every example: the stored network keeps its rules without their conditions (rete._NETWORK_RULE)
    examples = sorted(p.stem for p in (ROOT / "kennisbank" / "voorbeelden").glob("*.yaml"))
    first = _probe(tmp_path, *examples)
    assert first["from_cache"] is False
    assert len(_network_files(tmp_path)) == 1
    second = _probe(tmp_path, *examples, PYTHONHASHSEED="123")
    assert second["from_cache"] is True
    assert second["out"] == first["out"]


def test_a_damaged_file_is_rebuilt(tmp_path):
    _probe(tmp_path, "startend-dorp")
    [path] = _network_files(tmp_path)
    path.write_bytes(b"not a pickle")
    again = _probe(tmp_path, "startend-dorp")
    assert again["from_cache"] is False
    assert path.read_bytes() != b"not a pickle"
    assert _probe(tmp_path, "startend-dorp")["from_cache"] is True


def test_private_and_only_trusted_when_nobody_else_can_write_it(tmp_path):
    """The pickled network runs code when loaded: the files are 0600 in a 0700 folder,
    and a file others may write to (a shared cache) is not loaded but rebuilt."""
    import stat
    _probe(tmp_path, "startend-dorp")
    [path] = _network_files(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not list(path.parent.glob("*.tmp"))
    os.chmod(path, 0o666)
    assert _probe(tmp_path, "startend-dorp")["from_cache"] is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # rebuilt and stored privately again
    assert _probe(tmp_path, "startend-dorp")["from_cache"] is True


def test_an_unwritable_cache_is_no_error(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _probe(blocked, "startend-dorp")["from_cache"] is False


def test_switched_off(tmp_path):
    _probe(tmp_path, "startend-dorp", COALITIE_GEEN_CACHE="1")
    assert not _network_files(tmp_path)


def test_the_key_follows_the_content_of_records(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    record = tmp_path / "rules" / "partners.yaml"
    record.write_text("bevindingen: []\n")
    monkeypatch.setattr(rete, "_ROOT", tmp_path)
    before = rete.source_digest()
    record.write_text("bevindingen: []  # changed\n")
    assert rete.source_digest() != before


def test_functions_are_stored_by_place_not_by_value():
    """Every function in the rules has a place; the file refers to places only."""
    import io
    import pickle
    from coalitie.diagnose._experta import KnowledgeEngine
    from coalitie.diagnose.engine import all_rules, get_engine
    rules = all_rules()
    places = rete._places(rules)
    assert all(callable(f) for f in places.values())
    built = KnowledgeEngine.__matcher__(get_engine())  # a network as experta builds it, memories empty
    rete.speed_up(built.root_node)
    buffer = io.BytesIO()
    rete._Pickler(buffer, places).dump(built.root_node)
    with pytest.raises(KeyError):  # without the live functions the file cannot be read
        rete._Unpickler(io.BytesIO(buffer.getvalue()), {}).load()
    root = rete._Unpickler(io.BytesIO(buffer.getvalue()), rules).load()
    for place, function in places.items():  # a loading process finds each function by following its place
        assert rete._at_place(rules, place) is function
    assert [type(n) for n in rete.all_nodes(root)] == [type(n) for n in rete.all_nodes(built.root_node)]
    live = set(map(id, places.values()))
    loaded_actions = {id(n.rule._wrapped) for n in rete.all_nodes(root) if isinstance(n, rete.ConflictSetNode)}
    assert loaded_actions <= live


def _copy_of_the_package(tmp_path: Path) -> Path:
    """The package's code and knowledge copied into tmp_path/coalitie (importable from tmp_path)."""
    import shutil
    target = tmp_path / "coalitie"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".venv", ".git", "tests", "bench", "docs", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis"))
    return target


def _diagnose_in(copy: Path, cache: Path) -> subprocess.CompletedProcess:
    code = (f"import sys; sys.path.insert(0, {str(copy.parent)!r})\n"
            "from coalitie.diagnose import diagnose, load_case\n"
            "import coalitie.diagnose.engine as engine\n"
            "assert engine.__file__.startswith(sys.path[0]), engine.__file__\n"
            f"print(diagnose(load_case({str(copy / 'kennisbank' / 'voorbeelden' / 'startend-dorp.yaml')!r})).fase)\n")
    environ = {k: v for k, v in os.environ.items() if k != "COALITIE_GEEN_CACHE"}
    environ["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([sys.executable, "-c", code], cwd=copy.parent, env=environ,
                          capture_output=True, text=True, timeout=300)


def test_the_rule_check_is_skipped_only_for_rules_it_passed_before(tmp_path):
    """A warm cache spares a start the check of the rules against the knowledge, but a rule
    edited since (here: a citation of a section that does not exist) is still refused."""
    copy = _copy_of_the_package(tmp_path / "code")
    cache = tmp_path / "cache"
    assert _diagnose_in(copy, cache).returncode == 0
    assert list((cache / "coalitie").glob("gecontroleerd-*"))  # passed: remembered
    assert _diagnose_in(copy, cache).returncode == 0
    rules = copy / "rules" / "dynamiek.py"
    text = rules.read_text(encoding="utf-8")
    assert '"handreiking §1.2.5"' in text
    rules.write_text(text.replace('"handreiking §1.2.5"', '"handreiking §9.9.9"', 1), encoding="utf-8")
    broken = _diagnose_in(copy, cache)
    assert broken.returncode != 0
    assert "rules inconsistent" in broken.stderr and "§9.9.9" in broken.stderr


@pytest.fixture
def shaping_copy(tmp_path, monkeypatch):
    """rete's digest pointed at a copy of the files that shape the rules, with its own cache,
    and files counting as settled at once (``_SETTLED``)."""
    import shutil
    for folder in ("rules", "kennisbank", "diagnose"):
        shutil.copytree(ROOT / folder, tmp_path / "code" / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rete, "_ROOT", tmp_path / "code")
    monkeypatch.setattr(rete, "_SETTLED", -3600.0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COALITIE_GEEN_CACHE", raising=False)
    return tmp_path


def _index_files(base: Path) -> list[Path]:
    return sorted((base / "cache" / "coalitie").glob("inhoud-*"))


def test_the_digest_by_stat_is_the_content_digest_and_never_stale(shaping_copy):
    assert rete.indexed_digest() == rete.source_digest()
    [index] = _index_files(shaping_copy)
    assert rete.indexed_digest() == rete.source_digest()  # looked up this time
    assert _index_files(shaping_copy) == [index]
    # an edit of the same size, with the old modification time put back: still seen
    path = shaping_copy / "code" / "rules" / "dynamiek.py"
    before, st = path.read_text(encoding="utf-8"), path.stat()
    after = before.replace("handreiking §1.2.5", "handreiking §1.2.6", 1)
    assert after != before and len(after) == len(before)
    old = rete.indexed_digest()
    path.write_text(after, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert rete.indexed_digest() == rete.source_digest() != old
    # a new file, and a file gone
    (shaping_copy / "code" / "rules" / "nieuw.yaml").write_text("bevindingen: []\n", encoding="utf-8")
    with_new = rete.indexed_digest()
    assert with_new == rete.source_digest() != old
    (shaping_copy / "code" / "rules" / "nieuw.yaml").unlink()
    assert rete.indexed_digest() == rete.source_digest() != with_new


def test_a_damaged_index_entry_is_hashed_anew(shaping_copy):
    right = rete.indexed_digest()
    [index] = _index_files(shaping_copy)
    index.write_bytes(b"0" * 63 + b"!")
    assert rete.indexed_digest() == right
    assert index.read_bytes() == right.encode()
    index.write_bytes(b"not a digest")
    os.chmod(index, 0o666)  # writable by others: not trusted
    assert rete.indexed_digest() == right


def test_recently_changed_files_are_hashed_and_not_noted(shaping_copy, monkeypatch):
    monkeypatch.setattr(rete, "_SETTLED", 3600.0)
    assert rete.indexed_digest() == rete.source_digest()
    assert _index_files(shaping_copy) == []


def test_the_digest_by_stat_works_without_a_writable_cache(shaping_copy, monkeypatch):
    blocked = shaping_copy / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert rete.indexed_digest() == rete.source_digest()
    monkeypatch.setenv("COALITIE_GEEN_CACHE", "1")
    assert rete.indexed_digest() == rete.source_digest()
