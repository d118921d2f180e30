"""The knowledge base: what phases, conditions, risks, interventions,
signals, indicators and observations *are* (texts in Dutch and English, with
their sources). The rules in rules/ decide *when* they apply and refer to the
items here by id.

Layout:
  bronnen.yaml        the sources and the sections a citation may name
  basis.yaml          version, the five phases, the five conditions, themes, partner types
  gebieden/*.yaml     one file per knowledge area: observaties, signalen,
                      indicatoren, risicos, interventies
  voorbeelden/*.yaml  bundled example cases
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .._collector import long_lived
from .._pydantic_plugins import skip_scan_without_plugins

skip_scan_without_plugins()  # before any model here or in diagnose/ builds a validator

from . import yamlstrict  # noqa: E402
from .schema import Area, Basis, Item, Observation, SourceDoc  # noqa: E402

HERE = Path(__file__).parent
AREA_DIR = HERE / "gebieden"
EXAMPLE_DIR = HERE / "voorbeelden"

KINDS = ("observaties", "signalen", "indicatoren", "risicos", "sterktes", "interventies", "plannen")

_CITATION = re.compile(r'^(?P<src>[a-z-]+)(?: (?P<sec>§[0-9.]+))?(?: "(?P<title>[^"]+)")?$')


class KnowledgeBaseError(Exception):
    """The knowledge base itself is inconsistent (a bug in the project, not in a case)."""


@dataclass(repr=False, eq=False)  # never compared or printed whole (as diagnose/report.py)
class KnowledgeBase:
    versie: str
    bronnen: dict[str, SourceDoc]
    fasen: dict
    condities: dict[str, Item]
    themas: dict
    partnertypes: dict[str, Item]
    observaties: dict[str, Observation] = field(default_factory=dict)
    signalen: dict[str, Item] = field(default_factory=dict)
    indicatoren: dict = field(default_factory=dict)
    risicos: dict = field(default_factory=dict)
    sterktes: dict = field(default_factory=dict)
    interventies: dict = field(default_factory=dict)
    plannen: dict = field(default_factory=dict)
    area_of: dict[tuple[str, str], str] = field(default_factory=dict)

    def phase(self, nummer: int):
        return self.fasen[str(nummer)]

    def kind(self, kind: str) -> dict:
        return getattr(self, kind)

    def opening(self, pre) -> tuple:
        """The answers to a precondition's observation that open its question: the values it
        lists, and for a yes/no observation 'deels' too where it lists 'ja' or 'nee': partly so
        leaves the follow-up worth asking (eigen: a partial answer is never read as the other one)."""
        ref = self.observaties.get(pre.obs)
        partly = ref is not None and ref.type == "janee" and {"ja", "nee"} & set(pre.in_) and "deels" not in pre.in_
        return (*pre.in_, "deels") if partly else tuple(pre.in_)

    def precondition_met(self, pre, given) -> bool:
        """Whether an answer (or the answers of a multiple choice) to a precondition's
        observation opens its question (``opening``)."""
        opening = self.opening(pre)
        return any(g in opening for g in given) if isinstance(given, (list, tuple, set)) else given in opening

    def observed(self, pre, answers: dict) -> bool:
        """Whether the answers hold exactly one of the values a condition on what was seen
        names (a plan's ``voorbij_als``, a remedy's ``voorrang_als``): unanswered is not, nor
        is 'deels' unless named (unlike ``precondition_met``, which asks whether to ask)."""
        given = answers.get(pre.obs)
        return any(v in pre.in_ for v in (given if isinstance(given, list) else [given]))

    def observed_fault(self, pre) -> str | None:
        """What is wrong with such a condition, or None: "observatie" (no known observation
        with values, or a partner kind), "keuzevraag" (not a choice question about the
        coalition) or "waarden" (a value the question does not allow)."""
        ref = self.observaties.get(pre.obs)
        if ref is None or not pre.in_ or pre.partner_type:
            return "observatie"
        if ref.niveau != "coalitie" or ref.type not in ("janee", "keuze", "meerkeuze"):
            return "keuzevraag"
        return "waarden" if any(v not in ref.allowed() for v in pre.in_) else None

    def asked_of(self, key: str, partner_kind: str | None) -> bool:
        """Whether a question is meant for a partner of this kind: every kind, unless its
        preconditions name the kinds it is for (``partner_type``). None (no partner) fits."""
        item = self.observaties.get(key)
        kinds = [t for pre in item.wanneer for t in pre.partner_type] if item is not None else []
        return not kinds or partner_kind is None or partner_kind in kinds

    def citation_error(self, citation: str) -> str | None:
        """Why a citation is not valid, or None when it is."""
        m = _CITATION.match(citation)
        if not m:
            return f"citatie {citation!r} heeft niet de vorm 'bron §x.y \"titel\"'"
        src = self.bronnen.get(m["src"])
        if src is None:
            return f"onbekende bron {m['src']!r} in {citation!r}"
        if m["sec"] and m["sec"] not in src.secties:
            return f"{m['src']} heeft geen sectie {m['sec']}"
        if m["title"] and m["title"] not in src.titels:
            return f"{m['src']} heeft geen titel {m['title']!r}"
        if src.titel_verplicht and not m["title"]:
            return f"{m['src']} wordt geciteerd met een titel"
        return None


def _cache_dir() -> Path | None:
    """Where parsed knowledge files are kept between processes (None: no cache).
    Parsing the YAML costs more than half of a cold `coalitie diagnose`'s knowledge
    loading; a cached copy is keyed by the file's content, so it is never stale."""
    if os.environ.get("COALITIE_GEEN_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "coalitie"


def cache_read(path: Path) -> bytes | None:
    """A cache file's bytes, but only if this user owns it and nobody else may write it
    (a cache in a shared XDG_CACHE_HOME must not feed another user's data, or a pickled
    network, into this process); None otherwise or when it is missing."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if st.st_uid != os.geteuid() or st.st_mode & 0o022:
            return None
        if st.st_mtime < _now() - _TOUCH_AFTER:  # in use: not pruned (see _prune)
            try:
                os.utime(fd)
            except (OSError, NotImplementedError):  # no utime on a descriptor here: unmarked
                pass
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def cache_write(path: Path, data: bytes) -> None:
    """Best effort: ``data`` into the cache as a private file (folder 0700, file 0600),
    replaced atomically; a read-only or missing home simply means no cache."""
    import threading
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _prune(path)


# A cache entry is written only when what it is made from changed (an update, an edited
# record), so old entries would pile up for ever: at every write, entries of the same kind
# that no process used for _UNUSED_DAYS days go, and beyond the _KEEP most recently used of
# that kind the rest go too. Using an entry marks it (its mtime, at most once per
# _TOUCH_AFTER seconds, so a normal start writes nothing). The parsed knowledge files (kb-)
# are read only when a pickle built from them is rebuilt, so they can lie unused for months
# and still be live: they go by number only.
_UNUSED_DAYS = 30
_KEEP = 64            # well above the live entries of any kind (kb-: one per knowledge file, 14 now)
_BY_NUMBER_ONLY = frozenset({"kb"})
_TOUCH_AFTER = 86400.0
_STRAY_TMP = 3600.0   # a .tmp file this old was left by a process that died while writing
# what the cache writes: a kind, a hex digest, maybe a second digest and a version, a suffix;
# and cache_write's temporary files (name.pid.thread.tmp)
_ENTRY = re.compile(r"(?P<kind>[a-z]+)-[0-9a-f]{12,64}(?:-[0-9a-f]{12}(?:-[0-9A-Za-z.+]+)?)?"
                    r"(?:\.json|\.pickle)?(?P<tmp>\.[0-9]+\.[0-9]+\.tmp)?")


_now = time.time  # one name for "now", which the tests read too


def _prune(written: Path) -> None:
    """Best effort: remove entries of ``written``'s kind that are no longer used (see above),
    and stray temporary files. Only in a real folder (not a symlink) that this user owns and
    nobody else can write, only regular files of this user named as the cache names its
    entries, never ``written`` itself."""
    own = _ENTRY.fullmatch(written.name)
    if own is None or own["tmp"]:
        return
    kind = own["kind"]
    now = _now()
    try:
        fd = os.open(written.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        st = os.fstat(fd)
        if st.st_uid != os.geteuid() or st.st_mode & 0o022:
            return
        mine = []
        with os.scandir(fd) as entries:
            for e in entries:
                m = _ENTRY.fullmatch(e.name)
                if m is None or m["kind"] != kind or e.name == written.name:
                    continue
                try:
                    est = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if est.st_uid != os.geteuid() or not e.is_file(follow_symlinks=False):
                    continue
                if m["tmp"]:
                    if est.st_mtime < now - _STRAY_TMP:
                        _unlink(e.name, fd)
                    continue
                mine.append((est.st_mtime, e.name))
        mine.sort(reverse=True)  # most recently used first
        for i, (mtime, name) in enumerate(mine):
            if i >= _KEEP - 1 or (kind not in _BY_NUMBER_ONLY and mtime < now - _UNUSED_DAYS * 86400):
                _unlink(name, fd)
    except (OSError, TypeError, NotImplementedError):  # no scandir/unlink by descriptor here: nothing pruned
        return
    finally:
        os.close(fd)


def _unlink(name: str, folder_fd: int) -> None:
    try:
        os.unlink(name, dir_fd=folder_fd)
    except OSError:
        pass


def read_cached(path: Path, dates_as_text: bool = False):
    """Parse a YAML file of the project, through the content-keyed cache. ``dates_as_text``:
    the file may hold dates, which the cached copy keeps as ISO text (for data that reads
    dates from text anyway, such as the cases in knowledge records)."""
    import json  # imported here: a process whose knowledge comes from cached_build reads no file here
    raw = path.read_bytes()
    cache = _cache_dir()
    cached = None
    if cache is not None:
        cached = cache / f"kb-{hashlib.sha256(raw).hexdigest()[:32]}.json"
        stored = cache_read(cached)
        if stored is not None:
            try:
                return json.loads(stored.decode("utf-8"))
            except ValueError:
                pass
    try:
        data = yamlstrict.load(raw.decode("utf-8"))
    except Exception as exc:  # malformed file in the project itself
        raise KnowledgeBaseError(f"{path}: {exc}") from exc
    if dates_as_text:  # the same data as a later read from the cache gives: dates as ISO text
        data = json.loads(json.dumps(data, ensure_ascii=False, default=str))
    if cached is not None:
        try:  # best effort: non-JSON data simply means no cache
            text = json.dumps(data, ensure_ascii=False, default=str if dates_as_text else None)
        except (TypeError, ValueError):
            text = None
        if text is not None:
            cache_write(cached, text.encode("utf-8"))
    return data


CACHE_FORMAT = 1  # raise when what cached_build stores changes shape


def cached_build(name: str, files: list[Path], build):
    """``build()``'s result, kept pickled in the cache under a digest of ``files`` (the data
    and the code that shapes it) and of the Python and pydantic versions: a later process
    loads the validated objects instead of parsing and validating them again. Only a file
    this user owns and nobody else can write is read (``cache_read``); one that does not
    load is built anew and replaced."""
    import pickle
    cache = _cache_dir()
    if cache is None:
        return build()
    import pydantic
    h = hashlib.sha256(f"{name}|{CACHE_FORMAT}|{sys.version}|{pydantic.VERSION}|{pickle.DEFAULT_PROTOCOL}".encode())
    for path in files:
        h.update(f"\0{path.parent.name}/{path.name}\0".encode())
        h.update(path.read_bytes())
    cached = cache / f"{name}-{h.hexdigest()[:32]}.pickle"
    stored = cache_read(cached)
    if stored is not None:
        try:
            with long_lived():
                return pickle.loads(stored)
        except Exception:  # damaged or from other code: build anew
            pass
    with long_lived():
        value = build()
    try:
        data = pickle.dumps(value, protocol=pickle.DEFAULT_PROTOCOL)
    except Exception:  # best effort: something that cannot be pickled simply means no cache
        return value
    cache_write(cached, data)
    return value


def _code_files() -> list[Path]:
    """The code that turns the knowledge files into objects."""
    return [HERE / "__init__.py", HERE / "schema.py", HERE / "yamlstrict.py"]


@lru_cache(maxsize=None)
def data_file(name: str) -> dict:
    """One of the knowledge base's own data files beside the catalogue, parsed once:
    oefenen.yaml (families of related findings, trainees' search words; training and
    findwords) and interview.yaml (the interview's screening and question sets)."""
    return read_cached(HERE / name) or {}


def _validated(model, data, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def load() -> KnowledgeBase:
    """Load, validate and merge the whole knowledge base (cached per process, and between
    processes through ``cached_build``)."""
    files = [HERE / "bronnen.yaml", HERE / "basis.yaml", *sorted(AREA_DIR.glob("*.yaml"))]
    return cached_build("kennisbank", files + _code_files(), _load)


def _load() -> KnowledgeBase:
    bronnen = {k: _validated(SourceDoc, v, HERE / "bronnen.yaml")
               for k, v in read_cached(HERE / "bronnen.yaml").items()}
    basis = _validated(Basis, read_cached(HERE / "basis.yaml"), HERE / "basis.yaml")
    kb = KnowledgeBase(versie=basis.versie, bronnen=bronnen, fasen=basis.fasen,
                       condities=basis.condities, themas=basis.themas,
                       partnertypes=basis.partnertypes)
    for path in sorted(AREA_DIR.glob("*.yaml")):
        area = _validated(Area, read_cached(path) or {}, path)
        for kind in KINDS:
            target = kb.kind(kind)
            for item_id, item in getattr(area, kind).items():
                if item_id in target:
                    raise KnowledgeBaseError(
                        f"{path}: {kind} {item_id!r} staat ook in "
                        f"{kb.area_of[(kind, item_id)]}")
                target[item_id] = item
                kb.area_of[(kind, item_id)] = path.stem
    _check(kb)
    return kb


def _check(kb: KnowledgeBase) -> None:
    """Cheap consistency checks done at every load; deeper ones live in the tests."""
    problems = []
    everything = [("fasen", k, v) for k, v in kb.fasen.items()]
    everything += [("condities", k, v) for k, v in kb.condities.items()]
    everything += [("partnertypes", k, v) for k, v in kb.partnertypes.items()]
    for kind in KINDS:
        everything += [(kind, k, v) for k, v in kb.kind(kind).items()]
    for kind, item_id, item in everything:
        for citation in item.bron:
            err = kb.citation_error(citation)
            if err:
                problems.append(f"{kind} {item_id}: {err}")
    for obs_id, obs in kb.observaties.items():
        if obs.thema not in kb.themas:
            problems.append(f"observaties {obs_id}: onbekend thema {obs.thema!r}")
        if obs.type in ("keuze", "meerkeuze") and not obs.opties:
            problems.append(f"observaties {obs_id}: keuzevraag zonder opties")
        if obs.type != "meerkeuze" and any(o.alleen for o in obs.opties):
            problems.append(f"observaties {obs_id}: 'alleen' past alleen bij een meerkeuzevraag")
        if sum(o.alleen for o in obs.opties) > 1:
            problems.append(f"observaties {obs_id}: meer dan één optie met 'alleen'")
        for pre in obs.wanneer:
            if pre.obs is not None:
                ref = kb.observaties.get(pre.obs)
                if ref is None:
                    problems.append(f"observaties {obs_id}: wanneer verwijst naar onbekende {pre.obs!r}")
                elif ref.type in ("janee", "keuze", "meerkeuze"):
                    bad = [v for v in pre.in_ if v not in ref.allowed()]
                    if bad:
                        problems.append(f"observaties {obs_id}: wanneer {pre.obs} in {bad} niet toegestaan")
            for t in pre.partner_type:
                if t not in kb.partnertypes:
                    problems.append(f"observaties {obs_id}: onbekend partnertype {t!r}")
    for plan_id, plan in kb.plannen.items():
        for pre in plan.voorbij_als:  # what lies behind the coalition is one answer about it, from a list
            fault = kb.observed_fault(pre)
            if fault:
                problems.append(f"plannen {plan_id}: " + {
                    "observatie": f"voorbij_als noemt een observatie met waarden ({pre.obs!r})",
                    "keuzevraag": f"voorbij_als {pre.obs} is geen keuzevraag over de coalitie",
                    "waarden": f"voorbij_als {pre.obs} in {pre.in_} niet toegestaan"}[fault])
        if plan.zelfde_als is not None:  # the same event as a date the coalition is asked
            same = kb.observaties.get(plan.zelfde_als)
            if same is None or same.type != "datum" or same.niveau != "coalitie":
                problems.append(f"plannen {plan_id}: zelfde_als {plan.zelfde_als!r} is geen datumvraag over de coalitie")
    for kind in ("risicos", "sterktes"):
        for item_id, item in kb.kind(kind).items():
            if item.conditie and item.conditie not in kb.condities:
                problems.append(f"{kind} {item_id}: onbekende conditie {item.conditie!r}")
    if problems:
        raise KnowledgeBaseError("kennisbank inconsistent:\n  " + "\n  ".join(problems))
