"""The engine's speed-ups (diagnose/engine.py: FastMatcher, batched case facts,
cached deffacts; diagnose/rete.py: faster nodes, the network cached on disk;
diagnose/openquestions.py: indexed working memory) change no result: the same run
as plain experta, on the examples and on random cases."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coalitie.diagnose import diagnose, load_case, to_case
from coalitie.diagnose.engine import AlphaDispatch, Run, Support, engine_class, facts_from_case, get_engine
from coalitie.diagnose._experta import Fact, KnowledgeEngine
from conftest import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from cases import generate_cases  # noqa: E402


def _summary(run):
    facts = {fid: (type(f).__name__, tuple(sorted((k, repr(v)) for k, v in f.as_dict().items())))
             for fid, f in run.facts.items()}
    return facts, run.support, run.fired, run.origin, run.notes


def _run(engine, case):
    if type(engine.matcher) is not KnowledgeEngine.__matcher__:
        return engine.run_case(case)
    # plain experta: declare the case fact by fact, as run_case did before the speed-ups
    engine.reset()
    origin = {}
    for fact, path in facts_from_case(case):
        declared = engine.declare(fact)
        if declared is not None:
            origin[declared["__factid__"]] = path
    engine.run()
    fired = [Support(a.rule._wrapped.__name__,
                     tuple(sorted(f["__factid__"] for f in a.facts if type(f).__name__ != "InitialFact")))
             for a in engine._trace]
    return Run(facts=dict(engine.facts.items()), support=engine._support, fired=fired, origin=origin,
               notes=[engine._notes[k] for k in sorted(engine._notes)])


@pytest.fixture(scope="module")
def plain():
    cls = engine_class()
    return type("PlainEngine", (cls,), {"__matcher__": KnowledgeEngine.__matcher__,
                                        "get_deffacts": KnowledgeEngine.get_deffacts,
                                        "run": KnowledgeEngine.run, "declare": KnowledgeEngine.declare})()


def test_the_fast_matcher_is_in_use():
    eng = get_engine()
    dispatchers = []
    stack, seen = [eng.matcher.root_node], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, AlphaDispatch):
            dispatchers.append(node)
        stack.extend(c.node for c in node.children)
    assert dispatchers, "no alpha tests are looked up by value"


CASES = [("voorbeeld " + p.stem, p) for p in sorted(EXAMPLES.glob("*.yaml"))]
CASES += [(f"willekeurig {i}", c) for i, c in enumerate(generate_cases(40, seed=11))]


@pytest.fixture(scope="module")
def from_cache(tmp_path_factory):
    """An engine whose network was read from the on-disk cache (diagnose/rete.py)."""
    import os
    cache = tmp_path_factory.mktemp("cache")
    old = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "COALITIE_GEEN_CACHE")}
    os.environ["XDG_CACHE_HOME"] = str(cache)
    os.environ.pop("COALITIE_GEEN_CACHE", None)
    try:
        assert engine_class()().matcher.from_cache is False  # builds and stores
        eng = engine_class()()
        assert eng.matcher.from_cache is True
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return eng


@pytest.mark.parametrize("name,source", CASES, ids=[n for n, _ in CASES])
def test_same_run_as_plain_experta(plain, from_cache, name, source):
    case = load_case(source) if isinstance(source, Path) else to_case(source)
    slow = _summary(_run(plain, case))
    assert _summary(_run(get_engine(), case)) == slow
    assert _summary(_run(from_cache, case)) == slow


def test_open_questions_same_as_unindexed(monkeypatch):
    from coalitie.diagnose import openquestions
    from coalitie.diagnose.patterns import matches

    class Unindexed:
        def __init__(self, facts):
            self.facts = list(facts)

        def any_match(self, p):
            return any(matches(p, f) for f in self.facts)

    for source in list(sorted(EXAMPLES.glob("*.yaml"))) + list(generate_cases(15, seed=12)):
        fast = diagnose(source).open_vragen
        with monkeypatch.context() as m:
            m.setattr(openquestions, "_FactIndex", Unindexed)
            slow = diagnose(source).open_vragen
        assert fast == slow


def test_compiled_rules_are_what_experta_would_make():
    """compile._rule skips experta's signature inspection; the rule is the same."""
    from coalitie.diagnose._experta import Rule
    from coalitie.diagnose.compile import compile_records
    from coalitie.diagnose.records import load_records
    for name, rule in compile_records(load_records()).items():
        ref = Rule(*rule, salience=rule.salience)(rule._wrapped)
        assert ref == rule and vars(ref) == vars(rule), name


def test_agenda_context_key_orders_as_the_tuple_it_stands_for():
    """engine._ContextKey works out an activation's context part of the agenda key lazily;
    compared, it behaves exactly like the sorted (name, repr) tuple."""
    from coalitie.diagnose.engine import _ContextKey
    same, reordered = Fact(v=1, w=2), Fact(w=2, v=1)  # equal facts whose reprs differ
    contexts = [{}, {"p": "a"}, {"p": "b"}, {"p": "a", "q": 1}, {"q": 0}, {"p": "a", "q": 1},
                {"f": same}, {"f": same}, {"f": reordered}, {"f": same, "p": "a"}]

    def plain(ctx):
        return tuple(sorted((k, repr(v)) for k, v in ctx.items()))
    for x in contexts:
        for y in contexts:
            kx, ky = _ContextKey(x, repr), _ContextKey(y, repr)
            assert (kx == ky, kx < ky, kx > ky) == (plain(x) == plain(y), plain(x) < plain(y), plain(x) > plain(y))
            assert ((1, [2], "r", kx) < (1, [2], "r", ky)) == (plain(x) < plain(y))


class _Valued(Fact):
    pass


def _on_value(value):
    from coalitie.diagnose.rulekit import about
    from coalitie.diagnose._experta import Rule

    @Rule(_Valued(v=value))
    @about(sources=["eigen"], concludes=[])
    def rule(self):
        """Notes that it fired."""
        self.fired.append(value)
    rule._wrapped.__name__ = f"on_{type(value).__name__}_{value}"
    return rule


def test_alpha_dispatch_passes_what_each_test_passes():
    """A dispatch hands a fact straight to a test's children only where the lookup is that test;
    values of another type that compare equal (1.0, True) and unhashable ones still get every
    test experta would run: the same rules fire as in plain experta."""
    from coalitie.diagnose.engine import BaseEngine
    rules = {f"r{i}": _on_value(v) for i, v in enumerate([1, 2, "a", "b", True, "c", 0])}
    fast_cls = type("Fast", (BaseEngine,), rules)
    plain_cls = type("Plain", (fast_cls,), {"__matcher__": KnowledgeEngine.__matcher__,
                                            "get_deffacts": KnowledgeEngine.get_deffacts})
    fast = fast_cls()
    root = fast.matcher.root_node
    stack, found = [root], []
    while stack:
        node = stack.pop()
        found += [node] if isinstance(node, AlphaDispatch) else []
        stack.extend(c.node for c in node.children)
    assert any(node.field == "v" for node in found), "the value tests are not dispatched"
    for value in (1, 1.0, True, False, 0, 2, "a", "c", "x", (1,), None):
        fired = []
        for cls in (fast_cls, plain_cls):
            eng = cls()
            eng.fired = []
            eng.reset()
            eng.declare(_Valued(v=value))
            eng.run()
            fired.append(sorted(map(repr, eng.fired)))
        assert fired[0] == fired[1], value


def test_open_questions_skip_the_search_only_when_it_finds_nothing(monkeypatch):
    """openquestions.find returns at once when no Python rule concludes a shown kind; the full
    search gives the same on every example, and a rule that does conclude one is still found."""
    from coalitie.diagnose import openquestions
    from coalitie.diagnose._experta import Rule
    from coalitie.diagnose.engine import all_rules
    from coalitie.diagnose.facts import Obs
    from coalitie.diagnose.rulekit import about
    rules = all_rules()
    assert not openquestions.can_show(openquestions._python_rules(rules))
    for source in sorted(EXAMPLES.glob("*.yaml")):
        run = get_engine().run_case(load_case(source))
        args = (rules, list(run.facts.values()), {s.rule for s in run.fired}, run.combined.answers)
        quick = openquestions.find(*args)
        with monkeypatch.context() as m:
            m.setattr(openquestions, "can_show", lambda _rules: True)
            assert openquestions.find(*args) == quick

    @Rule(Obs(key="subsidie_afgewezen", value="ja"), Obs(key="probleem_erkend", value="ja"))
    @about(sources=["eigen"], concludes=["risico:x"])
    def one_away(self):
        """Fires on both answers."""
    found = openquestions.find({"one_away": one_away}, [Obs(key="subsidie_afgewezen", value="ja")], set(), {})
    assert found == {"probleem_erkend": {"risico:x": "toevoegen"}}


def test_plain_facts_are_declared_as_experta_would():
    """facts.plain_fact_id is experta's fact id for a fact of plain values, and None (experta's own
    declaration, with its checks) for anything else."""
    import datetime as dt
    from coalitie.diagnose._experta import L
    from coalitie.diagnose.facts import Obs, Partner, Signal, plain_fact_id
    from experta.factlist import FactList
    for fact in (Obs(key="a", value="ja"), Obs(key="d", value="2026-01-02", dagen=-3), Signal(id="s"),
                 Partner(naam="x", type="gemeente", kern=None, coordinator=True), Obs(key="n", value=2.5),
                 Obs(key="t", value=dt.date(2026, 1, 2))):
        assert plain_fact_id(fact) == FactList._get_fact_id(fact)
    for fact in (Obs(key="a", value=L("ja")), Obs(key="a", value=["x"]), Fact(a=1), Obs(**{"a__b": 1}),
                 Obs("positional")):
        assert plain_fact_id(fact) is None


def test_facts_made_from_plain_keywords_as_experta_makes_them():
    """facts._Fact.__init__ fills a fact of plain keyword values directly: the same items, in the
    same order, and the same attributes as experta's Fact.__init__ leaves."""
    from coalitie.diagnose.facts import Obs, PartnerObs
    for cls, kwargs in ((Obs, {"key": "a", "value": "ja", "dagen": 3}), (Obs, {"value": 2, "key": "n"}),
                        (PartnerObs, {"partner": "x", "type": "gemeente", "key": "k", "value": "nee"}),
                        (Obs, {"key": "m", "value": ["a", "b"]})):
        fast = cls(**kwargs)
        slow = cls.__new__(cls)
        Fact.__init__(slow, **kwargs)
        assert list(dict.items(fast)) == list(dict.items(slow)) and vars(fast) == vars(slow)
        assert [type(v) for v in dict.values(fast)] == [type(v) for v in dict.values(slow)]


def test_predicate_and_binding_tests_pass_what_experta_passes():
    """rete.FastFeatureTester's own PREDICATE and BIND tests (P(...) and W(name) on a field) fire
    the same rules with the same bindings as experta's check objects, a missing field included."""
    from coalitie.diagnose._experta import P, Rule, W
    from coalitie.diagnose.engine import BaseEngine
    from coalitie.diagnose.rulekit import about

    @Rule(_Valued(v=P(lambda x: isinstance(x, int) and x > 1)))
    @about(sources=["eigen"], concludes=[])
    def big(self):
        """Notes a value above one."""
        self.fired.append("big")

    @Rule(_Valued(v=W("x"), w=W("y")))
    @about(sources=["eigen"], concludes=[])
    def pair(self, x, y):
        """Notes both bound values."""
        self.fired.append(("pair", x, y))

    fast_cls = type("FastP", (BaseEngine,), {"big": big, "pair": pair})
    plain_cls = type("PlainP", (fast_cls,), {"__matcher__": KnowledgeEngine.__matcher__,
                                             "get_deffacts": KnowledgeEngine.get_deffacts})
    from coalitie.diagnose import rete
    tests = {n.fast_test[0] for n in rete.all_nodes(fast_cls().matcher.root_node)
             if isinstance(n, rete.FastFeatureTester) and n.fast_test}
    assert {rete.PREDICATE, rete.BIND} <= tests
    for fields in ({"v": 2}, {"v": 1}, {"v": "a"}, {"w": 3}, {"v": 5, "w": "b"}, {"v": 0, "w": 0}):
        fired = []
        for cls in (fast_cls, plain_cls):
            eng = cls()
            eng.fired = []
            eng.reset()
            eng.declare(_Valued(**fields))
            eng.run()
            fired.append(sorted(map(repr, eng.fired)))
        assert fired[0] == fired[1], fields
