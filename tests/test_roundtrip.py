"""Saving a case keeps the adviser's file: only changed values are rewritten (diagnose/roundtrip.py)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitie import kennisbank
from coalitie.diagnose.case import case_from_data, load_case
from coalitie.diagnose.interview import case_data, case_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "kennisbank" / "voorbeelden").glob("*.yaml")) + sorted((ROOT / "tests" / "validatie").glob("v[0-9]*.yaml"))
# words YAML 1.1 (the strict reader) takes for something else than a word, and plain ones
TRICKY = ["yes", "no", "on", "Off", "ja", "nee", "12", "3.5", "2026-01-01", "~", "null", "", "a: b", "# geen commentaar",
          "- lijst", "twee\nregels", "'quote'", "\"dubbel\"", "Gemeente"]


def _janee_keys():
    kb = kennisbank.load()
    return sorted(k for k, o in kb.observaties.items() if o.type == "janee" and o.niveau == "coalitie")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(FILES), answers=st.dictionaries(st.sampled_from(_janee_keys()),
                                                            st.sampled_from(["ja", "nee", "deels", None]), max_size=4),
       note=st.sampled_from(TRICKY), role=st.sampled_from(TRICKY))
def test_changed_values_only_and_the_same_case_read_back(path, answers, note, role):
    previous = path.read_text(encoding="utf-8")
    data = load_case(path).model_dump(mode="json")
    data["observaties"].update(answers)
    data["notities"] = note
    if data["partners"]:
        data["partners"][0]["rol"] = role
    case = case_from_data(data)
    text, kept = case_text(case, previous)
    assert kept  # every bundled file can be kept in place
    from coalitie.diagnose.case import parse_case_text
    assert case_data(parse_case_text(text, fmt="yaml")) == case_data(case)
    comments = [line[line.index(" #"):].strip() for line in previous.splitlines() if " #" in line and '"' not in line]
    assert all(c in text for c in comments)


def test_a_new_file_is_written_whole():
    case = load_case(FILES[0])
    text, kept = case_text(case)
    assert not kept and text.startswith("# Casus voor `coalitie`")


def _case(text: str):
    from coalitie.diagnose.case import parse_case_text
    return parse_case_text(text, fmt="yaml")


def test_a_comment_that_would_be_lost_means_a_fresh_file_and_a_copy():
    """An answer taken back (:terug) takes its comment with it: the text is then not kept
    (the interview copies the file first), and neither is a file in JSON or flow style."""
    from coalitie.diagnose.questioning import Question
    previous = "coalitie: X\ndatum_gesprek: 2026-05-01\nobservaties:\n  overlegstructuur: ja  # zei Jan\n"
    data = _case(previous).model_dump(mode="json")
    del data["observaties"]["overlegstructuur"]
    text, kept = case_text(case_from_data(data), previous)
    assert not kept and "overlegstructuur" not in text
    flow = '{"coalitie": "X", "datum_gesprek": "2026-05-01"}'
    assert case_text(_case("coalitie: X\ndatum_gesprek: 2026-05-01\n"), flow)[1] is False


def test_a_lone_dash_line_is_no_crash():
    previous = ("coalitie: X\ndatum_gesprek: 2026-05-01\npartners:\n  -\n    naam: A\n    type: gemeente\n"
                "# eigen aantekening\n")
    text, kept = case_text(_case(previous), previous)
    assert _case(text).partners[0].naam == "A"


def test_defaults_left_out_are_not_added():
    previous = "coalitie: X\ndatum_gesprek: 2026-05-01\npartners:\n  - naam: A\n    type: gemeente\n"
    text, kept = case_text(_case(previous), previous)
    assert kept and "gemeente: ''" not in text and "rol:" not in text and "notities" not in text
