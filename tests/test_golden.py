"""Every bundled example, training scenario and a set of seeded generated cases is
diagnosed exactly as before (digests in tests/golden.sha256, made by tests/golden.py):
speed work changes no byte of any diagnosis, in either language."""
from __future__ import annotations

import json

import pytest

import golden

EXPECTED = json.loads(golden.DIGESTS.read_text(encoding="utf-8"))
CASES = golden.cases()


def test_every_case_has_a_digest():
    names = {f"{name}.{taal}" for name in CASES for taal in golden.LANGUAGES}
    assert names == set(EXPECTED), (
        "examples or scenarios changed: regenerate with `.venv/bin/python tests/golden.py`")


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_diagnosis_as_golden(name):
    for taal in golden.LANGUAGES:
        got = golden.digest(golden.output(CASES[name], taal))
        assert got == EXPECTED[f"{name}.{taal}"], (
            f"{name} ({taal}) diagnoses differently from tests/golden.sha256; if that is meant "
            "(knowledge changed), regenerate: `.venv/bin/python tests/golden.py` (see its docstring "
            "to diff the outputs)")
