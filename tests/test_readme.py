"""The README tells the truth: its test command is what CI runs, its commands exist."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from coalitie.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks():
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_ci_runs_the_readme_test_command():
    blocks = _bash_blocks()
    test_command = blocks[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == test_command


def test_ci_installs_like_the_readme():
    install = _bash_blocks()[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in install and "python3 -m venv .venv" in ci
    assert "pip install -e '.[test]'" in install and "-e '.[test]'" in ci


def test_every_command_in_the_usage_block_exists():
    usage = _bash_blocks()[2]
    commands = {m for m in re.findall(r"coalitie (\w[\w-]*)", usage)}
    known = set(main.commands)
    assert commands <= known, commands - known


def test_readme_example_in_first_command_exists():
    name = re.search(r"--voorbeeld ([\w-]+)", _bash_blocks()[0]).group(1)
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", name])
    assert r.exit_code == 0
