"""What-if analysis: what a changed answer does to the diagnosis.

Everything here is computed by running the engine on changed copies of the
case, never listed by hand:

* ``compare(case, changes)``: the diagnosis with some answers changed, and
  what that adds, removes or shifts (phase, risks, conditions, interventions);
* ``single_changes(case)``: for every observation the case could answer
  differently (each other answer, including 'onbekend') — the adviser's, a
  partner's, or an informant's answer — the findings that one change would add
  or remove, so "what would remove this risk?" has an answer for every finding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import kennisbank

from .case import UNKNOWN, Case, case_from_data, did_you_mean
from .engine import get_engine
from .errors import CaseError


@dataclass(frozen=True)
class Change:
    key: str
    value: Any
    partner: str | None = None      # a partner-level observation of this partner
    informant: str | None = None    # this informant's answer

    def __hash__(self):  # a choice of several (meerkeuze) is a list: hashed as a tuple
        value = tuple(self.value) if isinstance(self.value, list) else self.value
        return hash((self.key, value, self.partner, self.informant))

    def label(self) -> str:
        where = f"{self.partner or self.informant}: " if (self.partner or self.informant) else ""
        value = " ".join(self.value) if isinstance(self.value, list) else self.value
        return f"{where}{self.key}={value}"


@dataclass
class Summary:
    """The parts of a diagnosis a what-if compares."""

    fase: int | None
    risicos: dict[tuple[str, str | None], str]          # (risk id, partner) -> severity
    condities: dict[str, str]                           # condition -> worst status concluded

    @classmethod
    def of(cls, case: Case) -> "Summary":
        """Phase, raised risks and condition states, weighed as the diagnosis weighs them. A
        suspected risk's severity reads "middel, vermoedelijk", so a change that only turns an
        established finding into a suspicion shows as a change of severity, not a removal."""
        from .reasoning import weigh_run
        run = get_engine().run_case(case)
        _, verdict, judgement = weigh_run(run)
        risks = {}
        for f in judgement.findings:
            if f.record.soort != "risico" or f.absorbed_by is not None:
                continue
            label = f.severity if f.status == "vastgesteld" else f"{f.severity}, vermoedelijk"
            for partner in f.partners or [None]:
                risks[(f.record.id, partner)] = label
        conds = {cid: j.state for cid, j in judgement.conditions().items() if j.state != "onbekend"}
        return cls(verdict.nummer if verdict.bekend else None, risks, conds)


@dataclass
class Difference:
    fase: tuple[int | None, int | None] | None = None
    toegevoegd: list[tuple[str, str | None, str]] = field(default_factory=list)   # (risk, partner, severity)
    verdwenen: list[tuple[str, str | None, str]] = field(default_factory=list)
    ernst: list[tuple[str, str | None, str, str]] = field(default_factory=list)   # (risk, partner, old, new)
    condities: list[tuple[str, str, str]] = field(default_factory=list)          # (condition, old, new)

    def empty(self) -> bool:
        return not (self.fase or self.toegevoegd or self.verdwenen or self.ernst or self.condities)


def difference(before: Summary, after: Summary) -> Difference:
    d = Difference()
    if before.fase != after.fase:
        d.fase = (before.fase, after.fase)
    for key, sev in sorted(after.risicos.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if key not in before.risicos:
            d.toegevoegd.append((key[0], key[1], sev))
        elif before.risicos[key] != sev:
            d.ernst.append((key[0], key[1], before.risicos[key], sev))
    for key, sev in sorted(before.risicos.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if key not in after.risicos:
            d.verdwenen.append((key[0], key[1], sev))
    for c in sorted(set(before.condities) | set(after.condities)):
        old, new = before.condities.get(c, "onbekend"), after.condities.get(c, "onbekend")
        if old != new:
            d.condities.append((c, old, new))
    return d


def apply(case: Case, changes: list[Change]) -> Case:
    """The case with these answers changed (validated like any case)."""
    data = case.model_dump(mode="json")
    names = [p["naam"] for p in data["partners"]]
    for ch in changes:
        if ch.informant is not None:
            for inf in data["informanten"]:
                if inf["id"] == ch.informant:
                    inf["observaties"][ch.key] = ch.value
        elif ch.partner is None:
            data["observaties"][ch.key] = ch.value
        else:
            if ch.partner not in names:
                raise CaseError("wat-als", [("", f"onbekende partner {ch.partner!r}.{did_you_mean(ch.partner, names)}")])
            for p in data["partners"]:
                if p["naam"] == ch.partner:
                    p["observaties"][ch.key] = ch.value
    return case_from_data(data, "wat-als")


def parse_change(text: str, informants: tuple[str, ...] = ()) -> Change:
    """``key=value``, ``Partner naam:key=value`` or ``informant-id:key=value``; lists as ``a,b``."""
    if "=" not in text:
        raise CaseError("wat-als", [("", f"{text!r}: schrijf een wijziging als id=antwoord")])
    left, value = text.split("=", 1)
    partner = None
    if ":" in left:
        partner, left = left.rsplit(":", 1)
        partner = partner.strip()
    key = left.strip()
    kb = kennisbank.load()
    item = kb.observaties.get(key)
    if item is None:
        raise CaseError("wat-als", [(key, f"onbekende observatie.{did_you_mean(key, kb.observaties)}")])
    value = value.strip()
    if item.type == "meerkeuze":
        parsed: Any = [v for v in value.split(",") if v]
    elif item.type == "getal" and value.lstrip("-").isdigit():
        parsed = int(value)
    else:
        parsed = value
    if partner in informants:
        return Change(key, parsed, informant=partner)
    return Change(key, parsed, partner)


def compare(case: Case, changes: list[Change]) -> tuple[Case, Difference]:
    changed = apply(case, changes)
    return changed, difference(Summary.of(case), Summary.of(changed))


def _alternatives(item, current) -> list[Any]:
    if item.type == "janee":
        options = ["ja", "nee", "deels"]
    elif item.type == "keuze":
        options = [o.id for o in item.opties]
    elif item.type == "meerkeuze":
        options = [[o.id] for o in item.opties]
    else:
        options = []  # numbers and dates: only 'onbekend' (ask with a concrete value instead)
    out = [v for v in options if v != current]
    if current not in (None, UNKNOWN):
        out.append(UNKNOWN)
    return out


def single_changes(case: Case) -> list[tuple[Change, Difference]]:
    """Every single answer changed, with the difference it makes (only those that make one)."""
    kb = kennisbank.load()
    base = Summary.of(case)
    out = []
    for key, item in kb.observaties.items():
        if item.niveau == "coalitie":
            current = case.observaties.get(key)
            for value in _alternatives(item, current):
                ch = Change(key, value)
                diff = difference(base, Summary.of(apply(case, [ch])))
                if not diff.empty():
                    out.append((ch, diff))
        else:
            types = [t for pre in item.wanneer for t in pre.partner_type]
            for p in case.partners:
                if types and p.type not in types:
                    continue
                current = p.observaties.get(key)
                for value in _alternatives(item, current):
                    ch = Change(key, value, p.naam)
                    diff = difference(base, Summary.of(apply(case, [ch])))
                    if not diff.empty():
                        out.append((ch, diff))
    for inf in case.informanten:  # what each informant said, said differently
        for key, current in sorted(inf.observaties.items()):
            for value in _alternatives(kb.observaties[key], current):
                ch = Change(key, value, informant=inf.id)
                diff = difference(base, Summary.of(apply(case, [ch])))
                if not diff.empty():
                    out.append((ch, diff))
    return out


def removers(changes: list[tuple[Change, Difference]], risk_id: str) -> list[Change]:
    """The single changes that make this risk disappear."""
    return [ch for ch, diff in changes if any(r == risk_id for r, _, _ in diff.verdwenen)]


def weakeners(changes: list[tuple[Change, Difference]], risk_id: str) -> list[Change]:
    """The single changes that leave this risk standing but only as a suspicion."""
    return [ch for ch, diff in changes
            if any(r == risk_id and "vermoedelijk" in new and "vermoedelijk" not in old
                   for r, _, old, new in diff.ernst)]


# -- what-if that teaches -----------------------------------------------------------------------
# A change that takes a risk away is one of three kinds:
#   oplossing       the coalition can bring it about: it adds no risk, worsens none, keeps the
#                   phase, and the new answer is no sign of any risk in the knowledge records
#   andere_fase     it only works by putting the coalition in another phase (a different
#                   starting point, not a remedy)
#   ander_symptoom  the new answer is itself a sign of a problem (it adds or worsens a risk, or
#                   the records count that answer for some risk): a different picture, not a cure
KINDS = ("oplossing", "andere_fase", "ander_symptoom")


@lru_cache(maxsize=1)
def _risk_signs() -> frozenset[tuple[str, str]]:
    """(observation, answer) pairs that some risk record counts as a sign for it."""
    from .records import load_records
    signs = set()
    for rec in load_records().values():
        if rec.soort not in ("risico", "signaal"):
            continue
        for ind in rec.voor + rec.alle:
            if ind.kind in ("obs", "partner_obs", "informant"):
                for v in ind.is_:
                    signs.add((ind.target, str(v)))
                    if v in ("ja", "nee"):
                        signs.add((ind.target, "deels"))
    return frozenset(signs)


def classify(ch: Change, diff: Difference) -> str:
    if diff.fase:
        return "andere_fase"
    worse = any(SEVERITY_ORDER.get(new.split(",")[0], 0) > SEVERITY_ORDER.get(old.split(",")[0], 0)
                for _, _, old, new in diff.ernst)
    values = ch.value if isinstance(ch.value, list) else [ch.value]
    signs = _risk_signs()
    if diff.toegevoegd or worse or any((ch.key, str(v)) in signs for v in values):
        return "ander_symptoom"
    return "oplossing"


SEVERITY_ORDER = {"laag": 1, "middel": 2, "hoog": 3}
SEVERITY_EN = {"laag": "low", "middel": "medium", "hoog": "high"}


@dataclass
class Remedy:
    risk: str
    partner: str | None
    changes: list[Change]                       # what the coalition can change
    interventions: list[str]                    # the engine's advice that answers this risk
    other: dict[str, list[Change]]              # andere_fase / ander_symptoom changes that also remove it


def teaching_view(case: Case, diagnosis, singles=None, risk: str | None = None) -> list[Remedy]:
    """Per risk: the changes the coalition can make, the interventions that answer the risk,
    and, apart, the changes that only remove it by another phase or another symptom."""
    singles = singles if singles is not None else single_changes(case)
    out = []
    for r in diagnosis.risicos:
        if risk is not None and r.id != risk:
            continue
        remedies, other = [], {"andere_fase": [], "ander_symptoom": []}
        for ch, diff in singles:
            if ch.value == UNKNOWN or not any(rid == r.id for rid, _, _ in diff.verdwenen):
                continue
            kind = classify(ch, diff)
            (remedies if kind == "oplossing" else other[kind]).append(ch)
        ivs = [i.id for i in diagnosis.interventies if r.id in i.beantwoordt]
        out.append(Remedy(r.id, r.partner, remedies, ivs, other))
    return out


def describe_change(case: Case, changes, taal: str) -> str:
    """Changes of one answer in words: the question, the answer now and the answer(s) that would
    remove the risk."""
    from .result import answer_text
    kb = kennisbank.load()
    changes = changes if isinstance(changes, list) else [changes]
    ch = changes[0]
    if ch.informant is not None:
        now = next((i.observaties.get(ch.key) for i in case.informanten if i.id == ch.informant), None)
    elif ch.partner is not None:
        now = next((p.observaties.get(ch.key) for p in case.partners if p.naam == ch.partner), None)
    else:
        now = case.observaties.get(ch.key)

    def said(v):
        if v is None or v == UNKNOWN:
            return "unknown" if taal == "en" else "onbekend"
        if isinstance(v, list):
            return ", ".join(answer_text(ch.key, x, taal) for x in v)
        return answer_text(ch.key, v, taal)
    who = f"{ch.partner or ch.informant}: " if (ch.partner or ch.informant) else ""
    arrow = "now" if taal == "en" else "nu"
    then = "then" if taal == "en" else "dan"
    alternatives = (" or " if taal == "en" else " of ").join(said(c.value) for c in changes)
    return f"{who}{kb.observaties[ch.key].vraag(taal)} ({arrow}: {said(now)}; {then}: {alternatives})"


def additions_text(case: Case, singles, taal: str) -> str:
    """What one other answer would add, in words, one line per question and answer (partners
    for whom the same answer adds the same risk are named together)."""
    import textwrap
    kb = kennisbank.load()
    en = taal == "en"
    grouped: dict = {}
    for ch, diff in singles:
        if not diff.toegevoegd or ch.value == UNKNOWN:
            continue
        value = tuple(ch.value) if isinstance(ch.value, list) else ch.value
        added = tuple(sorted({rid for rid, _, _ in diff.toegevoegd}))
        grouped.setdefault((ch.key, value, added), []).append(ch)
    lines = ["WHAT ONE OTHER ANSWER WOULD ADD" if en else "WAT ÉÉN ANDER ANTWOORD ZOU TOEVOEGEN"]
    if not grouped:
        lines.append("  -")
    for (key, _, added), chs in sorted(grouped.items(), key=lambda kv: (-len(kv[0][2]), kv[0][0])):
        whom = sorted({c.partner or c.informant for c in chs if c.partner or c.informant})
        text = describe_change(case, chs[0], taal)
        if whom:
            text = text.split(": ", 1)[1] if (chs[0].partner or chs[0].informant) else text
            text = f"{', '.join(whom)}: {text}"
        news = ", ".join(kb.risicos[r].titel(taal) for r in added)
        lines += textwrap.wrap(f"• {text} → + {news}", 76, initial_indent="  ", subsequent_indent="    ",
                               break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def teaching_text(case: Case, diagnosis, remedies: list[Remedy], taal: str) -> str:
    import textwrap
    kb = kennisbank.load()
    en = taal == "en"
    titles = {r.id: r for r in diagnosis.risicos}

    def wrap(text, indent):
        return textwrap.wrap(text, 78 - indent, initial_indent=" " * indent, subsequent_indent=" " * (indent + 2),
                             break_on_hyphens=False)
    lines = ["WHAT THE COALITION CAN CHANGE, PER RISK" if en else "WAT DE COALITIE KAN VERANDEREN, PER RISICO", ""]
    for rem in remedies:
        r = titles[rem.risk]
        who = f" — {rem.partner}" if rem.partner else ""
        lines.append(f"[{SEVERITY_EN.get(r.ernst, r.ernst) if en else r.ernst}] {r.titel}{who}")
        if rem.interventions:
            lines += wrap(("What helps: " if en else "Wat helpt: ")
                          + "; ".join(kb.interventies[i].titel(taal) for i in rem.interventions) + ".", 2)
        if rem.changes:
            lines += wrap("It is gone when the answer changes to:" if en else "Het verdwijnt als het antwoord wordt:", 2)
            grouped: dict = {}
            for ch in rem.changes:
                grouped.setdefault((ch.partner, ch.informant, ch.key), []).append(ch)
            for chs in grouped.values():
                lines += wrap("• " + describe_change(case, chs, taal), 4)
        else:
            lines += wrap("No single change the coalition can make takes it away; several things must change."
                          if en else "Geen enkele verandering die de coalitie zelf kan maken neemt het alleen weg; "
                                     "er moet meer veranderen.", 2)
        n_phase, n_symptom = len(rem.other["andere_fase"]), len(rem.other["ander_symptoom"])
        if n_phase or n_symptom:
            lines += wrap((f"Not remedies: {n_symptom} other answer(s) would remove it only by a different or worse "
                           f"symptom, {n_phase} only by another phase (see --format json)." if en else
                           f"Geen oplossing: {n_symptom} ander(e) antwoord(en) nemen het alleen weg door een ander of "
                           f"ernstiger symptoom, {n_phase} alleen door een andere fase (zie --format json)."), 2)
        lines.append("")
    return "\n".join(lines) + "\n"


def difference_text(case: Case, changes: list[Change], diff: Difference, taal: str) -> str:
    """A chosen what-if in words: the changed questions with their answers now and then, and
    what that does to phase, risks and conditions."""
    from .render.labels import LABELS
    kb = kennisbank.load()
    lab = LABELS["en" if taal == "en" else "nl"]
    en = taal == "en"

    def sev(text: str) -> str:
        words = [w.strip() for w in text.split(",")]
        return ", ".join(lab["severity"].get(w, lab["finding_status"].get(w, w)).lower() for w in words)

    def who(partner):
        return f" — {partner}" if partner else ""
    lines = ["What if:" if en else "Wat als:"]
    import textwrap
    for ch in changes:
        lines += textwrap.wrap("• " + describe_change(case, ch, taal), 76, initial_indent="  ",
                               subsequent_indent="    ", break_on_hyphens=False)
    if diff.empty():
        lines.append("  " + ("Nothing changes in the diagnosis." if en else "Er verandert niets aan de diagnose."))
    if diff.fase:
        lines.append(f"  {'phase' if en else 'fase'}: {diff.fase[0] or '?'} → {diff.fase[1] or '?'}")
    for rid, partner, s in diff.verdwenen:
        lines.append(f"  − {kb.risicos[rid].titel(taal)}{who(partner)} ({sev(s)})")
    for rid, partner, s in diff.toegevoegd:
        lines.append(f"  + {kb.risicos[rid].titel(taal)}{who(partner)} ({sev(s)})")
    for rid, partner, old, new in diff.ernst:
        lines.append(f"  ~ {kb.risicos[rid].titel(taal)}{who(partner)}: {sev(old)} → {sev(new)}")
    for cond, old, new in diff.condities:
        lines.append(f"  {kb.condities[cond].titel(taal)}: {lab['status'].get(old, old)} → {lab['status'].get(new, new)}")
    return "\n".join(lines) + "\n"
