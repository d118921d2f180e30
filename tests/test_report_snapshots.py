"""Snapshots of the report per format on two examples: the text a reader gets (for HTML
the visible text, for PDF the extracted text), never bytes. A change in knowledge or
wording shows here as a diff to read; after checking it, refresh with

    COALITIE_SNAPSHOTS=bijwerken .venv/bin/python -m pytest tests/test_report_snapshots.py -m 'volledig or not volledig'
"""
from __future__ import annotations

import io
import os
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import EXAMPLES
from coalitie.diagnose import diagnose
from coalitie.diagnose.case import load_case
from coalitie.diagnose.render import render

SNAPSHOTS = Path(__file__).parent / "snapshots"
TWO = [("bloeiend-netwerk-gedeeld-eigenaarschap", "nl"), ("drie-gesprekspartners", "en")]


def _html_text(html: str) -> str:
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r"<(br|li|p|h\d|div|tr|text|title|desc|figcaption)\b", r"\n<\1", html)
    text = unescape(re.sub(r"<[^>]*>", " ", html, flags=re.S))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def _pdf_text(data: bytes) -> str:
    try:
        import pypdf
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pypdf ontbreekt in CI")
        pytest.skip("pypdf is niet geïnstalleerd (pip install -e '.[test]')")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n\f\n".join(p.extract_text() for p in pages) + "\n"


def _extract(name: str, taal: str, fmt: str) -> str:
    d = diagnose(load_case(EXAMPLES / f"{name}.yaml"), taal=taal)
    if fmt == "pdf":
        try:
            data = render(d, "pdf")
        except Exception as exc:  # PdfUnavailable
            if os.environ.get("CI"):
                raise
            pytest.skip(str(exc))
        return _pdf_text(data)
    out = render(d, fmt)
    return _html_text(out) if fmt == "html" else out


def _cases():
    for fmt in ("text", "markdown", "html", "pdf"):
        for i, (name, taal) in enumerate(TWO):
            marks = [pytest.mark.volledig] if fmt == "pdf" and i else []  # one PDF in the quick run
            yield pytest.param(name, taal, fmt, marks=marks, id=f"{name}-{taal}-{fmt}")


@pytest.mark.parametrize("name,taal,fmt", list(_cases()))
def test_report_snapshot(name, taal, fmt):
    got = _extract(name, taal, fmt)
    path = SNAPSHOTS / f"{name}.{taal}.{fmt}.snap"
    if os.environ.get("COALITIE_SNAPSHOTS") == "bijwerken" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            pytest.fail(f"snapshot {path.name} ontbreekt")
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} is veranderd; zie de docstring om bij te werken"
