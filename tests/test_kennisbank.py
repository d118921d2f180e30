"""Consistency of the knowledge base with the rules (both directions) and with the sources."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coalitie import kennisbank
from coalitie.diagnose.engine import all_rules
from coalitie.diagnose.facts import Disagreement, InformantObs, Obs, PartnerObs
from coalitie.diagnose.patterns import rule_patterns

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _concluded() -> set[str]:
    """What some rule or knowledge record can conclude, as kind:id tags."""
    from coalitie.diagnose.records import load_records
    tags = {tag for rule in all_rules().values() for tag in rule._wrapped.concludes}
    kind = {"risico": "risico", "sterkte": "sterkte", "fase": "indicator", "signaal": "signaal"}
    for rec in load_records().values():
        tags.add(f"{kind[rec.soort]}:{rec.id}")
        tags.update(f"interventie:{ref.id}" for ref in rec.interventies)
    return tags


def _observations_used() -> set[str]:
    used = set()
    for rule in all_rules().values():
        patterns, _ = rule_patterns(rule)
        for p in patterns:
            if p.cls in (Obs, PartnerObs, InformantObs, Disagreement):
                used.update(p.literals("key"))
    return used


def test_kennisbank_loads_and_every_citation_is_valid():
    kb = kennisbank.load()  # raises on duplicate ids, bad citations, dangling references
    assert kb.versie and len(kb.fasen) == 5 and len(kb.condities) == 5


@pytest.mark.parametrize("kind,prefix", [("risicos", "risico"), ("interventies", "interventie"),
                                         ("sterktes", "sterkte"),
                                         ("indicatoren", "indicator"), ("signalen", "signaal")])
def test_every_item_is_concluded_by_some_rule(kind, prefix):
    kb = kennisbank.load()
    concluded = _concluded()
    unused = [i for i in kb.kind(kind) if f"{prefix}:{i}" not in concluded]
    assert not unused, f"{kind} that no rule concludes: {unused}"


def test_every_observation_is_used_by_some_rule_or_precondition():
    kb = kennisbank.load()
    used = _observations_used()
    used |= {pre.obs for o in kb.observaties.values() for pre in o.wanneer if pre.obs}
    from coalitie.diagnose.questioning import read_by_interview
    used |= read_by_interview()  # e.g. the coalition's theme: shapes which questions are asked
    unused = sorted(set(kb.observaties) - used)
    assert not unused, f"observations no rule reads: {unused}"


def test_every_signal_is_used_by_some_rule():
    from coalitie.diagnose.facts import Signal
    kb = kennisbank.load()
    used = set()
    for rule in all_rules().values():
        for p in rule_patterns(rule)[0]:
            if p.cls is Signal:
                used.update(p.literals("id"))
    unused = sorted(set(kb.signalen) - used)
    assert not unused, f"signals no rule builds on: {unused}"


def test_every_phase_has_indicators_and_a_tipping_point_or_typical_activity():
    kb = kennisbank.load()
    phases = {i.fase for i in kb.indicatoren.values()}
    assert phases == {1, 2, 3, 4, 5}


def test_conditions_named_by_risks_exist():
    kb = kennisbank.load()
    for rid, r in kb.risicos.items():
        assert r.conditie is None or r.conditie in kb.condities, rid


@pytest.mark.skipif(not (SHARED / "bronnen").is_dir(), reason="the sources are not beside this checkout")
def test_no_sentences_copied_from_the_sources():
    r = subprocess.run([sys.executable, str(SHARED / "tools" / "eigen_woorden.py"), str(SHARED / "bronnen"), "12"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout


def test_an_option_that_goes_alone_is_checked():
    """At most one option of a question goes alone ('niets'), and only in a choice of several."""
    import copy
    kb = kennisbank.load()
    assert [o.id for o in kb.observaties["veranderingen_bij_partners"].opties if o.alleen] == ["niets"]

    def broken(key: str, ids: set[str]):
        item = kb.observaties[key]
        opties = [o.model_copy(update={"alleen": o.id in ids}) for o in item.opties]
        out = copy.copy(kb)
        out.observaties = {**kb.observaties, key: item.model_copy(update={"opties": opties})}
        return out

    with pytest.raises(kennisbank.KnowledgeBaseError, match="meer dan één optie met 'alleen'"):
        kennisbank._check(broken("veranderingen_bij_partners", {"niets", "nieuwe_bestuurder"}))
    with pytest.raises(kennisbank.KnowledgeBaseError, match="'alleen' past alleen bij een meerkeuzevraag"):
        kennisbank._check(broken("intentieverklaring", {"getekend"}))
    kennisbank._check(broken("veranderingen_bij_partners", {"niets"}))  # as shipped: fine


def test_parsed_knowledge_is_cached_by_content(tmp_path, monkeypatch):
    import coalitie.kennisbank as kbmod
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COALITIE_GEEN_CACHE", raising=False)
    path = kbmod.HERE / "basis.yaml"
    first = kbmod.read_cached(path)
    cached = list((tmp_path / "coalitie").glob("kb-*.json"))
    assert len(cached) == 1
    assert kbmod.read_cached(path) == first  # read back from the cache
    cached[0].write_text("{kapot", encoding="utf-8")  # a damaged cache is ignored
    assert kbmod.read_cached(path) == first
    monkeypatch.setenv("COALITIE_GEEN_CACHE", "1")
    assert kbmod.read_cached(path) == first


def test_a_plan_the_same_as_a_date_names_a_date_about_the_coalition():
    """``zelfde_als`` names the coalition-level date question that records the same event."""
    import copy
    kb = kennisbank.load()
    assert kb.plannen["subsidie_einde"].zelfde_als == "subsidie_einddatum"
    for obs in ("betrokkenheid", "eerste_bijeenkomst_geweest", "bestaat_niet"):
        out = copy.copy(kb)
        out.plannen = {**kb.plannen, "subsidie_einde": kb.plannen["subsidie_einde"].model_copy(update={"zelfde_als": obs})}
        with pytest.raises(kennisbank.KnowledgeBaseError, match=f"zelfde_als '{obs}' is geen datumvraag"):
            kennisbank._check(out)


def test_what_lies_behind_a_plan_is_a_choice_about_the_coalition():
    """``voorbij_als`` names a coalition-level question answered from a list, with values it
    allows: a partner question, a number or a date cannot say a plan is behind the coalition."""
    import copy
    from coalitie.kennisbank.schema import Precondition
    kb = kennisbank.load()
    assert kb.plannen["eerste_bijeenkomst"].voorbij_als

    def broken(obs: str, values: list):
        plan = kb.plannen["eerste_bijeenkomst"]
        out = copy.copy(kb)
        pre = Precondition.model_validate({"obs": obs, "in": values})
        out.plannen = {**kb.plannen, "eerste_bijeenkomst": plan.model_copy(update={"voorbij_als": [pre]})}
        return out

    for obs, values in (("betrokkenheid", ["actief"]), ("aantal_partijen", [3]), ("opgericht_op", ["ja"])):
        with pytest.raises(kennisbank.KnowledgeBaseError, match=f"voorbij_als {obs} is geen keuzevraag"):
            kennisbank._check(broken(obs, values))
    with pytest.raises(kennisbank.KnowledgeBaseError, match="niet toegestaan"):
        kennisbank._check(broken("eerste_bijeenkomst_geweest", ["misschien"]))
    kennisbank._check(broken("eerste_bijeenkomst_geweest", ["ja"]))  # as shipped: fine
