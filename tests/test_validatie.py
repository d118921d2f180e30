"""The validation narratives (../shared/validatie/), encoded blind by a helper that read only
the README, the questions and the story, kept as regression cases (tests/validatie/*.yaml).

Scores by meaning are in tests/validatie/SCORES.md; these tests hold what can be checked
mechanically: every encoding loads and diagnoses, the phase lies in the range the key
accepts, and the findings the blind scorer matched stay raised."""
from __future__ import annotations

from pathlib import Path

import pytest

from coalitie.diagnose import diagnose
from coalitie.kennisbank import yamlstrict

HERE = Path(__file__).parent / "validatie"
EXPECT = yamlstrict.load((HERE / "verwacht.yaml").read_text(encoding="utf-8"))
CASES = sorted(HERE.glob("v[0-9]*.yaml"))


def test_every_narrative_is_encoded():
    assert {p.stem for p in CASES} == set(EXPECT)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem.split("-")[0])
def test_phase_in_accepted_range(path):
    d = diagnose(path)
    want = EXPECT[path.stem]
    assert d.fase.nummer in want["fase_toegestaan"], f"{path.stem}: fase {d.fase.nummer}"
    if d.fase.overgang_naar is not None:
        assert d.fase.overgang_naar in want["fase_toegestaan"] or d.fase.nummer in want["fase_verwacht"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem.split("-")[0])
def test_matched_findings_stay_raised(path):
    d = diagnose(path)
    raised = {r.id for r in d.risicos} | {s.id for s in d.sterktes}
    missing = [f for f in EXPECT[path.stem].get("bevindingen", []) if f not in raised]
    assert not missing, f"{path.stem}: no longer raised: {missing}"
