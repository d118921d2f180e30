"""Reading what users give the tool (diagnose/reading.py): limits before expansion,
field paths and lines as the user wrote them, the YAML booleans, warnings on stderr."""
from __future__ import annotations

import datetime as dt
import json
import os
import time

import pytest
from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES, case
from coalitie.diagnose import reading
from coalitie.diagnose.case import load_case
from coalitie.diagnose.errors import CaseError

GOOD = (EXAMPLES / "lopende-coalitie.yaml").read_text(encoding="utf-8")


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def bomb(levels=9, width=9) -> str:
    lines = ["coalitie: X", "datum_gesprek: 2026-01-01", 'a0: &a0 ["lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"notities: *a{levels}")
    return "\n".join(lines) + "\n"


# -- limits -----------------------------------------------------------------------------------------
def test_alias_bomb_is_refused_before_expansion(tmp_path):
    p = write(tmp_path, "bom.yaml", bomb())
    start = time.perf_counter()
    r = cli("diagnose", str(p))
    assert r.exit_code == 2
    assert "bom.yaml" in r.stderr and "aliassen" in r.stderr
    assert time.perf_counter() - start < 5


def test_many_aliases_and_self_reference_are_refused(tmp_path):
    many = "coalitie: X\ndatum_gesprek: 2026-01-01\nx: &x a\nnotities: [" + ", ".join(["*x"] * 150) + "]\n"
    with pytest.raises(CaseError, match="meer dan 100 aliassen"):
        reading.parse_text(many, "veel.yaml")
    with pytest.raises(CaseError, match="naar zichzelf"):
        reading.parse_text("a: &a [*a]\n", "kring.yaml")


@pytest.mark.parametrize("text", ["a: " + "[" * 30 + "]" * 30 + "\n", "[" * 100_000,
                                  '{"a": ' * 30 + "1" + "}" * 30, '{"a": ' * 100_000])
def test_nesting_is_bounded(tmp_path, text):
    p = write(tmp_path, "n.json" if text.startswith("{") else "n.yaml", text)
    r = cli("diagnose", str(p))
    assert r.exit_code == 2 and "n." in r.stderr and "te diep genest" in r.stderr
    assert "Traceback" not in r.output and "recursion" not in r.stderr


def test_size_is_bounded(tmp_path):
    p = write(tmp_path, "groot.yaml", GOOD + "# " + "x" * reading.MAX_BYTES + "\n")
    r = cli("diagnose", str(p))
    assert r.exit_code == 2 and "1,000,000" in r.stderr
    r = cli("diagnose", "-", input=GOOD + "# " + "x" * reading.MAX_BYTES + "\n")
    assert r.exit_code == 2 and "grens" in r.stderr


# -- values -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed,meant", [("yes", "ja"), ("no", "nee"), ("true", "ja"), ("False", "nee"),
                                         ("on", "ja"), ("off", "nee")])
def test_yaml_booleans_mean_ja_nee(tmp_path, typed, meant):
    text = GOOD.replace("eerste_bijeenkomst_geweest: ja", f"eerste_bijeenkomst_geweest: {typed}")
    assert text != GOOD
    p = write(tmp_path, "c.yaml", text)
    assert load_case(p).observaties["eerste_bijeenkomst_geweest"] == meant
    assert cli("diagnose", str(p)).exit_code == 0


def test_boolean_is_not_a_number(tmp_path):
    p = write(tmp_path, "c.yaml", "coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n  aantal_partijen: true\n")
    r = cli("diagnose", str(p))
    assert r.exit_code == 2
    assert "observaties.aantal_partijen: verwacht een geheel getal, kreeg true" in r.stderr
    assert "(regel 4)" in r.stderr


@pytest.mark.parametrize("value", ["[1, 2]", "3.7", "{a: 1}"])
def test_field_paths_have_no_validator_internals(tmp_path, value):
    p = write(tmp_path, "c.yaml", f"coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n"
                                  f"  aantal_partijen: {value}\n")
    r = cli("diagnose", str(p))
    assert r.exit_code == 2
    lines = [line for line in r.stderr.splitlines() if "aantal_partijen" in line]
    assert len(lines) == 1, r.stderr
    for internal in (".date", ".int", ".str", "list[", "function-", "http", "Input should"):
        assert internal not in r.stderr


def test_impossible_unquoted_date_names_field_and_line(tmp_path):
    p = write(tmp_path, "c.yaml", "coalitie: X\n\ndatum_gesprek: 2026-02-30\n")
    r = cli("diagnose", str(p))
    assert r.exit_code == 2
    assert "datum_gesprek: verwacht een datum" in r.stderr and "(regel 3)" in r.stderr
    assert "day is out of range" not in r.stderr


def test_lines_in_json_and_nested_fields(tmp_path):
    data = case(partners=[{"naam": "A", "type": "gemeente", "kern": "misschien"}])
    p = write(tmp_path, "c.json", json.dumps(data, indent=2))
    r = cli("diagnose", str(p))
    assert r.exit_code == 2 and "partners.0.kern: verwacht true of false" in r.stderr
    line = json.dumps(data, indent=2).splitlines().index('      "kern": "misschien"') + 1
    assert f"(regel {line})" in r.stderr


def test_duplicate_keys_with_line(tmp_path):
    p = write(tmp_path, "c.yaml", "coalitie: X\ndatum_gesprek: 2026-01-01\ncoalitie: Y\n")
    r = cli("diagnose", str(p))
    assert r.exit_code == 2 and "regel 3" in r.stderr and "dubbele sleutel 'coalitie'" in r.stderr
    p = write(tmp_path, "c.json", '{"coalitie": "X", "coalitie": "Y"}')
    assert "dubbele sleutel" in cli("diagnose", str(p)).stderr


def test_symlink_loop_and_dangling_link_are_named(tmp_path):
    loop = tmp_path / "kring.yaml"
    loop.symlink_to(loop)
    r = cli("diagnose", str(loop))
    assert r.exit_code == 2 and "kring" in r.stderr and "bestaat niet" not in r.stderr
    dangling = tmp_path / "los.yaml"
    dangling.symlink_to(tmp_path / "weg.yaml")
    r = cli("diagnose", str(dangling))
    assert r.exit_code == 2 and "weg.yaml" in r.stderr


def test_every_reader_goes_through_the_reading_module():
    """No user file is parsed outside diagnose/reading.py."""
    from conftest import ROOT
    offenders = []
    for path in [ROOT / "cli.py", *(ROOT / "diagnose").rglob("*.py")]:
        if path.name == "reading.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("yamlstrict.load(", "yaml.safe_load(", "json.loads(", "read_case_bytes(sys.stdin"):
            if needle in text and path.name not in ("catalog.py", "redirects.py"):  # the knowledge base's own files
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


# -- warnings ---------------------------------------------------------------------------------------
@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(reading, "today", lambda: dt.date(2026, 12, 2))


def test_future_interview_date_warns_on_stderr_only(tmp_path, frozen):
    p = write(tmp_path, "c.yaml", GOOD.replace("datum_gesprek: 2026-11-02", "datum_gesprek: 2026-12-03"))
    r = cli("diagnose", str(p), "--format", "json")
    assert r.exit_code == 0
    assert "waarschuwing: datum_gesprek: 2026-12-03 ligt in de toekomst" in r.stderr
    assert "ligt in de toekomst" not in r.stdout  # never in the diagnosis
    p2 = write(tmp_path, "d.yaml", GOOD)
    assert "waarschuwing" not in cli("diagnose", str(p2)).stderr


def test_founding_after_interview_warns(tmp_path, frozen):
    data = case(eerste_bijeenkomst_geweest="ja", opgericht_op="2027-01-01")
    p = write(tmp_path, "c.json", json.dumps(data))
    r = cli("diagnose", str(p))
    assert r.exit_code == 0 and "opgericht_op: 2027-01-01 ligt na het gesprek" in r.stderr


def test_answer_outside_its_precondition_warns_and_counts(tmp_path, frozen):
    data = case(eerste_bijeenkomst_geweest="nee", opgericht_op="2020-01-01")
    p = write(tmp_path, "c.json", json.dumps(data))
    r = cli("diagnose", str(p), "--format", "json")
    assert r.exit_code == 0
    assert "observaties.opgericht_op: beantwoord, terwijl de vraag alleen geldt als eerste_bijeenkomst_geweest ja" \
        in r.stderr
    assert load_case(p).observaties["opgericht_op"] == dt.date(2020, 1, 1)  # kept, never dropped
    # unknown precondition: nothing to warn about (unknown is not "no")
    p2 = write(tmp_path, "d.json", json.dumps(case(opgericht_op="2020-01-01")))
    assert "waarschuwing" not in cli("diagnose", str(p2)).stderr
    # 'deels' to a yes/no precondition opens its question too: a partial answer is not the other one
    p3 = write(tmp_path, "e.json", json.dumps(case(eerste_bijeenkomst_geweest="ja", partijen_leunen_achterover="deels",
                                                   inhoudsmensen_aan_tafel="nee")))
    assert "waarschuwing" not in cli("diagnose", str(p3)).stderr
    p4 = write(tmp_path, "f.json", json.dumps(case(eerste_bijeenkomst_geweest="ja", partijen_leunen_achterover="nee",
                                                   inhoudsmensen_aan_tafel="nee")))
    assert "alleen geldt als partijen_leunen_achterover ja of deels is (hier: 'nee')" in cli("diagnose", str(p4)).stderr


def test_batch_warnings_go_to_stderr_not_into_records(tmp_path, frozen):
    data = case(eerste_bijeenkomst_geweest="nee", opgericht_op="2020-01-01")
    p = write(tmp_path, "c.json", json.dumps(data))
    r = cli("batch", str(p))
    assert r.exit_code == 0 and "waarschuwing" in r.stderr and "beantwoord, terwijl" not in r.stdout


# -- terminal ---------------------------------------------------------------------------------------
def test_control_characters_from_case_data_are_escaped(tmp_path):
    data = case()
    data["coalitie"] = "\x1b[31mROOD\x1b[0m\x07"
    data["gemeente"] = "Noord\u202eduZ"  # a right-to-left override would show 'Noord' + 'Zud' reversed
    p = write(tmp_path, "c.json", json.dumps(data))
    for fmt in ("text", "markdown", "html"):  # html: not allowed there, and it is written to terminals too
        r = cli("diagnose", str(p), "--format", fmt)
        assert r.exit_code == 0
        assert "\x07" not in r.stdout and "\x1b" not in r.stdout and "\u202e" not in r.stdout
        assert "\\x1b[31mROOD" in r.stdout and "\\x07" in r.stdout and "Noord\\u202eduZ" in r.stdout
    r = cli("diagnose", str(p), "--format", "json")
    assert json.loads(r.stdout)["coalitie"] == data["coalitie"]  # data stays data in JSON


# -- oefen ------------------------------------------------------------------------------------------
SCENARIO = "koffie-voor-de-kennismaking"


@pytest.mark.parametrize("answer,expected", [
    ({"risicos": ["bestaat_niet"]}, "onbekend risico 'bestaat_niet'"),
    ({"interventies": ["geen_idee"]}, "onbekende interventie 'geen_idee'"),
    ({"fase": 9}, "hooguit 5"),
    ({"fase": True}, "verwacht een geheel getal"),
    ({"kleur": "rood"}, "onbekend veld"),
])
def test_oefen_answers_are_checked_in_dutch(tmp_path, answer, expected):
    p = write(tmp_path, "a.yaml", json.dumps({SCENARIO: answer}))
    r = cli("oefen", SCENARIO, "--no-input", "--antwoorden", str(p))
    assert r.exit_code == 2, r.output
    assert expected in r.stderr and "a.yaml" in r.stderr
    for english in ("http", "validation error", "Input should", "TraineeAnswer"):
        assert english not in r.stderr


def test_oefen_unknown_scenario_in_answers(tmp_path):
    p = write(tmp_path, "a.yaml", f"{SCENARIO}: {{fase: 1}}\nbestaat-niet: {{fase: 2}}\n")
    r = cli("oefen", SCENARIO, "--no-input", "--antwoorden", str(p))
    assert r.exit_code == 2 and "bestaat-niet: onbekend scenario" in r.stderr and "(regel 2)" in r.stderr


# -- schema -----------------------------------------------------------------------------------------
def test_diagnosis_schema_requires_version_and_bounds_phase():
    jsonschema = pytest.importorskip("jsonschema")
    r = cli("diagnose", "--voorbeeld", "lopende-coalitie", "--format", "json")
    out = json.loads(r.stdout)
    schema = json.loads(cli("schema", "diagnose").stdout)
    jsonschema.validate(out, schema)
    without = dict(out)
    del without["schema_versie"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without, schema)
    bad = json.loads(json.dumps(out))
    bad["fase"]["nummer"] = 9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
