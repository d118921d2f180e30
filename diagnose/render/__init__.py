"""Renderers: a Diagnosis as terminal text, markdown, HTML, PDF or JSON.

Text, markdown, HTML and PDF render one report model (diagnose/report.py); JSON is
the Diagnosis itself, for tools. PDF is bytes, the others text.
"""
from __future__ import annotations

from importlib import import_module

from .pdf import PdfUnavailable
from .safe import visible_controls

# format -> (module in this package, its function); a module is imported when its format
# is asked for, so a command that prints text does not load the HTML report's code
FORMATS = {"text": ("text", "render_text"), "markdown": ("markdown", "render_markdown"),
           "html": ("html", "render_html"), "pdf": ("pdf", "render_pdf"), "json": ("json", "render_json")}

__all__ = ["FORMATS", "PdfUnavailable", "render", "renderer"]


def renderer(fmt: str):
    """The function that renders ``fmt`` (a key of FORMATS)."""
    module, function = FORMATS[fmt]
    return getattr(import_module(f".{module}", __name__), function)


def render(diagnosis, fmt: str = "text", uitleg: bool = False, width: int = 80, anoniem: bool = False):
    """The diagnosis in ``fmt``: text for every format but PDF (bytes). Control characters
    from case data are shown escaped (``safe.visible_controls``): by text and markdown here,
    by HTML and PDF in their page; JSON escapes them itself."""
    if fmt == "json":
        return renderer(fmt)(diagnosis)
    if fmt in ("html", "pdf"):
        return renderer(fmt)(diagnosis, uitleg=uitleg, anoniem=anoniem)
    return visible_controls(renderer(fmt)(diagnosis, uitleg=uitleg, width=width))
