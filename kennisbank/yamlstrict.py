"""YAML loading that refuses duplicate keys (PyYAML silently keeps the last one) and keys
that are a list or mapping (``? [a, b]``), with a Dutch message and the key's line."""
from __future__ import annotations

import re

# PyYAML's import compiles this class (re walks its ~63,000 code points in Python, ~4% of a start); its complement, same matches, is cached under that spelling
YAML_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
YAML_PRINTABLE_COMPLEMENT = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"
re._cache.setdefault((str, YAML_PRINTABLE, 0), re.compile(YAML_PRINTABLE_COMPLEMENT))

import yaml  # noqa: E402

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class StrictKeyError(yaml.MarkedYAMLError):
    """A key the strict loader refuses; its problem is already said in Dutch."""


class DuplicateKeyError(StrictKeyError):
    pass


class ComplexKeyError(StrictKeyError):
    pass


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise ComplexKeyError(
                "in een mapping", node.start_mark,
                "een sleutel moet een naam zijn, geen lijst of mapping", key_node.start_mark) from None
        if key in seen:
            raise DuplicateKeyError(
                "in een mapping", node.start_mark,
                f"dubbele sleutel {key!r}", key_node.start_mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str):
    return yaml.load(text, Loader=StrictLoader)
