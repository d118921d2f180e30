"""From evidence to judgement: how the records' evidence becomes findings.

The engine run leaves ``Evidence`` facts: indicator N of record R holds (for
partner P). This module weighs them, record by record, as an adviser weighs
what was seen and heard. The scheme is additive with thresholds, chosen over
MYCIN-style certainty factors because a knowledge engineer can read and set
it ("two clear signs establish it, one raises a suspicion"):

- **Score.** Each indicator that holds adds its weight (1 a hint, 2 a clear
  sign, 3 a strong sign); an answer "deels" to a ja/nee question adds half.
  Evidence counts once per distinct observation: an indicator whose
  observations were all counted already for this finding (say, a signal built
  from an observation that is also an indicator itself) adds nothing.
  Context (the phase, a partner's properties, circumstances such as the number
  of parties) never raises a finding alone: it adds only to signs of the finding
  itself that make at least half of the suspicion threshold.
- **Status.** ``vastgesteld`` when the evidence for reaches the record's
  ``drempel.vastgesteld`` (default 4) and what remains after the evidence
  against still reaches ``drempel.vermoedelijk``; ``vermoedelijk`` when it
  reaches ``drempel.vermoedelijk`` (default 2); otherwise not raised. A
  ``beslissend`` indicator establishes a finding on its own, where the sources
  say one observation is enough (evidence against then lowers only its
  certainty and severity); answered "deels", it makes the finding
  ``vermoedelijk`` (partial evidence of what it would settle) unless the
  evidence against weighs as much. Evidence against never erases a risk that was
  seen: it lowers the certainty, and the severity by one step when it weighs at
  least half of the evidence for. A strength is suspected only while the
  evidence for it outweighs the evidence against (naming what goes well on
  balanced evidence would reassure falsely).
- **Dreigend.** When the finding is raised only thanks to plans or other signs
  of what is coming, it is *dreigend* (about to happen), a separate flag.
- **Certainty.** ``1 - 0.5 ** (net / drempel.vastgesteld)`` of the net score
  (for minus against): 0.5 at the threshold, 0.75 at twice it; labels hoog
  (≥ 0.7), redelijk (≥ 0.45) and laag.
- **Severity.** The record's ``ernst.basis``, one step up for each ``hoger``
  indicator that holds, one down for each ``lager`` one (and see above).
- **Per partner.** A record about partners is weighed per partner (its
  coalition-level evidence counts for each); the partners for whom it holds
  are named in one finding.
- **Across findings.** ``bevinding`` indicators read findings weighed
  earlier (records are weighed in dependency order; cycles are refused); a
  raised finding absorbs the raised findings it ``omvat`` (never a firmer one)
  and takes over their severity when that is higher; a strength is not
  reported beside a risk it excludes (``sluit_uit``) that is established, or
  raised at all when the strength is only suspected.
- **Conditions** weigh strengths against risks; see ``condition_state``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import kennisbank

from .facts import Evidence, InformantObs, Obs, Partner, PartnerObs
from .records import SEVERITIES, Indicator, Record, RecordError, load_records



class Traits:
    """What weighing reads of an indicator, worked out once per indicator object (records are
    fixed per process; the model's properties cost more than a plain attribute)."""

    __slots__ = ("indicator", "gewicht", "context", "threat", "beslissend", "deels_listed")

    def __init__(self, ind: Indicator):
        self.indicator = ind
        self.gewicht = ind.gewicht
        self.context = ind.is_context
        self.threat = ind.threatening
        self.beslissend = ind.beslissend
        self.deels_listed = "deels" in ind.is_


def _once_per_object(cache: dict, obj, make):
    """``make(obj)``, worked out once per object and kept in ``cache`` under its id (records
    and their indicators are fixed per process); the object is kept beside it and checked on
    use, since the id of an object that is gone can be reused."""
    known = cache.get(id(obj))
    if known is None or known[0] is not obj:
        known = cache[id(obj)] = (obj, make(obj))
    return known[1]


_TRAITS: dict[int, tuple] = {}  # id(indicator) -> (indicator, its Traits)


def traits(ind: Indicator) -> Traits:
    return _once_per_object(_TRAITS, ind, Traits)


@dataclass(slots=True)  # slots: made about a hundred times per diagnosis, read more often
class Contribution:
    """One indicator that held, as it counted for one finding."""

    role: str               # voor / tegen / hoger / lager
    nr: int
    indicator: Indicator
    weight: float           # after "deels" halving; 0 when its observations were counted already
    supports: tuple         # engine.Support: the rule and the facts behind it; empty for a bevinding
    partner: str
    traits: Traits | None = field(default=None, repr=False, compare=False)  # of ``indicator``

    def __post_init__(self):
        if self.traits is None:
            self.traits = traits(self.indicator)


@dataclass(slots=True)  # as Contribution
class Finding:
    """A record weighed for one partner, or for the coalition (partner "")."""

    record: Record
    partners: list[str]
    status: str
    dreigend: bool
    score_for: float
    score_against: float
    certainty: float
    severity: str
    contributions: list[Contribution] = field(default_factory=list)
    settle: list[str] = field(default_factory=list)   # observation ids that would settle it
    absorbed_by: str | None = None

    @property
    def raised(self) -> bool:
        return self.status != "niet"

    @property
    def certainty_label(self) -> str:
        return certainty_label(self.certainty)


def certainty_label(c: float) -> str:
    return "hoog" if c >= 0.7 else "redelijk" if c >= 0.45 else "laag" if c > 0 else "onbekend"


def certainty(net: float, threshold: float) -> float:
    return round(1 - 0.5 ** (max(net, 0.0) / threshold), 2) if net > 0 else 0.0


# -- evidence bookkeeping --------------------------------------------------------
class EvidenceIndex:
    """The run's evidence by record (Evidence facts of phase indicators, notes of the rest),
    each with the rules and facts behind it, and the input facts ("leaves") under those."""

    INPUT = ("Obs", "PartnerObs", "InformantObs", "Disagreement", "Partner", "CaseInfo", "Plan")

    def __init__(self, run):
        self.facts = run.facts
        self.support = run.support
        # record id -> [(evidence fact id or None, {rol, nr, partner}, [Support, ...])]
        self.by_record: dict[str, list[tuple]] = {}
        for fid, f in run.of_type(Evidence):
            ev = {"rol": f["rol"], "nr": f["nr"], "partner": f["partner"]}
            self.by_record.setdefault(f["bevinding"], []).append((fid, ev, list(self.support.get(fid, []))))
        # the notes come sorted (Run.notes): the notes of one piece of evidence (bevinding, rol, nr,
        # partner: n[:4]) stand together, in that order, so one pass groups them (no dict, no sort)
        evidence = sups = None
        for n in run.notes:
            if n[:4] != evidence:
                evidence, sups = n[:4], []
                self.by_record.setdefault(n.bevinding, []).append(
                    (None, {"rol": n.rol, "nr": n.nr, "partner": n.partner}, sups))
            sups.append(n.support)
        self._leaves: dict[int, frozenset] = {}
        # an answer combined from informants rests on what those informants said
        said = {(f["informant"], f["key"]): fid for fid, f in run.of_type(InformantObs)}
        self._said_by: dict[int, frozenset] = {}
        for fid, path in (run.origin.items() if said else ()):
            if path.startswith("informanten.") and isinstance(self.facts.get(fid), Obs):
                who, key = path[len("informanten."):].rsplit(".", 1)
                ids = frozenset(said[(w, key)] for w in who.split(",") if (w, key) in said)
                if ids:
                    self._said_by[fid] = ids

    @property
    def said_by_informants(self) -> bool:
        """Whether some answer was combined from informants (its leaves are what they said)."""
        return bool(self._said_by)

    def leaves(self, fid: int) -> frozenset:
        """The input facts a fact rests on (partners and case info excluded: they are context
        shared by many findings, not independent observations)."""
        done = self._leaves.get(fid)
        if done is not None:
            return done
        self._leaves[fid] = frozenset()  # guards against cycles
        fact = self.facts.get(fid)
        if fact is None:
            out = frozenset()
        elif type(fact).__name__ in self.INPUT:
            out = frozenset() if type(fact).__name__ in ("Partner", "CaseInfo") else \
                self._said_by.get(fid, frozenset({fid}))
        else:
            acc = set()
            for sup in self.support.get(fid, []):
                for f in sup.facts:
                    acc |= self.leaves(f)
            out = frozenset(acc)
        self._leaves[fid] = out
        return out

    def leaves_of(self, supports) -> frozenset:
        return frozenset().union(*(self.leaves(f) for s in supports for f in s.facts)) if supports else frozenset()

    def matched(self, supports) -> list:
        """The facts the rules behind this evidence matched."""
        return [self.facts[f] for s in supports for f in s.facts if f in self.facts]


def _step(c: Contribution) -> float:
    """The share of a severity step a severity indicator makes: whole when its sign was seen in
    full, in part when it was seen in part (its weight halved for 'deels' or for a finding only
    suspected)."""
    full = c.indicator.gewicht
    return min(1.0, c.weight / full) if full > 0 else 1.0


def _partial(tr: Traits, index: "EvidenceIndex", supports) -> float:
    """Half weight when the matched answer is "deels" and the indicator did not ask for it;
    with several matches (informants who said "ja" and "deels") the strongest counts."""
    if tr.deels_listed or not supports:
        return 1.0
    facts = index.facts
    for s in supports:
        for fid in s.facts:
            f = facts.get(fid)
            if f is not None and isinstance(f, (Obs, PartnerObs, InformantObs)) and f["value"] == "deels":
                break
        else:
            return 1.0  # one match that is not "deels" is enough for full weight
    return 0.5


def _topological(nodes, edges, what: str) -> list:
    """``nodes`` so that each comes after the ones ``edges(node)`` names; refuses cycles."""
    order, state = [], {}

    def visit(node, path):
        if state.get(node) == "done":
            return
        if state.get(node) == "busy":
            raise RecordError(f"cycle in {what}: " + " -> ".join(path + [node]))
        state[node] = "busy"
        for dep in sorted(set(edges(node))):
            visit(dep, path + [node])
        state[node] = "done"
        order.append(node)

    for node in sorted(nodes):
        visit(node, [])
    return order


def dependency_order(records: dict[str, Record]) -> list[Record]:
    """Records so that every record comes after the findings its indicators read; refuses
    cycles in ``bevinding`` indicators and in ``omvat`` (A absorbs B absorbs A would hide both)."""
    def reads(rid):
        deps = [ind.bevinding for _, _, ind in records[rid].indicators() if ind.kind == "bevinding"]
        missing = [d for d in deps if d not in records]
        if missing:
            raise RecordError(f"{rid}: bevinding {missing[0]} has no record")
        return deps

    _topological(records, lambda rid: [o for o in records[rid].omvat if o in records], "omvat")
    return [records[rid] for rid in _topological(records, reads, "bevinding")]


# -- weighing one record -------------------------------------------------------------
class RecordTraits:
    """What weighing reads of a record, worked out once per record object (records are fixed
    per process; as for ``Traits``, a model's attribute costs more than a plain one)."""

    __slots__ = ("record", "id", "soort", "suspected", "established", "fasen", "base_steps", "per_partner",
                 "partner_level", "roles", "reads", "against")

    def __init__(self, rec: Record):
        self.record, self.id, self.soort = rec, rec.id, rec.soort
        self.suspected, self.established = rec.drempel.vermoedelijk, rec.drempel.vastgesteld
        self.fasen = rec.fasen
        self.base_steps = SEVERITIES.index(rec.ernst.basis)
        self.per_partner = rec.per_partner
        self.partner_level = rec.partner_level()
        # the indicators by role, with their traits
        self.roles: dict[str, list[Traits]] = {role: [traits(ind) for ind in inds] for role, inds in (
            ("voor", rec.voor), ("tegen", rec.tegen), ("hoger", rec.ernst.hoger), ("lager", rec.ernst.lager))}
        # (role, nr, indicator) of its ``bevinding`` indicators, which read findings weighed before it
        self.reads = tuple((role, nr, ind) for role, nr, ind in rec.indicators() if ind.kind == "bevinding")
        self.against = bool(rec.tegen)  # whether it has indicators against


_RECORD_TRAITS: dict[int, tuple] = {}  # id(record) -> (record, its RecordTraits)


def record_traits(rec: Record) -> RecordTraits:
    return _once_per_object(_RECORD_TRAITS, rec, RecordTraits)


def _contributions(shape: RecordTraits, index: EvidenceIndex, raised: dict[str, "Finding"]):
    """Contributions per partner ("" = the coalition as a whole), and the partners the
    record's ``per_partner`` scope admits."""
    per: dict[str, list[Contribution]] = {}
    scope: set[str] = set()
    roles = shape.roles
    for _, ev, supports in index.by_record.get(shape.id, []):
        role = ev["rol"]
        if role == "scope":
            scope.add(ev["partner"])
            continue
        tr = roles[role][ev["nr"]]
        w = tr.gewicht * _partial(tr, index, supports)
        per.setdefault(ev["partner"], []).append(
            Contribution(role, ev["nr"], tr.indicator, w, tuple(supports), ev["partner"], tr))
    for role, nr, ind in shape.reads:
        other = raised.get(ind.target)
        if other is not None:
            w = ind.gewicht * (1.0 if other.status == "vastgesteld" else 0.5)
            for p in (other.partners or [""]):
                per.setdefault(p, []).append(Contribution(role, nr, ind, w, (), p))
    return per, scope


@lru_cache(maxsize=1)
def _order() -> tuple:
    return tuple(dependency_order(load_records()))


@lru_cache(maxsize=1)
def _weighable() -> tuple:
    """(record's traits, ids of the findings it reads) for every risk and strength, in dependency order."""
    return tuple((shape, tuple(ind.target for _, _, ind in shape.reads))
                 for shape in map(record_traits, _order()) if shape.soort in ("risico", "sterkte"))


def _scope_unknown(flt, partners: list) -> bool:
    """No partner is known to fit the record's scope (its ``per_partner`` filter ``flt``), but one
    might: its kind fits and the core or coordinator flag the scope asks for is unknown (unknown
    is never no)."""
    if flt is None or (flt.kern is None and flt.coordinator is None):
        return False
    for p in partners:
        if flt.type and p["type"] not in flt.type:
            continue
        if (flt.kern is not None and p["kern"] is None) or (flt.coordinator is not None and p["coordinator"] is None):
            return True
    return False


def _instances(shape: RecordTraits, per: dict[str, list], scope: set[str],
               unknown_scope: bool = False) -> dict[str, list[Contribution]]:
    coalition = per.get("", [])
    if not shape.partner_level:
        return {"": list(coalition)} if coalition else {}
    if shape.per_partner is not None:
        # nobody known to fit but someone might: weigh it for the coalition, naming no partner
        partners = scope or ({""} if unknown_scope and coalition else set())
    else:  # about partners where partner evidence exists; else about the coalition as a whole
        partners = {p for p in per if p} or ({""} if coalition else set())
    return {p: _one_per_indicator(coalition + (per.get(p, []) if p else [])) for p in sorted(partners)}


def _one_per_indicator(contribs: list[Contribution]) -> list[Contribution]:
    """An indicator counts once per instance: its matches (coalition-level and about the
    partner) are merged, the strongest weight kept."""
    merged: dict[tuple, Contribution] = {}
    for c in contribs:
        key = (c.role, c.nr)
        old = merged.get(key)
        if old is None:
            merged[key] = c
        else:
            merged[key] = Contribution(c.role, c.nr, c.indicator, max(old.weight, c.weight),
                                       tuple(dict.fromkeys(old.supports + c.supports)), old.partner or c.partner,
                                       c.traits)
    return list(merged.values())


def _count_distinct(contribs: list[Contribution], index: EvidenceIndex) -> list[Contribution]:
    """Keep each observation's weight once per side (for, against): heaviest first; an
    indicator whose input facts were all counted already on that side adds nothing. Severity
    indicators (hoger/lager) only move the severity and are left as they are."""
    out, sides = [], {"voor": [], "tegen": []}
    for c in contribs:  # one pass: severity indicators first, as they came; then each side
        if c.role in sides:
            sides[c.role].append(c)
        elif c.role in ("hoger", "lager"):
            out.append(c)
    for mine in sides.values():
        seen: set = set()
        if len(mine) < 2:  # alone on its side: nothing counted before it, its leaves are not needed
            out += mine
            continue
        mine.sort(key=_distinct_order)
        for c in mine:
            leaves = index.leaves_of(c.supports) if c.supports else \
                frozenset({("bevinding", c.indicator.bevinding)})
            if leaves and leaves <= seen:
                c = Contribution(c.role, c.nr, c.indicator, 0.0, c.supports, c.partner, c.traits)
            seen |= leaves
            out.append(c)
    return out


def _distinct_order(c: Contribution) -> tuple:
    return (-c.weight, c.traits.context, c.nr)


def weigh_instance(shape: RecordTraits, contribs: list[Contribution], index: EvidenceIndex,
                   phase: int | None, partner: str) -> Finding:
    if len(contribs) > 1:  # one contribution (most instances) or none: nothing to count twice
        contribs = _count_distinct(contribs, index)
    # one pass over the evidence for and against (sums in the same order as one sum per kind)
    score_for = score_against = substantive = present = present_signs = 0
    decisive = some_partly_decisive = some_threat = decisive_present = False
    hoger: dict[int, float] | None = None  # severity indicator -> the share of a step it makes (made when one holds)
    lager: dict[int, float] | None = None
    for c in contribs:
        role = c.role
        if role == "voor":
            w, tr = c.weight, c.traits
            score_for += w
            if not tr.context:
                substantive += w
            if not tr.threat:
                present += w
                if not tr.context:
                    present_signs += w
            elif w > 0:
                some_threat = True
            if tr.beslissend:
                if w >= tr.gewicht:
                    decisive = True
                elif 0 < w:
                    some_partly_decisive = True
                if not tr.threat:
                    decisive_present = True
        elif role == "tegen":
            score_against += c.weight
        elif role == "hoger":
            if hoger is None:
                hoger = {}
            hoger[c.nr] = max(hoger.get(c.nr, 0.0), _step(c))
        elif role == "lager":
            if lager is None:
                lager = {}
            lager[c.nr] = max(lager.get(c.nr, 0.0), _step(c))
    suspected, established = shape.suspected, shape.established
    net = score_for - score_against
    # a decisive sign seen in part ("deels") is partial evidence of what it would settle
    partly_decisive = not decisive and net > 0 and some_partly_decisive
    if (substantive < suspected / 2 and not (decisive or partly_decisive)) or substantive <= 0 \
            or (shape.fasen and (phase or 1) not in shape.fasen):
        status = "niet"
    elif decisive or (score_for >= established and net >= suspected):
        status = "vastgesteld"
    elif (score_for >= suspected and (net > 0 or shape.soort != "sterkte")) or partly_decisive:
        # a risk stays suspected whatever speaks against it (worth checking; its certainty and severity
        # drop); a strength only while what speaks for it outweighs what speaks against (to name what
        # goes well on balanced evidence would reassure falsely)
        status = "vermoedelijk"
    else:
        status = "niet"
    dreigend = status != "niet" and some_threat \
        and (present < suspected or present_signs <= 0) and not (decisive and decisive_present)
    steps = shape.base_steps
    # a sign seen in part ('deels', a suspected finding) is half a step: two such make one
    if hoger:
        steps += int(sum(hoger.values()) + 1e-9)
    if lager:
        steps -= int(sum(lager.values()) + 1e-9)
    if score_against > 0 and score_against * 2 >= score_for:
        steps -= 1
    severity = SEVERITIES[max(0, min(2, steps))]
    sure = certainty(net, established)
    if decisive and status == "vastgesteld":
        sure = max(sure, 0.5)
    return Finding(record=shape.record, partners=[partner] if partner else [], status=status, dreigend=dreigend,
                   score_for=score_for, score_against=score_against,
                   certainty=sure,
                   severity=severity, contributions=contribs)


def _settling(rec: Record, answered: set, partner: str, answers: dict, kinds: dict) -> list[str]:
    """Unanswered observations among the record's indicators, heaviest first, that can be
    asked here (``can_ask``: ``answers`` the coalition's answers, ``kinds`` partner -> kind)."""
    out = []
    for kind, key in _asked(rec):
        if kind == "obs" and key not in answered and can_ask(key, answers):
            out.append(key)
        elif kind == "partner_obs" and (partner, key) not in answered and can_ask(key, answers, kinds.get(partner)):
            out.append(key)
    return list(dict.fromkeys(out))[:2]


def can_ask(key: str, answers: dict, partner_kind: str | None = None) -> bool:
    """Whether no precondition of the question is known to fail: no answered precondition
    keeps it closed (``KnowledgeBase.precondition_met``) and, asked of a partner, the
    partner is of a kind it is for. An unanswered precondition may still open it."""
    kb = kennisbank.load()
    return kb.asked_of(key, partner_kind) and not any(
        pre.obs is not None and pre.obs in answers and not kb.precondition_met(pre, answers[pre.obs])
        for pre in kb.observaties[key].wanneer)


_ASKED: dict[int, tuple] = {}  # id(record) -> (record, its asked observations)


def _asked(rec: Record) -> tuple:
    """(kind, observation id) of a record's obs and partner_obs indicators, heaviest first
    (worked out once per record object)."""
    known = _ASKED.get(id(rec))
    if known is None or known[0] is not rec:
        known = _ASKED[id(rec)] = (rec, tuple(
            (ind.kind, ind.target) for ind in sorted(rec.voor + rec.tegen, key=lambda i: -i.gewicht)
            if ind.kind in ("obs", "partner_obs")))
    return known[1]


def _merge(instances: list[Finding]) -> Finding | None:
    """One finding naming every partner for whom it holds (the strongest instance leads)."""
    raised = [f for f in instances if f.raised]
    if not raised:
        return None
    if len(raised) == 1:  # most findings: the one instance leads, alone at its status
        lead = raised[0]
        same = raised
    else:
        lead = max(raised, key=_lead_order)
        same = [f for f in raised if f.status == lead.status]
    partners = sorted({p for f in same for p in f.partners})
    contribs = [c for f in same for c in f.contributions]
    return Finding(record=lead.record, partners=partners, status=lead.status,
                   dreigend=all(f.dreigend for f in same), score_for=lead.score_for,
                   score_against=lead.score_against, certainty=lead.certainty,
                   severity=max((f.severity for f in same), key=SEVERITIES.index),
                   contributions=contribs, settle=lead.settle)


_STATUS_RANK = {"vastgesteld": 2, "vermoedelijk": 1}


def _lead_order(f: Finding) -> tuple:
    """Which instance of a finding leads: the firmest status, then the most certain, the most severe."""
    return _STATUS_RANK[f.status], f.certainty, SEVERITIES.index(f.severity)


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class Judgement:
    """Everything the weighing concluded for one run."""

    findings: list[Finding]          # raised risks and strengths (absorbed ones marked)
    all_weighed: dict[str, list[Finding]]
    index: "EvidenceIndex"

    def conditions(self) -> dict[str, "ConditionJudgement"]:
        return judge_conditions(self.findings, self.index)


def weigh_run(run):
    """The phase verdict and the judgement of an engine run: what the diagnosis, the what-if
    and the interview planner all read."""
    from .phase import indicator_strengths, weigh
    index = EvidenceIndex(run)
    # the phase decision inside the run weighed the same evidence, without the informants behind
    # combined answers (its index has no origins): reuse it where that cannot differ
    strengths = getattr(run, "phase_strengths", None)
    if strengths is None or index.said_by_informants:
        strengths = indicator_strengths(run, index)
    verdict = weigh(strengths)
    return strengths, verdict, judge(run, verdict.nummer if verdict.bekend else None, index)


def answered_in(run) -> set:
    """What the case answered: observation ids, and (partner, observation id) pairs."""
    return {f["key"] for _, f in run.of_type(Obs)} | {(f["partner"], f["key"]) for _, f in run.of_type(PartnerObs)}


def judge(run, phase: int | None, index: EvidenceIndex | None = None) -> Judgement:
    """Weigh every risk and strength record on an engine run (see the module doc);
    ``index``: the run's EvidenceIndex when the caller has it already."""
    records = load_records()
    index = index or EvidenceIndex(run)
    answered = answered_in(run)
    raised: dict[str, Finding] = {}
    weighed: dict[str, list[Finding]] = {}
    partners = [f for _, f in run.of_type(Partner)]
    answers = {f["key"]: f["value"] for _, f in run.of_type(Obs)}
    kinds = {f["naam"]: f["type"] for f in partners}
    for shape, reads in _weighable():
        rid = shape.id
        if rid not in index.by_record and not (reads and any(target in raised for target in reads)):
            weighed[rid] = []  # no evidence at all: nothing to weigh
            continue
        per, scope = _contributions(shape, index, raised)
        instances = []
        for partner, contribs in _instances(shape, per, scope, _scope_unknown(shape.per_partner, partners)).items():
            fnd = weigh_instance(shape, contribs, index, phase, partner)
            if fnd.status == "vermoedelijk":  # what would settle a suspicion (only a raised one shows it)
                fnd.settle = _settling(shape.record, answered, partner, answers, kinds)
            instances.append(fnd)
        weighed[rid] = instances
        merged = _merge(instances)
        if merged is not None:
            raised[rid] = merged
    for rid in sorted(raised):  # a strength does not stand beside a firmer risk it excludes
        rec, mine = records[rid], raised[rid]
        if rec.soort == "sterkte" and any(
                raised.get(o) is not None and (raised[o].status == "vastgesteld" or mine.status == "vermoedelijk")
                for o in rec.sluit_uit):
            del raised[rid]
    rank = {"vastgesteld": 2, "vermoedelijk": 1}
    for rid in sorted(raised):
        for other in records[rid].omvat:  # a finding absorbs what it covers, never a firmer one
            if other in raised and raised[other].absorbed_by is None and raised[rid].absorbed_by != other \
                    and rank[raised[rid].status] >= rank[raised[other].status] \
                    and not (raised[rid].dreigend and not raised[other].dreigend):
                raised[other].absorbed_by = rid
                # the finding that absorbs carries the weight of what it covers
                raised[rid].severity = max(raised[rid].severity, raised[other].severity, key=SEVERITIES.index)
    return Judgement(findings=[raised[k] for k in sorted(raised)], all_weighed=weighed, index=index)


_ASKABLE: dict[int, tuple] = {}  # id(record) -> (record, its askable indicators)


def _askable(rec: Record) -> tuple:
    """(role, kind, observation id, weight) of a record's obs and partner_obs indicators for and
    against, in the record's order (worked out once per record object)."""
    known = _ASKABLE.get(id(rec))
    if known is None or known[0] is not rec:
        known = _ASKABLE[id(rec)] = (rec, tuple(
            (role, ind.kind, ind.target, ind.gewicht) for role, inds in (("voor", rec.voor), ("tegen", rec.tegen))
            for ind in inds if ind.kind in ("obs", "partner_obs")))
    return known[1]


@lru_cache(maxsize=1)
def _signal_signed() -> tuple:
    """(record's traits, its signal signs for it as (indicator, signal id, weight)) for every risk
    and strength with one, by id."""
    return tuple(sorted(((shape, signs) for shape, _ in _weighable()
                         if (signs := tuple((ind, ind.target, ind.gewicht) for ind in shape.record.voor
                                            if ind.kind == "signaal"))), key=lambda x: x[0].id))


def awaited_signals(judgement: "Judgement") -> tuple[dict[str, dict[str, str]], set[str]]:
    """Signals the records wait for: for every risk or strength that is not established, each
    of its signal signs not seen yet whose weight would raise it ("toevoegen") or establish it
    ("bevestigen"). A finding nothing points to yet (no evidence at all) counts only for a
    signal that would raise it on its own. Returns (signal id -> {soort:id: effect}, the
    soort:id of those findings nothing points to yet); which questions could bring a signal is
    for the rules that make it (openquestions.signal_questions)."""
    out: dict[str, dict[str, str]] = {}
    unheard: set[str] = set()
    weighed, evidence = judgement.all_weighed, judgement.index.by_record
    for shape, signs in _signal_signed():
        rid = shape.id
        tag = f"{shape.soort}:{rid}"
        instances = weighed.get(rid, ())
        if rid not in evidence and not instances:
            for _, signal, gewicht in signs:
                if gewicht >= shape.suspected:
                    out.setdefault(signal, {}).setdefault(tag, "toevoegen")
                    unheard.add(tag)
            continue
        for fnd in instances:  # none: evidence, but no partner it concerns
            if fnd.score_for <= 0:
                continue
            seen = {id(c.indicator) for c in fnd.contributions}  # counted, even if for nothing
            for ind, signal, gewicht in signs:
                effect = _raising(fnd, gewicht) if id(ind) not in seen else None
                if effect:
                    out.setdefault(signal, {}).setdefault(tag, effect)
    return out, unheard


def _raising(fnd: Finding, gewicht: float) -> str | None:
    """What one more sign for a finding, of this weight, would do: raise it ("toevoegen"),
    establish a suspicion ("bevestigen"), or nothing (None: established, or too light)."""
    if fnd.status == "vastgesteld":
        return None
    shape = record_traits(fnd.record)
    need = shape.suspected if fnd.status == "niet" else shape.established
    if fnd.score_for + gewicht < need:
        return None
    if fnd.status == "niet" and shape.soort == "sterkte" and fnd.score_for + gewicht <= fnd.score_against:
        return None  # a strength is raised only once the evidence for it outweighs the evidence against
    return "toevoegen" if fnd.status == "niet" else "bevestigen"


def open_effects(judgement: "Judgement", answered: set) -> dict[str, dict[str, str]]:
    """Questions the records make worth asking: for every risk or strength with some
    evidence, each unanswered observation among its indicators that could raise it
    ("toevoegen"), establish a suspicion ("bevestigen") or, against a raised finding,
    weaken it ("uitsluiten"). Map observation id -> {soort:id: effect}."""
    out: dict[str, dict[str, str]] = {}
    weighed = judgement.all_weighed
    for rid in sorted(rid for rid, instances in weighed.items() if instances):
        for fnd in weighed[rid]:
            rec, shape = fnd.record, record_traits(fnd.record)
            if fnd.score_for <= 0 or fnd.status == "vastgesteld" and not shape.against:
                continue
            partner = fnd.partners[0] if fnd.partners else ""
            tag = f"{shape.soort}:{rid}"
            for role, kind, key, gewicht in _askable(rec):
                if (key if kind == "obs" else (partner, key)) in answered:
                    continue
                if role == "voor":
                    effect = _raising(fnd, gewicht)
                elif fnd.status != "niet":  # against
                    effect = "uitsluiten"
                else:
                    effect = None
                if effect:
                    out.setdefault(key, {}).setdefault(tag, effect)
    return out


# -- phase records -----------------------------------------------------------------
def phase_strength(rec: Record, index: EvidenceIndex) -> float:
    """How strongly a phase-indicator record holds, 0–1 (vastgesteld 1; vermoedelijk its share
    of the threshold)."""
    if rec.id not in index.by_record:
        return 0.0
    shape = record_traits(rec)
    per, _ = _contributions(shape, index, {})
    contribs = per.get("", [])
    if not contribs:
        return 0.0
    fnd = weigh_instance(shape, contribs, index, None, "")
    if fnd.status == "vastgesteld":
        return 1.0
    if fnd.status == "vermoedelijk":
        return round(min(1.0, max(fnd.score_for - fnd.score_against, 0) / rec.drempel.vastgesteld), 2)
    return 0.0


# -- conditions ------------------------------------------------------------------------
CONDITION_STATES = ("sterk", "op_orde", "gemengd", "aandacht_nodig", "zwak", "onbekend")
_SEVERITY_WEIGHT = {"laag": 0.5, "middel": 1.0, "hoog": 2.0}


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class ConditionJudgement:
    state: str
    positive: float
    negative: float
    strengths: list[Finding]
    risks: list[Finding]


def leaves_of(finding: Finding, index: "EvidenceIndex", roles=("voor",)) -> frozenset:
    return index.leaves_of([s for c in finding.contributions if c.role in roles and c.weight > 0
                            for s in c.supports])


def judge_conditions(findings: list[Finding], index: "EvidenceIndex") -> dict[str, ConditionJudgement]:
    """Each of the five conditions from the strengths and risks that bear on it (their
    kennisbank ``conditie``); threatening risks do not count yet, and an absorbed risk
    counts only where the finding that absorbs it does not."""
    kb = kennisbank.load()
    strengths_of: dict[str, list[Finding]] = {}  # condition -> its findings, in the order of ``findings``
    risks_of: dict[str, list[Finding]] = {}
    for f in findings:
        shape = record_traits(f.record)
        if shape.soort == "sterkte":
            strengths_of.setdefault(kb.sterktes[shape.id].conditie, []).append(f)
        elif shape.soort == "risico":
            cid = kb.risicos[shape.id].conditie
            if not f.dreigend and (f.absorbed_by is None or kb.risicos[f.absorbed_by].conditie != cid):
                risks_of.setdefault(cid, []).append(f)
    out = {}
    for cid in kb.condities:
        strengths, risks = strengths_of.get(cid, []), risks_of.get(cid, [])
        pos = sum(1.0 if f.status == "vastgesteld" else 0.5 for f in strengths)
        neg = sum(_SEVERITY_WEIGHT[f.severity] * (1.0 if f.status == "vastgesteld" else 0.5) for f in risks)
        distinct = len(frozenset().union(*(leaves_of(f, index) for f in risks))) if risks else 0
        serious = any(f.status == "vastgesteld" and f.severity != "laag" for f in risks)
        out[cid] = ConditionJudgement(condition_state(pos, neg, distinct, serious), round(pos, 2), round(neg, 2),
                                      strengths, risks)
    return out


def condition_state(positive: float, negative: float, distinct_negative: int,
                    established_risk: bool = False) -> str:
    """A condition's state from the weight of strengths (positive: 1 per established
    strength, ½ per suspected one) and of risks (negative: laag ½, middel 1, hoog 2,
    halved when suspected), never "zwak" on fewer than two distinct observations:

      nothing either way                  onbekend
      only positive: ≥ 2 sterk, else     op_orde
      only negative: ≥ 3 and ≥ 2 obs zwak, else aandacht_nodig
      both: positive ≥ 2× negative        op_orde, but gemengd while a risk of
                                          severity middel or hoog is established
            negative ≥ 2× positive        aandacht_nodig (zwak from ≥ 4 and ≥ 3 obs)
            otherwise                     gemengd
    """
    if positive <= 0 and negative <= 0:
        return "onbekend"
    if negative <= 0:
        return "sterk" if positive >= 2 else "op_orde"
    if positive <= 0:
        return "zwak" if negative >= 3 and distinct_negative >= 2 else "aandacht_nodig"
    if positive >= 2 * negative:
        return "gemengd" if established_risk else "op_orde"
    if negative >= 2 * positive:
        return "zwak" if negative >= 4 and distinct_negative >= 3 else "aandacht_nodig"
    return "gemengd"
