"""YAML loading that refuses duplicate keys (PyYAML silently keeps the last one)."""
from __future__ import annotations

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
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
