"""Shared helpers for the tests: build realistic cases in a few lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from diagnose import diagnose

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "kennisbank" / "voorbeelden"

DEFAULT_PARTNERS = [
    {"naam": "Welzijn Noord", "type": "welzijnsorganisatie", "kern": True, "coordinator": True},
    {"naam": "Gemeente Noord", "type": "gemeente", "kern": True},
    {"naam": "Bewonersraad Noord", "type": "inwoner"},
]


def case(partners=None, datum="2026-10-01", **observaties) -> dict:
    """A case dict: the given observations on top of a neutral coalition."""
    return {
        "coalitie": "Testcoalitie",
        "gemeente": "Noord",
        "datum_gesprek": datum,
        "partners": DEFAULT_PARTNERS if partners is None else partners,
        "observaties": observaties,
    }


def run(**kwargs):
    return diagnose(case(**kwargs))


def risk_ids(d) -> set[str]:
    return {r.id for r in d.risicos}


def intervention_ids(d) -> set[str]:
    return {i.id for i in d.interventies}


def fired(d) -> set[str]:
    return {s.regel for s in d.spoor}


@pytest.fixture
def examples():
    return sorted(EXAMPLES.glob("*.yaml"))
