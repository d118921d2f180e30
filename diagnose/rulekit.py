"""Everything a rule module in rules/ needs, in one import.

A rule module defines one ``RuleSet`` subclass with ``@Rule`` methods. Each
rule also carries ``@about(sources=..., concludes=...)``: the passages it
encodes, and every kennisbank item it may conclude, as ``kind:id`` strings
(``signaal:…``, ``indicator:…``, ``interventie:…`` or ``fase``; risks and
strengths are knowledge records, see diagnose/records.py). The engine refuses, at build time, a rule
without them or naming an unknown item, and at run time a rule concluding
something it did not declare. The rule's docstring says in Dutch when it fires.

Salience is used only for the two layers the design needs:
``PHASE_DECISION`` (after all phase evidence is in) and the default for all
other rules. Never rely on firing order within a layer.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .. import kennisbank

from ._experta import AND, AS, MATCH, NOT, OR, TEST, KnowledgeEngine, L, P, Rule, W
from .facts import Advice, Obs, Partner, PartnerObs, Phase, PhaseEvidence, Signal

PHASE_DECISION = -100

SEVERITY_ORDER = {"laag": 1, "middel": 2, "hoog": 3}

__all__ = [
    "AND", "AS", "MATCH", "NOT", "OR", "TEST", "L", "P", "Rule", "W",
    "Advice", "Obs", "Partner", "PartnerObs", "Phase",
    "PhaseEvidence", "Signal", "RuleSet", "about", "PHASE_DECISION",
    "within_days", "at_least", "at_most",
]


class RuleDefinitionError(Exception):
    """A rule that breaks the project's conventions (a bug, caught at build or in tests)."""


def about(*, sources: Iterable[str], concludes: Iterable[str]):
    """Attach a rule's sources and the kennisbank items it may conclude."""
    def mark(fn):
        fn.sources = tuple(sources)
        fn.concludes = frozenset(concludes)
        return fn
    return mark


# Total predicates for P(): they may be called on any value of the field
# (experta evaluates them on facts that fail the pattern's other tests).
class WholeNumberIn:
    """A whole number (not a bool) in [lo, hi] (None: unbounded on that side). A small class
    rather than a closure, so that compiled rules holding it can be pickled (compile.py)."""

    __slots__ = ("lo", "hi", "__name__")

    def __init__(self, lo: int | None, hi: int | None, name: str):
        self.lo, self.hi, self.__name__ = lo, hi, name

    def __call__(self, v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and \
            (self.lo is None or self.lo <= v) and (self.hi is None or v <= self.hi)

    def __reduce__(self):
        return WholeNumberIn, (self.lo, self.hi, self.__name__)


def within_days(lo: int, hi: int):
    """A date observation's ``dagen`` (days from the interview) lies in [lo, hi]."""
    return P(WholeNumberIn(lo, hi, f"within_days_{lo}_{hi}"))


def at_least(n: int):
    return P(WholeNumberIn(n, None, f"at_least_{n}"))


def at_most(n: int):
    return P(WholeNumberIn(None, n, f"at_most_{n}"))


class RuleSet(KnowledgeEngine):
    """Base of every rule module: the conclusions a rule's right-hand side may draw."""

    # -- conclusions -----------------------------------------------------
    def signal(self, signal_id: str, partner: str | None = None):
        fields = {"id": signal_id} if partner is None else {"id": signal_id, "partner": partner}
        return self._conclude("signaal", signal_id, Signal(**fields))

    def phase_evidence(self, indicator_id: str):
        kb = kennisbank.load()
        if any(isinstance(f, Phase) for f in self.facts.values()):
            raise RuleDefinitionError(
                f"{self._current_rule_name()}: phase evidence after the phase was decided; "
                "a phase indicator may not depend on the phase")
        ind = kb.indicatoren[indicator_id]
        return self._conclude("indicator", indicator_id,
                              PhaseEvidence(indicator=indicator_id, fase=ind.fase))

    def advise(self, intervention_id: str, answers: str, partner: str | None = None):
        """Recommend an intervention as the answer to a risk or signal id."""
        fields = {"id": intervention_id, "beantwoordt": answers}
        if partner is not None:
            fields["partner"] = partner
        return self._conclude("interventie", intervention_id, Advice(**fields))

    def decide_phase(self):
        """Weigh all phase evidence and declare the one phase (see diagnose/phase.py)."""
        from .phase import indicator_strengths, weigh
        from .engine import Run
        strengths = indicator_strengths(Run(facts=dict(self.facts.items()), support=self._support, fired=[]))
        verdict = weigh(strengths)
        # kept for the weighing after the run, which reads the same unless evidence changed since
        # (the engine notes that: BaseEngine.declare, declare_derived)
        self._phase_strengths, self._phase_stale = strengths, False
        if not verdict.bekend:
            return None  # no phase marker: nothing phase-dependent may fire; the report says phase 1, onbekend
        kb = kennisbank.load()
        basis = [self.facts[fid] for ind, _, fids in strengths
                 if kb.indicatoren[ind].fase == verdict.nummer for fid in fids]
        return self._conclude("fase", None, Phase(nummer=verdict.nummer), basis=basis)

    # -- bookkeeping -----------------------------------------------------
    def _current_rule_name(self) -> str:
        act = getattr(self, "_firing", None)
        return act.rule._wrapped.__name__ if act is not None else "<geen regel>"

    def _conclude(self, kind: str, item_id: str | None, fact, basis=None):
        act = getattr(self, "_firing", None)
        if act is not None:
            declared = act.rule._wrapped.concludes
            tag = kind if item_id is None else f"{kind}:{item_id}"
            if tag not in declared:
                raise RuleDefinitionError(
                    f"rule {act.rule._wrapped.__name__} concludes {tag} but its @about "
                    f"does not list it")
        return self.declare_derived(fact, basis)

    def declare_derived(self, fact, basis=None):  # implemented by the engine
        raise NotImplementedError

    def note_evidence(self, bevinding: str, rol: str, nr: int, partner: str) -> None:  # idem
        raise NotImplementedError


def collect_rules(classes) -> dict[str, object]:
    """Map rule name -> Rule over the given RuleSet classes, refusing name collisions
    (experta silently drops one of two rules with the same method name)."""
    seen: dict[str, str] = {}
    rules: dict[str, object] = {}
    dupes = defaultdict(list)
    for cls in classes:
        for name, value in vars(cls).items():
            if isinstance(value, Rule):
                if name in seen:
                    dupes[name] += [seen[name], cls.__name__]
                seen[name] = cls.__name__
                rules[name] = value
    if dupes:
        raise RuleDefinitionError(
            "rule names used twice: " + ", ".join(f"{n} ({', '.join(c)})" for n, c in dupes.items()))
    return rules
