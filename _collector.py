"""When Python's cycle collector runs, around what coalitie builds and does.

A diagnosis, its knowledge and its network are tens of thousands of objects that
reference counting alone frees; the cycle collector would walk them again and again
to find the few cycles. Three policies, each for a kind of work:

- ``long_lived``: building what a process keeps for good (the knowledge base, the
  records, the engine and its network);
- ``many_short_lived``: case after case (a batch, the interview, the service);
- ``paused``: one command that does one thing and ends (``coalitie diagnose``).

This module imports nothing heavy, so the command line can choose before it loads
pydantic and the engine.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def long_lived():
    """Around building what a process keeps for good: the cycle collector is paused while
    the many objects are made (otherwise it walks them again and again as they pile up),
    and afterwards every object then alive is moved out of its reach (``gc.freeze``), so
    later collections do not walk them at every full pass either. Objects are still freed
    by reference counting; objects of a host program alive at that moment are exempt from
    the cycle collector too."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()  # before the collector runs again


@contextmanager
def many_short_lived(threshold: int = 10_000):
    """Around work that makes and drops many small objects, case after case (a batch, one
    command of the CLI): the cycle collector's youngest generation is examined once every
    ``threshold`` allocations instead of Python's 700. A diagnosis makes tens of thousands
    of objects that reference counting frees; at 700 the collector ran four to five times
    per case and walked what the case still held, about 4 % of a batch's instructions.
    Cycles are still collected, only later; the former thresholds return afterwards, so a
    host program that embeds the engine keeps its own."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def paused():
    """Around a command that does one thing and then ends the process (a diagnosis of one
    case, a what-if): the cycle collector does not run at all. What the command makes
    either lasts until the process ends or is freed by reference counting; the few cycles
    left go with the process. Even at ``many_short_lived``'s threshold the collector
    walked the modules being loaded (pydantic's among them) some thirty times, 1.5 % of a
    `coalitie diagnose`."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
