"""Training with case scenarios: the scenario library and how a trainee's answer is scored.

A scenario (kennisbank/scenarios/*.yaml) is a narrative an adviser could have
heard, the case behind it, and an answer key (phase, key risks, first
interventions, each with a short rationale), with learning goals and a debrief
text for the trainer. The engine's diagnosis of the case is the reference; the
key marks what matters most. Tests hold every scenario's key against the engine.

Scoring by meaning (100 points):
  phase          30 when right, 15 when one phase off; the feedback gives the engine's
                 evidence and certainty, and what speaks for the phase the trainee chose
  risks          each key risk is worth an equal share of 40: the full share when picked,
                 half when the trainee picked a related finding instead (same family in
                 kennisbank/oefenen.yaml, or one absorbing the other); −5 for a finding the
                 case's observations speak against; nothing for a finding the engine also
                 finds ("ook verdedigbaar") or one the case says nothing about (then: ask)
  interventions  30 × the mean fit of the picks: 1 for a key intervention, 1 for the
                 engine's own first advice or advice that answers a key risk, ½ for other
                 advice the engine gives, 0 for what is premature or answers nothing here
"""
from __future__ import annotations

from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import kennisbank
from ..kennisbank.schema import Text, new_list

from . import reading
from .case import Case, did_you_mean
from .errors import CaseError
from .redirects import redirect

SCENARIO_DIR = kennisbank.HERE / "scenarios"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyItem(_Strict):
    id: str
    waarom: Text


class KeyPhase(_Strict):
    nummer: int = Field(ge=1, le=5)
    waarom: Text


class AnswerKey(_Strict):
    fase: KeyPhase
    risicos: list[KeyItem] = Field(min_length=1)
    interventies: list[KeyItem] = Field(min_length=1)


class Scenario(_Strict):
    titel: Text
    moeilijkheid: Literal["basis", "gevorderd", "expert"]
    bron: list[str] = Field(min_length=1, description="Wat het naverteld (bijv. bergeijk) of 'eigen' (samengesteld)")
    thema: str = Field("eenzaamheid", description="Het maatschappelijke vraagstuk van de coalitie")
    leerdoelen: list[Text] = Field(default_factory=new_list, description="Wat een deelnemer hier leert")
    nabespreking: Optional[Text] = Field(None, description="Tekst voor de trainer bij de nabespreking")
    verhaal: Text
    casus: Case
    sleutel: AnswerKey


@lru_cache(maxsize=1)
def scenarios() -> dict[str, Scenario]:
    out = {}
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        doc = reading.load_document(path, what="scenariobestand")
        try:
            out[path.stem] = Scenario.model_validate(doc.data)
        except ValidationError as exc:  # a knowledge-base bug, reported like a case error
            raise CaseError(str(path), reading.dutch_problems(exc, doc)) from None
    return out



def load_scenario_file(path) -> Scenario:
    """A scenario file given by path (a trainer's own, or one from the library), read
    through diagnose.reading: limits, line numbers and Dutch field paths."""
    doc = reading.load_document(path, what="scenariobestand")
    try:
        return Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise CaseError(doc.bron, reading.dutch_problems(exc, doc)) from None


def looks_like_scenario(data) -> bool:
    """A mapping with a story, a case and a key: a scenario rather than a case."""
    return isinstance(data, dict) and {"casus", "sleutel", "verhaal"} <= set(data)


def scenario_case(path) -> Optional[Case]:
    """The case inside a scenario file, or None when the file is no scenario (then the
    caller's own error about the file stands). A scenario with a broken case raises CaseError."""
    try:
        data = reading.load_document(path, what="scenariobestand").data
    except CaseError:
        return None
    if not looks_like_scenario(data):
        return None
    return load_scenario_file(path).casus


# -- relations between findings -----------------------------------------------------------------
class Family(_Strict):
    titel: Text
    verschil: Text
    bron: list[str] = Field(min_length=1)
    leden: list[str] = Field(min_length=2)


@lru_cache(maxsize=1)
def families() -> dict[str, Family]:
    data = kennisbank.data_file("oefenen.yaml")
    return {fid: Family.model_validate(f) for fid, f in (data.get("families") or {}).items()}


def relation(a: str, b: str) -> Optional[tuple[str, Text]]:
    """How two different findings are related, as (kind, explanation): 'omvat' when one
    absorbs the other, 'familie' when they are in one family; None when unrelated."""
    from .records import load_records
    records = load_records()
    for outer, inner in ((a, b), (b, a)):
        rec = records.get(outer)
        if rec is not None and inner in rec.omvat:
            kb = kennisbank.load()
            t_out, t_in = kb.risicos[outer].titel, kb.risicos[inner].titel
            return "omvat", Text(
                nl=f"'{t_out('nl')}' omvat '{t_in('nl')}': de diagnose noemt het bredere probleem en laat het smallere "
                   "daarin opgaan.",
                en=f"'{t_out('en')}' absorbs '{t_in('en')}': the diagnosis names the broader problem and folds the "
                   "narrower one into it.")
    for fam in families().values():
        if a in fam.leden and b in fam.leden:
            return "familie", Text(nl=f"Beide horen bij {fam.titel('nl').lower()}. {fam.verschil('nl')}",
                                   en=f"Both belong to {fam.titel('en').lower()}. {fam.verschil('en')}")
    return None


# -- scoring ------------------------------------------------------------------------------------
def _known_ids(values: list[str], kind: str, what: str) -> list[str]:
    """Ids (renamed ones redirected) that exist in the knowledge base; else one message for all."""
    known = getattr(kennisbank.load(), kind)
    out, wrong = [], []
    for v in values:
        v = redirect(kind, v)
        if v in known:
            out.append(v)
        else:
            adjective = "onbekende" if what == "interventie" else "onbekend"  # de interventie, het risico
            wrong.append(f"{adjective} {what} {v!r}.{did_you_mean(v, known)}")
    if wrong:
        raise ValueError(" ".join(wrong) + f" Zie `coalitie kennis lijst --soort {what}`.")
    return out


class TraineeAnswer(_Strict):
    fase: Optional[int] = Field(None, ge=1, le=5, strict=True)
    risicos: list[str] = Field(default_factory=new_list)
    interventies: list[str] = Field(default_factory=new_list)

    @field_validator("risicos")
    @classmethod
    def _known_risks(cls, v: list[str]) -> list[str]:
        return _known_ids(v, "risicos", "risico")

    @field_validator("interventies")
    @classmethod
    def _known_interventions(cls, v: list[str]) -> list[str]:
        return _known_ids(v, "interventies", "interventie")


def load_answers(path: str, library) -> dict[str, TraineeAnswer]:
    """A trainee's answers file ({scenario-id: {fase, risicos, interventies}}; ``-`` =
    stdin), read through diagnose.reading; every problem is a CaseError in Dutch."""
    doc = reading.load_document(path, what="antwoordbestand")
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CaseError(doc.bron, [("", "verwacht per scenario-id de fase, risicos en interventies "
                                        "(scenario: {fase: 3, risicos: [...], interventies: [...]})")])
    given, problems = {}, []
    for sid, value in data.items():
        if str(sid) not in library:
            line = doc.line((sid,))
            problems.append((str(sid), f"onbekend scenario.{did_you_mean(str(sid), library)}"
                                       + (f" (regel {line})" if line else "")))
            continue
        try:
            given[str(sid)] = TraineeAnswer.model_validate(value)
        except ValidationError as exc:
            sub = reading.Document(value, doc.bron, {k[1:]: n for k, n in doc.lines.items() if k[:1] == (sid,)})
            problems += [(f"{sid}.{veld}" if veld else str(sid), msg) for veld, msg in
                         reading.dutch_problems(exc, sub, lambda loc: list(TraineeAnswer.model_fields))]
    if problems:
        raise CaseError(doc.bron, problems)
    return given


REMARK_KINDS = ("goed", "verwant", "gemist", "ook_verdedigbaar", "niet_onderbouwd", "niet_vastgelegd",
                "iv_sleutel", "iv_advies", "iv_past_deels", "iv_te_vroeg", "iv_past_niet", "iv_sleutel_gemist")


class Remark(_Strict):
    soort: Literal["goed", "verwant", "gemist", "ook_verdedigbaar", "niet_onderbouwd", "niet_vastgelegd",
                   "iv_sleutel", "iv_advies", "iv_past_deels", "iv_te_vroeg", "iv_past_niet", "iv_sleutel_gemist"]
    id: str
    titel: str
    uitleg: str
    waarnemingen: list[str] = Field(default_factory=new_list)
    bronnen: list[str] = Field(default_factory=new_list)
    verwant_aan: Optional[str] = Field(None, description="Bij 'verwant': het sleutelrisico waar dit naast ligt")
    punten: float = Field(0, description="Wat deze keuze opleverde of kostte")


class PhaseFeedback(_Strict):
    gekozen: Optional[int]
    juist: int
    zekerheid: str
    scores: dict[str, float]
    waarom: str = Field(description="Waarom de sleutel deze fase kiest")
    aanwijzingen: list[str] = Field(description="De aanwijzingen van de engine voor de juiste fase")
    over_gekozen: str = Field("", description="Wat er voor de gekozen fase pleit en waarom die minder waarschijnlijk is")


class Score(_Strict):
    scenario: str
    fase_gekozen: Optional[int]
    fase_juist: int
    punten_fase: int
    punten_risicos: int
    punten_interventies: int
    totaal: int
    fase: PhaseFeedback
    opmerkingen: list[Remark]
    gekozen_risicos: list[str] = Field(default_factory=new_list)
    gekozen_interventies: list[str] = Field(default_factory=new_list)
    onbekend: list[str] = Field(default_factory=new_list, description="Gegeven ids die de kennisbank niet kent")


def _phase_feedback(sc: Scenario, d, chosen: Optional[int], taal: str) -> PhaseFeedback:
    kb = kennisbank.load()
    en = taal == "en"
    right = d.fase.nummer
    by_phase: dict[int, list[str]] = {}
    for a in d.fase.onderbouwing:
        for f in a.op:
            ind = kb.indicatoren.get(f.id) if f.soort == "indicator" else None
            if ind is not None:
                by_phase.setdefault(ind.fase, []).append(ind.titel(taal))
    evidence = list(dict.fromkeys(by_phase.get(right, [])))
    about = ""
    if chosen is not None and chosen != right:
        mine = list(dict.fromkeys(by_phase.get(chosen, [])))
        s_right, s_mine = d.fase.scores.get(str(right), 0), d.fase.scores.get(str(chosen), 0)
        name = kb.phase(chosen).titel(taal)
        if mine:
            about = (f"For phase {chosen} ({name}) there is evidence too: {'; '.join(mine)} (weight {s_mine:g}). "
                     f"Phase {right} weighs more ({s_right:g})." if en else
                     f"Voor fase {chosen} ({name}) is ook iets te zeggen: {'; '.join(mine)} (gewicht {s_mine:g}). "
                     f"Fase {right} weegt zwaarder ({s_right:g}).")
        else:
            about = (f"The engine found no evidence that counts for phase {chosen} ({name}). That phase is "
                     "about this: " if en else
                     f"De engine vond geen aanwijzingen die voor fase {chosen} ({name}) tellen. Die fase gaat "
                     "hierover: ") + kb.phase(chosen).uitleg(taal)
        if chosen > right:
            about += (" The coalition has not got that far yet." if en else " Zo ver is de coalitie nog niet.")
        else:
            about += (" The coalition is past that point." if en else " Dat stadium is de coalitie voorbij.")
        if d.fase.zekerheid == "laag":
            about += (" The engine itself is not sure here (certainty low): a good question to discuss." if en else
                      " De engine is hier zelf niet zeker (zekerheid laag): een goede vraag om te bespreken.")
    return PhaseFeedback(gekozen=chosen, juist=right, zekerheid=d.fase.zekerheid, scores=d.fase.scores,
                         waarom=sc.sleutel.fase.waarom(taal), aanwijzingen=evidence, over_gekozen=about)


def _observed(r) -> list[str]:
    """What was seen and heard behind a finding, without the observations that only placed the
    coalition in its phase (its age, running activities): those say nothing about this finding."""
    from .records import load_records
    records = load_records()
    signs: set[str] = set()
    todo, seen = [r.id], set()
    while todo:   # the record's own signs, and those of the signals and findings it builds on
        rec = records.get(todo.pop())
        if rec is None or rec.id in seen:
            continue
        seen.add(rec.id)
        for _, _, ind in rec.indicators():
            if ind.is_context:
                continue
            if ind.kind in ("obs", "partner_obs", "informant", "uiteenlopend"):
                signs.add(ind.target)
            elif ind.kind in ("signaal", "bevinding"):
                todo.append(ind.target)
    phase_only = {ind.target for rec in records.values() if rec.soort == "fase"
                  for _, _, ind in rec.indicators()} - signs
    return [f"{w.partner + ': ' if w.partner else ''}{w.vraag} → {w.antwoord}" for w in r.waarnemingen
            if w.id not in phase_only]


def _case_answers_for(case, risk_id: str, taal: str) -> tuple[list[str], list[str]]:
    """For a finding the engine does not raise: what the case answered about the observations
    behind it (question → answer), and the questions behind it the case leaves open."""
    from .records import load_records
    from .result import answer_text
    kb = kennisbank.load()
    rec = load_records().get(risk_id)
    if rec is None:
        return [], []
    keys = list(dict.fromkeys(ind.target for _, _, ind in rec.indicators()
                              if ind.kind in ("obs", "partner_obs", "informant", "uiteenlopend")
                              and ind.target in kb.observaties))
    answered, open_ = [], []
    for key in keys:
        q = kb.observaties[key].vraag(taal)
        values = []
        if key in case.observaties and case.observaties[key] != "onbekend":
            values.append(answer_text(key, case.observaties[key], taal))
        for p in case.partners:
            v = p.observaties.get(key)
            if v not in (None, "onbekend"):
                values.append(f"{p.naam}: {answer_text(key, v, taal)}")
        for inf in case.informanten:
            v = inf.observaties.get(key)
            if v not in (None, "onbekend"):
                values.append(f"{inf.id}: {answer_text(key, v, taal)}")
        if values:
            answered.append(f"{q} → {'; '.join(str(v) for v in values)}")
        else:
            open_.append(q)
    return answered, open_


def score(scenario_id: str, answer: TraineeAnswer, taal: str = "nl", scenario: Optional[Scenario] = None) -> Score:
    from . import diagnose

    sc = scenario or scenarios()[scenario_id]
    kb = kennisbank.load()
    en = taal == "en"
    d = diagnose(sc.casus, taal=taal)
    right_phase = d.fase.nummer or sc.sleutel.fase.nummer
    if answer.fase == right_phase:
        p_phase = 30
    elif answer.fase is not None and abs(answer.fase - right_phase) == 1:
        p_phase = 15
    else:
        p_phase = 0

    unknown = [x for x in answer.risicos if x not in kb.risicos] + \
              [x for x in answer.interventies if x not in kb.interventies]
    diagnosed = {r.id: r for r in d.risicos}
    key_risks = [k.id for k in sc.sleutel.risicos]
    why_key = {k.id: k.waarom(taal) for k in sc.sleutel.risicos}
    share = 40 / len(key_risks)
    chosen = [r for r in dict.fromkeys(answer.risicos) if r in kb.risicos]
    remarks: list[Remark] = []
    credited: dict[str, str] = {}      # key risk -> the related pick that earned half of it
    related_of: dict[str, tuple[str, Text]] = {}
    for rid in chosen:
        if rid in key_risks:
            continue
        near = [(k, rel) for k in key_risks for rel in [relation(rid, k)] if rel is not None]
        open_ = [(k, rel) for k, rel in near if k not in chosen and k not in credited]
        if open_:
            credited[open_[0][0]] = rid
            related_of[rid] = (open_[0][0], open_[0][1][1], True)
        elif near:   # a neighbour of a key risk the trainee also named: no credit, no penalty
            related_of[rid] = (near[0][0], near[0][1][1], False)
    p_risk = 0.0
    for k in key_risks:
        r = diagnosed.get(k)
        if k in chosen:
            p_risk += share
            remarks.append(Remark(soort="goed", id=k, titel=kb.risicos[k].titel(taal), uitleg=why_key[k],
                                  waarnemingen=_observed(r) if r else [], bronnen=r.bronnen if r else [],
                                  punten=round(share, 1)))
        else:
            text = why_key[k]
            if k in credited:
                text = ((f"You named it differently ('{kb.risicos[credited[k]].titel(taal)}'): half the points. "
                         if en else
                         f"Je noemde het anders ('{kb.risicos[credited[k]].titel(taal)}'): de helft van de punten. ")
                        + text)
            remarks.append(Remark(soort="gemist", id=k, titel=kb.risicos[k].titel(taal), uitleg=text,
                                  waarnemingen=_observed(r) if r else [],
                                  bronnen=r.bronnen if r else list(kb.risicos[k].bron)))
    for rid in chosen:
        if rid in key_risks:
            continue
        item = kb.risicos[rid]
        if rid in related_of:
            k, text, earns = related_of[rid]
            p_risk += share / 2 if earns else 0
            if earns:
                lead = ("You saw the problem behind a key risk and named it differently: half its points. " if en else
                        "Je zag het probleem achter een sleutelrisico en noemde het anders: de helft van de punten. ")
            else:
                lead = (f"A neighbour of '{kb.risicos[k].titel(taal)}', which you named too: no points won or lost. "
                        if en else f"Ligt naast '{kb.risicos[k].titel(taal)}', dat je ook noemde: geen punten erbij "
                                   "of eraf. ")
            if rid in diagnosed:
                lead += ("The engine finds this one too. " if en else "De engine vindt dit ook. ")
            remarks.append(Remark(soort="verwant", id=rid, titel=item.titel(taal), uitleg=lead + text(taal),
                                  waarnemingen=_observed(diagnosed[rid]) if rid in diagnosed else [],
                                  bronnen=list(item.bron), verwant_aan=k,
                                  punten=round(share / 2, 1) if earns else 0))
        elif rid in diagnosed:
            r = diagnosed[rid]
            how = {"vastgesteld": ("established", "vastgesteld"), "vermoedelijk": ("suspected", "vermoedelijk")}[r.status]
            remarks.append(Remark(
                soort="ook_verdedigbaar", id=rid, titel=r.titel,
                uitleg=(f"Also defensible: the story supports this (the engine: {how[0]}, severity "
                        f"{ {'laag': 'low', 'middel': 'medium', 'hoog': 'high'}[r.ernst]}). "
                        "The key puts other risks first; no points won or lost." if en else
                        f"Ook verdedigbaar: het verhaal ondersteunt dit (de engine: {how[1]}, ernst {r.ernst}). "
                        "De sleutel zet andere risico's voorop; geen punten erbij of eraf."),
                waarnemingen=_observed(r), bronnen=r.bronnen))
        else:
            answered, open_ = _case_answers_for(sc.casus, rid, taal)
            open_ = open_ or [q.vraag for q in d.open_vragen if any(e.bevinding == f"risico:{rid}" for e in q.effecten)]
            if answered:
                p_risk -= 5
                remarks.append(Remark(
                    soort="niet_onderbouwd", id=rid, titel=item.titel(taal), punten=-5,
                    uitleg=("The case speaks against this: what was seen and heard about it is below. "
                            "This finding is about: " if en else
                            "De casus spreekt dit tegen: wat erover gezien en gehoord is staat hieronder. "
                            "Dit risico gaat over: ") + item.uitleg(taal),
                    waarnemingen=answered[:4], bronnen=list(item.bron)))
            else:
                remarks.append(Remark(
                    soort="niet_vastgelegd", id=rid, titel=item.titel(taal),
                    uitleg=("The case says nothing about this, so it cannot be confirmed or ruled out: no points "
                            "won or lost. Ask further:" if en else
                            "De casus zegt hier niets over, dus het is niet te bevestigen of uit te sluiten: geen "
                            "punten erbij of eraf. Vraag door:"),
                    waarnemingen=open_[:3] or [("(nothing the case records; what the finding means: "
                                                 if en else "(niets wat de casus vastlegt; wat het risico inhoudt: ")
                                                + item.uitleg(taal) + ")"],
                    bronnen=list(item.bron)))
    p_risk = max(0, min(40, round(p_risk)))

    p_iv, iv_remarks = _score_interventions(sc, d, answer, right_phase, taal)
    remarks += iv_remarks
    total = p_phase + p_risk + p_iv
    return Score(scenario=scenario_id, fase_gekozen=answer.fase, fase_juist=right_phase, punten_fase=p_phase,
                 punten_risicos=p_risk, punten_interventies=p_iv, totaal=total,
                 fase=_phase_feedback(sc, d, answer.fase, taal), opmerkingen=remarks,
                 gekozen_risicos=chosen, gekozen_interventies=[i for i in dict.fromkeys(answer.interventies)
                                                                if i in kb.interventies],
                 onbekend=unknown)


def _score_interventions(sc: Scenario, d, answer: TraineeAnswer, phase: int, taal: str) -> tuple[int, list[Remark]]:
    """Each pick against the key first, then the engine's own advice; feedback on every pick."""
    from .records import load_records
    kb = kennisbank.load()
    en = taal == "en"
    key = {k.id: k.waarom(taal) for k in sc.sleutel.interventies}
    key_risks = {k.id for k in sc.sleutel.risicos}
    advised = {i.id: i for i in d.interventies}
    first = set(d.hoofdadvies.interventies)
    first_step = min((advised[i].stap for i in first if i in advised), default=1)
    present = {r.id for r in d.risicos}
    chosen = [i for i in dict.fromkeys(answer.interventies) if i in kb.interventies]
    steps = {1: ("relations and making tension discussable", "relaties en spanning bespreekbaar maken"),
             2: ("ambition and interests", "ambitie en belangen"), 3: ("organisation and process", "organisatie en proces"),
             4: ("anchoring", "verankering")}

    def answers_text(ids):
        return ", ".join(kb.risicos[r].titel(taal) if r in kb.risicos else
                         kb.signalen[r].titel(taal) if r in kb.signalen else r for r in ids)

    remarks, credits = [], []
    for iid in chosen:
        item = kb.interventies[iid]
        iv = advised.get(iid)
        if iid in key:
            credits.append(1.0)
            remarks.append(Remark(soort="iv_sleutel", id=iid, titel=item.titel(taal), uitleg=key[iid],
                                  bronnen=list(item.bron), punten=1))
            continue
        if iv is not None:
            hits_key = [r for r in iv.beantwoordt if r in key_risks]
            if iid in first or hits_key:
                credits.append(1.0)
                why = (("The engine's own first advice for this case. " if iid in first else "Advice of the engine. ")
                       if en else ("Het eigen eerste advies van de engine voor deze casus. " if iid in first
                                   else "Advies van de engine. "))
                why += (f"It answers: {answers_text(iv.beantwoordt)}." if en else
                        f"Het beantwoordt: {answers_text(iv.beantwoordt)}.")
                if hits_key:
                    why += (" That is a key risk, so it fits as a first step." if en else
                            " Dat is een sleutelrisico, dus het past als eerste stap.")
                remarks.append(Remark(soort="iv_advies", id=iid, titel=item.titel(taal), uitleg=why,
                                      bronnen=iv.bronnen, punten=1))
            elif iv.stap > first_step:
                credits.append(0.5)
                remarks.append(Remark(
                    soort="iv_te_vroeg", id=iid, titel=item.titel(taal), bronnen=iv.bronnen,
                    uitleg=(f"Fits later: it answers {answers_text(iv.beantwoordt)}, but it is step {iv.stap} "
                            f"({steps[iv.stap][0]}); first comes step {first_step} ({steps[first_step][0]})." if en else
                            f"Past later: het beantwoordt {answers_text(iv.beantwoordt)}, maar het is stap {iv.stap} "
                            f"({steps[iv.stap][1]}); eerst komt stap {first_step} ({steps[first_step][1]})."),
                    punten=0.5))
            else:
                credits.append(0.5)
                remarks.append(Remark(
                    soort="iv_past_deels", id=iid, titel=item.titel(taal), bronnen=iv.bronnen, punten=0.5,
                    uitleg=(f"Fits the diagnosis (it answers {answers_text(iv.beantwoordt)}), but not what matters "
                            "most here: half the points." if en else
                            f"Past bij de diagnose (het beantwoordt {answers_text(iv.beantwoordt)}), maar niet bij wat "
                            "hier het zwaarst weegt: de helft van de punten.")))
            continue
        credits.append(0.0)
        targets = [rec.id for rec in load_records().values() if any(ref.id == iid for ref in rec.interventies)]
        for_phase = [ref.fasen for rec in load_records().values() for ref in rec.interventies
                     if ref.id == iid and ref.fasen]
        if for_phase and not any(phase in f for f in for_phase):
            phases = sorted({p for f in for_phase for p in f})
            text = (f"Belongs to another phase ({', '.join(map(str, phases))}); this coalition is in phase {phase}."
                    if en else
                    f"Hoort bij een andere fase ({', '.join(map(str, phases))}); deze coalitie zit in fase {phase}.")
            kind = "iv_te_vroeg" if min(phases) > phase else "iv_past_niet"
        elif any(relation(t, k) for t in targets for k in key_risks if t != k):
            near = next((t, k) for t in targets for k in key_risks if t != k and relation(t, k))
            credits[-1] = 0.5
            text = (f"It answers {answers_text([near[0]])}, a neighbour of the key risk {answers_text([near[1]])}: "
                    "right direction, half the points. The key's interventions answer the key risk itself." if en else
                    f"Het beantwoordt {answers_text([near[0]])}, verwant aan het sleutelrisico "
                    f"{answers_text([near[1]])}: de goede richting, de helft van de punten. De interventies van de "
                    "sleutel beantwoorden het sleutelrisico zelf.")
            kind = "iv_past_deels"
        elif targets:
            absent = [t for t in targets if t not in present]
            ids = absent or targets
            many = len(ids) > 1
            quoted = [f"‘{answers_text([i])}’" for i in ids]  # each title quoted: a title may hold a comma
            named = (", ".join(quoted[:-1]) + (" and " if en else " en ") + quoted[-1]) if many else quoted[0]
            text = (f"It answers {named}, and this case's observations do not bring {'them' if many else 'that'} "
                    "up." if en else
                    f"Het is een antwoord op {named}, en {'die komen' if many else 'dat komt'} in de waarnemingen "
                    "van deze casus niet naar voren.")
            kind = "iv_past_niet"
        else:
            text = "Nothing in this case calls for it." if en else "Niets in deze casus vraagt erom."
            kind = "iv_past_niet"
        remarks.append(Remark(soort=kind, id=iid, titel=item.titel(taal), uitleg=text, bronnen=list(item.bron),
                              punten=credits[-1]))
    for iid, why in key.items():
        if iid not in chosen:
            remarks.append(Remark(soort="iv_sleutel_gemist", id=iid, titel=kb.interventies[iid].titel(taal),
                                  uitleg=why, bronnen=list(kb.interventies[iid].bron)))
    points = round(30 * sum(credits) / len(credits)) if credits else 0
    return points, remarks
