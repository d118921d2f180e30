"""Several perspectives: informants' views combined by rule, and the gaps between them."""
from __future__ import annotations

import copy

from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.case import case_from_data, load_case
from coalitie.diagnose.perspectives import as_seen_by, combine, parts
from coalitie.kennisbank import yamlstrict

THREE = EXAMPLES / "drie-gesprekspartners.yaml"


def _data():
    return yamlstrict.load(THREE.read_text(encoding="utf-8"))


def test_three_informants_who_disagree_on_the_ambition():
    d = diagnose(THREE)
    risk = next(r for r in d.risicos if r.id == "ambitie_verschillend_beleefd")
    assert risk.ernst == "hoog"
    (w,) = [w for w in risk.waarnemingen if w.id == "ambitie_kern"]
    assert set(w.door) == {"coordinator", "beleidsmedewerker", "vrijwilliger"}
    for view in ("coordinator:", "beleidsmedewerker:", "vrijwilliger:"):
        assert view in w.antwoord
    ambitie = next(c for c in d.condities if c.id == "ambitie")
    assert ambitie.status == "aandacht_nodig" and any(w.door for w in ambitie.waarnemingen)
    assert any(p.id == "ambitie_kern" and p.uiteenlopend for p in d.perspectieven)


def test_the_same_case_with_agreeing_informants_has_no_such_finding():
    data = _data()
    for inf in data["informanten"]:
        inf["observaties"].update(ambitie_kern="ontmoeting", ambitie_geformuleerd="uitgewerkt",
                                  partners_wachten_op_coordinator="nee", partners_zien_zich_terug="ja")
    d = diagnose(case_from_data(data))
    ids = {r.id for r in d.risicos}
    assert not ids & {"ambitie_verschillend_beleefd", "spraakverwarring", "coordinator_wordt_netwerk",
                      "partner_voelt_zich_niet_gehoord"}
    assert not any(p.uiteenlopend for p in d.perspectieven)
    # what they agree on stands as an observation, credited to them
    assert combine(case_from_data(data)).answers["ambitie_kern"] == "ontmoeting"


def test_each_informant_alone_is_mild_only_the_gap_reveals_the_risk():
    case = load_case(THREE)
    together = {r.id for r in diagnose(case).risicos if r.ernst != "laag" and r.status == "vastgesteld"}
    assert {"ambitie_verschillend_beleefd", "coordinator_wordt_netwerk"} <= together
    for inf in case.informanten:  # alone, one view raises at most a suspicion
        alone = diagnose(as_seen_by(case, inf.id))
        assert not [r.id for r in alone.risicos if r.ernst != "laag" and r.status == "vastgesteld"], inf.id


def test_coordinator_sees_engaged_partners_while_partners_wait():
    d = diagnose(THREE)
    risk = next(r for r in d.risicos if r.id == "coordinator_wordt_netwerk")
    assert risk.partner == "Welzijn Veldhoven"
    said = {(w.antwoord, tuple(w.door)) for w in risk.waarnemingen}
    assert ("nee", ("coordinator",)) in said and ("ja", ("vrijwilliger",)) in said


def test_cases_without_informants_give_the_same_facts_as_before():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        case = load_case(path)
        if case.informanten:
            continue
        combined = combine(case)
        assert combined.answers == {k: v for k, v in case.observaties.items() if v is not None}
        assert not combined.disagreements
        assert diagnose(case).perspectieven == []


def test_an_informant_who_agrees_with_the_adviser_changes_no_finding():
    case = load_case(EXAMPLES / "lopende-coalitie.yaml")
    data = case.model_dump(mode="json")
    data["informanten"] = [{"id": "projectleider", "partner": "Welzijnsorganisatie Spaarne",
                            "observaties": {k: v for k, v in data["observaties"].items() if v is not None}}]
    before, after = diagnose(case), diagnose(case_from_data(data))
    assert [(r.id, r.ernst) for r in before.risicos] == [(r.id, r.ernst) for r in after.risicos]
    assert before.fase == after.fase


def test_parting_rules():
    assert parts(["ja", "nee"]) and not parts(["ja", "deels"]) and parts(["ontmoeting", "signaleren"])
    assert not parts(["ja", "ja"])


def test_informants_are_validated():
    data = _data()
    data["informanten"][0]["partner"] = "Welzijn Veldhove"
    r = CliRunner().invoke(main, ["diagnose", "-"], input=__import__("json").dumps(data, default=str))
    assert r.exit_code == 2 and "Bedoel je 'Welzijn Veldhoven'" in r.output
    data = _data()
    data["informanten"].append(copy.deepcopy(data["informanten"][0]))
    r = CliRunner().invoke(main, ["diagnose", "-"], input=__import__("json").dumps(data, default=str))
    assert r.exit_code == 2 and "twee keer" in r.output


def test_cli_per_informant_view_and_views_section():
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", "drie-gesprekspartners"])
    assert "WAAR DE BEELDEN UITEENLOPEN" in r.output and "volgens:" in r.output
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", "drie-gesprekspartners", "--informant", "coordinator"])
    assert r.exit_code == 0 and "— coordinator" in r.output and "Iedereen heeft een ander beeld" not in r.output
