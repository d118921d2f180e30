"""Every knowledge record (rules/*.yaml) behaves as its own cases say.

Each record carries ``gevallen``: realistic cases with the expected status
(vastgesteld / vermoedelijk / niet), and where it matters the severity, the
dreigend flag and the partners. A risk or strength record needs at least one
case in which it is raised and one in which it is not; a case's ``casus`` is a
case file's content, with defaults for what it leaves out (name, date,
partners: tests/conftest.py DEFAULT_PARTNERS). Each case is its own test.
"""
from __future__ import annotations

import pytest

from conftest import DEFAULT_PARTNERS
from coalitie.diagnose import diagnose
from coalitie.diagnose.records import check_records, load_records
from coalitie.diagnose.reasoning import dependency_order


def as_case(casus: dict) -> dict:
    out = {"coalitie": "Recordgeval", "gemeente": "Testdorp", "datum_gesprek": "2026-10-01",
           "partners": DEFAULT_PARTNERS}
    out.update(casus)
    return out


def _params():
    out = []
    for rid, rec in sorted(load_records().items()):
        for c in rec.gevallen:
            out.append(pytest.param(rec, c, id=f"{rec.code}:{rid}:{c.naam}"))
    return out


def finding(d, rec):
    if rec.soort == "sterkte":
        return next((s for s in d.sterktes if s.id == rec.id), None)
    if rec.soort == "risico":
        return next((r for r in d.risicos if r.id == rec.id), None)
    if rec.soort == "signaal":
        return next((s for s in d.signalen if s.id == rec.id), None)
    return None


@pytest.mark.parametrize("rec,c", _params())
def test_record_case(rec, c):
    d = diagnose(as_case(c.casus))
    want = c.verwacht
    if want.fase is not None:
        assert d.fase.nummer == want.fase, c.omschrijving
    if rec.soort == "fase":
        from coalitie.diagnose.phase import indicator_strengths  # noqa: F401 (the phase report shows the indicator)
        shown = {w.id for w in d.fase.waarnemingen}
        held = rec.id in {ind for ind, _, _ in _phase_inputs(as_case(c.casus))}
        assert held == (want.status != "niet"), f"{rec.id}: {c.omschrijving} (waarnemingen {sorted(shown)})"
        return
    f = finding(d, rec)
    if want.status == "niet":
        assert f is None, f"{rec.id} should not be raised: {c.omschrijving}"
        return
    assert f is not None, f"{rec.id} should be {want.status}: {c.omschrijving}"
    if rec.soort == "signaal":
        return
    assert f.status == want.status, f"{rec.id}: {c.omschrijving}"
    if want.ernst is not None:
        assert f.ernst == want.ernst, f"{rec.id}: {c.omschrijving}"
    if want.dreigend is not None:
        assert f.dreigend == want.dreigend, f"{rec.id}: {c.omschrijving}"
    if want.partners is not None:
        assert sorted(f.partners) == sorted(want.partners), f"{rec.id}: {c.omschrijving}"


def _phase_inputs(casus):
    from coalitie.diagnose.case import case_from_data
    from coalitie.diagnose.engine import get_engine
    from coalitie.diagnose.phase import indicator_strengths
    run = get_engine().run_case(case_from_data(casus))
    return indicator_strengths(run)


def test_records_refer_to_known_items_and_cite_sources():
    problems = check_records()
    assert not problems, "\n".join(problems)


def test_no_cycles_in_dependencies_or_absorption():
    dependency_order(load_records())


def test_exclusive_findings_never_hold_together_in_any_case():
    """Records that exclude each other (sluit_uit) are never both raised for the same partner."""
    records = load_records()
    pairs = [(a, b) for a, rec in records.items() for b in rec.sluit_uit]
    if not pairs:
        pytest.skip("no record declares sluit_uit")
    for rid, rec in sorted(records.items()):
        for c in rec.gevallen:
            d = diagnose(as_case(c.casus))
            raised = {(r.id, p) for r in d.risicos for p in (r.partners or [""])}
            for a, b in pairs:
                both = {p for (x, p) in raised if x == a} & {p for (x, p) in raised if x == b}
                assert not both, f"{a} and {b} both hold in {rec.code}:{c.naam}"


def test_generated_reference_is_current():
    from pathlib import Path
    from coalitie.diagnose.catalog import reference_markdown
    path = Path(__file__).resolve().parent.parent / "docs" / "kennisrecords.md"
    assert path.read_text(encoding="utf-8") == reference_markdown(), \
        "docs/kennisrecords.md is stale: run `coalitie kennis docs > docs/kennisrecords.md`"


def test_cycles_in_absorption_or_dependencies_are_refused():
    from coalitie.diagnose.records import Record, RecordError
    base = dict(soort="risico", bron=["eigen"], wanneer="een proefrecord zonder betekenis",
                voor=[{"obs": "ongeduld_om_te_doen", "is": "ja"}])
    absorbs = {"a": Record.model_validate(dict(base, code="TST001", id="a", omvat=["b"])),
               "b": Record.model_validate(dict(base, code="TST002", id="b", omvat=["a"]))}
    with pytest.raises(RecordError, match="cycle in omvat"):
        dependency_order(absorbs)
    reads = {"a": Record.model_validate(dict(base, code="TST001", id="a",
                                             voor=[{"bevinding": "b"}, {"obs": "ongeduld_om_te_doen", "is": "ja"}])),
             "b": Record.model_validate(dict(base, code="TST002", id="b",
                                             voor=[{"bevinding": "a"}, {"obs": "ongeduld_om_te_doen", "is": "ja"}]))}
    with pytest.raises(RecordError, match="cycle in bevinding"):
        dependency_order(reads)


def test_a_strength_is_named_only_while_the_evidence_for_it_outweighs_the_evidence_against():
    """Evidence against never hides a risk (it lowers certainty and severity), but a strength on
    balanced evidence is not named: over every record case and example, a raised strength that
    no decisive sign establishes has more evidence for than against, and some risk is raised
    with as much against as for (so the asymmetry is exercised, not vacuous)."""
    from pathlib import Path
    from coalitie.diagnose.case import case_from_data, load_case
    from coalitie.diagnose.engine import get_engine
    from coalitie.diagnose.reasoning import weigh_run
    cases = [case_from_data(as_case(c.casus)) for rec in load_records().values() for c in rec.gevallen]
    cases += [load_case(p) for p in sorted((Path(__file__).parent.parent / "kennisbank" / "voorbeelden").glob("*.yaml"))]
    balanced_risk = False
    for case in cases:
        _, _, judgement = weigh_run(get_engine().run_case(case))
        for fnd in judgement.findings:
            decisive = any(c.traits.beslissend and c.weight >= c.traits.gewicht for c in fnd.contributions)
            if fnd.record.soort == "sterkte" and not decisive:
                assert fnd.score_for > fnd.score_against, (case.coalitie, fnd.record.id)
            if fnd.record.soort == "risico" and 0 < fnd.score_for <= fnd.score_against:
                balanced_risk = True
    assert balanced_risk


def test_the_subsidys_end_given_as_a_plan_and_as_a_date_counts_once():
    """Records read the subsidy's end as a date (``subsidie_einddatum``) or as a plan
    (``subsidie_einde``), as alternatives. Two blind encodings gave both for the same date,
    which counted the one event twice: enough to establish the subsidy pitfall on its own,
    and a step of severity for the municipality's unclear role. On the same date the two are
    one account (``zelfde_als``); on another date the plan is another event and counts."""
    from coalitie.diagnose import diagnose
    from coalitie.diagnose.case import case_from_data

    def found(obs=None, plan=None):
        data = {"coalitie": "T", "datum_gesprek": "2026-06-01",
                "observaties": {"eerste_bijeenkomst_geweest": "ja", "activiteiten_lopen": "ja",
                                "subsidie_ontvangen": "ja", **({"subsidie_einddatum": obs} if obs else {})},
                "partners": [{"naam": "Gemeente", "type": "gemeente"}, {"naam": "Welzijn", "type": "welzijnsorganisatie"}],
                "plannen": [{"wat": "subsidie_einde", "wanneer": plan}] if plan else []}
        return {(r.id, r.status, r.ernst) for r in diagnose(case_from_data(data)).risicos}
    date_only = found(obs="2026-12-31")
    both = found(obs="2026-12-31", plan="2026-12-31")
    assert both == date_only and not any(r[0] == "subsidieval" for r in both)
    other_date = found(obs="2026-12-31", plan="2027-03-01")  # a second end (another budget): two signs
    assert ("subsidieval", "vastgesteld", "hoog") in other_date


def test_what_would_settle_a_suspicion_is_a_question_that_can_be_asked():
    """A suspicion names the questions that would settle it, but not one that cannot be asked
    here: whether its own constituency backs a partner is for organisations, not residents
    (its partner_type), as the open-question list has it too."""
    from coalitie.diagnose.case import case_from_data

    def braking(kind: str):
        d = diagnose(case_from_data(as_case({
            "observaties": {"eerste_bijeenkomst_geweest": "ja", "partners_ook_concurrent": "ja"},
            "partners": [{"naam": "Welzijn Noord", "type": "welzijnsorganisatie", "kern": True},
                         {"naam": "Jan", "type": kind, "observaties": {"remt_af": "ja"}}]})))
        risk = next(r for r in d.risicos if r.id == "partner_aan_de_handrem")
        assert risk.status == "vermoedelijk" and risk.partners == ["Jan"]
        return risk.vraag, [q for q in d.open_vragen if q.id == "achterban_steunt"]

    asked, open_ = braking("zorgaanbieder")
    assert "achterban_steunt" in asked and "Jan" in open_[0].partners
    asked, open_ = braking("inwoner")
    assert "achterban_steunt" not in asked and all("Jan" not in q.partners for q in open_)


def test_the_constituency_question_is_for_every_kind_but_residents():
    """Written out as the kinds it is for (a precondition cannot say 'not'): a kind added to the
    knowledge base must be added here, or its partners are never asked."""
    from coalitie import kennisbank
    kb = kennisbank.load()
    (pre,) = kb.observaties["achterban_steunt"].wanneer
    assert set(pre.partner_type) == set(kb.partnertypes) - {"inwoner"}


def test_a_remedy_comes_first_for_its_finding_when_what_it_needs_was_seen(monkeypatch):
    """Partners asking aloud whether the coalition still makes sense put that conversation
    first among the network dip's remedies (handreiking §1.2.6); otherwise a new impulse
    leads. In the walk-through of v10 the main advice had no room left for it. A
    ``voorrang_als`` that names no choice question about the coalition is refused."""
    from coalitie.diagnose import records as records_module
    from coalitie.diagnose.case import case_from_data
    from coalitie.diagnose.engine import all_rules, get_engine
    from coalitie.diagnose.result import Builder

    def order(asked):
        case = case_from_data(as_case({"observaties": {"eerste_bijeenkomst_geweest": "ja", "activiteiten_lopen": "ja",
                                                       "energie_afgenomen": "ja", "bestaansvraag_gesteld": asked}}))
        builder = Builder(case, get_engine().run_case(case), all_rules(), "nl")
        return builder._remedy_order(load_records()["netwerkdip"])

    assert order("ja") == ["bestaansvraag_bespreekbaar_maken", "nieuwe_impuls"]
    assert order("nee") == order("deels") == ["nieuwe_impuls", "bestaansvraag_bespreekbaar_maken"]
    from coalitie.diagnose.catalog import record_doc  # `kennis regel` and the reference say so
    assert "interventie:bestaansvraag_bespreekbaar_maken (eerst als bestaansvraag_gesteld in ja)" in \
        record_doc("netwerkdip")["concludeert"]

    real = load_records()
    ref = real["netwerkdip"].interventies[1]
    for obs, values, why in (("opgericht_op", ["ja"], "names no choice question"),
                             ("bestaansvraag_gesteld", ["misschien"], "not allowed")):
        bad_ref = ref.model_copy(update={"voorrang_als": [records_module.Precondition.model_validate(
            {"obs": obs, "in": values})]})
        bad = real["netwerkdip"].model_copy(update={"interventies": [real["netwerkdip"].interventies[0], bad_ref]})
        monkeypatch.setattr(records_module, "load_records", lambda: {**real, "netwerkdip": bad})
        assert any(why in p for p in records_module.check_records()), why
    monkeypatch.undo()
    assert not check_records()


def test_a_finding_cites_its_own_signs_not_every_record_that_shares_a_rule():
    """Signs with the same pattern share one compiled rule, whose sources are those of every
    record that uses it: 'phase 3 to 5' is a sign for a dozen records. A blind adviser found
    fifteen sources under one risk. A finding cites its record, its item and, per sign that
    counted, that sign's own source (else its record's); a hand-written rule its own."""
    from coalitie.diagnose import diagnose
    from coalitie.diagnose.case import case_from_data
    from coalitie.diagnose.engine import all_rules
    rules = all_rules()
    shared = next(r for name, r in rules.items() if name == "fase:3,4,5")
    assert len(shared._wrapped.sources) > 5  # the rule itself stands for many records
    d = diagnose(case_from_data({"coalitie": "T", "datum_gesprek": "2026-06-01", "observaties": {
        "eerste_bijeenkomst_geweest": "ja", "activiteiten_lopen": "ja", "rollen_vastgelegd": "ja",
        "evaluatiemoment": "nee"}}))
    risk = next(r for r in d.risicos if r.id == "geen_reflectie")
    rec = load_records()["geen_reflectie"]
    assert any(a.regel == "fase:3,4,5" for a in risk.onderbouwing)  # the shared rule counted
    assert risk.bronnen == list(dict.fromkeys(rec.bron + [c for ind in rec.voor for c in ind.bron]))


def test_an_answer_partly_given_is_not_shown_as_both_seen_and_against():
    """'deels' to 'do partners talk past each other' counts half for the confusion of tongues
    (asked as ja) and half against it (its counter-sign asked as nee). The report listed the
    one statement under what was seen and under what speaks against (v3 walk-through). It is
    shown once, as what was seen; an answer only against stays under 'against'."""
    from coalitie.diagnose import diagnose
    from coalitie.diagnose.case import case_from_data

    def risk(**obs):
        d = diagnose(case_from_data({"coalitie": "T", "datum_gesprek": "2026-06-01", "observaties": {
            "eerste_bijeenkomst_geweest": "ja", "begrippen_verschillend_ingevuld": "ja", **obs}}))
        return next(r for r in d.risicos if r.id == "spraakverwarring")
    partly = risk(langs_elkaar_heen="deels")
    assert "langs_elkaar_heen" in [w.id for w in partly.waarnemingen]
    assert "langs_elkaar_heen" not in [w.id for w in partly.tegen]
    only_against = risk(langs_elkaar_heen="nee", discussiepunten_keren_terug="ja")
    assert "langs_elkaar_heen" in [w.id for w in only_against.tegen]
