"""Knowledge records: one record per finding, in rules/<gebied>.yaml.

A record says *when* a finding applies, as data: its indicators for and
against (each with a weight and, where it differs from the record's, a
source), its thresholds, how context moves its severity, what it absorbs,
which interventions answer it, and the cases that pin its behaviour. What the
finding *is* (title, explanation, condition) stays in the kennisbank under the
same id. ``diagnose/compile.py`` turns every indicator into an experta rule that
asserts an ``Evidence`` fact; ``diagnose/reasoning.py`` weighs the evidence.

Kinds (``soort``):
  risico      a pitfall; raised as vastgesteld / vermoedelijk, possibly dreigend
  sterkte     something that goes well; same weighing, shown as a strength
  fase        a phase indicator (kennisbank ``indicatoren``): its weighed
              strength (0-1) times the indicator's weight goes into the phase
  signaal     an intermediate conclusion other records build on: crisp, all of
              ``alle`` must hold (compiled into one experta rule)

An indicator is one of (exactly one key of the first group):
  obs: KEY          a coalition observation; with ``is`` (values), or ``dagen``
                    [lo, hi] (a date that many days from the interview), or
                    ``min``/``max`` (a number)
  partner_obs: KEY  an observation about one partner (``is`` as above): the
                    finding then holds per partner; ``bij: {type: ...}`` limits it
                    to partners of that kind
  informant: KEY    one informant's answer (``is``), optionally only informants
                    speaking for the coordinator (``coordinator: true/false``)
  uiteenlopend: KEY informants answered this observation differently
  signaal: ID       a signal (an intermediate conclusion) holds
  plan: KEY         something planned or announced (``dagen`` [lo, hi] ahead);
                    evidence from plans, and from dates still ahead, marks a
                    finding as dreigend
  partner: {...}    the finding's partner has these properties (type, kern,
                    coordinator): context, it never raises a finding alone
  aanwezig: [TYPES] a partner of these types is on the list: an observation
                    of the table's make-up (for the coalition as a whole)
  ontbreekt: [TYPES] no partner of these types: read from a complete partner
                    list (never from an incomplete or unknown one), or said
                    outright (observation ``niet_aan_tafel``)
  fase: [N, ...]    the coalition is in one of these phases
  bevinding: ID     another finding is raised (vastgesteld or vermoedelijk)
and carries ``gewicht`` (1 a hint, 2 a clear sign, 3 a strong sign; see the
README's design notes), ``context: true`` for a circumstance rather than a sign
(the number of parties, the coalition's age; the phase and a partner's kind
always are), ``beslissend: true`` where the sources make one
observation enough, ``dreigend: true`` for a sign of what is coming, and
``bron`` when it rests on another passage than the record.

``is`` for a ja/nee question also matches "deels", at half the weight, unless
"deels" is listed itself (then full weight).
"""
# Annotations are evaluated as written (no `from __future__ import annotations`): pydantic
# would otherwise compile every field's annotation from text at each start (tests/test_startup.py).

from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..kennisbank.schema import Precondition, new_list

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

SEVERITIES = ("laag", "middel", "hoog")
STATUSES = ("vastgesteld", "vermoedelijk", "niet")


class _Strict(BaseModel):
    # defer_build: validators are built on first validation, which a process that loads the
    # records from the cache never does
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PartnerFilter(_Strict):
    """Which partners a record or indicator is about; an absent key matches any partner.
    ``kern``/``coordinator`` true match only partners known to be so; false only partners
    known not to be (an unknown flag matches neither)."""

    type: list[str] = Field(default_factory=new_list)
    kern: Optional[bool] = None
    coordinator: Optional[bool] = None

    @field_validator("type", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        return [v] if isinstance(v, str) else v


Value = Union[str, int]


class Indicator(_Strict):
    obs: Optional[str] = None
    partner_obs: Optional[str] = None
    informant: Optional[str] = None
    uiteenlopend: Optional[str] = None
    signaal: Optional[str] = None
    plan: Optional[str] = None
    partner: Optional[PartnerFilter] = None
    aanwezig: Optional[list[str]] = None
    ontbreekt: Optional[list[str]] = None
    fase: Optional[list[int]] = None
    bevinding: Optional[str] = None

    is_: list[Value] = Field(default_factory=new_list, alias="is")
    dagen: Optional[tuple[int, int]] = None
    min: Optional[int] = None
    max: Optional[int] = None
    coordinator: Optional[bool] = None      # with informant: only the coordinator's (true) or others' (false)
    bij: Optional[PartnerFilter] = None     # with partner_obs: only about partners of this kind

    gewicht: float = Field(default=2, gt=0, le=6)
    context: bool = False                   # a circumstance (size, age), not a sign of the finding itself
    beslissend: bool = False
    dreigend: bool = False
    bron: list[str] = Field(default_factory=new_list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @field_validator("is_", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        return [v] if isinstance(v, (str, int)) else v

    KINDS: ClassVar[tuple] = ("obs", "partner_obs", "informant", "uiteenlopend", "signaal", "plan", "partner",
                              "aanwezig", "ontbreekt", "fase", "bevinding")

    @model_validator(mode="after")
    def _exactly_one_kind(self):
        kinds = [k for k in self.KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"an indicator names exactly one of {', '.join(self.KINDS)} (found {kinds or 'none'})")
        kind = kinds[0]
        object.__setattr__(self, "_kind_cache", kind)  # read on every weighing: a plain attribute
        if kind in ("obs", "partner_obs", "informant") and not (self.is_ or self.dagen or self.min is not None
                                                                 or self.max is not None):
            raise ValueError(f"{kind}: {getattr(self, kind)} needs 'is', 'dagen', 'min' or 'max'")
        if kind == "plan" and self.is_:
            raise ValueError("a plan indicator takes 'dagen', not 'is'")
        return self

    @property
    def kind(self) -> str:
        """Which of KINDS this indicator is (cached: it is read on every weighing; recomputed
        when a copy changed it)."""
        cached = self.__dict__.get("_kind_cache")
        if cached is None or getattr(self, cached) is None:
            cached = next(k for k in self.KINDS if getattr(self, k) is not None)
            object.__setattr__(self, "_kind_cache", cached)
        return cached

    @property
    def target(self):
        return getattr(self, self.kind)

    @property
    def is_context(self) -> bool:
        return self.context or self.kind in ("fase", "partner")

    @property
    def threatening(self) -> bool:
        """A sign of what is coming: marked so, a plan still ahead, or a date still ahead."""
        ahead = self.dagen is not None and self.dagen[0] >= 0
        return self.dreigend or (self.kind == "plan" and (self.dagen is None or ahead)) or \
            (self.kind == "obs" and ahead)


class Thresholds(_Strict):
    vermoedelijk: float = Field(default=2, gt=0)
    vastgesteld: float = Field(default=4, gt=0)

    @model_validator(mode="after")
    def _ordered(self):
        if self.vastgesteld < self.vermoedelijk:
            raise ValueError("drempel: vastgesteld must be at least vermoedelijk")
        return self


class Severity(_Strict):
    basis: Literal["laag", "middel", "hoog"] = "middel"
    hoger: list[Indicator] = Field(default_factory=new_list)   # each that holds: one step up
    lager: list[Indicator] = Field(default_factory=new_list)   # each that holds: one step down


class InterventionRef(_Strict):
    id: str
    fasen: list[int] = Field(default_factory=new_list)   # only advised in these phases (empty: any)
    partner: Optional[PartnerFilter] = None           # only when the finding concerns such a partner
    # first among the record's remedies when one of these observations has one of these answers
    # (what was seen makes this remedy the one to start with, e.g. an existence question asked aloud)
    voorrang_als: list[Precondition] = Field(default_factory=new_list)


class CaseExpectation(_Strict):
    status: Literal["vastgesteld", "vermoedelijk", "niet"]
    ernst: Optional[Literal["laag", "middel", "hoog"]] = None
    dreigend: Optional[bool] = None
    partners: Optional[list[str]] = None
    fase: Optional[int] = None


class RecordCase(_Strict):
    naam: str = Field(pattern=r"^[a-z0-9_]+$")
    omschrijving: str
    casus: dict
    verwacht: CaseExpectation


class Record(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}[0-9]{3}$")
    id: str
    soort: Literal["risico", "sterkte", "fase", "signaal"]
    bron: list[str] = Field(min_length=1)
    wanneer: str = Field(min_length=10, description="In het Nederlands: wanneer deze bevinding speelt")
    per_partner: Optional[PartnerFilter] = None
    fasen: list[int] = Field(default_factory=new_list)
    voor: list[Indicator] = Field(default_factory=new_list)
    tegen: list[Indicator] = Field(default_factory=new_list)
    alle: list[Indicator] = Field(default_factory=new_list)   # signaal: all must hold
    drempel: Thresholds = Thresholds()
    ernst: Severity = Severity()
    omvat: list[str] = Field(default_factory=new_list)
    sluit_uit: list[str] = Field(default_factory=new_list)
    interventies: list[InterventionRef] = Field(default_factory=new_list)
    gevallen: list[RecordCase] = Field(default_factory=new_list)

    # The cases are half the objects of all records, and only tests, the catalogue and
    # `coalitie kennis` read them, never a diagnosis: a pickled record (the cache every process
    # loads) leaves them out, and a loaded record fetches them when first asked (record_cases).
    def __getstate__(self):
        state = super().__getstate__()
        if "gevallen" in state["__dict__"]:
            state = {**state, "__dict__": {k: v for k, v in state["__dict__"].items() if k != "gevallen"}}
        return state

    def __getattr__(self, name):
        if name == "gevallen":
            cases = self.__dict__["gevallen"] = record_cases()[self.id]
            return cases
        return super().__getattr__(name)

    def __eq__(self, other):
        if isinstance(other, Record):  # a loaded record equals the parsed one: its cases fetched first
            self.gevallen, other.gevallen
        return super().__eq__(other)

    @field_validator("interventies", mode="before")
    @classmethod
    def _plain_ids(cls, v):
        return [{"id": x} if isinstance(x, str) else x for x in (v or [])]

    @model_validator(mode="after")
    def _shape(self):
        if self.soort == "signaal":
            if not self.alle or self.voor or self.tegen:
                raise ValueError("a signaal record lists its conditions under 'alle' only")
            bad = [i.kind for i in self.alle if i.kind in ("bevinding", "fase", "ontbreekt")]
            if bad:
                raise ValueError(f"a signaal cannot rest on {bad}")
        elif not self.voor:
            raise ValueError("a record needs at least one indicator under 'voor'")
        if self.soort == "fase" and any(i.kind in ("fase", "bevinding") for i in self.voor + self.tegen):
            raise ValueError("a phase indicator may not depend on the phase or on findings")
        return self

    def indicators(self):
        """(role, index, indicator) for every indicator the compiler turns into a rule."""
        for role in ("voor", "tegen", "alle"):
            for i, ind in enumerate(getattr(self, role)):
                yield role, i, ind
        for role, inds in (("hoger", self.ernst.hoger), ("lager", self.ernst.lager)):
            for i, ind in enumerate(inds):
                yield role, i, ind

    def partner_level(self) -> bool:
        """Whether the finding is judged per partner."""
        return self.per_partner is not None or any(
            ind.kind == "partner_obs" for _, _, ind in self.indicators())


RECORD_FORMAT_VERSION = "2.0"  # the format of rules/*.yaml (kennisbank/schema/regels.json)


class RecordFile(_Strict):
    bevindingen: list[Record]


class RecordError(Exception):
    """The records are inconsistent (a bug in the knowledge, caught at load or in tests)."""


def load_records() -> dict[str, Record]:
    """Every record in rules/*.yaml by id, checked for unique ids and codes."""
    return _load()[0]


def record_file(record_id: str) -> str:
    """The rules/ file a record is written in."""
    return _load()[1].get(record_id, "?")


def _sources() -> tuple[list[Path], list[Path]]:
    """The record files, and every file the cached records are keyed by (they and this code)."""
    from ..kennisbank import _code_files
    paths = sorted(RULES_DIR.glob("*.yaml"))
    if not paths:  # an install without its rule files would diagnose every case as "nothing seen"
        raise RecordError(f"{RULES_DIR}: geen kennisrecords (rules/*.yaml) gevonden; de installatie is onvolledig")
    return paths, paths + [Path(__file__)] + _code_files()


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Record], dict[str, str]]:
    """Parsed and validated once per process, and kept between processes in the cache
    (``kennisbank.cached_build``, keyed by the record files and this code)."""
    from ..kennisbank import cached_build
    paths, key = _sources()
    return cached_build("records", key, lambda: _parse(paths))


@lru_cache(maxsize=1)
def record_cases() -> dict[str, list[RecordCase]]:
    """Every record's cases by record id, cached apart from the records (``Record.__getstate__``)."""
    from ..kennisbank import cached_build
    paths, key = _sources()
    return cached_build("gevallen", key, lambda: {rid: rec.__dict__["gevallen"] for rid, rec in _parse(paths)[0].items()})


def _parse(paths: list[Path]) -> tuple[dict[str, Record], dict[str, str]]:
    from ..kennisbank import read_cached
    records: dict[str, Record] = {}
    files: dict[str, str] = {}
    codes: dict[str, str] = {}
    for path in paths:
        data = read_cached(path, dates_as_text=True) or {}
        try:
            parsed = RecordFile.model_validate(data)
        except Exception as exc:  # pydantic ValidationError: name the file
            raise RecordError(f"{path.name}: {exc}") from None
        for rec in parsed.bevindingen:
            if rec.id in records:
                raise RecordError(f"{path.name}: record {rec.id} defined twice")
            if rec.code in codes:
                raise RecordError(f"{path.name}: code {rec.code} used by {codes[rec.code]} and {rec.id}")
            records[rec.id] = rec
            files[rec.id] = path.name
            codes[rec.code] = rec.id
    return records, files


def check_records() -> list[str]:
    """Problems in the records (empty: consistent): every id, observation, answer, signal,
    plan, intervention and citation they name exists; every record has a case that raises
    it and one that does not; no cycles in findings read or absorbed."""
    from .. import kennisbank
    from .reasoning import dependency_order
    kb = kennisbank.load()
    records = load_records()
    problems = []
    try:
        dependency_order(records)
    except RecordError as exc:
        problems.append(str(exc))
    table = {"risico": kb.risicos, "sterkte": kb.sterktes, "fase": kb.indicatoren, "signaal": kb.signalen}
    for rid, rec in records.items():
        if rid not in table[rec.soort]:
            problems.append(f"{rid}: no kennisbank {rec.soort} with this id")
        for cit in rec.bron + [b for _, _, ind in rec.indicators() for b in ind.bron]:
            err = kb.citation_error(cit)
            if err:
                problems.append(f"{rid}: {err}")
        for ref in rec.interventies:
            if ref.id not in kb.interventies:
                problems.append(f"{rid}: unknown intervention {ref.id}")
            for when in ref.voorrang_als:
                fault = kb.observed_fault(when)
                if fault == "waarden":
                    problems.append(f"{rid}: voorrang_als of {ref.id}: {when.obs} in {when.in_} not allowed")
                elif fault:
                    problems.append(f"{rid}: voorrang_als of {ref.id} names no choice question about the coalition "
                                    f"({when.obs})")
        for other in rec.omvat + rec.sluit_uit:
            if other not in records and other not in kb.risicos:
                problems.append(f"{rid}: omvat/sluit_uit names unknown {other}")
        for _, _, ind in rec.indicators():
            key = ind.target
            if ind.kind in ("obs", "partner_obs", "informant", "uiteenlopend") and key not in kb.observaties:
                problems.append(f"{rid}: unknown observation {key}")
            if ind.kind == "signaal" and key not in kb.signalen:
                problems.append(f"{rid}: unknown signal {key}")
            if ind.kind == "plan" and key not in kb.plannen:
                problems.append(f"{rid}: unknown plan {key}")
            if ind.kind == "bevinding" and key not in records:
                problems.append(f"{rid}: unknown finding {key}")
            if ind.kind in ("obs", "partner_obs", "informant") and ind.is_ and key in kb.observaties:
                allowed = kb.observaties[key].allowed()
                bad = [v for v in ind.is_ if allowed and v not in allowed]
                if bad:
                    problems.append(f"{rid}: {key} has no answer {bad}")
            if ind.kind == "obs" and key in kb.observaties and kb.observaties[key].niveau != "coalitie":
                problems.append(f"{rid}: {key} is a partner observation (use partner_obs)")
            if ind.kind == "partner_obs" and key in kb.observaties and kb.observaties[key].niveau != "partner":
                problems.append(f"{rid}: {key} is a coalition observation (use obs)")
        kinds = {c.verwacht.status != "niet" for c in rec.gevallen}
        if rec.soort != "signaal" and kinds != {True, False}:
            problems.append(f"{rid}: needs a case that raises it and one that does not")
    return problems


def record_schema() -> dict:
    """The JSON Schema of a records file, for editors (kennisbank/schema/regels.json)."""
    return RecordFile.model_json_schema()
