"""Hypothesis strategies that generate valid cases from the knowledge base itself."""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from coalitie import kennisbank

KB = kennisbank.load()
INTERVIEW = dt.date(2026, 10, 1)


def answer(item):
    if item.type == "janee":
        return st.sampled_from(["ja", "nee", "deels", "onbekend"])
    if item.type == "keuze":
        return st.sampled_from([o.id for o in item.opties] + ["onbekend"])
    if item.type == "meerkeuze":
        return st.lists(st.sampled_from([o.id for o in item.opties]), unique=True,
                        max_size=len(item.opties)).filter(lambda picks: item.excluding(picks) is None)
    if item.type == "getal":
        lo = item.min if item.min is not None else 0
        hi = item.max if item.max is not None else 200
        return st.integers(min_value=lo, max_value=hi)
    return st.dates(min_value=INTERVIEW - dt.timedelta(days=3650), max_value=INTERVIEW + dt.timedelta(days=1500))


def observations(level: str):
    items = {k: v for k, v in KB.observaties.items() if v.niveau == level}
    if not items:
        return st.just({})
    return st.fixed_dictionaries({}, optional={k: answer(v) for k, v in sorted(items.items())})


@st.composite
def partners(draw):
    names = draw(st.lists(st.sampled_from(["Welzijn", "Gemeente", "Bibliotheek", "KBO", "Buurtteam",
                                           "Bakker", "Huisarts", "School", "Bewoners", "Kerk"]),
                          unique=True, max_size=7))
    out = []
    for n in names:
        out.append({
            "naam": n,
            "type": draw(st.sampled_from(sorted(KB.partnertypes))),
            "kern": draw(st.booleans()),
            "coordinator": draw(st.booleans()),
            "observaties": draw(observations("partner")),
        })
    return out


@st.composite
def cases(draw):
    return {
        "coalitie": "Eigenschapstest",
        "gemeente": "Testdorp",
        "datum_gesprek": INTERVIEW.isoformat(),
        "partners": draw(partners()),
        "observaties": draw(observations("coalitie")),
    }
