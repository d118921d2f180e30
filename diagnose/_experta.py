"""The one place where experta is imported and made to work on Python 3.10+.

experta 1.9.4 (the last release) pins ``frozendict==1.2``. That frozendict
subclasses ``collections.Mapping``, an alias Python 3.10 removed, so importing
it fails; experta's ``__init__`` then swallows the ImportError and leaves an
empty package behind (upstream issue nilp0inter/experta#34, never fixed).

pip cannot override the pin for people who ``pip install`` this project, so
the fix has to live in our code: restore the alias before experta is first
imported. ``collections.abc.Mapping`` is exactly what the alias pointed to
on Python <= 3.9, so nothing else changes. We then check that experta really
imported, instead of trusting its silent ``except ImportError: pass``.

``import experta`` also calls ``logging.basicConfig()``, which would turn an
embedding application's own later ``basicConfig`` into a no-op. We undo the
handler it adds when the application had not configured logging yet.

Every other module imports experta names from here, never from experta.
"""
from __future__ import annotations

import collections
import collections.abc
import logging

if not hasattr(collections, "Mapping"):  # Python >= 3.10, for frozendict 1.2
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

_root = logging.getLogger()
_handlers_before = list(_root.handlers)

import experta  # noqa: E402

for _handler in list(_root.handlers):
    if _handler not in _handlers_before:
        _root.removeHandler(_handler)

if not hasattr(experta, "KnowledgeEngine"):  # pragma: no cover - guarded by a test
    raise ImportError(
        "experta is installed but did not import (its own __init__ hides the "
        "error); try: python -c 'import experta.engine' to see why"
    )

experta_version = experta.__version__

from experta import (  # noqa: E402
    AND,
    AS,
    MATCH,
    NOT,
    OR,
    TEST,
    Fact,
    Field,
    KnowledgeEngine,
    L,
    P,
    Rule,
    W,
)
from experta import watchers  # noqa: E402
from experta.agenda import Agenda  # noqa: E402
from experta.factlist import FactList  # noqa: E402
from experta.conditionalelement import ConditionalElement  # noqa: E402
from experta.fieldconstraint import ANDFC, NOTFC, ORFC  # noqa: E402
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck, WhereCheck  # noqa: E402
from experta.activation import Activation  # noqa: E402
from experta.matchers.rete.mixins import ChildNode  # noqa: E402
from experta.matchers.rete.token import Token, TokenInfo  # noqa: E402
from experta.matchers.rete.nodes import (  # noqa: E402
    ConflictSetNode, FeatureTesterNode, NotNode, OrdinaryMatchNode, WhereNode)
from experta.strategies import DepthStrategy  # noqa: E402
from experta.utils import unfreeze  # noqa: E402

__all__ = [
    "AND", "AS", "MATCH", "NOT", "OR", "TEST", "Fact", "Field", "KnowledgeEngine",
    "L", "P", "Rule", "W", "Agenda", "ConditionalElement", "ANDFC", "NOTFC", "ORFC",
    "DepthStrategy", "ChildNode", "FactCapture", "FactList", "FeatureCheck", "Activation", "Token", "TokenInfo",
    "TypeCheck", "WhereCheck", "experta_version", "unfreeze", "ConflictSetNode", "FeatureTesterNode", "NotNode",
    "OrdinaryMatchNode", "WhereNode",
]
