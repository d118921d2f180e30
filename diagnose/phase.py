"""How phase evidence is weighed into one life phase with a certainty.

Each phase indicator in the knowledge base points at one phase with a weight
of 1 (a hint), 2 (typical activity) or 3 (a tipping point or a decisive
event). An indicator counts with its strength: 1 when it holds fully, less
when its own evidence is partial (a "deels" answer, a record weighed as
vermoedelijk; see diagnose/reasoning.py). The phase with the largest total
wins; a tie goes to the earlier phase, because a coalition only clearly
enters a phase once its typical work has begun (handreiking §1.3: a change of
phase often shows only afterwards). When the neighbouring phase scores at
least half as much as the winner, the coalition is reported *in overgang*
(in transition) between the two: current tipping signals are not outvoted by
history. Certainty follows from how clear the winner is:

  hoog      the winner has at least 4 points and leads by at least 3
  redelijk  the winner leads by at least 2, or by 1 with at least 3 points
  laag      anything less (one hint, two phases nearly level, a transition)
  onbekend  no phase marker at all: phase 1 is reported, and the reason said
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import kennisbank


@dataclass(frozen=True)
class Verdict:
    nummer: int
    zekerheid: str
    scores: dict[int, float]
    overgang_naar: int | None = None

    @property
    def bekend(self) -> bool:
        return self.zekerheid != "onbekend"


UNKNOWN = Verdict(1, "onbekend", {})


def indicator_strengths(run, index=None) -> list[tuple[str, float, list[int]]]:
    """(indicator id, strength 0–1, supporting fact ids) for every phase indicator that holds:
    crisp ``PhaseEvidence`` facts at full strength, phase records at their weighed strength
    (``index``: the run's EvidenceIndex when the caller has it already)."""
    from .facts import PhaseEvidence
    from .reasoning import EvidenceIndex, phase_strength
    from .records import load_records
    out: dict[str, tuple[float, list[int]]] = {}
    for fid, f in run.of_type(PhaseEvidence):
        _, fids = out.get(f["indicator"], (0.0, []))
        out[f["indicator"]] = (1.0, fids + [fid])
    records = _phase_records(load_records())
    if records:
        index = index or EvidenceIndex(run)
        for rec in records:
            strength = phase_strength(rec, index)
            if strength > 0:
                fids = [fid for fid, _, _ in index.by_record.get(rec.id, []) if fid is not None]
                old, old_fids = out.get(rec.id, (0.0, []))
                out[rec.id] = (max(old, strength), old_fids + fids)
    return [(k, s, fids) for k, (s, fids) in sorted(out.items())]


_PHASE_RECORDS: list = [None, ()]  # [records dict, its phase records]: worked out once per dict


def _phase_records(records: dict) -> tuple:
    if _PHASE_RECORDS[0] is not records:
        _PHASE_RECORDS[:] = [records, tuple(r for r in records.values() if r.soort == "fase")]
    return _PHASE_RECORDS[1]


def weigh(strengths) -> Verdict:
    """The phase from (indicator id, strength, ...) tuples; never None (see the module doc)."""
    kb = kennisbank.load()
    scores: dict[int, float] = {}
    for item in strengths:
        ind = kb.indicatoren[item[0]]
        scores[ind.fase] = round(scores.get(ind.fase, 0) + ind.gewicht * item[1], 2)
    if not scores:
        return UNKNOWN
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
    overgang = None
    for other, score in ranked[1:]:
        if abs(other - nummer) == 1 and score >= best / 2 and score >= 2:
            overgang = other
            zekerheid = "laag" if zekerheid == "laag" or margin < 2 else "redelijk"
            break
    return Verdict(nummer, zekerheid, dict(sorted(scores.items())), overgang)
