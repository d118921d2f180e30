"""The report as plain terminal text (see diagnose/report.py for its structure)."""
from __future__ import annotations

import re
import textwrap

from ..report import Report, build_report

MAX_QUESTIONS = 8


def _wrap(text: str, indent: int, width: int, hang: int | None = None) -> list[str]:
    """Wrap with a hanging indent under a leading "- " or "12. " marker (or ``hang`` spaces)."""
    pad = " " * indent
    width = max(width, 40)
    if len(pad) + len(text) <= width and text.isprintable() and text == text.strip():
        return [pad + text]  # fits on one line as it is: what textwrap would return, without its work
    marker = re.match(r"(- |\d+\. )", text)
    if hang is None:
        hang = len(marker.group(1)) if marker else 0
    # never inside a hyphenated name ('common-eye', 'Welzijn-op-Recept'): whole words only
    return textwrap.wrap(text, width=width, initial_indent=pad, subsequent_indent=pad + " " * hang,
                         break_on_hyphens=False) or [pad]


def _tree(afleidingen, depth: int, lab, width: int) -> list[str]:
    """A derivation tree (--uitleg): each rule, then the facts it fired on."""
    lines = []
    pad = "    " + "  " * depth
    for a in afleidingen:
        lines.extend(textwrap.wrap(f"⟸ {lab['rule']} {a.regel}  [{'; '.join(a.bronnen)}]", max(width, 40),
                                   initial_indent=pad, subsequent_indent=pad + "  ", break_on_hyphens=False))
        for feit in a.op:
            lines.extend(_wrap(f"• {feit.tekst}", len(pad) + 3, width, hang=2))
            if feit.afleiding and depth < 6:
                lines.extend(_tree(feit.afleiding, depth + 2, lab, width))
    return lines


def _said(st, rep: Report) -> str:
    who = f" ({rep.lab['seen_by']} {', '.join(st.door)})" if st.door else ""
    ident = f" [{st.id}]" if rep.uitleg and st.id else ""
    return f"- {st.tekst}{who}{ident}"


def _heading(text: str) -> list[str]:
    return [text.upper(), "=" * len(text)]


def _core(rep: Report, width: int) -> list[str]:
    """The title and the core message: the phase, what matters most now and the first step."""
    lab = rep.lab
    out = [rep.titel, rep.ondertitel, ""]
    out += _heading(lab["core"])
    out.extend(_wrap(rep.fase_zin, 0, width))
    if rep.blijven_liggen_zin:
        out.extend(_wrap(rep.blijven_liggen_zin, 0, width))
    out.append("")
    if rep.kern:
        out.append(f"{lab['matters_most']}:")
        for f in rep.kern:
            who = f" — {', '.join(f.partners)}" if f.partners else ""
            out.extend(_wrap(f"- {f.titel}{who} ({f.kop})", 2, width))
    else:
        out.extend(_wrap(lab["little_known"] if rep.weinig_bekend else lab["main_none"], 0, width))
    if rep.eerste_vraag:
        out += [""] + _wrap(f"{lab['first_step']}: {lab['find_out_first']}: {rep.eerste_vraag}", 0, width)
    if rep.eerste_stap:
        s = rep.eerste_stap
        out += [""] + _wrap(f"{lab['first_step']}: {s.titel}" + (f" ({s.voor})" if s.voor else ""), 0, width)
        out.extend(_wrap(f"({lab['answers_to']}: {'; '.join(s.beantwoordt)})", 2, width))
    out.append("")
    return out


def render_report_text(rep: Report, width: int = 80) -> str:
    lab = rep.lab
    out = _core(rep, width)  # 1. core message

    # 2. strengths
    out += _heading(lab["strengths"])
    if not rep.sterktes:
        out.extend(_wrap(lab["no_strengths"], 0, width))
    for s in rep.sterktes:
        mark = "" if s.kop == lab["strength_status"]["vastgesteld"] else f" ({s.kop})"
        out.extend(_wrap(f"- {s.titel}{mark}", 0, width))
        out.extend(_wrap(s.uitleg, 2, width))
    out.append("")

    # 3. main advice in process order
    out += _heading(lab["advice"])
    if not rep.advies:
        out.extend(_wrap(lab["no_interventions"], 0, width))
    current = None
    for s in rep.advies:
        if s.groep != current:
            current = s.groep
            out.append(s.groep)
        who = f" — {s.partner}" if s.partner else ""
        ident = f" [{s.id}]" if rep.uitleg else ""
        out.extend(_wrap(f"{s.nummer}. {s.titel}{who}{ident}", 2, width))
        out.extend(_wrap(s.uitleg, 5, width))
        out.extend(_wrap(f"{lab['answers_to']}: {'; '.join(s.beantwoordt)}", 5, width))
    out.append("")

    # 4. findings by theme, the phase first
    out += _heading(lab["by_theme"])
    out.extend(_wrap(f"{lab['phase']}: {rep.fase_nummer} · {rep.fase[rep.fase_nummer - 1].naam} "
                     f"({lab['certainty']}: {rep.fase_zekerheid})"
                     + (f" · {rep.fase_overgang_tekst}" if rep.fase_overgang_tekst else ""), 0, width))
    out.append("")
    for th in rep.themas:
        state = f" — {th.status}" if th.status else ""
        out.append(f"{th.titel}{state}")
        if th.volgens:
            out.extend(_wrap(f"{lab['according_to']}: {', '.join(th.volgens)}", 2, width))
        for r in th.risicos:
            who = f" — {', '.join(r.partners)}" if r.partners else ""
            under = f" ({lab['absorbed_in']}: {r.onder})" if r.onder else ""
            out.extend(_wrap(f"- [{r.kop}] {r.titel}{who}{under}", 2, width))
            out.extend(_wrap(r.uitleg, 4, width))
        for s in th.sterktes:
            out.extend(_wrap(f"+ {s.titel} ({lab['strengths'].lower()})", 2, width, hang=2))
        if not th.risicos and not th.sterktes:
            out.extend(_wrap(f"  {lab['no_evidence']}", 0, width))
        out.append("")

    # 5. appendix
    out += _heading(lab["appendix"])
    out.append(f"{lab['phase_evidence']}:")
    out += [line for st in rep.fase_bewijs for line in _wrap(_said(st, rep), 2, width)] or ["  " + lab["no_evidence"]]
    if rep.uitleg:
        out.append(f"  {lab['scores']}: " + ", ".join(f"{k}: {v:g}" for k, v in rep.fase_scores.items()))
        out.extend(_tree(rep.fase_afleiding, 0, lab, width))
    out.append("")
    for f in rep.bijlage_bevindingen:
        ident = f" [{f.id}]" if rep.uitleg else ""
        out.extend(_wrap(f"{f.titel} ({f.kop}){ident}", 0, width))
        if f.waarnemingen:
            out.append(f"  {lab['evidence_for']}:")
            for st in f.waarnemingen:
                out.extend(_wrap(_said(st, rep), 4, width))
        if f.tegen:
            out.append(f"  {lab['against']}:")
            for st in f.tegen:
                out.extend(_wrap(_said(st, rep), 4, width))
        if f.beslechten:
            out.extend(_wrap(f"{lab['settle']}: {' '.join(f.beslechten)}", 2, width))
        out.extend(_wrap(f"{lab['sources']}: {'; '.join(f.bronnen)}", 2, width))
        if rep.uitleg and f.afleiding:
            out.append(f"  {lab['evidence']}:")
            out.extend(_tree(f.afleiding, 0, lab, width))
        out.append("")
    if rep.meer_interventies:
        out.append(lab["other_interventions"].upper())
        for s in rep.meer_interventies:
            who = f" — {s.partner}" if s.partner else ""
            ident = f" [{s.id}]" if rep.uitleg else ""
            out.extend(_wrap(f"- {s.titel}{who} ({lab['step_word']} {s.stap}){ident}", 0, width))
            out.extend(_wrap(f"{lab['answers_to']}: {'; '.join(s.beantwoordt)}", 2, width))
        out.append("")
    if rep.informanten:
        out.append(lab["views"].upper())
        if not rep.uiteenlopend:
            out.extend(_wrap(lab["views_agree"], 0, width))
        elif all(v.in_mate for v in rep.uiteenlopend):
            out.extend(_wrap(lab["views_degree"], 0, width))
        for v in rep.uiteenlopend:
            degree = f" ({lab['degree_word']})" if v.in_mate else ""
            out.extend(_wrap(f"- {v.vraag}{degree}", 0, width))
            for who, st in v.stellingen.items():
                out.extend(_wrap(f"{who}: {st}", 4, width))
        out.append("")
    out.append(lab["questions"].upper())
    if not rep.open_vragen:
        out.extend(_wrap(lab["no_questions"], 0, width))
    for q in rep.open_vragen[:MAX_QUESTIONS]:
        about = f"[{', '.join(q['partners'])}] " if q["partners"] else ""
        ident = f" [{q['id']}]" if rep.uitleg else ""
        out.extend(_wrap(f"- {about}{q['vraag']}{ident}", 0, width))
        out.extend(_wrap(f"({'; '.join(q['effecten'])})", 2, width))
    if len(rep.open_vragen) > MAX_QUESTIONS:
        out.append(lab["more_questions"].format(n=len(rep.open_vragen) - MAX_QUESTIONS))
    out.append("")
    out.append(lab["sources_list"].upper())
    for key, title in rep.bronnen_titels.items():
        out.extend(_wrap(f"- {key}: {title}", 0, width))
    return "\n".join(out).rstrip() + "\n"


def render_text(d, uitleg: bool = False, width: int = 80) -> str:
    return render_report_text(build_report(d, uitleg=uitleg), width=width)


def render_core_text(d, width: int = 80) -> str:
    """Only the report's core (a look at the diagnosis so far, in the interview)."""
    return "\n".join(_core(build_report(d), width)).rstrip("\n")
