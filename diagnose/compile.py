"""Knowledge records (rules/*.yaml) compiled into experta rules.

Every indicator of a record becomes one small experta rule whose left-hand side
matches what the indicator names and whose right-hand side records the evidence
(finding, role, indicator number, partner): as an ``Evidence`` fact for a phase
indicator (the phase decision waits for those), as a note beside working memory
(``engine.Note``) for a risk or strength, since no rule matches on those. A ``signaal``
record becomes one rule over all its conditions that declares the ``Signal``.
Matching stays in experta; the weighing of evidence into findings happens after
the run, in ``diagnose/reasoning.py``, so the richer knowledge adds only
single-pattern rules to the network.

Compiled once per process (generated rules leak experta's predicate caches):
``compiled_rule_set()`` is cached. Value lists become ``L(a) | L(b)`` inside one
pattern, never a rule-level OR (which experta expands into sub-rules).
"""
from __future__ import annotations

import functools
import pickle
import threading

from .. import kennisbank

from ._experta import MATCH, NOT, L, P, Rule
from .facts import (CaseInfo, Disagreement, Evidence, InformantObs, Obs, Partner, PartnerObs, Phase,
                    Plan, Signal)
from .records import Indicator, PartnerFilter, Record, RecordError, load_records
from .rulekit import PHASE_DECISION, RuleSet, WholeNumberIn, at_least, at_most, within_days

JANEE_HALF = "deels"   # matches an indicator on ja or nee at half weight
ABSENT_KINDS = "niet_aan_tafel"   # the observation that names kinds of partner not at the table


class Action:
    """A compiled rule's right-hand side, as plain data rather than a closure, so that the
    compiled rules can be kept pickled in the cache (``compiled_rule_set``). ``what``:
    "evidence" (declare an ``Evidence`` fact: phase indicators), "notes" (note evidence for
    each (record, role, nr) in ``args``), "signal" (declare the ``Signal`` ``args``) or
    "phase" (decide the phase). ``binds``: the rule binds partner ``p``. Like a function it
    carries ``__name__``, ``__doc__`` and the rule's metadata (``sources``, ``concludes``, ...)."""

    __slots__ = ("what", "args", "binds", "__dict__")

    def __init__(self, what: str, args: tuple, binds: bool):
        self.what, self.args, self.binds = what, args, binds

    def __call__(self, engine, p="", **_):
        # experta passes every bound variable; p is the partner when the rule binds one
        partner = p if self.binds else ""
        if self.what == "notes":
            for rid, role, nr in self.args:
                engine.note_evidence(rid, role, nr, partner)
        elif self.what == "evidence":
            finding, role, nr = self.args
            engine.declare_derived(Evidence(bevinding=finding, rol=role, nr=nr, partner=partner))
        elif self.what == "signal":
            engine.declare_derived(Signal(id=self.args, partner=partner) if self.binds else Signal(id=self.args))
        else:
            engine.decide_phase()

    def __reduce__(self):
        return _action, (self.what, self.args, self.binds, dict(self.__dict__))

    def __repr__(self):
        return f"<compiled action {self.__dict__.get('__name__', '?')}>"


def _action(what, args, binds, attributes) -> Action:
    fire = Action(what, args, binds)
    fire.__dict__.update(attributes)
    return fire


def _rule(fire: Action, *patterns, salience: int = 0) -> Rule:
    """``Rule(*patterns, salience=...)(fire)`` without experta's ``inspect.signature`` of the
    action (a third of compiling): every action takes ``**_``, for which experta passes
    all bound variables, so it would record no argument names either."""
    rule = Rule(*patterns, salience=salience)
    rule._wrapped = fire
    return functools.update_wrapper(rule, fire)


def _any_of(values):
    pattern = None
    for v in values:
        pattern = L(v) if pattern is None else pattern | L(v)
    return pattern


def matched_values(ind: Indicator, answer_type: str | None) -> list:
    """The answers an ``is`` list matches, including the automatic half-weight "deels"."""
    values = list(ind.is_)
    if answer_type == "janee" and JANEE_HALF not in values and set(values) & {"ja", "nee"}:
        values.append(JANEE_HALF)
    return values


def _value_test(ind: Indicator, answer_type: str | None) -> dict:
    if ind.is_:
        return {"value": _any_of(matched_values(ind, answer_type))}
    if ind.dagen is not None:
        return {"dagen": within_days(*ind.dagen)}
    if ind.min is not None and ind.max is not None:
        lo, hi = ind.min, ind.max

        return {"value": P(WholeNumberIn(lo, hi, f"between_{lo}_{hi}"))}
    if ind.min is not None:
        return {"value": at_least(ind.min)}
    return {"value": at_most(ind.max)}


def _partner_fields(flt: PartnerFilter | None) -> dict:
    if flt is None:
        return {}
    fields = {}
    if flt.type:
        fields["type"] = _any_of(flt.type)
    if flt.kern is not None:
        fields["kern"] = flt.kern
    if flt.coordinator is not None:
        fields["coordinator"] = flt.coordinator
    return fields


def patterns(rec: Record, ind: Indicator) -> tuple[list, bool]:
    """experta patterns for one indicator, and whether they bind partner ``p``."""
    kb = kennisbank.load()
    kind, target = ind.kind, ind.target
    answer_type = kb.observaties[target].type if kind in ("obs", "partner_obs", "informant", "uiteenlopend") \
        and target in kb.observaties else None
    scope = rec.per_partner
    if kind == "obs":
        return [Obs(key=target, **_value_test(ind, answer_type))], False
    if kind == "partner_obs":
        own = {**_partner_fields(scope), **_partner_fields(ind.bij)}
        flags = {k: own.pop(k) for k in ("kern", "coordinator") if k in own}
        pats = [PartnerObs(key=target, partner=MATCH.p, **own, **_value_test(ind, answer_type))]
        if flags:
            pats.append(Partner(naam=MATCH.p, **flags))
        return pats, True
    if kind == "informant":
        # in a per-partner record, an informant's answer counts for the partner they speak for;
        # when the indicator names the speaker's role (coordinator or not) it counts for the
        # coalition as a whole, i.e. for every partner the record is about
        extra = {} if ind.coordinator is None else {"coordinator": ind.coordinator}
        bind = scope is not None and ind.coordinator is None
        if bind:
            extra["partner"] = MATCH.p
        return [InformantObs(key=target, **extra, **_value_test(ind, answer_type))], bind
    if kind == "uiteenlopend":
        extra = {} if ind.min is None else {"standpunten": at_least(ind.min)}
        return [Disagreement(key=target, **extra)], False
    if kind == "signaal":
        return [Signal(id=target)], False
    if kind == "plan":  # in a per-partner record: the plan's partner ("" = the coalition: every partner)
        test = {"dagen": within_days(*ind.dagen)} if ind.dagen else {}
        if scope is not None:
            return [Plan(key=target, partner=MATCH.p, **test)], True
        return [Plan(key=target, **test)], False
    if kind == "partner":
        fields = _partner_fields(target)
        if scope is not None:  # the finding's own partner must have these properties
            fields = {**_partner_fields(scope), **fields}
        return [Partner(naam=MATCH.p, **fields)], True
    if kind == "aanwezig":
        return [Partner(type=_any_of(target))], False
    if kind == "ontbreekt":
        return [CaseInfo(partnerlijst="volledig"), NOT(Partner(type=_any_of(target)))], False
    if kind == "fase":
        return [Phase(nummer=_any_of(target))], False
    raise RecordError(f"{rec.id}: indicator kind {kind} is not compiled")  # pragma: no cover


def describe(ind: Indicator, taal: str = "nl") -> str:
    """A readable statement of what an indicator tests (for docs, `kennis regel` and rule docstrings)."""
    kind, target = ind.kind, ind.target
    kb = kennisbank.load()
    obs = kb.observaties.get(target) if isinstance(target, str) else None
    name = f"{obs.vraag(taal)} [{target}]" if obs is not None else target
    if ind.is_:
        test = " of ".join(str(v) for v in ind.is_)
    elif ind.dagen is not None:
        test = f"over {ind.dagen[0]} tot {ind.dagen[1]} dagen"
    elif ind.min is not None or ind.max is not None:
        test = " en ".join(x for x in ((f"≥ {ind.min}" if ind.min is not None else ""),
                                        (f"≤ {ind.max}" if ind.max is not None else "")) if x)
    else:
        test = ""
    texts = {
        "obs": lambda: f"{name} → {test}",
        "partner_obs": lambda: f"bij de partner{_kind(ind.bij)}: {name} → {test}",
        "informant": lambda: f"een gesprekspartner{' (de coördinator)' if ind.coordinator else ''}"
                     f"{' (niet de coördinator)' if ind.coordinator is False else ''}: {name} → {test}",
        "uiteenlopend": lambda: f"gesprekspartners antwoorden verschillend op: {name}"
                        + (f" ({ind.min} of meer standpunten)" if ind.min else ""),
        "signaal": lambda: f"signaal {target}",
        "plan": lambda: f"gepland: {kb.plannen[target].titel(taal) if target in kb.plannen else target}"
                        + (f" [{target}]" if target in kb.plannen else "") + (f" ({test})" if test else ""),
        "partner": lambda: "een partner " + ", ".join(
            f"{k}={v}" for k, v in target.model_dump(exclude_defaults=True).items()),
        "aanwezig": lambda: f"een partner van type {' of '.join(target or [])} aan tafel",
        "ontbreekt": lambda: f"geen partner van type {' of '.join(target or [])} (volgens een volledige "
                             f"partnerlijst of uitdrukkelijk gezegd)",
        "fase": lambda: f"fase {' of '.join(str(n) for n in target or [])}",
        "bevinding": lambda: f"bevinding {target}",
    }
    text = texts[kind]()
    return text


def _kind(flt) -> str:
    return f" ({' of '.join(flt.type)})" if flt is not None and flt.type else ""


def _evidence_rule(rec: Record, role: str, nr: int, ind: Indicator):
    """A phase indicator's rule: its evidence is a fact, since the phase decision waits for it."""
    pats, binds_partner = patterns(rec, ind)
    finding = rec.id

    fire = Action("evidence", (finding, role, nr), binds_partner)
    fire.__name__ = f"{rec.id}__{role}{nr}"
    fire.__doc__ = f"{role} {rec.id}: {describe(ind)}"
    fire.sources = tuple(dict.fromkeys(ind.bron or rec.bron))
    fire.concludes = frozenset({f"bewijs:{rec.id}"})
    fire.record = rec.id
    fire.uses = ((rec.id, role, nr, ind.gewicht),)
    return _rule(fire, *pats)


def _scope_rule(rec: Record):
    finding = rec.id

    fire = Action("notes", ((finding, "scope", 0),), True)
    fire.__name__ = f"{rec.id}__scope"
    fire.__doc__ = f"partners waarvoor {rec.id} kan gelden: " + ", ".join(
        f"{k}={v}" for k, v in rec.per_partner.model_dump(exclude_defaults=True).items())
    fire.sources = tuple(rec.bron)
    fire.concludes = frozenset({f"bewijs:{rec.id}"})
    fire.record = rec.id
    return _rule(fire, Partner(naam=MATCH.p, **_partner_fields(rec.per_partner)))


def _signal_rule(rec: Record):
    pats, binds = [], False
    for ind in rec.alle:
        more, b = patterns(rec, ind)
        pats.extend(more)
        binds = binds or b
    signal = rec.id
    fire = Action("signal", signal, binds)
    fire.__name__ = f"{rec.id}__signaal"
    fire.__doc__ = f"signaal {rec.id}: " + " en ".join(describe(i) for i in rec.alle)
    fire.sources = tuple(rec.bron)
    fire.concludes = frozenset({f"signaal:{rec.id}"})
    fire.record = rec.id
    return _rule(fire, *pats)


def _phase_decision_rule(phase_ids: list[str]):
    """Decides the phase once evidence for a phase-indicator record is in (the crisp
    indicators' own trigger is rules/fasen.py ``fase_bepalen``; whichever fires first decides)."""
    fire = Action("phase", (), False)
    fire.__name__ = "fase_bepalen_uit_records"
    fire.__doc__ = "Weegt alle fase-aanwijzingen, nadat ze allemaal binnen zijn, tot één fase."
    fire.sources = ("handreiking §1.2", "handreiking §1.3")
    fire.concludes = frozenset({"fase"})
    fire.record = "fase"
    return _rule(fire, Evidence(bevinding=_any_of(phase_ids)), NOT(Phase()), salience=PHASE_DECISION)


def _indicator_key(rec: Record, ind: Indicator, said: bool = False) -> tuple:
    """What an indicator's patterns test, so that records testing the same thing share one rule."""
    kb = kennisbank.load()
    item = kb.observaties.get(ind.target) if isinstance(ind.target, str) else None
    values = tuple(sorted(map(str, matched_values(ind, item.type if item else None)))) if ind.is_ else ()
    binds = ind.kind in ("partner_obs", "partner", "plan") or (ind.kind == "informant" and ind.coordinator is None)
    scope = rec.per_partner.model_dump_json() if rec.per_partner is not None and binds else ""
    target = ind.target.model_dump_json() if isinstance(ind.target, PartnerFilter) else \
        ",".join(map(str, ind.target)) if isinstance(ind.target, list) else str(ind.target)
    return (ind.kind + ("_gezegd" if said else ""), target, values, ind.dagen, ind.min, ind.max, ind.coordinator,
            scope, ind.bij.model_dump_json() if ind.bij else "")


def _rule_name(key: tuple, taken: set) -> str:
    kind, target, values, dagen, lo, hi, coordinator, scope, bij = key
    name = f"{kind}:{target}" + (f"={'|'.join(values)}" if values else "") + \
        (f"@{dagen[0]}..{dagen[1]}" if dagen else "") + (f">={lo}" if lo is not None else "") + \
        (f"<={hi}" if hi is not None else "") + ("(coördinator)" if coordinator else "") + \
        ("(niet coördinator)" if coordinator is False else "")
    base, n = name, 2
    while name in taken:
        name, n = f"{base}#{n}", n + 1
    taken.add(name)
    return name


def _shared_rule(name: str, pats: list, binds: bool, uses: list):
    """One rule for every (record, role, nr) that tests the same thing: it notes evidence for each."""
    notes = tuple((rec.id, role, nr) for rec, role, nr, _ in uses)

    fire = Action("notes", notes, binds)
    first = uses[0][3]
    fire.__name__ = name
    fire.__doc__ = f"{describe(first)} — telt mee voor " + ", ".join(sorted({rec.id for rec, *_ in uses}))
    fire.sources = tuple(dict.fromkeys(c for rec, _, _, ind in uses for c in (ind.bron or rec.bron)))
    fire.concludes = frozenset(f"bewijs:{rec.id}" for rec, *_ in uses)
    fire.record = uses[0][0].id
    fire.uses = tuple((rec.id, role, nr, ind.gewicht) for rec, role, nr, ind in uses)
    return _rule(fire, *pats)


def compile_records(records: dict[str, Record]) -> dict[str, Rule]:
    """Rule name -> experta Rule for every record (bevinding indicators are weighed later).

    A phase indicator gets rules of its own (they declare ``Evidence`` facts). The indicators
    of risks and strengths that test the same thing share one rule that notes evidence for
    each of them, so knowledge that reuses an observation costs one match, not one per record."""
    rules: dict[str, Rule] = {}
    phase_ids = sorted(r.id for r in records.values() if r.soort == "fase")
    if phase_ids:
        rule = _phase_decision_rule(phase_ids)
        rules[rule._wrapped.__name__] = rule
    shared: dict[tuple, list] = {}
    patterns_of: dict[tuple, tuple] = {}
    for rec in sorted(records.values(), key=lambda r: r.id):
        if rec.soort == "signaal":
            rule = _signal_rule(rec)
            rules[rule._wrapped.__name__] = rule
            continue
        if rec.per_partner is not None:
            rule = _scope_rule(rec)
            rules[rule._wrapped.__name__] = rule
        for role, nr, ind in rec.indicators():
            if ind.kind == "bevinding":
                continue
            if rec.soort == "fase":
                rule = _evidence_rule(rec, role, nr, ind)
                rules[rule._wrapped.__name__] = rule
                continue
            key = _indicator_key(rec, ind)
            shared.setdefault(key, []).append((rec, role, nr, ind))
            patterns_of.setdefault(key, patterns(rec, ind))
            if ind.kind == "ontbreekt":  # said outright holds as well as read from a complete list
                key = _indicator_key(rec, ind, said=True)
                shared.setdefault(key, []).append((rec, role, nr, ind))
                said = [Obs(key=ABSENT_KINDS, value=t) for t in ind.ontbreekt]  # every kind said to be missing
                patterns_of.setdefault(key, (said + [NOT(Partner(type=_any_of(ind.ontbreekt)))], False))
    taken = set(rules)
    for key in sorted(shared, key=repr):
        pats, binds = patterns_of[key]
        rule = _shared_rule(_rule_name(key, taken), pats, binds, shared[key])
        rules[rule._wrapped.__name__] = rule
    return rules


_lock = threading.Lock()
_compiled: type | None = None


def compiled_rule_set() -> type:
    """One RuleSet class holding every compiled record rule (built once per process: generated
    rules leak experta's predicate caches). The compiled rules are kept pickled in the cache
    folder under the digest of everything that shapes them (``rete.process_digest``), so a new
    process reads them instead of compiling (``cached_records_rules``)."""
    global _compiled
    with _lock:
        if _compiled is None:
            _compiled = type("RecordRules", (RuleSet,), dict(cached_records_rules()))
        return _compiled


def cached_records_rules() -> dict[str, Rule]:
    """``compile_records(load_records())``, read from the cache when it holds them for this
    content, else compiled and stored (best effort) for the next process."""
    from . import rete
    path = rete.cache_file("regels", rete.process_digest())
    if path is not None:
        from ..kennisbank import cache_read
        data = cache_read(path)  # only a file this user owns and nobody else can write
        if data is not None:
            try:
                rules = pickle.loads(data)
            except Exception:  # damaged or from other code: compile anew (and overwrite it)
                rules = None
            if _well_formed(rules):
                return rules
    rules = compile_records(load_records())
    if path is not None:
        try:
            data = rete.dumps(rules)
        except Exception:  # pragma: no cover - something in a rule that cannot be stored
            return rules
        from ..kennisbank import cache_write
        cache_write(path, data)
    return rules


def _well_formed(rules) -> bool:
    return isinstance(rules, dict) and all(
        isinstance(name, str) and type(rule) is Rule and type(rule._wrapped) is Action
        and rule._wrapped.__name__ == name for name, rule in rules.items())
