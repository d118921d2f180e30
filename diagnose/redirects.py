"""Stable ids: renamed observation, risk and intervention ids keep working.

kennisbank/hernoemd.yaml maps old id -> new id per kind. ``apply_redirects``
rewrites a case's observation ids (coalition level and per partner) before the
case is validated, so an old case file keeps working with the new ids and no
error or warning is raised for it. ``redirect`` resolves one id of any kind (for
tools that compare old diagnoses). Chains (a -> b -> c) are followed; a cycle is
an error in the knowledge base.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import CaseError

TABLE_PATH = Path(__file__).resolve().parent.parent / "kennisbank" / "hernoemd.yaml"
KINDS = ("observaties", "risicos", "interventies")


class RedirectTableError(Exception):
    """kennisbank/hernoemd.yaml is malformed (a bug in the project, not in a case)."""


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
def load_table() -> dict[str, dict[str, str]]:
    """kind -> {old id: final new id}, read once per process."""
    from kennisbank import yamlstrict

    data = yamlstrict.load(TABLE_PATH.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or set(data) - set(KINDS):
        raise RedirectTableError(f"{TABLE_PATH.name}: verwacht alleen de sleutels {', '.join(KINDS)}")
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


def _rename(answers: Any, table: dict[str, str], where: str, bron: str) -> Any:
    if not isinstance(answers, dict) or not any(k in table for k in answers):
        return answers
    out = {}
    for key, value in answers.items():
        new = table.get(key, key) if isinstance(key, str) else key
        if new != key and new in answers:
            raise CaseError(bron, [(f"{where}.{key}", f"dit id heet nu {new!r}, en {new!r} staat er ook; "
                                                       "laat één van beide staan")])
        out[new] = value
    return out


def apply_redirects(data: Any, bron: str = "<dict>") -> Any:
    """The case data with renamed observation ids replaced by their new ids (a new
    dict; the input is not changed). Anything that is not a case-shaped dict is
    returned as it is, for validation to report."""
    table = load_table()["observaties"]
    if not table or not isinstance(data, dict):
        return data
    out = dict(data)
    out["observaties"] = _rename(data.get("observaties"), table, "observaties", bron)
    if "observaties" not in data:
        del out["observaties"]
    for section in ("partners", "informanten"):
        items = data.get(section)
        if isinstance(items, list):
            renamed = []
            for i, p in enumerate(items):
                if isinstance(p, dict) and "observaties" in p:
                    p = {**p, "observaties": _rename(p["observaties"], table, f"{section}.{i}.observaties", bron)}
                renamed.append(p)
            out[section] = renamed
    return out
