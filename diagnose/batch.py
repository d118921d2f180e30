"""Many cases at once: read them from files, folders or JSON Lines, diagnose each,
and write one JSON Lines record per case, in input order.

    {"bron": "casussen/a.yaml", "ok": true, "diagnose": {...}}
    {"bron": "invoer.jsonl:7", "ok": false, "fout": {"problemen": [["observaties.x", "..."]]}}

A bad case (or a bad line of JSON Lines) is one error record; the run goes on.
Everything streams: cases are read lazily and each record is written as soon as
it is ready, so memory stays flat however many cases there are. With
``processen`` > 1 the cases go in chunks to worker processes (each builds its own
engine once); a bounded window of chunks is in flight and results are written
in input order.

    from coalitie.diagnose.batch import run_batch
    summary = run_batch(["casussen/"], open("uit.jsonl", "w"), processen=2)
    print(summary.text())
"""
from __future__ import annotations

import json
import multiprocessing
import signal
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from .errors import CaseError

CASE_SUFFIXES = (".yaml", ".yml", ".json")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
from .fileio import STDIN

# One unit of work: (bron, kind, payload). kind "pad": payload is a file path;
# "regel": one line of JSON Lines (bytes); "fout": payload is a list of problems.
Item = tuple[str, str, object]


# -- reading -----------------------------------------------------------------
def _jsonl_items(stream: IO[bytes], name: str) -> Iterator[Item]:
    """One item per non-blank line; a line longer than the case limit is one error item
    (read in bounded pieces, never held whole)."""
    from .reading import MAX_BYTES

    lineno = 0
    while True:
        raw = stream.readline(MAX_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_BYTES + 1)
            yield f"{name}:{lineno}", "fout", [("", f"deze regel is langer dan {MAX_BYTES:,} bytes (de grens)")]
            continue
        if not raw.strip():
            continue
        yield f"{name}:{lineno}", "regel", raw


def iter_cases(sources: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """The cases in ``sources``, lazily and in order: a case file (.yaml, .yml, .json);
    a folder (its *.yaml, *.yml and *.json files, sorted by name, not recursive);
    a JSON Lines file (.jsonl, .ndjson: one case object per line); or ``-`` for JSON
    Lines on ``stdin`` (``sys.stdin.buffer`` by default). A source that cannot be
    read becomes one error item, so the batch goes on."""
    for source in sources:
        name = str(source)
        if name == STDIN:
            yield from _jsonl_items(stdin if stdin is not None else sys.stdin.buffer, STDIN)
            continue
        path = Path(source)
        if path.is_dir():
            # everything named like a case, a folder or a broken/looping link included: each
            # becomes a record (an error record if it cannot be read), nothing is skipped silently
            files = sorted((p for p in path.iterdir() if p.suffix.lower() in CASE_SUFFIXES),
                           key=lambda p: p.name)
            for p in files:
                yield str(p), "pad", str(p)
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            try:
                with path.open("rb") as fh:
                    yield from _jsonl_items(fh, name)
            except OSError as exc:
                yield name, "fout", [("", f"kan het bestand niet lezen: {exc.strerror}")]
        elif not path.exists():
            yield name, "fout", [("", "bestand of map bestaat niet")]
        else:
            yield name, "pad", name


def count_cases(sources: Iterable[str | Path]) -> int | None:
    """How many items ``iter_cases`` will give (for a progress bar); None with stdin."""
    sources = list(sources)
    if any(str(s) == STDIN for s in sources):
        return None
    return sum(1 for _ in iter_cases(sources))


# -- diagnosing (runs in the worker processes too) ----------------------------
@dataclass
class Outcome:
    """One record: its JSON line, and what the summary needs."""

    bron: str
    ok: bool
    line: str
    fase: str | None = None            # "3 inrichten en markeren" or "onbekend"
    risicos: tuple[str, ...] = ()
    waarschuwingen: tuple[str, ...] = ()  # for stderr, never in the record


def _error_line(bron: str, problemen, intern: bool = False) -> str:
    fout: dict = {"problemen": [[veld, msg] for veld, msg in problemen]}
    if intern:
        fout["intern"] = True
    return json.dumps({"bron": bron, "ok": False, "fout": fout}, ensure_ascii=False)


def diagnose_item(item: Item, taal: str = "nl", zonder_spoor: bool = False) -> Outcome:
    """Diagnose one item into its record; input errors become an error record."""
    from . import diagnose
    from .case import case_from_data, load_case
    from .reading import case_warnings, parse_document

    bron, kind, payload = item
    try:
        if kind == "fout":
            raise CaseError(bron, payload)
        if kind == "pad":
            case = load_case(payload)
        else:
            if not payload.lstrip().lstrip(b"\xef\xbb\xbf").startswith(b"{"):
                raise CaseError(bron, [("", "elke regel van JSON Lines is één casus als JSON-object {...}")])
            doc = parse_document(payload, bron, fmt="json")
            case = case_from_data(doc.data, bron, doc)
        warnings = tuple(case_warnings(case))
        result = diagnose(case, taal=taal, spoor=not zonder_spoor)
    except CaseError as exc:
        return Outcome(bron, False, _error_line(bron, exc.problemen))
    except Exception as exc:  # a bug in coalitie: one record, and the batch goes on
        return Outcome(bron, False, _error_line(bron, [("", f"interne fout ({type(exc).__name__}: {exc}); "
                                                            "meld dit graag, met de casus erbij")],
                                                intern=True))
    body = result.model_dump_json(exclude={"spoor"} if zonder_spoor else None)
    line = '{"bron": ' + json.dumps(bron, ensure_ascii=False) + ', "ok": true, "diagnose": ' + body + "}"
    fase = "onbekend" if result.fase.nummer is None else f"{result.fase.nummer} {result.fase.naam}"
    return Outcome(bron, True, line, fase, tuple(sorted({r.id for r in result.risicos})), warnings)


_WORKER_OPTIONS: dict = {}


def _worker_init(taal: str, zonder_spoor: bool) -> None:
    """A worker leaves Ctrl-C to the main process (which stops the pool) and dies quietly
    on SIGTERM: no worker ever prints a traceback."""
    from .engine import get_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_OPTIONS.update(taal=taal, zonder_spoor=zonder_spoor)
    get_engine()  # build this process's engine once, before the first case


def _worker_chunk(chunk: list[Item]) -> list[Outcome]:
    from .._collector import many_short_lived
    with many_short_lived():
        return [diagnose_item(item, **_WORKER_OPTIONS) for item in chunk]


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def diagnose_stream(items: Iterable[Item], processen: int = 1, taal: str = "nl",
                    zonder_spoor: bool = False, chunk: int = 16) -> Iterator[Outcome]:
    """One ``Outcome`` per item, in input order. With ``processen`` > 1, chunks of
    ``chunk`` items go to a pool of worker processes; at most 2 chunks per process
    are in flight, so neither input nor results pile up in memory."""
    if processen <= 1:
        from .._collector import many_short_lived
        with many_short_lived():
            for item in items:
                yield diagnose_item(item, taal, zonder_spoor)
        return
    # concurrent.futures rather than multiprocessing.Pool: when a worker dies (SIGTERM to the
    # process group, the OOM killer), Pool.terminate() can wait for ever on a queue lock the
    # dead worker held; the executor notices dead workers and winds down.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    others = set(multiprocessing.active_children())  # a host's own child processes, not the pool's
    pool = ProcessPoolExecutor(processen, mp_context=multiprocessing.get_context(),
                               initializer=_worker_init, initargs=(taal, zonder_spoor))
    finished = False
    try:
        pending: deque = deque()
        for ch in _chunks(iter(items), chunk):
            pending.append(pool.submit(_worker_chunk, ch))
            while len(pending) >= 2 * processen:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        time.sleep(0.5)  # a signal to the whole group reaches this process too: let it say so first
        raise WorkerDied("een werkproces van de batch stopte onverwacht") from None
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            # interrupted (a signal, a dead worker, a reader that stopped early): the workers' results
            # are not wanted. Waiting for the pool to wind down could hang on a queue a killed worker
            # left half written (a rare CI hang after SIGTERM to the group), so end them and go on.
            for worker in set(multiprocessing.active_children()) - others:
                worker.kill()
            pool.shutdown(wait=False, cancel_futures=True)


class WorkerDied(RuntimeError):
    """A worker process of a batch ended without finishing its cases."""


# -- summary -----------------------------------------------------------------
@dataclass
class Samenvatting:
    """Counts over a batch: cases, errors, phases, most frequent risks."""

    casussen: int = 0
    fouten: int = 0
    fasen: Counter = field(default_factory=Counter)
    risicos: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.casussen += 1
        if not outcome.ok:
            self.fouten += 1
            return
        self.fasen[outcome.fase] += 1
        self.risicos.update(outcome.risicos)

    def as_dict(self, top: int = 10) -> dict:
        return {"casussen": self.casussen, "gediagnosticeerd": self.casussen - self.fouten,
                "fouten": self.fouten, "fasen": dict(sorted(self.fasen.items())),
                "risicos": dict(self.risicos.most_common(top))}

    def text(self, top: int = 5) -> str:
        lines = [f"{self.casussen} casussen: {self.casussen - self.fouten} gediagnosticeerd, "
                 f"{self.fouten} met fouten."]
        if self.fasen:
            lines.append("Fasen: " + "; ".join(f"{k}: {v}" for k, v in sorted(self.fasen.items())))
        if self.risicos:
            lines.append("Meest voorkomende risico's: "
                         + ", ".join(f"{k} ({v})" for k, v in self.risicos.most_common(top)))
        return "\n".join(lines)


# -- output ------------------------------------------------------------------
def output_file(path: str | Path, force: bool = False, protected: Iterable[str | Path] = ()):
    """The file to stream the records to (``fileio.RecordOutput``): refuses an existing
    file without ``force``, any input file and a case-like file inside an input folder;
    each record is written as it is finished, and an interrupted run keeps every finished
    record (an existing file is replaced only when the run completes)."""
    from .fileio import RecordOutput

    return RecordOutput(path, force, protected, input_suffixes=CASE_SUFFIXES)


def run_batch(sources: Iterable[str | Path], out: IO[str], processen: int = 1, taal: str = "nl",
              zonder_spoor: bool = False, voortgang: Callable[[int], None] | None = None,
              stdin: IO[bytes] | None = None, chunk: int = 16, summary: Samenvatting | None = None,
              waarschuwing: Callable[[str], None] | None = None) -> Samenvatting:
    """Diagnose every case in ``sources`` and write one JSON line per case to ``out``,
    in input order, each as soon as it is finished. Returns the summary (``summary``,
    when given, is filled as the run goes, so an interrupted run still knows what it
    wrote); never raises for a bad case. ``voortgang`` is called with 1 after each case
    (e.g. a progress bar's ``update``); ``waarschuwing`` with each "bron: warning" line."""
    summary = Samenvatting() if summary is None else summary
    for outcome in diagnose_stream(iter_cases(sources, stdin), processen, taal, zonder_spoor, chunk):
        out.write(outcome.line + "\n")
        summary.add(outcome)
        if waarschuwing is not None:
            for w in outcome.waarschuwingen:
                waarschuwing(f"{outcome.bron}: {w}")
        if voortgang is not None:
            voortgang(1)
    return summary
