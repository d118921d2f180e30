"""Renderers: a Diagnosis as terminal text, markdown or JSON."""
from __future__ import annotations

from .json import render_json
from .markdown import render_markdown
from .text import render_text

FORMATS = {"text": render_text, "markdown": render_markdown, "json": render_json}


# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides can
# come from case data (names, notes); in text for a terminal they are shown as \xNN.
_UNSAFE = [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0),
           *range(0x202a, 0x202f), *range(0x2066, 0x206a)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}


def terminal_safe(text: str) -> str:
    """``text`` with every control character escaped (``\\x07``), newlines and tabs kept."""
    return text.translate(_ESCAPES)


def render(diagnosis, fmt: str = "text", uitleg: bool = False, width: int = 80) -> str:
    if fmt == "json":
        return render_json(diagnosis)
    return terminal_safe(FORMATS[fmt](diagnosis, uitleg=uitleg, width=width))
