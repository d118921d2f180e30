"""Finding words, the trainee's picker, the trainer's kit (trainer view, handout, class
overview, session JSON, xAPI) and a scenario file read by `diagnose` and `wat-als`."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coalitie import kennisbank
from coalitie.cli import main
from coalitie.diagnose.findwords import search
from coalitie.diagnose.trainee import Picker
from coalitie.diagnose.trainerkit import ACTIVITY_IRI, session_record, statement_problems, xapi_statements
from coalitie.diagnose.training import SCENARIO_DIR, TraineeAnswer, families, scenarios, score


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# -- finding words ------------------------------------------------------------------------------
@pytest.mark.parametrize("word,kind,taal,expected", [
    ("managers", "risico", "nl", "mandaat_ontbreekt"),          # the story's own word
    ("wethouder", "risico", "nl", "rol_gemeente_onhelder"),
    ("huisarts", "risico", "nl", "signaleerders_niet_aangehaakt"),
    ("ruzie", "risico", "nl", "conflict_blokkeert_samenwerking"),
    ("logo", "risico", "nl", "versnippering"),
    ("spin", "risico", "nl", "coordinator_wordt_netwerk"),
    ("experiment", "risico", "en", "geen_ruimte_om_te_proberen"),
    ("fail", "risico", "en", "geen_ruimte_om_te_proberen"),
    ("borging", "interventie", "nl", "verankering_tijdig_agenderen"),
    ("manadaat", "risico", "nl", "mandaat_ontbreekt"),          # a typo
    ("vertrouwensband", "risico", "nl", "vertrouwen_kern_dun"),   # a compound, by stem
    ("kennismaken", "risico", "nl", "partijen_onvoldoende_gekend"),
])
def test_words_trainees_type_find_the_finding(word, kind, taal, expected):
    assert expected in [h.id for h in search(word, kind, taal)]


def test_search_ranks_titles_above_questions_and_shows_everything():
    hits = search("ambitie", "risico", "nl")
    assert len(hits) > 10                      # no cut at 12: the picker shows 10 and 'alles' the rest
    assert hits[0].why in ("titel", "zoekwoord")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_training_words_and_families_name_real_items():
    kb = kennisbank.load()
    for fid, fam in families().items():
        assert all(m in kb.risicos for m in fam.leden), fid
        assert all(kb.citation_error(c) is None for c in fam.bron), fid
    from coalitie.diagnose.findwords import _training_words
    data = _training_words()
    assert set(data["zoekwoorden"]) <= set(kb.risicos)
    assert set(data["interventie_zoekwoorden"]) <= set(kb.interventies)


# -- the picker ---------------------------------------------------------------------------------
def _play(kind, lines, taal="nl"):
    shown = []
    feed = iter(lines + [""])
    picker = Picker(kind, taal, lambda _prompt: next(feed), shown.append)
    return picker.run("Risico's"), "\n".join(shown)


def test_a_number_after_a_miss_picks_from_the_list_on_screen():
    picks, screen = _play("risico", ["managers", "zzzqqq", "1"])
    first = search("managers", "risico")[0].id
    assert picks == [first]
    said = " ".join(screen.split())  # as read, whatever the wrapping
    assert "niets gevonden voor 'zzzqqq'" in said and "lijst hierboven geldt nog" in said


def test_the_pickers_lines_fit_the_terminal_and_break_between_words():
    """The prompt ran to 84 columns and the terminal broke it inside a word ('l' / 'eeg')."""
    shown = []
    feed = iter(["eenwoorddatnergensvoorkomtenlangisvoordezetest", ""])
    Picker("interventie", "nl", lambda _prompt: next(feed), shown.append).run("Eerste interventie(s)")
    lines = "\n".join(shown).splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert any(line.endswith("? voor hulp; leeg =") or "leeg = klaar." in line for line in lines)
    assert not any(line.rstrip().endswith(" l") for line in lines)


def test_a_number_never_searches():
    picks, screen = _play("risico", ["4"])
    assert picks == [] and "geen lijst" in screen
    picks, screen = _play("risico", ["spin", "9"])
    assert picks == [] and "Kies een nummer van 1 tot" in screen


def test_picks_are_shown_and_removed():
    picks, screen = _play("risico", ["spin", "1", "2", "?", "-1"])
    assert len(picks) == 1 and "Je keuzes" in screen and "weggehaald" in screen
    picks, _ = _play("risico", ["spin", "1", "-coordinator_wordt_netwerk"])
    assert picks == []


def test_all_shows_every_hit():
    _, screen = _play("risico", ["ambitie", "alles"])
    n = len(search("ambitie", "risico"))
    assert f"{n:2}." in screen and "typ 'alles'" in screen


def test_phase_prompt_explains_a_bad_answer():
    r = cli("oefen", "koffie-voor-de-kennismaking", input="drie\n0\n1\n\n\n")
    assert "Typ een cijfer van 1 tot 5" in r.output and "Score:" in r.output


# -- trainer view and handout -------------------------------------------------------------------
def test_trainer_view_has_key_reasoning_and_questions():
    r = cli("oefen", "hengelo-tien-opgaven", "--trainer")
    assert r.exit_code == 0
    assert "TRAINERSBLAD" in r.output and "Sleutelrisico's" in r.output and "Vragen voor het gesprek" in r.output
    assert "Leerdoelen" in r.output and "Nabespreking" in r.output and "De engine: fase 2" in r.output


@pytest.mark.parametrize("name", ["hand-out.html", "hand-out.md"])
def test_handout_has_story_and_questions_but_no_key(tmp_path, name):
    out = tmp_path / name
    r = cli("oefen", "haarlem-ontmoet-managers", "--handout", str(out))
    assert r.exit_code == 0
    text = out.read_text(encoding="utf-8")
    sc = scenarios()["haarlem-ontmoet-managers"]
    assert "Haarlem Ontmoet" in text and "In welke fase" in text
    for k in sc.sleutel.risicos:
        assert k.id not in text and k.waarom("nl")[:40] not in text
    assert sc.nabespreking("nl")[:40] not in text
    if name.endswith(".html"):
        assert text.startswith("<!DOCTYPE html>")
    assert cli("oefen", "haarlem-ontmoet-managers", "--handout", str(out)).exit_code == 2   # never overwritten


# -- sessions and the class overview ------------------------------------------------------------
def _session(tmp_path, name, answer):
    path = tmp_path / f"{name}.json"
    src = tmp_path / f"{name}-antwoord.json"
    src.write_text(json.dumps({"haarlem-ontmoet-managers": answer}), encoding="utf-8")
    r = cli("oefen", "haarlem-ontmoet-managers", "--no-input", "--antwoorden", str(src), "--deelnemer", name,
            "--sessie", str(path))
    assert r.exit_code == 0, r.output
    return path


def test_class_overview_of_three_trainees(tmp_path):
    files = [_session(tmp_path, "an", {"fase": 4, "risicos": ["mandaat_ontbreekt", "verankering_te_laat"],
                                       "interventies": ["mandaat_regelen"]}),
             _session(tmp_path, "bo", {"fase": 4, "risicos": ["bestuurlijk_draagvlak_ontbreekt"],
                                       "interventies": ["bestuurders_verbinden"]}),
             _session(tmp_path, "cem", {"fase": 3, "risicos": ["bestuurlijk_draagvlak_ontbreekt", "subsidieval"],
                                        "interventies": []})]
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["deelnemer"] == "an" and data["datum"] and data["coalitie_versie"] and data["kennisbank_versie"]
    args = ["oefen", "haarlem-ontmoet-managers"]
    for f in files:
        args += ["--klas", str(f)]
    r = cli(*args)
    assert r.exit_code == 0, r.output
    out = r.output
    assert "3 deelnemers" in out and "KLASOVERZICHT" in out
    assert " 1/3 ≈2  Geen mandaat aan tafel" in out          # one named it, two named it differently
    assert "2/3  Bestuurders niet aan boord" in out
    assert "Om te bespreken" in out and "De fases lopen uiteen" in out
    bad = tmp_path / "kapot.json"
    bad.write_text("{}", encoding="utf-8")
    r = cli("oefen", "haarlem-ontmoet-managers", "--klas", str(bad))
    assert r.exit_code == 2 and "kapot.json" in r.output


# -- xAPI ---------------------------------------------------------------------------------------
def _record():
    sid = "koffie-voor-de-kennismaking"
    sc = scenarios()[sid]
    answer = TraineeAnswer(fase=1, risicos=["te_snel_in_actie"], interventies=["partijen_een_op_een_leren_kennen"])
    return session_record([(sc, score(sid, answer), answer.model_dump())], "Anna de Vries", "nl")


def test_xapi_statements_are_well_formed_and_pseudonymous():
    tincan = pytest.importorskip("tincan", reason="edx-tincan-py35 (test extra) is not installed")
    statements = xapi_statements(_record())
    assert len(statements) == 1
    st = statements[0]
    assert statement_problems(st) == []
    assert "Anna" not in json.dumps(st) and st["actor"]["account"]["name"]
    assert st["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
    assert st["object"]["id"] == ACTIVITY_IRI + "koffie-voor-de-kennismaking"
    parsed = tincan.Statement(st)             # an existing xAPI library's statement model
    assert parsed.actor.account.name == st["actor"]["account"]["name"]
    assert parsed.result.score.scaled == st["result"]["score"]["scaled"]


@pytest.mark.parametrize("breaks", [
    lambda st: st.pop("actor"),
    lambda st: st["verb"].update(id="scored"),
    lambda st: st["object"].update(id="koffie"),
    lambda st: st["result"]["score"].update(scaled=1.5),
    lambda st: st["actor"].update(mbox="mailto:a@b.nl"),
    lambda st: st.update(timestamp="gisteren"),
])
def test_a_malformed_statement_fails(breaks):
    st = xapi_statements(_record())[0]
    breaks(st)
    assert statement_problems(st)


def test_cli_writes_xapi(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text("koffie-voor-de-kennismaking: {fase: 1, risicos: [te_snel_in_actie]}\n", encoding="utf-8")
    out = tmp_path / "xapi.json"
    r = cli("oefen", "koffie-voor-de-kennismaking", "--no-input", "--antwoorden", str(src), "--xapi", str(out))
    assert r.exit_code == 0
    assert all(statement_problems(st) == [] for st in json.loads(out.read_text(encoding="utf-8")))


def test_answer_file_with_unknown_ids_is_refused_with_a_suggestion(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text("koffie-voor-de-kennismaking: {fase: 1, risicos: [te_snel_in_aktie]}\n", encoding="utf-8")
    r = cli("oefen", "koffie-voor-de-kennismaking", "--no-input", "--antwoorden", str(src))
    assert r.exit_code == 2 and "te_snel_in_actie" in r.output


def test_niveau_filters_the_list():
    r = cli("oefen", "--niveau", "basis")
    assert "koffie-voor-de-kennismaking" in r.output and "bergeijk-iedereens-probleem" not in r.output


# -- scenario files in diagnose and wat-als -----------------------------------------------------
def test_diagnose_and_whatif_read_a_scenario_file():
    path = str(SCENARIO_DIR / "koffie-voor-de-kennismaking.yaml")
    r = cli("diagnose", path, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["fase"]["nummer"] == 1
    r = cli("wat-als", path, "een_op_een_gesprekken=ja")
    assert r.exit_code == 0 and "Wat als" in r.output


def test_the_trainees_list_does_not_give_the_phase_away():
    """The list grouped the scenarios by the phase the trainee is then asked for."""
    r = cli("oefen")
    assert r.exit_code == 0 and "Niveau basis" in r.output and "Fase " not in r.output
    assert "koffie-voor-de-kennismaking" in r.output
    r = cli("oefen", "--trainer")
    assert r.exit_code == 0 and "Fase 1 · " in r.output  # the trainer's view, by the phase in the key
    r = cli("oefen", "--handout", "x.html")
    assert r.exit_code == 2 and "noem een scenario" in r.output
