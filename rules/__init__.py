"""When knowledge applies: one module per knowledge area, each defining one
``RuleSet`` subclass of experta ``@Rule`` methods (see diagnose/rulekit.py).

The engine composes every RuleSet found in this package's modules, in module
name order; adding a module is all it takes to add a knowledge area.
"""
from __future__ import annotations

import importlib
import pkgutil


def all_rule_sets() -> list[type]:
    from ..diagnose.rulekit import RuleSet

    sets = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, RuleSet) and value is not RuleSet
                    and value.__module__ == module.__name__):
                sets.append(value)
    return sets
