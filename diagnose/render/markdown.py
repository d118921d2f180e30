"""The diagnosis as markdown, for a report or a wiki page."""
from __future__ import annotations

import kennisbank

from .labels import LABELS


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


def _head(r, lab) -> str:
    who = f" — {', '.join(r.partners)}" if r.partners else ""
    marks = [lab["finding_status"][r.status]] + ([lab["threatening"]] if r.dreigend else [])
    return f"**[{lab['severity'][r.ernst]}]** {r.titel}{who} ({', '.join(marks)})"


def render_markdown(d, uitleg: bool = False, width: int = 80) -> str:
    lab = LABELS[d.taal]
    kb = kennisbank.load()
    out = [f"# {lab['title']}: {d.coalitie}" + (f" ({d.gemeente})" if d.gemeente else ""), "",
           f"*{lab['interview']} {d.datum_gesprek.isoformat()} · {lab['kb']} {d.kennisbank_versie}*", ""]
    f = d.fase
    risk_by_id = {r.id: r for r in d.risicos}
    iv_by_id = {i.id: i for i in d.interventies}
    trans = f" · {lab['transition']} {f.overgang_naar}" if f.overgang_naar else ""
    out += [f"## {lab['main']}", "",
            f"**{lab['phase']}: {f.nummer} · {f.naam}{trans}** ({lab['certainty']}: {lab['level'][f.zekerheid]})", ""]
    if d.hoofdadvies.bevindingen:
        out.append(f"{lab['main_findings']}:")
        out += [f"- {_head(risk_by_id[rid], lab)}" for rid in d.hoofdadvies.bevindingen]
    else:
        out.append(lab["main_none"])
    if d.hoofdadvies.interventies:
        out += ["", f"{lab['main_steps']}:"]
        out += [f"{n}. {('**' + lab['first_step'] + ':** ') if n == 1 else ''}{iv_by_id[iid].titel}"
                for n, iid in enumerate(d.hoofdadvies.interventies, 1)]
    out += ["", f"## {lab['strengths']}"]
    if not d.sterktes:
        out.append(lab["no_strengths"])
    for s_ in d.sterktes:
        st = "" if s_.status == "vastgesteld" else f" ({lab['finding_status'][s_.status]})"
        seen = "; ".join(f"{w.vraag} → {w.antwoord}" for w in s_.waarnemingen)
        out.append(f"- **{s_.titel}**{st}: {seen}")
    out += ["", f"## {lab['phase']}"]
    if True:
        out.append(f"**{f.nummer} · {f.naam}** — {lab['certainty']}: {lab['level'][f.zekerheid]}")
        if f.toelichting:
            out += ["", f.toelichting]
        out.append("")
        shown = set()
        for a in f.onderbouwing:
            for feit in a.op:
                if feit.tekst not in shown:
                    shown.add(feit.tekst)
                    out.append(f"- {feit.tekst}")
        if f.achterstallig:
            out += ["", f"**{lab['undone']}:** " + "; ".join(kb.risicos[r].titel(d.taal) for r in f.achterstallig)]
        out += ["", f"{lab['sources']}: {'; '.join(f.bronnen)}"]
    out += ["", f"## {lab['conditions']}", "", "| | |", "|---|---|"]
    for c in d.condities:
        out.append(f"| {c.titel} | {lab['status'][c.status]} |")
    out += ["", f"## {lab['risks']}"]
    if not d.risicos:
        out.append(lab["no_risks"])
    for r in d.risicos:
        who = f" — {', '.join(r.partners)}" if r.partners else ""
        marks = [lab["finding_status"][r.status]] + ([lab["threatening"]] if r.dreigend else [])
        if r.opgenomen_in:
            marks.append(f"{lab['absorbed_in']}: {risk_by_id[r.opgenomen_in].titel}")
        out += ["", f"### {r.titel}{who}",
                f"**{lab['severity'][r.ernst]}** · {', '.join(marks)} · {lab['certainty']}: "
                f"{lab['level'][r.zekerheid]}", "", r.uitleg, ""]
        if r.waarnemingen:
            out.append(f"{lab['observed']}:")
            out += [f"- {(w.partner + ': ') if w.partner else ''}{w.vraag} → **{w.antwoord}**"
                    + (f" *({', '.join(w.door)})*" if w.door else "") for w in r.waarnemingen]
            out.append("")
        if r.tegen:
            out.append(f"{lab['against']}:")
            out += [f"- {(w.partner + ': ') if w.partner else ''}{w.vraag} → **{w.antwoord}**" for w in r.tegen]
            out.append("")
        out.append(f"{lab['sources']}: {'; '.join(r.bronnen)}")
        if uitleg:
            out += ["", f"<details><summary>{lab['evidence']}</summary>", ""] + _tree(r.onderbouwing, 0, lab) + ["", "</details>"]
    out += ["", f"## {lab['interventions']}"]
    if not d.interventies:
        out.append(lab["no_interventions"])
    for n, iv in enumerate(d.interventies, 1):
        who = f" — {iv.partner}" if iv.partner else ""
        out += ["", f"{n}. **{iv.titel}**{who} — {iv.uitleg} ({lab['answers']}: {', '.join(iv.beantwoordt)}; "
                    f"{lab['sources']}: {'; '.join(iv.bronnen)})"]
    concerned = [p for p in d.partners if p.risicos or p.interventies]
    if concerned:
        out += ["", f"## {lab['per_partner']}"]
        risk_title = {r.id: r.titel for r in d.risicos}
        iv_title = {i.id: i.titel for i in d.interventies}
        for p in concerned:
            items = [f"{lab['risk_word']}: {risk_title[r]}" for r in p.risicos]
            items += [f"{lab['tip_word']}: {iv_title[i]}" for i in p.interventies]
            out.append(f"- **{p.naam}** ({kb.partnertypes[p.type].titel(d.taal)}): " + "; ".join(items))
    parted = [p for p in d.perspectieven if p.uiteenlopend]
    if parted:
        out += ["", f"## {lab['views']}"]
        for p in parted:
            out.append(f"- {p.vraag} " + "; ".join(f"{who}: **{a}**" for who, a in p.standpunten.items()))
    out += ["", f"## {lab['questions']}"]
    if not d.open_vragen:
        out.append(lab["no_questions"])
    for q in d.open_vragen:
        effects = "; ".join(f"{lab['effect'][e.effect]}: {e.titel}" for e in q.effecten)
        about = f"[{', '.join(q.partners)}] " if q.partners else ""
        out.append(f"- {about}{q.vraag} *({effects})*")
    return "\n".join(out).rstrip() + "\n"
