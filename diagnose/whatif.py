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
from typing import Any

import kennisbank

from .case import UNKNOWN, Case, case_from_data, did_you_mean
from .engine import get_engine
from .errors import CaseError


@dataclass(frozen=True)
class Change:
    key: str
    value: Any
    partner: str | None = None      # a partner-level observation of this partner
    informant: str | None = None    # this informant's answer

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
