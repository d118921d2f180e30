"""Every rule fires on a realistic case and stays silent where it should.

The cases live in tests/regelgevallen/<rules module>.yaml, one entry per rule:

    rule_name:
      vuurt:                      # at least one case in which the rule fires
        - omschrijving: "..."     # what the case is about, in a sentence
          observaties: {...}      # coalition-level answers
          partners: [...]         # optional; default: tests/conftest.py DEFAULT_PARTNERS
          informanten: [...]      # optional; informants with their own observaties
          datum_gesprek: 2026-10-01   # optional
          verwacht:               # optional extra checks on the diagnosis
            fase: 3
            risicos: [id, ...]        # must be present
            geen_risicos: [id, ...]   # must be absent
            interventies: [id, ...]
            condities: {ambitie: zwak}
      stil:                       # at least one case in which it does not fire
        - omschrijving: "..."
          observaties: {...}

Each case becomes its own named test; a rule without both kinds fails the
registry test.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DEFAULT_PARTNERS, fired
from coalitie.diagnose import diagnose
from coalitie.diagnose.engine import all_rules
from coalitie.kennisbank import yamlstrict

CASE_DIR = Path(__file__).parent / "regelgevallen"


def _load():
    cases = {}
    for path in sorted(CASE_DIR.glob("*.yaml")):
        data = yamlstrict.load(path.read_text(encoding="utf-8")) or {}
        for rule, spec in data.items():
            assert rule not in cases, f"{path.name}: rule {rule} also has cases elsewhere"
            cases[rule] = (path.stem, spec)
    return cases


CASES = _load()


def _params():
    out = []
    for rule, (module, spec) in sorted(CASES.items()):
        for kind in ("vuurt", "stil"):
            for i, c in enumerate(spec.get(kind) or []):
                out.append(pytest.param(rule, kind, c, id=f"{module}:{rule}:{kind}{i}"))
    return out


def _as_case(c: dict) -> dict:
    datum = c.get("datum_gesprek", "2026-10-01")
    return {
        "coalitie": "Regelgeval",
        "gemeente": "Testdorp",
        "datum_gesprek": datum.isoformat() if isinstance(datum, dt.date) else datum,
        "partners": c.get("partners", DEFAULT_PARTNERS),
        "observaties": c.get("observaties", {}),
        "informanten": c.get("informanten", []),
    }


@pytest.mark.parametrize("rule,kind,c", _params())
def test_rule_case(rule, kind, c):
    assert rule in all_rules(), f"cases for unknown rule {rule}"
    d = diagnose(_as_case(c))
    did_fire = rule in fired(d)
    if kind == "vuurt":
        assert did_fire, f"{rule} should fire: {c.get('omschrijving', '')}"
    else:
        assert not did_fire, f"{rule} should stay silent: {c.get('omschrijving', '')}"
    expect = c.get("verwacht") or {}
    if "fase" in expect:
        assert d.fase.nummer == expect["fase"]
    risks = {r.id for r in d.risicos}
    for r in expect.get("risicos", []):
        assert r in risks
    for r in expect.get("geen_risicos", []):
        assert r not in risks
    interventions = {i.id for i in d.interventies}
    for i in expect.get("interventies", []):
        assert i in interventions
    states = {k.id: k.status for k in d.condities}
    for cond, status in (expect.get("condities") or {}).items():
        assert states[cond] == status


def test_every_rule_has_both_kinds_of_case():
    missing = []
    for name, rule in sorted(all_rules().items()):
        if hasattr(rule._wrapped, "record"):
            continue  # compiled from a record: its cases live in the record (tests/test_records.py)
        module, spec = CASES.get(name, (None, {}))
        if not (spec.get("vuurt") and spec.get("stil")):
            missing.append(name)
    assert not missing, "rules without a firing and a silent case: " + ", ".join(missing)
