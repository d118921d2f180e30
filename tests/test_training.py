"""The scenario library (golden cases) and the trainee mode."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from coalitie import kennisbank
from coalitie.cli import main
from coalitie.diagnose import diagnose
from coalitie.diagnose.training import TraineeAnswer, scenarios, score

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


def test_library_is_balanced_for_a_course():
    per_phase = {n: [s for s in LIBRARY.values() if s.sleutel.fase.nummer == n] for n in range(1, 6)}
    assert all(len(v) >= 3 for v in per_phase.values()), {n: len(v) for n, v in per_phase.items()}
    assert sum(s.moeilijkheid == "basis" for s in LIBRARY.values()) >= 4
    assert sum(len(s.casus.informanten) >= 2 for s in LIBRARY.values()) >= 2
    assert sum(s.thema != "eenzaamheid" for s in LIBRARY.values()) >= 2
    for sid, sc in LIBRARY.items():
        assert sc.leerdoelen and sc.nabespreking, f"{sid}: learning goals and a debrief text"


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
    assert "gemist" in kinds and kinds & {"niet_onderbouwd", "niet_vastgelegd"}
    missed = [r for r in result.opmerkingen if r.soort == "gemist"]
    assert all(r.waarnemingen and r.bronnen for r in missed)
    assert result.fase.over_gekozen and result.fase.aanwijzingen   # why 3, and why not 2
    ivs = [r for r in result.opmerkingen if r.id == "ambitie_afstoffen"]
    assert ivs and ivs[0].uitleg                                   # every pick gets a word


def test_cli_list_interactive_and_json():
    r = cli("oefen")
    assert r.exit_code == 0 and "handtekening-voor-het-gesprek" in r.output
    r = cli("oefen", "handtekening-voor-het-gesprek", input="3\ngemarkeerd_zonder_verdieping\n\nverdiepend\n1\n\n")
    assert r.exit_code == 0 and "Score:" in r.output and "✓ gezien" in r.output
    assert "Samenvatting" not in r.output   # one scenario: no session summary
    answers = json.dumps({"handtekening-voor-het-gesprek": {"fase": 3, "risicos": ["gemarkeerd_zonder_verdieping"],
                                                             "interventies": ["verdiepend_gesprek_ambitie"]}})
    r = cli("oefen", "handtekening-voor-het-gesprek", "--no-input", "--antwoorden", "-", "--format", "json",
            input=answers)
    data = json.loads(r.stdout)
    assert data["resultaten"][0]["score"]["punten_fase"] == 30 and data["gemiddeld"] >= 70
    assert data["kennisbank_versie"] and data["resultaten"][0]["scenario_versie"]
    r = cli("oefen", "bestaat-niet")
    assert r.exit_code == 2
    r = cli("oefen", "bergeijk-leeromgeving")
    assert r.exit_code == 2 and "bergeijk-iedereens-probleem" in r.output


def test_a_session_never_writes_over_what_it_reads(tmp_path):
    """--force overwrites an earlier output, never the answers or session files the run reads,
    and two outputs naming one file are refused before anything is written."""
    sid = "handtekening-voor-het-gesprek"
    answers = tmp_path / "antwoorden.yaml"
    answers.write_text(f"{sid}: {{fase: 3, risicos: [gemarkeerd_zonder_verdieping]}}\n", encoding="utf-8")
    before = answers.read_bytes()
    for flag in ("--sessie", "--xapi"):
        r = cli("oefen", sid, "--no-input", "--antwoorden", str(answers), flag, str(answers), "--force")
        assert r.exit_code == 2 and "invoerbestand" in r.output and answers.read_bytes() == before
    session = tmp_path / "an.json"
    assert cli("oefen", sid, "--no-input", "--antwoorden", str(answers), "--sessie", str(session)).exit_code == 0
    kept = session.read_bytes()
    r = cli("oefen", sid, "--klas", str(session), "--handout", str(session), "--force")
    assert r.exit_code == 2 and "invoerbestand" in r.output and session.read_bytes() == kept
    loop = tmp_path / "kring.json"
    loop.symlink_to(loop)
    r = cli("oefen", sid, "--no-input", "--antwoorden", str(answers), "--sessie", str(loop), "--xapi", str(session))
    assert r.exit_code == 2 and "kring" in r.output
    twin = tmp_path / "tweeling.json"
    os.link(session, twin)
    r = cli("oefen", sid, "--no-input", "--antwoorden", str(answers), "--sessie", str(session), "--xapi", str(twin),
            "--force")
    assert r.exit_code == 2 and "hetzelfde bestand" in r.output and session.read_bytes() == kept
    both = tmp_path / "uit.json"
    r = cli("oefen", sid, "--no-input", "--antwoorden", str(answers), "--sessie", str(both), "--xapi", str(both))
    assert r.exit_code == 2 and "--sessie en --xapi noemen hetzelfde bestand" in r.output and not both.exists()


def test_interactive_json_is_valid_and_the_story_is_shown():
    r = CliRunner().invoke(main, ["oefen", "koffie-voor-de-kennismaking", "--format", "json"],
                                          input="1\nkennismaken\n1\n\n\n")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["resultaten"][0]["antwoord"]["risicos"] == ["partijen_onvoldoende_gekend"]
    assert "opbouwwerker" in r.stderr   # the story went to stderr, not lost


# -- scoring by meaning -------------------------------------------------------------------------
def test_a_related_finding_earns_half_and_says_why():
    sid = "wat-bedoelen-we-met-bereik"   # key: spraakverwarring, samenwerking_schuurt
    named_differently = score(sid, TraineeAnswer(fase=2, risicos=["ambitie_verschillend_beleefd",
                                                                   "samenwerking_schuurt"]))
    missed = score(sid, TraineeAnswer(fase=2, risicos=["samenwerking_schuurt"]))
    assert named_differently.punten_risicos == missed.punten_risicos + 10
    rel = next(r for r in named_differently.opmerkingen if r.id == "ambitie_verschillend_beleefd")
    assert rel.soort == "verwant" and rel.verwant_aan == "spraakverwarring" and rel.punten == 10
    # a neighbouring step of the conflict thermometer, where the key has another step
    thermo = score(sid, TraineeAnswer(fase=2, risicos=["spraakverwarring", "emoties_lopen_op"]))
    assert next(r for r in thermo.opmerkingen if r.id == "emoties_lopen_op").soort == "verwant"
    assert thermo.punten_risicos == 30


def test_a_neighbour_of_a_named_key_risk_costs_nothing():
    sid = "haarlem-ontmoet-managers"
    both = score(sid, TraineeAnswer(fase=4, risicos=["mandaat_ontbreekt", "bestuurlijk_draagvlak_ontbreekt"]))
    alone = score(sid, TraineeAnswer(fase=4, risicos=["mandaat_ontbreekt"]))
    assert both.punten_risicos == alone.punten_risicos
    rem = next(r for r in both.opmerkingen if r.id == "bestuurlijk_draagvlak_ontbreekt")
    assert rem.soort == "verwant" and rem.punten == 0


def test_story_supported_extras_are_defensible_not_scored():
    sid = "opgaan-in-de-brede-tafel"
    key = [k.id for k in LIBRARY[sid].sleutel.risicos]
    base = score(sid, TraineeAnswer(fase=5, risicos=key))
    extra = score(sid, TraineeAnswer(fase=5, risicos=key + ["gemeente_niet_betrouwbaar"]))
    assert base.punten_risicos == extra.punten_risicos == 40
    rem = next(r for r in extra.opmerkingen if r.id == "gemeente_niet_betrouwbaar")
    assert rem.soort == "ook_verdedigbaar" and "verdedigbaar" in rem.uitleg


def test_contradicted_costs_points_unknown_does_not():
    sid = "koffie-voor-de-kennismaking"
    base = score(sid, TraineeAnswer(fase=1, risicos=["partijen_onvoldoende_gekend"]))
    contradicted = score(sid, TraineeAnswer(fase=1, risicos=["partijen_onvoldoende_gekend", "religieuze_gemeenschap_op_afstand"]))
    rem = next(r for r in contradicted.opmerkingen if r.id == "religieuze_gemeenschap_op_afstand")
    assert rem.soort == "niet_onderbouwd" and rem.waarnemingen   # points back to what the case says
    assert contradicted.punten_risicos == base.punten_risicos - 5
    unrecorded = score(sid, TraineeAnswer(fase=1, risicos=["partijen_onvoldoende_gekend", "subsidieval"]))
    rem = next(r for r in unrecorded.opmerkingen if r.id == "subsidieval")
    assert rem.soort == "niet_vastgelegd" and unrecorded.punten_risicos == base.punten_risicos


def test_the_engines_own_first_advice_scores():
    sid = "de-spin-in-het-web"
    d = diagnose(LIBRARY[sid].casus)
    first = [i for i in d.hoofdadvies.interventies if i not in {k.id for k in LIBRARY[sid].sleutel.interventies}]
    assert first
    result = score(sid, TraineeAnswer(fase=4, interventies=first[:2]))
    assert result.punten_interventies == 30
    assert all(r.soort == "iv_advies" and "engine" in r.uitleg for r in result.opmerkingen if r.id in first[:2])
    unfit = score(sid, TraineeAnswer(fase=4, interventies=["rechtsvorm_bewust_kiezen"]))
    rem = next(r for r in unfit.opmerkingen if r.id == "rechtsvorm_bewust_kiezen")
    assert rem.soort == "iv_past_niet" and rem.uitleg and unfit.punten_interventies == 0


def test_english_feedback_has_no_dutch_labels():
    from coalitie.diagnose.trainee import feedback_lines
    sid = "het-stuur-overgenomen"
    result = score(sid, TraineeAnswer(fase=2, risicos=["samenwerking_schuurt", "gemeente_te_sturend", "subsidieval",
                                                      "afwachtende_partijen"],
                                      interventies=["ruimte_geven", "mediation"]), taal="en")
    text = "\n".join(feedback_lines(result, "en"))
    for dutch in ("gezien", "gemist", "verdedigbaar", "Daarvoor", "zekerheid", "(hoog)", "(middel)", "Fase ",
                  "vastgesteld", "vermoedelijk", "sleutel", "waarnemingen"):
        assert dutch not in text, dutch
