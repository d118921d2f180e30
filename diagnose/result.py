"""The diagnosis: pydantic output models, and how they are built from an engine run.

Certainty of a risk or condition follows from its evidence: the number of
distinct rules that concluded it and of distinct observations under it.

  hoog      two or more rules, or four or more observations
  redelijk  two or three observations
  laag      a single observation

Interventions are ranked by the most severe risk they answer, then by how
many findings they answer, then by id.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

import kennisbank

from . import perspectives
from .facts import (Advice, ConditionState, Disagreement, InformantObs, Obs, Partner, PartnerObs, Phase,
                    PhaseEvidence, Risk, Signal)
from .phase import weigh
from .rulekit import SEVERITY_ORDER

SCHEMA_VERSION = "1.1"  # 1.1: informants (waarnemingen.door, perspectieven)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Waarneming(_Out):
    """An observation from the case that a finding rests on."""

    id: str
    vraag: str
    antwoord: str
    partner: Optional[str] = None
    door: list[str] = Field(default_factory=list,
                            description="Wie dit zei (informanten); leeg = de waarneming van de adviseur")


class Feit(_Out):
    """A fact a rule matched: an observation, a partner, or an earlier conclusion."""

    soort: Literal["observatie", "uiteenlopend", "partner", "signaal", "indicator", "fase", "conditie", "risico",
                   "interventie"]
    id: str
    tekst: str
    partner: Optional[str] = None
    afleiding: list["Afleiding"] = Field(default_factory=list)


class Afleiding(_Out):
    """One rule that fired, its sources, and the facts it fired on."""

    regel: str
    bronnen: list[str]
    op: list[Feit]


Feit.model_rebuild()


class Fase(_Out):
    nummer: Optional[int] = Field(description="1–5, of null als er geen aanwijzingen zijn")
    naam: str
    zekerheid: Literal["hoog", "redelijk", "laag", "onbekend"]
    scores: dict[str, int] = Field(description="Gewogen aanwijzingen per fase")
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    achterstallig: list[str] = Field(description="Ids van risico's: werk uit een eerdere fase dat is blijven liggen")
    bronnen: list[str]


class Conditie(_Out):
    id: str
    titel: str
    status: Literal["sterk", "aandacht_nodig", "zwak", "onbekend"]
    zekerheid: Literal["hoog", "redelijk", "laag", "onbekend"]
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    bronnen: list[str]


class Risico(_Out):
    id: str
    titel: str
    ernst: Literal["laag", "middel", "hoog"]
    zekerheid: Literal["hoog", "redelijk", "laag"]
    uitleg: str
    partner: Optional[str] = None
    conditie: Optional[str] = None
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    bronnen: list[str]


class Interventie(_Out):
    id: str
    titel: str
    uitleg: str
    beantwoordt: list[str] = Field(description="Ids van de risico's of signalen die deze interventie beantwoordt")
    partner: Optional[str] = None
    onderbouwing: list[Afleiding]
    bronnen: list[str]


class Effect(_Out):
    bevinding: str = Field(description="soort:id van de bevinding, bijv. risico:subsidieval")
    titel: str
    effect: Literal["toevoegen", "bevestigen", "uitsluiten"]


class OpenVraag(_Out):
    id: str
    vraag: str
    hulp: str
    thema: str
    partners: list[str] = Field(default_factory=list,
                                description="Bij een vraag per partner: over welke partners hij nog openstaat")
    effecten: list[Effect]
    bronnen: list[str]


class Signaal(_Out):
    id: str
    titel: str
    partner: Optional[str] = None


class PartnerBeeld(_Out):
    """One partner with the findings and advice that concern it specifically."""

    naam: str
    type: str
    kern: bool
    coordinator: bool
    risicos: list[str] = Field(description="Ids van risico's die over deze partner gaan")
    interventies: list[str] = Field(description="Ids van interventies gericht op deze partner")


class Perspectief(_Out):
    """How the informants (and the adviser, when they answered too) answered one observation."""

    id: str
    vraag: str
    standpunten: dict[str, str] = Field(description="Wie → antwoord ('adviseur' voor de eigen waarneming)")
    uiteenlopend: bool


class Stap(_Out):
    regel: str
    feiten: list[str]


class Diagnosis(_Out):
    """The full diagnosis of one case."""

    schema_versie: str = SCHEMA_VERSION
    kennisbank_versie: str
    taal: Literal["nl", "en"]
    coalitie: str
    gemeente: str
    datum_gesprek: dt.date
    fase: Fase
    condities: list[Conditie]
    risicos: list[Risico]
    interventies: list[Interventie]
    open_vragen: list[OpenVraag]
    signalen: list[Signaal]
    partners: list[PartnerBeeld]
    perspectieven: list[Perspectief] = Field(default_factory=list,
                                             description="Per observatie de antwoorden van de informanten")
    spoor: list[Stap] = Field(description="Elke regel die vuurde, in volgorde, met de feiten waarop")


# --------------------------------------------------------------------------
_JANEE_EN = {"ja": "yes", "nee": "no", "deels": "partly"}


def answer_text(key: str, value, taal: str) -> str:
    """An answer as a person reads it: the option's label, yes/no in English."""
    item = kennisbank.load().observaties.get(key)
    if item is not None and item.opties:
        for o in item.opties:
            if o.id == value:
                return o.en if taal == "en" else o.nl
    if taal == "en" and value in _JANEE_EN:
        return _JANEE_EN[value]
    return str(value)


def _answer_text(fact, taal="nl") -> str:
    return answer_text(fact["key"], fact["value"], taal)


class Builder:
    """Turns an engine ``Run`` into a ``Diagnosis`` in one language."""

    def __init__(self, case, run, rules_by_name, taal: str):
        self.case, self.run, self.rules, self.taal = case, run, rules_by_name, taal
        self.kb = kennisbank.load()
        self.combined = perspectives.combine(case)
        self.verdict = weigh([f for f in run.facts.values() if isinstance(f, PhaseEvidence)])
        self._described: dict[tuple[int, int], Feit] = {}
        self._derived: dict[tuple, Afleiding] = {}

    # -- evidence ----------------------------------------------------------
    def views_text(self, key: str) -> str:
        views = self.combined.views.get(key, {})
        return "; ".join(f"{who}: {answer_text(key, v if not isinstance(v, list) else ', '.join(v), self.taal)}"
                         for who, v in views.items())

    def describe(self, fid: int, depth: int = 0) -> Feit:
        """A fact as evidence, with the derivations under it (memoised: trees share subtrees)."""
        key = (fid, depth)
        if key not in self._described:
            self._described[key] = self._describe(fid, depth)
        return self._described[key]

    def _describe(self, fid: int, depth: int) -> Feit:
        f = self.run.facts[fid]
        t = self.taal
        kb = self.kb
        derivations = [] if depth > 12 else [self.derivation(s, depth + 1)
                                             for s in self.run.support.get(fid, [])]
        if isinstance(f, Obs):
            q = kb.observaties[f["key"]].vraag(t)
            who = self.combined.sources.get(f["key"])
            said = f" [{', '.join(who)}]" if who else ""
            return Feit(soort="observatie", id=f["key"], tekst=f"{q} → {_answer_text(f, t)}{said}")
        if isinstance(f, InformantObs):
            q = kb.observaties[f["key"]].vraag(t)
            who = f["informant"] + (f" ({f['partner']})" if f["partner"] else "")
            return Feit(soort="observatie", id=f["key"], tekst=f"{who}: {q} → {_answer_text(f, t)}")
        if isinstance(f, Disagreement):
            q = kb.observaties[f["key"]].vraag(t)
            label = "views part" if t == "en" else "de beelden lopen uiteen"
            return Feit(soort="uiteenlopend", id=f["key"], tekst=f"{q} → {label}: {self.views_text(f['key'])}")
        if isinstance(f, PartnerObs):
            q = kb.observaties[f["key"]].vraag(t)
            return Feit(soort="observatie", id=f["key"], partner=f["partner"],
                        tekst=f"{f['partner']}: {q} → {_answer_text(f, t)}")
        if isinstance(f, Partner):
            extra = []
            if f["kern"]:
                extra.append("kern" if t == "nl" else "core")
            if f["coordinator"]:
                extra.append("coördinator" if t == "nl" else "coordinator")
            tekst = f"{f['naam']} ({kb.partnertypes[f['type']].titel(t)}{', ' if extra else ''}{', '.join(extra)})"
            return Feit(soort="partner", id=f["naam"], tekst=tekst)
        if isinstance(f, Signal):
            return Feit(soort="signaal", id=f["id"], partner=f.get("partner"),
                        tekst=kb.signalen[f["id"]].titel(t), afleiding=derivations)
        if isinstance(f, PhaseEvidence):
            ind = kb.indicatoren[f["indicator"]]
            return Feit(soort="indicator", id=f["indicator"],
                        tekst=f"{ind.titel(t)} ({'phase' if t == 'en' else 'fase'} {ind.fase}, "
                              f"{'weight' if t == 'en' else 'gewicht'} {ind.gewicht})",
                        afleiding=derivations)
        if isinstance(f, Phase):
            return Feit(soort="fase", id=str(f["nummer"]),
                        tekst=kb.phase(f["nummer"]).titel(t), afleiding=derivations)
        if isinstance(f, ConditionState):
            return Feit(soort="conditie", id=f["conditie"],
                        tekst=f"{kb.condities[f['conditie']].titel(t)}: {f['status']}",
                        afleiding=derivations)
        if isinstance(f, Risk):
            return Feit(soort="risico", id=f["id"], partner=f.get("partner"),
                        tekst=kb.risicos[f["id"]].titel(t), afleiding=derivations)
        if isinstance(f, Advice):
            return Feit(soort="interventie", id=f["id"], partner=f.get("partner"),
                        tekst=kb.interventies[f["id"]].titel(t), afleiding=derivations)
        raise TypeError(f"unexpected fact {f!r}")  # pragma: no cover

    def derivation(self, support, depth: int = 0) -> Afleiding:
        key = (support.rule, support.facts, depth)
        if key not in self._derived:
            fn = self.rules[support.rule]._wrapped
            self._derived[key] = Afleiding(regel=support.rule, bronnen=list(fn.sources),
                                           op=[self.describe(fid, depth) for fid in support.facts])
        return self._derived[key]

    def leaves(self, fids) -> list[Waarneming]:
        """The observations under these facts. The walk stops at the phase: a finding that
        depends on the phase shows the phase in its tree, not all the phase's evidence."""
        seen, out, stack = set(), [], list(fids)
        visited = set()
        while stack:
            fid = stack.pop()
            if fid in visited:
                continue
            visited.add(fid)
            f = self.run.facts[fid]
            if isinstance(f, (Obs, PartnerObs, InformantObs, Disagreement)):
                vraag = self.kb.observaties[f["key"]].vraag(self.taal)
                if isinstance(f, Disagreement):
                    label = "views part" if self.taal == "en" else "de beelden lopen uiteen"
                    w = Waarneming(id=f["key"], vraag=vraag, antwoord=f"{label}: {self.views_text(f['key'])}",
                                   door=sorted(self.combined.views.get(f["key"], {})))
                elif isinstance(f, InformantObs):
                    w = Waarneming(id=f["key"], vraag=vraag, antwoord=_answer_text(f, self.taal),
                                   door=[f["informant"]])
                else:
                    door = self.combined.sources.get(f["key"], []) if isinstance(f, Obs) else []
                    w = Waarneming(id=f["key"], vraag=vraag, antwoord=_answer_text(f, self.taal),
                                   partner=f.get("partner"), door=door)
                key = (w.id, w.partner, w.antwoord, tuple(w.door))
                if key not in seen:
                    seen.add(key)
                    out.append(w)
            if isinstance(f, Phase) and fid not in fids:
                continue
            for s in self.run.support.get(fid, []):
                stack.extend(s.facts)
        return sorted(out, key=lambda w: (w.id, w.partner or "", w.antwoord, w.door))

    def sources(self, item_sources, fids) -> list[str]:
        cited = list(item_sources)
        for fid in fids:
            for s in self.run.support.get(fid, []):
                for c in self.rules[s.rule]._wrapped.sources:
                    if c not in cited:
                        cited.append(c)
        return cited

    @staticmethod
    def certainty(n_rules: int, n_obs: int) -> str:
        if n_rules >= 2 or n_obs >= 4:
            return "hoog"
        if n_obs >= 2:
            return "redelijk"
        return "laag"

    # -- sections ----------------------------------------------------------
    def of_type(self, cls):
        return [(fid, f) for fid, f in sorted(self.run.facts.items()) if isinstance(f, cls)]

    def phase(self, risks: list[Risico]) -> Fase:
        t, kb = self.taal, self.kb
        verdict = self.verdict
        phases = self.of_type(Phase)
        if verdict is None or not phases:
            return Fase(nummer=None, naam="onbekend" if t == "nl" else "unknown", zekerheid="onbekend",
                        scores={}, onderbouwing=[], waarnemingen=[], achterstallig=[],
                        bronnen=["handreiking §1.2"])
        fid, fact = phases[0]
        item = kb.phase(fact["nummer"])
        support = [fid]
        achterstallig = [r.id for r in risks
                         if kb.risicos[r.id].uit_fase is not None and kb.risicos[r.id].uit_fase < fact["nummer"]]
        return Fase(nummer=fact["nummer"], naam=item.titel(t), zekerheid=verdict.zekerheid,
                    scores={str(k): v for k, v in verdict.scores.items()},
                    onderbouwing=[self.derivation(s) for s in self.run.support.get(fid, [])],
                    waarnemingen=self.leaves(support), achterstallig=achterstallig,
                    bronnen=self.sources(item.bron, support))

    def conditions(self) -> list[Conditie]:
        t, kb = self.taal, self.kb
        by_cond: dict[str, list[int]] = {}
        for fid, f in self.of_type(ConditionState):
            by_cond.setdefault(f["conditie"], []).append(fid)
        out = []
        for cid, item in kb.condities.items():
            fids = by_cond.get(cid, [])
            statuses = {self.run.facts[fid]["status"] for fid in fids}
            status = next((s for s in ("zwak", "aandacht_nodig", "sterk") if s in statuses), "onbekend")
            # the judgement rests on the facts with the deciding status
            deciding = [fid for fid in fids if self.run.facts[fid]["status"] == status] or fids
            n_rules = sum(len(self.run.support.get(fid, [])) for fid in deciding)
            leaves = self.leaves(deciding)
            out.append(Conditie(
                id=cid, titel=item.titel(t), status=status,
                zekerheid=self.certainty(n_rules, len(leaves)) if fids else "onbekend",
                onderbouwing=[self.derivation(s) for fid in fids for s in self.run.support.get(fid, [])],
                waarnemingen=leaves, bronnen=self.sources(item.bron, fids)))
        return out

    def risks(self) -> list[Risico]:
        t, kb = self.taal, self.kb
        grouped: dict[tuple, list[int]] = {}
        for fid, f in self.of_type(Risk):
            grouped.setdefault((f["id"], f.get("partner")), []).append(fid)
        out = []
        for (rid, partner), fids in grouped.items():
            item = kb.risicos[rid]
            ernst = max((self.run.facts[fid]["ernst"] for fid in fids), key=SEVERITY_ORDER.get)
            supports = [s for fid in fids for s in self.run.support.get(fid, [])]
            leaves = self.leaves(fids)
            out.append(Risico(
                id=rid, titel=item.titel(t), ernst=ernst,
                zekerheid=self.certainty(len({s.rule for s in supports}), len(leaves)),
                uitleg=item.uitleg(t), partner=partner, conditie=item.conditie,
                onderbouwing=[self.derivation(s) for s in supports], waarnemingen=leaves,
                bronnen=self.sources(item.bron, fids)))
        out.sort(key=lambda r: (-SEVERITY_ORDER[r.ernst],
                                {"hoog": 0, "redelijk": 1, "laag": 2}[r.zekerheid], r.id, r.partner or ""))
        return out

    def interventions(self, risks: list[Risico]) -> list[Interventie]:
        t, kb = self.taal, self.kb
        severity = {r.id: SEVERITY_ORDER[r.ernst] for r in risks}
        grouped: dict[tuple, list[int]] = {}
        for fid, f in self.of_type(Advice):
            grouped.setdefault((f["id"], f.get("partner")), []).append(fid)
        out = []
        for (iid, partner), fids in grouped.items():
            item = kb.interventies[iid]
            answers = sorted({self.run.facts[fid]["beantwoordt"] for fid in fids})
            out.append(Interventie(
                id=iid, titel=item.titel(t), uitleg=item.uitleg(t), beantwoordt=answers, partner=partner,
                onderbouwing=[self.derivation(s) for fid in fids for s in self.run.support.get(fid, [])],
                bronnen=self.sources(item.bron, fids)))
        out.sort(key=lambda i: (-max((severity.get(a, 0) for a in i.beantwoordt), default=0),
                                -len(i.beantwoordt), i.id, i.partner or ""))
        return out

    def open_questions(self) -> list[OpenVraag]:
        from . import openquestions
        t, kb = self.taal, self.kb
        facts = list(self.run.facts.values())
        fired = {s.rule for s in self.run.fired}
        answers = self.combined.answers
        phases = self.of_type(Phase)
        found = openquestions.find(self.rules, facts, fired, answers,
                                   phase=phases[0][1]["nummer"] if phases else None,
                                   phase_certain=self.verdict is not None and self.verdict.zekerheid == "hoog")
        titles = {"risico": kb.risicos, "conditie": kb.condities, "indicator": kb.indicatoren}
        weight = {"risico": 3, "conditie": 2, "indicator": 1}
        out = []
        for key, effects in found.items():
            item = kb.observaties[key]
            partners = []
            if item.niveau == "partner":
                types = [pt for pre in item.wanneer for pt in pre.partner_type]
                partners = [p.naam for p in sorted(self.case.partners, key=lambda p: p.naam)
                            if (not types or p.type in types) and p.observaties.get(key) is None]
                if not partners:
                    continue
            effs = [Effect(bevinding=tag, titel=titles[tag.split(":")[0]][tag.split(":")[1]].titel(t),
                           effect=eff) for tag, eff in effects.items()]
            out.append(OpenVraag(id=key, vraag=item.vraag(t), hulp=item.hulp(t), thema=item.thema,
                                 partners=partners, effecten=effs, bronnen=list(item.bron)))

        def rank(q: OpenVraag):
            score = sum(weight[e.bevinding.split(":")[0]] * (2 if e.effect == "toevoegen" else 1)
                        for e in q.effecten)
            return (-score, kb.themas[q.thema].volgorde, q.id)
        out.sort(key=rank)
        return out

    def signals(self) -> list[Signaal]:
        out = [Signaal(id=f["id"], titel=self.kb.signalen[f["id"]].titel(self.taal), partner=f.get("partner"))
               for _, f in self.of_type(Signal)]
        return sorted(out, key=lambda s: (s.id, s.partner or ""))

    def partner_views(self, risks, interventions) -> list[PartnerBeeld]:
        out = []
        for p in sorted(self.case.partners, key=lambda p: p.naam):
            out.append(PartnerBeeld(
                naam=p.naam, type=p.type, kern=p.kern, coordinator=p.coordinator,
                risicos=[r.id for r in risks if r.partner == p.naam],
                interventies=[i.id for i in interventions if i.partner == p.naam]))
        return out

    def perspectives(self) -> list[Perspectief]:
        out = []
        for key, views in sorted(self.combined.views.items()):
            out.append(Perspectief(
                id=key, vraag=self.kb.observaties[key].vraag(self.taal),
                standpunten={who: answer_text(key, v if not isinstance(v, list) else ", ".join(v), self.taal)
                             for who, v in views.items()},
                uiteenlopend=key in self.combined.disagreements))
        return out

    def trace(self) -> list[Stap]:
        def label(fid):
            f = self.run.facts.get(fid)
            if f is None:
                return f"f-{fid}"
            return type(f).__name__ + "(" + ", ".join(f"{k}={v!r}" for k, v in f.as_dict().items()) + ")"
        return [Stap(regel=s.rule, feiten=[label(fid) for fid in s.facts]) for s in self.run.fired]

    def build(self) -> Diagnosis:
        risks = self.risks()
        interventions = self.interventions(risks)
        return Diagnosis(
            kennisbank_versie=self.kb.versie, taal=self.taal, coalitie=self.case.coalitie,
            gemeente=self.case.gemeente, datum_gesprek=self.case.datum_gesprek,
            fase=self.phase(risks), condities=self.conditions(), risicos=risks,
            interventies=interventions, open_vragen=self.open_questions(),
            signalen=self.signals(), partners=self.partner_views(risks, interventions),
            perspectieven=self.perspectives(), spoor=self.trace())
