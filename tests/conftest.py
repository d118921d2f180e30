"""Shared helpers for the tests: build realistic cases in a few lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from coalitie.diagnose import diagnose

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


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if anything imported the repository's folders under their bare
    names (`import diagnose`) instead of through `coalitie.`: the same module under
    two names means two engines and isinstance failures."""
    import sys
    stray = sorted(n for n in sys.modules if n.split(".")[0] in ("diagnose", "rules", "kennisbank", "cli"))
    if stray:
        print(f"\nmodules loaded outside the coalitie namespace: {stray}", file=sys.stderr)
        session.exitstatus = 1
