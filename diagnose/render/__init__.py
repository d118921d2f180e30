"""Renderers: a Diagnosis as terminal text, markdown, HTML, PDF or JSON.

Text, markdown, HTML and PDF render one report model (diagnose/report.py); JSON is
the Diagnosis itself, for tools. PDF is bytes, the others text.
"""
from __future__ import annotations

from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .pdf import PdfUnavailable, render_pdf
from .safe import visible_controls
from .text import render_text

FORMATS = {"text": render_text, "markdown": render_markdown, "html": render_html, "pdf": render_pdf,
           "json": render_json}

__all__ = ["FORMATS", "PdfUnavailable", "render"]


def render(diagnosis, fmt: str = "text", uitleg: bool = False, width: int = 80, anoniem: bool = False):
    """The diagnosis in ``fmt``: text for every format but PDF (bytes). Control characters
    from case data are shown escaped (``safe.visible_controls``): by text and markdown here,
    by HTML and PDF in their page; JSON escapes them itself."""
    if fmt == "json":
        return render_json(diagnosis)
    if fmt in ("html", "pdf"):
        return FORMATS[fmt](diagnosis, uitleg=uitleg, anoniem=anoniem)
    return visible_controls(FORMATS[fmt](diagnosis, uitleg=uitleg, width=width))
