"""The scenario library (golden cases) and the trainee mode."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kennisbank
from cli import main
from diagnose import diagnose
from diagnose.training import TraineeAnswer, scenarios, score

LIBRARY = scenarios()


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("sid", sorted(LIBRARY))
def test_answer_key_agrees_with_the_engine(sid):
    sc = LIBRARY[sid]
    d = diagnose(sc.casus)
    assert d.fase.nummer == sc.sleutel.fase.nummer
    risks = {r.id for r in d.risicos}
    missing = [k.id for k in sc.sleutel.risicos if k.id not in risks]
    assert not missing, f"key risks the engine does not find: {missing}"
    ivs = {i.id for i in d.interventies}
    missing = [k.id for k in sc.sleutel.interventies if k.id not in ivs]
    assert not missing, f"key interventions the engine does not advise: {missing}"


@pytest.mark.parametrize("sid", sorted(LIBRARY))
def test_key_answer_scores_full_marks(sid):
    sc = LIBRARY[sid]
    answer = TraineeAnswer(fase=sc.sleutel.fase.nummer,
                           risicos=[r.id for r in diagnose(sc.casus).risicos],
                           interventies=[k.id for k in sc.sleutel.interventies])
    assert score(sid, answer).totaal == 100


def test_library_covers_every_phase_and_every_risk():
    assert len(LIBRARY) >= 12
    assert {sc.sleutel.fase.nummer for sc in LIBRARY.values()} == {1, 2, 3, 4, 5}
    found = set()
    for sc in LIBRARY.values():
        found |= {r.id for r in diagnose(sc.casus).risicos}
    missing = sorted(set(kennisbank.load().risicos) - found)
    assert not missing, f"risks no scenario shows: {missing}"


def test_scenario_sources_are_valid_citations():
    kb = kennisbank.load()
    for sid, sc in LIBRARY.items():
        for cit in sc.bron:
            assert kb.citation_error(cit) is None, (sid, cit)


def test_a_poor_answer_is_explained():
    sid = "handtekening-voor-het-gesprek"
    result = score(sid, TraineeAnswer(fase=2, risicos=["subsidieval"], interventies=["ambitie_afstoffen"]))
    assert result.punten_fase == 15 and result.punten_interventies == 0
    kinds = {r.soort for r in result.opmerkingen}
    assert {"gemist", "niet_onderbouwd"} <= kinds
    missed = [r for r in result.opmerkingen if r.soort == "gemist"]
    assert all(r.waarnemingen and r.bronnen for r in missed)


def test_cli_list_interactive_and_json():
    r = cli("oefen")
    assert r.exit_code == 0 and "handtekening-voor-het-gesprek" in r.output
    r = cli("oefen", "handtekening-voor-het-gesprek", input="3\ngemarkeerd_zonder_verdieping\n\nverdiepend\n1\n\n")
    assert r.exit_code == 0 and "Score:" in r.output and "✓ gezien" in r.output and "Samenvatting" in r.output
    answers = json.dumps({"handtekening-voor-het-gesprek": {"fase": 3, "risicos": ["gemarkeerd_zonder_verdieping"],
                                                             "interventies": ["verdiepend_gesprek_ambitie"]}})
    r = cli("oefen", "handtekening-voor-het-gesprek", "--no-input", "--antwoorden", "-", "--format", "json",
            input=answers)
    data = json.loads(r.output)
    assert data["resultaten"][0]["punten_fase"] == 30 and data["gemiddeld"] >= 70
    assert cli("oefen", "bestaat-niet").exit_code == 2
