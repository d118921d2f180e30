"""Several perspectives: how the answers of informants combine into facts.

An adviser rarely talks to one person. A case may name informants, each with
the observations as that person sees them, next to (or instead of) the
adviser's own ``observaties``. They are combined by rule, never averaged:

* the adviser's own answer, when given, stands as the observation;
* otherwise, when every informant who answered agrees, their answer stands
  ("ja" next to "deels", or "nee" next to "deels", stands as "deels");
* when the answers part — for ja/nee questions: one says ja and another nee;
  for other questions: different answers — there is no single observation but
  a ``Disagreement`` fact, which rules use (different pictures of the ambition,
  a coordinator who sees it differently from the partners, …);
* every informant's answer is also an ``InformantObs`` fact, with the partner
  the informant speaks for and whether that partner coordinates.

A case without informants gives exactly the facts it always gave.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .case import UNKNOWN, Case, case_from_data

ADVISER = "adviseur"


def _known(value) -> bool:
    return value is not None and value != UNKNOWN and value != []


def _comparable(value):
    if isinstance(value, list):
        return tuple(sorted(value))
    return value.isoformat() if hasattr(value, "isoformat") else value


def parts(values: list) -> bool:
    """Whether these answers part ways (see the module docstring)."""
    distinct = {_comparable(v) for v in values}
    if len(distinct) < 2:
        return False
    if distinct <= {"ja", "nee", "deels"}:
        return "ja" in distinct and "nee" in distinct
    return True


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class Combined:
    answers: dict[str, Any]                                  # observation -> the answer that stands
    sources: dict[str, list[str]] = field(default_factory=dict)   # observation -> who said it
    disagreements: dict[str, int] = field(default_factory=dict)   # observation -> number of answers
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # observation -> {who: answer}


def combine(case: Case) -> Combined:
    own = {k: v for k, v in case.observaties.items() if _known(v)}
    if not case.informanten:
        return Combined(answers=own, sources={k: [] for k in own})
    views: dict[str, dict[str, Any]] = {}
    for inf in case.informanten:
        for key, value in inf.observaties.items():
            if _known(value):
                views.setdefault(key, {})[inf.id] = value
    out = Combined(answers={}, views={})
    for key in sorted(set(own) | set(views)):
        said = dict(views.get(key, {}))
        if key in own:
            out.answers[key] = own[key]
            out.sources[key] = []
            if said:
                said = {ADVISER: own[key], **said}
        else:
            values = list(said.values())
            distinct = {_comparable(v) for v in values}
            if len(distinct) == 1:
                out.answers[key] = values[0]
                out.sources[key] = sorted(said)
            elif not parts(values):  # ja and deels, or nee and deels: it holds partly
                out.answers[key] = "deels"
                out.sources[key] = sorted(said)
        if said:
            out.views[key] = said
            if parts(list(said.values())):
                out.disagreements[key] = len({_comparable(v) for v in said.values()})
    return out


def as_seen_by(case: Case, informant_id: str) -> Case:
    """The case as one informant sees it: the adviser's own observations with this
    informant's answers on top (where both answered, the informant's answer counts)."""
    inf = next((i for i in case.informanten if i.id == informant_id), None)
    if inf is None:
        from .case import did_you_mean
        from .errors import CaseError
        ids = [i.id for i in case.informanten]
        raise CaseError("informant", [("", f"onbekende informant {informant_id!r}; de casus kent: "
                                          f"{', '.join(ids) or 'geen'}.{did_you_mean(informant_id, ids)}")])
    data = case.model_dump(mode="json")
    own = {k: v for k, v in inf.model_dump(mode="json")["observaties"].items() if v is not None}
    data["observaties"] = {**data["observaties"], **own}
    data["informanten"] = []
    data["coalitie"] = f"{case.coalitie} — {inf.id}" + (f" ({inf.rol})" if inf.rol else "")
    return case_from_data(data)
