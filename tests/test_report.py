"""The report a client reads: structure in every format, statements instead of
question → answer, a self-contained HTML file with described pictures, PDF, anonymised
copies and complete English."""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from coalitie import kennisbank
from coalitie.cli import main
from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.anonymise import anonymise, names_in
from coalitie.diagnose.case import load_case
from coalitie.diagnose.render import render
from coalitie.diagnose.render.labels import LABELS
from coalitie.kennisbank import stellingen

TWO = ["welzijnscoordinator-doet-alles", "drie-gesprekspartners"]
HUMAN = ["text", "markdown", "html"]


def _case(name):
    return load_case(EXAMPLES / f"{name}.yaml")


def _visible(html: str) -> str:
    """The text a reader sees in an HTML page (tags, styles and SVG descriptions left out)."""
    html = re.sub(r"<style.*?</style>|<desc.*?</desc>|<title.*?</title>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# -- statements -------------------------------------------------------------------------------
def test_every_observation_and_answer_has_a_statement():
    assert stellingen.check() == []


def test_a_partner_statement_names_the_partner_and_a_list_gives_one_per_choice():
    s = stellingen.statement("motieven", ["moreel", "affectief"], "nl", partner="Zorg Zuid")
    assert s.count("Zorg Zuid") == 2 and ";" in s
    assert "{" not in stellingen.statement("subsidie_einddatum", "2027-01-01", "en")


def test_absence_is_stated_as_absence_with_the_complete_list():
    from conftest import case
    partners = [{"naam": "Welzijn Noord", "type": "welzijnsorganisatie", "kern": True, "coordinator": True},
                {"naam": "Gemeente Noord", "type": "gemeente", "kern": True}]
    data = dict(case(partners=partners, eerste_bijeenkomst_geweest="ja", activiteiten_lopen="ja"),
                partnerlijst="volledig")
    for taal, said in (("nl", "Aan tafel zit geen partij van de soort zorgaanbieder; de partnerlijst is volledig"),
                       ("en", "No party of the kind care provider sits at the table; the partner list is complete")):
        d = diagnose(data, taal=taal)
        assert said in [w.stelling for r in d.risicos for w in r.waarnemingen]
        assert said in " ".join(render(d, "text").split())


# -- structure --------------------------------------------------------------------------------
ORDER = {"nl": ["core", "strengths", "advice", "by_theme", "appendix", "questions", "sources_list"]}


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("name", TWO)
def test_the_report_opens_with_the_core_message_and_keeps_its_order(name, fmt):
    d = diagnose(_case(name))
    out = render(d, fmt)
    text = _visible(out) if fmt == "html" else out
    lab = LABELS["nl"]
    positions = [text.upper().find(lab[k].upper()) for k in ORDER["nl"]]
    assert -1 not in positions and positions == sorted(positions), positions
    core = text[positions[0]:positions[1]]
    first = d.interventies[[i.id for i in d.interventies].index(d.hoofdadvies.interventies[0])]
    assert f"fase {d.fase.nummer}" in core and lab["first_step"] in core and first.titel in core
    assert all(r.titel in core for r in d.risicos if r.id in d.hoofdadvies.bevindingen[:2])


@pytest.mark.parametrize("fmt", HUMAN)
def test_evidence_reads_as_statements_and_ids_stay_out(fmt):
    kb = kennisbank.load()
    d = diagnose(_case("welzijnscoordinator-doet-alles"))
    out = render(d, fmt)
    text = " ".join((_visible(out) if fmt == "html" else out).split())
    assert not re.search(r"\?\s*→", text)  # no question → answer
    stated = {w.stelling for r in d.risicos for w in r.waarnemingen}
    assert stated and all(s in text for s in stated)
    ids = {x for x in list(kb.observaties) + list(kb.risicos) + list(kb.interventies) if "_" in x}
    assert not [x for x in ids if re.search(rf"\b{x}\b", text)]
    explained = render(d, fmt, uitleg=True)
    assert "coordinator_wordt_netwerk" in explained


def test_main_advice_is_in_process_order_on_every_example():
    """What must happen before a near date comes first (nearest first), the rest in the order
    of work."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        d = diagnose(load_case(path))
        steps = {i.id: i.stap for i in d.interventies}
        due = d.hoofdadvies.termijnen
        ids = d.hoofdadvies.interventies
        assert set(due) <= set(ids)
        assert ids[:len(due)] == sorted(due, key=lambda i: (due[i], ids.index(i))), path.stem
        order = [steps[i] for i in ids[len(due):]]
        assert order == sorted(order), (path.stem, ids)


SUBSIDY = {"coalitie": "Test", "datum_gesprek": "2026-06-01",
           "partners": [{"naam": "Welzijn", "type": "welzijnsorganisatie", "kern": True, "coordinator": True},
                        {"naam": "Gemeente", "type": "gemeente"}],
           "observaties": {"eerste_bijeenkomst_geweest": "ja", "activiteiten_lopen": "ja",
                           "rollen_vastgelegd": "ja", "opgericht_op": "2023-01-01", "subsidie_ontvangen": "ja",
                           "vervolg_na_subsidie_besproken": "nee"}}


def _with_end(end: str):
    return diagnose({**SUBSIDY, "observaties": {**SUBSIDY["observaties"], "subsidie_einddatum": end}})


def test_a_step_due_before_a_near_date_comes_first_in_the_main_advice():
    """The subsidy ends in seven months and nothing is agreed: talking about afterwards opens
    the advice, with its date, though anchoring is otherwise the last step of work."""
    d = _with_end("2026-12-31")
    risk = next(r for r in d.risicos if r.id == "subsidieval")
    assert str(risk.termijn) == "2026-12-31"
    assert d.hoofdadvies.interventies[0] == "vervolg_na_subsidie_bespreken"
    assert str(d.hoofdadvies.termijnen["vervolg_na_subsidie_bespreken"]) == "2026-12-31"
    text = render(d, "text")
    assert "Eerste stap: Bespreek nu hoe het verder gaat na de subsidie (vóór 31 december" in text
    assert "Nu · vóór 31 december 2026\n  1. Bespreek nu hoe het verder gaat" in text
    english = render(diagnose({**SUBSIDY, "observaties": {**SUBSIDY["observaties"],
                                                          "subsidie_einddatum": "2026-12-31"}}, "en"), "text")
    assert "Now · before 31 December 2026" in english
    for fmt in ("markdown", "html"):
        assert "vóór 31 december 2026" in render(d, fmt)


@pytest.mark.parametrize("end", ["2028-06-01", "2026-03-01"])
def test_a_far_or_past_date_leaves_the_order_of_work(end):
    """Two years ahead there is time; a date already past sets no date to meet (the harm is
    there): the remedy keeps its place in the order of work."""
    d = _with_end(end)
    assert "vervolg_na_subsidie_bespreken" in {i.id for i in d.interventies}
    assert d.hoofdadvies.termijnen == {}
    risk = next((r for r in d.risicos if r.id == "subsidieval"), None)
    assert risk is None or risk.termijn == (None if end < "2026-06-01" else risk.termijn)
    steps = {i.id: i.stap for i in d.interventies}
    order = [steps[i] for i in d.hoofdadvies.interventies]
    assert order == sorted(order)
    assert "Nu · vóór" not in render(d, "text")


# -- HTML -------------------------------------------------------------------------------------
class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(dict(attrs).get("id", ""))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1]:
            self.text[self._open[-1]] = self.text.get(self._open[-1], "") + data


@pytest.mark.parametrize("name", TWO)
def test_html_is_self_contained(name):
    html = render(diagnose(_case(name)), "html")
    assert not re.search(r"https?:|//[a-z]", html, re.I)
    p = _Elements()
    p.feed(html)
    tags = {t for t, _ in p.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert not [a for _, a in p.tags for k in ("src", "href") if k in a and not a[k].startswith("#")]
    assert "@import" not in html and "@font-face" not in html
    assert set(re.findall(r"url\(([^)]*)\)", html)) <= {"#hatch", "#arrow"}
    assert "break-before: page" in html and "size: A4" in html


@pytest.mark.parametrize("name", TWO)
def test_every_picture_has_a_text_alternative(name):
    d = diagnose(_case(name))
    p = _Elements()
    p.feed(render(d, "html"))
    svgs = [a for t, a in p.tags if t == "svg"]
    assert len(svgs) >= 3 + bool([x for x in d.perspectieven if x.uiteenlopend])
    for a in svgs:
        assert a.get("role") == "img"
        labels = a["aria-labelledby"].split()
        assert len(labels) == 2 and all(p.text.get(i, "").strip() for i in labels), labels
    desc = p.text["cond-desc"]
    assert all(c.titel in desc for c in d.condities)
    assert all(pb.naam in p.text["circ-desc"] for pb in d.partners)


@pytest.mark.parametrize("name", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_the_phase_caption_explains_only_what_is_drawn(name):
    """The caption explained an arrow on every report, drawn or not; the '!' label read
    '1× werk blijven liggen' and overlapped the certainty above the next phase."""
    d = diagnose(_case(name))
    page = render(d, "html")
    caption = re.search(r"<figcaption>De levensfase\.([^<]*)</figcaption>", page).group(1)
    assert ("pijl naar een gestippelde cirkel" in caption) == bool(d.fase.overgang_naar)
    undone = re.findall(r"(\d+) (punt blijft|punten blijven) liggen</text>", page)
    assert ("werk uit die fase is blijven liggen" in caption) == bool(undone)
    assert all((n == "1") == (word == "punt blijft") for n, word in undone)
    assert "×" not in page and "bevinding(en)" not in page


def test_an_intervention_that_answers_a_signal_says_so():
    """'Antwoord op: De ambitie is niet uitgediept' named something the report shows nowhere:
    a signal, not a finding; it is now marked as one."""
    d = diagnose(_case("convenant-zonder-gesprek"))
    signals = {s.id: s.titel for s in d.signalen}
    answering = [i for i in d.interventies if set(i.beantwoordt) & set(signals)]
    assert answering
    text = render(d, "text")
    for iv in answering:
        for sid in set(iv.beantwoordt) & set(signals):
            assert f"{signals[sid]} (signaal)" in " ".join(text.split())
    findings = {r.titel for r in d.risicos} | {s.titel for s in d.sterktes}
    assert not any(f"{t} (signaal)" in text for t in findings)


# -- anonymisation ------------------------------------------------------------------------------
def _kb_words() -> str:
    """Everything the knowledge base and the fixed labels say: a name that is also one of
    its words (an informant called 'coordinator') cannot be told from it."""
    root = Path(kennisbank.__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in list(root.glob("*.yaml")) + list(root.glob("gebieden/*.yaml"))]
    return (" ".join(texts) + json.dumps(LABELS, ensure_ascii=False)).lower()


def _leaks(case, taal="nl") -> list[tuple[str, str]]:
    anon = anonymise(case, taal)
    d = diagnose(anon, taal=taal)
    words = _kb_words()
    names = [n for n in names_in(case) if n.lower() not in words]
    out = []
    for fmt in HUMAN + ["json"]:
        text = render(d, fmt, anoniem=True)
        out += [(fmt, n) for n in names if n in text]
    return out


@pytest.mark.parametrize("name", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_anonymised_reports_show_no_name_from_the_case(name):
    case = load_case(EXAMPLES / f"{name}.yaml")
    assert _leaks(case) == []


_name = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=6, max_size=12).map(lambda s: "Q" + s)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(_name, min_size=20, max_size=20, unique=True), taal=st.sampled_from(["nl", "en"]))
def test_anonymisation_leaves_no_generated_name_anywhere(names, taal):
    data = _case("drie-gesprekspartners").model_dump()
    it = iter(names)
    rename = {p["naam"]: next(it) for p in data["partners"]}
    data["coalitie"], data["gemeente"], data["notities"] = next(it), next(it), next(it)
    for p in data["partners"]:
        p["naam"], p["rol"] = rename[p["naam"]], next(it)
    for inf in data["informanten"]:
        inf["id"], inf["rol"] = next(it), next(it)
        inf["partner"] = rename.get(inf["partner"])
    from coalitie.diagnose.case import Case
    case = Case.model_validate(data)
    assert _leaks(case, taal) == []


def test_the_default_never_prints_the_notes():
    case = _case("drie-gesprekspartners")
    note = case.notities.strip().splitlines()[0]
    for fmt in HUMAN + ["json"]:
        assert note not in render(diagnose(case), fmt)


def test_anonymised_diagnosis_reaches_the_same_findings():
    case = _case("welzijnscoordinator-doet-alles")
    a, b = diagnose(case), diagnose(anonymise(case))
    assert [r.id for r in a.risicos] == [r.id for r in b.risicos]
    assert a.hoofdadvies.interventies == b.hoofdadvies.interventies


# -- English ----------------------------------------------------------------------------------
def _dutch_words() -> set[str]:
    """Fixed Dutch words of the output that differ from their English counterpart."""
    kb = kennisbank.load()
    out = set()

    def walk(nl, en):
        if isinstance(nl, dict):
            for k in nl:
                walk(nl[k], en[k])
        elif isinstance(nl, str) and nl != en and len(nl) >= 5 and "{" not in nl:
            out.add(nl)
    walk(LABELS["nl"], LABELS["en"])
    out |= {kb.phase(n).titel.nl for n in range(1, 6)} | {c.titel.nl for c in kb.condities.values()}
    out |= {p.titel.nl for p in kb.partnertypes.values() if p.titel.nl != p.titel.en}
    return out


@pytest.mark.parametrize("fmt", HUMAN)
@pytest.mark.parametrize("name", TWO)
def test_english_output_has_no_dutch_labels(name, fmt):
    d = diagnose(anonymise(_case(name), "en"), taal="en")
    out = render(d, fmt, anoniem=True)
    text = " ".join((_visible(out) if fmt == "html" else out).split())
    text = text[:text.upper().rfind(LABELS["en"]["sources_list"].upper())]  # the list of sources names Dutch documents
    cited = {c for x in d.risicos + d.sterktes + d.interventies + d.condities for c in x.bronnen}
    for c in sorted(cited | set(d.fase.bronnen), key=len, reverse=True):  # citations keep the source's words
        text = text.replace(c, "")
    found = [w for w in _dutch_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert found == []


# -- PDF and the command line ----------------------------------------------------------------
def _need(module: str):
    import os
    try:
        __import__(module)
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{module} ontbreekt in CI: {exc}")
        pytest.skip(f"{module} is niet geïnstalleerd (pip install -e '.[test]')")


def test_pdf_has_the_core_message_a_sane_page_count_and_fixed_dates(tmp_path):
    _need("weasyprint")
    _need("pypdf")
    import pypdf
    out = tmp_path / "rapport.pdf"
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", "welzijnscoordinator-doet-alles", "--format", "pdf",
                                  "-o", str(out)])
    assert r.exit_code == 0, r.output
    pdf = pypdf.PdfReader(str(out))
    first = pdf.pages[0].extract_text()
    assert "Kern" in first and "Eerste stap" in first and "fase 4" in first
    assert 3 <= len(pdf.pages) <= 30
    assert pdf.metadata["/CreationDate"].startswith("D:20261116")
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Bijlage" in text and "De vijf condities" in text


def test_pdf_without_the_extra_is_a_clear_exit_2(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", "startend-dorp", "--format", "pdf"])
    assert r.exit_code == 2 and "coalitie[pdf]" in r.output and "Traceback" not in r.output


def test_cli_html_and_anoniem(tmp_path):
    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["diagnose", "--voorbeeld", "drie-gesprekspartners", "--format", "html",
                                  "--anoniem", "--taal", "en", "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Coalition X" in html and "Veldhoven" not in html


def test_a_grave_suspicion_stands_above_an_established_small_matter():
    """The municipality's roles are probably unclear (high), results are certainly not shared
    (low): the adviser names the grave suspicion first and answers it in the main advice."""
    case = {**SUBSIDY, "partners": [SUBSIDY["partners"][0],
                                    {"naam": "Gemeente", "type": "gemeente",
                                     "observaties": {"rollen_gemeente": ["financier", "voorzitter"]}}],
            "observaties": {**SUBSIDY["observaties"], "subsidie_einddatum": "2026-12-31",
                            "resultaten_gedeeld": "nee"}}
    d = diagnose(case)
    status = {r.id: (r.status, r.ernst) for r in d.risicos}
    assert status["rol_gemeente_onhelder"] == ("vermoedelijk", "hoog")
    assert status["resultaten_onzichtbaar"] == ("vastgesteld", "laag")
    assert d.hoofdadvies.bevindingen == ["subsidieval", "rol_gemeente_onhelder", "resultaten_onzichtbaar"]
    assert "rolduidelijkheid_gemeente" in d.hoofdadvies.interventies


def test_main_findings_hold_every_grave_suspicion_while_there_is_room():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        d = diagnose(load_case(path))
        top = d.hoofdadvies.bevindingen
        grave = [r.id for r in d.risicos if r.opgenomen_in is None and r.ernst == "hoog"]
        assert set(grave) <= set(top) or len(top) == 6, path.stem
        order = [r.id for r in d.risicos if r.id in top]
        assert order == top, path.stem


@pytest.mark.parametrize("taal, marks", [("nl", ("HOOG · mogelijk op komst", "dreigend")),
                                         ("en", ("HIGH · possibly coming", "threatening"))])
def test_a_threatening_risk_is_named_as_coming(taal, marks):
    """A threatening risk is 'op komst', or 'mogelijk op komst' while suspected: 'vastgesteld,
    dreigend' read as if it had happened already."""
    d = diagnose(_case("dorpscoalitie-na-de-subsidie"), taal=taal)
    coming = next(r for r in d.risicos if r.id == "herijking_zonder_begeleiding")
    assert coming.dreigend and coming.status == "vermoedelijk"
    text = render(d, "text")
    assert marks[0] in text and marks[1] not in text


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_views_that_differ_in_degree_are_shown_not_called_agreement(taal):
    """An adviser answered 'deels' and a policy officer 'nee' on whether the boards backed the
    coalition. Such answers do not part (one still stands, no finding reads a disagreement),
    but the report said the informants agreed on everything while it showed both statements.
    Now they are listed as a difference of degree, after any views that part, in every format."""
    from coalitie.diagnose.case import case_from_data
    lab = LABELS[taal]

    def case(informant_says):
        return case_from_data({
            "coalitie": "T", "datum_gesprek": "2026-06-01",
            "observaties": {"eerste_bijeenkomst_geweest": "ja", "bestuurlijk_commitment": "deels"},
            "informanten": [{"id": "beleidsmedewerker", "observaties": {"bestuurlijk_commitment": informant_says}}]})
    d = diagnose(case("nee"), taal=taal)
    assert not any(p.uiteenlopend for p in d.perspectieven)
    for fmt in ("text", "markdown", "html"):
        out = render(d, fmt)
        out = _visible(out) if fmt == "html" else re.sub(r"\s+", " ", out)
        assert lab["views_agree"] not in out and lab["views_degree"] in out, fmt
        assert lab["degree_word"] in out, fmt
    same = render(diagnose(case("deels"), taal=taal), "text")
    assert lab["views_agree"] in re.sub(r"\s+", " ", same) and lab["degree_word"] not in same


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_a_neighbour_phase_behind_is_not_called_moving_on(taal):
    """The neighbour phase that scores too may be the one before: 'fase 2, en schuift op naar
    fase 1' read as progress (v3 walk-through). Ahead it is a transition, behind a phase not
    yet left behind; in the core sentence and the phase line of every format."""
    lab = LABELS[taal]
    d = diagnose(_case("lopende-coalitie"), taal=taal)
    n = d.fase.nummer
    for other, says, not_says in ((n - 1, "transition_back", "transition"), (n + 1, "transition", "transition_back")):
        moved = d.model_copy(update={"fase": d.fase.model_copy(update={"overgang_naar": other})})
        for fmt in ("text", "markdown", "html"):
            out = render(moved, fmt)
            out = _visible(out) if fmt == "html" else re.sub(r"\s+", " ", out)
            assert f"{lab[says]} {other}" in out, (fmt, other)
            assert f"{lab[not_says]} {other}" not in out, (fmt, other)
        core = re.sub(r"\s+", " ", render(moved, "text"))
        sentence = "phase_sentence_transition" + ("_back" if other < n else "")
        assert lab[sentence].split("{")[0] in core
