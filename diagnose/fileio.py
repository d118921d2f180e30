"""Writing files without ever losing what a user wrote."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class RefusedWrite(Exception):
    """The tool refuses to write here (the file exists, or is the user's input)."""


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: a crash leaves
    either the old file or the new one, never half of it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_output(path: str | Path, text: str, force: bool, protected: list[Path] = ()) -> None:
    """Write an output file: never over a protected input, never over an existing
    file unless ``force``."""
    p = Path(path)
    for other in protected:
        try:
            if p.resolve() == Path(other).resolve():
                raise RefusedWrite(f"{p}: dit is het invoerbestand; kies een andere uitvoernaam")
        except OSError:
            pass
    if p.is_dir():
        raise RefusedWrite(f"{p}: dit is een map")
    if p.exists() and not force:
        raise RefusedWrite(f"{p}: bestaat al; gebruik --force om te overschrijven")
    if not p.parent.exists():
        raise RefusedWrite(f"{p}: de map {p.parent} bestaat niet")
    write_atomic(p, text)
