"""JSON Schemas of the contract (case in, diagnosis out), kept in
kennisbank/schema/ and guarded by a test against drift."""
from __future__ import annotations

import json
from pathlib import Path

from .case import Case
from .records import RecordFile
from .result import SCHEMA_VERSION, Diagnosis

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "kennisbank" / "schema"


def schema(soort: str) -> dict:
    model = {"casus": Case, "diagnose": Diagnosis, "regels": RecordFile}[soort]
    out = model.model_json_schema()
    out["$id"] = f"coalitie/{soort}/{SCHEMA_VERSION}"
    out["x-schema-versie"] = SCHEMA_VERSION
    return out


def schema_text(soort: str) -> str:
    return json.dumps(schema(soort), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
