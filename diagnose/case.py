"""The case an adviser writes: the coalition, its partners and what was observed.

One pydantic schema for YAML and JSON files. Unknown fields are refused, ids
are checked against the observation catalogue in the knowledge base (with a
did-you-mean), and answers against each question's type. An answer of
"onbekend" (or no answer) means unknown and is always fine.
"""
# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic
# would otherwise compile every field's annotation from text at each start (tests/test_startup.py).

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .. import kennisbank
from ..kennisbank.schema import new_dict, new_list

from . import reading
from .dates import parse_date_text
from .errors import CaseError
from .reading import Document, dutch_problems, shown
from .redirects import apply_redirects

MAX_CASE_BYTES = reading.MAX_BYTES  # a case is a few kB; refuse anything that is clearly not one
UNKNOWN = "onbekend"

Answer = Union[dt.date, int, str, list[str], None]


def did_you_mean(word: str, options, taal: str = "nl") -> str:
    import difflib  # only for a message about bad input
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not close:
        return ""
    return f" Did you mean {close[0]!r}?" if taal == "en" else f" Bedoel je {close[0]!r}?"


def one_of(value: str, options, what: str) -> str:
    """``value`` if it is one of ``options``, else a Dutch message with the choices and a did-you-mean."""
    if value not in options:
        raise ValueError(f"onbekend {what} {value!r}; kies uit {', '.join(options)}."
                         f"{did_you_mean(value, options)}")
    return value


def _normalise(obs_id: str, value: Any, scope: str) -> Any:
    """Check one answer against the catalogue and return it in canonical form."""
    kb = kennisbank.load()
    item = kb.observaties.get(obs_id)
    if item is None:
        raise ValueError(f"onbekende observatie.{did_you_mean(obs_id, kb.observaties)}")
    if item.niveau != scope:
        where = "bij een partner" if item.niveau == "partner" else "bij de coalitie (observaties bovenaan)"
        raise ValueError(f"observatie {obs_id!r} hoort {where}")
    if value is None or value == UNKNOWN:
        return None
    if item.type == "janee":
        if value is True or value is False:  # YAML yes/no, true/false, on/off
            return "ja" if value else "nee"
        if value not in ("ja", "nee", "deels"):
            raise ValueError(f"{obs_id}: antwoord {shown(value)} is niet toegestaan; kies ja, nee, deels of onbekend")
        return value
    if item.type == "keuze":
        if not isinstance(value, str) or value not in item.allowed():
            raise ValueError(f"{obs_id}: antwoord {shown(value)} is niet toegestaan; kies uit "
                             f"{', '.join(item.allowed())} of onbekend.{did_you_mean(str(value), item.allowed())}")
        return value
    if item.type == "meerkeuze":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{obs_id}: geef een lijst met keuzes uit {', '.join(item.allowed())}")
        for v in values:
            if v not in item.allowed():
                raise ValueError(f"{obs_id}: keuze {v!r} is niet toegestaan; kies uit "
                                 f"{', '.join(item.allowed())}.{did_you_mean(v, item.allowed())}")
        lone = item.excluding(values)
        if lone:
            raise ValueError(f"{obs_id}: keuze {lone!r} kan niet samen met andere keuzes; geef alleen {lone!r} "
                             f"of laat die weg")
        return sorted(set(values))
    if item.type == "getal":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{obs_id}: verwacht een geheel getal, kreeg {shown(value)}")
        if item.min is not None and value < item.min or item.max is not None and value > item.max:
            raise ValueError(f"{obs_id}: {value} ligt buiten {item.min}–{item.max}")
        return value
    # datum
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{obs_id}: verwacht een datum als 2027-03-01, kreeg {shown(value)}") from None
    if not isinstance(value, dt.date):
        raise ValueError(f"{obs_id}: verwacht een datum als 2027-03-01, kreeg {shown(value)}")
    return value


def _normalise_all(answers: dict[str, Any], scope: str) -> dict[str, Any]:
    """Check every answer, reporting all problems at once (one per line)."""
    out, problems = {}, []
    for k, v in answers.items():
        try:
            out[k] = _normalise(str(k), v, scope)
        except ValueError as exc:
            problems.append(f"{k}: {exc}" if not str(exc).startswith(f"{k}:") else str(exc))
    if problems:
        raise ValueError("\n".join(problems))
    return out


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Observing(_Strict):
    """Something with its own ``observaties``, checked against the catalogue at ``_scope``."""

    _scope: ClassVar[str] = "coalitie"

    @field_validator("observaties", mode="before", check_fields=False)
    @classmethod
    def _known_obs(cls, v):
        """Checked on the values as written (before the type union could turn a YAML
        ``yes`` into 1): None is none yet, anything but a mapping is left to the schema."""
        if v is None:
            return {}
        return _normalise_all(v, cls._scope) if isinstance(v, dict) else v


class Partner(_Observing):
    """A partner at the table."""

    _scope: ClassVar[str] = "partner"

    naam: str = Field(min_length=1, description="Naam van de partij, uniek binnen de casus")
    type: str = Field(description="Soort partner: inwoner, welzijnsorganisatie, ondernemer, vereniging, "
                                  "wijkteam, bibliotheek_cultuur, zorgaanbieder, onderwijs, gemeente, woningcorporatie, "
                                  "ggd, fonds, overig")
    rol: str = Field("", description="Rol in de coalitie, in eigen woorden")
    kern: Optional[bool] = Field(None, description="Hoort bij de kerngroep (weglaten: onbekend)")
    coordinator: Optional[bool] = Field(None, description="Voert de netwerkcoördinatie (weglaten: onbekend)")
    observaties: dict[str, Answer] = Field(default_factory=new_dict,
                                           description="Observaties over deze partner (niveau: partner)")

    @field_validator("type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        return one_of(v, kennisbank.load().partnertypes, "partnertype")




class Informant(_Observing):
    """Someone the adviser spoke to, with the observations as that person sees them."""

    id: str = Field(min_length=1, description="Korte naam, uniek in de casus (bijv. coordinator, wethouder)")
    rol: str = Field("", description="Rol in eigen woorden")
    partner: str | None = Field(None, description="De partner namens wie deze persoon spreekt (naam uit partners)")
    observaties: dict[str, Answer] = Field(default_factory=new_dict,
                                           description="Antwoorden zoals deze persoon het ziet (niveau: coalitie)")




class PlanEntry(_Strict):
    """Something planned, announced or expected, with when (a date, or a duration
    from the interview such as "over 14 maanden")."""

    wat: str = Field(description="Id uit de catalogus van plannen (coalitie kennis lijst --soort plan)")
    wanneer: dt.date = Field(description="Datum (JJJJ-MM-DD) of duur vanaf het gesprek ('over 3 maanden')")
    partner: Optional[str] = Field(None, description="De partner die het plant of die het betreft (optioneel)")

    @field_validator("wat")
    @classmethod
    def _known_plan(cls, v: str) -> str:
        return one_of(v, sorted(kennisbank.load().plannen), "plan")


CASE_SCHEMA_VERSION = "2.0"  # 2.0: partnerlijst, plannen, unknown kern/coordinator, relative dates


class Case(_Strict):
    """A coalition as the adviser saw it on the day of the interview.

    A file without ``schema_versie`` is a 1.x case: it is read as it stands (an absent
    ``kern``/``coordinator`` means unknown, an explicit false stays false, the partner
    list's completeness is unknown) and never rewritten on disk except by an interview save,
    which writes the current version."""

    schema_versie: Optional[str] = Field(None, description="Versie van het casusformaat; leeg = 1.x")
    coalitie: str = Field(min_length=1, description="Naam van de coalitie")
    gemeente: str = Field("", description="Gemeente of kern")
    datum_gesprek: dt.date = Field(description="Datum van het gesprek (JJJJ-MM-DD); data in observaties "
                                               "worden hiertegen afgezet")
    partners: list[Partner] = Field(default_factory=new_list)
    observaties: dict[str, Answer] = Field(default_factory=new_dict,
                                           description="Antwoorden per observatie-id uit de catalogus")
    informanten: list[Informant] = Field(default_factory=new_list,
                                         description="Gesprekspartners met elk hun eigen kijk (optioneel)")
    partnerlijst: Literal["volledig", "onvolledig", "onbekend"] = Field(
        "onbekend", description="Staan alle partijen in de lijst? Alleen bij een volledige lijst telt het "
                                "ontbreken van een soort partner als waarneming")
    plannen: list[PlanEntry] = Field(default_factory=new_list,
                                     description="Wat gepland of aangekondigd is, met wanneer")
    notities: str = Field("", description="Vrije notities van de adviseur; de engine leest ze niet")

    @model_validator(mode="before")
    @classmethod
    def _relative_dates(cls, data):
        """Durations, relative dates and dates in words ("over 14 maanden", "sinds drie
        jaar", "1 maart 2027"; ``dates.parse_date_text``) become dates counted from the
        interview date, in every date answer and in the plans."""
        if not isinstance(data, dict):
            return data
        ref = data.get("datum_gesprek")
        try:
            ref = ref if isinstance(ref, dt.date) else dt.date.fromisoformat(str(ref))
        except ValueError:
            return data
        kb = kennisbank.load()

        def resolve(value, future=False):
            if type(value) is int and 1900 <= value <= 2099:  # a year alone, as YAML reads `2020`
                value = str(value)
            if isinstance(value, str) and value != UNKNOWN:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    return parse_date_text(value, ref, future) or value
            return value

        def answers(obs):
            if not isinstance(obs, dict):
                return obs
            return {k: resolve(v) if getattr(kb.observaties.get(str(k)), "type", None) == "datum" else v
                    for k, v in obs.items()}

        data = dict(data)
        if "observaties" in data:
            data["observaties"] = answers(data["observaties"])
        for key in ("partners", "informanten"):
            if isinstance(data.get(key), list):
                data[key] = [dict(x, observaties=answers(x.get("observaties"))) if isinstance(x, dict) else x
                             for x in data[key]]
        if isinstance(data.get("plannen"), list):
            data["plannen"] = [dict(x, wanneer=resolve(x.get("wanneer"), future=True)) if isinstance(x, dict) else x
                               for x in data["plannen"]]
        return data

    @field_validator("observaties", "partners", "informanten", "notities", "gemeente", "plannen", mode="before")
    @classmethod
    def _empty_is_default(cls, v, info):
        """A key written with nothing after it (``observaties:``) means: none yet."""
        if v is None:
            return {"observaties": {}, "partners": [], "informanten": [], "notities": "",
                    "gemeente": "", "plannen": []}[info.field_name]
        return v

    def partner_list(self) -> str:
        """Whether the partner list is complete: as entered, but never "volledig" when
        the number of parties given exceeds the partners listed."""
        count = self.observaties.get("aantal_partijen")
        if isinstance(count, int) and count > len(self.partners):
            return "onvolledig"
        return self.partnerlijst

    @field_validator("observaties", mode="before")
    @classmethod
    def _known_obs(cls, v):
        """As for partners: checked on the values as written."""
        if v is None:
            return {}
        return _normalise_all(v, "coalitie") if isinstance(v, dict) else v

    @model_validator(mode="after")
    def _unique_partners(self) -> "Case":
        seen = set()
        for p in self.partners:
            if p.naam in seen:
                raise ValueError(f"partner {p.naam!r} staat twee keer in de lijst")
            seen.add(p.naam)
        ids = set()
        for inf in self.informanten:
            if inf.id in ids:
                raise ValueError(f"informant {inf.id!r} staat twee keer in de lijst")
            ids.add(inf.id)
            if inf.partner is not None and inf.partner not in seen:
                raise ValueError(f"informant {inf.id!r} spreekt namens onbekende partner {inf.partner!r}."
                                 f"{did_you_mean(inf.partner, seen)}")
        for plan in self.plannen:
            if plan.partner is not None and plan.partner not in seen:
                raise ValueError(f"plan {plan.wat!r} noemt onbekende partner {plan.partner!r}."
                                 f"{did_you_mean(plan.partner, seen)}")
        return self


def _field_names(loc) -> list[str]:
    if "partners" in loc:
        return list(Partner.model_fields)
    if "informanten" in loc:
        return list(Informant.model_fields)
    if "plannen" in loc:
        return list(PlanEntry.model_fields)
    return list(Case.model_fields)


def case_from_data(data: Any, bron: str = "<dict>", doc: Document | None = None) -> Case:
    """Validate already-parsed data (a dict) as a case; ``doc`` (from diagnose.reading)
    lets messages name the line of each field."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        kind = "leeg" if data is None else f"een {_KIND.get(type(data).__name__, type(data).__name__)}"
        raise CaseError(bron, [("", f"een casus is een mapping met coalitie, datum_gesprek, partners en "
                                    f"observaties; dit bestand is {kind}")])
    data = apply_redirects(data, bron)  # ids renamed since the case was written keep working
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        where = doc if doc is not None else Document(data, bron)
        raise CaseError(bron, dutch_problems(exc, Document(data, bron, where.lines), _field_names,
                                             split_lines_under="observaties")) from None


_KIND = {"list": "lijst", "str": "tekst", "int": "getal", "float": "getal", "bool": "ja/nee-waarde"}


def parse_case_text(text: str, bron: str = "<tekst>", fmt: str | None = None) -> Case:
    """Parse YAML or JSON text (JSON is tried first when it looks like JSON)."""
    doc = reading.parse_text(text, bron, fmt)
    return case_from_data(doc.data, bron, doc)


def read_case_bytes(raw: bytes, bron: str, fmt: str | None = None) -> Case:
    doc = reading.parse_document(raw, bron, fmt)
    return case_from_data(doc.data, bron, doc)


def load_case(path: str | Path) -> Case:
    """Read a case file (.yaml, .yml or .json; ``-`` is standard input) through diagnose.reading."""
    doc = reading.load_document(path, what="casusbestand")
    return case_from_data(doc.data, doc.bron, doc)


def case_to_data(case: Case) -> dict:
    """The case as plain data for YAML/JSON output (dates as ISO strings)."""
    return case.model_dump(mode="json", exclude_defaults=False)
