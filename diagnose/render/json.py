"""The diagnosis as JSON (the contract for tools; schema in kennisbank/schema/diagnose.json)."""
from __future__ import annotations


def render_json(diagnosis) -> str:
    return diagnosis.model_dump_json(indent=2) + "\n"
