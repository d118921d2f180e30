"""A case file to start from: every question of the catalogue, commented out."""
from __future__ import annotations

import datetime as dt

from .. import kennisbank


def _answers(item, taal) -> str:
    if item.type == "janee":
        return "ja / nee / deels / onbekend" if taal == "nl" else "ja / nee / deels / onbekend (yes/no/partly/unknown)"
    if item.type in ("keuze", "meerkeuze"):
        opts = " / ".join(o.id for o in item.opties)
        nl = taal == "nl"
        alone = "".join(f"; {o.id} {'alleen' if nl else 'alone'}" for o in item.opties if o.alleen)
        return opts if item.type == "keuze" else f"{'lijst uit' if nl else 'list of'}: {opts}{alone}"
    if item.type == "getal":
        return "geheel getal" if taal == "nl" else "whole number"
    return "datum JJJJ-MM-DD" if taal == "nl" else "date YYYY-MM-DD"


def case_template(taal: str = "nl", today: dt.date | None = None) -> str:
    kb = kennisbank.load()
    today = today or dt.date.today()
    nl = taal == "nl"
    types = ", ".join(kb.partnertypes)
    lines = [
        "# Casus voor `coalitie diagnose`. Vul in wat je zag of hoorde in het gesprek;" if nl else
        "# Case for `coalitie diagnose`. Fill in what you saw or heard in the interview;",
        "# haal het #-teken weg voor een vraag die je kunt beantwoorden. Weglaten = onbekend." if nl else
        "# remove the # before a question you can answer. Leaving it out = unknown.",
        'coalitie: "Naam van de coalitie"' if nl else 'coalitie: "Name of the coalition"',
        'gemeente: ""',
        f"datum_gesprek: {today.isoformat()}",
        "partners:",
        f"  # type: {types}",
        '  - naam: "Welzijnsorganisatie"',
        "    type: welzijnsorganisatie",
        '    rol: "netwerkcoördinator"',
        "    kern: true                     # weglaten = onbekend; false alleen als het zeker niet zo is" if nl else
        "    kern: true                     # leave out = unknown; false only when it is certainly not so",
        "    coordinator: true",
        "    observaties: {}",
        "# Staan alle partijen in de lijst? volledig / onvolledig / onbekend" if nl else
        "# Are all parties in the list? volledig (complete) / onvolledig (incomplete) / onbekend (unknown)",
        "partnerlijst: onbekend",
        "# Wat gepland of aangekondigd is, met een datum of een duur ('over 3 maanden'):" if nl else
        "# What is planned or announced, with a date or a duration ('over 3 maanden'):",
        "plannen: []",
    ]
    for pid, item in sorted(kb.plannen.items()):
        lines.append(f"  # - {{wat: {pid}, wanneer: JJJJ-MM-DD}}    # {item.vraag(taal)}" if nl else
                     f"  # - {{wat: {pid}, wanneer: YYYY-MM-DD}}    # {item.vraag(taal)}")
    lines.append("observaties:")
    by_theme: dict[str, list] = {}
    for oid, item in kb.observaties.items():
        if item.niveau == "coalitie":
            by_theme.setdefault(item.thema, []).append((oid, item))
    for theme in sorted(by_theme, key=lambda t: kb.themas[t].volgorde):
        lines.append(f"  # ── {kb.themas[theme].titel(taal)} ──")
        for oid, item in sorted(by_theme[theme]):
            lines.append(f"  # {item.vraag(taal)}")
            lines.append(f"  # {oid}:    # {_answers(item, taal)}")
    partner_items = [(oid, i) for oid, i in sorted(kb.observaties.items()) if i.niveau == "partner"]
    if partner_items:
        lines.append("  # ── " + ("Per partner (onder partners: observaties)" if nl else
                                 "Per partner (under partners: observaties)") + " ──")
        for oid, item in partner_items:
            scope = ""
            types_for = [t for pre in item.wanneer for t in pre.partner_type]
            if types_for:
                scope = f" [{', '.join(types_for)}]"
            lines.append(f"  # {item.vraag(taal)}{scope}")
            lines.append(f"  # {oid}:    # {_answers(item, taal)}")
    lines += ["notities: |", "  " + ("Vrije aantekeningen; de diagnose leest ze niet." if nl else
                                      "Free notes; the diagnosis does not read them.")]
    return "\n".join(lines) + "\n"
