"""The inference engine: rule sets from rules/ composed into one experta
KnowledgeEngine, made deterministic and explainable.

Guards against experta's verified sharp edges (../shared/EXPERTA.md):
- firing order: ``DeterministicStrategy`` orders equal-salience activations by
  rule name and bound values instead of by hash seed, so the same case always
  fires the same rules in the same order under any PYTHONHASHSEED;
- stale activations: the same strategy removes a retracted fact's activations
  exactly (every agenda key is unique), so no rule fires on a retracted fact;
- silent pattern typos and rule-name collisions: checked when the engine is
  built (``collect_rules``) and, for every pattern key, in the tests.

Explanation: ``RecordingAgenda`` notes the activation that is about to fire,
and every fact a rule declares is stored with that rule and the facts it
matched, so each conclusion can be traced back to the case's observations.
"""
from __future__ import annotations

import bisect
import datetime as dt
import threading
from dataclasses import dataclass, field

import kennisbank

from ._experta import Agenda, DepthStrategy, Fact
from .facts import Obs, Partner, PartnerObs
from .rulekit import RuleDefinitionError, RuleSet, collect_rules


class DeterministicStrategy(DepthStrategy):
    """Depth strategy (newest facts first) with a total order on activations."""

    def get_key(self, activation):  # no lru_cache: it would pin old activations
        salience = activation.rule.salience
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        context = tuple(sorted((k, repr(v)) for k, v in activation.context.items()))
        return (salience, facts, activation.rule._wrapped.__name__, context)

    def _update_agenda(self, agenda, added, removed):
        acts = agenda.activations
        for act in removed:
            act.key = self.get_key(act)
            idx = bisect.bisect_left(acts, act)
            if idx < len(acts) and acts[idx].key == act.key:
                del acts[idx]
        for act in added:
            act.key = self.get_key(act)
            idx = bisect.bisect_left(acts, act)
            if idx < len(acts) and acts[idx].key == act.key:
                continue  # already on the agenda
            acts.insert(idx, act)


class RecordingAgenda(Agenda):
    """Tells the engine which activation fires next, so its conclusions can be traced."""

    def __init__(self, engine):
        super().__init__()
        self._engine = engine

    def get_next(self):
        act = super().get_next()
        self._engine._firing = act
        if act is not None:
            self._engine._trace.append(act)
        return act


@dataclass
class Support:
    """One reason a fact holds: a rule fired on these facts (ids)."""

    rule: str
    facts: tuple[int, ...]


@dataclass
class Run:
    """Everything one engine run produced: the facts and how each was derived."""

    facts: dict[int, Fact]
    support: dict[int, list[Support]]
    fired: list[Support]
    origin: dict[int, str] = field(default_factory=dict)  # case fact id -> "observaties.x" path


def facts_from_case(case) -> list[tuple[Fact, str]]:
    """The case as input facts, each with the case field it came from, in a stable order."""
    kb = kennisbank.load()
    out: list[tuple[Fact, str]] = []

    def obs_facts(key, value):
        item = kb.observaties[key]
        if item.type == "meerkeuze":
            return [{"key": key, "value": v} for v in value]
        if item.type == "datum":
            return [{"key": key, "value": value.isoformat(),
                     "dagen": (value - case.datum_gesprek).days}]
        return [{"key": key, "value": value}]

    for key in sorted(case.observaties):
        value = case.observaties[key]
        if value is None or value == []:
            continue
        for fields in obs_facts(key, value):
            out.append((Obs(**fields), f"observaties.{key}"))
    for p in sorted(case.partners, key=lambda p: p.naam):
        out.append((Partner(naam=p.naam, type=p.type, kern=p.kern, coordinator=p.coordinator),
                    f"partners.{p.naam}"))
        for key in sorted(p.observaties):
            value = p.observaties[key]
            if value is None or value == []:
                continue
            for fields in obs_facts(key, value):
                fields.pop("dagen", None)
                out.append((PartnerObs(partner=p.naam, type=p.type, **fields),
                            f"partners.{p.naam}.observaties.{key}"))
    return out


class BaseEngine(RuleSet):
    """The engine machinery shared by every composition of rule sets."""

    __strategy__ = DeterministicStrategy

    def reset(self, **kwargs):
        super().reset(**kwargs)
        recording = RecordingAgenda(self)
        recording.activations = self.agenda.activations  # keep what InitialFact activated
        self.agenda = recording
        self._firing = None
        self._trace = []
        self._support: dict[int, list[Support]] = {}
        self._by_content: dict = {}

    def declare_derived(self, fact, basis=None):
        act = self._firing
        if basis is not None:
            matched = tuple(sorted(f["__factid__"] for f in basis))
        elif act is not None:
            matched = tuple(sorted(f["__factid__"] for f in act.facts
                                   if type(f).__name__ != "InitialFact"))
        else:
            matched = ()
        rule = act.rule._wrapped.__name__ if act is not None else "<casus>"
        key = self.facts._get_fact_id(fact)
        declared = self.declare(fact)
        if declared is not None:
            fid = declared["__factid__"]
            self._by_content[key] = fid
        else:
            fid = self._by_content[key]
        if act is not None:
            supports = self._support.setdefault(fid, [])
            support = Support(rule, matched)
            if support not in supports:
                supports.append(support)
        return declared

    def run_case(self, case) -> Run:
        self.reset()
        origin = {}
        for fact, path in facts_from_case(case):
            declared = self.declare(fact)
            if declared is not None:
                origin[declared["__factid__"]] = path
        self.run()
        fired = [Support(a.rule._wrapped.__name__,
                         tuple(sorted(f["__factid__"] for f in a.facts
                                      if type(f).__name__ != "InitialFact")))
                 for a in self._trace]
        facts = {fid: f for fid, f in self.facts.items()}
        self._firing = None
        return Run(facts=facts, support=self._support, fired=fired, origin=origin)


def rule_sets() -> list[type]:
    """Every RuleSet defined in the modules of rules/, in module-name order."""
    import rules
    return rules.all_rule_sets()


def _validate_rules(rules_by_name) -> None:
    kb = kennisbank.load()
    problems = []
    for name, rule in sorted(rules_by_name.items()):
        fn = rule._wrapped
        if not getattr(fn, "sources", None):
            problems.append(f"{name}: no @about(sources=...)")
            continue
        for cit in fn.sources:
            err = kb.citation_error(cit)
            if err:
                problems.append(f"{name}: {err}")
        if not (fn.__doc__ or "").strip():
            problems.append(f"{name}: no docstring saying when it fires")
        for tag in fn.concludes:
            kind, _, item = tag.partition(":")
            table = {"signaal": kb.signalen, "indicator": kb.indicatoren, "risico": kb.risicos,
                     "interventie": kb.interventies, "conditie": kb.condities}.get(kind)
            if tag == "fase":
                continue
            if table is None or item not in table:
                problems.append(f"{name}: concludes unknown {tag}")
    if problems:
        raise RuleDefinitionError("rules inconsistent:\n  " + "\n  ".join(problems))


_build_lock = threading.Lock()
_engine_class = None


def engine_class():
    """The composed engine class (built once per process)."""
    global _engine_class
    with _build_lock:
        if _engine_class is None:
            sets = rule_sets()
            rules_by_name = collect_rules(sets)
            _validate_rules(rules_by_name)
            _engine_class = type("CoalitionEngine", tuple(sets) + (BaseEngine,), {})
        return _engine_class


_local = threading.local()


def get_engine() -> BaseEngine:
    """This thread's engine, built on first use and reused after (engines are not thread-safe)."""
    eng = getattr(_local, "engine", None)
    if eng is None:
        eng = _local.engine = engine_class()()
    return eng


def all_rules() -> dict[str, object]:
    """Rule name -> experta Rule, for documentation, analysis and tests."""
    return collect_rules(rule_sets())
