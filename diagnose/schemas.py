"""JSON Schemas of the contract (case in, diagnosis out), kept in
kennisbank/schema/ and guarded by a test against drift."""
from __future__ import annotations

import json
from pathlib import Path

from .case import CASE_SCHEMA_VERSION, Case
from .records import RECORD_FORMAT_VERSION, RecordFile
from .result import SCHEMA_VERSION, Diagnosis

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "kennisbank" / "schema"


def schema(soort: str) -> dict:
    model, version = {"casus": (Case, CASE_SCHEMA_VERSION), "diagnose": (Diagnosis, SCHEMA_VERSION),
                      "regels": (RecordFile, RECORD_FORMAT_VERSION)}[soort]
    out = model.model_json_schema()  # each contract under its own version
    out["$id"] = f"coalitie/{soort}/{version}"
    out["x-schema-versie"] = version
    return out


def schema_text(soort: str) -> str:
    return json.dumps(schema(soort), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
