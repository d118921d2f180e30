"""The report as markdown, for a document or a wiki page (structure: diagnose/report.py)."""
from __future__ import annotations

from ..report import Report, build_report


def _tree(afleidingen, depth: int, lab) -> list[str]:
    lines = []
    pad = "  " * depth
    for a in afleidingen:
        lines.append(f"{pad}- {lab['rule']} `{a.regel}` ({'; '.join(a.bronnen)})")
        for feit in a.op:
            lines.append(f"{pad}  - {feit.tekst}")
            if feit.afleiding and depth < 6:
                lines.extend(_tree(feit.afleiding, depth + 2, lab))
    return lines


def _said(st, rep: Report) -> str:
    who = f" *({rep.lab['seen_by']} {', '.join(st.door)})*" if st.door else ""
    ident = f" `{st.id}`" if rep.uitleg and st.id else ""
    return f"- {st.tekst}{who}{ident}"


def render_report_markdown(rep: Report) -> str:
    lab = rep.lab
    out = [f"# {rep.titel}", "", f"*{rep.ondertitel}*", ""]

    out += [f"## {lab['core']}", "", f"**{rep.fase_zin}**" + (f" {rep.blijven_liggen_zin}" if rep.blijven_liggen_zin
                                                              else ""), ""]
    if rep.kern:
        out.append(f"{lab['matters_most']}:")
        out += [f"- **{f.titel}**" + (f" — {', '.join(f.partners)}" if f.partners else "") + f" ({f.kop})"
                for f in rep.kern]
    else:
        out.append(lab["little_known"] if rep.weinig_bekend else lab["main_none"])
    if rep.eerste_vraag:
        out += ["", f"**{lab['first_step']}:** {lab['find_out_first']}: {rep.eerste_vraag}"]
    if rep.eerste_stap:
        s = rep.eerste_stap
        out += ["", f"**{lab['first_step']}:** {s.titel}{f' ({s.voor})' if s.voor else ''} *({lab['answers_to']}: {'; '.join(s.beantwoordt)})*"]

    out += ["", f"## {lab['strengths']}", ""]
    if not rep.sterktes:
        out.append(lab["no_strengths"])
    for s in rep.sterktes:
        mark = "" if s.kop == lab["strength_status"]["vastgesteld"] else f" ({s.kop})"
        out.append(f"- **{s.titel}**{mark}: {s.uitleg}")

    out += ["", f"## {lab['advice']}", ""]
    if not rep.advies:
        out.append(lab["no_interventions"])
    current = None
    for s in rep.advies:
        if s.groep != current:
            current = s.groep
            out += [f"### {s.groep}", ""]
        who = f" — {s.partner}" if s.partner else ""
        ident = f" `{s.id}`" if rep.uitleg else ""
        out += [f"{s.nummer}. **{s.titel}**{who}{ident} — {s.uitleg} "
                f"*{lab['answers_to']}: {'; '.join(s.beantwoordt)}*", ""]

    out += [f"## {lab['by_theme']}", "",
            f"**{lab['phase']}:** {rep.fase_nummer} · {rep.fase[rep.fase_nummer - 1].naam} "
            f"({lab['certainty']}: {rep.fase_zekerheid})"
            + (f" · {rep.fase_overgang_tekst}" if rep.fase_overgang_tekst else ""), ""]
    for th in rep.themas:
        state = f" — {th.status}" if th.status else ""
        out += [f"### {th.titel}{state}", ""]
        if th.volgens:
            out += [f"*{lab['according_to']}: {', '.join(th.volgens)}*", ""]
        for r in th.risicos:
            who = f" — {', '.join(r.partners)}" if r.partners else ""
            under = f" ({lab['absorbed_in']}: {r.onder})" if r.onder else ""
            out.append(f"- **{r.titel}**{who} ({r.kop}){under}: {r.uitleg}")
        for s in th.sterktes:
            out.append(f"- ✓ **{s.titel}** ({lab['strengths'].lower()})")
        if not th.risicos and not th.sterktes:
            out.append(lab["no_evidence"])
        out.append("")

    out += [f"## {lab['appendix']}", "", f"### {lab['phase_evidence']}", ""]
    out += [_said(st, rep) for st in rep.fase_bewijs] or [lab["no_evidence"]]
    if rep.uitleg:
        out += ["", f"{lab['scores']}: " + ", ".join(f"{k}: {v:g}" for k, v in rep.fase_scores.items()), ""]
        out += _tree(rep.fase_afleiding, 0, lab)
    for f in rep.bijlage_bevindingen:
        ident = f" `{f.id}`" if rep.uitleg else ""
        out += ["", f"### {f.titel}{ident}", "", f"*{f.kop}*", ""]
        if f.waarnemingen:
            out += [f"{lab['evidence_for']}:", ""] + [_said(st, rep) for st in f.waarnemingen] + [""]
        if f.tegen:
            out += [f"{lab['against']}:", ""] + [_said(st, rep) for st in f.tegen] + [""]
        if f.beslechten:
            out += [f"{lab['settle']}: {' '.join(f.beslechten)}", ""]
        out.append(f"{lab['sources']}: {'; '.join(f.bronnen)}")
        if rep.uitleg and f.afleiding:
            out += ["", f"<details><summary>{lab['evidence']}</summary>", ""] + _tree(f.afleiding, 0, lab) + \
                   ["", "</details>"]
    if rep.meer_interventies:
        out += ["", f"### {lab['other_interventions']}", ""]
        for s in rep.meer_interventies:
            who = f" — {s.partner}" if s.partner else ""
            ident = f" `{s.id}`" if rep.uitleg else ""
            out.append(f"- **{s.titel}**{who}{ident} ({lab['step_word']} {s.stap}) — "
                       f"*{lab['answers_to']}: {'; '.join(s.beantwoordt)}*")
    if rep.informanten:
        out += ["", f"### {lab['views']}", ""]
        if not rep.uiteenlopend:
            out.append(lab["views_agree"])
        elif all(v.in_mate for v in rep.uiteenlopend):
            out.append(lab["views_degree"])
        for v in rep.uiteenlopend:
            degree = f" *({lab['degree_word']})*" if v.in_mate else ""
            out.append(f"- {v.vraag}{degree}")
            out += [f"  - {who}: {st}" for who, st in v.stellingen.items()]
    out += ["", f"### {lab['questions']}", ""]
    if not rep.open_vragen:
        out.append(lab["no_questions"])
    for q in rep.open_vragen:
        about = f"[{', '.join(q['partners'])}] " if q["partners"] else ""
        ident = f" `{q['id']}`" if rep.uitleg else ""
        out.append(f"- {about}{q['vraag']}{ident} *({'; '.join(q['effecten'])})*")
    out += ["", f"### {lab['sources_list']}", ""]
    out += [f"- **{key}**: {title}" for key, title in rep.bronnen_titels.items()]
    return "\n".join(out).rstrip() + "\n"


def render_markdown(d, uitleg: bool = False, width: int = 80) -> str:
    return render_report_markdown(build_report(d, uitleg=uitleg))
