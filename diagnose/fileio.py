"""Writing files without ever losing what a user wrote: the one module that writes.

Where the output goes — ``resolve_target``:

* ``-`` is standard output;
* a symbolic link is followed, deliberately, to the file it points to: that file
  is written, the link stays a link (a loop of links is refused);
* an existing FIFO, character device (``/dev/stdout``, ``/dev/null``) or socket is
  written into directly, never replaced, and needs no ``--force`` (nothing in it
  can be lost);
* a folder is refused; an existing regular file needs ``--force``; a file that is
  one of the inputs is always refused.

How a regular file is written — ``write_text``: to a temporary file in the same
folder, renamed over the target when complete (a crash leaves the old file or
nothing, never half a file). An existing file keeps its permission bits; a new
file gets the usual permissions for new files (0666 minus the umask, so 0644
with the common umask 022), or 0600 when ``private`` (``coalitie interview
--prive``, for a case file with notes on people).

Errors — disk full, no permission, a read-only file system — become
``RefusedWrite`` with the path and a Dutch reason (exit status 2 in the CLI).

Case files (the interview): ``CaseFileLock`` is an advisory lock, a file
``NAAM.lock`` beside the case file with the holder's process id, held with
``flock`` so that a lock left by a killed process is recognised as stale and
taken over. ``save_case_file`` writes through the lock. The interview rewrites
only the values that changed and keeps the adviser's own comments and layout
(``diagnose/roundtrip.py``); only when that cannot be done does a case file with
the adviser's own comments get one backup ``NAAM.orig`` before the interview first
rewrites it. Backup policy: a backup is made only when the file is actually
rewritten, and never twice for the same content — ``NAAM.orig`` is reused when it
holds exactly the current file; a new ``NAAM.orig.N`` appears only when the
commented file differs from every existing backup.

Batch output — ``RecordOutput``: records are written (and flushed) one by one as
they are finished. A new file is written in place, so an interrupted run leaves a
valid JSON Lines file with every finished record. With ``--force`` over an
existing file, the records go to ``NAAM.onvolledig.SUFFIX`` beside it (or
``NAAM.onvolledig.2.SUFFIX`` when an earlier interrupted run left that one), which
replaces the old file only when the run completes; an interrupted run leaves the
old file untouched and the partial file with every finished record.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

STDIN = STDOUT = "-"


class RefusedWrite(Exception):
    """The tool refuses (or fails) to write here; the message names the path and why."""


class CaseFileBusy(RefusedWrite):
    """Another interview holds the case file's lock."""

    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.pid = pid


def os_reason(exc: OSError) -> str:
    from .reading import os_reason as reason
    return reason(exc)


def write_error(path, exc: OSError) -> RefusedWrite:
    return RefusedWrite(f"{path}: kan niet schrijven: {os_reason(exc)}")


# -- where -------------------------------------------------------------------------------------
def _is_special(st: os.stat_result) -> bool:
    return stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISSOCK(st.st_mode)


def resolve_target(path: str | Path) -> Path:
    """The file a write to ``path`` lands in: symbolic links followed (a loop refused)."""
    p = Path(path)
    try:
        target = Path(os.path.realpath(p, strict=False))
        if p.is_symlink():
            os.stat(p)  # raises ELOOP for a loop; ENOENT for a dangling link is fine
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RefusedWrite(f"{path}: een symbolische koppeling die in een kring naar zichzelf verwijst") from None
        if exc.errno != errno.ENOENT:
            raise write_error(path, exc) from None
    return target


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same path once symbolic links are followed (a
    loop refused: RefusedWrite), or hard links to one existing file."""
    ta, tb = resolve_target(a), resolve_target(b)
    try:
        return ta == tb or (ta.exists() and tb.exists() and os.path.samefile(ta, tb))
    except OSError:
        return False


def is_special_file(path: str | Path) -> bool:
    """An existing FIFO, character device or socket (written into, never replaced)."""
    try:
        return _is_special(os.stat(path))
    except OSError:
        return False


def is_other_than_file(path: str | Path) -> bool:
    """An existing path that is no regular file (a folder, a FIFO, a device): not a file to
    read and rewrite. A path that does not exist, or cannot be looked at, is not (the
    writing step says what is wrong with it)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def check_output(path: str | Path, force: bool, protected: Iterable[str | Path] = (),
                 input_suffixes: tuple[str, ...] = ()) -> Path:
    """Where an output may go (the resolved target): never over a protected input (nor,
    for ``input_suffixes``, into a protected input folder), never over an existing
    regular file unless ``force``, never a folder."""
    p = Path(path)
    target = resolve_target(p)
    for other in protected:
        if not other or str(other) == STDIN:
            continue
        if same_file(target, other):
            raise RefusedWrite(f"{p}: dit is het invoerbestand; kies een andere uitvoernaam")
        try:
            other = Path(other).resolve()
            if (input_suffixes and other.is_dir() and target.parent == other
                    and target.suffix.lower() in input_suffixes):
                raise RefusedWrite(f"{p}: dit bestand ligt in een invoermap; kies een andere uitvoernaam")
        except OSError:
            pass
    if target.is_dir():
        raise RefusedWrite(f"{p}: dit is een map")
    if is_special_file(target):
        return target
    if target.exists() and not force:
        raise RefusedWrite(f"{p}: bestaat al; gebruik --force om te overschrijven")
    if not target.parent.is_dir():
        raise RefusedWrite(f"{p}: de map {target.parent} bestaat niet")
    return target


# -- modes ------------------------------------------------------------------------------------
def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(private: bool = False) -> int:
    return 0o600 if private else 0o666 & ~current_umask()


def _mode_for(target: Path, private: bool) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return new_file_mode(private)


def _keep_owner(tmp: str, target: Path) -> None:
    """As root, the replacement keeps the old file's owner and group."""
    try:
        st = os.stat(target)
        if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            os.chown(tmp, st.st_uid, st.st_gid)
    except (OSError, AttributeError):
        pass


# -- writing ----------------------------------------------------------------------------------
@contextmanager
def atomic_writer(path: Path, private: bool = False, binary: bool = False):
    """A text (or ``binary``) stream that replaces the regular file ``path`` only when the
    block completes, with the old file's mode (or the mode for a new file)."""
    path = Path(path)
    mode = _mode_for(path, private)
    import tempfile  # imported here: printing a report to the terminal needs no temporary file
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        os.fchmod(fd, mode)
        _keep_owner(tmp, path)
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, (BrokenPipeError,)):
            raise write_error(path, exc) from None
        raise


def _write_special(target: Path, text: str | bytes) -> None:
    try:
        with (open(target, "wb") if isinstance(text, bytes) else open(target, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
    except OSError as exc:
        raise write_error(target, exc) from None


def write_text(target: str | Path, text: str | bytes, private: bool = False) -> None:
    """Write ``text`` (or bytes: a PDF) to ``target``: into a FIFO/device directly, else atomically."""
    target = resolve_target(target)
    if is_special_file(target):
        _write_special(target, text)
        return
    try:
        read_only = os.stat(target).st_mode & 0o222 == 0
    except OSError:
        read_only = False
    if read_only:  # nobody may write it: a replace would get round that, so refuse (even as root)
        raise RefusedWrite(f"{target}: dit bestand is alleen-lezen; maak het eerst schrijfbaar of kies een andere naam")
    with atomic_writer(target, private, binary=isinstance(text, bytes)) as fh:
        fh.write(text)


def _write_flushed(fh, text: str | bytes, name: str | Path) -> None:
    """``text`` written to ``fh`` and flushed; an OSError (full disk, closed device) becomes a
    RefusedWrite naming ``name``; a closed pipe is left to the caller."""
    try:
        fh.write(text)
        fh.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_error(name, exc) from None


def write_stdout(text: str | bytes) -> None:
    """Text (or bytes) to standard output; a full disk or a closed device is a RefusedWrite."""
    if isinstance(text, bytes):
        _write_flushed(sys.stdout, "", "standaarduitvoer")  # what was printed as text goes first
        _write_flushed(sys.stdout.buffer, text, "standaarduitvoer")
    else:
        _write_flushed(sys.stdout, text, "standaarduitvoer")


def write_output(path: str | Path, text: str | bytes, force: bool, protected: Iterable[str | Path] = (),
                 private: bool = False) -> None:
    """Write an output file (see ``check_output``); ``-`` is standard output."""
    if str(path) == STDOUT:
        write_stdout(text)
        return
    write_text(check_output(path, force, protected), text, private)


# -- batch records -----------------------------------------------------------------------------
def partial_name(target: Path) -> Path:
    """``diagnoses.jsonl`` -> ``diagnoses.onvolledig.jsonl``; when that exists (left by an
    earlier interrupted run), ``diagnoses.onvolledig.2.jsonl`` and so on: never over it."""
    name = target.with_name(f"{target.stem}.onvolledig{target.suffix}")
    n = 1
    while os.path.lexists(name):
        n += 1
        name = target.with_name(f"{target.stem}.onvolledig.{n}{target.suffix}")
    return name


class RecordOutput:
    """Lines written and flushed one by one (see the module text for what an interrupted
    run leaves). Use as a context manager; ``written`` counts the records."""

    def __init__(self, path: str | Path, force: bool = False, protected: Iterable[str | Path] = (),
                 input_suffixes: tuple[str, ...] = ()):
        self.name = str(path)
        self.stdout = self.name == STDOUT
        self.target = Path(STDOUT) if self.stdout else check_output(path, force, protected, input_suffixes)
        self.special = self.stdout or is_special_file(self.target)
        self.replaces = not self.special and self.target.exists()
        self.into = partial_name(self.target) if self.replaces else self.target
        self.written = 0
        self.completed = False
        self._fh = None

    def __enter__(self) -> "RecordOutput":
        try:
            if self.stdout:
                self._fh = sys.stdout
            elif self.special:
                self._fh = open(self.target, "w", encoding="utf-8", newline="\n")
            else:
                mode = _mode_for(self.target, False)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                fd = os.open(self.into, flags, mode)
                os.fchmod(fd, mode)
                self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise write_error(self.into, exc) from None
        return self

    def write(self, text: str) -> None:
        """Write whole lines (one record each) and flush them."""
        _write_flushed(self._fh, text, "standaarduitvoer" if self.stdout else self.into)
        self.written += text.count("\n")

    def __exit__(self, kind, exc, tb) -> None:
        try:
            self._fh.flush() if self.stdout else self._fh.close()
        except BrokenPipeError:
            if kind is None:
                raise
        except OSError as err:
            if kind is None:
                raise write_error("standaarduitvoer" if self.stdout else self.into, err) from None
        if kind is None:
            if self.replaces:
                try:
                    os.replace(self.into, self.target)
                except OSError as err:
                    raise write_error(self.target, err) from None
            self.completed = True

    def where(self) -> str:
        """One line: where the finished records are, after an interruption."""
        if self.stdout:
            return f"{self.written} records op stdout"
        if self.replaces:
            return (f"{self.written} records staan in {self.into}; "
                    f"{self.name} is niet veranderd")
        return f"{self.written} records staan in {self.name}"


# -- case files: one writer at a time ------------------------------------------------------------
_LOCKS: dict[Path, "CaseFileLock"] = {}


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_holder(path: Path) -> tuple[int | None, str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, ""
    first = text.split()
    pid = int(first[0]) if first and first[0].isdigit() else None
    return pid, text.strip()


class CaseFileLock:
    """An advisory lock on a case file for one interview (see the module text).

    ``acquire`` raises ``CaseFileBusy`` naming the holder's process id when another
    interview has the file; ``stale_pid`` is set when a lock left by a process that no
    longer runs was taken over. ``keep_comments``: back the file up (once) before its
    first rewrite. ``private``: a new case file gets mode 0600."""

    def __init__(self, path: str | Path, keep_comments: bool = False, private: bool = False,
                 notify: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.target = resolve_target(path)
        self.lockfile = lock_path(self.target)
        self.keep_comments = keep_comments
        self.private = private
        self.notify = notify or (lambda message: None)
        self.stale_pid: int | None = None
        self.backup: Path | None = None
        self.known: str | None = None     # digest of the file as read or last written by us
        self._fd: int | None = None

    def acquire(self) -> "CaseFileLock":
        import fcntl

        for _ in range(5):
            try:
                fd = os.open(self.lockfile, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                             new_file_mode(self.private))
            except OSError as exc:
                raise RefusedWrite(f"{self.lockfile}: kan het slot voor het interview niet maken: "
                                   f"{os_reason(exc)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                pid, _ = _read_holder(self.lockfile)
                who = f"proces {pid}" if pid else "een ander proces"
                raise CaseFileBusy(
                    f"{self.path}: hier loopt al een interview ({who}, slot {self.lockfile}). "
                    f"Rond dat eerst af, of bekijk de casus zonder te wijzigen met "
                    f"`coalitie diagnose {self.path}`.", pid) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.lockfile).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the holder removed the file between our open and flock: retry
                os.close(fd)
                continue
            pid, _ = _read_holder(self.lockfile)
            if pid and pid != os.getpid():
                self.stale_pid = pid
            try:
                import socket  # for the host name; only the interview takes this lock
                os.ftruncate(fd, 0)
                os.write(fd, (f"{os.getpid()}\ncoalitie interview op {socket.gethostname()} sinds "
                              f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n").encode("utf-8"))
            except OSError as exc:
                os.close(fd)
                raise RefusedWrite(f"{self.lockfile}: kan het slot voor het interview niet schrijven: "
                                   f"{os_reason(exc)}") from None
            self._fd = fd
            self.known = _digest_of(self.target)
            _LOCKS[self.target] = self
            return self
        raise RefusedWrite(f"{self.lockfile}: het slot wisselt steeds van eigenaar; probeer het opnieuw")

    def release(self) -> None:
        if self._fd is None:
            return
        _LOCKS.pop(self.target, None)
        try:
            os.unlink(self.lockfile)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> "CaseFileLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    def before_save(self, comments_kept: bool = False) -> None:
        """Before the interview rewrites the file: a version changed by someone else since
        the interview read or last wrote it (an editor, say) is kept as a copy, and the
        first rewrite of a file with the adviser's own comments that does not keep them
        (``comments_kept``: the new text is the old one with only values changed) keeps a
        copy too."""
        current = _digest_of(self.target)
        if current is not None and current != self.known:
            copy = backup_once(self.target)
            self.notify(f"{self.path} is buiten dit interview gewijzigd; die versie staat in {copy}.")
            if self.keep_comments:
                self.backup = copy
        if not self.keep_comments or comments_kept or self.backup is not None or not self.target.exists():
            return
        self.backup = backup_once(self.target)
        self.notify(f"Je bestand bevat eigen commentaar; een kopie staat in {self.backup}.")

    def saved(self, data: bytes) -> None:
        self.known = hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def backup_once(target: Path) -> Path:
    """A copy of ``target`` as ``NAAM.orig`` (or ``.orig.N``), reusing an existing backup
    with exactly the same content (see the module text)."""
    content = target.read_bytes()
    candidate, n = target.with_name(target.name + ".orig"), 1
    while candidate.exists():
        try:
            if candidate.read_bytes() == content:
                return candidate
        except OSError:
            pass
        candidate = target.with_name(f"{target.name}.orig.{n}")
        n += 1
    # written private (0600) and only then given the case file's own mode, so notes on
    # people are never readable by others in between, and stay private if chmod fails
    write_text(candidate, content, private=True)
    try:
        os.chmod(candidate, stat.S_IMODE(os.stat(target).st_mode))
    except OSError:
        pass
    return candidate


def save_case_file(path: str | Path, text: str, private: bool = False, comments_kept: bool = False) -> None:
    """Save a case file: through its interview lock when one is held (a backup of own
    comments when ``text`` does not keep them, a private mode for a new file), into the
    symbolic link's target, keeping the file's mode, atomically."""
    target = resolve_target(path)
    lock = _LOCKS.get(target)
    if lock is not None:
        lock.before_save(comments_kept)
        private = private or lock.private
    write_text(target, text, private)
    if lock is not None:
        lock.saved(text.encode("utf-8"))
