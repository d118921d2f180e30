"""Writing files without ever losing what a user wrote.

Every file the tool writes goes to a temporary file in the same folder first and
is renamed into place at the end: a crash leaves the old file (or nothing),
never half a file. Output files never replace an input, and never an existing
file unless the user says ``--force``.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

STDIN = "-"


class RefusedWrite(Exception):
    """The tool refuses to write here (the file exists, or is the user's input)."""


@contextmanager
def atomic_writer(path: Path, binary: bool = False):
    """A text (or ``binary``) stream that replaces ``path`` only when the block completes."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: Path, text: str | bytes) -> None:
    with atomic_writer(path, binary=isinstance(text, bytes)) as fh:
        fh.write(text)


def check_output(path: str | Path, force: bool, protected: Iterable[str | Path] = (),
                 input_suffixes: tuple[str, ...] = ()) -> Path:
    """Where an output may go: never over a protected input (nor, for ``input_suffixes``,
    into a protected input folder), never over an existing file unless ``force``."""
    p = Path(path)
    for other in protected:
        if not other or str(other) == STDIN:
            continue
        try:
            other = Path(other).resolve()
            if p.resolve() == other:
                raise RefusedWrite(f"{p}: dit is het invoerbestand; kies een andere uitvoernaam")
            if (input_suffixes and other.is_dir() and p.resolve().parent == other
                    and p.suffix.lower() in input_suffixes):
                raise RefusedWrite(f"{p}: dit bestand ligt in een invoermap; kies een andere uitvoernaam")
        except OSError:
            pass
    if p.is_dir():
        raise RefusedWrite(f"{p}: dit is een map")
    if p.exists() and not force:
        raise RefusedWrite(f"{p}: bestaat al; gebruik --force om te overschrijven")
    if not p.parent.exists():
        raise RefusedWrite(f"{p}: de map {p.parent} bestaat niet")
    return p


def write_output(path: str | Path, text: str | bytes, force: bool, protected: Iterable[str | Path] = ()) -> None:
    """Write an output file (see ``check_output``), atomically."""
    write_atomic(check_output(path, force, protected), text)
