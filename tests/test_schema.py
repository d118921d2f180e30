"""The JSON contract: stored schemas match the code, and outputs follow them."""
from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.schemas import SCHEMA_DIR, schema, schema_text
from coalitie.kennisbank import yamlstrict


@pytest.mark.parametrize("soort", ["casus", "diagnose", "regels"])
def test_stored_schema_matches_the_code(soort):
    stored = (SCHEMA_DIR / f"{soort}.json").read_text(encoding="utf-8")
    assert stored == schema_text(soort), (
        f"kennisbank/schema/{soort}.json is stale: run `coalitie schema {soort} > kennisbank/schema/{soort}.json` "
        "and raise SCHEMA_VERSION in diagnose/result.py if the change is not backwards compatible")


def test_schema_command_prints_the_stored_schema():
    r = CliRunner().invoke(main, ["schema", "diagnose"])
    assert r.output == (SCHEMA_DIR / "diagnose.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_follow_both_schemas(path):
    data = yamlstrict.load(path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema("casus"))
    jsonschema.validate(json.loads(diagnose(path).model_dump_json()), schema("diagnose"))
