"""Control characters from case data made visible in every report format but JSON.

Names and notes in a case can hold control characters (C0 but tab and newline, DEL, C1)
and bidirectional overrides. In text for a terminal they would move the cursor or
recolour it; in HTML they are not allowed (a browser shows them as nothing, a parser may
refuse the page) and an override can reverse what a name seems to say. Every renderer
but JSON (which escapes them as JSON does) shows them as ``\\xNN`` or ``\\uNNNN``.
"""
from __future__ import annotations

_UNSAFE = [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0),
           *range(0x202a, 0x202f), *range(0x2066, 0x206a)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}


def visible_controls(text: str) -> str:
    """``text`` with every control character escaped (``\\x07``), newlines and tabs kept."""
    return text.translate(_ESCAPES)
