"""The report an adviser hands over: one model that every human-readable format renders.

Built from a ``Diagnosis`` (which already selected and ordered the main advice), it
resolves everything a renderer needs — fixed words, phase names, partner kinds, the
data of the pictures — so that text, markdown and HTML show the same report and no
renderer reads the knowledge base itself. Order, as the adviser presents it:

1. core message: the phase in one sentence, the two or three things that matter most
   now, the first step;
2. strengths;
3. the main advice in process order (tension and relations, ambition and interests,
   organisation and process, anchoring), each naming what it answers;
4. the findings by theme (the five conditions);
5. appendix: the evidence as statements, further interventions, where informants'
   views part, open questions, sources.

Ids appear only with ``uitleg`` (for a tool or a trainer), beside the derivation trees.
"""

import math
from dataclasses import dataclass, field
from typing import Optional

from .. import kennisbank

from .render.labels import LABELS, date_text
from .result import Afleiding, Diagnosis, Risico, Waarneming

CORE_FINDINGS = 3  # "the two or three things that matter most now"
CONDITION_ORDER = ("ambitie", "belangen", "relaties", "organisatie", "proces")
CIRCLES = ("kern", "actief", "af_en_toe", "op_afstand")


# The records below are built, read by the renderers and dropped: never compared, never
# printed whole. Without a generated __eq__ and __repr__ (each compiled from source when
# the module is imported) a `coalitie diagnose` process runs about 1 % fewer instructions.
@dataclass(repr=False, eq=False)
class Statement:
    """One observation or answer as a sentence, with who said it."""

    tekst: str
    door: list[str] = field(default_factory=list)  # informants who said it; empty: the adviser
    id: str = ""


@dataclass(repr=False, eq=False)
class Finding:
    """A risk or a strength as the report shows it."""

    id: str
    soort: str  # risico | sterkte
    titel: str
    uitleg: str
    kop: str  # the marks in short: "HOOG · vastgesteld", "MIDDEL · mogelijk op komst"
    ernst: Optional[str]
    partners: list[str]
    onder: Optional[str] = None  # the title of the finding that takes this one in
    waarnemingen: list[Statement] = field(default_factory=list)
    tegen: list[Statement] = field(default_factory=list)
    beslechten: list[str] = field(default_factory=list)
    bronnen: list[str] = field(default_factory=list)
    afleiding: list[Afleiding] = field(default_factory=list)


@dataclass(repr=False, eq=False)
class Step:
    """One step of the advice as the report shows it."""

    nummer: int
    stap: int
    stap_naam: str
    titel: str
    uitleg: str
    beantwoordt: list[str]
    partner: Optional[str]
    bronnen: list[str]
    id: str = ""
    groep: str = ""  # its heading in the main advice: the step of work, or the date it must come before
    voor: str = ""   # "vóór 31 december 2026" when it has to happen before a near date


@dataclass(repr=False, eq=False)
class Theme:
    """One of the five conditions with its findings."""

    id: str
    titel: str
    status: str
    status_id: str
    zekerheid: str
    voor: float
    tegen: float
    risicos: list[Finding]
    sterktes: list[Finding]
    volgens: list[str] = field(default_factory=list)  # with informants: whose answers it rests on


@dataclass(repr=False, eq=False)
class PhaseStep:
    """One phase on the timeline of phases."""

    nummer: int
    naam: str
    huidig: bool
    volgende: bool
    blijven_liggen: list[str]  # titles of findings left undone from this phase


@dataclass(repr=False, eq=False)
class PartnerMark:
    """One partner on the picture of circles."""

    nummer: int
    naam: str
    soort: str
    code: str
    kring: str
    kring_naam: str
    coordinator: bool
    bevindingen: list[str]


@dataclass(repr=False, eq=False)
class View:
    """One question the informants (and the adviser) answered differently: their answers part
    (``perspectives.parts``: ja beside nee), or differ only in degree (``in_mate``: deels beside
    nee), where one answer still stands and no finding reads a disagreement."""

    vraag: str
    antwoorden: dict[str, str]  # who → answer
    stellingen: dict[str, str]  # who → statement
    in_mate: bool = False


@dataclass(repr=False, eq=False)
class Report:
    """Everything a report shows, ready for a template."""

    taal: str
    lab: dict
    uitleg: bool
    titel: str
    ondertitel: str
    datum: str  # the interview date (ISO): also the PDF's dates, so a PDF is the same on every run
    fase_zin: str
    blijven_liggen_zin: str
    kern: list[Finding]
    eerste_stap: Optional[Step]
    eerste_vraag: Optional[str]  # without any advice: the question to settle first
    geen_risicos: bool
    weinig_bekend: bool  # no finding of note and no strength
    sterktes: list[Finding]
    advies: list[Step]
    themas: list[Theme]
    fase: list[PhaseStep]
    fase_nummer: int
    fase_zekerheid: str
    fase_overgang: Optional[int]
    fase_overgang_tekst: str  # "in overgang naar fase 4", or for an earlier phase "met nog kenmerken van fase 1"
    fase_bewijs: list[Statement]
    fase_afleiding: list[Afleiding]
    fase_scores: dict[str, float]
    partners: list[PartnerMark]
    meer_interventies: list[Step]
    uiteenlopend: list[View]
    informanten: list[str]
    open_vragen: list[dict]
    bronnen: list[str]
    bronnen_titels: dict[str, str]
    risicos: list[Finding]

    @property
    def bijlage_bevindingen(self) -> list[Finding]:
        return self.risicos + self.sterktes

    @property
    def condition_scale(self) -> float:
        """One scale for the bars of every condition (at least 1)."""
        return max([1.0] + [max(t.voor, t.tegen) for t in self.themas])


def _statements(ws: list[Waarneming]) -> list[Statement]:
    out, seen = [], set()
    for w in ws:
        if w.stelling in seen:
            continue
        seen.add(w.stelling)
        out.append(Statement(tekst=w.stelling, door=list(w.door), id=w.id))
    return out


def _risk_marks(r: Risico, lab) -> str:
    """Severity and status; a threatening risk is named as coming, "possibly" while suspected
    ("vastgesteld, dreigend" read as if it had happened already)."""
    mark = lab["coming"][r.status] if r.dreigend else lab["finding_status"][r.status]
    return f"{lab['severity'][r.ernst]} · {mark}"


def build_report(d: Diagnosis, uitleg: bool = False) -> Report:
    t = d.taal
    lab = LABELS[t]
    kb = kennisbank.load()
    risk_by_id = {r.id: r for r in d.risicos}
    # a signal is no finding of the report: an intervention that answers one says it answers a signal
    titles = {r.id: r.titel for r in d.risicos} | {s.id: s.titel for s in d.sterktes} | \
        {s.id: f"{s.titel} ({lab['signal_word']})" for s in d.signalen}

    def risk(r: Risico) -> Finding:
        onder = risk_by_id[r.opgenomen_in].titel if r.opgenomen_in in risk_by_id else None
        return Finding(
            id=r.id, soort="risico", titel=r.titel, uitleg=r.uitleg, kop=_risk_marks(r, lab), ernst=r.ernst,
            partners=list(r.partners), onder=onder, waarnemingen=_statements(r.waarnemingen),
            tegen=_statements(r.tegen), beslechten=[kb.observaties[q].vraag(t) for q in r.vraag],
            bronnen=list(r.bronnen), afleiding=list(r.onderbouwing))

    risks = [risk(r) for r in d.risicos]
    risk_f = {f.id: f for f in risks}
    strengths = [Finding(id=s.id, soort="sterkte", titel=s.titel, uitleg=s.uitleg,
                         kop=lab["strength_status"][s.status], ernst=None, partners=list(s.partners),
                         waarnemingen=_statements(s.waarnemingen), bronnen=list(s.bronnen))
                 for s in d.sterktes]

    def step(n: int, iv) -> Step:
        due = d.hoofdadvies.termijnen.get(iv.id)
        voor = lab["due_before"].format(datum=date_text(due, t)) if due else ""
        groep = f"{lab['due_now']} · {voor}" if due else \
            f"{lab['step_word'].capitalize()} {iv.stap} · {lab['steps'][iv.stap]}"
        return Step(nummer=n, stap=iv.stap, stap_naam=lab["steps"][iv.stap], titel=iv.titel, uitleg=iv.uitleg,
                    beantwoordt=[titles.get(a, a) for a in iv.beantwoordt], partner=iv.partner,
                    bronnen=list(iv.bronnen), id=iv.id, groep=groep, voor=voor)

    iv_by_id = {i.id: i for i in d.interventies}
    advies = [step(n, iv_by_id[i]) for n, i in enumerate(d.hoofdadvies.interventies, 1)]
    rest = [step(n, iv) for n, iv in enumerate((iv for iv in d.interventies
                                                 if iv.id not in d.hoofdadvies.interventies), 1)]

    # the phase in one sentence
    f = d.fase
    # the neighbour phase that scores too: the next one, or one not yet left behind
    ahead = bool(f.overgang_naar) and f.overgang_naar > f.nummer
    if f.zekerheid == "onbekend":
        fase_zin = lab["phase_unknown_sentence"]
    else:
        fase_zin = lab["phase_sentence"].format(n=f.nummer, naam=f.naam.lower())
        if f.overgang_naar:
            fase_zin += lab["phase_sentence_transition" if ahead else "phase_sentence_transition_back"].format(
                m=f.overgang_naar, naam_m=kb.phase(f.overgang_naar).titel(t).lower())
        fase_zin += lab["phase_sentence_certainty"].format(zekerheid=lab["certainty_adj"][f.zekerheid])
    undone = [kb.risicos[r].titel(t) for r in f.achterstallig]
    blijven = lab["undone_sentence"].format(items="; ".join(x[0].lower() + x[1:] for x in undone)) if undone else ""
    by_phase: dict[int, list[str]] = {}
    for rid in f.achterstallig:
        by_phase.setdefault(kb.risicos[rid].uit_fase, []).append(kb.risicos[rid].titel(t))
    fase = [PhaseStep(nummer=n, naam=kb.phase(n).titel(t), huidig=n == f.nummer, volgende=n == f.overgang_naar,
                      blijven_liggen=by_phase.get(n, [])) for n in range(1, 6)]

    # findings by theme: the five conditions, in the handreiking's order
    themes = []
    for c in sorted(d.condities, key=lambda c: CONDITION_ORDER.index(c.id) if c.id in CONDITION_ORDER else 9):
        themes.append(Theme(id=c.id, titel=c.titel, status=lab["status"][c.status], status_id=c.status,
                            zekerheid=lab["level"][c.zekerheid], voor=c.voor, tegen=c.tegen,
                            risicos=[x for x, r in zip(risks, d.risicos) if r.conditie == c.id],
                            sterktes=[x for x, s in zip(strengths, d.sterktes) if s.conditie == c.id],
                            volgens=sorted({who for w in c.waarnemingen for who in (w.door or [lab['adviser']])})
                            if d.perspectieven else []))
    known = {c.id for c in d.condities}
    loose_r = [x for x, r in zip(risks, d.risicos) if r.conditie not in known]
    loose_s = [x for x, s in zip(strengths, d.sterktes) if s.conditie not in known]
    if loose_r or loose_s:
        themes.append(Theme(id="overig", titel=lab["other_theme"], status="", status_id="", zekerheid="",
                            voor=0, tegen=0, risicos=loose_r, sterktes=loose_s))

    # partners on the circles of involvement
    open_risks = {r.id for r in d.risicos if r.opgenomen_in is None}
    marks = []
    order = {k: i for i, k in enumerate(CIRCLES + ("onbekend",))}
    for n, p in enumerate(sorted(d.partners, key=lambda p: (order[p.kring], p.naam)), 1):
        marks.append(PartnerMark(nummer=n, naam=p.naam, soort=kb.partnertypes[p.type].titel(t),
                                 code=lab["kind_codes"][p.type], kring=p.kring, kring_naam=lab["circles"][p.kring],
                                 coordinator=bool(p.coordinator),
                                 bevindingen=[titles[r] for r in p.risicos if r in open_risks]))

    # first the views that part, then those that differ only in degree
    views = [View(vraag=p.vraag, antwoorden=dict(p.standpunten), stellingen=dict(p.stellingen),
                  in_mate=not p.uiteenlopend)
             for p in sorted(d.perspectieven, key=lambda p: not p.uiteenlopend)
             if p.uiteenlopend or len(set(p.standpunten.values())) > 1]
    informants = sorted({who for p in d.perspectieven for who in p.standpunten})

    def effects(q) -> list[str]:
        """What an answer could do, each kind once: 'kan toevoegen: X · Y; kan bevestigen: Z'."""
        by_kind: dict[str, list[str]] = {}
        for e in q.effecten:
            by_kind.setdefault(e.effect, []).append(e.titel)
        # joined with a middle dot: a title may hold a comma
        return [f"{lab['effect'][kind]}: {' · '.join(names)}" for kind, names in by_kind.items()]

    questions = [{"vraag": q.vraag, "hulp": q.hulp, "partners": list(q.partners), "id": q.id,
                  "effecten": effects(q)} for q in d.open_vragen]

    cited = list(dict.fromkeys(c for x in [f.bronnen] + [r.bronnen for r in d.risicos] +
                               [s.bronnen for s in d.sterktes] + [i.bronnen for i in d.interventies] +
                               [c.bronnen for c in d.condities] for c in x))
    bron_titels = {}
    for c in cited:
        doc = kb.bronnen.get(c.split(" ")[0])
        if doc is not None:
            bron_titels[c.split(" ")[0]] = doc.titel

    top = [risk_f[i] for i in d.hoofdadvies.bevindingen][:CORE_FINDINGS]
    gemeente = f" ({d.gemeente})" if d.gemeente else ""
    return Report(
        taal=t, lab=lab, uitleg=uitleg,
        titel=f"{lab['report_title']}: {d.coalitie}{gemeente}",
        datum=d.datum_gesprek.isoformat(),
        ondertitel=f"{lab['interview']} {d.datum_gesprek.isoformat()} · {lab['kb']} {d.kennisbank_versie}",
        fase_zin=fase_zin, blijven_liggen_zin=blijven, kern=top,
        eerste_stap=advies[0] if advies else None,
        eerste_vraag=None if advies or not d.open_vragen else d.open_vragen[0].vraag,
        geen_risicos=not d.hoofdadvies.bevindingen,
        weinig_bekend=not d.hoofdadvies.bevindingen and not d.sterktes,
        sterktes=strengths, advies=advies, themas=themes, fase=fase, fase_nummer=f.nummer,
        fase_zekerheid=lab["level"][f.zekerheid], fase_overgang=f.overgang_naar,
        fase_overgang_tekst="" if not f.overgang_naar else
        f"{lab['transition' if ahead else 'transition_back']} {f.overgang_naar}",
        fase_bewijs=_statements(f.waarnemingen), fase_afleiding=list(f.onderbouwing), fase_scores=dict(f.scores),
        partners=marks, meer_interventies=rest, uiteenlopend=views, informanten=informants,
        open_vragen=questions, bronnen=sorted(cited), bronnen_titels=bron_titels, risicos=risks)


# -- geometry of the pictures (the templates draw; the numbers are computed here) ----------
@dataclass(repr=False, eq=False)
class Placed:
    """Where a partner sits on the picture of circles."""

    x: float
    y: float
    label_x: float
    anchor: str
    mark: PartnerMark


def circle_layout(marks: list[PartnerMark], size: float = 440) -> tuple[list[Placed], list[float]]:
    """Partners spread evenly over the middle of their ring; the radii of the four rings."""
    c = size / 2
    radii = [c * f for f in (0.25, 0.48, 0.71, 0.94)]
    inner = [0.0] + radii[:-1]
    out = []
    for i, ring in enumerate(CIRCLES):
        members = [m for m in marks if m.kring == ring]
        r = (inner[i] + radii[i]) / 2 if i else (radii[0] * 0.55 if len(members) > 1 else 0.0)
        for k, m in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * k / max(len(members), 1) + (0.35 * i if i else math.pi / 5)
            x, y = c + r * math.cos(angle), c + r * math.sin(angle)
            right = math.cos(angle) >= -0.01
            out.append(Placed(x=round(x, 1), y=round(y, 1), label_x=round(x + (17 if right else -17), 1),
                              anchor="start" if right else "end", mark=m))
    return out, [round(r, 1) for r in radii]
