"""Renderers: a Diagnosis as terminal text, markdown or JSON."""
from __future__ import annotations

from .json import render_json
from .markdown import render_markdown
from .text import render_text

FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def render(diagnosis, fmt: str = "text", uitleg: bool = False, width: int = 80) -> str:
    if fmt == "json":
        return render_json(diagnosis)
    return FORMATS[fmt](diagnosis, uitleg=uitleg, width=width)
