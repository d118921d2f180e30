"""Hostile input through the command line: arbitrary YAML/JSON documents, near-cases
with one field broken, YAML-ish text and raw bytes, as case files, interview answer
files, batch input (files and JSON Lines) and scenario answers. Always: exit status 0
or 2, never a traceback, and every input file unchanged (hashes before and after).

The default run stays well under a minute; `pytest -m volledig` runs many more examples."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitie.cli import main
from conftest import case
from strategies import cases

SETTINGS = dict(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FAST = settings(max_examples=30, **SETTINGS)
SLOW = settings(max_examples=400, **{**SETTINGS, "derandomize": False})  # explores anew each run

SCENARIO = "koffie-voor-de-kennismaking"
KEYS = ["coalitie", "gemeente", "datum_gesprek", "partners", "observaties", "informanten", "plannen",
        "notities", "schema_versie", "partnerlijst", "naam", "type", "kern", "aantal_partijen",
        "eerste_bijeenkomst_geweest", "opgericht_op", "fase", "risicos", "interventies", SCENARIO]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["ja", "nee", "yes", "onbekend", "2026-02-30", "over 3 maanden", "&a", "*a"]),
                    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(str))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), inner, max_size=5)), max_leaves=25)


@st.composite
def near_cases(draw):
    """A valid case with one part replaced by something arbitrary."""
    data = json.loads(json.dumps(draw(cases()), default=str))
    where = draw(st.sampled_from(["top", "observaties", "partner"]))
    target = data
    if where == "observaties":
        target = data.setdefault("observaties", {})
    elif where == "partner" and data.get("partners"):
        target = data["partners"][0]
    key = draw(st.sampled_from(sorted(target) or KEYS) | st.sampled_from(KEYS))
    target[key] = draw(documents)
    return data


def as_text(data, style: str) -> str:
    if style == "json":
        return json.dumps(data, default=str)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


yamlish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,?\n\t 01") + ["\x00", "\x1b", "é", "\ufeff"]),
                  max_size=120)
payloads = st.one_of(
    st.tuples(documents, st.sampled_from(["yaml", "json"])).map(lambda t: as_text(*t).encode("utf-8")),
    st.tuples(near_cases(), st.sampled_from(["yaml", "json"])).map(lambda t: as_text(*t).encode("utf-8")),
    yamlish.map(lambda s: s.encode("utf-8")),
    st.binary(max_size=200),
)


ENGLISH = ("http", "validation error", "Input should", "Field required", "Extra inputs", "out of range",
           "Expecting", "did not find", "could not", "not allowed", "found ", ".int", ".date", "list[str]",
           "function-", "Value error")


def digest(paths) -> dict:
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def invoke(args, inputs, stdin=None):
    before = digest(inputs)
    typed = "".join(Path(p).read_bytes().decode("utf-8", "replace") for p in inputs)
    r = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    assert r.exit_code in (0, 2), (args, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output and "interne fout" not in r.output, r.output
    if r.exit_code == 2:  # Dutch, the user's field names, no validator internals or URLs
        for english in ENGLISH:
            assert english not in r.stderr or english.strip(".") in typed, (english, r.stderr)
    assert digest(inputs) == before
    return r


def check_case_file(tmp_path, payload: bytes, suffix: str):
    p = tmp_path / f"casus{suffix}"
    p.write_bytes(payload)
    invoke(["diagnose", p], [p])


def check_answers(tmp_path, payload: bytes):
    answers = tmp_path / "antwoorden.yaml"
    answers.write_bytes(payload)
    target = tmp_path / "nieuw.yaml"
    if target.exists():
        target.unlink()
    invoke(["interview", target, "--no-input", "--antwoorden", answers, "--max-vragen", "3"], [answers])
    assert not (tmp_path / "nieuw.yaml.lock").exists()


def check_batch(tmp_path, payloads: list[bytes]):
    jsonl = tmp_path / "invoer.jsonl"
    jsonl.write_bytes(b"\n".join(p.replace(b"\n", b" ") for p in payloads))
    single = tmp_path / "een.yaml"
    single.write_bytes(payloads[0])
    out = tmp_path / "uit.jsonl"
    if out.exists():
        out.unlink()
    r = invoke(["batch", jsonl, single, "-o", out, "--zonder-spoor"], [jsonl, single])
    if r.exit_code == 0:
        typed = jsonl.read_bytes().decode("utf-8", "replace") + single.read_bytes().decode("utf-8", "replace")
        for line in filter(None, out.read_text(encoding="utf-8").split("\n")):  # JSON Lines: \n only
            record = json.loads(line)
            assert record["bron"] and record["bron"] != "None"
            for veld, msg in ([] if record["ok"] else record["fout"]["problemen"]):
                for english in ENGLISH:
                    assert english not in f"{veld}: {msg}" or english.strip(".") in typed, (english, msg)


def check_scenario_answers(tmp_path, payload: bytes):
    p = tmp_path / "oefen.yaml"
    p.write_bytes(payload)
    invoke(["oefen", SCENARIO, "--no-input", "--antwoorden", p, "--format", "json"], [p])


trainee = st.one_of(payloads, st.fixed_dictionaries({SCENARIO: st.one_of(documents, st.fixed_dictionaries(
    {}, optional={"fase": scalars, "risicos": documents, "interventies": documents}))}).map(
    lambda d: json.dumps(d, default=str).encode()))


@FAST
@given(payload=payloads, suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzz_case_files(tmp_path, payload, suffix):
    check_case_file(tmp_path, payload, suffix)


@settings(max_examples=20, **SETTINGS)
@given(payload=payloads)
def test_fuzz_answer_files(tmp_path, payload):
    check_answers(tmp_path, payload)


@settings(max_examples=15, **SETTINGS)
@given(batch=st.lists(payloads, min_size=1, max_size=4))
def test_fuzz_batch_input(tmp_path, batch):
    check_batch(tmp_path, batch)


@FAST
@given(payload=trainee)
def test_fuzz_scenario_answers(tmp_path, payload):
    check_scenario_answers(tmp_path, payload)


def test_fuzz_stdin_case():
    """The same guarantees for a case on standard input."""
    r = invoke(["diagnose", "-"], [], stdin=b"\xff\xfe" + b"a: [" * 50)
    assert r.exit_code == 2


@pytest.mark.volledig
@SLOW
@given(payload=payloads, suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzz_case_files_many(tmp_path, payload, suffix):
    check_case_file(tmp_path, payload, suffix)


@pytest.mark.volledig
@settings(max_examples=150, **{**SETTINGS, "derandomize": False})
@given(payload=payloads, trainee_payload=trainee, batch=st.lists(payloads, min_size=1, max_size=4))
def test_fuzz_other_inputs_many(tmp_path, payload, trainee_payload, batch):
    check_answers(tmp_path, payload)
    check_scenario_answers(tmp_path, trainee_payload)
    check_batch(tmp_path, batch)
