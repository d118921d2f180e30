"""The command line as a user meets it: examples, formats, files, bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version_and_help():
    r = cli("--version")
    assert r.exit_code == 0 and r.output.startswith("coalitie ") and "kennisbank" in r.output
    r = cli("-h")
    assert r.exit_code == 0 and "diagnose" in r.output and "Exitstatus" in r.output
    for cmd in ("diagnose", "voorbeeld", "nieuw", "schema"):
        r = cli(cmd, "-h")
        assert r.exit_code == 0 and "Voorbeeld" in r.output, cmd


def test_every_help_fits_80_columns():
    """Help is read in an 80-column terminal: no line wider (long examples go on after a backslash)."""
    def walk(cmd, path):
        yield path
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, path + [name])
    for path in walk(main, []):
        r = CliRunner().invoke(main, path + ["--help"], terminal_width=80)
        wide = [line for line in r.output.splitlines() if len(line) > 80]
        assert r.exit_code == 0 and not wide, (path, wide)


@pytest.mark.parametrize("name", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_every_bundled_example_diagnoses(name):
    r = cli("diagnose", "--voorbeeld", name)
    assert r.exit_code == 0, r.output
    assert "KERN" in r.output and "Eerste stap" in r.output and "BIJLAGE: ONDERBOUWING" in r.output \
        and "OPEN VRAGEN" in r.output


def test_english_markdown_and_json():
    r = cli("diagnose", "--voorbeeld", "lopende-coalitie", "--taal", "en")
    assert "CORE MESSAGE" in r.output and "keeping alive" in r.output
    r = cli("diagnose", "--voorbeeld", "lopende-coalitie", "--format", "markdown")
    assert r.output.startswith("# Diagnose: ")
    r = cli("diagnose", "--voorbeeld", "lopende-coalitie", "--format", "json")
    data = json.loads(r.output)
    assert data["fase"]["nummer"] == 4 and data["kennisbank_versie"]
    assert {"fase", "condities", "risicos", "interventies", "open_vragen"} <= set(data)


def test_explain_shows_the_evidence_tree():
    r = cli("diagnose", "--voorbeeld", "convenant-zonder-gesprek", "--uitleg")
    assert "⟸ regel obs:verdiepend_gesprek_ambitie=deels|nee" in r.output  # a (shared) record indicator
    assert "⟸ regel markering_via_convenant" in r.output  # the chain goes through the signal


def test_stdin_and_output_file(tmp_path):
    text = (EXAMPLES / "startend-dorp.yaml").read_text(encoding="utf-8")
    out = tmp_path / "rapport.md"
    r = cli("diagnose", "-", "--format", "markdown", "-o", str(out), input=text)
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Diagnose")
    r = cli("diagnose", "-", "-o", str(out), input=text)
    assert r.exit_code == 2 and "--force" in r.output
    r = cli("diagnose", "-", "-o", str(out), "--force", input=text)
    assert r.exit_code == 0 and "KERN" in out.read_text(encoding="utf-8")


def test_never_overwrites_the_case_itself(tmp_path):
    case = tmp_path / "casus.yaml"
    original = (EXAMPLES / "startend-dorp.yaml").read_text(encoding="utf-8")
    case.write_text(original, encoding="utf-8")
    r = cli("diagnose", str(case), "-o", str(case), "--force")
    assert r.exit_code == 2 and "invoerbestand" in r.output
    assert case.read_text(encoding="utf-8") == original


def test_new_case_template_is_a_valid_case(tmp_path):
    target = tmp_path / "nieuw.yaml"
    assert cli("nieuw", str(target)).exit_code == 0
    r = cli("diagnose", str(target))
    assert r.exit_code == 0, r.output
    assert cli("nieuw", str(target)).exit_code == 2  # exists: refused
    text = target.read_text(encoding="utf-8")
    assert "# eerste_bijeenkomst_geweest:" in text
    assert "lijst uit: " in text and "; niets alleen" in text  # a choice of several, 'niets' alone
    english = cli("nieuw", "--taal", "en", "-").output
    assert "list of: " in english and "; niets alone" in english and "lijst uit" not in english


def test_list_and_write_examples(tmp_path):
    r = cli("voorbeeld")
    assert r.exit_code == 0 and "lopende-coalitie" in r.output
    target = tmp_path / "x.yaml"
    assert cli("voorbeeld", "lopende-coalitie", "-o", str(target)).exit_code == 0
    r = cli("voorbeeld", "lopende-coaltie")
    assert r.exit_code == 2 and "Bedoel je 'lopende-coalitie'" in r.output


@pytest.mark.parametrize("args, dutch", [
    (["bestaatniet"], "Fout: onbekend commando 'bestaatniet'."),
    (["interview"], "Fout: argument 'CASUS' ontbreekt."),
    (["diagnose", "--formaat", "x"], "Fout: onbekende optie '--formaat'. (bedoelde u een van: '--force', '--format'"),
    (["diagnose", "x", "--format", "docx"], "Fout: ongeldige waarde voor '--format': 'docx' is niet een van 'text'"),
    (["interview", "x", "--max-vragen", "0"], "0 ligt niet in het bereik 1<=x<=500."),
    (["kennis", "lijst", "--soort", "x"], "ongeldige waarde voor '--soort': 'x' is niet een van 'fase'"),
    (["diagnose", "x", "y"], "Fout: onverwacht extra argument (y)"),
    (["--bogus"], "Fout: onbekende optie '--bogus'."),
    (["oefen", "--fase", "x"], "ongeldige waarde voor '--fase': 'x' is geen geheel getal."),
])
def test_click_speaks_dutch(args, dutch, monkeypatch):
    """Click's usage errors and help headings in the app's language; English with --taal en."""
    monkeypatch.setattr(sys, "argv", ["coalitie", *args])
    r = cli(*args)
    assert r.exit_code == 2 and dutch in r.output and "Error:" not in r.output, r.output
    assert r.output.startswith("Gebruik: ") and " -h' voor hulp." in r.output


def test_click_speaks_english_on_request_and_help_is_dutch(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["host", "--taal", "en"])  # the call's own arguments count, not the host's
    r = cli("diagnose", "x", "--format", "docx")
    assert "Fout: ongeldige waarde" in r.output
    r = cli("diagnose", "x", "--taal", "en", "--format", "docx")
    assert r.exit_code == 2 and "Error: Invalid value for '--format'" in r.output
    assert r.output.startswith("Usage: ") and "Gebruik" not in r.output
    assert "diagnose [OPTIONS] CASUS" in r.output and "OPTIES" not in r.output
    for group in ([], ["kennis"]):  # a group called without a command shows its help, no error
        r = cli(*group)
        assert "Fout" not in r.output and "Commando's:" in r.output
    text = cli("diagnose", "--help").output
    assert text.startswith("Gebruik: ") and " diagnose [OPTIES] CASUS\n" in text and "\nOpties:\n" in text
    assert "[standaard: nl]" in text and "default" not in text and "Options:" not in text
    text = cli("--help").output
    assert "COMMANDO [ARGUMENTEN]..." in text and "\nCommando's:\n" in text and "Commands:" not in text
    assert "\nCommando's:\n" in cli("kennis", "--help").output


def test_usage_errors_exit_2():
    assert cli("diagnose").exit_code == 2
    assert cli("diagnose", "x.yaml", "--voorbeeld", "lopende-coalitie").exit_code == 2
    assert cli("diagnose", "--voorbeeld", "lopende-coalitie", "--format", "docx").exit_code == 2
    assert cli("onbekend-commando").exit_code == 2


# -- bad input: a clear message naming file and field, exit 2, never a traceback --------------
BAD = {
    "malformed.yaml": ("coalitie: [\n", "regel 2"),
    "types.yaml": ("coalitie: X\ndatum_gesprek: gisteren\npartners: geen\n", "datum_gesprek"),
    "unknown.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n  rollen_vastgeled: ja\n",
                     "Bedoel je 'rollen_vastgelegd'"),
    "answer.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n  intentieverklaring: getekent\n",
                    "observaties.intentieverklaring"),
    "dupes.yaml": ("coalitie: X\ncoalitie: Y\ndatum_gesprek: 2026-01-01\n", "dubbele sleutel 'coalitie'"),
    "dupes.json": ('{"coalitie": "X", "coalitie": "Y"}', "dubbele sleutel"),
    "empty.yaml": ("", "leeg"),
    "list.yaml": ("- a\n- b\n", "mapping"),
    "extra.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\nfase: 3\n", "fase: onbekend veld"),
    "partner.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\npartners:\n  - naam: A\n    type: gemeete\n",
                     "partners.0.type"),
    "twice.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\npartners:\n  - {naam: A, type: gemeente}\n"
                   "  - {naam: A, type: inwoner}\n", "twee keer"),
    "complexkey.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n  ? [a, b]\n  : ja\n",
                        "regel 4, kolom 5: een sleutel moet een naam zijn, geen lijst of mapping"),
    "niets.yaml": ("coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n"
                   "  veranderingen_bij_partners: [niets, nieuwe_bestuurder]\n",
                   "observaties.veranderingen_bij_partners: keuze 'niets' kan niet samen met andere keuzes"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_clearly(tmp_path, name):
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    r = cli("diagnose", str(path))
    assert r.exit_code == 2
    assert str(path) in r.output and expected in r.output
    assert "Traceback" not in r.output
    assert path.read_text(encoding="utf-8") == text  # nothing the user wrote is touched


def test_binary_junk_huge_file_and_directory(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 40)
    r = cli("diagnose", str(junk))
    assert r.exit_code == 2 and "junk.yaml" in r.output
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    r = cli("diagnose", str(huge))
    assert r.exit_code == 2 and "hooguit" in r.output
    r = cli("diagnose", str(tmp_path))
    assert r.exit_code == 2 and "map" in r.output
    r = cli("diagnose", str(tmp_path / "bestaat-niet.yaml"))
    assert r.exit_code == 2 and "bestaat niet" in r.output


def test_real_process_prints_no_traceback(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("coalitie: [\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "coalitie.cli", "diagnose", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "kapot.yaml" in r.stderr
    ok = subprocess.run([sys.executable, "-m", "coalitie.cli", "diagnose", "--voorbeeld", "startend-dorp"],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and "KERN" in ok.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs POSIX")
def test_a_pdf_is_not_written_to_a_terminal(tmp_path):
    """Binary output would garble the terminal: refused there (exit 2), written when redirected."""
    import os
    import pty
    for to_stdout in ([], ["-o", "-"]):  # '-o -' is stdout too
        leader, follower = pty.openpty()
        try:
            r = subprocess.run([sys.executable, "-m", "coalitie.cli", "diagnose", "--voorbeeld", "lopende-coalitie",
                                "--format", "pdf", *to_stdout], stdout=follower, stderr=subprocess.PIPE, text=True,
                               timeout=120)
        finally:
            os.close(follower)
            os.close(leader)
        assert r.returncode == 2 and "hoort niet in de terminal" in r.stderr and "-o rapport.pdf" in r.stderr


def test_text_never_wraps_inside_a_hyphenated_name():
    """--uitleg split a source as 'common-' / 'eye' at the end of a line."""
    from coalitie.diagnose.render.text import _wrap
    text = 'Bronnen: handreiking §2.3; common-eye "Verbindend leiderschap"; hengelo'
    for width in range(40, 75):
        lines = _wrap(text, 4, width)
        assert not any(line.endswith("common-") for line in lines), (width, lines)
        assert " ".join(line.strip() for line in lines) == text
