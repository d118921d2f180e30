"""Which question the interview asks next, and when it stops (no I/O).

The interview walks three stages, each re-read from the case after every answer
(so a resumed interview continues where it stopped):

1. **Start of a coalition that has not met** (``eerste_bijeenkomst_geweest: nee``):
   who took the initiative, for whom, why, who is invited (``nog_niet_bijeen`` in
   ``kennisbank/interview.yaml``).
2. **Screening**: one short pass that touches every area (phase, the five
   conditions, partners, money and time, tensions). Per area (``screening``) its
   questions that are not yes/no statements about the coalition (a choice, a number, a
   date, a question per partner as one grid) one by one —
   the first that apply and are still open; when the adviser does not know, or leaves
   it empty, one more (``SCREEN_RETRY``) — and then one **theme screen**: the area's own yes/no
   statements together with the other yes/no statements of the knowledge themes the
   area touches that can matter now (read by a live rule or weighed record, open,
   fitting the coalition's theme and preconditions), the area's own first and the
   most valuable next, at most ``SCREEN_MAX``. The adviser marks the statements they
   know; an unmarked statement is not an answer: it is remembered for the sitting
   (``leave``), not shown on a screen again and not written to the case.
3. **Depth**: the planner's candidates (``interview.Planner``: what live rules and
   weighed records still read), tried in order of value (a partner question as one
   candidate: its grid, worth its open cells together); a candidate is asked only
   when one of its possible answers would change what the main advice rests on: the
   phase, an established or threatening risk and its severity, an established
   strength (``signature``; for a grid: one cell's answer, or every cell answered
   alike), or when it brings such a finding within one further answer, or is the
   first of two answers that settle one not yet raised, or opens the question of such a
   sign (its precondition; ``within_reach``).
   Candidates that can change the phase or a risk (what the main advice names and
   ranks) come first; those that can only settle a strength after them
   (``without_strengths``), though such a statement may join a screen of its theme.
   Questions whose every answer leaves all that as it is follow from what is known
   and are skipped. When none of the best candidates can change anything, the
   interview stops and says so. A statement left unmarked on a screen comes back
   here once, as a single question, only when it has since come within reach of
   settling a finding (``within_reach``) and was not when it was left.

A partner question is asked as a grid: for every partner it concerns at once; the
adviser answers the cells they know and may leave a cell empty, which, like an
unmarked statement, is no answer: not written, not counted, not asked again in the
sitting (``leave``) unless it has since come within reach of settling a finding. A
single question left empty is no answer in the same way ('onbekend' is one: nobody
knows), so a later sitting, or another informant, can still answer it. A
yes/no question that can change something comes with the other yes/no questions of
its theme that can too, as one theme screen. The coalition's theme
(``thema_coalitie``) leaves out questions about loneliness itself when the
coalition works on another theme. A further informant is not asked the catalogue
again: first the questions that differ most between perspectives (``perspectief``),
then only what the adviser left open and this person's view can still change
(``Chooser.informant_step``).
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .. import kennisbank

from .case import UNKNOWN, Case, case_from_data
from .openquestions import precondition_holds, signal_questions

PLAN_FILE = Path(kennisbank.__file__).resolve().parent / "interview.yaml"
DEPTH_CANDIDATES = 20     # how many of the planner's best questions are tried for a change
SCREEN_MAX = 10           # most statements on one theme screen (about a terminal's height)
SCREEN_BAR = 0.5          # a statement joins a theme screen when worth this share of the question it joins
NEXT_TIME = 8             # questions on the next-time list
SCREEN_RETRY = 1          # an area answered 'onbekend' gets this many further questions in screening


@dataclass(frozen=True)
class Question:
    key: str
    partner: str | None = None   # for partner-level observations

    def label(self) -> str:
        return self.key if self.partner is None else f"{self.partner}: {self.key}"


@dataclass(frozen=True)
class Step:
    """What to ask next: one question, a theme screen (several yes/no statements of one
    theme) or a partner grid (one question for several partners)."""

    kind: str                      # "vraag" | "scherm" | "raster"
    questions: tuple[Question, ...]
    stage: str                     # "start" | "screening" | "verdieping" | "perspectief"
    area: str | None = None        # a screening step: the area it screens (its heading)


@functools.lru_cache(maxsize=1)
def plan_data() -> dict:
    """kennisbank/interview.yaml, checked against the catalogue."""
    data = kennisbank.data_file(PLAN_FILE.name)
    kb = kennisbank.load()
    ids = [k for area in data["screening"] for k in area["vragen"]] + list(data["nog_niet_bijeen"]) + \
        list(data["perspectief"]) + list(data["alleen_eenzaamheid"]) + list(data["ander_thema"])
    unknown = sorted({k for k in ids if k not in kb.observaties})
    if unknown:
        raise ValueError(f"{PLAN_FILE.name}: onbekende observaties {', '.join(unknown)}")
    untitled = [area["gebied"] for area in data["screening"]
                if not {"nl", "en"} <= set(area.get("titel") or {})]
    if untitled:
        raise ValueError(f"{PLAN_FILE.name}: gebied zonder titel in nl en en: {', '.join(untitled)}")
    return data


def area_title(area: str, taal: str) -> str:
    """The heading of a screening area's theme screen: the area's own title, or for an area
    made of a theme no area touches (``Chooser.areas``), that theme's title."""
    for item in plan_data()["screening"]:
        if item["gebied"] == area:
            return item["titel"]["en" if taal == "en" else "nl"]
    return kennisbank.load().themas[area].titel(taal)


THEME = "thema_coalitie"   # the coalition's theme: read by the interview, not by the rules


def read_by_interview() -> set[str]:
    """Observations the interview itself reads to choose its questions."""
    return {THEME}


def other_theme(answers: dict) -> bool:
    return answers.get(THEME) == "ander_thema"


def fits_theme(key: str, answers: dict) -> bool:
    """Whether a question makes sense for this coalition's theme."""
    return not (other_theme(answers) and key in plan_data()["alleen_eenzaamheid"])


def question_text(key: str, answers: dict, taal: str) -> str:
    """The question as asked: reworded for a coalition on another theme where needed."""
    alt = plan_data()["ander_thema"].get(key)
    if alt and other_theme(answers):
        return alt["en" if taal == "en" else "nl"]
    return kennisbank.load().observaties[key].vraag(taal)


def partners_for(case: Case, key: str) -> list[str]:
    """The partners a partner-level question concerns (its kind fits) and that have no answer yet."""
    kb = kennisbank.load()
    return [p.naam for p in case.partners if kb.asked_of(key, p.type) and key not in p.observaties]


def _open(case: Case, key: str) -> bool:
    item = kennisbank.load().observaties[key]
    answers = case.observaties
    if not precondition_holds(key, answers) or not fits_theme(key, answers):
        return False
    if item.niveau == "partner":
        return bool(partners_for(case, key))
    return key not in answers


def _open_question(case: Case, q: Question) -> bool:
    """Whether this very question (for this partner) can be asked now."""
    item = kennisbank.load().observaties[q.key]
    if (item.niveau == "partner") != (q.partner is not None):
        return False
    if q.partner is not None:
        return _open(case, q.key) and q.partner in partners_for(case, q.key)
    return _open(case, q.key)


# -- what an answer can change ---------------------------------------------------------------
def _judge(case: Case):
    """The case's phase verdict, its judgement and the run they were weighed from."""
    from .engine import get_engine
    from .reasoning import weigh_run
    run = get_engine().run_case(case)
    _, verdict, judgement = weigh_run(run)
    return verdict, judgement, run


def _signal_keys(run, judgement) -> dict[str, set[str]]:
    """Signal id -> the questions (observation ids) one answer to which could bring it about,
    for the signals the records wait for (``openquestions.signal_questions``: what the open
    questions read for a sign that a Python rule makes from the answers)."""
    from .engine import all_rules
    from .reasoning import awaited_signals
    awaited, _ = awaited_signals(judgement)
    by_signal: dict[str, set[str]] = {}
    fired = {s.rule for s in run.fired}
    for key, signals in signal_questions(all_rules(), list(run.facts.values()), fired, awaited).items():
        for signal in signals:
            by_signal.setdefault(signal, set()).add(key)
    return by_signal


def within_reach(case: Case) -> set[Question]:
    """Questions that bring a finding within one further answer of being established
    (``reach_kinds``)."""
    return set(reach_kinds(case))


def reach_kinds(case: Case) -> dict[Question, set[str]]:
    """Questions that bring a finding within one further answer of being established: a
    sign for a risk (not of low severity, or able to rise above it: a partner's motive can
    make a small risk a middling one) or a strength, not yet answered, whose weight
    with the current evidence and the heaviest other open sign reaches the threshold —
    for a suspected finding, and for one not raised yet when this sign alone would raise
    the suspicion (the first of two answers that settle it), or when it opens (as its
    precondition) a sign it settles the finding with. A sign a rule makes from answers (a
    signal, such as one-sided motives from the partners' motives grid) counts as the
    questions that can bring it (``_signal_keys``). A sign still waiting for its
    precondition brings the question that opens it (``gates``) within reach as well. A
    one-answer look-ahead (``signature``) cannot see these: a suspicion alone does not change
    the main advice. Each with the kinds of finding ("risico", "sterkte") it brings within reach."""
    verdict, judgement, run = _judge(case)
    phase = verdict.nummer if verdict.bekend else None
    answered = set(case.observaties) | {(p.naam, k) for p in case.partners for k in p.observaties}
    names = [p.naam for p in case.partners]
    by_signal = _signal_keys(run, judgement)
    kb = kennisbank.load()
    from .records import load_records
    out: dict[Question, set[str]] = {}
    for rec in load_records().values():
        if rec.soort not in ("risico", "sterkte") or (rec.soort == "risico" and rec.ernst.basis == "laag"
                                                      and not rec.ernst.hoger):
            continue  # a risk that stays of low severity is not chased
        if rec.fasen and phase is not None and phase not in rec.fasen:
            continue
        instances = judgement.all_weighed.get(rec.id, [])
        if any(f.status == "vastgesteld" for f in instances):
            continue  # settled
        suspected = [(f.score_for, f.partners or names, 0.0) for f in instances if f.status == "vermoedelijk"]
        if not suspected:  # not raised yet: a sign that raises the suspicion on its own opens it
            best = max((f.score_for for f in instances), default=0.0)
            # (a strength held back by evidence against may have its threshold's worth already: 0, not less)
            suspected = [(best, names, max(0.0, rec.drempel.vermoedelijk - best))]
        for score, scope, opening in suspected:
            signs = []  # (question, weight, context, the answers that make it a sign)
            for ind in rec.voor:
                if ind.obs and ind.obs not in answered:
                    signs.append((Question(ind.obs), ind.gewicht, ind.context, ind.is_))
                elif ind.partner_obs:
                    signs += [(Question(ind.partner_obs, n), ind.gewicht, ind.context, ind.is_) for n in scope
                              if (n, ind.partner_obs) not in answered]
                elif ind.kind == "signaal":  # a sign a rule makes from answers: the questions that can bring it
                    for key in sorted(by_signal.get(ind.target, ())):
                        if kb.observaties[key].niveau == "partner":
                            signs += [(Question(key, n), ind.gewicht, ind.context, ()) for n in scope
                                      if (n, key) not in answered]
                        elif key not in answered:
                            signs.append((Question(key), ind.gewicht, ind.context, ()))
            for q, weight, context, values in signs:
                rest = max((w for other, w, *_ in signs if other.key != q.key), default=0.0)
                if score + weight + rest < rec.drempel.vastgesteld:
                    continue
                if opening and (context or weight < opening):
                    # too light to raise the suspicion alone: only as the question that opens a sign
                    # it settles the finding with (trekker_zet_voorstel_door opens sleutelbijeenkomst_voorbereid),
                    # by the same answer that makes it a sign
                    opened = max((w for other, w, c, _ in signs if not c and q.key in gates(case, other.key)
                                  and opens(other.key, q.key, values)), default=0.0)
                    if context or weight + opened < opening or score + weight + opened < rec.drempel.vastgesteld:
                        continue
                out.setdefault(q, set()).add(rec.soort)
    # a sign not yet asked because its precondition is unanswered: the question that opens it
    # brings the finding within reach as well (juridische_structuur opens partners_vrezen_grip_verlies)
    for q, kinds in list(out.items()):
        for gate in gates(case, q.key):
            out.setdefault(Question(gate), set()).update(kinds)
    return out


def gates(case: Case, key: str) -> list[str]:
    """The unanswered coalition-level questions a question waits for (its preconditions),
    when every answered precondition holds: answering them can open it."""
    answers, kb = case.observaties, kennisbank.load()
    pres = [pre for pre in kb.observaties[key].wanneer if pre.obs is not None]
    if any(pre.obs in answers and not kb.precondition_met(pre, answers[pre.obs]) for pre in pres):
        return []
    return [pre.obs for pre in pres if pre.obs not in answers]


def opens(key: str, gate: str, values) -> bool:
    """Whether each precondition of ``key`` on ``gate`` is met by one of these answers to
    ``gate`` (a question has at most one precondition on another today; no listed answers,
    as for a number: it may)."""
    kb = kennisbank.load()
    return not values or all(any(kb.precondition_met(pre, v) for v in values)
                             for pre in kb.observaties[key].wanneer if pre.obs == gate)


def signature(case: Case) -> tuple:
    """What the main advice rests on: the phase, the risks that are established or
    threatening, while these are fewer than the main advice shows the suspicions that
    complete it (not of low severity), each with its status and severity (the main
    advice ranks by it), and the established strengths (nothing absorbed into another
    finding). A suspected strength or a suspicion the main advice has no room for does
    not change it; it goes on the next-time list instead."""
    from .result import MAIN_MIN_FINDINGS
    verdict, judgement, _ = _judge(case)
    standing = [f for f in judgement.findings if f.absorbed_by is None]
    main = [f for f in standing if f.record.soort == "risico" and (f.status == "vastgesteld" or f.dreigend)]
    room = len({f.record.id for f in main}) < MAIN_MIN_FINDINGS  # suspicions complete the main advice

    def counts(f) -> bool:
        if f.record.soort == "sterkte":
            return f.status == "vastgesteld"
        return f in main or (room and f.severity != "laag")

    return (verdict.nummer if verdict.bekend else None,
            frozenset((f.record.id, tuple(sorted(f.partners)), f.status, f.dreigend, f.severity)
                      for f in standing if counts(f)))


def every_part(sig: tuple) -> tuple:
    """A ``signature`` as it is: every part of it counts."""
    return sig


def without_strengths(sig: tuple) -> tuple:
    """A ``signature`` without its strengths: the phase and the risks, what the main advice
    names and ranks (an established strength shapes it only when nothing is wrong)."""
    from .records import load_records
    records = load_records()
    return sig[0], frozenset(f for f in sig[1] if records[f[0]].soort != "sterkte")


def possible_answers(key: str, today: dt.date) -> list[Any]:
    """A few answers that span what an adviser could say to this question."""
    item = kennisbank.load().observaties[key]
    if item.type == "janee":
        return ["ja", "nee"]
    if item.type == "keuze":
        return [o.id for o in item.opties]
    if item.type == "meerkeuze":  # each option alone, and all that can go together ticked: every
        together = [o.id for o in item.opties if not o.alleen]  # combination a rule reads at once
        return [[o.id] for o in item.opties] + ([together] if len(together) > 1 else [])
    if item.type == "getal":
        lo, hi = item.min if item.min is not None else 0, item.max if item.max is not None else 50
        return sorted({max(lo, min(hi, n)) for n in (2, 5, 10, 25)})
    return [(today - dt.timedelta(days=d)).isoformat() for d in (-120, 90, 400, 1500)]


def with_answers(case: Case, answers: dict[Question, Any]) -> Case:
    data = case.model_dump(mode="json")
    for q, value in answers.items():
        if q.partner is None:
            data["observaties"][q.key] = value
        else:
            for p in data["partners"]:
                if p["naam"] == q.partner:
                    p["observaties"][q.key] = value
    return case_from_data(data)


class Judge:
    """The ``signature`` of a case with some answers added, each set of answers judged once
    (a step tests a candidate for several parts of the signature, and as a screen's mate);
    ``whole``: the case to judge made from the answered one, e.g. an informant's view in
    the whole case."""

    def __init__(self, case: Case, whole: Callable[[Case], Case] | None = None):
        self.case, self.whole, self.memo = case, whole, {}

    def __call__(self, answers: dict[Question, Any]) -> tuple:
        key = tuple((q, tuple(v) if isinstance(v, list) else v) for q, v in answers.items())
        if key not in self.memo:
            answered = with_answers(self.case, answers)
            self.memo[key] = signature(self.whole(answered) if self.whole else answered)
        return self.memo[key]


def can_change(case: Case, q: Question, base: tuple, whole: Callable[[Case], Case] | None = None,
               part: Callable[[tuple], tuple] = every_part, judge: Judge | None = None) -> bool:
    """Whether some answer to this question changes the phase or a finding (``whole``: as
    for ``Judge``; ``part``: the part of the signature that counts, e.g.
    ``without_strengths``; ``judge``: one shared by the tests of a step)."""
    judge = judge or Judge(case, whole)
    return any(part(judge({q: value})) != part(base) for value in possible_answers(q.key, case.datum_gesprek))


def distinct_cells(case: Case, cells: list[Question]) -> list[Question]:
    """The cells of a grid that can differ in what an answer does: one per kind of partner
    with the same flags and the same answers so far (an answer for one such partner changes
    the findings when it does for another, only the partner named differs)."""
    profile = {p.naam: (p.type, p.kern, p.coordinator, tuple(sorted(map(str, p.observaties.items()))))
               for p in case.partners}
    seen, out = set(), []
    for c in cells:
        if profile.get(c.partner) not in seen:
            seen.add(profile.get(c.partner))
            out.append(c)
    return out


def grid_can_change(case: Case, cells: list[Question], base: tuple,
                    part: Callable[[tuple], tuple] = every_part, judge: Judge | None = None) -> bool:
    """Whether some answers to a grid change the phase or a finding: one cell's answer (one
    cell per distinct partner), or one answer for the grid's first cell (its most valuable)
    and one for all the others, the same or another. The same answer for every cell finds
    a signal about several partners (two core partners at odds); different answers find a
    contrast (one partner takes the floor while the others stay silent)."""
    judge = judge or Judge(case)
    if any(can_change(case, c, base, part=part, judge=judge) for c in distinct_cells(case, cells)):
        return True
    if len(cells) < 2:
        return False
    first, rest = cells[0], cells[1:]
    values = possible_answers(first.key, case.datum_gesprek)
    return any(part(judge({first: a, **{c: b for c in rest}})) != part(base) for a in values for b in values)


def _order(q: Question) -> tuple[str, str]:
    """A fixed order of questions, for ties."""
    return q.key, q.partner or ""


# -- the choice ------------------------------------------------------------------------------
def is_statement(key: str) -> bool:
    """A yes/no statement about the coalition: what a theme screen shows."""
    item = kennisbank.load().observaties[key]
    return item.type == "janee" and item.niveau == "coalitie"


class Chooser:
    """Chooses the next step for a case; ``stop_reason`` says why it returned None.

    It remembers one sitting: the theme screens shown (``screened``) and the statements
    left unmarked on them and the grid cells left empty (``left``, with whether each was
    within reach of settling a finding then). These are not answers and are never
    written to the case."""

    def __init__(self, planner, informant: bool = False, context: dict | None = None,
                 combined: Callable[[Case], Case] | None = None):
        self.planner = planner
        self.kb = kennisbank.load()
        self.informant = informant
        self.context = context or {}  # for an informant: the case's own answers
        self.combined = combined      # for an informant: their view -> the whole case with it as their answers
        self.stop_reason = ""
        self.screened: set[str] = set()            # areas whose theme screen was shown this sitting
        self.left: dict[Question, bool] = {}       # unmarked statement, empty cell or question -> was within reach when left
        self.left_singly: set[Question] = set()    # of those: the single questions left empty (not on a screen)
        self.reasked: set[Question] = set()        # unmarked statements and empty cells asked again singly

    def cells(self, case: Case, key: str, skip=frozenset()) -> list[str]:
        """The partners a partner question can still be asked for in this sitting: no
        answer yet, and the cell not left empty before (nor in ``skip``)."""
        return [n for n in partners_for(case, key) if Question(key, n) not in self.left
                and Question(key, n) not in skip]

    def _open_here(self, case: Case, key: str, skip=frozenset()) -> bool:
        """``_open``, and not left empty this sitting (for a partner question: some cell not
        left empty)."""
        if not _open(case, key):
            return False
        if self.kb.observaties[key].niveau != "partner":
            return Question(key) not in self.left
        return bool(self.cells(case, key, skip))

    def single(self, case: Case, key: str, stage: str, skip=frozenset(), area: str | None = None) -> Step:
        if self.kb.observaties[key].niveau == "partner":
            return Step("raster", tuple(Question(key, n) for n in self.cells(case, key, skip)), stage, area)
        return Step("vraag", (Question(key),), stage, area)

    def start_keys(self, case: Case, skip=frozenset()) -> list[str]:
        if case.observaties.get("eerste_bijeenkomst_geweest") != "nee":
            return []
        return [k for k in plan_data()["nog_niet_bijeen"] if self._open_here(case, k, skip)]

    def screening_keys(self, case: Case, statements: bool = True, skip=frozenset()) -> list[str]:
        """Per area, the open questions still needed to reach its quota (without
        ``statements``: only those that are not yes/no statements, asked one by one)."""
        out = []
        for area in plan_data()["screening"]:
            quota = area.get("aantal", 1)
            known = sum(1 for k in area["vragen"] if self._answered(case, k, known=True))
            asked = sum(1 for k in area["vragen"] if self._answered(case, k))
            for k in area["vragen"]:
                if known >= quota or asked >= quota + SCREEN_RETRY:
                    break
                if not statements and is_statement(k):
                    continue
                if self._open_here(case, k, skip):
                    out.append(k)
                    known += 1
                    asked += 1
        return out

    def _answered(self, case: Case, key: str, known: bool = False) -> bool:
        """Whether the question has an answer (``known``: other than 'onbekend'); a question
        left empty this sitting, or a grid some of whose cells were, was asked, though nothing
        is known."""
        if self.kb.observaties[key].niveau == "partner":
            values = [p.observaties[key] for p in case.partners if key in p.observaties]
            if not known and any(Question(key, p.naam) in self.left for p in case.partners):
                return True
        else:
            values = [case.observaties[key]] if key in case.observaties else []
            if not known and Question(key) in self.left_singly:  # (a statement left on a screen was not asked)
                return True
        return any(v not in (None, UNKNOWN) for v in values) if known else bool(values)

    def leave(self, case: Case, questions, singly: bool = False) -> None:
        """Remember statements the adviser left unmarked on a screen, and grid cells and
        (``singly``) single questions left empty (not an answer)."""
        questions = [q for q in questions if q not in self.left]
        if singly:
            self.left_singly.update(q for q in questions if q.partner is None)
        if not questions:
            return
        reach = within_reach(case)
        for q in questions:
            self.left[q] = q in reach

    def areas(self) -> list[tuple[str, list[str], list[str]]]:
        """The screening areas as (name, own questions, knowledge themes they touch); a
        theme no area touches gets an area of its own at the end."""
        out = []
        touched: set[str] = set()
        for area in plan_data()["screening"]:
            themes = list(dict.fromkeys(self.kb.observaties[k].thema for k in area["vragen"]))
            touched.update(themes)
            out.append((area["gebied"], list(area["vragen"]), themes))
        for theme in dict.fromkeys(o.thema for o in self.kb.observaties.values()):
            if theme not in touched:
                out.append((theme, [], [theme]))
        return out

    def visited(self, case: Case) -> None:
        """A sitting that goes on where an earlier one stopped: every screening area whose theme
        screen an earlier sitting showed counts as screened (a statement of it was answered), so
        that screen, with what the adviser chose to leave unmarked there, is not shown again.
        Depth still asks what can change the advice."""
        # only statements: a screen is made of them (an area's single questions come before its
        # screen, so an answer to one does not mean the screen was shown); a theme several areas
        # touch counts for the first of them in plan order, whose screen shows its statements first
        marked = [k for k, v in (case.observaties or {}).items()
                  if v not in (None, "") and k in self.kb.observaties and is_statement(k)]
        areas = self.areas()
        # an area's own statement is its own; any other statement, its theme's first area's
        by_theme: dict[str, str] = {}
        for name, _own, themes in areas:
            for theme in themes:
                by_theme.setdefault(theme, name)
        by_key = {k: name for name, own, _themes in areas for k in own}
        self.screened.update(by_key.get(k) or by_theme[self.kb.observaties[k].thema] for k in marked)

    def screen(self, case: Case, own: list[str], themes: list[str], values: dict) -> list[Question]:
        """A theme screen: the area's own open statements, then the open statements of its
        themes that can matter (the planner values them: a live rule or weighed record
        reads them, or they unlock others), most valuable first; none left unmarked."""
        def fits(key: str) -> bool:
            return is_statement(key) and _open(case, key) and Question(key) not in self.left

        first = [Question(k) for k in own if fits(k) and Question(k) in values]
        more = sorted((q for q in values if q.partner is None and q not in first and fits(q.key)
                       and self.kb.observaties[q.key].thema in themes), key=lambda q: -values[q])
        return (first + more)[:SCREEN_MAX]

    def next(self, case: Case, skip: set[Question] = frozenset()) -> Step | None:
        self.stop_reason = ""
        if self.informant:
            step = self.informant_step(case, skip)
            if step is None:
                self.stop_reason = "perspectief"
            return step
        keys = [k for k in self.start_keys(case, skip) if Question(k) not in skip]
        if keys:
            return self.single(case, keys[0], "start", skip)
        singles = set(self.screening_keys(case, statements=False, skip=skip))
        values = None
        for name, own, themes in self.areas():
            for k in own:
                if k in singles and Question(k) not in skip:
                    return self.single(case, k, "screening", skip, area=name)
            if name in self.screened:
                continue
            values = self.planner.values(case) if values is None else values
            shown = [q for q in self.screen(case, own, themes, values) if q not in skip]
            self.screened.add(name)  # shown once a sitting (or nothing on it can matter)
            if shown:
                return Step("scherm", tuple(shown), "screening", name)  # even one: it may be left unmarked
        return self.depth(case, skip)

    def informant_step(self, view: Case, skip) -> Step | None:
        """For a further informant. First the questions that differ most between
        perspectives (``perspectief``: ambition, roles, motives, the mood), each asked of
        everyone (a view parts from another's only once both are heard). Then what this
        person's view can still change: any other statement or choice about the coalition
        that the adviser's own observations leave open (where the adviser answered, that
        answer stands), asked only when, on the whole case with this view as the
        informant's answers (``combined``), one answer changes what the main advice rests
        on (a view that parts from the adviser's or another informant's is a finding of
        its own) or brings a finding within one further answer (``within_reach``). Every
        statement is put on a screen, with the others of its theme that can matter too:
        what the informant has no view on, they leave unmarked."""
        from .perspectives import combine
        whole = self.combined(view) if self.combined else None
        known = {**(combine(whole).answers if whole else self.context), **view.observaties}
        perspective = plan_data()["perspectief"]
        own = {k for k, v in self.context.items() if v not in (None, UNKNOWN)}  # the adviser's facts stand

        def fits(q: Question) -> bool:
            item = self.kb.observaties[q.key]
            return (q.partner is None and item.niveau == "coalitie"
                    and (q.key in perspective or (item.type in ("janee", "keuze") and q.key not in own))
                    and q.key not in view.observaties and q not in skip and q not in self.left
                    and precondition_holds(q.key, known) and fits_theme(q.key, known))

        first = [q for q in map(Question, perspective) if fits(q)]
        if first:  # each asked of everyone: a view only parts from another's once both are heard
            if self.kb.observaties[first[0].key].type != "janee":
                return Step("vraag", first[:1], "perspectief")
            return Step("scherm", tuple(q for q in first if self.kb.observaties[q.key].type == "janee")[:SCREEN_MAX],
                        "perspectief")
        if whole is None:
            return None
        values = self.planner.values(whole)
        reach = {q for q in within_reach(whole) if fits(q)}
        more = sorted((q for q in set(values) | reach if fits(q)), key=lambda q: (-values.get(q, 0.0), _order(q)))
        ranked = [q for q in more if q in reach] + [q for q in more if q not in reach][:DEPTH_CANDIDATES]
        base = signature(whole)

        @functools.cache  # a statement is tested once a step, as a candidate or as a mate
        def matters(q: Question) -> bool:
            return q in reach or can_change(view, q, base, self.combined)

        for q in ranked:
            if not matters(q):
                continue
            item = self.kb.observaties[q.key]
            if item.type != "janee":
                return Step("vraag", (q,), "perspectief")
            mates = [m for m in ranked if m != q and self.kb.observaties[m.key].thema == item.thema
                     and self.kb.observaties[m.key].type == "janee"]
            mates = [m for m in mates if matters(m)][:SCREEN_MAX - 1]
            return Step("scherm", (q, *mates), "perspectief")  # even one: a view they lack is left unmarked
        return None

    def depth(self, case: Case, skip: set[Question]) -> Step | None:
        values = self.planner.values(case)
        answers = case.observaties
        kinds = reach_kinds(case)
        reach = {q for q in kinds if q in values or _open_question(case, q)}
        # a statement left unmarked comes back (once, singly) only when it has come within reach since
        again = {q for q, was in self.left.items() if q in reach and not was and q not in self.reasked}
        skip = set(skip) | (set(self.left) - again)
        reach = {q for q in reach if q not in skip}
        for q in sorted(reach, key=_order):  # in a fixed order: ties keep it, whatever the hash seed
            values.setdefault(q, 0.0)
        open_ = [q for q in values if fits_theme(q.key, answers) and q not in skip]
        # a partner question is asked as one grid: one candidate (its most valuable cell stands
        # for it), worth what its open cells are worth together, within reach when one of them is
        cells: dict[str, list[Question]] = {}
        for q in sorted((q for q in open_ if q.partner is not None), key=lambda q: -values[q]):
            cells.setdefault(q.key, []).append(q)
        worth = {q: sum(values[c] for c in cells[q.key]) if q.partner else values[q] for q in open_}

        def close(within: set[Question]) -> set[Question]:
            return {q for q in open_ if q in within or (q.partner is not None and within.intersection(cells[q.key]))}

        near = close(reach)
        ranked = sorted((q for q in open_ if q.partner is None or q == cells[q.key][0]), key=lambda q: -worth[q])
        cut = set([q for q in ranked if q not in near][:DEPTH_CANDIDATES])
        ranked = [q for q in ranked if q in near or q in cut]
        if not ranked:
            self.stop_reason = "niets"
            return None
        base, judge = signature(case), Judge(case)
        # first what can change the phase or a risk (what the main advice names), then strengths
        risks_near = close({q for q in reach if "risico" in kinds[q]})
        passes = [(q, risks_near, without_strengths) for q in ranked] + [(q, near, every_part) for q in ranked]
        for q, within, part in passes:
            if q not in within and not (grid_can_change(case, cells[q.key], base, part, judge) if q.partner
                                        else can_change(case, q, base, part=part, judge=judge)):
                continue
            item = self.kb.observaties[q.key]
            if q.partner is not None:  # every cell of this question not left empty (a left one come within reach: once)
                grid = [c for c in (Question(q.key, n) for n in partners_for(case, q.key)) if c not in skip]
                self.reasked.update(c for c in grid if c in again)
                return Step("raster", tuple(grid), "verdieping")
            if q in again:
                self.reasked.add(q)
                return Step("vraag", (q,), "verdieping")
            if item.type != "janee":
                return Step("vraag", (q,), "verdieping")
            mates = [m for m in ranked if m != q and m.partner is None and self.kb.observaties[m.key].thema == item.thema
                     and self.kb.observaties[m.key].type == "janee" and m not in again
                     and values[m] >= SCREEN_BAR * values[q]]
            # a screen's mates: any statement of the theme that can change something, a strength's
            # too (left unmarked it costs nothing, and it would be asked before the stop anyway)
            mates = [m for m in mates if m in reach or can_change(case, m, base, judge=judge)][:SCREEN_MAX - 1]
            return Step("scherm" if mates else "vraag", (q, *mates), "verdieping")
        self.stop_reason = "onveranderlijk"
        return None


def next_time(diagnosis, limit: int = NEXT_TIME, case: Case | None = None) -> list[tuple[str, list[str], str]]:
    """The short list of questions for the next conversation, as (question, partners,
    what it settles): first the diagnosis's open questions (already ordered by what they
    would settle); when those are fewer than ``limit`` and ``case`` is given, the
    screening questions of areas nobody has answered yet. With little known, no single
    answer changes a finding, yet those areas are exactly what to ask about."""
    nl = diagnosis.taal != "en"
    items = [(q.vraag, list(q.partners),
              "; ".join(f"{e.titel} ({_effect(e.effect, nl)})" for e in q.effecten[:3]))
             for q in diagnosis.open_vragen[:limit]]
    if case is not None and len(items) < limit:
        taken = {q.id for q in diagnosis.open_vragen}
        chooser = Chooser(planner=None)
        for key in chooser.start_keys(case) + chooser.screening_keys(case):
            if key in taken or len(items) >= limit:
                continue
            taken.add(key)
            item = kennisbank.load().observaties[key]
            partners = partners_for(case, key) if item.niveau == "partner" else []
            items.append((question_text(key, case.observaties, "nl" if nl else "en"), partners,
                          ("verkent: " if nl else "explores: ") + kennisbank.load().themas[item.thema].titel(
                              "nl" if nl else "en")))
    return items


def next_time_text(diagnosis, taal: str = "nl", width: int = 78, case: Case | None = None) -> str:
    """The next-time list as printable text (80 columns)."""
    import textwrap
    nl = taal != "en"
    items = next_time(diagnosis, case=case)
    title = ("Vragen voor het volgende gesprek" if nl else "Questions for the next conversation") + \
        f": {diagnosis.coalitie}"
    lines = [textwrap.fill(title, width, break_on_hyphens=False), "=" * min(width, len(title))]
    if not items:
        lines.append("Geen open vragen: niets bekends kan de uitkomst nog veranderen." if nl
                     else "No open questions: nothing known can change the outcome.")
    for i, (vraag, partners, settles) in enumerate(items, 1):
        who = f" [{', '.join(partners)}]" if partners else ""
        lines.append(textwrap.fill(f"{i}. {vraag}{who}", width, subsequent_indent="   ", break_on_hyphens=False))
        if settles:
            label = "" if settles.startswith(("verkent: ", "explores: ")) else ("van belang voor: " if nl else "matters for: ")
            lines.append(textwrap.fill(label + settles, width, initial_indent="   ", subsequent_indent="   ",
                                       break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def _effect(effect: str, nl: bool) -> str:
    words = {"toevoegen": ("kan erbij komen", "may add"), "bevestigen": ("bevestigt", "confirms"),
             "uitsluiten": ("kan vervallen", "may rule out")}
    pair = words.get(effect, (effect, effect))
    return pair[0] if nl else pair[1]
