"""The working-memory vocabulary: every kind of fact the rules reason over.

Input facts come from the case (``Obs``, ``Partner``, ``PartnerObs``);
every other kind is concluded by rules. Field names here are the only keys a
rule pattern may use; ``tests/test_engine_guards.py`` checks every pattern of
every rule against them, because experta silently never matches a misspelt key.
"""
from __future__ import annotations

import datetime as dt

from ._experta import Fact, Field

# Values experta's ``freeze`` returns as they are (hashable scalars): stored directly.
_PLAIN = frozenset({str, int, bool, float, type(None), dt.date})


class _Fact(Fact):
    """experta's Fact with its per-value work done directly where the outcome is known:
    a plain value is stored as is (experta's ``freeze`` returns it unchanged; made from
    keywords of plain values, the fact is filled in one step), and a
    field whose schema is a type is checked with ``isinstance`` (what the ``schema``
    library does for a type). Anything else takes experta's own path."""

    def __init__(self, *args, **kwargs):
        # keyword fields of plain values: what experta's __init__ ends up storing, stored directly
        if not args:
            for k, v in kwargs.items():
                if type(v) not in _PLAIN or k.startswith("__"):
                    break
            else:
                dict.update(self, kwargs)
                self._Fact__defaults = {}  # experta's Fact.__init__ sets this (name-mangled) too
                return
        super().__init__(*args, **kwargs)

    def __setitem__(self, key, value):
        if type(value) in _PLAIN and dict.get(self, "__factid__") is None:
            dict.__setitem__(self, key, value)
        else:
            super().__setitem__(key, value)

    def validate(self):
        checks = type(self).__dict__.get("_checks")
        if checks is None:
            checks = tuple((name, field, getattr(field.validator, "_schema", None), field.mandatory)
                           for name, field in self.__fields__.items())
            type.__setattr__(type(self), "_checks", checks)
        for name, field, schema, mandatory in checks:
            if name in self:
                if type(schema) is type and (schema is object or isinstance(self[name], schema)):
                    continue
                super().validate()  # experta's own check, with its message
                return
            elif mandatory:
                raise ValueError("Mandatory field %r is not defined for fact %r" % (name, self))


def plain_fact_id(fact) -> frozenset | None:
    """experta's ``FactList._get_fact_id`` for one of our facts whose keys are plain names and
    whose values are plain (what every case and derived fact is), or None for any other fact.
    For such a fact experta's declaration checks (no conditional element, no ``__`` in a key)
    cannot fail, which is what lets the engine declare it directly (``BaseEngine.declare``)."""
    if not isinstance(fact, _Fact):
        return None
    for key, value in dict.items(fact):
        if type(value) not in _PLAIN or type(key) is not str or "__" in key:
            return None
    return frozenset([fact.__class__, *dict.items(fact)])


class Obs(_Fact):
    """One answered observation of the coalition as a whole.

    ``value`` is "ja"/"nee"/"deels", an option id, a whole number or an ISO
    date. Date observations also carry ``dagen``: days from the interview date
    to that date (negative: in the past). Multiple-choice observations give one
    fact per chosen option. Unanswered ("onbekend") gives no fact at all.
    """

    key = Field(str, mandatory=True)
    value = Field(object, mandatory=True)
    dagen = Field(int)


class Partner(_Fact):
    """One partner at the table. ``kern`` and ``coordinator`` are True, False or None
    (unknown): a pattern on True or False never matches an unknown flag."""

    naam = Field(str, mandatory=True)
    type = Field(str, mandatory=True)
    kern = Field(object, mandatory=True)
    coordinator = Field(object, mandatory=True)


class CaseInfo(_Fact):
    """Facts about the case itself: whether the partner list is complete
    ("volledig", "onvolledig" or "onbekend"), and whether a core group is known
    ("aangewezen": some partner is core; "geen": every listed partner is explicitly not;
    "onbekend" otherwise). Absence is only evidence when it is known."""

    partnerlijst = Field(str, mandatory=True)
    kerngroep = Field(str, mandatory=True)


class Plan(_Fact):
    """Something planned, announced or expected (kennisbank ``plannen``), ``dagen``
    days from the interview (negative: it was planned for a date now past)."""

    key = Field(str, mandatory=True)
    dagen = Field(int, mandatory=True)
    partner = Field(str, mandatory=True)   # "" when it concerns the coalition as a whole


class PartnerObs(_Fact):
    """An observation about one partner (its motives, engagement, ...).

    Carries the partner's type so rules need no join to know who it is.
    """

    partner = Field(str, mandatory=True)
    type = Field(str, mandatory=True)
    key = Field(str, mandatory=True)
    value = Field(object, mandatory=True)


class InformantObs(_Fact):
    """One informant's answer to a coalition-level observation (several perspectives).

    ``partner`` is the partner the informant speaks for ("" for none) and
    ``coordinator`` whether that partner coordinates the network, so rules can
    set the coordinator's view against the other partners' views without a join.
    """

    informant = Field(str, mandatory=True)
    partner = Field(str, mandatory=True)
    coordinator = Field(bool, mandatory=True)
    key = Field(str, mandatory=True)
    value = Field(object, mandatory=True)


class Disagreement(_Fact):
    """Informants (and the adviser, when they answered too) answered an observation
    differently; ``standpunten`` is how many different answers were given."""

    key = Field(str, mandatory=True)
    standpunten = Field(int, mandatory=True)


class Evidence(_Fact):
    """One indicator of a knowledge record holds (diagnose/records.py): ``rol`` is
    voor, tegen, hoger, lager or scope, ``nr`` the indicator's place in that list,
    ``partner`` the partner it concerns ("" for the coalition). The weighing of
    evidence into findings happens after the run (diagnose/reasoning.py)."""

    bevinding = Field(str, mandatory=True)
    rol = Field(str, mandatory=True)
    nr = Field(int, mandatory=True)
    partner = Field(str, mandatory=True)


class Signal(_Fact):
    """An intermediate conclusion other rules build on (kennisbank ``signalen``)."""

    id = Field(str, mandatory=True)
    partner = Field(str)


class PhaseEvidence(_Fact):
    """An indicator (kennisbank ``indicatoren``) pointing at a life phase."""

    indicator = Field(str, mandatory=True)
    fase = Field(int, mandatory=True)


class Phase(_Fact):
    """The concluded life phase; declared once, after all phase evidence."""

    nummer = Field(int, mandatory=True)


class Advice(_Fact):
    """An intervention that fits (kennisbank ``interventies``) and what it answers."""

    id = Field(str, mandatory=True)
    beantwoordt = Field(str, mandatory=True)
    partner = Field(str)


INPUT_FACTS = (Obs, Partner, PartnerObs, InformantObs, Disagreement, CaseInfo, Plan)
CONCLUDED_FACTS = (Evidence, Signal, PhaseEvidence, Phase, Advice)
ALL_FACTS = INPUT_FACTS + CONCLUDED_FACTS
