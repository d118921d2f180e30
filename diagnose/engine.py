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

Speed: ``FastMatcher`` looks alpha tests up by value and only drains conflict-set
nodes that changed; ``run_case`` declares the case's facts as one change. Each
was checked to give the same run as plain experta (tests/test_engine_speedups.py).
"""
from __future__ import annotations

import bisect
import functools
import inspect
import itertools
import logging
import operator
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import kennisbank
from .._collector import long_lived

from ._experta import (Agenda, ConflictSetNode, DepthStrategy, Fact, FactList, FeatureTesterNode, KnowledgeEngine, L,
                       Token, watchers)
from . import perspectives, rete
from .facts import CaseInfo, Disagreement, InformantObs, Obs, Partner, PartnerObs, Plan, plain_fact_id
from .rulekit import RuleDefinitionError, RuleSet, collect_rules


_KEY = operator.attrgetter("key")


@functools.total_ordering
class _ContextKey:
    """The last part of an agenda key: an activation's bound values as sorted (name, repr) pairs.
    Worked out only when a comparison reaches it (same salience, facts and rule: rare), since the
    reprs of the facts bound in it are most of the key's cost; it orders exactly as the tuple."""

    __slots__ = ("_context", "_repr", "_key")

    def __init__(self, context: dict, repr_):
        self._context, self._repr, self._key = context, repr_, None

    def key(self) -> tuple:
        if self._key is None:
            ctx = self._context
            self._key = tuple(sorted([(k, self._repr(v)) for k, v in ctx.items()])) if ctx else ()
            self._context = self._repr = None
        return self._key

    def __eq__(self, other):
        mine, theirs = self._context, other._context
        if mine is not None and theirs is not None and mine.keys() == theirs.keys() \
                and all(mine[k] is theirs[k] for k in mine):
            return True  # the very same values: the same reprs (how a retracted activation is found)
        return self.key() == other.key()

    def __lt__(self, other):
        return self.key() < other.key()

    __hash__ = None


class DeterministicStrategy(DepthStrategy):
    """Depth strategy (newest facts first) with a total order on activations."""

    def __init__(self):
        super().__init__()
        self._reprs: dict[int, tuple] = {}  # id(fact) -> (fact, repr): a declared fact never changes

    def forget(self):
        """Drop the remembered reprs (at every reset: the facts go)."""
        self._reprs.clear()

    def _repr(self, value):
        if not isinstance(value, Fact):
            return repr(value)
        known = self._reprs.get(id(value))
        if known is None or known[0] is not value:
            known = self._reprs[id(value)] = (value, repr(value))
        return known[1]

    def get_key(self, activation):  # no lru_cache: it would pin old activations
        rule = activation.rule
        matched = activation.facts
        if len(matched) == 1:  # most activations match one fact
            for f in matched:
                facts = [f["__factid__"]]
        else:
            facts = sorted([f["__factid__"] for f in matched], reverse=True)
        return (rule.salience, facts, rule._wrapped.__name__, _ContextKey(activation.context, self._repr))

    def _update_agenda(self, agenda, added, removed):
        # bisect on the keys themselves (compared in C) rather than through Activation.__lt__
        acts, get_key, bisect_left = agenda.activations, self.get_key, bisect.bisect_left
        for act in removed:
            act.key = key = get_key(act)
            idx = bisect_left(acts, key, key=_KEY)
            if idx < len(acts) and acts[idx].key == key:
                del acts[idx]
        for act in added:
            act.key = key = get_key(act)
            idx = bisect_left(acts, key, key=_KEY)
            if idx < len(acts) and acts[idx].key == key:
                continue  # already on the agenda
            acts.insert(idx, act)


def _alpha_test(child):
    """What a RETE child node tests, when it is a plain alpha test that can be looked up:
    (field, value) for ``fact[field] == value`` without a binding, (None, cls) for
    ``type(fact) == cls``; otherwise None."""
    node = child.node
    if not isinstance(node, FeatureTesterNode) or child.callback != node.activate:
        return None
    matcher = node.matcher
    if type(matcher).__name__ == "TypeCheck":
        return None, matcher.fact_type
    how, what = getattr(matcher, "how", None), getattr(matcher, "what", None)
    if type(how) is not L or how.__bind__ is not None or not isinstance(what, str) or "__" in what:
        return None
    try:
        hash(how.value)
    except TypeError:
        return None
    return what, how.value


class AlphaDispatch:
    """Stands in a RETE node's child list for its children that each test the same thing
    against a different value (``key == "x"``, ``id == "y"``, ``type(fact) == Obs``): a fact
    is handed only to the children whose value equals its own (a dict lookup) instead of to
    all of them, each copying the token and failing its test. A child whose test is exactly
    that lookup (``rete.FastFeatureTester`` on a literal of a plain value, or on the type) has
    passed it once found, so the token goes straight on to its own children; any other child
    still runs its own test, so nothing passes that experta would stop."""

    # the values whose dict lookup is the same test as ``literal == value`` (no NaN, no mixed types)
    _EXACT = (str, int, bool)

    def __init__(self, field_name, members: list):
        self.field = field_name                    # None: dispatch on the fact's type
        self.children = members                    # for experta's walks over the network
        # value -> the child lists to hand a matching token to: a member's own child list (the same
        # list object, so later changes to it count) when its test is the lookup, else [member]
        self.table: dict = {}
        for child in members:
            value = _alpha_test(child)[1]
            self.table.setdefault(value, []).append(
                child.node.children if self._is_lookup(child.node, value) else [child])

    def _is_lookup(self, node, value) -> bool:
        test = getattr(node, "fast_test", None) if type(node) is rete.FastFeatureTester else None
        if test is None:
            return False
        if self.field is None:
            return test == (rete.TYPE, value)
        return test[0] == rete.LITERAL and test[1] == self.field and type(value) in self._EXACT \
            and type(test[2]) is type(value) and test[2] == value

    def activate(self, token):
        try:
            (fact,) = token.data
        except ValueError:  # pragma: no cover - alpha tokens carry one fact
            return self._to_all(token)
        if self.field is None:
            targets = self.table.get(type(fact), ())
        else:
            try:
                value = fact[self.field]
            except (KeyError, TypeError, IndexError):
                return  # the field is missing: no test on it can pass
            try:
                targets = self.table.get(value, ())
            except TypeError:  # an unhashable value: let every child test it
                return self._to_all(token)
            if targets and type(value) not in self._EXACT:
                # a value that may equal a key of another type (1.0 == 1): every child tests it
                return self._to_all(token)
        for children in targets:
            for child in children:
                child.callback(token)

    def _to_all(self, token):
        for child in self.children:
            child.callback(token)

    def _reset(self):
        pass

    def reset(self):
        for child in self.children:
            child.node.reset()


def _hash_alpha_tests(root, threshold: int = 4) -> None:
    """Put an ``AlphaDispatch`` in front of every group of ``threshold`` or more sibling
    alpha tests on the same field (or on the type). Only the order in which tokens reach
    nodes changes; every rule gets the same activations (the agenda orders them by a
    unique key), which the tests check against plain experta."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children = list(node.children)
        stack.extend(child.node for child in children)
        if isinstance(node, AlphaDispatch):
            continue
        groups: dict = {}
        for child in children:
            test = _alpha_test(child)
            if test is not None:
                groups.setdefault(test[0], []).append(child)
        new_children, placed = [], set()
        for child in children:
            test = _alpha_test(child)
            group = groups.get(test[0]) if test is not None else None
            if group is None or len(group) < threshold:
                new_children.append(child)
            elif test[0] not in placed:
                placed.add(test[0])
                dispatch = AlphaDispatch(test[0], group)
                new_children.append(type(child)(dispatch, dispatch.activate))
        node.children[:] = new_children


_VALID, _INVALID = Token.TagType.VALID, Token.TagType.INVALID


class FastMatcher(KnowledgeEngine.__matcher__):  # experta's ReteMatcher
    """experta's RETE matcher with speed-ups that change nothing it computes.

    - nodes copy a token only where they change it (``rete.speed_up``);
    - alpha tests on literals and types are looked up by value (``AlphaDispatch``)
      instead of every fact being tested against every sibling test;
    - ``changes``: after every working-memory change experta walks the whole
      network to find the rules' conflict-set nodes (a quadratic de-duplication
      included) and asks each for its new activations; here the nodes are found
      once, each notes when a token reaches it (``rete.FastConflictSet``), and only
      those are asked; it also makes
      the bus node's tokens itself, without experta's type checks of declared facts;
    - ``reset``: experta resets node memories recursively, once per path to a
      node (a shared node many times); here each join node that holds something is
      reset once, and only the conflict-set nodes a token reached since the last reset.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # builds the network: build_network below
        self._touched: dict = {}  # conflict-set nodes reached since the last change (insertion-ordered)
        self._used: dict = {}     # conflict-set nodes reached since the last reset
        nodes = self.root_node.__dict__.pop("nodes_found", None) or rete.all_nodes(self.root_node)
        # a node's kind asked of its class, a handful of classes for thousands of nodes
        # (experta's nodes are ABCs: isinstance on each node goes through abc)
        kinds = {kind: issubclass(kind, ConflictSetNode) for kind in {type(n) for n in nodes}}
        for csn in nodes:
            if kinds[type(csn)]:
                if not isinstance(csn, rete.FastConflictSet):  # pragma: no cover - speed_up makes them so
                    raise TypeError(f"conflict-set node {csn} not prepared by rete.speed_up")
                csn.touched, csn.used = self._touched, self._used  # where it notes being reached
                csn._reset()
        joins = {kind for kind, is_csn in kinds.items()
                 if not is_csn and not issubclass(kind, AlphaDispatch) and rete.has_memory_kind(kind)}
        self._all_nodes = [n for n in nodes if type(n) in joins]

    def build_network(self):
        """experta's network with the speed-ups; for the project's own engine, the network
        is read from (or written to) the on-disk cache (rete.load_network)."""
        cached = type(self.engine) is _engine_class
        rules_by_name = all_rules() if cached else None
        root = rete.load_network(rules_by_name) if cached else None
        self.from_cache = root is not None
        if root is not None:
            self.root_node = root
            return
        super().build_network()
        rete.speed_up(self.root_node)
        _hash_alpha_tests(self.root_node)
        if cached:
            rete.store_network(self.root_node, rules_by_name)

    def changes(self, adding=None, deleting=None):
        # the bus node's own tokens, made without experta's checks of the facts (declared facts);
        # their data a frozenset, which the nodes below share instead of copying and hashing again
        children = self.root_node.children
        if deleting is not None:
            for deleted in deleting:
                token = tuple.__new__(Token, (_INVALID, frozenset((deleted,)), {}))
                for child in children:
                    child.callback(token)
        if adding is not None:
            for added in adding:
                token = tuple.__new__(Token, (_VALID, frozenset((added,)), {}))
                for child in children:
                    child.callback(token)
        added, removed = [], []
        touched = list(self._touched.values())
        self._touched.clear()
        for csn in touched:
            if csn.added or csn.removed:  # experta's ConflictSetNode.get_activations, inline
                added.extend(csn.added)
                removed.extend(csn.removed)
                csn.added, csn.removed = set(), set()
        return added, removed

    def reset(self):
        self._touched.clear()
        for node in self._all_nodes:  # the join nodes (they have a memory); most stay empty in a run
            if node.left_memory or node.right_memory:
                node._reset()
        for csn in self._used.values():  # the conflict-set nodes a token reached since the last reset
            csn._reset()
        self._used.clear()


class RecordingAgenda(Agenda):
    """Tells the engine which activation fires next, so its conclusions can be traced."""

    def __init__(self, engine):
        super().__init__()
        self._engine = engine

    def get_next(self):
        acts = self.activations  # experta's Agenda.get_next: the last activation, taken off
        act = acts.pop() if acts else None
        self._engine._firing = act
        if act is not None:
            self._engine._trace.append(act)
        return act


class Support(NamedTuple):  # a named tuple: made thousands of times per run, 3x cheaper than a frozen dataclass
    """One reason a fact holds: a rule fired on these facts (ids)."""

    rule: str
    facts: tuple[int, ...]


class Note(NamedTuple):  # a named tuple, as Support
    """Evidence for a risk or strength record, noted by the compiled rule that matched it:
    indicator ``nr`` of ``rol`` holds for ``partner`` ("" = the coalition), on these facts.
    Kept beside working memory rather than declared into it: nothing matches on it, and
    hundreds of such facts would make every run pay for RETE propagation."""

    bevinding: str
    rol: str
    nr: int
    partner: str
    support: Support  # the rule that noted it, and the facts it matched


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class Run:
    """Everything one engine run produced: the facts, how each was derived, the evidence noted."""

    facts: dict[int, Fact]
    support: dict[int, list[Support]]
    fired: list[Support]
    origin: dict[int, str] = field(default_factory=dict)  # case fact id -> "observaties.x" path
    notes: list[Note] = field(default_factory=list)  # sorted (EvidenceIndex groups them in one pass)
    combined: "perspectives.Combined | None" = None  # the answers the facts came from
    # the phase indicators' strengths as the run's phase decision weighed them, when no evidence
    # changed after it (phase.indicator_strengths; None: weigh them again)
    phase_strengths: list | None = None
    _by_type: dict | None = field(default=None, init=False)

    def of_type(self, cls) -> list[tuple[int, Fact]]:
        """The (id, fact) pairs of one fact class, by id. The weighing, the phase and the result
        all ask by kind: the facts are sorted and grouped once per run (the fact classes have
        no subclasses, so the exact type is ``isinstance``)."""
        groups = self._by_type
        if groups is None:
            groups = self._by_type = {}
            for fid, f in sorted(self.facts.items()):
                groups.setdefault(type(f), []).append((fid, f))
        return groups.get(cls, [])


def _matched_ids(act) -> tuple[int, ...]:
    """The ids of the facts an activation matched (InitialFact left out), sorted; worked out once
    per activation (its notes, its derived facts and the trace all ask)."""
    ids = act.__dict__.get("matched_ids")
    if ids is None:
        facts = act.facts
        if len(facts) == 1:  # most activations match one fact
            for f in facts:
                ids = () if type(f).__name__ == "InitialFact" else (f["__factid__"],)
        else:
            ids = tuple(sorted(f["__factid__"] for f in facts if type(f).__name__ != "InitialFact"))
        act.matched_ids = ids
    return ids


def _support_of(act) -> Support:
    """An activation's rule and matched facts as a Support, made once per activation (its notes,
    the facts it derives and the trace share it)."""
    support = act.__dict__.get("support")
    if support is None:
        support = act.support = Support(act.rule._wrapped.__name__, _matched_ids(act))
    return support


def facts_from_case(case, combined: "perspectives.Combined | None" = None) -> list[tuple[Fact, str]]:
    """The case as input facts, each with the case field it came from, in a stable order;
    ``combined`` is the case's combined answers when the caller has them already."""
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

    if combined is None:  # the adviser's answers, or what informants agree on
        combined = perspectives.combine(case)
    for key in sorted(combined.answers):
        origin = f"observaties.{key}" if not combined.sources.get(key) else \
            "informanten." + ",".join(combined.sources[key]) + f".{key}"
        for fields in obs_facts(key, combined.answers[key]):
            out.append((Obs(**fields), origin))
    if case.informanten:
        speaks_for = {p.naam: p for p in case.partners}
        for inf in sorted(case.informanten, key=lambda i: i.id):
            partner = speaks_for.get(inf.partner) if inf.partner else None
            for key in sorted(inf.observaties):
                value = inf.observaties[key]
                if value is None or value == []:
                    continue
                for fields in obs_facts(key, value):
                    fields.pop("dagen", None)
                    out.append((InformantObs(informant=inf.id, partner=inf.partner or "",
                                             coordinator=bool(partner and partner.coordinator), **fields),
                                f"informanten.{inf.id}.observaties.{key}"))
        for key, count in sorted(combined.disagreements.items()):
            out.append((Disagreement(key=key, standpunten=count), f"perspectieven.{key}"))
    flags = [p.kern for p in case.partners]
    core = "aangewezen" if True in flags else "geen" if flags and all(f is False for f in flags) else "onbekend"
    out.append((CaseInfo(partnerlijst=case.partner_list(), kerngroep=core), "partnerlijst"))
    for i, plan in sorted(enumerate(case.plannen), key=lambda ip: (ip[1].wat, ip[1].wanneer, ip[0])):
        if combined.answers.get(kb.plannen[plan.wat].zelfde_als or "") == plan.wanneer:
            continue  # the same event on the same date as an answer (the subsidy's end): counted once, as that
        out.append((Plan(key=plan.wat, dagen=(plan.wanneer - case.datum_gesprek).days, partner=plan.partner or ""),
                    f"plannen.{i}"))
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


_DEFFACTS_KEYWORDS: dict = {}  # deffacts function -> the keywords it takes (None: any, it has **kwargs)


def _deffacts_keywords(deffact) -> frozenset | None:
    """The keyword arguments experta's ``reset`` passes on to a deffacts function: those its
    signature names, or all of them (None) when it takes ``**kwargs``."""
    function = deffact._wrapped
    try:
        return _DEFFACTS_KEYWORDS[function]
    except KeyError:
        parameters = inspect.signature(deffact).parameters.values()
        accepted = None if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters) \
            else frozenset(p.name for p in parameters)
        _DEFFACTS_KEYWORDS[function] = accepted
        return accepted


class BaseEngine(RuleSet):
    """The engine machinery shared by every composition of rule sets."""

    __strategy__ = DeterministicStrategy
    __matcher__ = FastMatcher

    def reset(self, **kwargs):
        """experta's ``KnowledgeEngine.reset``, step for step, except that the agenda is a
        ``RecordingAgenda`` from the start and that which keywords each deffacts function takes
        is read once per function (experta reads its ``inspect.signature`` at every reset)."""
        self._reset_facts(kwargs)
        # the activations of the deffacts' facts (InitialFact), collected as experta's reset does
        added, removed = self.get_activations()
        self.strategy.update_agenda(self.agenda, added, removed)

    def _reset_facts(self, kwargs: dict) -> None:
        """``reset`` up to collecting the activations of the deffacts' facts: ``run_case``
        collects them with the case's facts, as one change (rules that start with a NOT are
        activated by InitialFact, and most of them deactivated again by the case's facts:
        then neither reaches the agenda)."""
        self.strategy.forget()
        self.agenda = RecordingAgenda(self)
        self.facts = FactList()
        self.matcher.reset()
        deffacts = []
        for deffact in self.get_deffacts():
            accepted = _deffacts_keywords(deffact)
            deffacts.append(deffact(**(kwargs if accepted is None else
                                       {k: v for k, v in kwargs.items() if k in accepted})))
        # experta's own declaration, which collects no activations while the engine runs
        self.running = True
        try:
            self._KnowledgeEngine__declare(*itertools.chain.from_iterable(deffacts))
        finally:
            self.running = False
        self._firing = None
        self._trace = []
        self._support: dict[int, list[Support]] = {}
        self._by_content: dict = {}
        self._notes: dict[tuple, Note] = {}
        self._phase_strengths = None  # set by the phase decision (rulekit.decide_phase)
        self._phase_stale = False

    _PHASE_INPUT = frozenset({"PhaseEvidence", "Evidence"})

    def declare(self, *facts):
        # phase evidence after the phase decision: the weighing after the run must weigh again
        if getattr(self, "_phase_strengths", None) is not None and \
                any(type(f).__name__ in self._PHASE_INPUT for f in facts):
            self._phase_stale = True
        if self.running and len(facts) == 1:
            fact_id = plain_fact_id(facts[0])
            if fact_id is not None:
                return self._declare_plain(facts[0], fact_id)
        return super().declare(*facts)

    def _declare_plain(self, fact, fact_id):
        """experta's ``declare`` of one fact while running (``FactList.declare``, step for step),
        for a fact of plain values: its checks cannot fail there (``facts.plain_fact_id``)."""
        fl = self.facts
        fact.validate()
        counter = fl.reference_counter
        if fl.duplication or fact_id not in counter:
            idx = fl.last_index
            dict.__setitem__(fact, "__factid__", idx)  # what experta's __factid__ setter ends up doing
            # the hash experta's Fact caches in ``_hash`` when first hashed (the matcher hashes every
            # declared fact): the fact id's, worked out already, serves (equal facts have equal ids)
            fact._hash = hash(fact_id)
            fl[idx] = fact
            fl.last_index += 1
            fl.added.append(fact)
            counter[fact_id] = counter.get(fact_id, 0) + 1  # a Counter's += 1, without its __missing__
            if watchers.FACTS.isEnabledFor(logging.INFO):
                watchers.FACTS.info(" ==> %s: %r", fact, fact)
            return fact
        return None

    def note_evidence(self, bevinding: str, rol: str, nr: int, partner: str) -> None:
        support = _support_of(self._firing)
        key = (bevinding, rol, nr, partner, support.facts)
        if key not in self._notes:  # the first note of the same evidence stands
            self._notes[key] = Note(bevinding, rol, nr, partner, support)

    def run(self, steps=float("inf")):
        """experta's ``run`` loop, step for step, except that the FIRE line for its RULES watcher
        is formatted only when that watcher logs (experta joins every fired rule's facts into a
        string first, whether it is logged or not), that whether the watchers log is asked once per
        run, that the matcher is asked for changes only
        when working memory changed, and that a compiled rule's action is called directly with
        the one value it reads."""
        from .compile import Action  # here, not at import: the engine module stays light to import
        self.running = True
        execution = 0
        rules_log = watchers.RULES
        # whether the watchers log, asked once per run rather than at every firing (no rule sets them)
        log_agenda, log_rules = watchers.worth("AGENDA", "DEBUG"), rules_log.isEnabledFor(logging.INFO)
        strategy = self.strategy
        # experta's Strategy.update_agenda only adds the ACTIVATIONS watcher's lines to _update_agenda
        update_agenda = strategy.update_agenda if watchers.worth("ACTIVATIONS", "INFO") else strategy._update_agenda
        while steps > 0 and self.running:
            facts = self.facts
            if facts.added or facts.removed:  # working memory changed (most firings only note evidence)
                added, removed = self.get_activations()
                update_agenda(self.agenda, added, removed)
            if log_agenda:  # pragma: no cover - as experta does
                for idx, act in enumerate(self.agenda.activations):
                    watchers.AGENDA.debug("%d: %r %r", idx, act.rule.__name__, ", ".join(str(f) for f in act.facts))
            activation = self.agenda.get_next()
            if activation is None:
                break
            steps -= 1
            execution += 1
            if log_rules:
                rules_log.info("FIRE %s %s: %s", execution, activation.rule.__name__,
                               ", ".join(str(f) for f in activation.facts))
            rule = activation.rule
            action = rule._wrapped
            if type(action) is Action and rule._wrapped_self is None and not rule._wrapped_args:
                # a compiled rule reads only partner p: called as experta would, without the
                # keyword dict of every bound value (its patterns' internal names included)
                action(self, activation.context.get("p", ""))
            else:
                rule(self, **{k: v for k, v in activation.context.items() if not k.startswith("__")})
        self.running = False

    def get_deffacts(self):
        # experta finds them with inspect.getmembers(self) at every reset (~1 ms); they are
        # fixed per class, so look once and re-bind them to this engine as getmembers does.
        found = self.__dict__.get("_deffacts")
        if found is None:
            found = self._deffacts = super().get_deffacts()
        for deffacts in found:
            deffacts.__get__(self, type(self))
            deffacts.ke = self
        return found

    def declare_derived(self, fact, basis=None):
        act = self._firing
        key = plain_fact_id(fact) or self.facts._get_fact_id(fact)
        declared = self.declare(fact)
        if declared is not None:
            fid = declared["__factid__"]
            self._by_content[key] = fid
        else:
            fid = self._by_content[key]
        if act is not None:
            supports = self._support.setdefault(fid, [])
            support = _support_of(act) if basis is None else \
                Support(act.rule._wrapped.__name__, tuple(sorted(f["__factid__"] for f in basis)))
            if support not in supports:
                supports.append(support)
                if declared is None and self._phase_strengths is not None:
                    self._phase_stale = True  # a known fact rests on more: its leaves may change
        return declared

    def run_case(self, case) -> Run:
        self._reset_facts({})
        origin = {}
        combined = perspectives.combine(case)  # once per run: the facts and the result both read it
        # Declare the case's facts as one change with InitialFact (declared by the reset): experta
        # then collects activations once, in run(), instead of after the reset and after every
        # fact. The agenda ends up the same (its keys are unique).
        self.running = True
        try:
            for fact, path in facts_from_case(case, combined):
                declared = self.declare(fact)
                if declared is not None:
                    origin[declared["__factid__"]] = path
        finally:
            self.running = False
        self.run()
        fired = [_support_of(a) for a in self._trace]
        facts = {fid: f for fid, f in self.facts.items()}
        self._firing = None
        notes = [self._notes[k] for k in sorted(self._notes)]
        return Run(facts=facts, support=self._support, fired=fired, origin=origin, notes=notes,
                   combined=combined, phase_strengths=None if self._phase_stale else self._phase_strengths)


def rule_sets() -> list[type]:
    """Every RuleSet defined in the modules of rules/, in module-name order, and the
    rules compiled from the knowledge records (rules/*.yaml, diagnose/compile.py)."""
    from .. import rules
    from .compile import compiled_rule_set
    return rules.all_rule_sets() + [compiled_rule_set()]


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
            if kind == "bewijs":
                from .records import load_records
                if item not in load_records():
                    problems.append(f"{name}: evidence for unknown record {item}")
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
            if not rete.validated_before(rules_by_name):  # checked once per content of rules and knowledge
                _validate_rules(rules_by_name)
                rete.note_validated(rules_by_name)
            _engine_class = type("CoalitionEngine", tuple(sets) + (BaseEngine,), {})
        return _engine_class


_local = threading.local()


def get_engine() -> BaseEngine:
    """This thread's engine, built on first use and reused after (engines are not thread-safe)."""
    eng = getattr(_local, "engine", None)
    if eng is None:
        with long_lived():
            eng = _local.engine = engine_class()()
    return eng


def all_rules() -> dict[str, object]:
    """Rule name -> experta Rule, for documentation, analysis and tests."""
    return collect_rules(rule_sets())
