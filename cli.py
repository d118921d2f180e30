"""The command-line app `coalitie`: parse arguments, call the engine, render. No domain logic.

Exit status: 0 the command ran; 2 bad input or usage (a message on stderr, never
a traceback); 1 an internal error (a bug: please report it with the case).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 88}


def _fail(message: str) -> None:
    click.echo(f"coalitie: {message}", err=True)
    sys.exit(EXIT_INPUT)


def _problem_lines(exc, with_source: bool = True) -> str:
    """A CaseError's problems, one per line, indented for a message."""
    prefix = f"{exc.bron}: " if with_source else ""
    return "\n  ".join(f"{prefix}{veld}: {msg}" if veld else f"{prefix}{msg}" for veld, msg in exc.problemen)


def _examples() -> dict[str, Path]:
    from .kennisbank import EXAMPLE_DIR
    return {p.stem: p for p in sorted(EXAMPLE_DIR.glob("*.yaml"))}


def _warn_case(case) -> None:
    """Odd but valid input (a future date, an answer outside its question's precondition):
    a line on stderr each; the diagnosis and the exit status stay as they are."""
    from .diagnose.reading import case_warnings
    for line in case_warnings(case):
        click.echo(f"coalitie: waarschuwing: {line}", err=True)


def _read_case(case_arg: str | None, voorbeeld: str | None):
    case, path = _load_case_arg(case_arg, voorbeeld)
    if not voorbeeld:
        _warn_case(case)
    return case, path


def _load_case_arg(case_arg: str | None, voorbeeld: str | None):
    from .diagnose.case import load_case
    from .diagnose.errors import CaseError

    try:
        if voorbeeld:
            examples = _examples()
            if voorbeeld not in examples:
                from .diagnose.case import did_you_mean
                _fail(f"onbekend voorbeeld {voorbeeld!r}; kies uit {', '.join(examples)}."
                      f"{did_you_mean(voorbeeld, examples)}")
            return load_case(examples[voorbeeld]), examples[voorbeeld]
        return load_case(case_arg), (None if case_arg == "-" else Path(case_arg))
    except CaseError as exc:
        from .diagnose.training import scenario_case
        try:
            case = scenario_case(case_arg) if case_arg not in (None, "-") else None
        except CaseError as inner:
            exc = inner
            case = None
        if case is not None:  # a scenario file: its case
            return case, Path(case_arg)
        _fail("de casus is niet te lezen:\n  " + _problem_lines(exc))


def _emit(text: str | bytes, output: str | None, force: bool, protected=()) -> None:
    from .diagnose.fileio import STDOUT, RefusedWrite, write_output
    if isinstance(text, bytes) and output in (None, STDOUT) and sys.stdout.isatty():
        _fail("een PDF is binair en hoort niet in de terminal: geef -o rapport.pdf, of stuur de uitvoer door "
              "(> rapport.pdf)")  # bytes (a PDF is the only binary output) would garble the terminal
    try:
        write_output(STDOUT if output is None else output, text, force, protected=[p for p in protected if p])
    except RefusedWrite as exc:
        _fail(str(exc))
    if output not in (None, STDOUT):
        click.echo(f"geschreven: {output}", err=True)


def _version() -> str:
    from .diagnose import __version__
    from . import kennisbank
    return f"coalitie {__version__} (kennisbank {kennisbank.load().versie})"


def _count(n: int, one: str, many: str) -> str:
    """``n`` with its noun: '1 vraag', '3 vragen'."""
    return f"{n} {one if n == 1 else many}"


# -- click's own words in Dutch ---------------------------------------------------------------
# Click writes its usage errors and help headings in English (through gettext, which follows
# the environment's language, not the CLI's). The app speaks Dutch: its commands and options
# use the classes below, which write the headings in Dutch and put click's usage errors into
# Dutch (left in English with --taal en). A message not in the table keeps click's words.
_CLICK_DUTCH = [
    (r"No such command '(.*)'\.", r"onbekend commando '\1'."),
    (r"Missing argument '(.*)'\.", r"argument '\1' ontbreekt."),
    (r"Missing option '(.*)'\.", r"optie '\1' ontbreekt."),
    (r"No such option: (\S+)", r"onbekende optie: \1"),
    (r"No such option '(.*?)'\.", r"onbekende optie '\1'."),
    (r"\(Did you mean one of: (.*)\?\)", r"(bedoelde u een van: \1?)"),
    (r"Option '(.*)' requires an argument\.", r"optie '\1' vraagt een waarde."),
    (r"Option '(.*)' does not take a value\.", r"optie '\1' neemt geen waarde."),
    (r"Got unexpected extra arguments? \((.*)\)", r"onverwacht extra argument (\1)"),
    (r"Invalid value for (.*?): ", r"ongeldige waarde voor \1: "),
    (r"'(.*)' is not one of (.*)\.", r"'\1' is niet een van \2."),
    (r"'(.*)' is not a valid integer( range)?\.", r"'\1' is geen geheel getal."),
    (r"'(.*)' is not a valid float( range)?\.", r"'\1' is geen getal."),
    (r"(\S+) is not in the range (.*)\.", r"\1 ligt niet in het bereik \2."),
    (r"\(Did you mean (.*)\?\)", r"(bedoelde u \1?)"),
    (r"Did you mean (.*)\?", r"Bedoel je \1?"),
    (r"\(Possible options: (.*)\)", r"(mogelijk: \1)"),
]


def _english_asked(ctx: click.Context | None) -> bool:
    """Whether the call asked for English: its own arguments (as the root command got them,
    also under CliRunner) hold --taal en."""
    root = ctx.find_root().command if ctx is not None else None
    argv = getattr(root, "argv", None)
    argv = sys.argv[1:] if argv is None else argv
    return "--taal=en" in argv or any(a == "--taal" and b == "en" for a, b in zip(argv, argv[1:]))


class _DutchUsageError(click.UsageError):
    """A usage error as click would show it, in Dutch."""

    def show(self, file=None) -> None:
        color = self.ctx.color if self.ctx is not None else None
        if self.ctx is not None:
            click.echo(f"{self.ctx.get_usage()}\nProbeer '{self.ctx.command_path} -h' voor hulp.\n",
                       file=file, err=file is None, color=color)
        click.echo(f"Fout: {self.format_message()}", file=file, err=file is None, color=color)


def _in_dutch(exc: click.UsageError) -> click.UsageError:
    # help shown for a group called without a command is help, not an error
    if isinstance(exc, (_DutchUsageError, click.exceptions.NoArgsIsHelpError)) or _english_asked(exc.ctx):
        return exc
    import re
    text = exc.format_message()
    for pattern, dutch in _CLICK_DUTCH:
        text = re.sub(pattern, dutch, text)
    out = _DutchUsageError(text, exc.ctx)
    out.exit_code = exc.exit_code
    return out


def _dutch_extra(help_text: str) -> str:
    """An option's help with click's bracket ('[default: nl; required]') in Dutch."""
    if not help_text.endswith("]"):
        return help_text
    head, bracket = help_text.rsplit("[", 1)
    return head + "[" + bracket.replace("default: ", "standaard: ").replace("required", "verplicht")


class _DutchFormatter(click.HelpFormatter):
    """Click's help layout with its fixed words in Dutch (``english``: a usage error under
    --taal en keeps 'Usage:')."""

    english = False
    SECTIONS = {"Options": "Opties", "Commands": "Commando's"}

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix or ("Usage: " if self.english else "Gebruik: "))

    def section(self, name):
        return super().section(self.SECTIONS.get(name, name))

    def write_dl(self, rows, *args, **kwargs):
        super().write_dl([(term, _dutch_extra(text)) for term, text in rows], *args, **kwargs)


class _Context(click.Context):
    formatter_class = _DutchFormatter

    def make_formatter(self):
        formatter = super().make_formatter()
        formatter.english = _english_asked(self)
        return formatter


class _DutchHelp:
    """Help in Dutch: the commands' contexts write with ``_DutchFormatter``."""

    context_class = _Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)

    def collect_usage_pieces(self, ctx):
        pieces = super().collect_usage_pieces(ctx)  # a usage error under --taal en: click's English
        english = {"[OPTIES]": "[OPTIONS]", "COMMANDO [ARGUMENTEN]...": "COMMAND [ARGS]..."}
        return [english.get(p, p) for p in pieces] if _english_asked(ctx) else pieces


class _Command(_DutchHelp, click.Command):
    """``one_shot=True``: the command does one thing and the process ends, so Python's cycle
    collector stays paused while it runs (``_collector.paused``); other commands run case
    after case and keep it (``_collector.many_short_lived``)."""

    def __init__(self, *args, one_shot: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.one_shot = one_shot

    def invoke(self, ctx):
        from ._collector import many_short_lived, paused
        with paused() if self.one_shot else many_short_lived():
            return super().invoke(ctx)


class _Group(_DutchHelp, click.Group):
    """Turns an unexpected exception into a short message and exit status 1; usage errors
    and help in Dutch."""

    command_class = _Command
    group_class = type  # subgroups (kennis) are of this class too

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", "COMMANDO [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)
        self.argv: list[str] | None = None  # the arguments of this call (see _english_asked)

    def main(self, args=None, *rest, **kwargs):
        self.argv = list(sys.argv[1:] if args is None else args)
        return super().main(args, *rest, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _in_dutch(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _in_dutch(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except OSError as exc:  # the environment, not a bug: a full disk, no permission
            from .diagnose.fileio import write_error
            if exc.errno not in _ENVIRONMENT_ERRORS:
                click.echo(f"coalitie: interne fout ({type(exc).__name__}: {exc}). "
                           "Meld dit graag, met de casus erbij.", err=True)
                sys.exit(EXIT_INTERNAL)
            import os as _os
            try:  # nothing more reaches the full or closed output at exit
                _os.dup2(_os.open(_os.devnull, _os.O_WRONLY), sys.stdout.fileno())
            except OSError:
                pass
            _fail(str(write_error(exc.filename or "standaarduitvoer", exc)))
        except Exception as exc:  # a bug in coalitie, not in the user's input
            click.echo(f"coalitie: interne fout ({type(exc).__name__}: {exc}). "
                       "Meld dit graag, met de casus erbij.", err=True)
            sys.exit(EXIT_INTERNAL)


import errno as _errno

_ENVIRONMENT_ERRORS = {_errno.ENOSPC, _errno.EDQUOT, _errno.EACCES, _errno.EPERM, _errno.EROFS, _errno.EIO,
                       _errno.EFBIG}

_help = click.help_option("-h", "--help", help="Toon deze hulp en stop.")


def _taal(help_text: str = "Taal van de uitvoer."):
    return click.option("--taal", type=click.Choice(["nl", "en"]), default="nl", show_default=True, help=help_text)


@click.group(cls=_Group, context_settings=CONTEXT)
@_help
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              help="Toon de versie van coalitie en de kennisbank.",
              callback=lambda ctx, _p, v: (click.echo(_version()), ctx.exit()) if v else None)
def main():
    """coalitie — diagnose van lokale coalities (expertsysteem).

    Voer in wat je na een gesprek zag of hoorde; coalitie geeft de levensfase,
    de vijf condities voor gedeeld eigenaarschap, de risico's met hun
    onderbouwing, passende interventies en de vragen die nog openstaan.
    Elke bevinding noemt haar bron.

    \b
    Voorbeelden:
      coalitie diagnose --voorbeeld convenant-zonder-gesprek
      coalitie nieuw mijn-coalitie.yaml
      coalitie diagnose mijn-coalitie.yaml --format markdown -o rapport.md

    Exitstatus: 0 gelukt, 2 onjuiste invoer of aanroep, 1 interne fout.
    """


@main.command("diagnose", context_settings=CONTEXT, one_shot=True)
@_help
@click.argument("casus", required=False, metavar="CASUS")
@click.option("--voorbeeld", metavar="NAAM", help="Gebruik een meegeleverd voorbeeld (zie `coalitie voorbeeld`).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "pdf", "json"]), default="text",
              show_default=True, help="Uitvoervorm (html: één los bestand om te printen; pdf: vraagt de extra [pdf]).")
@_taal("Taal van de uitvoer.")
@click.option("--uitleg", is_flag=True, help="Toon per bevinding de afleidingsboom tot de waarnemingen.")
@click.option("--anoniem", is_flag=True,
              help="Vervang namen van coalitie, gemeente, partners en gesprekspartners door neutrale labels "
                   "en laat rollen en notities weg (om te delen).")
@click.option("--informant", metavar="ID",
              help="Diagnose zoals deze gesprekspartner het ziet (zijn antwoorden boven die van de adviseur).")
@click.option("-o", "--output", metavar="BESTAND", help="Schrijf naar BESTAND in plaats van de terminal.")
@click.option("--force", is_flag=True, help="Overschrijf BESTAND als het al bestaat (nooit de casus zelf).")
def diagnose_cmd(casus, voorbeeld, fmt, taal, uitleg, anoniem, informant, output, force):
    """Diagnoseer een casus (YAML of JSON; `-` leest van stdin) of de casus in een oefenscenario.

    \b
    Voorbeelden:
      coalitie diagnose casus.yaml
      coalitie diagnose --voorbeeld lopende-coalitie --taal en
      cat casus.json | coalitie diagnose - --format json
      coalitie diagnose casus.yaml --uitleg
      coalitie diagnose --voorbeeld drie-gesprekspartners --informant coordinator
      coalitie diagnose kennisbank/scenarios/koffie-voor-de-kennismaking.yaml
      coalitie diagnose casus.yaml --format html --anoniem -o rapport.html
    """
    if bool(casus) == bool(voorbeeld):
        _fail("geef een casusbestand (of - voor stdin) óf --voorbeeld NAAM")
    case, path = _read_case(casus, voorbeeld)
    if informant:
        from .diagnose.errors import CaseError
        from .diagnose.perspectives import as_seen_by
        try:
            case = as_seen_by(case, informant)
        except CaseError as exc:
            _fail(_problem_lines(exc, with_source=False))
    if anoniem:
        from .diagnose.anonymise import anonymise
        case = anonymise(case, taal)
    from .diagnose import diagnose
    from .diagnose.render import PdfUnavailable, render
    result = diagnose(case, taal=taal)
    try:
        rendered = render(result, fmt, uitleg=uitleg, anoniem=anoniem)
    except PdfUnavailable as exc:
        _fail(str(exc))
    _emit(rendered, output, force, protected=[path])


@main.command("voorbeeld", context_settings=CONTEXT)
@_help
@click.argument("naam", required=False)
@click.option("-o", "--output", metavar="BESTAND", help="Schrijf het voorbeeld naar BESTAND.")
@click.option("--force", is_flag=True, help="Overschrijf BESTAND als het al bestaat.")
def voorbeeld_cmd(naam, output, force):
    """Toon de meegeleverde voorbeeldcasussen, of één ervan.

    \b
    Voorbeelden:
      coalitie voorbeeld
      coalitie voorbeeld lopende-coalitie -o mijn-casus.yaml
    """
    examples = _examples()
    if not naam:
        from .diagnose.case import load_case
        for stem, p in examples.items():
            c = load_case(p)
            click.echo(f"{stem:32} {c.coalitie} ({c.gemeente})")
        return
    if naam not in examples:
        from .diagnose.case import did_you_mean
        _fail(f"onbekend voorbeeld {naam!r}; kies uit {', '.join(examples)}.{did_you_mean(naam, examples)}")
    _emit(examples[naam].read_text(encoding="utf-8"), output, force)


@main.command("nieuw", context_settings=CONTEXT)
@_help
@click.argument("bestand")
@_taal("Taal van de vragen in het commentaar.")
@click.option("--force", is_flag=True, help="Overschrijf BESTAND als het al bestaat.")
def nieuw_cmd(bestand, taal, force):
    """Schrijf een lege casus met alle vragen (als commentaar) om mee te beginnen.

    \b
    Voorbeeld:
      coalitie nieuw mijn-coalitie.yaml
    """
    from .diagnose.template import case_template
    if bestand == "-":
        click.echo(case_template(taal), nl=False)
        return
    _emit(case_template(taal), bestand, force)


@main.command("interview", context_settings=CONTEXT)
@_help
@click.argument("casus", metavar="CASUS")
@_taal("Taal van de vragen.")
@click.option("--max-vragen", type=click.IntRange(1, 500), default=40, show_default=True, metavar="N",
              help="Hoeveel observatievragen hooguit in één zitting (elke gemarkeerde uitspraak, "
                   "ingevulde rastercel en beantwoorde losse vraag telt als één; leeg gelaten telt niet).")
@click.option("--no-input", "no_input", is_flag=True,
              help="Geen vragen stellen: antwoorden komen uit --antwoorden (voor scripts en tests).")
@click.option("--antwoorden", metavar="BESTAND",
              help="Met --no-input: YAML/JSON in de vorm van een casus; `-` leest van stdin. Wat het "
                   "interview er niet uit gebruikt, noemt het na afloop.")
@click.option("--informant", metavar="ID",
              help="Interview één gesprekspartner in een bestaande casus; de antwoorden komen onder informanten.")
@click.option("--rol", default="", metavar="TEKST", help="Met --informant: de rol van deze persoon, in eigen woorden.")
@click.option("--partner", "namens", metavar="NAAM", help="Met --informant: de partner namens wie deze persoon spreekt.")
@click.option("--prive", is_flag=True,
              help="Een nieuw casusbestand alleen leesbaar voor jou (0600), bijv. bij notities over personen.")
@click.option("--vragenlijst", metavar="BESTAND",
              help="Schrijf aan het eind de vragen voor het volgende gesprek (printbaar) naar dit bestand.")
def interview_cmd(casus, taal, max_vragen, no_input, antwoorden, informant, rol, namens, prive, vragenlijst):
    """Vraag na een gesprek stap voor stap uit wat je zag en hoorde, en diagnoseer.

    Begint een nieuwe casus of gaat verder met een bestaand casusbestand. Vraagt
    eerst de basis en de partners, dan observaties per thema, en kiest steeds de
    vraag die nu het meest uitmaakt. Elk antwoord wordt meteen opgeslagen (alleen
    die waarde verandert; je eigen commentaar en opmaak blijven staan): stoppen
    (:stop, Ctrl-C, Ctrl-D) kan altijd, en de volgende keer gaat het verder waar
    je was. Tijdens een vraag: h = toelichting en bron (op een themascherm h 4 =
    alleen bij uitspraak 4), o = onbekend, :d = diagnose
    tot nu toe, :terug = vorige vraag opnieuw, :wijzig <id> <antwoord> of
    :wijzig "<partner>" <id> <antwoord>; in een terminal vult Tab opdrachten, id's
    en partnernamen aan. Eerst een korte ronde langs alle gebieden, met per gebied
    één themascherm: markeer wat je weet, bijv. '1j 3n' (niet genoemd = geen
    antwoord, komt niet in het bestand; leeg = niets bekend); in een partnerraster
    is een lege cel evenmin een antwoord (:verder laat de rest van het raster
    leeg). Dan verder waar een antwoord de
    bevindingen nog kan veranderen; het interview stopt als niets de uitkomst meer
    kan veranderen, en geeft dan de vragen voor het volgende gesprek (--vragenlijst
    schrijft ze naar een bestand). Met --informant krijgt een volgende
    gesprekspartner eerst de vragen waarop perspectieven het meest verschillen en
    daarna alleen wat jij open liet en zijn of haar kijk nog kan veranderen.

    \b
    Voorbeelden:
      coalitie interview nieuw.yaml
      coalitie interview nieuw.yaml --taal en
      coalitie interview casus.yaml --no-input --antwoorden antwoorden.yaml
      coalitie interview casus.yaml --informant wethouder \\
        --rol "wethouder zorg" --partner Gemeente
    """
    from .diagnose.case import case_from_data
    from .diagnose.errors import CaseError
    from .diagnose.fileio import CaseFileLock, RefusedWrite, check_output, is_other_than_file, write_output
    from .diagnose.reading import load_document
    from .diagnose.interview import InformantInterview, Interview, NotACaseFile, Replay, open_case_file, with_informant

    if casus == "-":  # elsewhere "-" is stdin; here the case file is written after every answer
        _fail("het interview schrijft elk antwoord meteen in het casusbestand, en '-' is geen bestand: "
              "geef een bestandsnaam, bijv. nieuw.yaml")
    path = Path(casus)
    if is_other_than_file(path):  # a folder, a pipe or a device: reading would hang or fail
        _fail(f"{path}: geen gewoon bestand; geef een casusbestand (.yaml), nieuw of bestaand")
    if vragenlijst:  # refused before the interview rather than after it
        try:
            check_output(vragenlijst, force=False, protected=[path])
        except RefusedWrite as exc:
            _fail(str(exc))
    try:  # one interview per case file, from before it is read until the command ends
        lock = CaseFileLock(path, private=prive, notify=lambda message: click.echo(message, err=True))
        if not lock.target.parent.exists():
            _fail(f"{path}: de map {lock.target.parent} bestaat niet")
        lock.acquire()
    except RefusedWrite as exc:
        _fail(str(exc))
    click.get_current_context().call_on_close(lock.release)
    if lock.stale_pid:
        click.echo(f"Een oud slot van proces {lock.stale_pid} (dat niet meer loopt) is opgeruimd.", err=True)
    try:
        case, lock.keep_comments = open_case_file(path)
    except NotACaseFile as exc:
        _fail("kan niet verder met dit bestand:\n  " + _problem_lines(exc))
    if case is not None:
        _warn_case(case)

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    styles = {"kop": {"bold": True}, "vraag": {"fg": "cyan", "bold": True}}

    def style(text, kind):
        return click.style(text, **styles.get(kind, {})) if color else text

    def say(text):
        click.echo(text)

    if no_input:
        if not antwoorden:
            _fail("--no-input vraagt om --antwoorden BESTAND (of - voor stdin)")
        try:
            doc = load_document(antwoorden, what="antwoordbestand")
        except CaseError as exc:
            _fail("kan de antwoorden niet lezen:\n  " + _problem_lines(exc))
        answers = doc.data or {}
        try:
            if not isinstance(answers, dict):
                raise CaseError(doc.bron, [("", "verwacht een mapping zoals een casus")])
            if informant and case is not None:  # only the observations matter for an informant
                given = case_from_data({"coalitie": case.coalitie, "datum_gesprek": case.datum_gesprek.isoformat(),
                                        "observaties": answers.get("observaties") or {}}, doc.bron, doc)
            else:
                given = case_from_data(dict(answers), doc.bron, doc)  # validate ids and values before asking
                if case is not None and given.datum_gesprek != case.datum_gesprek:
                    # durations count from the interview date the replay uses: the case's
                    given = case_from_data({**answers, "datum_gesprek": case.datum_gesprek.isoformat()},
                                           doc.bron, doc)
        except CaseError as exc:
            _fail(f"{antwoorden}: de antwoorden kloppen niet:\n  " + _problem_lines(exc, with_source=False))
        runner = Replay(path, answers, say=say, taal=taal, budget=max_vragen, style=style)
    else:
        answers = given = None
        from .diagnose.terminal import line_reader
        ask = line_reader(lambda: runner.completions())  # the runner as it is when Tab is pressed
        runner = Interview(path, ask=ask, say=say, taal=taal, budget=max_vragen, style=style)
    if informant:
        if case is None:
            _fail(f"{path}: --informant werkt in een bestaande casus; begin met `coalitie interview {path}`")
        try:
            case = with_informant(case, informant, rol, namens)
        except CaseError as exc:
            _fail(_problem_lines(exc, with_source=False))
        runner = InformantInterview(path, case, informant, say=say, ask=runner.ask_raw, answers=answers,
                                    taal=taal, budget=max_vragen, style=style)
    nothing_saved = ("\nGestopt voor de basis compleet was; er is niets opgeslagen." if taal != "en" else
                     "\nStopped before the basics were complete; nothing was saved.")
    try:
        outcome = runner.run(case)
    except KeyboardInterrupt:  # Ctrl-C: every answer given was saved at once, if there was one
        click.echo(nothing_saved if not Path(path).is_file() else
                   (f"\nStopped. Every answer so far is in {path}" if taal == "en" else
                    f"\nGestopt. Alle antwoorden tot nu toe staan in {path}"), err=True)
        sys.exit(EXIT_OK)
    except RefusedWrite as exc:
        _fail(str(exc))
    except Exception as exc:
        if type(exc).__name__ == "Stop":
            click.echo(nothing_saved, err=True)
            sys.exit(EXIT_OK)
        raise
    from .diagnose.interview import STOP_REASONS
    click.echo("")
    # its core and the command for the whole report (the list below stays in view); after an
    # informant's sitting the whole case with that person's view in it, as :d shows it
    runner.show_diagnosis(runner.view() if informant else outcome.case)
    lijst = runner.closing(outcome.case)  # what the next conversation should settle, after any sitting
    if vragenlijst:
        try:
            write_output(vragenlijst, lijst, force=False, protected=[path])
        except RefusedWrite as exc:
            _fail(f"de vragenlijst is niet geschreven: {exc}")
        click.echo(f"Vragen voor het volgende gesprek staan in {vragenlijst}.", err=True)
    done = STOP_REASONS.get(outcome.stop_reason, STOP_REASONS["stop"])[1 if taal == "en" else 0]
    # each statement left unmarked, each question and grid cell left empty once, however often shown again
    questions = sum(1 for q in outcome.left_open if q in runner.chooser.left_singly)
    cells = sum(1 for q in outcome.left_open if q.partner is not None)
    statements = len(outcome.left_open) - questions - cells
    asked = outcome.asked
    en = taal == "en"
    nouns = [("statement", "statements"), ("question", "questions"), ("grid cell", "grid cells")] if en else \
        [("uitspraak", "uitspraken"), ("vraag", "vragen"), ("rastercel", "rastercellen")]
    # what was left open, only the kinds there are ('0 uitspraken' when nothing was)
    kinds = [_count(n, *noun) for n, noun in zip((statements, questions, cells), nouns) if n] or [_count(0, *nouns[0])]
    left = (" and " if en else " en ").join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
    summary = (f"{_count(asked, 'question', 'questions')} answered in this sitting; left open: {left} ({done})."
               if en else
               f"{_count(asked, 'vraag', 'vragen')} beantwoord in deze zitting; open gelaten: {left} ({done}).")
    click.echo(runner.wrap(summary) + ("\nCase: " if taal == "en" else "\nCasus: ") + str(path), err=True)
    if given is not None:  # nothing from the answers file is dropped unsaid
        from .diagnose.interview import unused_answers
        unused = unused_answers(given, outcome.case, taal, informant, answers)
        if unused:
            source = ("stdin" if taal == "en" else "de invoer (stdin)") if antwoorden == "-" else antwoorden
            click.echo((f"Not used from {source} ({len(unused)}):" if taal == "en" else
                        f"Niet gebruikt uit {source} ({len(unused)}):"), err=True)
            for line in unused:
                click.echo("  " + line, err=True)


@main.command("wat-als", context_settings=CONTEXT, one_shot=True)
@_help
@click.argument("casus", required=False, metavar="CASUS")
@click.argument("wijzigingen", nargs=-1, metavar="[ID=ANTWOORD | PARTNER:ID=ANTWOORD]...")
@click.option("--voorbeeld", metavar="NAAM", help="Gebruik een meegeleverd voorbeeld.")
@click.option("--risico", metavar="ID", help="Alleen: welke enkele antwoorden dit risico wegnemen.")
@_taal()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def wat_als_cmd(casus, wijzigingen, voorbeeld, risico, taal, fmt):
    """Wat verandert er als een antwoord anders was? Berekend door de engine.

    Zonder wijzigingen: per risico wat de coalitie zelf kan veranderen om het weg
    te nemen (de interventies die helpen en de antwoorden die dan anders worden),
    apart geteld wat het alleen wegneemt door een ander of ernstiger symptoom of
    een andere fase, en welke andere antwoorden een nieuw risico opleveren. Met
    wijzigingen: wat die samen doen met fase, risico's en condities. CASUS mag ook
    een oefenscenario zijn.

    \b
    Voorbeelden:
      coalitie wat-als --voorbeeld convenant-zonder-gesprek
      coalitie wat-als --voorbeeld convenant-zonder-gesprek \\
        --risico gemarkeerd_zonder_verdieping
      coalitie wat-als casus.yaml verdiepend_gesprek_ambitie=ja
      coalitie wat-als casus.yaml "Welzijn Oost:capaciteit_besproken=ja"
      coalitie wat-als --voorbeeld drie-gesprekspartners \\
        coordinator:ambitie_kern=signaleren
      coalitie wat-als kennisbank/scenarios/wat-bedoelen-we-met-bereik.yaml
    """
    import json as _json
    from .diagnose import whatif
    from .diagnose.errors import CaseError
    if voorbeeld and casus:  # with --voorbeeld the first argument is a change
        wijzigingen = (casus,) + tuple(wijzigingen)
        casus = None
    if bool(casus) == bool(voorbeeld):
        _fail("geef een casusbestand (of -) óf --voorbeeld NAAM")
    case, _ = _read_case(casus, voorbeeld)

    try:
        informants = tuple(i.id for i in case.informanten)
        changes = [whatif.parse_change(w, informants) for w in wijzigingen]
        if changes:
            _, diff = whatif.compare(case, changes)
    except CaseError as exc:
        _fail("de wijziging klopt niet:\n  " + _problem_lines(exc, with_source=False))

    if changes:
        if fmt == "json":
            click.echo(_json.dumps({"wijzigingen": [c.label() for c in changes], "fase": diff.fase,
                                    "toegevoegd": diff.toegevoegd, "verdwenen": diff.verdwenen,
                                    "ernst": diff.ernst, "condities": diff.condities}, ensure_ascii=False, indent=2))
            return
        click.echo(whatif.difference_text(case, changes, diff, taal), nl=False)
        return

    from .diagnose import diagnose
    d = diagnose(case, taal=taal)
    targets = [r for r in d.risicos if risico is None or r.id == risico]
    if risico and not targets:
        _fail(f"risico {risico!r} komt in deze diagnose niet voor; aanwezig: "
              f"{', '.join(r.id for r in d.risicos) or 'geen'}")
    singles = whatif.single_changes(case)
    if fmt == "json":
        click.echo(_json.dumps({
            "oplossingen": {rem.risk: {"veranderingen": [c.label() for c in rem.changes], "interventies": rem.interventions,
                                       "andere_fase": [c.label() for c in rem.other["andere_fase"]],
                                       "ander_symptoom": [c.label() for c in rem.other["ander_symptoom"]]}
                            for rem in whatif.teaching_view(case, d, singles, risico)},
            "wegnemen": {r.id: [c.label() for c in whatif.removers(singles, r.id)] for r in targets},
            "verzwakken": {r.id: [c.label() for c in whatif.weakeners(singles, r.id)] for r in targets},
            "erbij": [{"wijziging": c.label(), "toegevoegd": diff.toegevoegd} for c, diff in singles
                      if diff.toegevoegd] if risico is None else [],
        }, ensure_ascii=False, indent=2))
        return
    click.echo(whatif.teaching_text(case, d, whatif.teaching_view(case, d, singles, risico), taal), nl=False)
    if risico is None:
        click.echo(whatif.additions_text(case, singles, taal), nl=False)


@main.command("oefen", context_settings=CONTEXT)
@_help
@click.argument("scenario_ids", nargs=-1, metavar="[SCENARIO]...")
@click.option("--fase", "per_fase", type=click.IntRange(1, 5), metavar="1-5", help="Oefen alle scenario's van deze fase.")
@click.option("--niveau", type=click.Choice(["basis", "gevorderd", "expert"]),
              help="Alleen scenario's van dit niveau (in de lijst en met --fase).")
@_taal()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: de sessie (deelnemer, datum, versies, antwoorden, scores) op stdout; vragen op stderr.")
@click.option("--no-input", "no_input", is_flag=True, help="Antwoorden uit --antwoorden in plaats van vragen.")
@click.option("--antwoorden", metavar="BESTAND",
              help="Met --no-input: YAML/JSON {scenario-id: {fase, risicos, interventies}}; `-` = stdin.")
@click.option("--deelnemer", metavar="NAAM", help="Naam van de deelnemer in de sessie (in xAPI alleen als pseudoniem).")
@click.option("--sessie", metavar="BESTAND", help="Schrijf de sessie als JSON naar BESTAND (voor het klasoverzicht).")
@click.option("--xapi", metavar="BESTAND", help="Schrijf de sessie als xAPI-statements (JSON) naar BESTAND.")
@click.option("--trainer", is_flag=True, help="Trainersblad: sleutel, redenering van de engine en gespreksvragen "
              "(zonder scenario: de lijst per fase).")
@click.option("--handout", metavar="BESTAND", help="Schrijf een hand-out (verhaal en vragen, geen sleutel); .html of .md.")
@click.option("--klas", metavar="BESTAND", multiple=True,
              help="Klasoverzicht: lees de sessies van deelnemers (herhaal de optie) voor één scenario.")
@click.option("--force", is_flag=True, help="Overschrijf een bestaand uitvoerbestand.")
def oefen_cmd(scenario_ids, per_fase, niveau, taal, fmt, no_input, antwoorden, deelnemer, sessie, xapi, trainer,
              handout, klas, force):
    """Oefen met casusscenario's: eerst zelf diagnosticeren, dan het verschil zien.

    Zonder scenario: de lijst per niveau (met --trainer per fase: de fase is
    een antwoord, dus de deelnemer ziet die niet). Met een scenario: lees het
    verhaal, kies de fase, de risico's die je ziet en je eerste interventie(s)
    (zoeken op woord; een nummer kiest uit de lijst; ? voor hulp; -nummer haalt
    een keuze weg), en krijg een score met uitleg. Een risico dat je anders
    noemt dan de sleutel, maar dat ernaast ligt, telt half; wat het verhaal ook
    ondersteunt heet 'ook verdedigbaar'.

    \b
    Voorbeelden:
      coalitie oefen --niveau basis
      coalitie oefen bergeijk-iedereens-probleem
      coalitie oefen --fase 3 --taal en
      coalitie oefen koffie-voor-de-kennismaking --trainer
      coalitie oefen koffie-voor-de-kennismaking --handout koffie.html
      coalitie oefen haarlem-ontmoet-managers --no-input \\
        --antwoorden antwoord.yaml --format json
      coalitie oefen haarlem-ontmoet-managers \\
        --klas an.json --klas bo.json --klas cem.json
    """
    from .diagnose import oefensessie
    oefensessie.run(scenario_ids=scenario_ids, per_fase=per_fase, niveau=niveau, taal=taal, fmt=fmt,
                    no_input=no_input, antwoorden=antwoorden, deelnemer=deelnemer, sessie=sessie, xapi=xapi,
                    trainer=trainer, handout=handout, klas=klas, force=force, fail=_fail, emit=_emit)


@main.command("batch", context_settings=CONTEXT)
@_help
@click.argument("bronnen", nargs=-1, required=True, metavar="BRON...")
@click.option("-o", "--output", metavar="BESTAND",
              help="Schrijf de JSON Lines naar BESTAND in plaats van naar stdout.")
@click.option("--force", is_flag=True, help="Overschrijf BESTAND als het al bestaat (nooit een invoerbestand).")
@click.option("--processen", type=click.IntRange(1, 64), default=1, show_default=True, metavar="N",
              help="Verdeel de casussen over N processen (bijv. het aantal kernen).")
@_taal("Taal van de teksten in de diagnoses.")
@click.option("--zonder-spoor", is_flag=True,
              help="Laat het spoor (elke regel die vuurde) weg: kleinere records.")
def batch_cmd(bronnen, output, force, processen, taal, zonder_spoor):
    """Diagnoseer veel casussen in één keer; één JSON-regel per casus.

    BRON is een casusbestand (YAML of JSON), een map (alle *.yaml, *.yml en
    *.json daarin, op naam gesorteerd), een JSON Lines-bestand (.jsonl: één
    casus per regel) of `-` voor JSON Lines op stdin. Elke regel van de uitvoer
    is {"bron": ..., "ok": true, "diagnose": {...}} of, als de casus niet te
    lezen is, {"bron": ..., "ok": false, "fout": {"problemen": [[veld, melding]]}}.
    Een foute casus stopt de rest niet. De volgorde is die van de invoer. Een
    samenvatting (fasen, meest voorkomende risico's, fouten) komt op stderr.

    \b
    Voorbeelden:
      coalitie batch casussen/ -o diagnoses.jsonl
      coalitie batch casussen/ --processen 2 -o diagnoses.jsonl --force
      cat casussen.jsonl | coalitie batch - > diagnoses.jsonl
      coalitie batch a.yaml b.json --zonder-spoor

    Elk record wordt geschreven zodra het klaar is. Bij een onderbreking
    (Ctrl-C, SIGTERM) staan alle afgemaakte records in BESTAND; met --force over
    een bestaand BESTAND komen ze in NAAM.onvolledig.jsonl (of .onvolledig.2.jsonl
    als dat er al ligt) en blijft het oude bestand staan tot de batch af is.

    Exitstatus: 0 als de batch liep (ook als casussen fouten hadden), 2 bij een
    onjuiste aanroep, 130 na Ctrl-C, 143 na SIGTERM.
    """
    import signal
    from contextlib import nullcontext

    from .diagnose.batch import STDIN, Samenvatting, WorkerDied, count_cases, output_file, run_batch
    from .diagnose.fileio import RefusedWrite

    if list(bronnen).count(STDIN) > 1:
        _fail("geef `-` (stdin) hooguit één keer")
    missing = [b for b in bronnen if b != STDIN and not os.path.exists(b)]
    if missing:
        _fail("bestaat niet: " + ", ".join(missing))
    to_stdout = output is None or output == "-"
    summary = Samenvatting()
    target = None

    class Terminated(BaseException):
        """SIGTERM, raised in the main process between two records."""

    def on_term(signum, frame):
        raise Terminated()

    def end(code: int):
        """Exit; after a run with worker processes without joining the pool's threads at exit:
        they can hang on a queue a killed worker left half written (the output is closed and
        the last line said by then)."""
        if processen > 1:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except OSError:  # a reader that went away: nothing more to say to it
                    pass
            os._exit(code)
        sys.exit(code)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        target = output_file("-" if to_stdout else output, force, protected=bronnen)
        with target as out:
            bar = None
            if sys.stderr.isatty():
                total = count_cases(bronnen)  # None when reading stdin: no bar then
                if total:
                    bar = click.progressbar(length=total, label="diagnoses", file=sys.stderr)
            with bar if bar is not None else nullcontext() as b:
                run_batch(bronnen, out, processen=processen, taal=taal, zonder_spoor=zonder_spoor,
                          voortgang=b.update if b else None, summary=summary,
                          waarschuwing=lambda line: click.echo(f"coalitie: waarschuwing: {line}", err=True))
    except RefusedWrite as exc:
        _fail(str(exc))
    except WorkerDied as exc:
        where = target.where() if target is not None else "niets geschreven"
        click.echo(f"coalitie: {exc}; {where}.", err=True)
        end(EXIT_INPUT)
    except BrokenPipeError:  # e.g. `coalitie batch ... | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except OSError as exc:
        from .diagnose.fileio import write_error
        _fail(str(write_error("standaarduitvoer" if to_stdout else output, exc)))
    except (KeyboardInterrupt, Terminated) as exc:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        how, code = ("Ctrl-C", 130) if isinstance(exc, KeyboardInterrupt) else ("SIGTERM", 143)
        where = target.where() if target is not None else "niets geschreven"
        try:
            sys.stdout.flush()
        except OSError:
            pass
        click.echo(f"\ncoalitie: onderbroken ({how}); {where}.", err=True)
        end(code)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(summary.text(), err=True)
    if not to_stdout:
        click.echo(f"geschreven: {output}", err=True)


@main.command("schema", context_settings=CONTEXT)
@_help
@click.argument("soort", type=click.Choice(["casus", "diagnose", "regels"]))
def schema_cmd(soort):
    """Print het JSON Schema van een casus, de diagnose-uitvoer of een kennisrecordbestand (rules/*.yaml).

    \b
    Voorbeeld:
      coalitie schema diagnose > diagnose.schema.json
    """
    from .diagnose.schemas import schema_text
    click.echo(schema_text(soort), nl=False)


@main.command("serve", context_settings=CONTEXT)
@_help
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adres om op te luisteren; buiten loopback is een token in COALITIE_TOKEN verplicht.")
@click.option("--poort", type=int, default=8765, show_default=True, help="TCP-poort.")
@click.option("--processen", type=click.IntRange(1, 64), default=1, show_default=True, metavar="N",
              help="Werkprocessen (bijv. het aantal kernen); elk proces heeft eigen engines.")
@click.option("--engines", type=click.IntRange(1, 16), default=2, show_default=True, metavar="N",
              help="Engines (threads) per proces; een engine doet één verzoek tegelijk.")
@click.option("--wachtrij", type=click.IntRange(1, 10000), default=32, show_default=True, metavar="N",
              help="Verzoeken per proces die mogen wachten of lopen; daarboven 503 (bezet).")
@click.option("--max-omvang", type=click.IntRange(1), default=1_000_000, show_default=True, metavar="BYTES",
              help="Grootste toegestane verzoek (413 daarboven).")
@click.option("--tijdslimiet", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDEN", help="Per verzoek, inlezen en rekenen samen; daarna 503 en stopt het werk.")
def serve_cmd(host, poort, processen, engines, wachtrij, max_omvang, tijdslimiet):
    """Bied de diagnose aan als HTTP-dienst (JSON; OpenAPI op /openapi.json).

    Eindpunten: /v1/diagnose, /v1/interview/volgende, /v1/wat-als, /v1/kennis,
    /v1/schema/{soort}, /v1/gezondheid, /v1/versie. Er wordt niets opgeslagen en
    geen casusinhoud gelogd. Het token komt uit de omgevingsvariabele
    COALITIE_TOKEN (nooit uit een optie); clients sturen
    'Authorization: Bearer <token>'. Vraagt de extra [server]:
    pip install 'coalitie[server]'.

    \b
    Starten en aanroepen (de dienst draait tot Ctrl-C of SIGTERM):
      coalitie serve
      coalitie serve --poort 9000 --processen 2
      COALITIE_TOKEN=... coalitie serve --host 0.0.0.0
      curl -X POST -H 'Content-Type: application/yaml' --data-binary @casus.yaml \\
           'http://127.0.0.1:8765/v1/diagnose?format=markdown'
    """
    try:
        from .diagnose.server import RefusedStart, Settings, serve
    except ImportError as exc:
        _fail(f"coalitie serve vraagt om de extra [server] ({exc.name} ontbreekt): pip install 'coalitie[server]'")
    try:
        serve(Settings(host=host, poort=poort, processen=processen, engines=engines, wachtrij=wachtrij,
                       max_omvang=max_omvang, tijdslimiet=tijdslimiet, token=os.environ.get("COALITIE_TOKEN") or None))
    except RefusedStart as exc:
        _fail(str(exc))


@main.group("kennis", cls=_Group, context_settings=CONTEXT)
@_help
def kennis():
    """Blader door de kennisbank: fasen, condities, risico's, interventies, observaties.

    \b
    Voorbeelden:
      coalitie kennis lijst --soort risico
      coalitie kennis zoek subsidie
      coalitie kennis toon gemarkeerd_zonder_verdieping
      coalitie kennis regel gemarkeerd_zonder_verdieping
      coalitie kennis dekking
      coalitie kennis controle
    """


def _echo_entries(items, taal: str) -> None:
    from .diagnose.catalog import word
    for e in items:
        click.echo(f"{word(e.kind, taal):12} {e.id:40} {e.title(taal)}")


# catalog.KINDS, written out: --help may not import the catalog (tests/test_kennis_cli.py checks they agree)
_SOORTEN = ["fase", "conditie", "risico", "interventie", "observatie", "signaal", "indicator", "sterkte", "plan",
            "partnertype"]


@kennis.command("lijst", context_settings=CONTEXT)
@_help
@click.option("--soort", type=click.Choice(_SOORTEN), metavar="SOORT",
              help=f"Alleen deze soort: {', '.join(_SOORTEN)}.")
@_taal()
def kennis_lijst(soort, taal):
    """Toon alle items (of één soort) met id en titel.

    \b
    Voorbeeld:
      coalitie kennis lijst --soort interventie
    """
    from .diagnose.catalog import entries
    _echo_entries([e for e in entries() if soort is None or e.kind == soort], taal)


@kennis.command("zoek", context_settings=CONTEXT)
@_help
@click.argument("term")
@_taal()
def kennis_zoek(term, taal):
    """Zoek in ids, titels, uitleg en bronnen.

    \b
    Voorbeeld:
      coalitie kennis zoek convenant
    """
    from .diagnose.catalog import find
    hits = find(term)
    if not hits:
        _fail(f"niets gevonden voor {term!r}")
    _echo_entries(hits, taal)


@kennis.command("toon", context_settings=CONTEXT)
@_help
@click.argument("id")
@_taal()
def kennis_toon(id, taal):
    """Toon één item: uitleg, bronnen en de regels die het concluderen of lezen.

    \b
    Voorbeeld:
      coalitie kennis toon ambitie_uit_beeld
    """
    import textwrap
    from . import kennisbank
    from .diagnose.catalog import entries, lookup, word
    kb = kennisbank.load()
    found = lookup(id)
    if not found:
        from .diagnose.case import did_you_mean
        _fail(f"onbekend id {id!r}.{did_you_mean(id, [e.id for e in entries()])}")
    for e in found:
        click.echo(f"{word(e.kind, taal)} {e.id}: {e.title(taal)}")
        for line in textwrap.wrap(e.text(taal), 76, break_on_hyphens=False):
            click.echo("  " + line)
        item = e.item
        if e.kind == "observatie":
            options = [o.id + (f" ({word('alleen', taal)})" if o.alleen else "") for o in item.opties]
            click.echo(f"  type: {item.type}" + (f" ({', '.join(options)})" if options else "")
                       + f"; {word('niveau', taal)}: {item.niveau}; {word('thema', taal)}: {item.thema}")
            for pre in item.wanneer:
                if pre.obs:
                    click.echo(f"  {word('alleen als', taal)}: {pre.obs} in {', '.join(map(str, kb.opening(pre)))}")
                if pre.partner_type:
                    click.echo(f"  {word('alleen bij', taal)}: {', '.join(pre.partner_type)}")
        if e.kind == "plan":
            for pre in item.voorbij_als:  # exactly these values: "deels" does not put a plan behind
                when = word("in het gesprek niet meer aangeboden als", taal)
                click.echo(f"  {when}: {pre.obs} in {', '.join(map(str, pre.in_))}")
        if e.kind == "indicator":
            click.echo(f"  {word('wijst op fase', taal)} {item.fase}, {word('gewicht', taal)} {item.gewicht}"
                       + (f" ({word('terugval', taal)})" if item.terugval else ""))
        if e.kind == "risico" and (item.conditie or item.uit_fase):
            extra = [f"{word('conditie', taal)}: {item.conditie}"] if item.conditie else []
            extra += [f"{word('werk uit fase', taal)} {item.uit_fase}"] if item.uit_fase else []
            click.echo("  " + "; ".join(extra))
        click.echo(f"  {word('bron', taal)}: {'; '.join(item.bron)}")
        if e.concluded_by:
            click.echo(f"  {word('geconcludeerd door', taal)}: {', '.join(e.concluded_by)}")
        if e.read_by:
            click.echo(f"  {word('gebruikt door', taal)}: {', '.join(e.read_by)}")


@kennis.command("regel", context_settings=CONTEXT)
@_help
@click.argument("naam")
def kennis_regel(naam):
    """Toon een regel of kennisrecord (id of code): wanneer het geldt, de aanwijzingen voor en
    tegen met hun gewicht, drempels, ernst, wat het concludeert, de gevallen en de bronnen.

    \b
    Voorbeelden:
      coalitie kennis regel ambitie_verschillend_beleefd
      coalitie kennis regel PER001
    """
    from .diagnose.catalog import rule_doc
    from .diagnose.engine import all_rules
    doc = rule_doc(naam)
    if doc is None:
        from .diagnose.case import did_you_mean
        _fail(f"onbekende regel {naam!r}.{did_you_mean(naam, all_rules())}")
    click.echo(f"{'record' if 'soort' in doc else 'regel'} {doc['naam']} ({doc['module']})")
    click.echo(f"  {doc['uitleg']}")
    for key, label in (("als", "voor" if "soort" in doc else "als"), ("tegen", "tegen"),
                       ("hoger", "ernst hoger bij"), ("lager", "ernst lager bij")):
        if doc.get(key):
            click.echo(f"  {label}:")
            for p in doc[key]:
                click.echo(f"    {p}")
    for key, label in (("per_partner", "per partner"), ("fasen", "alleen in fase"), ("drempel", "drempel"),
                       ("ernst", "ernst"), ("omvat", "omvat")):
        if doc.get(key):
            click.echo(f"  {label}: {doc[key]}")
    click.echo(f"  concludeert: {', '.join(doc['concludeert']) or '-'}")
    if doc.get("gevallen"):
        click.echo(f"  gevallen: {'; '.join(doc['gevallen'])}")
    click.echo(f"  bron: {'; '.join(doc['bronnen'])}")


@kennis.command("docs", context_settings=CONTEXT)
@_help
def kennis_docs():
    """Print de naslag van alle kennisrecords als markdown (zo ontstaat docs/kennisrecords.md).

    \b
    Voorbeeld:
      coalitie kennis docs > docs/kennisrecords.md
    """
    from .diagnose.catalog import reference_markdown
    click.echo(reference_markdown(), nl=False)


@kennis.command("dekking", context_settings=CONTEXT)
@_help
@click.option("--alles", is_flag=True, help="Noem ook alle regels en items per regel van de checklist.")
def kennis_dekking(alles):
    """Toon per onderdeel van de bronnen welke regels en items het citeren.

    \b
    Voorbeeld:
      coalitie kennis dekking --alles
    """
    from .diagnose.catalog import coverage
    lines = coverage()
    for line in lines:
        mark = "✓" if line.rules else "✗"
        click.echo(f"{mark} {line.citatie}  ({_count(len(line.rules), 'regel', 'regels')}, "
                   f"{_count(len(line.items), 'item', 'items')})")
        click.echo(f"    {line.onderwerp}")
        if alles:
            if line.rules:
                click.echo(f"    regels: {', '.join(line.rules)}")
            if line.items:
                click.echo(f"    items: {', '.join(line.items)}")
    covered = sum(1 for line in lines if line.rules)
    click.echo(f"\n{covered} van {len(lines)} onderdelen gedekt door ten minste één regel.")


@kennis.command("controle", context_settings=CONTEXT)
@_help
def kennis_controle():
    """Controleer de kennisbank en de regels op samenhang (exit 2 bij problemen).

    \b
    Voorbeeld:
      coalitie kennis controle
    """
    from .diagnose.catalog import check
    cases = Path(__file__).resolve().parent / "tests" / "regelgevallen"
    problems = check(cases if cases.is_dir() else None)
    if not cases.is_dir():
        click.echo("(regelgevallen niet gevonden: alleen in een checkout van de broncode te controleren)", err=True)
    if problems:
        for p in problems:
            click.echo(f"✗ {p}")
        sys.exit(EXIT_INPUT)
    click.echo("✓ kennisbank en regels zijn consistent")


if __name__ == "__main__":  # pragma: no cover
    main()
