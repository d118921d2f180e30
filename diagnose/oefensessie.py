"""`coalitie oefen` as a session: choose scenarios, let the trainee answer (or read the
answers from a file), score, give feedback, and write the session for the trainer
(JSON, xAPI). The command in cli.py only parses options and calls ``run``."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from .. import kennisbank

from .trainee import Picker, _t, ask_phase, feedback_lines, level, theme
from .errors import CaseError
from .training import Scenario, TraineeAnswer, load_answers, scenarios, score

LEVEL_ORDER = ["basis", "gevorderd", "expert"]


def _list(library: dict[str, Scenario], niveau, taal: str, trainer: bool = False) -> None:
    """The scenarios by level; for the trainer (``--trainer``) by the phase in their key. A
    trainee is asked that phase, so the list they choose from does not give it away."""
    kb = kennisbank.load()
    wanted = {k: v for k, v in library.items() if niveau is None or v.moeilijkheid == niveau}
    if trainer:
        groups = [(f"{_t(taal, 'Fase', 'Phase')} {phase} · {kb.phase(phase).titel(taal)}",
                   [(k, v) for k, v in wanted.items() if v.sleutel.fase.nummer == phase]) for phase in range(1, 6)]
    else:
        groups = [(_t(taal, "Niveau", "Level") + f" {level(lvl, taal)}",
                   [(k, v) for k, v in wanted.items() if v.moeilijkheid == lvl]) for lvl in LEVEL_ORDER]
    for heading, items in groups:
        if not items:
            continue
        click.echo(heading)
        for k, v in sorted(items, key=lambda kv: (LEVEL_ORDER.index(kv[1].moeilijkheid), kv[0])):
            extra = "" if v.thema == "eenzaamheid" else f" [{theme(v.thema, taal)}]"
            grade = f"{level(v.moeilijkheid, taal):10} " if trainer else ""  # else it is the heading
            click.echo(f"  {k:38} {grade}{v.titel(taal)}{extra}")


def _read_answers(antwoorden: str, fail, library) -> dict[str, TraineeAnswer]:
    """The trainee's answers file, read and checked by ``training.load_answers`` (limits,
    line numbers, unknown scenario, risk and intervention ids with a suggestion)."""
    try:
        return load_answers(antwoorden, library)
    except CaseError as exc:
        fail("de antwoorden kloppen niet:\n  " + "\n  ".join(str(exc).splitlines()))


def run(*, scenario_ids, per_fase, niveau, taal, fmt, no_input, antwoorden, deelnemer, sessie, xapi, trainer,
        handout, klas, force, fail, emit) -> None:
    from .case import did_you_mean
    from . import trainerkit
    library = scenarios()
    if not scenario_ids and not per_fase:
        if handout or klas:
            fail(_t(taal, "noem een scenario", "name a scenario"))
        _list(library, niveau, taal, trainer=trainer)
        return
    # what the session reads is never written over, and two outputs never go to one file
    inputs = [p for p in [antwoorden, *klas] if p and p != "-"]
    outputs = [(name, p) for name, p in (("--sessie", sessie), ("--xapi", xapi), ("--handout", handout)) if p]
    from .fileio import RefusedWrite, same_file
    for i, (name, p) in enumerate(outputs):
        for other, q in outputs[i + 1:]:
            try:
                clash = same_file(p, q)
            except RefusedWrite as exc:  # a symbolic link in a loop
                fail(str(exc))
            if clash:
                fail(_t(taal, f"{name} en {other} noemen hetzelfde bestand ({p}); kies twee namen",
                        f"{name} and {other} name the same file ({p}); choose two names"))

    def write(text, path):
        emit(text, path, force, protected=inputs)

    chosen = list(scenario_ids) + [k for k, v in library.items() if per_fase and v.sleutel.fase.nummer == per_fase
                                   and (niveau is None or v.moeilijkheid == niveau)]
    for sid in chosen:
        if sid not in library:
            hint = did_you_mean(sid, library)
            if not hint:   # the same first word (a place, a theme) is a good guess too
                same = [k for k in library if k.split("-")[0] == sid.split("-")[0]]
                hint = f" Bedoel je {' of '.join(repr(k) for k in same)}?" if same else ""
            fail(f"onbekend scenario {sid!r}.{hint} (zie `coalitie oefen` voor de lijst)")
    if not chosen:
        fail("geen scenario's voor deze fase en dit niveau")

    if trainer or handout or klas:
        if len(chosen) != 1:
            fail("--trainer, --handout en --klas gaan over één scenario")
        sid = chosen[0]
        sc = library[sid]
        if trainer:
            click.echo(trainerkit.trainer_view(sid, sc, taal), nl=False)
        if handout:
            fmt_h = "html" if handout.lower().endswith((".html", ".htm")) else "markdown"
            write(trainerkit.handout(sid, sc, taal, fmt_h), handout)
        if klas:
            sessions = []
            for path in klas:
                try:
                    sessions.append((Path(path).stem, trainerkit.read_session(path)))
                except OSError as exc:
                    fail(f"{path}: kan niet lezen: {exc.strerror}")
                except ValueError as exc:
                    fail(f"{path}: {exc}")
            click.echo(trainerkit.class_overview(sid, sc, sessions, taal), nl=False)
        return

    given = {}
    if no_input:
        if not antwoorden:
            fail("--no-input vraagt om --antwoorden BESTAND (of - voor stdin)")
        given = _read_answers(antwoorden, fail, library)
        missing = [sid for sid in chosen if sid not in given]
        if missing:
            fail(f"{antwoorden}: geen antwoord voor scenario {', '.join(missing)}")
    to_err = fmt == "json"   # with JSON on stdout, the story and the questions go to stderr

    def out(text=""):
        if not (to_err and no_input):   # answers from a file, JSON on stdout: nobody reads the story
            click.echo(text, err=to_err)

    readers = []  # made at the first question: with --no-input there is none

    def ask(prompt):
        if not readers:
            from .terminal import line_reader
            readers.append(line_reader(err=to_err))
        return readers[0](prompt).strip()

    done = []
    for sid in chosen:
        sc = library[sid]
        out("=" * 78)
        out(f"{sc.titel(taal)}  ({level(sc.moeilijkheid, taal)})")
        out("")
        for para in sc.verhaal(taal).split("\n\n"):
            out(textwrap.fill(" ".join(para.split()), 78))
            out("")
        if no_input:
            answer = given[sid]
        else:
            try:
                phase = ask_phase(taal, ask, out)
                risks = Picker("risico", taal, ask, out).run(_t(taal, "Risico's die je ziet", "Risks you see"))
                ivs = Picker("interventie", taal, ask, out).run(_t(taal, "Eerste interventie(s)",
                                                                  "First intervention(s)"))
            except EOFError:
                click.echo(_t(taal, "\nGestopt.", "\nStopped."), err=True)
                break
            answer = TraineeAnswer(fase=phase, risicos=risks, interventies=ivs)
        result = score(sid, answer, taal)
        done.append((sc, result, answer.model_dump()))
        out("")
        for line in feedback_lines(result, taal):
            out(line)
    record = trainerkit.session_record(done, deelnemer, taal)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    elif len(done) > 1:
        out("=" * 78)
        out(_t(taal, "Samenvatting van de sessie:", "Session summary:"))
        for _, r, _ in done:
            out(f"  {r.scenario:38} {r.totaal:3}/100")
        out(f"  {_t(taal, 'gemiddeld', 'average')}: {record['gemiddeld']}/100")
    if sessie and done:
        write(json.dumps(record, ensure_ascii=False, indent=2) + "\n", sessie)
    if xapi and done:
        write(json.dumps(trainerkit.xapi_statements(record), ensure_ascii=False, indent=2) + "\n", xapi)
