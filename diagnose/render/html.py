"""The report as one self-contained HTML file: inline CSS and SVG, no scripts, fonts or
network references; A4 print CSS with a page break before the appendix. Jinja2 templates
in render/templates/ draw the report model (diagnose/report.py); the geometry of the
pictures is computed there, the templates only place it."""
from __future__ import annotations

import textwrap
from functools import lru_cache

from ..report import Report, build_report, circle_layout
from .safe import visible_controls


def wrap_lines(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Lines for an SVG <text> (SVG does not wrap); the last one ends in … when cut."""
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


@lru_cache(maxsize=1)
def _environment():
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - jinja2 is a dependency
        raise RuntimeError("jinja2 ontbreekt; installeer coalitie opnieuw (pip install -e .)") from exc
    env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["wraplines"] = wrap_lines
    return env


def render_report_html(rep: Report, anoniem: bool = False) -> str:
    placed, radii = circle_layout(rep.partners)
    views_majority = []
    for v in rep.uiteenlopend:
        answers = list(v.antwoorden.values())
        views_majority.append(max(answers, key=answers.count) if answers else "")  # ties: first named
    page = _environment().get_template("report.html.j2").render(  # (macros first: strip their blank lines)
        r=rep, lab=rep.lab, placed=placed, radii=radii, anoniem=anoniem,
        unknown=[m for m in rep.partners if m.kring == "onbekend"], views_majority=views_majority).lstrip()
    return visible_controls(page)  # control characters from case data are not allowed in HTML


def render_html(d, uitleg: bool = False, width: int = 80, anoniem: bool = False) -> str:
    return render_report_html(build_report(d, uitleg=uitleg), anoniem=anoniem)
