"""Reading what a user gives the tool: case files, answer files (interview and
``oefen``), batch lines and the scenario library — one place, one set of limits.

Every document goes through ``load_document`` (a path or ``-``) or
``parse_document`` (bytes already read). Both return a ``Document``: the parsed
data and the line on which each field was written, so a later message can name
it. Problems raise ``CaseError`` (exit status 2 in the CLI) with the file named
and a Dutch message; nothing here prints or writes.

Limits (checked before anything is built from the document):

* size: at most ``MAX_BYTES`` (1,000,000 bytes);
* nesting: at most ``MAX_DEPTH`` (20) levels of mappings and lists;
* YAML aliases (``*naam``): at most ``MAX_ALIASES`` (100) uses, and the document
  with every alias written out at most ``MAX_NODES`` (1,000,000) values — an
  "alias bomb" is refused from the node graph, before it is expanded;
* duplicate keys are refused (YAML and JSON); YAML tags that build Python
  objects are refused (safe loader);
* an impossible date written without quotes (``2026-02-30``) stays text, so the
  field it belongs to reports it with its line.

YAML reads ``yes``/``no``, ``true``/``false`` and ``on``/``off`` as booleans; for
a ja/nee question they mean ja/nee (see ``diagnose.case``). A boolean where a
number belongs is refused.

``dutch_problems`` turns a pydantic ``ValidationError`` into (field, message)
pairs with the field as the user wrote it (no validator internals such as
``aantal_partijen.int``), the line where known, and no URLs.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from ..kennisbank.yamlstrict import StrictKeyError, StrictLoader

from .errors import CaseError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_ALIASES = 100
MAX_NODES = 1_000_000  # above what 1 MB can hold without aliases: it bites only on expansion
STDIN = "-"

Path_ = tuple  # a field path as the user wrote it: ("partners", 0, "observaties", "kern")


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class Document:
    """Parsed data and where each field was written (1-based lines; empty for JSON
    that the YAML reader could not place)."""

    data: Any
    bron: str
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: Iterable) -> int | None:
        return self.lines.get(tuple(path))


def _fail(bron: str, message: str, veld: str = "") -> CaseError:
    return CaseError(bron, [(veld, message)])


# -- bytes ----------------------------------------------------------------------------------------
def os_reason(exc: OSError) -> str:
    """A Dutch reason for an operating-system error (no English strerror where we know better)."""
    return {
        errno.ENOENT: "bestaat niet",
        errno.EACCES: "geen toestemming",
        errno.EPERM: "geen toestemming",
        errno.ELOOP: "een symbolische koppeling die in een kring naar zichzelf verwijst",
        errno.EISDIR: "dit is een map",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte (quota) is op",
        errno.EROFS: "het bestandssysteem is alleen-lezen",
        errno.EFBIG: "het bestand wordt te groot",
        errno.ENAMETOOLONG: "de naam is te lang",
        errno.EIO: "invoer-/uitvoerfout van het apparaat",
    }.get(exc.errno, exc.strerror or type(exc).__name__)


def read_file_bytes(path: str | Path, bron: str | None = None, what: str = "bestand") -> bytes:
    """The bytes of a file the user named, with a Dutch reason when it cannot be read:
    missing, a dangling or looping symbolic link, a folder, too large, no permission."""
    p = Path(path)
    bron = str(path) if bron is None else bron
    try:
        st = p.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT and p.is_symlink():
            raise _fail(bron, f"symbolische koppeling naar {os.readlink(p)}, dat niet bestaat") from None
        if exc.errno == errno.ENOENT:
            raise _fail(bron, f"{what} bestaat niet") from None
        raise _fail(bron, f"kan het {what} niet lezen: {os_reason(exc)}") from None
    if p.is_dir():
        raise _fail(bron, f"dit is een map, geen {what}")
    if st.st_size > MAX_BYTES:
        raise _fail(bron, _too_big(st.st_size))
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # a FIFO or device has no size: read at most the limit
    except OSError as exc:
        raise _fail(bron, f"kan het {what} niet lezen: {os_reason(exc)}") from None
    return raw


def read_stream_bytes(stream, bron: str = STDIN) -> bytes:
    return stream.read(MAX_BYTES + 1)


def _too_big(size: int) -> str:
    return f"het bestand is {size:,} bytes; hooguit {MAX_BYTES:,} bytes is toegestaan"


def decode(raw: bytes, bron: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(bron, _too_big(len(raw)) if len(raw) > MAX_BYTES + 1 else
                    f"het bestand is groter dan {MAX_BYTES:,} bytes (de grens)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise _fail(bron, f"dit is geen UTF-8-tekstbestand (regel {line}, byte {exc.start + 1})") from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise _fail(bron, "het bestand is leeg")
    if "\x00" in text:
        raise _fail(bron, "dit is geen tekstbestand (het bevat NUL-tekens)")
    return text


# -- YAML -----------------------------------------------------------------------------------------
class _BoundedLoader(StrictLoader):  # type: ignore[misc,valid-type]
    """The duplicate-key loader, with impossible dates kept as text."""


def _timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return node.value  # e.g. 2026-02-30: the field validator names field and line


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _mark(node) -> str:
    return f"regel {node.start_mark.line + 1}, kolom {node.start_mark.column + 1}"


def _check_graph(root, bron: str, lines: dict) -> None:
    """Walk the YAML node graph once (shared nodes are aliases): refuse too deep,
    too many aliases, too large when expanded, or an alias inside itself; record the
    line of every field on the first (written) path to it."""
    seen: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
    busy: set[int] = set()
    aliases = 0

    def walk(node, depth: int, path: tuple | None) -> tuple[int, int]:
        nonlocal aliases
        if depth > MAX_DEPTH:
            raise _fail(bron, f"{_mark(node)}: te diep genest (meer dan {MAX_DEPTH} niveaus)")
        key = id(node)
        if key in busy:
            raise _fail(bron, f"{_mark(node)}: een alias verwijst naar zichzelf")
        if key in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _fail(bron, f"{_mark(node)}: meer dan {MAX_ALIASES} aliassen (*naam); "
                                  "schrijf de waarden liever uit")
            size, height = seen[key]
            if depth + height > MAX_DEPTH:
                raise _fail(bron, f"{_mark(node)}: te diep genest (meer dan {MAX_DEPTH} niveaus)")
            return size, height
        busy.add(key)
        size, height = 1, 0
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                child_path = None
                if path is not None and isinstance(k, yaml.ScalarNode):
                    child_path = path + (k.value,)
                    lines.setdefault(child_path, k.start_mark.line + 1)
                for child, cp in ((k, None), (v, child_path)):
                    s, h = walk(child, depth + 1, cp)
                    size += s
                    height = max(height, h + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                child_path = None if path is None else path + (i,)
                if child_path is not None:
                    lines.setdefault(child_path, child.start_mark.line + 1)
                s, h = walk(child, depth + 1, child_path)
                size += s
                height = max(height, h + 1)
        busy.discard(key)
        if size > MAX_NODES:
            raise _fail(bron, f"{_mark(node)}: het document wordt met zijn aliassen meer dan "
                              f"{MAX_NODES:,} waarden groot; dat is geen casus")
        seen[key] = (size, height)
        return size, height

    walk(root, 0, ())


def _yaml_error(exc: Exception, bron: str, text: str = "") -> CaseError:
    mark = getattr(exc, "problem_mark", None)
    if mark is None and isinstance(getattr(exc, "position", None), int):  # the reader: a forbidden character
        line = text[:exc.position].count("\n") + 1
        return _fail(bron, f"geen geldige YAML: regel {line}: het bestand bevat stuurtekens die YAML niet toestaat")
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    if not isinstance(exc, StrictKeyError):
        problem = _dutch(f"{context} {problem}", _YAML_DUTCH, "de YAML-opbouw klopt hier niet")
    detail = f"regel {mark.line + 1}, kolom {mark.column + 1}: {problem}" if mark is not None else \
        " ".join(problem.split())
    return _fail(bron, f"geen geldige YAML: {detail}")


def _dutch(english: str, table: dict[str, str], fallback: str) -> str:
    """The Dutch for a parser's English problem (matched on a fragment), else ``fallback``
    (the line and column still say where)."""
    for fragment, dutch in table.items():
        if fragment in english:
            return dutch
    return fallback


_YAML_DUTCH = {
    "tab character": "een tab mag niet inspringen; gebruik spaties",
    "'\\t'": "een tab mag niet inspringen; gebruik spaties",
    "found unexpected end of stream": "het bestand houdt midden in een waarde op",
    "exceeded maximum nesting depth": "te diep genest",
    "expected ',' or ']'": "hier ontbreekt een komma of ]",
    "expected ',' or '}'": "hier ontbreekt een komma of }",
    "mapping values are not allowed": "een dubbele punt waar geen sleutel kan staan (klopt de inspringing, "
                                      "of hoort de tekst tussen aanhalingstekens?)",
    "cannot start any token": "een teken waarmee geen waarde kan beginnen (zoals @ of `); "
                              "zet de tekst tussen aanhalingstekens",
    "undefined alias": "een alias (*naam) zonder anker (&naam)",
    "could not determine a constructor": "een YAML-tag (!!...) die coalitie niet leest",
    "unknown escape character": "een onbekende escape (\\...) in tekst tussen dubbele aanhalingstekens",
    "duplicate anchor": "hetzelfde anker (&naam) staat er twee keer",
    "second occurrence": "hetzelfde anker (&naam) staat er twee keer",
    "expected key": "hier verwacht ik een sleutel (klopt de inspringing?)",
    "expected '-' indicator": "hier verwacht ik een lijstregel die met - begint (klopt de inspringing?)",
    "could not find expected ':'": "hier ontbreekt een dubbele punt na de sleutel",
    "expected node content": "hier verwacht ik een waarde",
    "single document": "het bestand bevat meer dan één document (---); een casus is één document",
    "another document": "het bestand bevat meer dan één document (---); een casus is één document",
    "control characters are not allowed": "het bestand bevat stuurtekens die YAML niet toestaat",
    "special characters are not allowed": "het bestand bevat tekens die YAML niet toestaat",
    "comment or line break": "na de waarde staat nog iets op deze regel",
    "block sequence entries are not allowed": "een lijstregel (-) waar die niet kan staan (klopt de inspringing?)",
    "alphabetic or numeric character": "een anker- of aliasnaam (&, *) zonder letters of cijfers",
    "escape": "een ongeldige escape (\\...) in tekst tussen dubbele aanhalingstekens",
    "incompatible YAML document": "een YAML-versie die coalitie niet leest",
    "document start": "hier verwacht ik het begin van het document",
    "directive": "een YAML-directief (%...) dat coalitie niet leest",
    "tag": "een YAML-tag (!...) die coalitie niet leest",
    "while scanning a simple key": "hier ontbreekt een dubbele punt na de sleutel",
    "while scanning a quoted scalar": "een tekst tussen aanhalingstekens loopt niet goed af",
    "while scanning a block scalar": "een tekstblok (| of >) klopt niet",
    "while scanning an anchor": "een anker (&naam) klopt niet",
    "while scanning an alias": "een alias (*naam) klopt niet",
    "while parsing": "de YAML-opbouw klopt hier niet",
}


def _parse_yaml(text: str, bron: str) -> Document:
    lines: dict[tuple, int] = {}
    loader = _BoundedLoader(text)
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return Document(None, bron, lines)
            _check_graph(node, bron, lines)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except CaseError:
        raise
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, bron, text) from None
    except RecursionError:
        raise _fail(bron, f"geen geldige YAML: te diep genest (meer dan {MAX_DEPTH} niveaus)") from None
    return Document(data, bron, lines)


# -- JSON -----------------------------------------------------------------------------------------
def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"dubbele sleutel {k!r}")
        out[k] = v
    return out


def _no_constant(name: str):
    raise ValueError(f"{name} is geen getal dat JSON toestaat")


def _depth(data) -> int:
    deepest, stack = 0, [(data, 0)]
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def _parse_json(text: str, bron: str) -> Document:
    import json  # imported here: a YAML case does not need it
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _fail(bron, f"geen geldige JSON: regel {exc.lineno}, kolom {exc.colno}: "
                          f"{_dutch(exc.msg, _JSON_DUTCH, 'de JSON-opbouw klopt hier niet')}") from None
    except RecursionError:
        raise _fail(bron, f"geen geldige JSON: te diep genest (meer dan {MAX_DEPTH} niveaus)") from None
    except ValueError as exc:
        raise _fail(bron, f"geen geldige JSON: {exc}") from None
    if _depth(data) > MAX_DEPTH:
        raise _fail(bron, f"geen geldige JSON: te diep genest (meer dan {MAX_DEPTH} niveaus)")
    return Document(data, bron, _JsonLines(text, bron))


class _JsonLines(Mapping):
    """Where each field of a JSON text was written, found when first asked for (for a message
    naming a line): JSON is (nearly always) YAML too, so YAML's node marks place the fields.
    Composing the text as YAML costs more than parsing it, and a valid case never asks."""

    def __init__(self, text: str, bron: str):
        self._text, self._bron, self._lines = text, bron, None

    def _found(self) -> dict[tuple, int]:
        if self._lines is None:
            lines: dict[tuple, int] = {}
            try:
                _check_graph(yaml.compose(self._text, Loader=_BoundedLoader), self._bron, lines)
            except Exception:
                lines = {}
            self._lines, self._text = lines, None
        return self._lines

    def __getitem__(self, path):
        return self._found()[path]

    def __iter__(self):
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


_JSON_DUTCH = {
    "Expecting value": "hier verwacht ik een waarde",
    "Unterminated string starting at": "een tekst zonder afsluitend aanhalingsteken",
    "Expecting property name enclosed in double quotes": "verwacht een sleutel tussen dubbele aanhalingstekens",
    "Extra data": "na het einde van het document staat nog iets",
    "Expecting ',' delimiter": "hier ontbreekt een komma",
    "Expecting ':' delimiter": "hier ontbreekt een dubbele punt",
    "Invalid control character": "een stuurteken (zoals een tab of regeleinde) midden in een tekst",
    "Invalid \\uXXXX escape": "een ongeldige \\u-escape in een tekst",
    "Invalid \\escape": "een onbekende escape (\\...) in een tekst",
}


# -- documents ------------------------------------------------------------------------------------
def parse_text(text: str, bron: str, fmt: str | None = None) -> Document:
    """YAML or JSON text (JSON when ``fmt`` says so or the text starts with { or [)."""
    if not text.strip():
        raise _fail(bron, "het bestand is leeg")
    if "\x00" in text:
        raise _fail(bron, "dit is geen tekstbestand (het bevat NUL-tekens)")
    if len(text) > MAX_BYTES:
        raise _fail(bron, f"de tekst is groter dan {MAX_BYTES:,} tekens (de grens)")
    if fmt == "json" or (fmt is None and text.lstrip()[:1] in "{["):
        return _parse_json(text, bron)
    return _parse_yaml(text, bron)


def parse_document(raw: bytes, bron: str, fmt: str | None = None) -> Document:
    return parse_text(decode(raw, bron), bron, fmt)


def load_document(path: str | Path, bron: str | None = None, what: str = "bestand", stdin=None,
                  fmt: str | None = None) -> Document:
    """Read and parse a YAML/JSON file (``-`` = standard input); ``fmt`` "json" insists on JSON."""
    if str(path) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return parse_document(read_stream_bytes(stream), STDIN if bron is None else bron, fmt)
    bron = str(path) if bron is None else bron
    fmt = fmt or ("json" if Path(path).suffix.lower() == ".json" else None)
    return parse_document(read_file_bytes(path, bron, what), bron, fmt)


# -- messages -------------------------------------------------------------------------------------
def shown(value: Any) -> str:
    """A value as the user typed it, for a message."""
    if value is True or value is False:
        return f"{'true' if value else 'false'} (een ja/nee-waarde)"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def user_path(loc: tuple, data: Any, keep_last: bool = False) -> tuple:
    """A pydantic error location as the user's field path: the parts that are keys or
    positions in the data; validator internals (``int``, ``list[str]``,
    ``function-after[...]``) are left out. ``keep_last`` keeps a final part that is not in
    the data (a missing field)."""
    out: list = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, dict):
            if part in cur:
                out.append(part)
                cur = cur[part]
                continue
            match = next((k for k in cur if str(k) == str(part)), None)
            if match is not None:
                out.append(match)
                cur = cur[match]
                continue
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
            continue
        if keep_last and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


DUTCH_TYPES = {
    "date": "verwacht een datum als 2026-10-01",
    "datetime": "verwacht een datum als 2026-10-01",
    "string": "verwacht tekst",
    "bool": "verwacht true of false",
    "list": "verwacht een lijst",
    "dict": "verwacht een mapping (sleutel: waarde)",
    "int": "verwacht een geheel getal",
    "float": "verwacht een getal",
    "model": "verwacht een mapping (sleutel: waarde)",
    "literal": "deze waarde is niet toegestaan",
    "enum": "deze waarde is niet toegestaan",
    "greater": "te klein",
    "less": "te groot",
    "too": "te lang of te kort",
    "value": "ongeldige waarde",
}


def _bounds(err: dict) -> str:
    ctx = err.get("ctx") or {}
    for key, word in (("ge", "minstens"), ("gt", "meer dan"), ("le", "hooguit"), ("lt", "minder dan")):
        if key in ctx:
            return f"moet {word} {ctx[key]} zijn"
    if "min_length" in ctx and err["type"] == "too_short":
        return f"moet minstens {ctx['min_length']} lang zijn"
    if "max_length" in ctx and err["type"] == "too_long":
        return f"mag hooguit {ctx['max_length']} lang zijn"
    if "expected" in ctx:
        return f"kies uit {ctx['expected']}"
    return ""


def dutch_problems(exc, doc: Document, field_names: Callable[[tuple], Iterable[str]] = lambda loc: (),
                   split_lines_under: str | None = None) -> list[tuple[str, str]]:
    """A pydantic ValidationError as (field, message) pairs: the field as the user wrote
    it (dotted, positions as numbers), the message in Dutch with the line where known,
    one message per field. ``split_lines_under``: a field whose validator reports
    several "key: message" lines (e.g. ``observaties``), each becoming its own field."""
    from .case import did_you_mean  # the one did-you-mean

    out: list[tuple[str, str]] = []
    done: set[str] = set()

    def add(path: tuple, msg: str) -> None:
        name = ".".join(str(x) for x in path)
        if name in done:
            return
        done.add(name)
        line = doc.line(path)
        out.append((name, f"{msg} (regel {line})" if line else msg))

    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = user_path(err["loc"], doc.data, keep_last=kind == "missing")
        msg = err["msg"]
        if kind == "value_error" or msg.startswith("Value error, "):
            text = msg[len("Value error, "):] if msg.startswith("Value error, ") else msg
            for line in text.splitlines():
                key, sep, rest = line.partition(": ")
                if sep and split_lines_under and path and path[-1] == split_lines_under:
                    add(path + (key,), rest)
                else:
                    add(path, line)
            continue
        if kind == "extra_forbidden":
            msg = "onbekend veld" + did_you_mean(str(err["loc"][-1]), field_names(err["loc"]))
        elif kind == "missing":
            msg = "verplicht veld ontbreekt"
        else:
            base = DUTCH_TYPES.get(kind.split("_")[0], "ongeldige waarde")
            extra = _bounds(err)
            if kind.endswith("_type") or kind.endswith("_parsing") or not extra:
                msg = f"{base}, kreeg {shown(err.get('input'))}"
            else:
                msg = f"{extra}, kreeg {shown(err.get('input'))}"
        add(path, msg)
    return out


# -- warnings -------------------------------------------------------------------------------------
def today() -> dt.date:
    """The date warnings compare with (tests freeze it)."""
    return dt.date.today()


def case_warnings(case) -> list[str]:
    """What is odd but not wrong in a case: each a Dutch line for stderr. The case is
    diagnosed as it stands — a warning never changes or drops an answer."""
    from .. import kennisbank

    kb = kennisbank.load()
    out = []
    if case.datum_gesprek > today():
        out.append(f"datum_gesprek: {case.datum_gesprek} ligt in de toekomst")
    founded = case.observaties.get("opgericht_op")
    if isinstance(founded, dt.date) and founded > case.datum_gesprek:
        out.append(f"observaties.opgericht_op: {founded} ligt na het gesprek ({case.datum_gesprek})")

    def preconditions(where: str, answers: dict, context: dict, partner_type: str | None = None):
        for key, value in answers.items():
            item = kb.observaties.get(key)
            if item is None or value is None:
                continue
            for pre in item.wanneer:
                if pre.obs:
                    given = context.get(pre.obs)
                    if given is None:
                        continue  # unknown is not "no": nothing to warn about
                    if not kb.precondition_met(pre, given):
                        out.append(f"{where}.{key}: beantwoord, terwijl de vraag alleen geldt als {pre.obs} "
                                   f"{' of '.join(map(str, kb.opening(pre)))} is (hier: {shown(given)}); "
                                   "het antwoord telt gewoon mee")
                if pre.partner_type and partner_type is not None and partner_type not in pre.partner_type:
                    out.append(f"{where}.{key}: beantwoord voor een {partner_type}, terwijl de vraag alleen "
                               f"geldt voor {', '.join(pre.partner_type)}; het antwoord telt gewoon mee")

    preconditions("observaties", case.observaties, case.observaties)
    for i, p in enumerate(case.partners):
        preconditions(f"partners.{i}.observaties", p.observaties, {**case.observaties, **p.observaties}, p.type)
    for i, inf in enumerate(case.informanten):
        preconditions(f"informanten.{i}.observaties", inf.observaties, {**case.observaties, **inf.observaties})
    return out
