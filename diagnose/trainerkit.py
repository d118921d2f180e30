"""The trainer's kit for `coalitie oefen`: the trainer view of a scenario, a printable
handout, session records (JSON) and xAPI statements, and the class overview that
reads several trainees' session records for the debrief.

Session record (what `oefen --format json` prints and `--sessie` writes):
  {"soort": "coalitie-oefensessie", "deelnemer": str|null, "datum": ISO time,
   "coalitie_versie", "kennisbank_versie", "taal",
   "resultaten": [{"scenario", "scenario_versie", "titel", "antwoord": {fase, risicos,
                   interventies}, "score": <Score>}], "gemiddeld"}

xAPI: one statement per scored scenario, verb ADL "scored" with the scaled score,
actor a pseudonymous account (a hash of the trainee's name, never the name), the
scenario as an activity under ACTIVITY_IRI (documented in README "Training").
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import uuid
from collections import Counter
from typing import Optional

from .. import kennisbank

from .trainee import LEVELS, _t, _wrap, level, theme, word
from .training import SCENARIO_DIR, Scenario, Score

ACTIVITY_IRI = "https://coalitie.nl/xapi/oefen/"          # + scenario id: one activity per scenario
ACCOUNT_HOME = "https://coalitie.nl/xapi/deelnemers"      # pseudonymous accounts live here
VERB_SCORED = "http://adlnet.gov/expapi/verbs/scored"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
SESSION_KIND = "coalitie-oefensessie"
XAPI_VERSION = "1.0.3"


def scenario_version(scenario_id: str) -> str:
    path = SCENARIO_DIR / f"{scenario_id}.yaml"
    data = path.read_bytes() if path.exists() else scenario_id.encode()
    return hashlib.sha256(data).hexdigest()[:12]


def session_record(results: list[tuple[Scenario, Score, dict]], deelnemer: Optional[str], taal: str,
                   now: Optional[dt.datetime] = None) -> dict:
    from . import __version__
    now = now or dt.datetime.now(dt.timezone.utc)
    out = []
    for sc, result, answer in results:
        out.append({"scenario": result.scenario, "scenario_versie": scenario_version(result.scenario),
                    "titel": sc.titel(taal), "antwoord": answer, "score": result.model_dump()})
    totals = [r["score"]["totaal"] for r in out]
    return {"soort": SESSION_KIND, "deelnemer": deelnemer, "datum": now.isoformat(timespec="seconds"),
            "coalitie_versie": __version__, "kennisbank_versie": kennisbank.load().versie, "taal": taal,
            "resultaten": out, "gemiddeld": round(sum(totals) / len(totals)) if totals else None}


def pseudonym(name: Optional[str]) -> str:
    return hashlib.sha256((name or "anoniem").strip().casefold().encode()).hexdigest()[:16]


def xapi_statements(record: dict) -> list[dict]:
    """xAPI statements for a session record: one 'scored' statement per scenario."""
    stamp = record["datum"]
    out = []
    for r in record["resultaten"]:
        s = r["score"]
        sid = r["scenario"]
        out.append({
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ACTIVITY_IRI}{sid}#{pseudonym(record['deelnemer'])}@{stamp}")),
            "actor": {"objectType": "Agent",
                      "account": {"homePage": ACCOUNT_HOME, "name": pseudonym(record["deelnemer"])}},
            "verb": {"id": VERB_SCORED, "display": {"nl-NL": "scoorde", "en-US": "scored"}},
            "object": {"objectType": "Activity", "id": f"{ACTIVITY_IRI}{sid}",
                       "definition": {"name": {"nl-NL": r["titel"]} if record["taal"] == "nl" else {"en-US": r["titel"]},
                                      "type": "http://adlnet.gov/expapi/activities/simulation"}},
            "result": {"score": {"raw": s["totaal"], "min": 0, "max": 100, "scaled": round(s["totaal"] / 100, 2)},
                       "completion": True, "success": s["totaal"] >= 60,
                       "response": json.dumps(r["antwoord"], ensure_ascii=False)},
            "context": {"language": "en-US" if record["taal"] == "en" else "nl-NL",
                        "extensions": {f"{ACTIVITY_IRI}ext/versies": {
                            "coalitie": record["coalitie_versie"], "kennisbank": record["kennisbank_versie"],
                            "scenario": r["scenario_versie"]}}},
            "timestamp": stamp,
            "version": XAPI_VERSION,
        })
    return out


def _is_iri(value) -> bool:
    return isinstance(value, str) and "://" in value and " " not in value


def statement_problems(st: dict) -> list[str]:
    """What a statement lacks by the xAPI 1.0.3 specification (Data §2.4): actor with exactly one
    inverse functional identifier, verb with an IRI id, object with an IRI id, a scaled score in
    [-1, 1] and raw within min/max, a timestamp. Empty: well-formed."""
    problems = []
    actor = st.get("actor")
    if not isinstance(actor, dict):
        problems.append("actor ontbreekt")
    else:
        ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
        if len(ifis) != 1:
            problems.append("actor heeft niet precies één identificatie (mbox, mbox_sha1sum, openid of account)")
        acc = actor.get("account")
        if acc is not None and not (isinstance(acc, dict) and _is_iri(acc.get("homePage")) and acc.get("name")):
            problems.append("actor.account vraagt homePage (IRL) en name")
    verb = st.get("verb")
    if not isinstance(verb, dict) or not _is_iri(verb.get("id")):
        problems.append("verb.id is geen IRI")
    obj = st.get("object")
    if not isinstance(obj, dict) or not _is_iri(obj.get("id")):
        problems.append("object.id is geen IRI")
    score = (st.get("result") or {}).get("score")
    if score is not None:
        scaled = score.get("scaled")
        if scaled is not None and not (-1 <= scaled <= 1):
            problems.append("result.score.scaled ligt niet tussen -1 en 1")
        lo, hi, raw = score.get("min"), score.get("max"), score.get("raw")
        if raw is not None and ((lo is not None and raw < lo) or (hi is not None and raw > hi)):
            problems.append("result.score.raw ligt buiten min..max")
    if "timestamp" in st:
        try:
            dt.datetime.fromisoformat(st["timestamp"])
        except (TypeError, ValueError):
            problems.append("timestamp is geen ISO 8601-tijd")
    if "id" in st:
        try:
            uuid.UUID(st["id"])
        except (TypeError, ValueError, AttributeError):
            problems.append("id is geen UUID")
    return problems


# -- trainer view and handout -------------------------------------------------------------------
def discussion_questions(sc: Scenario, taal: str) -> list[str]:
    kb = kennisbank.load()
    qs = [_t(taal, "Welke zinnen in het verhaal vertellen je in welke fase de coalitie zit? En welke zin deed je "
                   "twijfelen?",
             "Which sentences in the story tell you what phase the coalition is in? Which made you hesitate?")]
    for k in sc.sleutel.risicos:
        qs.append(_t(taal, f"Waar in het verhaal zie of hoor je '{kb.risicos[k.id].titel('nl')}'? Wat zou je "
                           "nog willen vragen om het zeker te weten?",
                     f"Where in the story do you see or hear '{kb.risicos[k.id].titel('en')}'? What would you still "
                     "ask to be sure?"))
    qs.append(_t(taal, "Met welke interventie zou jij beginnen, en waarom juist die eerst?",
                 "Which intervention would you start with, and why that one first?"))
    return qs


def trainer_view(sid: str, sc: Scenario, taal: str) -> str:
    """The key with all rationales, the engine's reasoning and discussion questions."""
    from . import diagnose
    kb = kennisbank.load()
    d = diagnose(sc.casus, taal=taal)
    t = taal
    key_ids = {k.id for k in sc.sleutel.risicos}
    lines = [f"{_t(t, 'TRAINERSBLAD', 'TRAINER SHEET')}: {sc.titel(taal)}",
             f"{sid} · {level(sc.moeilijkheid, taal)} · {_t(t, 'thema', 'theme')}: {theme(sc.thema, t)} · "
             f"{_t(t, 'bron', 'source')}: {'; '.join(sc.bron)}", ""]
    if sc.leerdoelen:
        lines.append(_t(t, "Leerdoelen:", "Learning goals:"))
        for g in sc.leerdoelen:
            lines += _wrap("• " + g(taal), 2)
        lines.append("")
    lines.append(_t(t, f"Sleutel, fase {sc.sleutel.fase.nummer}:", f"Key, phase {sc.sleutel.fase.nummer}:"))
    lines += _wrap(sc.sleutel.fase.waarom(taal), 2)
    weights = ", ".join(f"{k}: {v:g}" for k, v in sorted(d.fase.scores.items()))
    lines += _wrap(_t(t, f"De engine: fase {d.fase.nummer}, zekerheid {d.fase.zekerheid}; gewicht per fase "
                         f"{weights}.",
                      f"The engine: phase {d.fase.nummer}, certainty {word(d.fase.zekerheid, t)}; weight per "
                      f"phase {weights}."), 2)
    lines += ["", _t(t, "Sleutelrisico's:", "Key risks:")]
    by_id = {r.id: r for r in d.risicos}
    for k in sc.sleutel.risicos:
        r = by_id.get(k.id)
        lines += _wrap(f"• {kb.risicos[k.id].titel(taal)} ({k.id})"
                       + (f" — {word(r.status, t)}, {word(r.ernst, t)}, {_t(t, 'zekerheid', 'certainty')} "
                          f"{word(r.zekerheid, t)}" if r else ""), 2)
        lines += _wrap(k.waarom(taal), 6)
        for w in (r.waarnemingen if r else []):
            lines += _wrap(f"– {w.partner + ': ' if w.partner else ''}{w.vraag} → {w.antwoord}", 6)
    others = [r for r in d.risicos if r.id not in key_ids]
    if others:
        lines += ["", _t(t, "Ook verdedigbaar (de engine vindt dit ook; geen punten erbij of eraf):",
                         "Also defensible (the engine finds these too; no points either way):")]
        for r in others:
            absorbed = (_t(t, f", opgenomen in {r.opgenomen_in}", f", absorbed by {r.opgenomen_in}")
                        if r.opgenomen_in else "")
            lines += _wrap(f"• {r.titel} ({r.id}) — {word(r.status, t)}, {word(r.ernst, t)}{absorbed}", 2)
    lines += ["", _t(t, "Interventies volgens de sleutel:", "Interventions in the key:")]
    for k in sc.sleutel.interventies:
        lines += _wrap(f"• {kb.interventies[k.id].titel(taal)} ({k.id})", 2)
        lines += _wrap(k.waarom(taal), 6)
    lines += _wrap(_t(t, "Eerste advies van de engine: ", "The engine's first advice: ")
                   + ", ".join(kb.interventies[i].titel(taal) for i in d.hoofdadvies.interventies), 2)
    if sc.nabespreking:
        lines += ["", _t(t, "Nabespreking:", "Debrief:")]
        lines += _wrap(sc.nabespreking(taal), 2)
    lines += ["", _t(t, "Vragen voor het gesprek:", "Questions for the discussion:")]
    for i, q in enumerate(discussion_questions(sc, taal), 1):
        lines += _wrap(f"{i}. {q}", 2)
    return "\n".join(lines) + "\n"


def handout(sid: str, sc: Scenario, taal: str, fmt: str) -> str:
    """The story and the questions for trainees, with an answer sheet; never the key."""
    t = taal
    title = sc.titel(taal)
    paras = [" ".join(p.split()) for p in sc.verhaal(taal).split("\n\n") if p.strip()]
    questions = [_t(t, "In welke fase zit deze coalitie (1-5)? Welke zinnen wijzen daarop?",
                    "Which phase is this coalition in (1-5)? Which sentences point to it?"),
                 _t(t, "Welke risico's zie je? Noem per risico de zin uit het verhaal waarop je het baseert.",
                    "Which risks do you see? For each, name the sentence in the story you base it on."),
                 _t(t, "Wat zou je nog willen vragen voordat je iets zeker weet?",
                    "What would you still ask before you are sure?"),
                 _t(t, "Met welke interventie(s) zou je beginnen, en waarom die eerst?",
                    "Which intervention(s) would you start with, and why those first?")]
    meta = f"{level(sc.moeilijkheid, taal)} · {sid}"
    if fmt == "html":
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
        qs = "".join(f"<li>{html.escape(q)}<div class=\"antwoord\"></div></li>\n" for q in questions)
        return (f"<!DOCTYPE html>\n<html lang=\"{'en' if t == 'en' else 'nl'}\">\n<head><meta charset=\"utf-8\">"
                f"<title>{html.escape(title)}</title>\n<style>body{{font-family:sans-serif;max-width:42em;margin:2em auto}}"
                ".antwoord{border-bottom:1px solid #999;height:5em;margin-bottom:1em}</style></head>\n<body>\n"
                f"<h1>{html.escape(title)}</h1>\n<p><em>{html.escape(meta)}</em></p>\n{body}"
                f"<h2>{_t(t, 'Vragen', 'Questions')}</h2>\n<ol>\n{qs}</ol>\n"
                f"<p>{_t(t, 'Naam', 'Name')}: ______________________</p>\n</body>\n</html>\n")
    lines = [f"# {title}", "", f"*{meta}*", ""]
    for p in paras:
        lines += [p, ""]
    lines += [f"## {_t(t, 'Vragen', 'Questions')}", ""]
    for i, q in enumerate(questions, 1):
        lines += [f"{i}. {q}", "", "   ______________________________________________", "",
                  "   ______________________________________________", ""]
    lines += [f"{_t(t, 'Naam', 'Name')}: ______________________", ""]
    return "\n".join(lines)


# -- class overview -----------------------------------------------------------------------------
def read_session(path) -> dict:
    """A session record from a file, checked for shape; ValueError names what is wrong."""
    from .errors import CaseError
    from .reading import load_document
    try:
        data = load_document(path, what="oefensessie", fmt="json").data
    except CaseError as exc:
        raise ValueError("; ".join(f"{veld}: {msg}" if veld else msg for veld, msg in exc.problemen)) from None
    if not isinstance(data, dict) or data.get("soort") != SESSION_KIND or not isinstance(data.get("resultaten"), list):
        raise ValueError("geen oefensessie van coalitie (verwacht 'soort: coalitie-oefensessie' en 'resultaten')")
    return data


def class_overview(sid: str, sc: Scenario, sessions: list[tuple[str, dict]], taal: str) -> str:
    """Where the trainees agree and differ on one scenario, against the key."""
    kb = kennisbank.load()
    t = taal
    rows = []
    for name, data in sessions:
        for r in data["resultaten"]:
            if r["scenario"] == sid:
                rows.append((data.get("deelnemer") or name, r))
    if not rows:
        return _t(t, f"Geen resultaten voor {sid} in deze bestanden.\n", f"No results for {sid} in these files.\n")
    n = len(rows)
    key_risks = [k.id for k in sc.sleutel.risicos]
    key_ivs = [k.id for k in sc.sleutel.interventies]
    lines = [f"{_t(t, 'KLASOVERZICHT', 'CLASS OVERVIEW')}: {sc.titel(taal)} ({sid})",
             _t(t, f"{n} deelnemers", f"{n} trainees"), ""]
    versions = Counter(r["scenario_versie"] for _, r in rows)
    if len(versions) > 1:
        lines += _wrap(_t(t, "Let op: niet iedereen speelde dezelfde versie van het scenario.",
                          "Note: not everyone played the same version of the scenario."), 0)
    lines.append(_t(t, "Scores:", "Scores:"))
    for who, r in sorted(rows, key=lambda x: -x[1]["score"]["totaal"]):
        s = r["score"]
        lines.append(f"  {who:24} {s['totaal']:3}/100  ({s['punten_fase']}/{s['punten_risicos']}/"
                     f"{s['punten_interventies']})")
    phases = Counter(r["antwoord"].get("fase") for _, r in rows)
    lines += ["", _t(t, f"Fase (sleutel {sc.sleutel.fase.nummer}):", f"Phase (key {sc.sleutel.fase.nummer}):")]
    for ph, c in sorted(phases.items(), key=lambda x: (x[0] is None, x[0] or 0)):
        mark = " ←" if ph == sc.sleutel.fase.nummer else ""
        lines.append(f"  {ph or '-'}: {'█' * c} {c}{mark}")
    risk_counts = Counter(x for _, r in rows for x in dict.fromkeys(r["antwoord"].get("risicos", [])))
    related = Counter()
    for _, r in rows:
        for rem in r["score"]["opmerkingen"]:
            if rem["soort"] == "verwant" and rem.get("verwant_aan"):
                related[rem["verwant_aan"]] += 1
    lines += ["", _t(t, "Sleutelrisico's: wie zag ze (≈ anders benoemd)", "Key risks: who saw them (≈ named differently)")]
    for k in key_risks:
        lines.append(f"  {risk_counts[k]:2}/{n}" + (f" ≈{related[k]}" if related[k] else "   ")
                     + f"  {kb.risicos[k].titel(taal)}")
    others = [(x, c) for x, c in risk_counts.most_common() if x not in key_risks and x in kb.risicos]
    if others:
        lines += ["", _t(t, "Andere gekozen risico's:", "Other risks picked:")]
        kinds = {}
        for _, r in rows:
            for rem in r["score"]["opmerkingen"]:
                kinds.setdefault(rem["id"], rem["soort"])
        label = {"ook_verdedigbaar": _t(t, "ook verdedigbaar", "also defensible"),
                 "verwant": _t(t, "verwant", "related"), "niet_onderbouwd": _t(t, "tegengesproken", "contradicted"),
                 "niet_vastgelegd": _t(t, "niet in de casus", "not in the case")}
        for x, c in others:
            lines.append(f"  {c:2}/{n}  {kb.risicos[x].titel(taal)} ({label.get(kinds.get(x), '')})")
    iv_counts = Counter(x for _, r in rows for x in dict.fromkeys(r["antwoord"].get("interventies", [])))
    lines += ["", _t(t, "Interventies:", "Interventions:")]
    for x, c in iv_counts.most_common():
        if x in kb.interventies:
            lines.append(f"  {c:2}/{n}  {kb.interventies[x].titel(taal)}" + (_t(t, " (sleutel)", " (key)")
                                                                            if x in key_ivs else ""))
    lines += ["", _t(t, "Om te bespreken:", "To discuss:")]
    prompts = []
    for k in key_risks:
        if risk_counts[k] + related[k] < n / 2:
            prompts.append(_t(t, f"Weinigen zagen '{kb.risicos[k].titel('nl')}' ({risk_counts[k]} van {n}). Wie het "
                                 "zag: welke zin in het verhaal gaf de doorslag?",
                              f"Few saw '{kb.risicos[k].titel('en')}' ({risk_counts[k]} of {n}). Those who did: "
                              "which sentence decided it?"))
        elif related[k]:
            prompts.append(_t(t, f"{related[k]} deelnemer(s) noemden '{kb.risicos[k].titel('nl')}' anders. Wat is het "
                                 "verschil, en maakt het uit voor wat je doet?",
                              f"{related[k]} trainee(s) named '{kb.risicos[k].titel('en')}' differently. What is the "
                              "difference, and does it matter for what you do?"))
    if len([p for p in phases if p is not None]) > 1:
        prompts.append(_t(t, "De fases lopen uiteen: laat twee deelnemers met een verschillende fase elkaar overtuigen.",
                          "The phases differ: let two trainees with a different phase try to convince each other."))
    for x, c in others:
        if c >= 2:
            prompts.append(_t(t, f"{c} deelnemers kozen '{kb.risicos[x].titel('nl')}', dat niet in de sleutel staat: "
                                 "wat zagen zij?",
                              f"{c} trainees picked '{kb.risicos[x].titel('en')}', which is not in the key: what did "
                              "they see?"))
    if sc.nabespreking:
        prompts.append(sc.nabespreking(taal))
    for i, p in enumerate(prompts or [_t(t, "De groep is het eens: vraag door op het waarom.",
                                         "The group agrees: ask why.")], 1):
        lines += _wrap(f"{i}. {p}", 2)
    return "\n".join(lines) + "\n"


__all__ = ["ACTIVITY_IRI", "LEVELS", "class_overview", "handout", "read_session", "session_record",
           "statement_problems", "trainer_view", "xapi_statements"]
