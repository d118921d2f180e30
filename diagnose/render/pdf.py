"""The report as PDF, for e-mail: the HTML report laid out by WeasyPrint.

WeasyPrint (the optional extra ``[pdf]``) is a Python library that lays out HTML
and CSS for print itself, so a PDF needs no browser process, honours the A4
``@page`` rules of the HTML report, and comes out the same on every run (its
dates are the interview date, set in the HTML's metadata). Nothing is fetched:
the report is self-contained and the fetcher refuses every URL.
"""
from __future__ import annotations


class PdfUnavailable(Exception):
    """WeasyPrint (or the system libraries it needs) is not installed."""


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"het rapport haalt niets op ({url})")


def html_to_pdf(html: str) -> bytes:
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable("--format pdf vraagt de extra 'pdf': pip install 'coalitie[pdf]'") from None
    except OSError as exc:  # the Python package is there, its system libraries (Pango) are not
        raise PdfUnavailable(f"--format pdf: WeasyPrint mist systeembibliotheken ({exc}); "
                             "installeer Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)") from None
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def render_pdf(d, uitleg: bool = False, width: int = 80, anoniem: bool = False) -> bytes:
    from .html import render_html
    return html_to_pdf(render_html(d, uitleg=uitleg, anoniem=anoniem))
