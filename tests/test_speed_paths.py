"""The speed paths of issue 17 part 4, round 2, give what the plain paths give (no timings):
the phase evidence weighed once per diagnosis, the prepared open-question rules, the
weighing's indicator traits, the engine's run loop, and batch --zonder-spoor without the
trace."""
from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

from coalitie.diagnose import diagnose, load_case, to_case
from coalitie.diagnose.engine import get_engine
from conftest import EXAMPLES
from conftest import case as case_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from cases import generate_cases  # noqa: E402

SOURCES = sorted(EXAMPLES.glob("*.yaml"))


def _cases():
    return [load_case(p) for p in SOURCES] + [to_case(c) for c in generate_cases(12, seed=21)]


def test_phase_strengths_from_the_run_are_what_weighing_again_gives():
    from coalitie.diagnose.phase import indicator_strengths
    from coalitie.diagnose.reasoning import EvidenceIndex
    reused = 0
    for case in _cases():
        run = get_engine().run_case(case)
        again = indicator_strengths(run, EvidenceIndex(run))
        if run.phase_strengths is not None:
            reused += 1
            assert run.phase_strengths == again
    assert reused >= len(SOURCES)  # the path is taken


def test_answers_combined_from_informants_weigh_the_phase_again(monkeypatch):
    """The run's phase decision sees no origins: where informants' answers were combined,
    weigh_run does not take its strengths (their leaves can differ)."""
    from coalitie.diagnose import phase, reasoning
    data = case_data(activiteiten_lopen="ja")
    data["informanten"] = [{"id": "a", "rol": "wethouder", "observaties": {"ambitie_geformuleerd": "uitgewerkt"}},
                           {"id": "b", "rol": "coördinator", "observaties": {"ambitie_geformuleerd": "uitgewerkt"}}]
    run = get_engine().run_case(to_case(data))
    assert reasoning.EvidenceIndex(run).said_by_informants
    calls = []
    real = phase.indicator_strengths
    monkeypatch.setattr(phase, "indicator_strengths", lambda *a, **k: calls.append(1) or real(*a, **k))
    reasoning.weigh_run(run)
    assert calls == [1]


def test_phase_evidence_after_the_decision_makes_the_run_weigh_again():
    from coalitie.diagnose.facts import Evidence
    engine = get_engine()
    engine.reset()
    engine._phase_strengths = []  # as if the phase had been decided
    engine.declare(Evidence(bevinding="x", rol="voor", nr=0, partner=""))
    assert engine._phase_stale
    engine.reset()
    assert engine._phase_strengths is None and not engine._phase_stale


def test_prepared_open_question_rules_same_as_each_rule_on_its_own(monkeypatch):
    """Patterns written alike in several rules are searched for once; each rule with its
    own patterns against all facts gives the same open questions."""
    from coalitie.diagnose import openquestions
    from coalitie.diagnose.patterns import matches, parsed_patterns

    class Unindexed:
        def __init__(self, facts):
            self.facts = list(facts)

        def any_match(self, p):
            return any(matches(p, f) for f in self.facts)

    def unshared(rules_by_name):
        return [openquestions._Readable(name, parsed_patterns(rule)[0], rule._wrapped.concludes, {})
                for name, rule in rules_by_name.items()
                if not hasattr(rule._wrapped, "record") and not parsed_patterns(rule)[1]]

    for case in _cases():
        fast = diagnose(case).open_vragen
        with monkeypatch.context() as m:
            m.setattr(openquestions, "_FactIndex", Unindexed)
            m.setattr(openquestions, "_python_rules", unshared)
            slow = diagnose(case).open_vragen
        assert fast == slow


def test_indicator_traits_are_the_indicators_own():
    from coalitie.diagnose.reasoning import traits
    from coalitie.diagnose.records import load_records
    for rec in load_records().values():
        for _, _, ind in rec.indicators():
            tr = traits(ind)
            assert tr.indicator is ind and tr.gewicht == ind.gewicht
            assert (tr.context, tr.threat, tr.beslissend) == (ind.is_context, ind.threatening, ind.beslissend)
            assert tr.deels_listed == ("deels" in ind.is_)


def test_fire_lines_are_logged_when_the_rules_watcher_is_on(caplog):
    from coalitie.diagnose._experta import watchers
    case = load_case(SOURCES[0])
    with caplog.at_level(logging.INFO, logger=watchers.RULES.name):
        run = get_engine().run_case(case)
    fires = [r.getMessage() for r in caplog.records if r.name == watchers.RULES.name]
    assert len(fires) == len(run.fired) and all(m.startswith("FIRE ") for m in fires)
    assert fires[0].startswith(f"FIRE 1 {run.fired[0].rule}:")


def test_without_the_trace_only_the_trace_is_left_out():
    for case in _cases()[:4]:
        full = json.loads(diagnose(case).model_dump_json())
        lean = json.loads(diagnose(case, spoor=False).model_dump_json())
        assert full["spoor"] and lean.pop("spoor") == []
        full.pop("spoor")
        assert lean == full


def test_batch_zonder_spoor_records_are_the_full_ones_without_spoor(tmp_path):
    from coalitie.diagnose.batch import run_batch
    for p in SOURCES[:3]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    full, lean = io.StringIO(), io.StringIO()
    run_batch([tmp_path], full)
    run_batch([tmp_path], lean, zonder_spoor=True)
    full_records = [json.loads(line) for line in full.getvalue().splitlines()]
    lean_records = [json.loads(line) for line in lean.getvalue().splitlines()]
    for record in full_records:
        record["diagnose"].pop("spoor")
    assert lean_records == full_records and len(lean_records) == 3
