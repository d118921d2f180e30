"""What is still worth asking: unanswered observations that would make a rule
fire (confirming or adding a finding) or stop one from firing.

A rule is *one answer away* when every positive pattern but one holds in the
final working memory, no negated pattern is violated, and the missing
pattern asks for an unanswered observation. Chains are followed: when the
missing pattern is a signal that an unanswered observation would bring
about, that observation is worth asking for this rule too. A rule that did
fire and has ``NOT(Obs(key=K, ...))`` with K unanswered can be ruled out by
asking K. Questions whose precondition is known to fail are not proposed.
"""
from __future__ import annotations

from collections import defaultdict

from .. import kennisbank

from .facts import Obs, Partner, PartnerObs, Signal
from ._experta import W
from .patterns import Pattern, matches, parsed_patterns

SHOWN_KINDS = ("risico", "conditie", "indicator")


class _FactIndex:
    """The final working memory, indexed so a pattern is only tested against the
    facts that can match it: those of its class with the same value in its first
    literal field (usually ``key`` or ``id``). Same answers as testing every fact."""

    def __init__(self, facts):
        self.by_cls: dict[type, list] = defaultdict(list)
        for f in facts:
            self.by_cls[type(f)].append(f)
        self.by_field: dict[tuple, dict | None] = {}
        self.memo: dict[int, bool] = {}

    def _candidates(self, p: Pattern):
        facts = self.by_cls.get(p.cls, ())
        index = p.index_field
        if index is None:
            return facts
        name, lit = index
        table = self.by_field.get((p.cls, name), False)
        if table is False:
            table = defaultdict(list)
            try:
                for f in facts:
                    if name in f:  # a fact without the field cannot match
                        table[f[name]].append(f)
            except TypeError:  # an unhashable value: test every fact of the class
                table = None
            self.by_field[(p.cls, name)] = table
        if table is None:
            return facts
        return table.get(lit, ())

    def any_match(self, p: Pattern) -> bool:
        hit = self.memo.get(id(p))
        if hit is None:
            hit = self.memo[id(p)] = any(matches(p, f) for f in self._candidates(p))
        return hit


def _answered_keys(facts) -> set[str]:
    return {f["key"] for f in facts if isinstance(f, (Obs, PartnerObs))}


def precondition_holds(obs_id: str, answers: dict) -> bool:
    """Whether a question is worth asking now: every coalition-level precondition
    observation is answered with a value that opens it (``KnowledgeBase.opening``; an unanswered
    precondition is asked first). Partner-type preconditions are checked per partner."""
    kb = kennisbank.load()
    return all(pre.obs is None or (pre.obs in answers and kb.precondition_met(pre, answers[pre.obs]))
               for pre in kb.observaties[obs_id].wanneer)


_PYTHON_RULES: dict[int, tuple] = {}  # id(rules dict) -> (rules dict, size, [_Readable], can_show of them)


class _Readable:
    """What open questions read of one Python rule, worked out once: its positive and negated
    patterns (a pattern written alike in several rules is one shared object, so working memory
    is searched for it once per diagnosis), the observations a negated pattern names, and the
    signals it concludes."""

    __slots__ = ("name", "positive", "negated", "excluding", "concludes", "signals")

    def __init__(self, name, patterns, concludes, shared: dict):
        def one(p):
            try:
                key = (p.cls, p.negated, repr(p.constraints))
            except Exception:  # pragma: no cover - a pattern that cannot be written: not shared
                return p
            return shared.setdefault(key, p)
        self.name, self.concludes = name, concludes
        self.signals = frozenset(tag.partition(":")[2] for tag in concludes if tag.startswith("signaal:"))
        self.positive = tuple(one(p) for p in patterns if not p.negated)
        self.negated = tuple(one(p) for p in patterns if p.negated)
        self.excluding = tuple(key for key in (p.literal("key") for p in self.negated if p.cls in (Obs, PartnerObs))
                               if key)


def _python_rules(rules_by_name: dict) -> list:
    """The rules written in Python, in the style open questions can read (``_Readable``); a
    knowledge record's rules are left out: the records' own open questions
    (reasoning.open_effects) cover them. Worked out once per rules dict."""
    return _python_rules_known(rules_by_name)[2]


def _python_rules_known(rules_by_name: dict) -> tuple:
    """(rules dict, its size, ``_python_rules`` of it, ``can_show`` of those), worked out once per rules dict."""
    known = _PYTHON_RULES.get(id(rules_by_name))
    if known is None or known[0] is not rules_by_name or known[1] != len(rules_by_name):
        out, shared = [], {}
        for name, rule in rules_by_name.items():
            if hasattr(rule._wrapped, "record"):
                continue
            patterns, odd = parsed_patterns(rule)
            if not odd:
                out.append(_Readable(name, patterns, rule._wrapped.concludes, shared))
        known = _PYTHON_RULES[id(rules_by_name)] = (rules_by_name, len(rules_by_name), out, can_show(out))
    return known


def _unmet(rule: _Readable, index: _FactIndex, most: int | None = None) -> list | None:
    """The rule's positive patterns nothing in working memory matches (the search stops once
    there are more than ``most``), or None when one of its negated patterns is violated."""
    if any(index.any_match(p) for p in rule.negated):
        return None
    missing = []
    for p in rule.positive:
        if not index.any_match(p):
            missing.append(p)
            if most is not None and len(missing) > most:
                break
    return missing


def can_show(rules: list) -> bool:
    """Whether some rule concludes a kind that open questions show: the tags the search
    collects are the rules' own conclusions (chains of signals pass them on), so without
    one the search finds nothing."""
    return any(tag.partition(":")[0] in SHOWN_KINDS for rule in rules for tag in rule.concludes)


def find(rules_by_name: dict, facts: list, fired: set[str], answers: dict,
         phase: int | None = None, phase_certain: bool = False) -> dict[str, dict[str, str]]:
    """Map observation id -> {conclusion tag: "toevoegen"|"bevestigen"|"uitsluiten"}.

    Phase indicators only count where they could move the phase: not when the
    phase is already certain, and only for the phase itself or a neighbour."""
    _, _, rules, showable = _python_rules_known(rules_by_name)
    if not showable:
        return {}  # no rule can bring or rule out a kind shown: the search below would find nothing
    answered = _answered_keys(facts)
    present = set()
    for f in facts:
        cls = type(f).__name__
        if cls == "Signal":
            present.add(f"signaal:{f['id']}")
        elif cls == "PhaseEvidence":
            present.add(f"indicator:{f['indicator']}")
    reach: dict[str, set[str]] = defaultdict(set)      # obs key -> tags it would bring
    exclude: dict[str, set[str]] = defaultdict(set)    # obs key -> tags it could rule out
    signal_waiting: list[tuple[str, frozenset]] = []   # (signal id, tags of the rule)

    index = _FactIndex(facts)
    for rule in rules:
        concl = rule.concludes
        if rule.name in fired:
            for key in rule.excluding:
                if key not in answered:
                    exclude[key] |= concl
            continue
        missing = _unmet(rule, index, most=1)
        if missing is None or len(missing) != 1:
            continue  # a negated pattern is violated, or more than one answer away
        p = missing[0]
        if p.cls in (Obs, PartnerObs):
            key = p.literal("key")
            if key and key not in answered:
                reach[key] |= concl
        elif p.cls is Signal and p.literal("id"):
            signal_waiting.append((p.literal("id"), concl))

    for _ in range(4):  # follow chains of signals a few steps deep
        changed = False
        for signal_id, concl in signal_waiting:
            for key, tags in reach.items():
                if f"signaal:{signal_id}" in tags and not concl <= tags:
                    tags |= concl
                    changed = True
        if not changed:
            break

    kb = kennisbank.load()
    out: dict[str, dict[str, str]] = {}
    for key in sorted(set(reach) | set(exclude)):
        if key not in kb.observaties or not precondition_holds(key, answers):
            continue
        effects = {}
        for tag in sorted(reach.get(key, ())):
            kind, _, item = tag.partition(":")
            if kind == "indicator":
                if phase_certain or (phase is not None and abs(kb.indicatoren[item].fase - phase) > 1):
                    continue
            if kind in SHOWN_KINDS:
                effects[tag] = "bevestigen" if tag in present else "toevoegen"
        for tag in sorted(exclude.get(key, ())):
            if tag.split(":")[0] in SHOWN_KINDS and tag in present:
                effects.setdefault(tag, "uitsluiten")
        if effects:
            out[key] = effects
    return out


def signal_questions(rules_by_name: dict, facts: list, fired: set[str], awaited) -> dict[str, set[str]]:
    """Observation id -> the awaited signals (ids) one question could bring about, read from
    the Python rules that make them. A rule counts when it has not fired, none of its negated
    patterns is violated, and what it misses is one question: its missing positive patterns
    all ask the same observation (several partners' answers to one partner question are one
    question, asked as a grid), or all its patterns hold but not together, where two of them
    ask the same partner question (another partner's answer may join them). A partner question
    counts only while enough partners can still give the answers (``_partners_can_answer``)."""
    awaited = set(awaited)
    if not awaited:
        return {}
    answered = _answered_keys(facts)
    index = _FactIndex(facts)
    partner_facts = ([f for f in facts if type(f) is Partner], [f for f in facts if type(f) is PartnerObs])
    out: dict[str, set[str]] = defaultdict(set)
    for rule in _python_rules(rules_by_name):
        signals = rule.signals & awaited
        if not signals or rule.name in fired:
            continue
        missing = _unmet(rule, index)
        if missing is None:
            continue
        if missing:
            keys = {(p.cls, p.literal("key")) for p in missing}
            if len(keys) != 1:
                continue
            cls, key = next(iter(keys))
            if cls not in (Obs, PartnerObs) or not key or (cls is Obs and key in answered):
                continue
        else:  # every pattern holds on its own: a join between them failed
            asked = [p.literal("key") for p in rule.positive if p.cls is PartnerObs]
            alike = {k for k in asked if k and asked.count(k) > 1}
            if len(alike) != 1:
                continue
            key, cls = next(iter(alike)), PartnerObs
        if cls is PartnerObs and not _partners_can_answer(rule, key, *partner_facts):
            continue
        out[key] |= signals
    return dict(out)


def _partners_can_answer(rule: _Readable, key: str, partners_at_table: list, answers: list) -> bool:
    """Whether a partner question a rule asks can still be answered as the rule needs: some
    partner it concerns has not answered it, and among those not asked yet and those whose
    answer fits one of its patterns there are as many partners as the rule joins (its distinct
    partner variables, such as ``a`` and ``b`` with ``a < b``; one when it names none)."""
    patterns = [p for p in rule.positive if p.cls is PartnerObs and p.literal("key") == key]
    joined = {v.__bind__ for p in patterns if isinstance(v := p.fact.get("partner"), W) and v.__bind__}
    kinds = set()
    for p in patterns:
        lits = p.literals("type")
        if not lits:
            kinds = None  # a pattern about any kind of partner
            break
        kinds |= set(lits)
    partners = {f["naam"] for f in partners_at_table if kinds is None or f["type"] in kinds}
    given = [f for f in answers if f["key"] == key and f["partner"] in partners]
    open_ = partners - {f["partner"] for f in given}
    fitting = {f["partner"] for f in given if any(matches(p, f) for p in patterns)}
    return bool(open_) and len(open_ | fitting) >= max(1, len(joined))
