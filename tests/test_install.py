"""The installed distribution is one namespaced package, loaded under one name.

The repository keeps the design card's layout (diagnose/, rules/, kennisbank/,
cli.py); installed, those are coalitie.diagnose, coalitie.rules,
coalitie.kennisbank and coalitie.cli, so nothing generic lands at the top of a
host's site-packages (django-rules installs `rules`; many applications have a
`cli` module of their own).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERIC = ("diagnose", "rules", "kennisbank", "cli")
EXAMPLE = sorted((ROOT / "kennisbank" / "voorbeelden").glob("*.yaml"))[0]


def _top_level_generic(names) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in GENERIC)


def test_every_module_is_loaded_under_one_name_only(tmp_path):
    """Every module imported and the main commands run in a fresh process started
    outside the repository: only coalitie.* names, and no file loaded twice."""
    code = f"""
import sys
from click.testing import CliRunner
from coalitie.cli import main
from coalitie.diagnose import diagnose
import importlib, pkgutil, coalitie
for info in pkgutil.walk_packages(coalitie.__path__, "coalitie."):
    importlib.import_module(info.name)
result = diagnose({str(EXAMPLE)!r})
runner = CliRunner()
for args in (["diagnose", "--voorbeeld", {EXAMPLE.stem!r}, "--format", "markdown"],
             ["kennis", "lijst"], ["schema", "casus"]):
    r = runner.invoke(main, args)
    assert r.exit_code == 0, (args, r.output)
files = {{}}
root = {str(ROOT)!r}
for name, mod in list(sys.modules.items()):
    f = getattr(mod, "__file__", None)
    if f and f.startswith(root):
        files.setdefault(f, []).append(name)
twice = {{f: n for f, n in files.items() if len(n) > 1}}
print(sorted(n for n in sys.modules if n.split(".")[0] in {GENERIC!r}))
print(twice)
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    generic, twice = r.stdout.strip().splitlines()
    assert generic == "[]", f"generic top-level modules loaded: {generic}"
    assert twice == "{}", f"modules loaded under two names: {twice}"


def test_this_test_session_loaded_no_generic_top_level_name():
    """The suite itself imports through coalitie only (the repository root is on
    sys.path during tests, so a stray `import diagnose` would load a second engine)."""
    assert _top_level_generic(sys.modules) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed; the wheel is built from a clean copy")
def test_the_wheel_puts_one_name_at_the_top(tmp_path):
    """Build the wheel from a copy of the tracked files and list its top-level names."""
    src = tmp_path / "src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "list"], check=True, capture_output=True)
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    out = tmp_path / "wheel"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
                        "-w", str(out), str(src)], capture_output=True, text=True, timeout=600,
                       env={**os.environ, "PIP_NO_INPUT": "1"})
    assert r.returncode == 0, r.stderr
    wheel, = out.glob("coalitie-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"coalitie"}, top
    # every tracked file of the package folders (code, knowledge records, templates, data)
    # is in the wheel: a missing rules/*.yaml once made an installed copy see nothing
    package = [rel for rel in filter(None, files) if rel.split("/")[0] in ("diagnose", "rules", "kennisbank")
               or rel in ("cli.py", "__init__.py")]
    missing = sorted(rel for rel in package if f"coalitie/{rel}" not in names)
    assert missing == [], f"not in the wheel: {missing}"
    assert "coalitie/rules/fasen.yaml" in names and "coalitie/diagnose/render/templates/report.html.j2" in names
    assert not any(n.startswith("coalitie/tests/") or n.startswith("coalitie/bench/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as z:
        assert "coalitie = coalitie.cli:main" in z.read(entry).decode()
