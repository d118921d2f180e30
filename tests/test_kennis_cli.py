"""The browsable knowledge base (`coalitie kennis`) and its consistency check."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coalitie.cli import main
from coalitie.diagnose.catalog import check, coverage, entries, find, lookup

CASES = Path(__file__).parent / "regelgevallen"


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_every_entry_kind_is_listed():
    from coalitie import cli as cli_module
    from coalitie.diagnose.catalog import KINDS
    kinds = {e.kind for e in entries()}
    assert kinds == {"fase", "conditie", "risico", "interventie", "observatie", "signaal", "indicator", "partnertype",
                     "sterkte", "plan"} == set(KINDS)
    assert cli_module._SOORTEN == list(KINDS)  # every kind can be listed on its own (sterkte and plan could not)
    r = cli("kennis", "lijst", "--soort", "fase")
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 5
    r = cli("kennis", "lijst", "--soort", "plan")
    assert r.exit_code == 0 and "eerste_bijeenkomst" in r.output


def test_show_names_the_rules_behind_an_item():
    r = cli("kennis", "toon", "gemarkeerd_zonder_verdieping")
    assert r.exit_code == 0
    assert "FAS001 gemarkeerd_zonder_verdieping" in r.output and "handreiking §1.2.3" in r.output
    (e,) = lookup("verdiepend_gesprek_ambitie") if len(lookup("verdiepend_gesprek_ambitie")) == 1 else \
        [x for x in lookup("verdiepend_gesprek_ambitie") if x.kind == "observatie"]
    assert e.read_by


def test_show_says_when_a_plan_is_no_longer_offered():
    """A plan's ``voorbij_als`` is shown with exactly its values ('deels' does not put it behind)."""
    r = cli("kennis", "toon", "eerste_bijeenkomst")
    assert r.exit_code == 0
    assert "in het gesprek niet meer aangeboden als: eerste_bijeenkomst_geweest in ja\n" in r.output
    r = cli("kennis", "toon", "acties_starten", "--taal", "en")
    assert "no longer offered in the interview once: activiteiten_lopen in ja\n" in r.output
    assert "aangeboden" not in cli("kennis", "toon", "subsidie_einde").output  # a plan without it


def test_show_unknown_id_suggests():
    r = cli("kennis", "toon", "gemarkeerd_zonder_verdiepin")
    assert r.exit_code == 2 and "Bedoel je 'gemarkeerd_zonder_verdieping'" in r.output


def test_search_and_rule_doc():
    assert any(e.id == "intentieverklaring" for e in find("convenant"))
    r = cli("kennis", "regel", "ambitie_uit_beeld")
    assert r.exit_code == 0 and "record FAS011 ambitie_uit_beeld" in r.output and "handreiking §1.2.5" in r.output
    assert "gewicht" in r.output and "<function" not in r.output  # readable conditions
    assert cli("kennis", "regel", "FAS011").output == r.output  # by code too
    assert cli("kennis", "zoek", "xyzzy-niets").exit_code == 2


def test_every_python_rule_reads_without_function_reprs():
    """Predicates, value lists and variables in the Python rules read as tests a person says."""
    from coalitie.diagnose.catalog import rule_doc
    from coalitie.diagnose.engine import all_rules
    for name in all_rules():
        for line in rule_doc(name).get("als", []):
            assert "function" not in line and " at 0x" not in line and "lambda" not in line, (name, line)
    assert "Phase(nummer=≤ 3)" in cli("kennis", "regel", "subsidie_als_startzetje").output
    doc = cli("kennis", "regel", "ambitie_verschillend_verteld").output
    assert "value='nee' of 'deels'" in doc


def test_coverage_lists_every_checklist_line_with_rules():
    lines = coverage()
    assert len(lines) >= 40
    uncovered = [line.citatie for line in lines if not line.rules]
    assert not uncovered, uncovered
    r = cli("kennis", "dekking")
    assert r.exit_code == 0 and "handreiking §1.2.3" in r.output
    one = next(line for line in lines if len(line.rules) == 1)  # "1 regel", not "1 regels"
    assert f"{one.citatie}  (1 regel, " in r.output and "(1 regels" not in r.output


def test_consistency_check_passes():
    problems = check(CASES)
    assert not problems, "\n".join(problems)
    r = cli("kennis", "controle")
    assert r.exit_code == 0 and "consistent" in r.output


def test_kennis_speaks_english_on_request():
    from click.testing import CliRunner
    from coalitie.cli import main
    r = CliRunner().invoke(main, ["kennis", "toon", "mandaat_ontbreekt", "--taal", "en"])
    assert r.exit_code == 0 and r.output.startswith("risk mandaat_ontbreekt: No mandate at the table")
    for dutch in ("bron:", "geconcludeerd", "conditie:", "risico "):
        assert dutch not in r.output
    r = CliRunner().invoke(main, ["kennis", "lijst", "--soort", "fase", "--taal", "en"])
    assert r.output.startswith("phase ")
