"""Rewriting a YAML case file with only its changed values, so what the adviser wrote
around them stays: comments, the order of keys, flow or block style, quotes and
indentation. A round trip through ruamel.yaml (imported only when a file is rewritten).

The case is read by the strict reader (``kennisbank/yamlstrict.py``, YAML 1.1 as PyYAML
reads it: ``yes``/``no``/``on``/``off`` are booleans, ``ja``/``nee`` are words). ruamel
writes YAML 1.2, where ``yes`` is a word; so every string written anew is quoted when
the strict reader would read it as anything but that string (``yes``, ``12``,
``2026-01-01``), and the caller reads the result back before it is saved
(``interview.case_text``).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

import yaml


def updated_text(previous: str, data: dict) -> str | None:
    """``previous`` with its values brought to ``data`` (a new key after the one that
    precedes it in ``data``, list items matched by position); None when ``previous`` is
    no block-style YAML mapping, or when the result would lose one of its comments (the
    caller then writes the file anew after a copy)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.util import load_yaml_guess_indent

    if previous.lstrip().startswith(("{", "[")):
        return None  # JSON, or YAML written as one flow mapping: the reader would take it for JSON
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 1 << 16  # never re-wrap what the adviser wrote
    try:
        tree, indent, block_seq_indent = load_yaml_guess_indent(previous, yaml=rt)
    except Exception:  # whatever ruamel cannot take (the strict reader has read it): write anew
        return None
    if not isinstance(tree, CommentedMap):
        return None
    rt.indent(mapping=_mapping_indent(previous), sequence=indent or 2, offset=block_seq_indent or 0)
    out = io.StringIO()
    rt.dump(_merge(tree, data), out)
    text = out.getvalue()
    return text if all(c in text for c in _comments(previous)) else None


def _comments(text: str) -> list[str]:
    """The comments in ``text``: whole comment lines and what follows `` #`` on a line (a
    `` #`` inside a quoted value counts too: it stays unless that value changes)."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            out.append(stripped)
        elif " #" in line:
            out.append(line[line.index(" #") + 1:].strip())
    return out


def _mapping_indent(text: str) -> int:
    """How far a nested mapping's keys are indented in ``text`` (2 when it has none)."""
    previous = None
    for line in text.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if previous is not None and previous[1].endswith(":") and depth > previous[0] \
                and not stripped.startswith("- "):
            return depth - previous[0]
        previous = (depth, stripped.split(" #")[0].rstrip())
    return 2


def _merge(node: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    if isinstance(new, dict) and isinstance(node, CommentedMap):
        for key in [k for k in node if k not in new]:
            del node[key]
        before = None
        for key, value in new.items():
            if key in node:
                node[key] = _merge(node[key], value)
            elif value not in ({}, [], ""):  # an empty part reads the same left out
                node.insert(list(node).index(before) + 1 if before in node else 0, key, _fresh(value))
            before = key if key in node else before
        return node
    if isinstance(new, list) and isinstance(node, CommentedSeq):
        if all(not isinstance(v, (dict, list)) for v in [*node, *new]) and \
                sorted(map(repr, node)) == sorted(map(repr, new)) and all(_reads_back(o) for o in node):
            return node  # the same choices in the adviser's order
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = _merge(node[i], value)
            else:
                node.append(_fresh(value))
        del node[len(new):]
        return node
    if not isinstance(new, (dict, list)) and _same(node, new):
        return node  # as the adviser wrote it: quotes, style
    return _fresh(new)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(old, dt.datetime) or isinstance(new, dt.datetime):
        return False
    if isinstance(old, str) or isinstance(new, str):
        # a quoted string (a ruamel subclass of str) reads as itself; a plain one only if the
        # strict reader takes it for a string
        return isinstance(old, str) and isinstance(new, str) and str(old) == new and \
            (type(old) is not str or _plain_str(new))
    return type(old) is type(new) and old == new


def _reads_back(value: Any) -> bool:
    """Whether a value of the file, left as it is, reads back as itself."""
    return _same(value, value)


def _plain_str(text: str) -> bool:
    """Whether the strict reader reads ``text``, written without quotes, as that string."""
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _fresh(value: Any) -> Any:
    """A new value for ruamel: strings the strict reader would take for something else
    quoted, multi-line text as a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _fresh(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        return value if _plain_str(value) else SingleQuotedScalarString(value)
    return value
