"""Stable ids: kennisbank/hernoemd.yaml, and old observation ids in cases."""
from __future__ import annotations

import pytest

from coalitie import kennisbank
from coalitie.diagnose import CaseError, diagnose, redirects
from coalitie.diagnose.case import case_from_data
from conftest import case

KB = kennisbank.load()
COALITION_OBS = "initiatief_bij_enkelen"
PARTNER_OBS, PARTNER_OBS2 = sorted(k for k, o in KB.observaties.items() if o.niveau == "partner")[:2]


@pytest.fixture
def table(tmp_path, monkeypatch):
    """Use a temporary redirect table with the given YAML text."""
    def use(text: str):
        path = tmp_path / "hernoemd.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(redirects, "TABLE_PATH", path)
        redirects.clear_cache()
    yield use
    redirects.clear_cache()


def test_the_real_table_is_consistent():
    redirects.clear_cache()
    table = redirects.load_table()
    for kind, mapping in table.items():
        items = KB.kind(kind)
        for old, new in mapping.items():
            assert old not in items, f"{kind}: oud id {old!r} staat nog in de kennisbank"
            assert new in items, f"{kind}: {old!r} verwijst naar onbekend {new!r}"


def test_empty_table_changes_nothing():
    redirects.clear_cache()
    data = case(**{COALITION_OBS: "ja"})
    if not redirects.load_table()["observaties"]:
        assert redirects.apply_redirects(data) is data


def test_old_ids_are_renamed_everywhere(table):
    table(f"observaties:\n  oud_initiatief: {COALITION_OBS}\n  oud_partner: {PARTNER_OBS}\n"
          "risicos: {}\ninterventies: {}\n")
    partners = [{"naam": "A", "type": "gemeente", "observaties": {"oud_partner": "onbekend"}},
                {"naam": "B", "type": "inwoner"}]
    data = case(partners=partners, oud_initiatief="ja", vraagstuk_verkend="nee")
    out = redirects.apply_redirects(data)
    assert out["observaties"] == {COALITION_OBS: "ja", "vraagstuk_verkend": "nee"}
    assert out["partners"][0]["observaties"] == {PARTNER_OBS: "onbekend"}
    assert out["partners"][1] == partners[1]
    assert "oud_initiatief" in data["observaties"]  # the input is not changed
    assert case_from_data(out).observaties[COALITION_OBS] == "ja"


def test_chains_are_followed_and_other_kinds_resolve(table):
    table(f"observaties:\n  a: b\n  b: {COALITION_OBS}\nrisicos:\n  oud_risico: nieuw_risico\n")
    assert redirects.apply_redirects(case(a="ja"))["observaties"] == {COALITION_OBS: "ja"}
    assert redirects.redirect("risicos", "oud_risico") == "nieuw_risico"
    assert redirects.redirect("interventies", "x") == "x"


def test_old_and_new_id_together_is_a_clear_error(table):
    table(f"observaties:\n  oud: {COALITION_OBS}\n")
    with pytest.raises(CaseError) as info:
        redirects.apply_redirects(case(oud="ja", **{COALITION_OBS: "nee"}), bron="casus.yaml")
    assert info.value.bron == "casus.yaml"
    assert info.value.problemen[0][0] == "observaties.oud"


@pytest.mark.parametrize("text", ["observaties:\n  a: b\n  b: a\n", "fouten: {}\n",
                                  "observaties: [a, b]\n"])
def test_a_bad_table_is_refused(table, text):
    table(text)
    with pytest.raises(redirects.RedirectTableError):
        redirects.load_table()


def test_non_case_data_passes_through(table):
    table(f"observaties:\n  oud: {COALITION_OBS}\n")
    for data in (None, 42, [1], {"coalitie": "x"}, {"observaties": None, "partners": None}):
        assert redirects.apply_redirects(data) == data


def test_an_old_id_in_a_case_keeps_working(table):
    table(f"observaties:\n  oud_initiatief: {COALITION_OBS}\n")
    old = diagnose(case(oud_initiatief="ja"))
    new = diagnose(case(**{COALITION_OBS: "ja"}))
    assert old.model_dump() == new.model_dump()


# -- split questions (section ``gesplitst``) ----------------------------------------------------

SPLIT_A, SPLIT_B = "vraagstuk_verkend", "verwachtingen_uitgewisseld"  # two ja/nee questions
SPLIT_TABLE = (f"gesplitst:\n  oud_dubbel:\n    {SPLIT_A}: {{ja: ja, deels: deels}}\n"
               f"    {SPLIT_B}: {{ja: ja, deels: deels}}\n")


def test_the_real_splits_are_consistent():
    redirects.clear_cache()
    for old, targets in redirects.load_splits().items():
        assert old not in KB.observaties, f"gesplitst: oud id {old!r} staat nog in de kennisbank"
        for new, answers in targets.items():
            assert new in KB.observaties, f"gesplitst: {old!r} verwijst naar onbekend {new!r}"
            item = KB.observaties[new]
            allowed = {o.id for o in item.opties} if item.opties else {"ja", "nee", "deels", "onbekend"}
            assert set(answers.values()) <= allowed, f"gesplitst: {old} -> {new}: antwoord past niet"


def test_a_split_question_carries_its_answer_to_both_new_ids_with_a_warning(table):
    table(SPLIT_TABLE)
    with pytest.warns(redirects.GesplitsteVraag) as caught:
        out = redirects.apply_redirects(case(oud_dubbel="ja"), bron="oud.yaml")
    assert out["observaties"] == {SPLIT_A: "ja", SPLIT_B: "ja"}
    message = str(caught[0].message)
    assert "oud.yaml" in message and "oud_dubbel" in message and SPLIT_A in message and SPLIT_B in message


def test_a_no_to_a_split_question_leaves_both_parts_open(table):
    """'nee' to 'A and B' does not say which failed: unknown is never no."""
    table(SPLIT_TABLE)
    with pytest.warns(redirects.GesplitsteVraag, match="niet overgenomen"):
        out = redirects.apply_redirects(case(oud_dubbel="nee"))
    assert out["observaties"] == {}
    assert case_from_data(out).observaties.get(SPLIT_A) is None


def test_an_answer_under_the_new_id_wins_and_partner_answers_are_split_too(table):
    table(f"gesplitst:\n  oud_p:\n    {PARTNER_OBS}: {{ja: ja}}\n    {PARTNER_OBS2}: {{ja: ja}}\n"
          f"  oud_dubbel:\n    {SPLIT_A}: {{ja: ja}}\n    {SPLIT_B}: {{ja: ja}}\n")
    with pytest.warns(redirects.GesplitsteVraag):
        out = redirects.apply_redirects(case(oud_dubbel="ja", **{SPLIT_A: "nee"}))
    assert out["observaties"] == {SPLIT_A: "nee", SPLIT_B: "ja"}
    partners = [{"naam": "A", "type": "gemeente", "observaties": {"oud_p": "ja"}}]
    with pytest.warns(redirects.GesplitsteVraag, match=r"partners\.0\.observaties\.oud_p"):
        out = redirects.apply_redirects(case(partners=partners))
    assert out["partners"][0]["observaties"] == {PARTNER_OBS: "ja", PARTNER_OBS2: "ja"}


@pytest.mark.parametrize("text", ["gesplitst:\n  a: {b: {ja: ja}}\n",          # only one new id
                                  "gesplitst:\n  a: [b, c]\n",
                                  "gesplitst:\n  a: {b: {ja: ja}, c: ja}\n",
                                  "observaties:\n  a: b\ngesplitst:\n  a: {b: {ja: ja}, c: {ja: ja}}\n"])
def test_a_bad_split_table_is_refused(table, text):
    table(text)
    with pytest.raises(redirects.RedirectTableError):
        redirects.load_splits()


def test_an_old_case_with_a_split_question_diagnoses_like_the_new_answers(table):
    table(SPLIT_TABLE)
    with pytest.warns(redirects.GesplitsteVraag):
        old = diagnose(case(oud_dubbel="ja"))
    new = diagnose(case(**{SPLIT_A: "ja", SPLIT_B: "ja"}))
    assert old.model_dump() == new.model_dump()
