"""The embedding API: what diagnose() accepts, what it returns, the one error
family it raises, silence, thread safety and logging."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import coalitie.diagnose as api
from coalitie.diagnose import Case, CaseError, CoalitieError, Diagnosis, diagnose, load_case, to_case
from conftest import EXAMPLES, case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _dump(d: Diagnosis) -> dict:
    return d.model_dump(mode="json")


def test_public_names():
    for name in api.__all__:
        assert hasattr(api, name), name
    assert issubclass(CaseError, CoalitieError) and issubclass(CoalitieError, Exception)


def test_accepts_every_input_form_and_gives_the_same_diagnosis():
    path = EXAMPLE_FILES[0]
    text = path.read_text(encoding="utf-8")
    model = load_case(path)
    data = model.model_dump(mode="json")
    forms = {"Case": model, "dict": data, "str path": str(path), "Path": path,
             "YAML text": text, "JSON text": json.dumps(data, indent=2)}
    results = {name: diagnose(form) for name, form in forms.items()}
    expected = _dump(results["Case"])
    for name, result in results.items():
        assert isinstance(result, Diagnosis), name
        assert _dump(result) == expected, name
    d = results["Case"]
    assert isinstance(to_case(data), Case)
    assert d.coalitie == model.coalitie and d.datum_gesprek == model.datum_gesprek
    assert d.fase.nummer is None or 1 <= d.fase.nummer <= 5
    assert all(r.id and r.bronnen for r in d.risicos)


def test_one_line_json_text():
    data = load_case(EXAMPLE_FILES[0]).model_dump(mode="json")
    assert isinstance(diagnose(json.dumps(data)), Diagnosis)


def test_english():
    d = diagnose(EXAMPLE_FILES[0], taal="en")
    assert d.taal == "en"


BAD_INPUTS = {
    "missing file (str)": "bestaat-niet.yaml",
    "missing file (Path)": Path("bestaat/niet.yaml"),
    "a folder": EXAMPLES,
    "broken YAML": "coalitie: [x\ndatum_gesprek: 2026-01-01\n",
    "broken JSON": '{"coalitie": "x", "datum_gesprek": }',
    "YAML list as a key": "coalitie: x\ndatum_gesprek: 2026-01-01\n? [a, b]\n: ja\n",
    "YAML mapping as a key": "coalitie: x\ndatum_gesprek: 2026-01-01\n? {a: 1}\n: ja\n",
    "JSON duplicate key": '{"coalitie": "x", "coalitie": "y", "datum_gesprek": "2026-01-01"}',
    "empty text": "\n\n",
    "YAML list": "- a\n- b\n",
    "dict missing fields": {"coalitie": "x"},
    "unknown field": {**case(), "onbekend_veld": 1},
    "unknown observation": case(subsidie_einddatumm="2027-01-01"),
    "bad answer": case(initiatief_bij_enkelen="misschien"),
    "'niets' with another change": case(veranderingen_bij_partners=["niets", "nieuwe_bestuurder"]),
    "bad date": {**case(), "datum_gesprek": "gisteren"},
    "bad partner type": case(partners=[{"naam": "A", "type": "marsmannetje"}]),
    "duplicate partner": case(partners=[{"naam": "A", "type": "gemeente"}] * 2),
    "not a case at all": 42,
    "None": None,
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_every_input_error_is_a_case_error_with_source_and_problems(name, capsys):
    with pytest.raises(CoalitieError) as info:
        diagnose(BAD_INPUTS[name])
    exc = info.value
    assert isinstance(exc, CaseError)
    assert isinstance(exc.bron, str) and exc.bron
    assert exc.problemen and all(isinstance(v, str) and isinstance(m, str) and m for v, m in exc.problemen)
    assert str(exc)  # a readable message
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_bad_language_is_a_case_error():
    with pytest.raises(CaseError) as info:
        diagnose(EXAMPLE_FILES[0], taal="de")
    assert info.value.problemen[0][0] == "taal"


def test_diagnose_never_prints(capsys):
    for path in EXAMPLE_FILES:
        diagnose(path)
        diagnose(path, taal="en")
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_threads_do_not_mix_diagnoses():
    """8 threads × 20 diagnoses of different cases: each equals the single-threaded
    result (the engine is per thread; one shared engine would mix working memories)."""
    cases = [load_case(p) for p in EXAMPLE_FILES]
    expected = [_dump(diagnose(c)) for c in cases]
    jobs = [(t * 20 + i) % len(cases) for t in range(8) for i in range(20)]

    def work(start):
        return [(k, _dump(diagnose(cases[k]))) for k in jobs[start * 20:(start + 1) * 20]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [r for chunk in pool.map(work, range(8)) for r in chunk]
    assert len(results) == 160
    for k, got in results:
        assert got == expected[k], cases[k].coalitie


def test_each_thread_has_its_own_engine():
    from coalitie.diagnose.engine import get_engine
    main = get_engine()
    with ThreadPoolExecutor(max_workers=2) as pool:
        others = list(pool.map(lambda _: id(get_engine()), range(2)))
    assert id(main) not in others
    assert get_engine() is main  # reused within a thread


def test_import_does_not_configure_logging():
    """experta calls logging.basicConfig() on import; embedding apps must keep theirs."""
    code = (
        "import logging\n"
        "from coalitie import diagnose\n"
        f"diagnose.diagnose({str(EXAMPLE_FILES[0])!r})\n"
        "root = logging.getLogger()\n"
        "assert root.handlers == [], root.handlers\n"
        "assert root.level == logging.WARNING, root.level\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "assert root.level == logging.INFO and len(root.handlers) == 1\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok" and r.stderr == ""
