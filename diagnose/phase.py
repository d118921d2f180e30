"""How phase evidence is weighed into one life phase with a certainty.

Each phase indicator in the knowledge base points at one phase with a weight
of 1 (a hint), 2 (typical activity) or 3 (a tipping point or a decisive
event). The phase with the largest total wins; a tie goes to the earlier
phase, because a coalition only clearly enters a phase once its typical work
has begun (handreiking §1.3: a change of phase often shows only afterwards).
Certainty follows from how clear the winner is:

  hoog      the winner has at least 4 points and leads by at least 3
  redelijk  the winner leads by at least 2, or by 1 with at least 3 points
  laag      anything less (one hint, or two phases nearly level)
"""
from __future__ import annotations

from dataclasses import dataclass

import kennisbank


@dataclass(frozen=True)
class Verdict:
    nummer: int
    zekerheid: str
    scores: dict[int, int]


def weigh(evidence) -> Verdict | None:
    kb = kennisbank.load()
    scores: dict[int, int] = {}
    for fact in evidence:
        ind = kb.indicatoren[fact["indicator"]]
        scores[ind.fase] = scores.get(ind.fase, 0) + ind.gewicht
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    nummer, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    margin = best - second
    if best >= 4 and margin >= 3:
        zekerheid = "hoog"
    elif margin >= 2 or (margin >= 1 and best >= 3):
        zekerheid = "redelijk"
    else:
        zekerheid = "laag"
    return Verdict(nummer, zekerheid, dict(sorted(scores.items())))
