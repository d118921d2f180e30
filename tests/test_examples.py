"""The bundled examples read as an adviser would expect, and a healthy coalition raises no alarm."""
from __future__ import annotations

from conftest import EXAMPLES, case, intervention_ids, risk_ids
from coalitie.diagnose import diagnose


def test_starting_coalition_is_phase_1():
    d = diagnose(EXAMPLES / "startend-dorp.yaml")
    assert d.fase.nummer == 1 and d.fase.zekerheid == "hoog"
    assert not [r for r in d.risicos if r.ernst == "hoog"]


def test_covenant_without_deepening_conversation():
    d = diagnose(EXAMPLES / "convenant-zonder-gesprek.yaml")
    assert d.fase.nummer == 3
    assert "gemarkeerd_zonder_verdieping" in risk_ids(d)
    assert "gemarkeerd_zonder_verdieping" in d.fase.achterstallig
    assert d.risicos[0].ernst == "hoog"
    assert "verdiepend_gesprek_ambitie" in intervention_ids(d)
    undone = [r for r in d.risicos if r.id in d.fase.achterstallig]
    assert undone and all(any(b.startswith("handreiking §1.2") for b in r.bronnen) for r in undone)


def test_running_coalition_losing_its_course():
    d = diagnose(EXAMPLES / "lopende-coalitie.yaml")
    assert d.fase.nummer == 4
    assert {"ambitie_uit_beeld", "geen_reflectie"} <= risk_ids(d)
    assert "ambitie_afstoffen" in intervention_ids(d)
    assert "verdiepend_gesprek_ambitie" not in intervention_ids(d)  # phase 4: dust off, not deepen


def test_every_phase_finding_cites_a_handreiking_section():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        d = diagnose(path)
        if d.fase.nummer is not None:
            assert any(b.startswith("handreiking §1.") for b in d.fase.bronnen), path.name


HEALTHY = dict(
    opgericht_op="2023-02-01", initiatief_bij_enkelen="nee", partijen_benaderen_gaande="nee",
    eerste_bijeenkomst_geweest="ja", een_op_een_gesprekken="ja", vraagstuk_verkend="ja",
    verwachtingen_uitgewisseld="ja", actielijst_zonder_verhaal="nee", ambitie_geformuleerd="uitgewerkt",
    verdiepend_gesprek_ambitie="ja", vorm_besproken="ja", motieven_besproken="ja", persoonlijke_kennismaking="ja",
    bestuurlijk_commitment="ja", deelname_aarzeling="nee", rollen_vastgelegd="ja", procesontwerp="ja",
    overlegstructuur="ja", juridische_structuur="geen", intentieverklaring="getekend", ongeduld_om_te_doen="nee",
    partner_neemt_zonder_inbreng="nee", activiteiten_lopen="ja", project_afgerond="ja", resultaten_gedeeld="ja",
    ambitie_recent_besproken="ja", verankering_besproken="afgesproken", monitoring="ja", evaluatiemoment="ja",
    herijking_gaande="nee", bundeling_besproken="nee", bestaansvraag_gesteld="nee",
)


def test_healthy_coalition_has_no_serious_risk():
    d = diagnose(case(**HEALTHY))
    assert d.fase.nummer == 4
    assert not [r.id for r in d.risicos if r.ernst in ("hoog", "middel")], [r.id for r in d.risicos]
