"""Open questions that reach a finding through a signal: a record whose strong sign is a signal
(made by a Python rule) proposes the question that can bring that signal about
(reasoning.awaited_signals, openquestions.signal_questions)."""
from coalitie.diagnose._experta import MATCH, NOT, TEST, Rule

from coalitie.diagnose import diagnose
from coalitie.diagnose.facts import Obs, Partner, PartnerObs
from coalitie.diagnose import openquestions
from coalitie.diagnose.patterns import parsed_patterns
from coalitie.diagnose.rulekit import about


def _case(welzijn: dict | None = None, gemeente: dict | None = None, **obs) -> dict:
    return {
        "coalitie": "Proef", "datum_gesprek": "2026-11-01",
        "observaties": {"eerste_bijeenkomst_geweest": "ja", **obs},
        "partners": [
            {"naam": "Welzijn Noord", "type": "welzijnsorganisatie", "kern": True, "coordinator": True,
             **({"observaties": welzijn} if welzijn else {})},
            {"naam": "Gemeente Noord", "type": "gemeente", "kern": True,
             **({"observaties": gemeente} if gemeente else {})},
        ],
    }


def _effects(case: dict, question: str) -> tuple[list[str], dict[str, str]]:
    for q in diagnose(case).open_vragen:
        if q.id == question:
            return q.partners, {e.bevinding: e.effect for e in q.effecten}
    return [], {}


def test_a_partner_question_that_can_bring_the_signal_is_open_for_every_partner():
    # nothing running yet (weight 1) and two partners whose motives nobody knows: both answering
    # "idealen" makes the signal (weight 3) that raises 'veel idealen, weinig doen'
    partners, effects = _effects(_case(activiteiten_lopen="nee"), "motieven")
    assert partners == ["Gemeente Noord", "Welzijn Noord"]
    assert effects.get("risico:idealen_zonder_doen") == "toevoegen"


def test_one_partner_known_the_other_partners_answer_can_join_it():
    partners, effects = _effects(_case(gemeente={"motieven": ["moreel"]}, activiteiten_lopen="nee"), "motieven")
    assert partners == ["Welzijn Noord"]
    assert effects.get("risico:idealen_zonder_doen") == "toevoegen"


def test_not_proposed_when_the_signal_can_no_longer_come():
    # a partner driven by tangible results: motives are no longer one-sidedly idealistic
    _, effects = _effects(_case(gemeente={"motieven": ["instrumenteel"]}, activiteiten_lopen="nee"), "motieven")
    assert "risico:idealen_zonder_doen" not in effects


def _awaited(case: dict):
    from coalitie.diagnose import reasoning, to_case
    from coalitie.diagnose.engine import get_engine
    return reasoning.awaited_signals(reasoning.weigh_run(get_engine().run_case(to_case(case)))[2])


def test_a_finding_nothing_points_to_is_chased_only_by_a_signal_that_raises_it_alone():
    awaited, unheard = _awaited(_case())
    # two idealistic partners (weight 3) raise 'veel idealen, weinig doen' (threshold 2) on their own
    assert awaited["motieven_eenzijdig_moreel"]["risico:idealen_zonder_doen"] == "toevoegen"
    assert "risico:idealen_zonder_doen" in unheard
    # a shallow ambition (weight 1) cannot raise 'spraakverwarring' (threshold 3) by itself
    assert "risico:spraakverwarring" not in awaited.get("ambitie_ondiep", {})
    # with some evidence the finding is no longer one nothing points to
    awaited, unheard = _awaited(_case(activiteiten_lopen="nee"))
    assert "risico:idealen_zonder_doen" in awaited["motieven_eenzijdig_moreel"]
    assert "risico:idealen_zonder_doen" not in unheard


def test_raising_a_finding_nothing_points_to_weighs_half_and_only_the_weightiest_counts():
    from coalitie.diagnose.result import Effect, question_worth

    def eff(tag, effect="toevoegen"):
        return Effect(bevinding=tag, titel="t", effect=effect)
    lead = [eff("risico:a")]
    assert question_worth(lead) == 6
    assert question_worth([eff("sterkte:b", "bevestigen")]) == 2
    assert question_worth(lead, {"risico:a"}) == 3
    # one answer brings at most one of the patterns such findings wait for (the partners'
    # motives are one-sided one way, or another, or mixed): the weightiest counts, at half
    waiting = [eff("risico:x"), eff("risico:y"), eff("sterkte:z")]
    assert question_worth(waiting, {"risico:x", "risico:y", "sterkte:z"}) == 3
    assert question_worth(waiting + lead, {"risico:x", "risico:y", "sterkte:z"}) == 9


def test_a_signal_that_joins_partners_is_not_proposed_without_enough_partners():
    one = _case(activiteiten_lopen="nee")
    one["partners"] = one["partners"][:1]
    _, effects = _effects(one, "motieven")
    assert "risico:idealen_zonder_doen" not in effects  # two partners with ideals: there is one


def test_what_one_more_sign_would_do():
    from types import SimpleNamespace
    from coalitie.diagnose.reasoning import _raising
    from coalitie.diagnose.records import load_records
    rec = load_records()["idealen_zonder_doen"]  # thresholds: suspected 2, established 4

    def fnd(status, score):
        return SimpleNamespace(record=rec, status=status, score_for=score)
    assert _raising(fnd("niet", 1), 3) == "toevoegen"
    assert _raising(fnd("niet", 1), 0.5) is None
    assert _raising(fnd("vermoedelijk", 2), 2) == "bevestigen"
    assert _raising(fnd("vermoedelijk", 2), 1) is None
    assert _raising(fnd("vastgesteld", 5), 3) is None


class _Rules:
    """Python rules in the shape openquestions reads (a wrapped function with its conclusions)."""

    @Rule(Obs(key="a", value="ja"), Obs(key="b", value="ja"))
    @about(sources=["eigen"], concludes=["signaal:twee_vragen"])
    def two_questions(self):
        pass

    @Rule(PartnerObs(partner=MATCH.x, key="k", value="ja"), PartnerObs(partner=MATCH.y, key="k", value="ja"),
          TEST(lambda x, y: x < y), NOT(Obs(key="c", value="ja")))
    @about(sources=["eigen"], concludes=["signaal:twee_partners"])
    def two_partners(self, x, y):
        pass


def _rules():
    rules = {"two_questions": _Rules.two_questions, "two_partners": _Rules.two_partners}
    assert all(not parsed_patterns(r)[1] for r in rules.values())
    return rules


def _partners(*names):
    return [Partner(naam=n, type="overig", kern=None, coordinator=None) for n in names]


def test_signal_questions_one_question_away_only():
    awaited = {"twee_vragen", "twee_partners"}
    two = _partners("P", "Q")
    found = openquestions.signal_questions(_rules(), two, set(), awaited)
    assert found == {"k": {"twee_partners"}}  # 'a' and 'b' are two questions, not one
    found = openquestions.signal_questions(_rules(), two + [Obs(key="a", value="ja")], set(), awaited)
    assert found == {"b": {"twee_vragen"}, "k": {"twee_partners"}}
    # the rule joins two partners: with one at the table its signal cannot come
    assert openquestions.signal_questions(_rules(), _partners("P"), set(), awaited) == {}


def test_signal_questions_respect_negations_firings_partners_and_what_is_awaited():
    one = _partners("P", "Q") + [PartnerObs(partner="P", type="overig", key="k", value="ja")]
    assert openquestions.signal_questions(_rules(), one, set(), {"twee_partners"}) == {"k": {"twee_partners"}}
    assert openquestions.signal_questions(_rules(), one + [Obs(key="c", value="ja")], set(), {"twee_partners"}) == {}
    assert openquestions.signal_questions(_rules(), one, {"two_partners"}, {"twee_partners"}) == {}
    assert openquestions.signal_questions(_rules(), one, set(), {"twee_vragen"}) == {}
    assert openquestions.signal_questions(_rules(), one, set(), set()) == {}
    # the other partner answered otherwise: nobody is left to join P
    other = one + [PartnerObs(partner="Q", type="overig", key="k", value="nee")]
    assert openquestions.signal_questions(_rules(), other, set(), {"twee_partners"}) == {}
