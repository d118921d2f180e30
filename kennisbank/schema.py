"""The shape of the knowledge base: what each kind of item must hold.

Every item that can appear in a diagnosis carries Dutch and English text and
at least one citation (``bron``); citations are checked against bronnen.yaml.
"""
# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic
# would otherwise compile every field's annotation from text at each start (tests/test_startup.py).

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


def new_list() -> list:
    """``Field(default_factory=new_list)``: a fresh empty list for each model. A function of
    our own rather than the builtin ``list``: pydantic reads every factory's signature when
    it builds a model, and a builtin's means parsing its text signature (the first one also
    compiles the tokenizer's patterns) — for the sixty list fields about 15 ms of every
    process, against microseconds for a Python function (``tests/test_startup.py``)."""
    return []


def new_dict() -> dict:
    """``Field(default_factory=new_dict)``: a fresh empty dict (see ``new_list``)."""
    return {}


class Strict(BaseModel):
    # defer_build: validators are built on first validation, which a process that loads the
    # knowledge base from the cache never does (kennisbank.cached_build)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Text(Strict):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, taal: str) -> str:
        return self.en if taal == "en" else self.nl


Sources = list[str]

ANSWER_TYPES = ("janee", "keuze", "meerkeuze", "getal", "datum")
JANEE = ("ja", "nee", "deels")
SEVERITIES = ("laag", "middel", "hoog")
CONDITION_STATES = ("sterk", "op_orde", "gemengd", "aandacht_nodig", "zwak", "onbekend")
PROCESS_STEPS = (1, 2, 3, 4)  # relations and discussability, ambition and interests, organisation, anchoring


class Option(Strict):
    id: str
    nl: str
    en: str
    alleen: bool = False  # in a choice of several: this option excludes the others ("niets")


class Precondition(Strict):
    """When a question is worth asking: another observation has one of these values ('deels'
    to a yes/no observation opens it too, ``KnowledgeBase.opening``),
    or (for partner-level questions) the partner is of one of these types."""

    obs: Optional[str] = None
    in_: list[str | int] = Field(default_factory=new_list, alias="in")
    partner_type: list[str] = Field(default_factory=new_list)


class Observation(Strict):
    thema: str
    vraag: Text
    type: Literal["janee", "keuze", "meerkeuze", "getal", "datum"]
    opties: list[Option] = Field(default_factory=new_list)
    hulp: Text
    niveau: Literal["coalitie", "partner"] = "coalitie"
    wanneer: list[Precondition] = Field(default_factory=new_list)
    min: Optional[int] = None
    max: Optional[int] = None
    bron: Sources = Field(min_length=1)

    def allowed(self) -> tuple:
        if self.type == "janee":
            return JANEE
        return tuple(o.id for o in self.opties)

    def excluding(self, values) -> str | None:
        """In a choice of several: an option that excludes the others (``alleen``) when it is
        chosen together with another, else None."""
        chosen = set(values)
        return next((o.id for o in self.opties if o.alleen and o.id in chosen and len(chosen) > 1), None)


class Item(Strict):
    titel: Text
    uitleg: Text
    bron: Sources = Field(min_length=1)


class Indicator(Item):
    fase: int = Field(ge=1, le=5)
    gewicht: int = Field(ge=1, le=3)
    terugval: bool = False  # evidence that the coalition went back to this earlier phase


class RiskItem(Item):
    conditie: Optional[str] = None
    uit_fase: Optional[int] = Field(default=None, ge=1, le=5)


class StrengthItem(Item):
    """Something that goes well, with the condition it supports."""

    conditie: Optional[str] = None


class InterventionItem(Item):
    """An intervention. ``stap`` places it in the order an adviser works (1 make
    tension discussable and restore relations, 2 ambition and interests,
    3 organisation and process, 4 anchoring); ``alternatief`` names a group of
    interventions of which only one is advised at a time (e.g. the forms of support)."""

    stap: int = Field(default=3, ge=1, le=4)
    alternatief: Optional[str] = None


class PlanItem(Item):
    """Something a coalition (or someone else) plans or announces, entered with a date.
    ``voorbij_als``: the plan lies behind the coalition once an observation has one of these
    values (exactly these; unanswered is not past), so the interview no longer offers it.
    ``zelfde_als``: a date observation that can record the same event (the end of the
    coalition's current subsidy): where a case gives both on the same date, they are one
    account of it, weighed once (as the observation)."""

    vraag: Text
    voorbij_als: list[Precondition] = Field(default_factory=new_list)
    zelfde_als: str | None = None


class PhaseItem(Item):
    nummer: int = Field(ge=1, le=5)


class Theme(Strict):
    titel: Text
    volgorde: int


class SourceDoc(Strict):
    titel: str
    secties: list[str] = Field(default_factory=new_list)
    titels: list[str] = Field(default_factory=new_list)
    titel_verplicht: bool = False


class Basis(Strict):
    versie: str
    fasen: dict[str, PhaseItem]
    condities: dict[str, Item]
    themas: dict[str, Theme]
    partnertypes: dict[str, Item]


class Area(Strict):
    """One knowledge area file in kennisbank/gebieden/."""

    observaties: dict[str, Observation] = Field(default_factory=new_dict)
    signalen: dict[str, Item] = Field(default_factory=new_dict)
    indicatoren: dict[str, Indicator] = Field(default_factory=new_dict)
    risicos: dict[str, RiskItem] = Field(default_factory=new_dict)
    sterktes: dict[str, StrengthItem] = Field(default_factory=new_dict)
    interventies: dict[str, InterventionItem] = Field(default_factory=new_dict)
    plannen: dict[str, PlanItem] = Field(default_factory=new_dict)
