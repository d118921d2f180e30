"""The HTML report in a real browser: headless Chromium renders bundled examples to a
DOM dump and a PNG. Skips (with the reason) when Chromium is missing, fails under CI
(.ci/run installs Debian's chromium)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.case import load_case
from coalitie.diagnose.render import render

EXAMPLES_IN_BROWSER = ["dorpscoalitie-na-de-subsidie",
                       pytest.param("drie-gesprekspartners", marks=pytest.mark.volledig)]


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium ontbreekt in CI (.ci/run installeert het Debian-pakket chromium)")
        pytest.skip("chromium is niet geïnstalleerd (apt-get install chromium)")
    return exe


def _run(exe: str, *args: str) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="coalitie-chromium-")
    try:
        return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-background-networking", f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.parametrize("name", EXAMPLES_IN_BROWSER)
def test_chromium_renders_the_core_message_the_chart_and_the_appendix(name, tmp_path):
    exe = _chromium()
    page = tmp_path / "rapport.html"
    page.write_text(render(diagnose(load_case(EXAMPLES / f"{name}.yaml")), "html"), encoding="utf-8")
    dom = _run(exe, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    html = dom.stdout
    for anchor in ('id="kern"', 'id="fig-condities"', 'id="fig-fase"', 'id="bijlage"', "<svg"):
        assert anchor in html, anchor
    assert "Eerste stap" in html and "De vijf condities" in html
    png = tmp_path / "rapport.png"
    shot = _run(exe, f"--screenshot={png}", "--window-size=1000,1400", page.as_uri())
    assert shot.returncode == 0 and png.exists(), shot.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page with text and pictures
