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

from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- round 3 ---------------------------------------------------------------------------
_RULES_PROBE = """
import json, sys
from coalitie.diagnose import diagnose, load_case
from coalitie.diagnose import compile as compiled
from coalitie.diagnose.engine import get_engine
get_engine()
from_cache = compiled.compile_records.calls == 0
out = [diagnose(load_case(p)).model_dump_json() for p in sys.argv[1:]]
print(json.dumps({"from_cache": from_cache, "out": out}))
"""


def _rules_probe(cache: Path, *examples: str, **env) -> dict:
    import os
    import subprocess
    paths = [str(EXAMPLES / f"{e}.yaml") for e in examples]
    environ = {k: v for k, v in os.environ.items() if k != "COALITIE_GEEN_CACHE"}
    environ.update(XDG_CACHE_HOME=str(cache), **env)
    code = ("import functools\nfrom coalitie.diagnose import compile as c\n"
            "def counted(f):\n    @functools.wraps(f)\n    def w(*a, **k):\n        w.calls += 1\n"
            "        return f(*a, **k)\n    w.calls = 0\n    return w\n"
            "c.compile_records = counted(c.compile_records)\n" + _RULES_PROBE)
    r = subprocess.run([sys.executable, "-c", code, *paths], env=environ, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _rules_files(cache: Path) -> list[Path]:
    return sorted((cache / "coalitie").glob("regels-*.pickle"))


def test_compiled_rules_come_from_the_cache_with_the_same_diagnoses(tmp_path):
    first = _rules_probe(tmp_path, "lopende-coalitie", "drie-gesprekspartners")
    assert first["from_cache"] is False
    [path] = _rules_files(tmp_path)
    second = _rules_probe(tmp_path, "lopende-coalitie", "drie-gesprekspartners", PYTHONHASHSEED="77")
    assert second["from_cache"] is True
    assert second["out"] == first["out"]
    path.write_bytes(b"not a pickle")  # damaged: compiled again and stored again
    third = _rules_probe(tmp_path, "lopende-coalitie", "drie-gesprekspartners")
    assert third["from_cache"] is False and third["out"] == first["out"]
    assert path.read_bytes() != b"not a pickle"


def test_compiled_rules_pickled_and_read_are_the_same_rules():
    import pickle
    from coalitie.diagnose import rete
    from coalitie.diagnose.compile import Action, compile_records
    from coalitie.diagnose.records import load_records
    from coalitie.diagnose.rulekit import WholeNumberIn

    def canon(o):  # the rules as plain data: patterns, predicates, actions, metadata
        if isinstance(o, WholeNumberIn):
            return ("WholeNumberIn", o.lo, o.hi, o.__name__)
        if isinstance(o, Action):
            return ("Action", o.what, o.args, o.binds, canon(dict(vars(o))))
        state = {k: v for k, v in getattr(o, "__dict__", {}).items()
                 if k not in ("_wrapped_self", "_network_hash", "_hash")}
        if isinstance(o, dict):
            return (type(o).__name__, sorted((repr(k), canon(v)) for k, v in o.items()),
                    canon(state) if state else None)
        if isinstance(o, (set, frozenset)):
            return ("set", sorted(repr(canon(x)) for x in o))
        if isinstance(o, (tuple, list)):
            return (type(o).__name__, [canon(x) for x in o], canon(state) if state else None)
        return o

    rules = compile_records(load_records())
    again = pickle.loads(rete.dumps(rules))
    assert list(again) == list(rules)
    assert canon(again) == canon(rules)
    for name, rule in again.items():
        fire, orig = rule._wrapped, rules[name]._wrapped
        assert type(fire) is Action and rule._wrapped_self is None
        assert (fire.what, fire.args, fire.binds) == (orig.what, orig.args, orig.binds)
        assert vars(fire) == {k: v for k, v in vars(orig).items()}
        assert (rule.__name__, rule.__doc__, rule.salience) == (name, orig.__doc__, rules[name].salience)


def test_whole_number_predicates_are_the_closures_they_replaced():
    from coalitie.diagnose.rulekit import at_least, at_most, within_days
    for value in (-3, 0, 2, 5, 9, True, False, 2.0, "3", None, [1]):
        def whole(v):
            return isinstance(v, int) and not isinstance(v, bool)
        assert within_days(0, 5)[0](value) == (whole(value) and 0 <= value <= 5)
        assert at_least(2)[0](value) == (whole(value) and value >= 2)
        assert at_most(2)[0](value) == (whole(value) and value <= 2)


def test_conflict_set_activations_hash_as_experta_hashes_them():
    from coalitie.diagnose._experta import Activation
    from coalitie.diagnose.rete import HashedActivation
    seen = 0
    for case in _cases()[:6]:
        eng = get_engine()
        eng.run_case(case)
        for act in eng._trace:
            if isinstance(act, HashedActivation):
                seen += 1
                assert hash(act) == Activation.__hash__(act)
    assert seen


def test_json_lines_are_found_only_when_asked_and_are_what_yaml_places(monkeypatch):
    import yaml

    from coalitie.diagnose import reading
    from coalitie.diagnose.case import case_from_data
    composed = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: composed.append(1) or real(*a, **k))
    for path in SOURCES[:4]:
        data = json.loads(load_case(path).model_dump_json())
        text = json.dumps(data, indent=2, ensure_ascii=False)
        doc = reading.parse_text(text, "x.json", fmt="json")
        case_from_data(doc.data, "x.json", doc)  # a valid case never asks for a line
        assert not composed
        eager: dict = {}
        reading._check_graph(real(text, Loader=reading._BoundedLoader), "x.json", eager)
        assert eager and dict(doc.lines) == eager and doc.line(("partners", 0)) == eager[("partners", 0)]
        assert len(composed) == 1
        composed.clear()
    doc = reading.parse_text('{"a": [1, 2]}', "y.json", fmt="json")
    assert dict(doc.lines) == {("a",): 1, ("a", 0): 1, ("a", 1): 1}


def test_trace_labels_are_experta_as_dict_written_out():
    from coalitie.diagnose.facts import Obs
    from coalitie.diagnose.result import _fact_label

    def as_dict_label(f):
        return type(f).__name__ + "(" + ", ".join(f"{k}={v!r}" for k, v in f.as_dict().items()) + ")"
    facts = [f for case in _cases()[:8] for f in get_engine().run_case(case).facts.values()]
    odd = Obs(key="x", value=["a", {"b": (1, 2)}], dagen=None)  # frozen containers unfrozen as experta does
    odd.__factid__ = 7
    for f in facts + [odd]:
        assert _fact_label(f) == as_dict_label(f)
    assert _fact_label(odd) == "Obs(key='x', value=['a', {'b': (1, 2)}], dagen=None)"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab  -.12\t\n\u00a0é"), max_size=90),
       indent=st.integers(0, 8), width=st.integers(20, 90), hang=st.one_of(st.none(), st.integers(0, 4)))
def test_a_line_that_fits_is_wrapped_as_textwrap_wraps_it(text, indent, width, hang):
    """The text report's one-line shortcut (a line that fits as it is skips textwrap) gives
    exactly what textwrap gives: for leading or trailing spaces, tabs, newlines and
    no-break spaces textwrap itself still does the work."""
    import re
    import textwrap

    from coalitie.diagnose.render.text import _wrap

    pad, w = " " * indent, max(width, 40)
    marker = re.match(r"(- |\d+\. )", text)
    h = hang if hang is not None else (len(marker.group(1)) if marker else 0)
    assert _wrap(text, indent, width, hang) == (
        textwrap.wrap(text, width=w, initial_indent=pad, subsequent_indent=pad + " " * h,
                      break_on_hyphens=False) or [pad])  # the report never breaks inside a hyphenated name
