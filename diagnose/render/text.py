"""The diagnosis as plain terminal text, for an adviser reading it after an interview."""
from __future__ import annotations

import re
import textwrap

import kennisbank

from .labels import LABELS

MAX_QUESTIONS = 8


def _wrap(text: str, indent: int, width: int, hang: int | None = None) -> list[str]:
    """Wrap with a hanging indent under a leading "- " or "12. " marker (or ``hang`` spaces)."""
    pad = " " * indent
    marker = re.match(r"(- |\d+\. )", text)
    if hang is None:
        hang = len(marker.group(1)) if marker else 0
    hang = pad + " " * hang
    return textwrap.wrap(text, width=max(width, 40), initial_indent=pad, subsequent_indent=hang) or [pad]


def _tree(afleidingen, depth: int, lab, width: int) -> list[str]:
    """A derivation tree: each rule, then the facts it fired on, wrapped to the width."""
    lines = []
    pad = "    " + "  " * depth
    for a in afleidingen:
        lines.extend(textwrap.wrap(f"⟸ {lab['rule']} {a.regel}  [{'; '.join(a.bronnen)}]", max(width, 40),
                                   initial_indent=pad, subsequent_indent=pad + "  "))
        for feit in a.op:
            lines.extend(_wrap(f"• {feit.tekst}", len(pad) + 3, width, hang=2))
            if feit.afleiding and depth < 6:
                lines.extend(_tree(feit.afleiding, depth + 2, lab, width))
    return lines


def _evidence(afleidingen, indent: int, lab, width: int) -> list[str]:
    """The --uitleg block: a heading and the derivation tree under it."""
    return [" " * indent + f"{lab['evidence']}:"] + _tree(afleidingen, (indent - 2) // 3, lab, width)


def _risk_head(r, lab) -> str:
    """[SEVERITY] title — partners (status, dreigend)."""
    who = f" — {', '.join(r.partners)}" if r.partners else ""
    marks = [lab["finding_status"][r.status]] + ([lab["threatening"]] if r.dreigend else [])
    return f"[{lab['severity'][r.ernst]}] {r.titel}{who} ({', '.join(marks)})"


def render_text(d, uitleg: bool = False, width: int = 80) -> str:
    lab = LABELS[d.taal]
    kb = kennisbank.load()
    out: list[str] = []
    head = f"{lab['title']}: {d.coalitie}"
    if d.gemeente:
        head += f" ({d.gemeente})"
    out.append(head)
    out.append(f"{lab['interview']} {d.datum_gesprek.isoformat()} · {lab['kb']} {d.kennisbank_versie}")
    out.append("")

    risk_by_id = {r.id: r for r in d.risicos}
    iv_by_id = {i.id: i for i in d.interventies}

    # the core message: phase in one line, what matters most, the advice in working order
    f = d.fase
    out.append(lab["main"].upper())
    trans = f" · {lab['transition']} {f.overgang_naar}" if f.overgang_naar else ""
    out.extend(_wrap(f"{lab['phase']}: {f.nummer} · {f.naam}{trans} ({lab['certainty']}: "
                     f"{lab['level'][f.zekerheid]})", 2, width))
    if d.hoofdadvies.bevindingen:
        out.append(f"  {lab['main_findings']}:")
        for rid in d.hoofdadvies.bevindingen:
            out.extend(_wrap("- " + _risk_head(risk_by_id[rid], lab), 4, width))
    else:
        out.extend(_wrap(lab["main_none"], 2, width))
    if d.hoofdadvies.interventies:
        out.append(f"  {lab['main_steps']}:")
        for n, iid in enumerate(d.hoofdadvies.interventies, 1):
            prefix = f"{lab['first_step']}: " if n == 1 else ""
            out.extend(_wrap(f"{n}. {prefix}{iv_by_id[iid].titel}", 4, width))
    out.append("")

    # strengths
    out.append(f"{lab['strengths'].upper()} ({len(d.sterktes)})")
    if not d.sterktes:
        out.append("  " + lab["no_strengths"])
    for s_ in d.sterktes:
        st = "" if s_.status == "vastgesteld" else f" ({lab['finding_status'][s_.status]})"
        out.extend(_wrap(f"- {s_.titel}{st}", 2, width))
        for w in s_.waarnemingen:
            who = f"{w.partner}: " if w.partner else ""
            out.extend(_wrap(f"· {who}{w.vraag} → {w.antwoord}", 6, width, hang=2))
        if s_.interventies:
            holds = "; ".join(kb.interventies[i].titel(d.taal) for i in s_.interventies)
            out.extend(_wrap(f"{lab['hold_on']}: {holds}", 6, width))
    out.append("")

    # phase
    out.append(lab["phase"].upper())
    if True:
        out.append(f"  {f.nummer} · {f.naam}   ({lab['certainty']}: {lab['level'][f.zekerheid]})")
        if f.toelichting:
            out.extend(_wrap(f.toelichting, 2, width))
        scores = ", ".join(f"{k}: {v:g}" for k, v in f.scores.items())
        out.append(f"  {lab['scores']}: {scores}")
        if f.onderbouwing and any(x.regel for x in f.onderbouwing):
            out.append(f"  {lab['why']}:")
            shown = set()
            for a in f.onderbouwing:
                for feit in a.op:
                    if feit.tekst not in shown:  # an indicator with several signs is named once
                        shown.add(feit.tekst)
                        out.extend(_wrap("- " + feit.tekst, 4, width))
        if f.achterstallig:
            out.append(f"  {lab['undone']}:")
            for rid in f.achterstallig:
                item = kb.risicos[rid]
                out.extend(_wrap(f"- {item.titel(d.taal)} ({lab['from_phase']} {item.uit_fase})", 4, width))
        out.extend(_wrap(f"{lab['sources']}: {'; '.join(f.bronnen)}", 2, width))
        if uitleg:
            out.extend(_evidence(f.onderbouwing, 2, lab, width))
    out.append("")

    # conditions
    out.append(lab["conditions"].upper())
    name_w = max(len(c.titel) for c in d.condities) + 2
    for c in d.condities:
        status = lab["status"][c.status]
        extra = "" if c.status == "onbekend" else f"  ({lab['certainty']} {lab['level'][c.zekerheid]})"
        out.append(f"  {c.titel.ljust(name_w, '.')} {status}{extra}")
        if d.perspectieven and c.waarnemingen:
            who = sorted({w for obs in c.waarnemingen for w in (obs.door or [lab["adviser"]])})
            out.extend(_wrap(f"{lab['according_to']}: {', '.join(who)}", 4, width))
        if uitleg and c.onderbouwing:
            out.extend(_tree(c.onderbouwing, 0, lab, width))
    out.append("")

    # risks
    out.append(f"{lab['risks'].upper()} ({len(d.risicos)})")
    if not d.risicos:
        out.append("  " + lab["no_risks"])
    for i, r in enumerate(d.risicos, 1):
        out.extend(_wrap(f"{i}. {_risk_head(r, lab)}   ({lab['certainty']}: {lab['level'][r.zekerheid]})",
                         2, width))
        if r.opgenomen_in:
            out.extend(_wrap(f"({lab['absorbed_in']}: {risk_by_id[r.opgenomen_in].titel})", 5, width))
        out.extend(_wrap(r.uitleg, 5, width))
        if r.waarnemingen:
            out.append(f"     {lab['observed']}:")
            for w in r.waarnemingen:
                who = f"{w.partner}: " if w.partner else ""
                said = f" [{', '.join(w.door)}]" if w.door else ""
                out.extend(_wrap(f"- {who}{w.vraag} → {w.antwoord}{said}", 7, width))
        if r.tegen:
            out.append(f"     {lab['against']}:")
            for w in r.tegen:
                who = f"{w.partner}: " if w.partner else ""
                out.extend(_wrap(f"- {who}{w.vraag} → {w.antwoord}", 7, width))
        if r.vraag:
            qs = "; ".join(kb.observaties[q].vraag(d.taal) for q in r.vraag)
            out.extend(_wrap(f"{lab['settle']}: {qs}", 5, width))
        out.extend(_wrap(f"{lab['sources']}: {'; '.join(r.bronnen)}", 5, width))
        if uitleg:
            out.extend(_evidence(r.onderbouwing, 5, lab, width))
    out.append("")

    # interventions
    out.append(f"{lab['interventions'].upper()} ({len(d.interventies)})")
    if not d.interventies:
        out.append("  " + lab["no_interventions"])
    titles = {r.id: r.titel for r in d.risicos} | {s.id: s.titel for s in d.signalen}
    for i, iv in enumerate(d.interventies, 1):
        who = f" — {iv.partner}" if iv.partner else ""
        out.extend(_wrap(f"{i}. {iv.titel}{who}", 2, width))
        out.extend(_wrap(iv.uitleg, 5, width))
        answered = "; ".join(titles.get(a, a) for a in iv.beantwoordt)
        out.extend(_wrap(f"{lab['answers']}: {answered}", 5, width))
        out.extend(_wrap(f"{lab['sources']}: {'; '.join(iv.bronnen)}", 5, width))
    out.append("")

    # per partner: only partners some finding is about
    concerned = [p for p in d.partners if p.risicos or p.interventies]
    if concerned:
        out.append(lab["per_partner"].upper())
        risk_title = {r.id: r.titel for r in d.risicos}
        iv_title = {i.id: i.titel for i in d.interventies}
        for p in concerned:
            kind = kb.partnertypes[p.type].titel(d.taal)
            out.append(f"  {p.naam} ({kind})")
            for rid in p.risicos:
                out.extend(_wrap(f"- {lab['risk_word']}: {risk_title[rid]}", 4, width))
            for iid in p.interventies:
                out.extend(_wrap(f"- {lab['tip_word']}: {iv_title[iid]}", 4, width))
        out.append("")

    # perspectives: where the informants' views part
    parted = [p for p in d.perspectieven if p.uiteenlopend]
    if d.perspectieven:
        out.append(lab["views"].upper())
        if not parted:
            out.append("  " + lab["views_agree"])
        for p in parted:
            out.extend(_wrap(f"- {p.vraag}", 2, width))
            for who, answer in p.standpunten.items():
                out.extend(_wrap(f"{who}: {answer}", 6, width))
        out.append("")

    # open questions
    out.append(lab["questions"].upper())
    if not d.open_vragen:
        out.append("  " + lab["no_questions"])
    for q in d.open_vragen[:MAX_QUESTIONS]:
        about = f"[{', '.join(q.partners)}] " if q.partners else ""
        out.extend(_wrap(f"- {about}{q.vraag}", 2, width))
        effects = "; ".join(f"{lab['effect'][e.effect]}: {e.titel}" for e in q.effecten)
        out.extend(_wrap(f"({effects}) [{q.id}]", 4, width))
    if len(d.open_vragen) > MAX_QUESTIONS:
        out.append("  " + lab["more_questions"].format(n=len(d.open_vragen) - MAX_QUESTIONS))
    return "\n".join(out).rstrip() + "\n"
