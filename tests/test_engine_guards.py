"""Guards against experta's verified sharp edges (../shared/EXPERTA.md)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coalitie import kennisbank
from coalitie.diagnose._experta import Fact, Rule
from coalitie.diagnose.engine import BaseEngine, DeterministicStrategy, all_rules
from coalitie.diagnose.facts import (ALL_FACTS, Advice, Disagreement, InformantObs, Obs, Partner, PartnerObs,
                            PhaseEvidence, Signal)
from coalitie.diagnose.patterns import rule_patterns
from coalitie.diagnose.rulekit import RuleDefinitionError, RuleSet, about, collect_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "kennisbank" / "voorbeelden").glob("*.yaml"))


def _python(code: str, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)


def test_experta_needs_the_shim_on_this_python():
    """Without diagnose/_experta.py, experta 1.9.4 imports as an empty package on Python >= 3.10."""
    if sys.version_info < (3, 10):  # pragma: no cover
        pytest.skip("the alias still exists before Python 3.10")
    bare = _python("import experta; print(hasattr(experta, 'KnowledgeEngine'))")
    # frozendict 1.2 fails on collections.Mapping; experta either raises or hides it
    assert bare.returncode != 0 or bare.stdout.strip() == "False"
    assert "Mapping" in bare.stderr or bare.stdout.strip() == "False"
    shimmed = _python("import coalitie.diagnose._experta as e; import experta; print(hasattr(experta, 'KnowledgeEngine'))")
    assert shimmed.stdout.strip() == "True", shimmed.stderr


def test_importing_the_engine_leaves_logging_unconfigured():
    """An embedding application's own logging.basicConfig must still work after import."""
    r = _python("import logging, coalitie.diagnose._experta; print(len(logging.getLogger().handlers))")
    assert r.stdout.strip() == "0", r.stderr


def test_same_diagnosis_under_any_hash_seed():
    """Every example, diagnosed in fresh processes under different PYTHONHASHSEEDs, gives
    byte-identical JSON (experta's own firing order depends on the seed)."""
    code = textwrap.dedent("""
        import glob
        from coalitie.diagnose import diagnose
        for path in sorted(glob.glob('kennisbank/voorbeelden/*.yaml')):
            print(diagnose(path).model_dump_json())
    """)
    outputs = set()
    for seed in ("0", "1", "42", "12345"):
        r = _python(code, {"PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        assert r.stdout.count("\n") == len(EXAMPLES)
        outputs.add(r.stdout)
    assert len(outputs) == 1, "diagnosis depends on PYTHONHASHSEED"


class _Flag(Fact):
    pass


def _uses_two(letter):
    @Rule(_Flag(n=2), salience=-1)
    @about(sources=["eigen"], concludes=[])
    def rule(self):
        """Must never fire: its fact was retracted."""
        self.fired.append(letter)
    rule._wrapped.__name__ = f"uses_two_{letter}"
    return rule


class _Probe(BaseEngine):
    """A tiny engine that retracts a fact while six activations with the same
    (salience, facts) key wait for it: experta's own strategy leaves some behind."""

    @Rule(_Flag(n=1), _Flag(n=2))
    @about(sources=["eigen"], concludes=[])
    def retract_two(self):
        """Retracts the second flag; rules matching it must then not fire."""
        for fid, f in list(self.facts.items()):
            if isinstance(f, _Flag) and f.get("n") == 2:
                self.retract(fid)

    uses_two_a = _uses_two("a")
    uses_two_b = _uses_two("b")
    uses_two_c = _uses_two("c")
    uses_two_d = _uses_two("d")
    uses_two_e = _uses_two("e")
    uses_two_f = _uses_two("f")


def _run_probe(strategy=None):
    cls = _Probe if strategy is None else type("P", (_Probe,), {"__strategy__": strategy})
    eng = cls()
    eng.fired = []
    eng.reset()
    eng.declare(_Flag(n=1), _Flag(n=2))
    eng.run()
    return eng.fired


def test_no_rule_fires_on_a_retracted_fact():
    assert _run_probe() == []


def _agenda_after_removal(strategy):
    """Six activations with the same (salience, facts), removed in reverse order."""
    from experta.activation import Activation
    from experta.agenda import Agenda
    fact = _Flag(n=2)
    fact.__factid__ = 7
    acts = [Activation(getattr(_Probe, f"uses_two_{c}"), [fact]) for c in "abcdef"]
    other = Activation(_Probe.retract_two, [fact])  # a higher salience, sorted after them
    agenda = Agenda()
    strategy._update_agenda(agenda, acts + [other], [])
    strategy._update_agenda(agenda, [], list(reversed(acts)))
    return [a for a in agenda.activations if a is not other]


def test_retracting_removes_every_activation_exactly():
    assert _agenda_after_removal(DeterministicStrategy()) == []


def test_experta_own_strategy_leaves_stale_activations():
    """Proof the guard is needed: experta's DepthStrategy keeps some of them on the agenda."""
    from coalitie.diagnose._experta import DepthStrategy
    assert _agenda_after_removal(DepthStrategy()) != []


def test_strategy_orders_equal_salience_by_rule_name():
    eng = _Probe()
    eng.reset()
    eng.declare(_Flag(n=2))
    names = [a.rule._wrapped.__name__ for a in reversed(eng.agenda.activations)]
    assert names == sorted(names, reverse=True)
    assert isinstance(eng.strategy, DeterministicStrategy)


def test_rule_name_collisions_are_refused():
    class A(RuleSet):
        @Rule(_Flag(n=1))
        @about(sources=["eigen"], concludes=[])
        def same(self):
            """x"""

    class B(RuleSet):
        @Rule(_Flag(n=2))
        @about(sources=["eigen"], concludes=[])
        def same(self):
            """y"""

    with pytest.raises(RuleDefinitionError, match="same"):
        collect_rules([A, B])


def test_a_rule_may_only_conclude_what_it_declares():
    class Sloppy(BaseEngine):
        @Rule(Obs(key="partner_neemt_zonder_inbreng", value="ja"))
        @about(sources=["eigen"], concludes=["signaal:partners_reactief"])
        def sloppy(self):
            """Concludes something it does not list."""
            self.signal("ambitie_niet_gedeeld")

    eng = Sloppy()
    eng.reset()
    eng.declare(Obs(key="partner_neemt_zonder_inbreng", value="ja"))
    with pytest.raises(RuleDefinitionError, match="does not list"):
        eng.run()


FIELD_CHECKS = {
    Obs: "key", PartnerObs: "key",
}


def _check_literal(problems, name, cls, field, values, allowed, what):
    for v in values:
        if v not in allowed:
            problems.append(f"{name}: {cls.__name__}.{field}={v!r} is not a known {what}")


def test_every_pattern_key_is_in_the_vocabulary_and_catalogue():
    """experta never complains about a misspelt key or id: a rule would just never fire."""
    kb = kennisbank.load()
    problems = []
    for name, rule in sorted(all_rules().items()):
        patterns, odd = rule_patterns(rule)
        if odd:
            problems.append(f"{name}: uses {odd}; rules are flat conjunctions of patterns, NOT and TEST")
        for p in patterns:
            if p.cls not in ALL_FACTS:
                problems.append(f"{name}: pattern on unknown fact class {p.cls.__name__}")
                continue
            for field in p.fields():
                if field not in p.cls.__fields__:
                    problems.append(f"{name}: {p.cls.__name__} has no field {field!r}")
            if p.cls in (Obs, PartnerObs, InformantObs, Disagreement):
                keys = p.literals("key")
                if not keys:
                    problems.append(f"{name}: {p.cls.__name__} pattern without a literal key")
                for key in keys:
                    item = kb.observaties.get(key)
                    if item is None:
                        problems.append(f"{name}: unknown observation {key!r}")
                        continue
                    want = "partner" if p.cls is PartnerObs else "coalitie"  # informants answer coalition questions
                    if item.niveau != want:
                        problems.append(f"{name}: {key} is a {item.niveau}-level observation")
                    if item.type in ("janee", "keuze", "meerkeuze") and p.cls is not Disagreement:
                        _check_literal(problems, name, p.cls, "value", p.literals("value"), item.allowed(),
                                       f"answer of {key}")
                    if "dagen" in p.fields() and item.type != "datum":
                        problems.append(f"{name}: {key} is not a date, it has no 'dagen'")
            if p.cls in (Partner, PartnerObs):
                _check_literal(problems, name, p.cls, "type", p.literals("type"), kb.partnertypes, "partner type")
            if p.cls is Signal:
                _check_literal(problems, name, p.cls, "id", p.literals("id"), kb.signalen, "signal")
            if p.cls is PhaseEvidence:
                _check_literal(problems, name, p.cls, "indicator", p.literals("indicator"), kb.indicatoren, "indicator")
            if p.cls is Advice:
                _check_literal(problems, name, p.cls, "id", p.literals("id"), kb.interventies, "intervention")
    assert not problems, "\n".join(problems)


def test_the_engine_is_built_once_and_reused():
    from coalitie.diagnose.engine import get_engine
    assert get_engine() is get_engine()
