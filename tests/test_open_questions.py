"""Open questions that reach a finding through a signal: a record whose strong sign is a signal
(made by a Python rule) proposes the question that can bring that signal about
(reasoning.awaited_signals, openquestions.signal_questions)."""
from coalitie.diagnose._experta import MATCH, NOT, TEST, Rule

from coalitie.diagnose import diagnose
from coalitie.diagnose.facts import Obs, PartnerObs
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


def test_raising_a_finding_nothing_points_to_weighs_half_in_the_order_of_questions():
    from coalitie.diagnose.result import Effect, question_worth

    def eff(tag, effect="toevoegen"):
        return Effect(bevinding=tag, titel="t", effect=effect)
    lead = [eff("risico:a")]
    assert question_worth(lead) == 6
    assert question_worth([eff("sterkte:b", "bevestigen")]) == 2
    assert question_worth(lead, {"risico:a"}) == 3
    # a risk and a strength nothing points to yet (3 + 2) weigh less than one risk with a lead (6)
    assert question_worth([eff("risico:x"), eff("sterkte:y")], {"risico:x", "sterkte:y"}) < question_worth(lead)


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


def test_signal_questions_one_question_away_only():
    awaited = {"twee_vragen", "twee_partners"}
    found = openquestions.signal_questions(_rules(), [], set(), awaited)
    assert found == {"k": {"twee_partners"}}  # 'a' and 'b' are two questions, not one
    found = openquestions.signal_questions(_rules(), [Obs(key="a", value="ja")], set(), awaited)
    assert found == {"b": {"twee_vragen"}, "k": {"twee_partners"}}


def test_signal_questions_respect_negations_firings_and_what_is_awaited():
    one = [PartnerObs(partner="P", type="overig", key="k", value="ja")]
    assert openquestions.signal_questions(_rules(), one, set(), {"twee_partners"}) == {"k": {"twee_partners"}}
    assert openquestions.signal_questions(_rules(), one + [Obs(key="c", value="ja")], set(), {"twee_partners"}) == {}
    assert openquestions.signal_questions(_rules(), one, {"two_partners"}, {"twee_partners"}) == {}
    assert openquestions.signal_questions(_rules(), one, set(), {"twee_vragen"}) == {}
    assert openquestions.signal_questions(_rules(), one, set(), set()) == {}
