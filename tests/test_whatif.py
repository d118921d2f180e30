"""What-if analysis: computed by the engine, for every finding of the bundled examples."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.case import load_case
from coalitie.diagnose import whatif
from coalitie.diagnose.whatif import Change, Summary, compare, removers, single_changes, weakeners


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_chosen_change_shows_its_effect():
    case = load_case(EXAMPLES / "convenant-zonder-gesprek.yaml")
    changed, diff = compare(case, [Change("verdiepend_gesprek_ambitie", "ja")])
    assert ("gemarkeerd_zonder_verdieping", None, "hoog") in diff.verdwenen
    assert changed.observaties["verdiepend_gesprek_ambitie"] == "ja"
    assert case.observaties["verdiepend_gesprek_ambitie"] == "nee"  # the original is untouched


QUICK = {"convenant-zonder-gesprek", "startend-dorp", "welzijnscoordinator-doet-alles"}


@pytest.mark.parametrize("path", [p if p.stem in QUICK else pytest.param(p, marks=pytest.mark.volledig)
                                  for p in sorted(EXAMPLES.glob("*.yaml"))], ids=lambda p: p.stem)
def test_every_removal_the_analysis_claims_is_real(path):
    """Three examples in every run; all of them with `pytest -m volledig` (about three minutes)."""
    case = load_case(path)
    singles = single_changes(case)
    risks = {r.id for r in diagnose(case).risicos if r.opgenomen_in is None}
    answered = 0
    for rid in risks:
        found, weaker = removers(singles, rid), weakeners(singles, rid)
        if found or weaker:
            answered += 1
        for ch in found[:2]:
            _, diff = compare(case, [ch])
            assert rid in {r for r, _, _ in diff.verdwenen}
        for ch in weaker[:2]:
            _, diff = compare(case, [ch])
            assert any(r == rid and "vermoedelijk" in new for r, _, _, new in diff.ernst)
    # with weighed evidence most findings move with one answer (gone, or only suspected);
    # the rest rest on several observations and need several changes
    assert not risks or answered / len(risks) >= 0.5


def test_cli_overview_and_single_risk():
    r = cli("wat-als", "--voorbeeld", "convenant-zonder-gesprek", "--risico", "gemarkeerd_zonder_verdieping")
    assert r.exit_code == 0 and "Voer het verdiepende gesprek over de ambitie" in r.output
    assert "Hebben de partners de ambitie samen uitgediept" in r.output and "=ja" not in r.output
    r = cli("wat-als", "--voorbeeld", "convenant-zonder-gesprek", "verdiepend_gesprek_ambitie=ja", "--format", "json")
    data = json.loads(r.output)
    assert ["gemarkeerd_zonder_verdieping", None, "hoog"] in data["verdwenen"]


def test_cli_refuses_bad_changes():
    r = cli("wat-als", "--voorbeeld", "convenant-zonder-gesprek", "verdiepend_gesprek=ja")
    assert r.exit_code == 2 and "verdiepend_gesprek_ambitie" in r.output
    r = cli("wat-als", "--voorbeeld", "convenant-zonder-gesprek", "verdiepend_gesprek_ambitie=misschien")
    assert r.exit_code == 2
    r = cli("wat-als", "--voorbeeld", "convenant-zonder-gesprek", "--risico", "bestaat_niet")
    assert r.exit_code == 2


def test_summary_is_what_the_diagnosis_says():
    case = load_case(EXAMPLES / "lopende-coalitie.yaml")
    s = Summary.of(case)
    d = diagnose(case)
    assert s.fase == d.fase.nummer
    assert {k[0] for k in s.risicos} == {r.id for r in d.risicos if r.opgenomen_in is None}


def test_remedies_are_changes_the_coalition_can_make():
    """What-if that teaches: a change that only removes a risk by a worse sign, a new risk or
    another phase is never offered as a remedy; every remedy really removes the risk."""
    from coalitie.diagnose import diagnose
    from coalitie.diagnose.training import scenarios
    case = scenarios()["haarlem-ontmoet-managers"].casus
    d = diagnose(case)
    singles = whatif.single_changes(case)
    view = {rem.risk: rem for rem in whatif.teaching_view(case, d, singles)}
    effect = {ch: diff for ch, diff in singles}
    for rem in view.values():
        for ch in rem.changes:
            diff = effect[ch]
            assert not diff.fase and not diff.toegevoegd and ch.value != "onbekend"
            assert any(rid == rem.risk for rid, _, _ in diff.verdwenen)
    anchoring = view["verankering_te_laat"]
    assert {c.key for c in anchoring.changes} == {"verankering_besproken"}
    assert anchoring.other["andere_fase"]             # e.g. 'no activities yet' removes it, but is no remedy
    assert "verankering_tijdig_agenderen" in anchoring.interventions


def test_a_change_to_a_choice_of_several_can_be_a_key():
    """A meerkeuze answer is a list; changes are kept in dicts and sets all the same."""
    a = whatif.Change("rollen_gemeente", ["financier"], "Gemeente Noord")
    b = whatif.Change("rollen_gemeente", ["financier"], "Gemeente Noord")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert whatif.Change("rollen_gemeente", ["deelnemer"], "Gemeente Noord") not in {a}
