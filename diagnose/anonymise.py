"""A copy of a case safe to share: every name replaced by a neutral label.

The coalition, the municipality, each partner (by its kind: "Welzijnsorganisatie A"),
each informant ("Gesprekspartner 1") get a label; informant roles, partners' roles in
their own words and the adviser's notes are dropped. The diagnosis is then made from
the copy, so no format can print a name: the engine never reads names, and every
renderer only sees the labels. The case on disk is never touched.
"""
from __future__ import annotations

import string
from collections import Counter

from .. import kennisbank

from .case import Case

LABELS = {
    "nl": {"coalitie": "Coalitie X", "gemeente": "Gemeente X", "informant": "Gesprekspartner {n}"},
    "en": {"coalitie": "Coalition X", "gemeente": "Municipality X", "informant": "Informant {n}"},
}


def partner_labels(case: Case, taal: str) -> dict[str, str]:
    """Each partner's name → its kind, with a letter when the kind occurs more than once."""
    kb = kennisbank.load()
    count = Counter(p.type for p in case.partners)
    seen: Counter = Counter()
    out = {}
    for p in case.partners:
        kind = kb.partnertypes[p.type].titel(taal)
        if count[p.type] == 1:
            out[p.naam] = kind
        else:
            out[p.naam] = f"{kind} {string.ascii_uppercase[seen[p.type] % 26]}" + \
                ("" if seen[p.type] < 26 else str(seen[p.type] // 26))
            seen[p.type] += 1
    return out


def anonymise(case: Case, taal: str = "nl") -> Case:
    """The case with neutral labels for every name, and without free text."""
    lab = LABELS[taal]
    partners = partner_labels(case, taal)
    informants = {inf.id: lab["informant"].format(n=n) for n, inf in enumerate(case.informanten, 1)}
    data = case.model_dump()
    data["coalitie"] = lab["coalitie"]
    data["gemeente"] = lab["gemeente"] if case.gemeente else ""
    data["notities"] = ""
    for p in data["partners"]:
        p["naam"], p["rol"] = partners[p["naam"]], ""
    for inf in data["informanten"]:
        inf["id"], inf["rol"] = informants[inf["id"]], ""
        if inf["partner"] is not None:
            inf["partner"] = partners[inf["partner"]]
    for plan in data["plannen"]:
        if plan["partner"] is not None:
            plan["partner"] = partners[plan["partner"]]
    return Case.model_validate(data)


def names_in(case: Case) -> set[str]:
    """Every name and free text in a case that an anonymised copy must not show."""
    out = {case.coalitie, case.gemeente, case.notities}
    out |= {p.naam for p in case.partners} | {p.rol for p in case.partners}
    out |= {i.id for i in case.informanten} | {i.rol for i in case.informanten}
    return {x.strip() for x in out if x and x.strip()}
