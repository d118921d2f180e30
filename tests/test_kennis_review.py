"""The fidelity fixes from the expert review (../shared/reviews/kennis-review.md §1, §3, §6),
one test each, so that a later edit cannot bring an error back unnoticed."""
from __future__ import annotations

import re

import pytest

from coalitie import kennisbank
from coalitie.diagnose import diagnose
from coalitie.diagnose.records import load_records
from conftest import case

KB = kennisbank.load()
RECORDS = load_records()


def ids(d) -> set[str]:
    return {r.id for r in d.risicos} | {i.id for i in d.interventies} | {s.id for s in d.sterktes}


def every_indicator():
    for rec in RECORDS.values():
        for ind in list(rec.voor) + list(rec.tegen) + list(rec.alle):
            yield rec, ind
        if rec.ernst:
            for ind in list(rec.ernst.hoger) + list(rec.ernst.lager):
                yield rec, ind


# -- §1a: items that said more than the sources ----------------------------------------------------

def test_a_subsidy_alone_is_no_sign_of_phase_3():
    """§1.3 ties a subsidy to no phase; it is often the nudge to start."""
    d = diagnose(case(eerste_bijeenkomst_geweest="ja", subsidie_ontvangen="ja"))
    assert d.fase.nummer != 3
    assert "subsidie_ontvangen" not in {w.id for w in d.fase.waarnemingen}


def test_durations_and_size_thresholds_are_marked_as_our_own():
    """The sources give no durations per phase and no numbers of parties or agenda items."""
    for iid in ("pas_begonnen", "lang_actief"):
        assert "eigen" in KB.indicatoren[iid].bron
    assert "eigen" in KB.observaties["opgericht_op"].bron
    for rec, ind in every_indicator():
        counted = ind.obs in ("aantal_partijen", "werkagenda_onderwerpen", "opgericht_op")
        if counted and (ind.min is not None or ind.max is not None or ind.dagen is not None):
            assert "eigen" in (ind.bron or []) + rec.bron, f"{rec.id}: drempel op {ind.obs} niet als eigen gemarkeerd"


def test_skipped_talks_do_not_claim_role_agreements_are_missing():
    """With roles agreed, the finding still fires on the missing step plan, but does not say roles are missing."""
    text = KB.risicos["gesprekken_overgeslagen"].uitleg.nl
    assert "stappenplan" in text and "rolafspraken ontbreken" not in text
    d = diagnose(case(eerste_bijeenkomst_geweest="ja", ongeduld_om_te_doen="ja", procesontwerp="nee",
                      rollen_vastgelegd="ja"))
    found = [r for r in d.risicos if r.id == "gesprekken_overgeslagen"]
    assert found and not any(w.id == "rollen_vastgelegd" for w in found[0].waarnemingen)


def test_no_crowbar_advice_for_the_municipality_that_steers():
    """§2.10 tip 3 against §3.2.1 / Dronten: a steering municipality is not also the crowbar."""
    partners = [{"naam": "Gemeente Noord", "type": "gemeente", "kern": True,
                 "observaties": {"bepaalt_koers": "ja"}},
                {"naam": "Welzijn Noord", "type": "welzijnsorganisatie", "kern": True, "coordinator": True}]
    d = diagnose(case(partners=partners, eerste_bijeenkomst_geweest="ja", voortgang_stokt="ja"))
    assert "gemeente_als_breekijzer" not in ids(d)
    assert "neutrale_regisseur_aantrekken" in ids(d)


def test_a_steering_municipality_needs_an_effect_not_only_a_structure():
    """Several roles are fine 'als het maar helder is' (§2.10); Dronten is about the effect. On the
    structure alone the finding is at most suspected (a question to ask); the effect establishes it."""
    partners = [{"naam": "Gemeente Noord", "type": "gemeente", "observaties": {"rollen_gemeente": ["voorzitter"]}},
                {"naam": "Bewoners Noord", "type": "inwoner", "kern": True}]

    def status(**obs):
        d = diagnose(case(partners=partners, eerste_bijeenkomst_geweest="ja", initiatief_van="inwoners", **obs))
        return next((r.status for r in d.risicos if r.id == "gemeente_te_sturend"), None)

    assert status() in (None, "vermoedelijk")
    assert status(inbreng_inwoners_zichtbaar="nee") == "vastgesteld"


def test_thermometer_levels_cite_what_the_sources_say():
    """Avoiding each other and threatening to leave are not in the thermometer blog's text."""
    for oid in ("elkaar_ontlopen", "dreigen_met_vertrek"):
        assert not any("In conflict" in b for b in KB.observaties[oid].bron), oid


@pytest.mark.parametrize("iid", ["steun_hardop_toetsen", "gezamenlijk_doel_in_afspraken",
                                 "werk_over_meer_schouders", "vaste_vertegenwoordiging_afspreken"])
def test_remedies_the_sources_do_not_name_are_marked_as_our_own(iid):
    assert "eigen" in KB.interventies[iid].bron


def test_a_deadline_belongs_to_the_role_division():
    """Bergeijk sets the deadline in the role-division step, after interests and language."""
    for rec in RECORDS.values():
        for ref in rec.interventies:
            if ref.id == "deadline_stellen":
                assert ref.fasen and min(ref.fasen) >= 3, rec.id


# -- §1b: citations -----------------------------------------------------------------------------

def test_interdependencies_cite_the_hengelo_heading_where_they_are_discussed():
    heading = "hengelo \"Moet het gemeenschappelijke deel … meer worden uitgediept?\""
    assert KB.observaties["afhankelijkheden_besproken"].bron == [heading]
    assert KB.interventies["afhankelijkheden_voelbaar_maken"].bron == [heading]
    for rec, ind in every_indicator():
        if ind.obs == "afhankelijkheden_besproken":
            assert heading in (ind.bron or rec.bron), rec.id


def test_boxes_in_the_guide_are_cited_with_their_section():
    """e.g. the Haarlem box: handreiking §3.3.4 "…", never handreiking "…" without a section."""
    bare = re.compile(r'^handreiking "')
    for kind in ("observaties", "risicos", "interventies", "sterktes", "indicatoren", "signalen"):
        for iid, item in KB.kind(kind).items():
            assert not any(bare.match(b) for b in item.bron), f"{kind}.{iid}"
    for rec, ind in every_indicator():
        assert not any(bare.match(b) for b in list(ind.bron or []) + rec.bron), rec.id


# -- §3 and §6: vocabulary ---------------------------------------------------------------------------

@pytest.mark.parametrize("old", ["probleem_zonder_eigenaar", "ieder_eigen_ding", "meelifter_aanwezig",
                                 "vertrouwde_verbinder", "agenda_is_optelsom_wensen", "trekker_drukt_door",
                                 "lokale_invulling_mogelijk"])
def test_verdict_like_observations_are_gone(old):
    """Renamed (hernoemd.yaml) or split (gesplitst); old case files keep working through the redirects."""
    from coalitie.diagnose import redirects
    assert old not in KB.observaties
    assert old in redirects.load_table()["observaties"] or old in redirects.load_splits()


def test_reworded_observations_no_longer_carry_the_verdict():
    vraag = {k: KB.observaties[k].vraag.nl for k in
             ("bepaalt_koers", "besluiten_blijven_liggen", "gevraagd_buiten_eigen_werk", "standpunten_overheersen",
              "overleg_voelt_als_onderhandelen", "eigen_zichtbaarheid_voorop", "regionaal_botst_met_lokaal")}
    assert "zonder dat de anderen" not in vraag["bepaalt_koers"]
    assert "omdat" not in vraag["besluiten_blijven_liggen"]
    assert "in plaats van" not in vraag["gevraagd_buiten_eigen_werk"]
    assert "voelt" not in vraag["overleg_voelt_als_onderhandelen"]
    assert "voorop" not in vraag["eigen_zichtbaarheid_voorop"]
    assert "botsen" not in vraag["regionaal_botst_met_lokaal"].lower()


def test_generic_questions_do_not_assume_the_theme_is_loneliness():
    """A coalition on debt, housing or health must be able to answer the same questions."""
    for oid, item in KB.observaties.items():
        assert not re.search(r"eenza|lonel", item.vraag.nl + item.vraag.en, re.I), oid


def test_field_language_in_titles():
    assert KB.risicos["gespleten_loyaliteit"].titel.nl.startswith("Dubbele loyaliteit")
    assert KB.interventies["schillen_en_afpellen"].titel.nl.startswith("Pel de standpunten af")
    assert KB.interventies["praten_leidt_tot_doen"].titel.nl.startswith("Laat ervaren")
