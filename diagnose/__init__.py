"""coalitie: a rule-based expert system that diagnoses local coalitions.

The embedding surface::

    from coalitie.diagnose import diagnose
    result = diagnose("mijn-casus.yaml")          # a path, a dict, YAML/JSON text or a Case
    print(result.fase.naam, [r.id for r in result.risicos])

``diagnose`` never prints and keeps no state between calls other than the
engine it reuses (one per thread). Bad input raises ``CaseError`` (a
``CoalitieError``) carrying the source and (field, message) pairs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .case import Case, Partner, case_from_data, load_case, parse_case_text
from .errors import CaseError, CoalitieError
from .result import SCHEMA_VERSION, Diagnosis

__version__ = "0.1.0"

__all__ = ["diagnose", "load_case", "to_case", "Case", "Partner", "Diagnosis", "CaseError",
           "CoalitieError", "SCHEMA_VERSION", "__version__"]


def to_case(case: Any) -> Case:
    """Accept a Case, a dict, a path (str or Path) or YAML/JSON text."""
    if isinstance(case, Case):
        return case
    if isinstance(case, dict):
        return case_from_data(case)
    if isinstance(case, Path):
        return load_case(case)
    if isinstance(case, str):
        if "\n" not in case and not case.lstrip().startswith(("{", "[")) and _is_path(case):
            return load_case(case)
        return parse_case_text(case)
    raise CaseError("<invoer>", [("", f"kan geen casus maken van een {type(case).__name__}")])


def _is_path(text: str) -> bool:
    if text.endswith((".yaml", ".yml", ".json")):
        return True
    try:
        return Path(text).is_file()
    except OSError:  # e.g. a name too long to be a file: it is text
        return False


def diagnose(case: Any, taal: str = "nl", *, spoor: bool = True) -> Diagnosis:
    """Diagnose one case; returns a ``Diagnosis`` (texts in ``taal``: "nl" or "en").
    ``spoor=False`` leaves the trace of rule firings (``spoor``) empty, for callers that
    do not show it (batch ``--zonder-spoor``)."""
    from .engine import all_rules, get_engine
    from .result import Builder

    if taal not in ("nl", "en"):
        raise CaseError("<invoer>", [("taal", f"taal {taal!r} is niet nl of en")])
    c = to_case(case)
    run = get_engine().run_case(c)
    return Builder(c, run, _rules(all_rules), taal).build(trace=spoor)


_RULES = None


def _rules(all_rules):
    global _RULES
    if _RULES is None:
        _RULES = all_rules()
    return _RULES
