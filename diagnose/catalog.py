"""Browsing the knowledge base together with the rules: list, search, show an
item with the rules that conclude or read it, the coverage of the checklist,
and a consistency check. Used by `coalitie kennis`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import kennisbank
from ..kennisbank import yamlstrict

from .engine import all_rules
from .facts import Advice, Disagreement, InformantObs, Obs, PartnerObs, PhaseEvidence, Signal
from .patterns import rule_patterns
from .records import check_records, load_records, record_file

KINDS = {  # kind as users name it -> (kennisbank attribute, tag prefix used in @about)
    "fase": ("fasen", "fase"),
    "conditie": ("condities", "conditie"),
    "risico": ("risicos", "risico"),
    "interventie": ("interventies", "interventie"),
    "observatie": ("observaties", None),
    "signaal": ("signalen", "signaal"),
    "indicator": ("indicatoren", "indicator"),
    "sterkte": ("sterktes", "sterkte"),
    "plan": ("plannen", None),
    "partnertype": ("partnertypes", None),
}
_RECORD_KIND = {"risico": "risico", "sterkte": "sterkte", "fase": "indicator", "signaal": "signaal"}
_READS = {Obs: "key", PartnerObs: "key", InformantObs: "key", Disagreement: "key", Signal: "id",
          PhaseEvidence: "indicator", Advice: "id"}
_READ_KIND = {Obs: "observatie", PartnerObs: "observatie", InformantObs: "observatie", Disagreement: "observatie",
              Signal: "signaal", PhaseEvidence: "indicator", Advice: "interventie"}


@dataclass
class Entry:
    kind: str
    id: str
    item: object
    concluded_by: list[str] = field(default_factory=list)
    read_by: list[str] = field(default_factory=list)

    def title(self, taal: str) -> str:
        if hasattr(self.item, "titel"):
            return self.item.titel(taal)
        return self.item.vraag(taal)

    def text(self, taal: str) -> str:
        if hasattr(self.item, "uitleg"):
            return self.item.uitleg(taal)
        return self.item.hulp(taal)


def entries() -> list[Entry]:
    kb = kennisbank.load()
    rules = all_rules()
    concluded: dict[tuple[str, str], list[str]] = {}
    read: dict[tuple[str, str], list[str]] = {}
    for name, rule in sorted(rules.items()):
        for tag in rule._wrapped.concludes:
            kind, _, item = tag.partition(":")
            concluded.setdefault((kind, item), []).append(name)
        for p in rule_patterns(rule)[0]:
            if p.cls in _READS:
                for lit in p.literals(_READS[p.cls]):
                    read.setdefault((_READ_KIND[p.cls], str(lit)), []).append(name)
            if p.cls.__name__ in ("Partner", "PartnerObs"):
                for lit in p.literals("type"):
                    read.setdefault(("partnertype", lit), []).append(name)
    for rec in load_records().values():  # a record concludes its finding and its interventions
        concluded.setdefault((_RECORD_KIND[rec.soort], rec.id), []).append(f"{rec.code} {rec.id}")
        for ref in rec.interventies:
            concluded.setdefault(("interventie", ref.id), []).append(f"{rec.code} {rec.id}")
        for _, _, ind in rec.indicators():
            if ind.kind == "plan":
                read.setdefault(("plan", ind.plan), []).append(f"{rec.code} {rec.id}")
    out = []
    for kind, (attr, _) in KINDS.items():
        for item_id, item in getattr(kb, attr).items():
            key = (kind, item_id)
            by = concluded.get(key, [])
            if kind == "fase":
                by = concluded.get(("fase", ""), [])
            out.append(Entry(kind, item_id, item, sorted(set(by)), sorted(set(read.get(key, [])))))
    return out


def find(term: str) -> list[Entry]:
    term = term.casefold()
    hits = []
    for e in entries():
        hay = " ".join([e.id, e.title("nl"), e.title("en"), e.text("nl"), e.text("en"),
                        " ".join(e.item.bron)]).casefold()
        if term in hay:
            hits.append(e)
    return hits


def lookup(item_id: str) -> list[Entry]:
    return [e for e in entries() if e.id == item_id]


# -- coverage ------------------------------------------------------------------------------
_CIT = re.compile(r'^(?P<src>[a-z-]+)(?: (?P<sec>§[0-9.]+))?(?: "(?P<title>[^"]+)")?$')


def _cites(line_citation: str, citation: str) -> bool:
    a, b = _CIT.match(line_citation), _CIT.match(citation)
    if not a or not b or a["src"] != b["src"]:
        return False
    if a["title"]:
        return b["title"] == a["title"]
    if a["sec"]:
        return b["sec"] == a["sec"]
    return True


@dataclass
class CoverageLine:
    citatie: str
    onderwerp: str
    rules: list[str]
    items: list[str]


def coverage() -> list[CoverageLine]:
    lines = yamlstrict.load((kennisbank.HERE / "dekking.yaml").read_text(encoding="utf-8"))
    rules = all_rules()
    all_entries = entries()
    out = []
    for line in lines:
        cit = line["citatie"]
        r = sorted(n for n, rule in rules.items() if any(_cites(cit, c) for c in rule._wrapped.sources))
        i = sorted(f"{e.kind}:{e.id}" for e in all_entries if any(_cites(cit, c) for c in e.item.bron))
        out.append(CoverageLine(cit, line["onderwerp"], r, i))
    return out


# -- consistency -----------------------------------------------------------------------------
def check(rule_cases_dir: Path | None = None) -> list[str]:
    """Problems in the knowledge base and rules (empty list: consistent).

    Loading already refuses duplicate ids, invalid citations and dangling
    references; building the engine refuses rules without sources, unknown
    concluded ids and name collisions. This adds the usage checks in both
    directions and, when the rule cases are at hand, that every rule has a
    firing and a silent case."""
    problems = []
    for e in entries():
        if e.kind in ("risico", "interventie", "signaal", "indicator", "sterkte") and not e.concluded_by:
            problems.append(f"{e.kind} {e.id}: geen regel concludeert dit")
        if e.kind == "signaal" and not e.read_by:
            problems.append(f"signaal {e.id}: geen regel bouwt hierop voort")
    kb = kennisbank.load()
    from .questioning import read_by_interview
    pre = {p.obs for o in kb.observaties.values() for p in o.wanneer if p.obs} | read_by_interview()
    for e in entries():
        if e.kind == "observatie" and not e.read_by and e.id not in pre:
            problems.append(f"observatie {e.id}: geen regel leest dit")
    for line in coverage():
        if not line.rules:
            problems.append(f"dekking {line.citatie}: geen regel citeert dit")
    if rule_cases_dir is not None and rule_cases_dir.is_dir():
        cases = {}
        for path in sorted(rule_cases_dir.glob("*.yaml")):
            cases.update(yamlstrict.load(path.read_text(encoding="utf-8")) or {})
        for name, rule in sorted(all_rules().items()):
            if hasattr(rule._wrapped, "record"):
                continue  # compiled from a record: the record holds its cases
            spec = cases.get(name) or {}
            if not (spec.get("vuurt") and spec.get("stil")):
                problems.append(f"regel {name}: mist een geval waarin hij vuurt of zwijgt")
    problems += [f"record {p}" for p in check_records()]
    return problems


def record_doc(name: str) -> dict | None:
    """A knowledge record by id or code, with its conditions as readable statements."""
    from .compile import describe
    rec = next((r for r in load_records().values() if name in (r.id, r.code)), None)
    if rec is None:
        return None

    def show(inds):
        out = []
        for ind in inds:
            marks = [f"gewicht {ind.gewicht:g}"] + (["beslissend"] if ind.beslissend else []) + \
                (["dreigend"] if ind.threatening else []) + \
                (["context: telt alleen naast tekenen van de bevinding zelf"] if ind.is_context else [])
            out.append(f"{describe(ind)} ({', '.join(marks)})")
        return out

    doc = {"naam": f"{rec.code} {rec.id}", "soort": rec.soort, "uitleg": rec.wanneer, "bronnen": list(rec.bron),
           "als": show(rec.voor or rec.alle), "tegen": show(rec.tegen),
           "drempel": f"vermoedelijk vanaf {rec.drempel.vermoedelijk:g}, vastgesteld vanaf {rec.drempel.vastgesteld:g}",
           "ernst": rec.ernst.basis, "hoger": show(rec.ernst.hoger), "lager": show(rec.ernst.lager),
           "omvat": rec.omvat, "concludeert": [f"{_RECORD_KIND[rec.soort]}:{rec.id}"]
           + [f"interventie:{r.id}" + (f" (fase {', '.join(map(str, r.fasen))})" if r.fasen else "")
              + "".join(f" (eerst als {w.obs} in {', '.join(w.in_)})" for w in r.voorrang_als)
              for r in rec.interventies],
           "module": f"rules/{record_file(rec.id)}",
           "gevallen": [f"{c.naam}: {c.verwacht.status}" + (f", {c.verwacht.ernst}" if c.verwacht.ernst else "")
                        for c in rec.gevallen]}
    if rec.fasen:
        doc["fasen"] = rec.fasen
    if rec.per_partner is not None:
        doc["per_partner"] = rec.per_partner.model_dump(exclude_defaults=True)
    return doc


def reference_markdown() -> str:
    """The reference of every knowledge record, generated (docs/kennisrecords.md; a test
    checks it is not stale: `coalitie kennis docs > docs/kennisrecords.md`)."""
    kb = kennisbank.load()
    titles = {"risico": kb.risicos, "sterkte": kb.sterktes, "fase": kb.indicatoren, "signaal": kb.signalen}
    out = ["# Kennisrecords", "",
           "Gegenereerd uit `rules/*.yaml` met `coalitie kennis docs`; niet met de hand bewerken.", ""]
    for rec in sorted(load_records().values(), key=lambda r: r.code):
        doc = record_doc(rec.id)
        item = titles[rec.soort].get(rec.id)
        out += [f"## {rec.code} · {item.titel('nl') if item else rec.id}", "",
                f"`{rec.id}` · {rec.soort} · {doc['module']}", "", doc["uitleg"], ""]
        for key, label in (("als", "Voor" if rec.soort != "signaal" else "Alle"), ("tegen", "Tegen"),
                           ("hoger", "Ernst hoger bij"), ("lager", "Ernst lager bij")):
            if doc.get(key):
                out.append(f"**{label}:**")
                out += [f"- {x}" for x in doc[key]]
                out.append("")
        facts = [f"drempel: {doc['drempel']}", f"ernst: {doc['ernst']}"] if rec.soort != "signaal" else []
        if doc.get("fasen"):
            facts.append(f"alleen in fase {', '.join(map(str, doc['fasen']))}")
        if doc.get("per_partner") is not None:
            facts.append(f"per partner {doc['per_partner'] or '(alle)'}")
        if rec.omvat:
            facts.append(f"omvat {', '.join(rec.omvat)}")
        out += [f"- {x}" for x in facts + [f"concludeert {', '.join(doc['concludeert'])}",
                                          f"gevallen: {'; '.join(doc['gevallen']) or '-'}",
                                          f"bron: {'; '.join(doc['bronnen'])}"]]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_PREDICATES = (  # the names rulekit/compile give their predicates -> what they test
    (re.compile(r"at_least_(-?\d+)$"), lambda m: f"≥ {m[1]}"),
    (re.compile(r"at_most_(-?\d+)$"), lambda m: f"≤ {m[1]}"),
    (re.compile(r"between_(-?\d+)_(-?\d+)$"), lambda m: f"{m[1]} t/m {m[2]}"),
    (re.compile(r"within_days_(-?\d+)_(-?\d+)$"),
     lambda m: f"{m[1]} t/m {m[2]} dagen vanaf het gesprek (negatief: ervoor)"),
)


def readable_test(value) -> str:
    """A pattern's field test as a reader says it: a literal, "a of b", "niet a", a
    variable ("dezelfde p"), or what a named predicate tests — never a function repr."""
    from experta.fieldconstraint import L, NOTFC, ORFC, P, W
    if isinstance(value, L):
        return repr(value[0])
    if isinstance(value, ORFC):
        return " of ".join(readable_test(v) for v in value)
    if isinstance(value, NOTFC):
        return f"niet {readable_test(value[0])}"
    if isinstance(value, W):
        return f"<{value.__bind__}>" if getattr(value, "__bind__", None) else "<iets>"
    if isinstance(value, P):
        name = getattr(value[0], "__name__", "")
        for pattern, say in _PREDICATES:
            m = pattern.match(name)
            if m:
                return say(m)
        return f"voldoet aan {name}" if name and name != "<lambda>" else "voldoet aan een test"
    return repr(value)


def rule_doc(name: str) -> dict | None:
    found = record_doc(name)
    if found is not None:
        return found
    rule = all_rules().get(name)
    if rule is None:
        return None
    patterns, _ = rule_patterns(rule)
    shown = []
    for p in patterns:
        fields = ", ".join(f"{k}={readable_test(v)}" for k, v in p.fields().items())
        shown.append(("NIET " if p.negated else "") + f"{p.cls.__name__}({fields})")
    return {"naam": name, "uitleg": " ".join((rule._wrapped.__doc__ or "").split()),
            "bronnen": list(rule._wrapped.sources), "als": shown,
            "concludeert": sorted(rule._wrapped.concludes), "module": rule._wrapped.__module__}


_WORDS_EN = {"fase": "phase", "conditie": "condition", "risico": "risk", "interventie": "intervention",
             "observatie": "observation", "signaal": "signal", "indicator": "indicator", "sterkte": "strength",
             "plan": "plan", "partnertype": "partner type", "bron": "source", "geconcludeerd door": "concluded by",
             "gebruikt door": "used by", "werk uit fase": "work from phase", "wijst op fase": "points to phase",
             "gewicht": "weight", "alleen als": "only if", "alleen bij": "only for", "alleen": "alone", "niveau": "level",
             "in het gesprek niet meer aangeboden als": "no longer offered in the interview once",
             "thema": "theme", "terugval": "fallback", "in": "in"}


def word(dutch: str, taal: str) -> str:
    """A fixed word of `coalitie kennis` in the reader's language."""
    return _WORDS_EN.get(dutch, dutch) if taal == "en" else dutch
