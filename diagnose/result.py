"""The diagnosis: pydantic output models, and how they are built from an engine run.

Findings come from the weighing in diagnose/reasoning.py (status, certainty,
severity, dreigend, absorption, conditions). The result model also selects and
orders the main advice (``hoofdadvies``), so every renderer shows the same
judgement: at most six findings (established or threatening, most severe and
most certain first; the strongest suspicions complete a list of fewer than
three) and at most five interventions for them, each main finding answered
first, in the order an adviser works (process step 1 relations and discussability, 2 ambition and
interests, 3 organisation and process, 4 anchoring), one per group of
alternatives. Everything else stays in the lists, nothing is hidden.
"""
# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic
# would otherwise compile every field's annotation from text at each start (tests/test_startup.py).

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .. import kennisbank
from ..kennisbank import stellingen
from ..kennisbank.schema import new_dict, new_list

from . import perspectives
from ._experta import unfreeze
from .facts import Advice, Disagreement, InformantObs, Obs, Partner, PartnerObs, Phase, PhaseEvidence, Signal
from . import reasoning
from .facts import CaseInfo, Evidence, Plan
from .records import load_records
from .rulekit import SEVERITY_ORDER

SCHEMA_VERSION = "2.1"  # 2.0: weighed findings (status, dreigend, tegen), strengths, main advice; 2.1: termijn(en)
MAIN_FINDINGS, MAIN_INTERVENTIONS, MAIN_MIN_FINDINGS = 6, 5, 3
# A main finding whose evidence holds a date this close (an end date, a plan) puts its remedy
# first: it has to happen before then, and anchoring and new money take time (handreiking
# §1.2.5 and §1.3: begin on time). Within a year is where the knowledge records count a
# coming end or plan as present rather than only threatening.
DUE_SOON_DAYS = 365


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Waarneming(_Out):
    """An observation from the case that a finding rests on."""

    id: str
    vraag: str
    antwoord: str
    stelling: str = Field(description="De waarneming als bewering (kennisbank/stellingen.yaml), zoals het rapport "
                                      "haar toont")
    partner: Optional[str] = None
    door: list[str] = Field(default_factory=new_list,
                            description="Wie dit zei (informanten); leeg = de waarneming van de adviseur")


class Feit(_Out):
    """A fact a rule matched: an observation, a partner, or an earlier conclusion."""

    soort: Literal["observatie", "uiteenlopend", "partner", "signaal", "indicator", "fase", "conditie", "risico",
                   "interventie", "bewijs", "plan", "partnerlijst"]
    id: str
    tekst: str
    partner: Optional[str] = None
    afleiding: list["Afleiding"] = Field(default_factory=new_list)


class Afleiding(_Out):
    """One rule that fired, its sources, and the facts it fired on."""

    regel: str
    bronnen: list[str]
    op: list[Feit]


Feit.model_rebuild()


class Fase(_Out):
    nummer: int = Field(ge=1, le=5, description="1–5; zonder enige aanwijzing 1 met zekerheid onbekend")
    naam: str
    zekerheid: Literal["hoog", "redelijk", "laag", "onbekend"]
    overgang_naar: Optional[int] = Field(None, ge=1, le=5,
                                         description="In overgang naar deze fase (de buurfase scoort ook)")
    toelichting: str = Field("", description="Waarom deze fase, of waarom onbekend")
    scores: dict[str, float] = Field(description="Gewogen aanwijzingen per fase")
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    achterstallig: list[str] = Field(description="Ids van risico's: werk uit een eerdere fase dat is blijven liggen")
    bronnen: list[str]


class Conditie(_Out):
    id: str
    titel: str
    status: Literal["sterk", "op_orde", "gemengd", "aandacht_nodig", "zwak", "onbekend"]
    voor: float = Field(0, description="Gewicht van de sterktes voor deze conditie")
    tegen: float = Field(0, description="Gewicht van de risico's tegen deze conditie")
    zekerheid: Literal["hoog", "redelijk", "laag", "onbekend"]
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    bronnen: list[str]


class Risico(_Out):
    id: str
    code: Optional[str] = Field(None, description="Stabiele code van het kennisrecord, bijv. PAR001")
    titel: str
    status: Literal["vastgesteld", "vermoedelijk"] = "vastgesteld"
    dreigend: bool = Field(False, description="Nog niet gebeurd, maar op komst (plannen, data)")
    ernst: Literal["laag", "middel", "hoog"]
    zekerheid: Literal["hoog", "redelijk", "laag"]
    zekerheid_getal: float = Field(0.5, ge=0, le=1)
    uitleg: str
    partner: Optional[str] = Field(None, description="De partner, als het om één partner gaat")
    partners: list[str] = Field(default_factory=new_list, description="Alle partners waarvoor het geldt")
    conditie: Optional[str] = None
    opgenomen_in: Optional[str] = Field(None, description="Id van de bevinding die deze omvat")
    vraag: list[str] = Field(default_factory=new_list, description="Observaties die een vermoeden zouden beslechten")
    onderbouwing: list[Afleiding]
    waarnemingen: list[Waarneming]
    tegen: list[Waarneming] = Field(default_factory=new_list, description="Waarnemingen die ertegen pleiten")
    termijn: Optional[dt.date] = Field(None, description="Vroegste komende datum in het bewijs (een einddatum, "
                                                         "een plan): wat eraan te doen is, moet daarvóór")
    bronnen: list[str]


class Sterkte(_Out):
    """Something that goes well, with its evidence and the advice to hold on to it."""

    id: str
    code: Optional[str] = None
    titel: str
    status: Literal["vastgesteld", "vermoedelijk"]
    zekerheid: Literal["hoog", "redelijk", "laag"]
    uitleg: str
    conditie: Optional[str] = None
    partners: list[str] = Field(default_factory=new_list)
    waarnemingen: list[Waarneming]
    interventies: list[str] = Field(default_factory=new_list, description="Advies om dit vast te houden")
    bronnen: list[str]


class Hoofdadvies(_Out):
    """The judgement in short, selected and ordered by the result model."""

    bevindingen: list[str] = Field(description="Ids van de belangrijkste risico's: vastgesteld of dreigend, "
                                               "en vermoedens van hoge ernst, in de volgorde van gewicht; "
                                               "aangevuld met de sterkste vermoedens tot drie")
    interventies: list[str] = Field(description="Ids van de interventies, in de volgorde van werken; zonder "
                                               "risico's: wat helpt vasthouden wat goed gaat. Wat vóór een "
                                               "nabije datum moet (zie termijnen) staat vooraan")
    termijnen: dict[str, dt.date] = Field(default_factory=new_dict, description=(
        "Interventies die een hoofdbevinding beantwoorden met een datum binnen een jaar "
        "(de termijn van die bevinding): id → datum waarvóór"))


class Interventie(_Out):
    id: str
    titel: str
    stap: int = Field(3, ge=1, le=4, description="1 relaties en bespreekbaarheid, 2 ambitie en belangen, "
                                                 "3 organisatie en proces, 4 verankering")
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
    partners: list[str] = Field(default_factory=new_list,
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
    kern: Optional[bool] = Field(description="null: onbekend")
    coordinator: Optional[bool] = Field(description="null: onbekend")
    kring: Literal["kern", "actief", "af_en_toe", "op_afstand", "onbekend"] = Field(
        description="Cirkel van betrokkenheid (handreiking §3.2.5): kern uit de partnerlijst, anders uit "
                    "betrokkenheid of inbreng_in_overleg")
    risicos: list[str] = Field(description="Ids van risico's die over deze partner gaan")
    interventies: list[str] = Field(description="Ids van interventies gericht op deze partner")


class Perspectief(_Out):
    """How the informants (and the adviser, when they answered too) answered one observation."""

    id: str
    vraag: str
    standpunten: dict[str, str] = Field(description="Wie → antwoord ('adviseur' voor de eigen waarneming)")
    stellingen: dict[str, str] = Field(default_factory=new_dict, description="Wie → het antwoord als bewering")
    uiteenlopend: bool


class Stap(_Out):
    regel: str
    feiten: list[str]


def _version_required(schema: dict) -> None:
    """Every diagnosis carries its schema version: required in the JSON Schema too."""
    schema["required"] = ["schema_versie"] + [f for f in schema.get("required", []) if f != "schema_versie"]


class Diagnosis(_Out):
    """The full diagnosis of one case."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_version_required)

    schema_versie: str = SCHEMA_VERSION
    kennisbank_versie: str
    taal: Literal["nl", "en"]
    coalitie: str
    gemeente: str
    datum_gesprek: dt.date
    fase: Fase
    hoofdadvies: Hoofdadvies
    condities: list[Conditie]
    sterktes: list[Sterkte] = Field(default_factory=new_list)
    risicos: list[Risico]
    interventies: list[Interventie]
    open_vragen: list[OpenVraag]
    signalen: list[Signaal]
    partners: list[PartnerBeeld]
    perspectieven: list[Perspectief] = Field(default_factory=new_list,
                                             description="Per observatie de antwoorden van de informanten")
    spoor: list[Stap] = Field(description="Elke regel die vuurde, in volgorde, met de feiten waarop")



def _from_dict(model):
    """``model(**fields)`` as a function of the dict ``fields``: the same validation (pydantic-core's),
    without ``BaseModel.__init__`` around it (a Python frame, and the keywords packed into a dict
    that pydantic-core parses again), which is a quarter to a third of the work of these small
    models, made about 150 times per diagnosis (instructions measured with pydantic 2.14)."""
    return model.__pydantic_validator__.validate_python


new_waarneming, new_feit, new_afleiding, new_effect, new_open_vraag = map(
    _from_dict, (Waarneming, Feit, Afleiding, Effect, OpenVraag))
new_risico, new_sterkte, new_conditie, new_interventie, new_signaal, new_partner_beeld = map(
    _from_dict, (Risico, Sterkte, Conditie, Interventie, Signaal, PartnerBeeld))

# --------------------------------------------------------------------------
_JANEE_EN = {"ja": "yes", "nee": "no", "deels": "partly", "onbekend": "unknown"}


def answer_text(key: str, value, taal: str) -> str:
    """An answer as a person reads it: the option's label, yes/no in English; a choice of
    several as its labels in a row."""
    if isinstance(value, (list, tuple)):
        return ", ".join(answer_text(key, v, taal) for v in value)
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


def _facts_of(supports) -> list[int]:
    return list(dict.fromkeys(fid for s in supports for fid in s.facts))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _fact_label(f) -> str:
    """``Name(key='value', ...)``: the fact's own fields as experta's ``as_dict()`` gives them,
    without calling its ``unfreeze`` (a generic function) on plain values it returns as they are."""
    parts = []
    for k, v in f.items():
        if isinstance(k, str) and k.startswith("__") and k.endswith("__"):
            continue  # experta's special keys (__factid__, ...)
        parts.append(f"{k}={(v if type(v) in _PLAIN else unfreeze(v))!r}")
    return type(f).__name__ + "(" + ", ".join(parts) + ")"


_EFFECT_WEIGHT = {"risico": 3, "sterkte": 2, "conditie": 2, "indicator": 1}


UNHEARD_SHARE = 0.5  # a finding nothing points to yet: its question weighs half


def question_worth(effects: list[Effect], unheard: set[str] = frozenset()) -> float:
    """What an open question could change, to order the open questions: per finding a risk 3, a
    strength or condition 2, a phase sign 1; twice that to raise it. Of the findings nothing
    points to yet (``unheard``: reasoning.awaited_signals) only the weightiest counts, at half:
    one answer brings at most one of the patterns they wait for."""
    return _worth(((e.bevinding, e.effect) for e in effects), unheard)


def _worth(effects, unheard: set[str]) -> float:
    """``question_worth`` of (finding tag, effect) pairs."""
    lead = weightiest_unheard = 0  # one pass (it orders every open question of every diagnosis)
    for tag, effect in effects:
        worth = _EFFECT_WEIGHT[tag.partition(":")[0]] * (2 if effect == "toevoegen" else 1)
        if tag in unheard:
            weightiest_unheard = max(weightiest_unheard, worth)
        else:
            lead += worth
    return lead + UNHEARD_SHARE * weightiest_unheard


def _phase_sign(kb, indicator_id: str, t: str, derivations: list) -> Feit:
    """A phase indicator as a fact of the derivation: its title, phase and weight."""
    ind = kb.indicatoren[indicator_id]
    return new_feit({"soort": "indicator", "id": indicator_id, "afleiding": derivations,
                     "tekst": f"{ind.titel(t)} ({'phase' if t == 'en' else 'fase'} {ind.fase}, "
                              f"{'weight' if t == 'en' else 'gewicht'} {ind.gewicht})"})


def _first(pair):
    return pair[0]


class Builder:
    """Turns an engine ``Run`` into a ``Diagnosis`` in one language."""

    def __init__(self, case, run, rules_by_name, taal: str):
        self.case, self.run, self.rules, self.taal = case, run, rules_by_name, taal
        self.kb = kennisbank.load()
        self.combined = run.combined if run.combined is not None else perspectives.combine(case)
        self.phase_inputs, self.verdict, self.judgement = reasoning.weigh_run(run)
        self._described: dict[tuple[int, int], Feit] = {}
        self._derived: dict[tuple, Afleiding] = {}
        self._observed: dict[int, Waarneming] = {}

    # -- evidence ----------------------------------------------------------
    def views_text(self, key: str) -> str:
        views = self.combined.views.get(key, {})
        return "; ".join(f"{who}: {answer_text(key, v, self.taal)}" for who, v in views.items())

    def statement(self, key: str, value, partner: str | None = None) -> str:
        """An answer as the statement the knowledge base writes for it."""
        shown = value.isoformat() if isinstance(value, dt.date) else None
        return stellingen.statement(key, value, self.taal, partner=partner, value_text=shown)

    def views_statement(self, key: str) -> str:
        """Where informants part: each one's answer as a statement, named."""
        views = self.combined.views.get(key, {})
        return stellingen.views_part(self.taal) + ": " + "; ".join(
            f"{who}: {self.statement(key, v)}" for who, v in views.items())

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
            return new_feit({"soort": "observatie", "id": f["key"], "tekst": f"{q} → {_answer_text(f, t)}{said}"})
        if isinstance(f, InformantObs):
            q = kb.observaties[f["key"]].vraag(t)
            who = f["informant"] + (f" ({f['partner']})" if f["partner"] else "")
            return new_feit({"soort": "observatie", "id": f["key"], "tekst": f"{who}: {q} → {_answer_text(f, t)}"})
        if isinstance(f, Disagreement):
            q = kb.observaties[f["key"]].vraag(t)
            label = "views part" if t == "en" else "de beelden lopen uiteen"
            return new_feit({"soort": "uiteenlopend", "id": f["key"],
                             "tekst": f"{q} → {label}: {self.views_text(f['key'])}"})
        if isinstance(f, PartnerObs):
            q = kb.observaties[f["key"]].vraag(t)
            return new_feit({"soort": "observatie", "id": f["key"], "partner": f["partner"],
                             "tekst": f"{f['partner']}: {q} → {_answer_text(f, t)}"})
        if isinstance(f, Partner):
            extra = []
            if f["kern"]:
                extra.append("kern" if t == "nl" else "core")
            if f["coordinator"]:
                extra.append("coördinator" if t == "nl" else "coordinator")
            tekst = f"{f['naam']} ({kb.partnertypes[f['type']].titel(t)}{', ' if extra else ''}{', '.join(extra)})"
            return new_feit({"soort": "partner", "id": f["naam"], "tekst": tekst})
        if isinstance(f, Signal):
            return new_feit({"soort": "signaal", "id": f["id"], "partner": f.get("partner"),
                             "tekst": kb.signalen[f["id"]].titel(t), "afleiding": derivations})
        if isinstance(f, PhaseEvidence):
            return _phase_sign(kb, f["indicator"], t, derivations)
        if isinstance(f, Phase):
            return new_feit({"soort": "fase", "id": str(f["nummer"]),
                             "tekst": kb.phase(f["nummer"]).titel(t), "afleiding": derivations})
        if isinstance(f, Advice):
            return new_feit({"soort": "interventie", "id": f["id"], "partner": f.get("partner"),
                             "tekst": kb.interventies[f["id"]].titel(t), "afleiding": derivations})
        if isinstance(f, Evidence):
            rec = load_records()[f["bevinding"]]
            fid_ = f"{rec.id}.{f['rol']}{f['nr']}"
            if rec.soort == "fase":
                return _phase_sign(kb, rec.id, t, derivations)
            item = (kb.risicos if rec.soort == "risico" else kb.sterktes if rec.soort == "sterkte"
                    else kb.signalen)[rec.id]
            role = {"nl": {"voor": "pleit voor", "tegen": "pleit tegen", "hoger": "verzwaart", "lager": "verlicht"},
                    "en": {"voor": "supports", "tegen": "speaks against", "hoger": "aggravates",
                           "lager": "mitigates"}}[t].get(f["rol"], f["rol"])
            return new_feit({"soort": "bewijs", "id": fid_, "partner": f["partner"] or None, "afleiding": derivations,
                             "tekst": f"{role}: {item.titel(t)} ({rec.code})"})
        if isinstance(f, CaseInfo):
            return new_feit({"soort": "partnerlijst", "id": "partnerlijst",
                             "tekst": f"partnerlijst: {f['partnerlijst']}"})
        if isinstance(f, Plan):
            return new_feit({"soort": "plan", "id": f["key"], "partner": f["partner"] or None,
                             "tekst": f"{kb.plannen[f['key']].titel(t)} ({self.when_text(f['dagen'])})"})
        raise TypeError(f"unexpected fact {f!r}")  # pragma: no cover

    def when_text(self, days: int) -> str:
        date = self.case.datum_gesprek + dt.timedelta(days=days)
        if self.taal == "en":
            rel = f"in {days} days" if days >= 0 else f"{-days} days ago"
        else:
            rel = f"over {days} dagen" if days >= 0 else f"{-days} dagen geleden"
        return f"{date.isoformat()}, {rel}"

    def derivation(self, support, depth: int = 0) -> Afleiding:
        key = (support.rule, support.facts, depth)
        if key not in self._derived:
            fn = self.rules[support.rule]._wrapped
            self._derived[key] = new_afleiding({"regel": support.rule, "bronnen": list(fn.sources),
                                                "op": [self.describe(fid, depth) for fid in support.facts]})
        return self._derived[key]

    def observed(self, fid: int, f) -> Waarneming:
        """An observation fact as evidence (memoised, as ``describe``: many findings rest on it)."""
        w = self._observed.get(fid)
        if w is None:
            w = self._observed[fid] = self._observation(f)
        return w

    def _observation(self, f) -> Waarneming:
        vraag = self.kb.observaties[f["key"]].vraag(self.taal)
        if isinstance(f, Disagreement):
            label = "views part" if self.taal == "en" else "de beelden lopen uiteen"
            return new_waarneming({"id": f["key"], "vraag": vraag, "antwoord": f"{label}: {self.views_text(f['key'])}",
                                   "stelling": self.views_statement(f["key"]),
                                   "door": sorted(self.combined.views.get(f["key"], {}))})
        if isinstance(f, InformantObs):
            return new_waarneming({"id": f["key"], "vraag": vraag, "antwoord": _answer_text(f, self.taal),
                                   "stelling": self.statement(f["key"], f["value"]), "door": [f["informant"]]})
        door = self.combined.sources.get(f["key"], []) if isinstance(f, Obs) else []
        return new_waarneming({"id": f["key"], "vraag": vraag, "antwoord": _answer_text(f, self.taal),
                               "stelling": self.statement(f["key"], f["value"], f.get("partner")),
                               "partner": f.get("partner"), "door": door})

    def _under(self, fids):
        """The facts under these facts, each once, with their ids. The walk stops at the phase:
        a finding that depends on the phase shows the phase in its tree, not all its evidence."""
        stack, visited = list(fids), set()
        while stack:
            fid = stack.pop()
            if fid in visited:
                continue
            visited.add(fid)
            f = self.run.facts[fid]
            yield fid, f
            if isinstance(f, Phase) and fid not in fids:
                continue
            for s in self.run.support.get(fid, []):
                stack.extend(s.facts)

    def leaves(self, fids) -> list[Waarneming]:
        """The observations under these facts (see ``_under``)."""
        return self.leaves_and_deadline(fids)[0]

    def leaves_and_deadline(self, fids) -> tuple[list[Waarneming], dt.date | None]:
        """The observations under these facts, and the earliest date still to come among them
        (an end date, a plan), in one walk."""
        seen, out, days = set(), [], []
        for fid, f in self._under(fids):
            if isinstance(f, (Obs, PartnerObs, InformantObs, Plan)):
                d = f.get("dagen")
                if d is not None and d >= 0:
                    days.append(d)
            if isinstance(f, (Obs, PartnerObs, InformantObs, Disagreement)):
                w = self.observed(fid, f)
                key = (w.id, w.partner, w.antwoord, tuple(w.door))
                if key not in seen:
                    seen.add(key)
                    out.append(w)
            if isinstance(f, Plan):
                item = self.kb.plannen[f["key"]]
                w = new_waarneming({"id": f["key"], "vraag": item.vraag(self.taal),
                                    "antwoord": self.when_text(f["dagen"]),
                                    "stelling": f"{item.titel(self.taal)}: {self.when_text(f['dagen'])}"
                                                + (f" ({f['partner']})" if f["partner"] else ""),
                                    "partner": f["partner"] or None})
                key = (w.id, w.partner, w.antwoord, tuple(w.door))
                if key not in seen:
                    seen.add(key)
                    out.append(w)
        deadline = self.case.datum_gesprek + dt.timedelta(days=min(days)) if days else None
        return sorted(out, key=lambda w: (w.id, w.partner or "", w.antwoord, w.door)), deadline

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
    def phase(self, risks: list[Risico]) -> Fase:
        t, kb = self.taal, self.kb
        verdict = self.verdict
        item = kb.phase(verdict.nummer)
        support = [fid for ind, _, fids in self.phase_inputs
                   if kb.indicatoren[ind].fase == verdict.nummer for fid in fids]
        achterstallig = sorted({r.id for r in risks if kb.risicos[r.id].uit_fase is not None
                                and kb.risicos[r.id].uit_fase < verdict.nummer})
        if not verdict.bekend:
            uitleg = ("No phase marker was observed; phase 1 is assumed until more is known."
                      if t == "en" else "Er is geen enkele fase-aanwijzing waargenomen; fase 1 geldt tot er "
                                        "meer bekend is.")
        elif verdict.overgang_naar:
            nxt, ahead = kb.phase(verdict.overgang_naar).titel(t), verdict.overgang_naar > verdict.nummer
            uitleg = (f"Signs of phase {verdict.overgang_naar} ({nxt}) weigh in as well: "
                      + ("in transition." if ahead else "that phase is not quite behind the coalition yet.")
                      if t == "en" else f"Ook aanwijzingen voor fase {verdict.overgang_naar} ({nxt}) wegen mee: "
                      + ("in overgang." if ahead else "die fase ligt nog niet helemaal achter de coalitie."))
        else:
            uitleg = ""
        phases = self.run.of_type(Phase)
        onderbouwing = [self.derivation(s) for fid, _ in phases for s in self.run.support.get(fid, [])]
        return Fase(nummer=verdict.nummer, naam=item.titel(t), zekerheid=verdict.zekerheid,
                    overgang_naar=verdict.overgang_naar, toelichting=uitleg,
                    scores={str(k): v for k, v in verdict.scores.items()},
                    onderbouwing=onderbouwing, waarnemingen=self.leaves(support),
                    achterstallig=achterstallig, bronnen=self.sources(item.bron, support))

    # -- findings ------------------------------------------------------------
    def _evidence(self, finding: reasoning.Finding, roles) -> list:
        """The rules and facts (engine.Support) behind a finding's evidence in these roles."""
        return list(dict.fromkeys(s for c in finding.contributions if c.role in roles and c.weight > 0
                                  for s in c.supports))

    def _cited(self, finding: reasoning.Finding, item_sources, roles) -> list[str]:
        """A finding's sources: its record's and item's, then per sign that counted the rule's own.
        A compiled rule that notes evidence is shared by every record whose sign has its pattern
        (``compile``: its sources are all of theirs); for this finding it cites this sign's source
        (the indicator's, else the record's), not the twelve of every record in phase 3–5."""
        cited = list(item_sources)
        for c in finding.contributions:
            if c.role not in roles or c.weight <= 0:
                continue
            for s in c.supports:
                action = self.rules[s.rule]._wrapped
                shared = getattr(action, "what", None) == "notes"
                cited += (c.indicator.bron or finding.record.bron) if shared else action.sources
        return list(dict.fromkeys(cited))

    def _presence(self, finding: reasoning.Finding) -> list[Waarneming]:
        """Kinds of partner at the table that count for a finding, named."""
        out = []
        for c in finding.contributions:
            if c.role == "voor" and c.indicator.kind == "aanwezig" and c.weight > 0:
                present = sorted((p.naam, self.kb.partnertypes[p.type].titel(self.taal))
                                 for p in self.case.partners if p.type in c.indicator.aanwezig)
                vraag = "At the table (partner list)" if self.taal == "en" else "Aan tafel (partnerlijst)"
                names = ", ".join(f"{n} ({k.lower()})" for n, k in present)
                out.append(new_waarneming({"id": "partnerlijst", "vraag": vraag, "antwoord": names,
                                           "stelling": stellingen.present(names, self.taal)}))
        return out

    def _absence(self, finding: reasoning.Finding, roles=("voor",)) -> list[Waarneming]:
        """Absence of a kind of partner, stated as absence (it has no observation under it)."""
        out = []
        for c in finding.contributions:
            if c.role not in roles or c.indicator.kind != "ontbreekt" or c.weight <= 0:
                continue
            said = bool(self.judgement.index.leaves_of(c.supports))  # niet_aan_tafel: shown as said
            if not said:
                kinds = [self.kb.partnertypes[x].titel(self.taal) for x in c.indicator.ontbreekt]
                types = ", ".join(kinds)
                stelling = stellingen.absent_kind(", ".join(k.lower() for k in kinds), self.taal)
                if self.taal == "en":
                    w = new_waarneming({"id": "partnerlijst", "vraag": f"Partners of the kind: {types}",
                                        "antwoord": "none at the table; the partner list is complete",
                                        "stelling": stelling})
                else:
                    w = new_waarneming({"id": "partnerlijst", "vraag": f"Partners van de soort: {types}",
                                        "antwoord": "geen aan tafel; de partnerlijst is volledig",
                                        "stelling": stelling})
                out.append(w)
        return out

    def risks(self) -> list[Risico]:
        t, kb = self.taal, self.kb
        out = {}
        for f in self.judgement.findings:
            if f.record.soort != "risico":
                continue
            item = kb.risicos[f.record.id]
            sups = self._evidence(f, ("voor", "hoger", "lager"))
            against = self._evidence(f, ("tegen",))
            counted = _facts_of(sups)
            observed, deadline = self.leaves_and_deadline(counted)
            # an answer "deels" can count half for and half against (a sign asked as ja, its
            # counter-sign as nee): shown once, as what was seen, not also as what speaks against
            seen = set(counted)
            risk = new_risico({
                "id": f.record.id, "code": f.record.code, "titel": item.titel(t), "status": f.status,
                "dreigend": f.dreigend, "ernst": f.severity,
                "zekerheid": f.certainty_label if f.certainty > 0 else "laag",
                "zekerheid_getal": f.certainty, "uitleg": item.uitleg(t), "partners": f.partners,
                "partner": f.partners[0] if len(f.partners) == 1 else None, "conditie": item.conditie,
                "opgenomen_in": f.absorbed_by, "vraag": f.settle,
                "onderbouwing": [self.derivation(s) for s in sups],
                "waarnemingen": observed + self._absence(f) + self._presence(f),
                "tegen": self.leaves([fid for fid in _facts_of(against) if fid not in seen]), "termijn": deadline,
                "bronnen": self._cited(f, f.record.bron + list(item.bron), ("voor", "hoger", "lager"))})
            out[risk.id] = risk
        return sorted(out.values(), key=self.risk_rank)

    @staticmethod
    def risk_rank(r: Risico):
        """Most severe and most certain first; established before suspected; threatening counts
        as established (it is worth most before it happens)."""
        return (r.opgenomen_in is not None,
                -SEVERITY_ORDER[r.ernst] * (1 if r.status == "vastgesteld" or r.dreigend else 0.5)
                - r.zekerheid_getal, r.id)

    def strengths(self) -> list[Sterkte]:
        t, kb = self.taal, self.kb
        out = []
        for f in self.judgement.findings:
            if f.record.soort != "sterkte":
                continue
            item = kb.sterktes[f.record.id]
            sups = self._evidence(f, ("voor",))
            out.append((f.status != "vastgesteld", -f.certainty, f.record.id, new_sterkte({
                "id": f.record.id, "code": f.record.code, "titel": item.titel(t), "status": f.status,
                "zekerheid": f.certainty_label if f.certainty > 0 else "laag", "uitleg": item.uitleg(t),
                "conditie": item.conditie, "partners": f.partners,
                "waarnemingen": self.leaves(_facts_of(sups)) + self._presence(f),
                "interventies": [i.id for i in f.record.interventies if self._phase_fits(i.fasen)],
                "bronnen": self._cited(f, f.record.bron + list(item.bron), ("voor",))})))
        # established first, then the firmest: what an adviser would name first
        return [s for *_, s in sorted(out, key=lambda x: x[:3])]

    def conditions(self, risks: list[Risico], strengths: list[Sterkte]) -> list[Conditie]:
        """The five conditions as reasoning.judge_conditions weighs them, with the observations
        of the strengths and risks behind each."""
        t, kb = self.taal, self.kb
        shown = {r.id: r for r in risks} | {s.id: s for s in strengths}
        out = []
        for cid, j in self.judgement.conditions().items():
            items = [shown[f.record.id] for f in j.strengths + j.risks if f.record.id in shown]
            obs = {(w.id, w.partner or "", w.antwoord): w for x in items for w in x.waarnemingen}
            n_obs = len({(w.id, w.partner) for w in obs.values()})
            zekerheid = "onbekend" if j.state == "onbekend" else "hoog" if n_obs >= 4 else \
                "redelijk" if n_obs >= 2 else "laag"
            item = kb.condities[cid]
            out.append(new_conditie({
                "id": cid, "titel": item.titel(t), "status": j.state, "voor": j.positive, "tegen": j.negative,
                "zekerheid": zekerheid, "onderbouwing": [],
                "waarnemingen": sorted(obs.values(), key=lambda w: (w.id, w.partner or "", w.antwoord)),
                "bronnen": list(item.bron)}))
        return out

    def _partner_fits(self, flt, partners: list[str]) -> bool:
        """An intervention meant for a kind of partner fits a finding about such a partner."""
        if flt is None:
            return True
        listed = {p.naam: p for p in self.case.partners}
        for name in partners:
            p = listed.get(name)
            if p is None:
                continue
            if flt.type and p.type not in flt.type:
                continue
            if flt.kern is not None and p.kern is not flt.kern:
                continue
            if flt.coordinator is not None and p.coordinator is not flt.coordinator:
                continue
            return True
        return False

    def _phase_fits(self, fasen) -> bool:
        return not fasen or self.verdict.nummer in fasen or (self.verdict.overgang_naar in fasen)

    def interventions(self, risks: list[Risico], strengths: list[Sterkte]) -> list[Interventie]:
        t, kb = self.taal, self.kb
        records = load_records()
        severity = {r.id: SEVERITY_ORDER[r.ernst] for r in risks}
        answers: dict[tuple, set] = {}
        derivations: dict[tuple, list] = {}
        for r in risks:
            rec = records.get(r.id)
            if rec is None or r.opgenomen_in is not None:
                continue
            for ref in rec.interventies:
                if self._phase_fits(ref.fasen) and self._partner_fits(ref.partner, r.partners):
                    key = (ref.id, r.partner)
                    answers.setdefault(key, set()).add(r.id)
        for s in strengths:
            for iid in s.interventies:
                answers.setdefault((iid, None), set()).add(s.id)
        raised = {r.id for r in risks if r.opgenomen_in is None} | {s.id for s in strengths}
        for fid, f in self.run.of_type(Advice):
            if f["beantwoordt"] in kb.risicos and f["beantwoordt"] not in raised:
                continue  # not raised, or absorbed: the absorbing finding brings its own advice
            key = (f["id"], f.get("partner"))
            answers.setdefault(key, set()).add(f["beantwoordt"])
            derivations.setdefault(key, []).extend(self.run.support.get(fid, []))
        merged: dict[str, Interventie] = {}
        for (iid, partner), ans in answers.items():
            item = kb.interventies[iid]
            prev = merged.get(iid)
            if prev is not None:  # one intervention naming every partner it concerns
                prev.beantwoordt = sorted(set(prev.beantwoordt) | ans)
                if prev.partner != partner:
                    prev.partner = None
                continue
            merged[iid] = new_interventie({
                "id": iid, "titel": item.titel(t), "stap": item.stap, "uitleg": item.uitleg(t),
                "beantwoordt": sorted(ans), "partner": partner,
                "onderbouwing": [self.derivation(s) for s in derivations.get((iid, partner), [])],
                "bronnen": list(item.bron)})
        out = list(merged.values())
        out.sort(key=lambda i: (-max((severity.get(a, 0) for a in i.beantwoordt), default=0),
                                i.stap, -len(i.beantwoordt), i.id))
        return out

    def _remedy_order(self, rec) -> list[str]:
        """A record's own remedies in its order, those whose ``voorrang_als`` the answers meet
        first (exactly the answers it names)."""
        if rec is None:
            return []
        first = [ref.id for ref in rec.interventies
                 if any(self.kb.observed(w, self.combined.answers) for w in ref.voorrang_als)]
        return first + [ref.id for ref in rec.interventies if ref.id not in first]

    def main_advice(self, risks: list[Risico], strengths: list[Sterkte],
                    interventions: list[Interventie]) -> Hoofdadvies:
        """The judgement in short: at most six findings and five interventions.

        Findings: established or threatening ones and suspicions of high severity, in risk
        order (most severe and certain first; a suspicion weighs half); when fewer than
        three, the strongest other suspicions complete the list, so a coalition with only
        suspected problems still hears what to look into. Interventions: first the best one for
        each main finding in turn (so every main finding gets an answer), then the rest by
        rank; one per group of alternatives; shown in the order an adviser works. For a main
        finding the first remedy its record lists (the knowledge's own priority) comes before
        the others that answer it. A remedy for a main finding with a date within a year under
        its evidence goes first, the nearest date first: it has to happen before then. A remedy
        the record puts first when something was seen (``voorrang_als``) comes first for it."""
        # risks and interventions are unique by id in their lists: compared by id, not by the
        # models' field-by-field equality
        open_ = [r for r in risks if r.opgenomen_in is None]
        # in risk order, so a grave suspicion stands above an established small matter
        top = [r for r in open_ if r.status == "vastgesteld" or r.dreigend or r.ernst == "hoog"][:MAIN_FINDINGS]
        if len(top) < MAIN_MIN_FINDINGS:
            in_top = {r.id for r in top}
            top += [r for r in open_ if r.id not in in_top and r.ernst != "laag"][:MAIN_MIN_FINDINGS - len(top)]
        chosen: list[Interventie] = []
        chosen_ids: set[str] = set()
        groups: set[str] = set()

        def take(iv: Interventie) -> bool:
            group = self.kb.interventies[iv.id].alternatief
            if iv.id in chosen_ids or (group is not None and group in groups) or len(chosen) >= MAIN_INTERVENTIONS:
                return False
            if group is not None:
                groups.add(group)
            chosen.append(iv)
            chosen_ids.add(iv.id)
            return True

        records = load_records()
        own: dict[str, list[str]] = {}  # per main finding: its record's remedies, in the record's order
        for r in top:  # the record's own first remedy that fits, else the best ranked answer to r
            answering = [iv for iv in interventions if r.id in iv.beantwoordt]
            rec = records.get(r.id)
            mine = own[r.id] = self._remedy_order(rec)
            answering.sort(key=lambda iv: mine.index(iv.id) if iv.id in mine else len(mine))
            next((iv for iv in answering if take(iv)), None)
        ids = {r.id for r in top} or {s.id for s in strengths}  # nothing wrong: hold on to what works
        for iv in interventions:
            if ids & set(iv.beantwoordt):
                take(iv)
        soon = self.case.datum_gesprek + dt.timedelta(days=DUE_SOON_DAYS)
        due: dict[str, dt.date] = {}
        for r in top:
            if r.termijn is not None and r.termijn <= soon:
                for iv in chosen:
                    if r.id in iv.beantwoordt:
                        due[iv.id] = min(due.get(iv.id, r.termijn), r.termijn)

        def urgency(iv: Interventie) -> tuple:
            """The weightiest main finding it answers on its date, and its place among that
            finding's own remedies."""
            n, r = next((n, r) for n, r in enumerate(top) if r.id in iv.beantwoordt and r.termijn == due[iv.id])
            return n, own[r.id].index(iv.id) if iv.id in own[r.id] else len(own[r.id])

        place = {iv.id: n for n, iv in enumerate(interventions)}
        # what has to happen before a near date first (the nearest first), then the order of work
        chosen.sort(key=lambda i: (0, due[i.id], *urgency(i), i.stap, place[i.id]) if i.id in due
                    else (1, soon, 0, 0, i.stap, place[i.id]))
        return Hoofdadvies(bevindingen=[r.id for r in top], interventies=[i.id for i in chosen], termijnen=due)

    def open_questions(self) -> list[OpenVraag]:
        from . import openquestions
        t, kb = self.taal, self.kb
        facts = list(self.run.facts.values())
        fired = {s.rule for s in self.run.fired}
        answers = self.combined.answers
        phases = self.run.of_type(Phase)
        found = openquestions.find(self.rules, facts, fired, answers,
                                   phase=phases[0][1]["nummer"] if phases else None,
                                   phase_certain=self.verdict.zekerheid == "hoog")
        effects_by_key = reasoning.open_effects(self.judgement, reasoning.answered_in(self.run))
        awaited, unheard = reasoning.awaited_signals(self.judgement)
        for key, signals in openquestions.signal_questions(self.rules, facts, fired, awaited).items():
            for signal in sorted(signals):
                for tag, eff in awaited[signal].items():
                    effects_by_key.setdefault(key, {}).setdefault(tag, eff)
        for key, effects in effects_by_key.items():
            if key in kb.observaties and openquestions.precondition_holds(key, answers):
                merged = found.setdefault(key, {})
                for tag, eff in effects.items():
                    merged.setdefault(tag, eff)
        titles = {"risico": kb.risicos, "conditie": kb.condities, "indicator": kb.indicatoren,
                  "sterkte": kb.sterktes}
        named: dict[str, str] = {}  # tag -> title: many questions bear on the same findings

        def title(tag: str) -> str:
            text = named.get(tag)
            if text is None:
                kind, _, item_id = tag.partition(":")
                text = named[tag] = titles[kind][item_id].titel(t)
            return text
        by_name = sorted(self.case.partners, key=lambda p: p.naam)
        ranked = []  # (order, question): the order read from the data the question is made of
        for key, effects in found.items():
            item = kb.observaties[key]
            partners = []
            if item.niveau == "partner":
                partners = [p.naam for p in by_name if kb.asked_of(key, p.type) and p.observaties.get(key) is None]
                if not partners:
                    continue
            effs = [new_effect({"bevinding": tag, "titel": title(tag), "effect": eff}) for tag, eff in effects.items()]
            thema = item.thema
            ranked.append(((-_worth(effects.items(), unheard), kb.themas[thema].volgorde, key), new_open_vraag({
                "id": key, "vraag": item.vraag(t), "hulp": item.hulp(t), "thema": thema, "partners": partners,
                "effecten": effs, "bronnen": list(item.bron)})))
        ranked.sort(key=_first)  # the ids are unique: the order never reaches the questions themselves
        return [q for _, q in ranked]

    def signals(self) -> list[Signaal]:
        out = [new_signaal({"id": f["id"], "titel": self.kb.signalen[f["id"]].titel(self.taal),
                            "partner": f.get("partner")})
               for _, f in self.run.of_type(Signal)]
        return sorted(out, key=lambda s: (s.id, s.partner or ""))

    def partner_views(self, risks, interventions) -> list[PartnerBeeld]:
        risks_of: dict[str, list[str]] = {}  # partner -> ids of the risks about it, in risk order
        for r in risks:
            for name in dict.fromkeys(r.partners):
                risks_of.setdefault(name, []).append(r.id)
        advice_for: dict[str, list[str]] = {}  # partner -> ids of the interventions aimed at it, in order
        for i in interventions:
            advice_for.setdefault(i.partner, []).append(i.id)
        out = []
        for p in sorted(self.case.partners, key=lambda p: p.naam):
            name = p.naam
            out.append(new_partner_beeld({
                "naam": name, "type": p.type, "kern": p.kern, "coordinator": p.coordinator, "kring": self.circle(p),
                "risicos": list(risks_of.get(name, ())), "interventies": list(advice_for.get(name, ()))}))
        return out

    # Circles of involvement (handreiking §3.2.5): a core group, partners less intensely
    # involved, and partners at a distance; the observations of §2.1 place a partner.
    _CIRCLE_BY_ANSWER = {"betrokkenheid": {"actief": "actief", "wisselend": "af_en_toe", "afnemend": "af_en_toe",
                                           "op_afstand": "op_afstand"},
                         "inbreng_in_overleg": {"neemt_veel_ruimte": "actief", "draagt_bij": "actief",
                                                "stil": "af_en_toe", "zelden_aanwezig": "op_afstand"}}

    def circle(self, partner) -> str:
        if partner.kern:
            return "kern"
        for key, circles in self._CIRCLE_BY_ANSWER.items():
            answer = partner.observaties.get(key)
            if answer in circles:
                return circles[answer]
        return "onbekend"

    def perspectives(self) -> list[Perspectief]:
        out = []
        for key, views in sorted(self.combined.views.items()):
            out.append(Perspectief(
                id=key, vraag=self.kb.observaties[key].vraag(self.taal),
                standpunten={who: answer_text(key, v if not isinstance(v, list) else ", ".join(v), self.taal)
                             for who, v in views.items()},
                stellingen={who: self.statement(key, v) for who, v in views.items()},
                uiteenlopend=key in self.combined.disagreements))
        return out

    def trace(self) -> list[dict]:
        labels: dict[int, str] = {}  # a fact is matched by many firings: label it once

        def label(fid):
            text = labels.get(fid)
            if text is None:
                f = self.run.facts.get(fid)
                text = labels[fid] = f"f-{fid}" if f is None else _fact_label(f)
            return text
        # the steps as data, made into Stap models when the Diagnosis is validated: one validation
        # of the whole list (in Rust) costs less than a Stap(...) call per step, or model_construct
        # (in Python), measured with pydantic 2.14
        return [{"regel": s.rule, "feiten": [label(fid) for fid in s.facts]} for s in self.run.fired]

    def build(self, trace: bool = True) -> Diagnosis:
        """The diagnosis; ``trace=False`` leaves ``spoor`` empty (for output that leaves it out)."""
        risks = self.risks()
        strengths = self.strengths()
        interventions = self.interventions(risks, strengths)
        return Diagnosis(
            kennisbank_versie=self.kb.versie, taal=self.taal, coalitie=self.case.coalitie,
            gemeente=self.case.gemeente, datum_gesprek=self.case.datum_gesprek,
            fase=self.phase(risks), hoofdadvies=self.main_advice(risks, strengths, interventions),
            condities=self.conditions(risks, strengths), sterktes=strengths, risicos=risks,
            interventies=interventions, open_vragen=self.open_questions(),
            signalen=self.signals(), partners=self.partner_views(risks, interventions),
            perspectieven=self.perspectives(), spoor=self.trace() if trace else [])
