"""A trainee plays `coalitie oefen` in a real terminal (tmux): a search that finds nothing,
a number picked from the list still on screen, a pick removed, and a run in English."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

COALITIE = Path(sys.executable).with_name("coalitie")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"),
                                reason="tmux is not installed (CI installs it: .ci/run)")


class Terminal:
    def __init__(self, *args: str):
        self.name = f"oefen-{uuid.uuid4().hex[:8]}"
        cmd = " ".join([str(COALITIE), *args])
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "50", cmd + "; sleep 30"],
                       check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-S", "-3000", "-t", self.name],
                              capture_output=True, text=True, check=True).stdout

    def wait_for(self, text: str, timeout: float = 60) -> str:
        end = time.time() + timeout
        while time.time() < end:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear:\n{self.screen()}")

    def type(self, line: str) -> None:
        if line:
            subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", "--", line], check=True)
        subprocess.run(["tmux", "send-keys", "-t", self.name, "Enter"], check=True)

    def close(self):
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal():
    made = []

    def start(*args):
        t = Terminal(*args)
        made.append(t)
        return t
    yield start
    for t in made:
        t.close()


def test_trainee_plays_with_a_miss_a_number_and_a_removal(terminal):
    t = terminal("oefen", "haarlem-ontmoet-managers")
    t.wait_for("In welke fase")
    t.type("4")
    t.wait_for("risico>")
    t.type("managers")
    t.wait_for(" 1. ")
    t.type("zzqqxx")                                   # a search that finds nothing
    t.wait_for("niets gevonden voor 'zzqqxx'")
    t.type("1")                                        # still picks from the list on screen
    t.wait_for("✓ ")
    t.type("2")
    t.type("?")
    t.wait_for("Je keuzes")
    t.type("-2")                                       # remove the second pick
    t.wait_for("weggehaald")
    t.type("")
    t.wait_for("interventie>")
    t.type("borging")
    t.wait_for(" 1. ")
    t.type("1")
    t.type("")
    shown = t.wait_for("Score:")
    assert "Je keuzes" in shown and "weggehaald" in shown
    assert shown.count("✓ ") >= 2
    assert "Geen mandaat aan tafel" in shown or "Bestuurders niet aan boord" in shown
    assert "Traceback" not in shown
    assert max(len(line.rstrip()) for line in shown.splitlines()) <= 100


def test_trainee_plays_in_english(terminal):
    t = terminal("oefen", "wat-bedoelen-we-met-bereik", "--taal", "en")
    t.wait_for("Which phase")
    t.type("two")                                      # not a number: explained, asked again
    t.wait_for("Type a number from 1 to 5")
    t.type("2")
    t.wait_for("risk>")
    t.type("meaning")
    t.wait_for(" 1. ")
    t.type("1")
    t.type("")
    t.wait_for("intervention>")
    t.type("listen")
    t.wait_for(" 1. ")
    t.type("1")
    t.type("")
    shown = t.wait_for("Score:")
    feedback = shown[shown.index("Score:"):]
    for dutch in ("gezien", "gemist", "bron:", "Fase:", "zekerheid", "(hoog)", "niet onderbouwd"):
        assert dutch not in feedback, dutch
    assert "Phase:" in feedback and "Risks:" in feedback and "Interventions:" in feedback
