"""Statements: each observation's answer as one sentence a client can read.

The report shows "Partners komen toezeggingen niet na" instead of the question and
its answer. The sentences live in ``stellingen.yaml`` (Dutch and English), written
once per observation and answer; this module loads them and fills in the partner
or the value. ``check`` lists what is missing or stray, so a test can keep the file
complete while the questions in gebieden/*.yaml change.
"""
# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic
# would otherwise compile every field's annotation from text at each start (tests/test_startup.py).

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from . import HERE, KnowledgeBaseError, _code_files, _validated, cached_build, load, read_cached
from .schema import JANEE, Strict, Text

PATH = HERE / "stellingen.yaml"
VALUE = "waarde"  # the single key for a date or a number


class Stellingen(Strict):
    versie: int
    partnerlijst: dict[str, Text] = Field(description="afwezig ({soort}) and aanwezig ({partners})")
    uiteenlopend: Text
    stellingen: dict[str, dict[str, Text]]


@lru_cache(maxsize=1)
def stellingen() -> Stellingen:
    """The statements, validated once and kept between processes (``cached_build``)."""
    return cached_build("stellingen", [PATH, Path(__file__), *_code_files()],
                        lambda: _validated(Stellingen, read_cached(PATH), PATH))


def expected_answers(obs) -> tuple[str, ...]:
    """The answer keys an observation needs a statement for."""
    if obs.type == "janee":
        return JANEE
    if obs.type in ("keuze", "meerkeuze"):
        return tuple(o.id for o in obs.opties)
    return (VALUE,)


def check() -> list[str]:
    """Every observation and answer has a statement in nl and en, partner statements name
    the partner, values are filled in, and nothing is stray. Empty: complete."""
    kb, st = load(), stellingen()
    problems = []
    for key, obs in kb.observaties.items():
        given = st.stellingen.get(key)
        if given is None:
            problems.append(f"{key}: geen stellingen")
            continue
        need = expected_answers(obs)
        problems += [f"{key}: geen stelling voor {a!r}" for a in need if a not in given]
        problems += [f"{key}: onbekend antwoord {a!r}" for a in given if a not in need]
        for answer, text in given.items():
            for taal in ("nl", "en"):
                s = text(taal)
                if obs.niveau == "partner" and "{partner}" not in s:
                    problems.append(f"{key}.{answer}.{taal}: noemt de partner niet ({{partner}})")
                if answer == VALUE and "{waarde}" not in s:
                    problems.append(f"{key}.{answer}.{taal}: noemt de waarde niet ({{waarde}})")
    problems += [f"{key}: geen observatie in de kennisbank" for key in st.stellingen if key not in kb.observaties]
    return problems


def statement(key: str, value, taal: str, partner: str | None = None, value_text: str | None = None) -> str:
    """The statement for one answer. A list (meerkeuze) gives one sentence per choice,
    joined; ``value_text`` is how a date or number reads (defaults to str(value))."""
    given = stellingen().stellingen.get(key)
    if given is None:
        raise KnowledgeBaseError(f"{PATH}: geen stellingen voor {key!r}")
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        text = given.get(VALUE) if VALUE in given else given.get(str(v))
        if text is None:
            raise KnowledgeBaseError(f"{PATH}: geen stelling voor {key}={v!r}")
        shown = value_text if value_text is not None else str(v)
        out.append(text(taal).replace("{partner}", partner or "").replace("{waarde}", shown))
    return "; ".join(out)


def absent_kind(kinds: str, taal: str) -> str:
    """A kind of partner that is not at the table, on a complete partner list."""
    return stellingen().partnerlijst["afwezig"](taal).replace("{soort}", kinds)


def present(partners: str, taal: str) -> str:
    return stellingen().partnerlijst["aanwezig"](taal).replace("{partners}", partners)


def views_part(taal: str) -> str:
    return stellingen().uiteenlopend(taal)
