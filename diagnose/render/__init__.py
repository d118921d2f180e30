"""Renderers: a Diagnosis as terminal text, markdown, HTML, PDF or JSON.

Text, markdown, HTML and PDF render one report model (diagnose/report.py); JSON is
the Diagnosis itself, for tools. PDF is bytes, the others text.
"""
from __future__ import annotations

from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .pdf import PdfUnavailable, render_pdf
from .text import render_text

FORMATS = {"text": render_text, "markdown": render_markdown, "html": render_html, "pdf": render_pdf,
           "json": render_json}

__all__ = ["FORMATS", "PdfUnavailable", "render"]


# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides can
# come from case data (names, notes); in text for a terminal they are shown as \xNN.
_UNSAFE = [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0),
           *range(0x202a, 0x202f), *range(0x2066, 0x206a)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}


def terminal_safe(text: str) -> str:
    """``text`` with every control character escaped (``\\x07``), newlines and tabs kept."""
    return text.translate(_ESCAPES)


def render(diagnosis, fmt: str = "text", uitleg: bool = False, width: int = 80, anoniem: bool = False):
    """The diagnosis in ``fmt``: text for every format but PDF (bytes). Text and markdown,
    meant for a terminal, have control characters from case data escaped; HTML escapes
    its own text."""
    if fmt == "json":
        return render_json(diagnosis)
    if fmt in ("html", "pdf"):
        return FORMATS[fmt](diagnosis, uitleg=uitleg, anoniem=anoniem)
    return terminal_safe(FORMATS[fmt](diagnosis, uitleg=uitleg, width=width))
