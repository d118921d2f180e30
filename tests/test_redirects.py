"""Stable ids: kennisbank/hernoemd.yaml, and old observation ids in cases."""
from __future__ import annotations

import pytest

import kennisbank
from diagnose import CaseError, diagnose, redirects
from diagnose.case import case_from_data
from conftest import case

KB = kennisbank.load()
COALITION_OBS = "initiatief_bij_enkelen"
PARTNER_OBS = sorted(k for k, o in KB.observaties.items() if o.niveau == "partner")[0]


@pytest.fixture
def table(tmp_path, monkeypatch):
    """Use a temporary redirect table with the given YAML text."""
    def use(text: str):
        path = tmp_path / "hernoemd.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(redirects, "TABLE_PATH", path)
        redirects.load_table.cache_clear()
    yield use
    redirects.load_table.cache_clear()


def test_the_real_table_is_consistent():
    redirects.load_table.cache_clear()
    table = redirects.load_table()
    for kind, mapping in table.items():
        items = KB.kind(kind)
        for old, new in mapping.items():
            assert old not in items, f"{kind}: oud id {old!r} staat nog in de kennisbank"
            assert new in items, f"{kind}: {old!r} verwijst naar onbekend {new!r}"


def test_empty_table_changes_nothing():
    redirects.load_table.cache_clear()
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
