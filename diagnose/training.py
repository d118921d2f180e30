"""Training with case scenarios: the scenario library and how a trainee's answer is scored.

A scenario (kennisbank/scenarios/*.yaml) is a narrative an adviser could have
heard, the case behind it, and an answer key (phase, key risks, first
interventions, each with a short rationale). The engine's diagnosis of the
case is the reference a trainee is scored against; the answer key marks what
matters most. Tests hold every scenario's key against the engine.

Scoring (100 points):
  phase          30 when right, 15 when one phase off
  risks          40 × (share of key risks seen) − 5 per risk the evidence does not support,
                 plus up to 10 for other risks the engine finds (never above 40)
  interventions  30 × (share of chosen interventions that fit the diagnosis),
                 0 when none of the key's first interventions is among them
"""
from __future__ import annotations

from functools import lru_cache
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

import kennisbank
from kennisbank.schema import Text

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
            wrong.append(f"onbekend {what} {v!r}.{did_you_mean(v, known)}")
    if wrong:
        raise ValueError(" ".join(wrong) + f" Zie `coalitie kennis lijst --soort {what}`.")
    return out


class TraineeAnswer(_Strict):
    fase: Optional[int] = Field(None, ge=1, le=5, strict=True)
    risicos: list[str] = Field(default_factory=list)
    interventies: list[str] = Field(default_factory=list)

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


class Remark(_Strict):
    soort: Literal["gemist", "niet_onderbouwd", "goed", "extra_gezien"]
    id: str
    titel: str
    uitleg: str
    waarnemingen: list[str] = Field(default_factory=list)
    bronnen: list[str] = Field(default_factory=list)


class Score(_Strict):
    scenario: str
    fase_gekozen: Optional[int]
    fase_juist: int
    punten_fase: int
    punten_risicos: int
    punten_interventies: int
    totaal: int
    opmerkingen: list[Remark]


def score(scenario_id: str, answer: TraineeAnswer, taal: str = "nl") -> Score:
    from . import diagnose
    from .catalog import rule_doc

    sc = scenarios()[scenario_id]
    kb = kennisbank.load()
    d = diagnose(sc.casus, taal=taal)
    right_phase = d.fase.nummer or sc.sleutel.fase.nummer
    if answer.fase == right_phase:
        p_phase = 30
    elif answer.fase is not None and abs(answer.fase - right_phase) == 1:
        p_phase = 15
    else:
        p_phase = 0

    diagnosed = {r.id: r for r in d.risicos}
    key_risks = [k.id for k in sc.sleutel.risicos]
    chosen = list(dict.fromkeys(answer.risicos))
    seen_key = [r for r in key_risks if r in chosen]
    unsupported = [r for r in chosen if r not in diagnosed]
    seen_other = [r for r in chosen if r in diagnosed and r not in key_risks]
    others = [r for r in diagnosed if r not in key_risks]
    p_risk = 40 * len(seen_key) / len(key_risks)
    if others:
        p_risk += 10 * len(seen_other) / len(others)
    p_risk = max(0, min(40, round(p_risk - 5 * len(unsupported))))

    fitting = {i.id for i in d.interventies}
    key_ivs = {k.id for k in sc.sleutel.interventies}
    chosen_iv = list(dict.fromkeys(answer.interventies))
    if chosen_iv and key_ivs & set(chosen_iv):
        p_iv = round(30 * sum(1 for i in chosen_iv if i in fitting) / len(chosen_iv))
    else:
        p_iv = 0

    remarks: list[Remark] = []
    why_key = {k.id: k.waarom(taal) for k in sc.sleutel.risicos}
    for rid in key_risks:
        r = diagnosed.get(rid)
        obs = [f"{w.partner + ': ' if w.partner else ''}{w.vraag} → {w.antwoord}" for w in r.waarnemingen] if r else []
        remarks.append(Remark(soort="goed" if rid in chosen else "gemist", id=rid, titel=kb.risicos[rid].titel(taal),
                              uitleg=why_key[rid], waarnemingen=obs,
                              bronnen=r.bronnen if r else list(kb.risicos[rid].bron)))
    for rid in seen_other:
        r = diagnosed[rid]
        remarks.append(Remark(soort="extra_gezien", id=rid, titel=r.titel, uitleg=r.uitleg,
                              waarnemingen=[w.vraag + " → " + w.antwoord for w in r.waarnemingen], bronnen=r.bronnen))
    for rid in unsupported:
        item = kb.risicos.get(rid)
        if item is None:
            continue
        doc = rule_doc(rid)  # the finding's knowledge record: what it would take
        needs = [f"{doc['uitleg']} ({'; '.join(doc['bronnen'])})"] if doc else []
        text = ("In this case the observations do not support this. It would need: " if taal == "en"
                else "De waarnemingen in deze casus ondersteunen dit niet. Daarvoor zou nodig zijn: ")
        remarks.append(Remark(soort="niet_onderbouwd", id=rid, titel=item.titel(taal),
                              uitleg=text + " / ".join(needs[:3]), bronnen=list(item.bron)))
    total = p_phase + p_risk + p_iv
    return Score(scenario=scenario_id, fase_gekozen=answer.fase, fase_juist=right_phase, punten_fase=p_phase,
                 punten_risicos=p_risk, punten_interventies=p_iv, totaal=total, opmerkingen=remarks)
