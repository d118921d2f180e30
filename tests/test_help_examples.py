"""Every example in every command's --help runs (exit status 0), in a fresh directory
that holds the files the examples name. Examples that analyse every possible change
(`wat-als` without changes) take several seconds each and run under `-m volledig`."""
from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coalitie import kennisbank
from coalitie.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASE = """coalitie: "Coalitie Oost (voorbeeld voor de hulptekst)"
gemeente: "Deventer"
datum_gesprek: 2026-10-01
partners:
  - naam: "Welzijn Oost"
    type: welzijnsorganisatie
    kern: true
    coordinator: true
  - naam: "Gemeente"
    type: gemeente
    kern: true
observaties:
  eerste_bijeenkomst_geweest: ja
  ambitie_geformuleerd: algemeen
  intentieverklaring: getekend
  verdiepend_gesprek_ambitie: nee
"""


def examples() -> list[tuple[str, str]]:
    """(command path, example line) for every example in the help texts."""
    found = []

    def walk(cmd, names):
        ctx = click.Context(cmd, info_name=" ".join(names))
        in_block, pending = False, ""
        for line in cmd.get_help(ctx).splitlines():
            stripped = line.strip()
            if pending:  # a long example goes on after a backslash, as in a shell
                stripped, pending = pending + " " + stripped, ""
            if stripped.endswith("\\"):
                pending = stripped[:-1].rstrip()
                continue
            if stripped.startswith(("Voorbeelden:", "Voorbeeld:")):
                in_block = True
                continue
            if in_block and stripped.startswith(("coalitie ", "cat ")):
                found.append((" ".join(names), stripped))
            elif in_block and not stripped:
                in_block = False
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, names + [name])
    walk(main, ["coalitie"])
    return found


def _prepare(tmp: Path, line: str) -> None:
    (tmp / "casus.yaml").write_text(CASE, encoding="utf-8")
    from coalitie.kennisbank import yamlstrict
    (tmp / "casus.json").write_text(json.dumps(yamlstrict.load(CASE), default=str), encoding="utf-8")
    (tmp / "antwoorden.yaml").write_text(CASE.replace("verdiepend_gesprek_ambitie: nee", "verdiepend_gesprek_ambitie: ja"),
                                         encoding="utf-8")
    (tmp / "antwoord.yaml").write_text(
        "haarlem-ontmoet-managers: {fase: 4, risicos: [mandaat_ontbreekt], interventies: [mandaat_regelen]}\n",
        encoding="utf-8")
    if not line.startswith("coalitie nieuw"):
        shutil.copy(tmp / "casus.yaml", tmp / "mijn-coalitie.yaml")
    (tmp / "casussen").mkdir()
    for name in ("startend-dorp", "lopende-coalitie"):
        shutil.copy(kennisbank.EXAMPLE_DIR / f"{name}.yaml", tmp / "casussen" / f"{name}.yaml")
    shutil.copy(tmp / "casus.yaml", tmp / "a.yaml")
    shutil.copy(tmp / "casus.json", tmp / "b.json")
    (tmp / "casussen.jsonl").write_text((tmp / "casus.json").read_text(encoding="utf-8").replace("\n", " ") + "\n",
                                        encoding="utf-8")
    (tmp / "kennisbank").symlink_to(ROOT / "kennisbank")   # examples that name a bundled scenario file
    from coalitie.diagnose.trainerkit import session_record
    from coalitie.diagnose.training import TraineeAnswer, scenarios, score
    sid = "haarlem-ontmoet-managers"
    for who, risks in (("an", ["mandaat_ontbreekt"]), ("bo", ["bestuurlijk_draagvlak_ontbreekt"]), ("cem", [])):
        answer = TraineeAnswer(fase=4, risicos=risks)
        record = session_record([(scenarios()[sid], score(sid, answer), answer.model_dump())], who, "nl")
        (tmp / f"{who}.json").write_text(json.dumps(record), encoding="utf-8")


def _slow(line: str) -> bool:
    words = shlex.split(line)
    return words[1] == "wat-als" and not any("=" in w for w in words[2:])


CASES = [pytest.param(cmd, line, id=line[:70],
                      marks=[pytest.mark.volledig] if _slow(line) else []) for cmd, line in examples()]


def test_there_are_examples():
    assert len(CASES) >= 30


@pytest.mark.parametrize("cmd,line", CASES)
def test_help_example_runs(cmd, line, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path, line)
    stdin = None
    if line.startswith("cat "):
        source, line = line[4:].split(" | ", 1)
        stdin = (tmp_path / source.strip()).read_text(encoding="utf-8")
    if " > " in line:                      # shell redirection: the test keeps stdout itself
        line = line.split(" > ", 1)[0]
    args = shlex.split(line)[1:]
    r = CliRunner().invoke(main, args, input=stdin if stdin is not None else "", catch_exceptions=False)
    assert r.exit_code == 0, f"{line}\n{r.output}"
