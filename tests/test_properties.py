"""Property tests of the engine as a whole, on any valid case."""
from __future__ import annotations

import json
import random

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitie.diagnose import Diagnosis, diagnose
from coalitie.diagnose.schemas import schema
from strategies import cases

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIAGNOSIS_SCHEMA = schema("diagnose")


def _json(d) -> str:
    return d.model_dump_json()


@SETTINGS
@given(cases())
def test_no_crash_and_valid_json_on_any_case(case):
    d = diagnose(case)
    data = json.loads(_json(d))
    jsonschema.validate(data, DIAGNOSIS_SCHEMA)
    assert Diagnosis.model_validate_json(_json(d)) == d  # JSON round trip


@SETTINGS
@given(cases())
def test_same_case_same_diagnosis(case):
    assert _json(diagnose(case)) == _json(diagnose(case))


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_observations_and_partners_changes_nothing(case, rnd: random.Random):
    shuffled = dict(case)
    items = list(case["observaties"].items())
    rnd.shuffle(items)
    shuffled["observaties"] = dict(items)
    partners = list(case["partners"])
    rnd.shuffle(partners)
    shuffled["partners"] = partners
    assert _json(diagnose(case)) == _json(diagnose(shuffled))


@SETTINGS
@given(cases())
def test_english_has_the_same_findings(case):
    nl, en = diagnose(case), diagnose(case, taal="en")
    assert [r.id for r in nl.risicos] == [r.id for r in en.risicos]
    assert nl.fase.nummer == en.fase.nummer
    assert [i.id for i in nl.interventies] == [i.id for i in en.interventies]


@SETTINGS
@given(cases())
def test_notes_and_names_do_not_change_findings(case):
    """Free text is not evidence: notes, coalition name and municipality change nothing but the header."""
    other = dict(case, notities="Lange aantekeningen over het gesprek.", coalitie="Andere naam", gemeente="Elders")
    a, b = json.loads(_json(diagnose(case))), json.loads(_json(diagnose(other)))
    for key in ("coalitie", "gemeente"):
        a.pop(key), b.pop(key)
    assert a == b
