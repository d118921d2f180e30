"""Seeded random cases drawn from the knowledge-base catalogue, for the benchmark
and for comparing diagnoses before and after a change (every case is valid)."""
from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

from coalitie import kennisbank

BASE_DATE = dt.date(2026, 10, 1)


def _answer(rng: random.Random, item, datum: dt.date):
    if item.type == "janee":
        return rng.choice(("ja", "nee", "deels", "onbekend"))
    if item.type == "keuze":
        return rng.choice([o.id for o in item.opties] + ["onbekend"])
    if item.type == "meerkeuze":
        ids = [o.id for o in item.opties]
        picks = rng.sample(ids, rng.randint(1, len(ids)))
        lone = item.excluding(picks)  # an option that goes alone ('niets') leaves a pick with others
        return [p for p in picks if p != lone]
    if item.type == "getal":
        lo = item.min if item.min is not None else 0
        hi = item.max if item.max is not None else lo + 100
        return rng.randint(lo, min(hi, lo + 60))
    return (datum + dt.timedelta(days=rng.randint(-500, 500))).isoformat()  # datum


def generate_cases(n: int, seed: int = 8) -> Iterator[dict]:
    """``n`` case dicts: a random subset of the coalition observations with valid
    answers, and 0–8 random partners with some partner observations each."""
    kb = kennisbank.load()
    rng = random.Random(seed)
    coalition = sorted(k for k, o in kb.observaties.items() if o.niveau == "coalitie")
    partner_obs = sorted(k for k, o in kb.observaties.items() if o.niveau == "partner")
    types = sorted(kb.partnertypes)
    for i in range(n):
        datum = BASE_DATE + dt.timedelta(days=rng.randint(0, 365))
        share = rng.uniform(0.05, 0.6)
        obs = {k: _answer(rng, kb.observaties[k], datum) for k in coalition if rng.random() < share}
        partners = []
        n_partners = rng.randint(0, 8)
        coordinator = rng.randrange(n_partners) if n_partners and rng.random() < 0.8 else -1
        for j in range(n_partners):
            p_share = rng.uniform(0.0, 0.5)
            partners.append({
                "naam": f"Partner {j + 1}",
                "type": rng.choice(types),
                "kern": rng.random() < 0.4,
                "coordinator": j == coordinator,
                "observaties": {k: _answer(rng, kb.observaties[k], datum)
                                for k in partner_obs if rng.random() < p_share},
            })
        yield {"coalitie": f"Gegenereerde coalitie {i + 1}", "gemeente": "Benchdorp",
               "datum_gesprek": datum.isoformat(), "partners": partners, "observaties": obs}
