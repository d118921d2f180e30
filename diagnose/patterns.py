"""Reading rule left-hand sides as data.

Used to check every pattern against the vocabulary (tests), to find which
rules use which observation (knowledge-base browser, coverage) and to find
the rules that are one answer away from firing (open questions).

Rules in this project are a flat conjunction of fact patterns, NOT(pattern)
and TEST; field constraints are literals, L, W, P and their &, |, ~
combinations. ``conventions_problems`` reports any rule outside that style.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ._experta import ANDFC, NOT, NOTFC, ORFC, TEST, Fact, L, P, W


@dataclass(frozen=True)
class Pattern:
    fact: Fact          # the pattern as written in the rule
    negated: bool       # inside NOT(...)

    @property
    def cls(self):
        return type(self.fact)

    def fields(self) -> dict:
        return {k: v for k, v in self.fact.items() if not Fact.is_special(k)}

    @cached_property
    def constraints(self) -> tuple:
        """``fields()`` as (name, constraint) pairs, computed once per pattern (speed)."""
        return tuple(self.fields().items())

    @cached_property
    def index_field(self):
        """(name, value) of the first field that must equal a hashable literal, or None:
        only facts with that value there can match (used to index working memory)."""
        for name, _ in self.constraints:
            lit = self.literal(name)
            if lit is None:
                continue
            try:
                hash(lit)
            except TypeError:
                continue
            return name, lit
        return None

    def literal(self, name):
        """The literal value a field must have, or None when it is not a plain literal."""
        v = self.fact.get(name)
        if isinstance(v, L):
            return v.value
        if v is None or isinstance(v, (W, P, ANDFC, ORFC, NOTFC)):
            return None
        return v

    def literals(self, name) -> tuple:
        """All literal values a field may have (for ``L(a) | L(b)``), or () when open."""
        v = self.fact.get(name)
        if isinstance(v, ORFC):
            vals = [x.value for x in v if isinstance(x, L)]
            return tuple(vals) if len(vals) == len(v) else ()
        lit = self.literal(name)
        return () if lit is None else (lit,)


_PARSED: dict[int, tuple] = {}  # id(rule) -> (rule, patterns, odd): rules live as long as the process


def rule_patterns(rule) -> tuple[list[Pattern], list[str]]:
    """The patterns of a rule and any parts this project's style does not allow
    (parsed once per rule object; callers get fresh lists)."""
    patterns, odd = parsed_patterns(rule)
    return list(patterns), list(odd)


def parsed_patterns(rule) -> tuple[tuple[Pattern, ...], tuple[str, ...]]:
    """``rule_patterns`` as the cached tuples themselves (do not modify)."""
    hit = _PARSED.get(id(rule))
    if hit is None or hit[0] is not rule:
        hit = _PARSED[id(rule)] = (rule, *_parse(rule))
    return hit[1], hit[2]


def _parse(rule) -> tuple[tuple[Pattern, ...], tuple[str, ...]]:
    out, odd = [], []
    for element in rule:
        if isinstance(element, Fact):
            out.append(Pattern(element, False))
        elif isinstance(element, NOT) and len(element) == 1 and isinstance(element[0], Fact):
            out.append(Pattern(element[0], True))
        elif isinstance(element, TEST):
            continue
        else:
            odd.append(type(element).__name__)
    return tuple(out), tuple(odd)


def _satisfies(constraint, value) -> bool:
    if isinstance(constraint, L):
        return value == constraint.value
    if isinstance(constraint, W):
        return True
    if isinstance(constraint, P):
        return bool(constraint[0](value))
    if isinstance(constraint, ANDFC):
        return all(_satisfies(c, value) for c in constraint)
    if isinstance(constraint, ORFC):
        return any(_satisfies(c, value) for c in constraint)
    if isinstance(constraint, NOTFC):
        return not _satisfies(constraint[0], value)
    return value == constraint


def matches(pattern: Pattern, fact: Fact) -> bool:
    """Whether a fact satisfies a pattern's own constraints (variable joins are ignored)."""
    if type(fact) is not pattern.cls:
        return False
    for name, constraint in pattern.constraints:
        if name not in fact:
            return False
        if not _satisfies(constraint, fact[name]):
            return False
    return True
