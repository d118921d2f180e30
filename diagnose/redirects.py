"""Stable ids: renamed observation, risk and intervention ids keep working.

kennisbank/hernoemd.yaml maps old id -> new id per kind. ``apply_redirects``
rewrites a case's observation ids (coalition level and per partner) before the
case is validated, so an old case file keeps working with the new ids and no
error or warning is raised for it. ``redirect`` resolves one id of any kind (for
tools that compare old diagnoses). Chains (a -> b -> c) are followed; a cycle is
an error in the knowledge base.

A question that asked two things at once is *split* (section ``gesplitst``): the
old id maps to several new ids, each with the old answers it carries over
(``{ja: ja, deels: deels}``). An answer a new id does not list stays unanswered
there: "nee" to "A and B" does not say which of the two failed, and unknown is
never no. An answer the case gives under a new id itself wins. Every split that
touches a case raises a ``GesplitsteVraag`` warning naming the old and new ids,
so the adviser can check the carried-over answers.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
import warnings

from .errors import CaseError

TABLE_PATH = Path(__file__).resolve().parent.parent / "kennisbank" / "hernoemd.yaml"
KINDS = ("observaties", "risicos", "interventies")
SPLITS = "gesplitst"


class RedirectTableError(Exception):
    """kennisbank/hernoemd.yaml is malformed (a bug in the project, not in a case)."""


class GesplitsteVraag(UserWarning):
    """A case answered a question that has since been split; the answer was carried
    over to the new questions (see the module doc)."""


def _resolve(table: dict[str, str], kind: str) -> dict[str, str]:
    out = {}
    for old in table:
        seen, new = [old], table[old]
        while new in table:
            if new in seen:
                raise RedirectTableError(f"{TABLE_PATH.name}: {kind}: kringverwijzing {' -> '.join(seen + [new])}")
            seen.append(new)
            new = table[new]
        out[old] = new
    return out


@lru_cache(maxsize=1)
def _load_data() -> dict:
    from ..kennisbank import yamlstrict

    data = yamlstrict.load(TABLE_PATH.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or set(data) - set(KINDS) - {SPLITS}:
        raise RedirectTableError(f"{TABLE_PATH.name}: verwacht alleen de sleutels {', '.join(KINDS + (SPLITS,))}")
    return data


@lru_cache(maxsize=1)
def load_splits() -> dict[str, dict[str, dict[str, str]]]:
    """old observation id -> {new id: {old answer: answer carried to the new id}}."""
    data = _load_data()
    mapping = data.get(SPLITS) or {}
    renamed = load_table()["observaties"]

    def bad(why):
        return RedirectTableError(f"{TABLE_PATH.name}: {SPLITS}: {why}")

    if not isinstance(mapping, dict):
        raise bad("verwacht 'oud_id: {nieuw_id: {oud_antwoord: nieuw_antwoord}}'")
    out = {}
    for old, targets in mapping.items():
        if not isinstance(old, str) or not isinstance(targets, dict) or len(targets) < 2:
            raise bad(f"{old!r}: een gesplitste vraag wijst naar minstens twee nieuwe ids, elk met een "
                      "mapping oud_antwoord: nieuw_antwoord")
        if old in renamed:
            raise bad(f"{old!r} staat ook bij observaties (hernoemd)")
        out[old] = {}
        for new, answers in targets.items():
            if not isinstance(new, str) or not isinstance(answers, dict) or not answers or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
                raise bad(f"{old}.{new}: verwacht een mapping oud_antwoord: nieuw_antwoord")
            out[old][renamed.get(new, new)] = dict(answers)
    return out


def clear_cache() -> None:
    """Forget the tables read (for tests that point TABLE_PATH elsewhere)."""
    _load_data.cache_clear()
    load_table.cache_clear()
    load_splits.cache_clear()


@lru_cache(maxsize=1)
def load_table() -> dict[str, dict[str, str]]:
    """kind -> {old id: final new id}, read once per process."""
    data = _load_data()
    table = {}
    for kind in KINDS:
        mapping = data.get(kind) or {}
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in mapping.items()):
            raise RedirectTableError(f"{TABLE_PATH.name}: {kind}: verwacht 'oud_id: nieuw_id'-regels")
        table[kind] = _resolve(mapping, kind)
    return table


def redirect(kind: str, item_id: str) -> str:
    """The current id for ``item_id`` of ``kind`` ("observaties", "risicos", "interventies")."""
    return load_table()[kind].get(item_id, item_id)


def _rename(answers: Any, table: dict[str, str], where: str, bron: str,
            splits: dict[str, dict[str, dict[str, str]]] | None = None) -> Any:
    splits = splits or {}
    if not isinstance(answers, dict) or not any(k in table or k in splits for k in answers):
        return answers
    out = {}
    for key, value in answers.items():
        if key in splits:
            continue
        new = table.get(key, key) if isinstance(key, str) else key
        if new != key and new in answers:
            raise CaseError(bron, [(f"{where}.{key}", f"dit id heet nu {new!r}, en {new!r} staat er ook; "
                                                       "laat één van beide staan")])
        out[new] = value
    for key, value in answers.items():
        if key not in splits:
            continue
        carried, left = [], []
        for new, answer_map in splits[key].items():
            if new in out:
                left.append(f"{new} (al beantwoord)")
            elif isinstance(value, str) and value in answer_map:
                out[new] = answer_map[value]
                carried.append(f"{new}: {answer_map[value]}")
            else:
                left.append(f"{new} (open)")
        warnings.warn(GesplitsteVraag(
            f"{bron}: {where}.{key} is gesplitst in {', '.join(splits[key])}; antwoord {value!r} "
            f"overgenomen als {'; '.join(carried) or 'niets'}"
            + (f"; niet overgenomen: {', '.join(left)}" if left else "")
            + ". Controleer de nieuwe vragen."), stacklevel=4)
    return out


def apply_redirects(data: Any, bron: str = "<dict>") -> Any:
    """The case data with renamed observation ids replaced by their new ids (a new
    dict; the input is not changed). Anything that is not a case-shaped dict is
    returned as it is, for validation to report."""
    table, splits = load_table()["observaties"], load_splits()
    if not (table or splits) or not isinstance(data, dict):
        return data
    out = dict(data)
    out["observaties"] = _rename(data.get("observaties"), table, "observaties", bron, splits)
    if "observaties" not in data:
        del out["observaties"]
    for section in ("partners", "informanten"):
        items = data.get(section)
        if isinstance(items, list):
            renamed = []
            for i, p in enumerate(items):
                if isinstance(p, dict) and "observaties" in p:
                    p = {**p, "observaties": _rename(p["observaties"], table, f"{section}.{i}.observaties", bron,
                                                     splits)}
                renamed.append(p)
            out[section] = renamed
    return out
