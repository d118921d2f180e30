"""The one exception family the embedding API raises."""
from __future__ import annotations


class CoalitieError(Exception):
    """Base of every error this package raises on purpose."""


class CaseError(CoalitieError):
    """A case (file, text or dict) that cannot be diagnosed.

    ``bron`` names where the case came from (a path, "-" for stdin, or
    "<dict>"); ``problemen`` lists (field, message) pairs, the field as a
    dotted path such as ``observaties.subsidie_einddatum``.
    """

    def __init__(self, bron: str, problemen: list[tuple[str, str]]):
        self.bron = bron
        self.problemen = problemen
        lines = [f"{bron}: {veld}: {msg}" if veld else f"{bron}: {msg}"
                 for veld, msg in problemen]
        super().__init__("\n".join(lines))
