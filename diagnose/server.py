"""`coalitie serve`: the diagnosis as an HTTP service (FastAPI on uvicorn, extra ``[server]``).

Endpoints (all answers JSON unless a report format is asked for; errors as
``application/problem+json`` with the same Dutch messages and field paths as the CLI):

  POST /v1/diagnose                 a case (JSON or YAML body) -> diagnosis JSON or a report
  POST /v1/interview/volgende       a case -> the interview's next question(s) (stateless)
  POST /v1/wat-als                  a case (+ ?wijziging=id=antwoord ...) -> what changes
  GET  /v1/kennis                   knowledge base items (?soort=), /v1/kennis/zoek?term=,
       /v1/kennis/{id}, /v1/kennis/regel/{naam}
  GET  /v1/schema/{soort}           JSON Schema of casus, diagnose or regels
  GET  /v1/gezondheid, /v1/versie   health (no token needed) and versions
  GET  /openapi.json                the OpenAPI document, from the same pydantic models

Safety: binds to 127.0.0.1 by default; beyond loopback it refuses to start without a
bearer token in ``COALITIE_TOKEN`` (and, whatever runs it, refuses requests that arrive
on a non-loopback address while no token is set). Request bodies are limited in size
and reading time, every computation in time (``engine_threads``). Case content is
never logged (the access log has method, path without query, status, duration); nothing
is stored. Every diagnosis runs on one of a fixed set of engine threads, each with its
own engine, so no engine is shared between concurrent requests.

It is stateless, so it scales by processes (``--processen``) and by replicas behind
any load balancer (README, "Als dienst").
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
import socket
import sys
import time
import traceback
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from typing import Any, Literal, Optional

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..kennisbank.schema import new_list
from . import __version__
from .catalog import KINDS
from .case import CASE_SCHEMA_VERSION, MAX_CASE_BYTES, Case, did_you_mean, read_case_bytes
from .engine_threads import Busy, EngineThreads, Interrupted, TimedOut
from .errors import CaseError
from .render import FORMATS
from .result import SCHEMA_VERSION, Diagnosis, answer_text

log = logging.getLogger("coalitie.server")

TOKEN_ENV = "COALITIE_TOKEN"
MIN_TOKEN_LENGTH = 16
PUBLIC_PATHS = ("/v1/gezondheid",)        # reachable without a token (load-balancer checks)
PROBLEM = "application/problem+json"
JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
MEDIA_TYPES = {"json": "application/json", "text": "text/plain; charset=utf-8",
               "markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "pdf": "application/pdf"}


# -- settings ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    poort: int = 8765
    processen: int = 1            # uvicorn worker processes
    engines: int = 2              # engine threads (engines) per process
    wachtrij: int = 32            # jobs waiting or running per process before 503
    max_omvang: int = MAX_CASE_BYTES   # bytes per request body
    tijdslimiet: float = 30.0     # seconds per request (reading the body, and the computation)
    token: Optional[str] = None   # from COALITIE_TOKEN only, never from an option

    _ENV = "COALITIE_SERVE_"

    def to_env(self) -> dict[str, str]:
        """The settings (except the token, which stays in COALITIE_TOKEN) for worker processes."""
        return {self._ENV + f.name.upper(): str(getattr(self, f.name)) for f in fields(self) if f.name != "token"}

    @classmethod
    def from_env(cls, env=os.environ) -> "Settings":
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(cls._ENV + f.name.upper())
            if raw is not None and f.name != "token":
                values[f.name] = type(getattr(cls(), f.name))(raw)
        return cls(**values, token=env.get(TOKEN_ENV) or None)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve to anything


class RefusedStart(Exception):
    """The service will not start with these settings (a Dutch message for the user)."""


def check_settings(s: Settings) -> None:
    if s.token is not None and len(s.token) < MIN_TOKEN_LENGTH:
        raise RefusedStart(f"{TOKEN_ENV} is te kort: gebruik minstens {MIN_TOKEN_LENGTH} tekens "
                           "(bijvoorbeeld: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if not is_loopback(s.host) and not s.token:
        raise RefusedStart(f"--host {s.host} is bereikbaar buiten deze machine; zet dan eerst een token in de "
                           f"omgevingsvariabele {TOKEN_ENV} (minstens {MIN_TOKEN_LENGTH} tekens). Clients sturen "
                           f"het mee als 'Authorization: Bearer <token>'.")
    if not 1 <= s.poort <= 65535:
        raise RefusedStart(f"--poort {s.poort} is geen poortnummer (1-65535)")
    if s.processen < 1 or s.engines < 1 or s.wachtrij < s.engines or s.max_omvang < 1 or s.tijdslimiet <= 0:
        raise RefusedStart("processen, engines, omvang en tijdslimiet moeten positief zijn, "
                           "en de wachtrij minstens zo groot als het aantal engines")


# -- problems (RFC 9457) -------------------------------------------------------------------
class ProbleemVeld(BaseModel):
    veld: str = Field(description="Het veld als pad met punten, zoals in de CLI: observaties.subsidie_einddatum, "
                                  "partners.0.type; leeg = het verzoek als geheel")
    melding: str


class Probleem(BaseModel):
    """An error, as application/problem+json (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    problemen: list[ProbleemVeld] = Field(default_factory=new_list)


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str = "", problemen=(), headers=None):
        self.body = Probleem(title=title, status=status, detail=detail,
                             problemen=[ProbleemVeld(veld=v, melding=m) for v, m in problemen])
        self.headers = headers or {}


def problem_response(p: Problem) -> JSONResponse:
    return JSONResponse(p.body.model_dump(), status_code=p.body.status, media_type=PROBLEM, headers=p.headers)


def case_problem(exc: CaseError, title: str = "De casus is niet te lezen", rename_empty: str = "") -> Problem:
    """A CaseError as a 422 problem: the CLI's lines as detail, its (field, message) pairs as problems."""
    pairs = [(veld or rename_empty, melding) for veld, melding in exc.problemen]
    return Problem(422, title, str(exc), pairs)


_DUTCH = {
    "missing": "verplicht veld ontbreekt",
    "int_parsing": "verwacht een geheel getal",
    "int_type": "verwacht een geheel getal",
    "bool_parsing": "verwacht true of false",
    "string_type": "verwacht tekst",
    "float_parsing": "verwacht een getal",
}


def _dutch_message(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "literal_error":
        msg = "kies uit " + str(ctx.get("expected", "")).replace(" or ", " of ")
    elif kind in ("greater_than_equal", "greater_than"):
        msg = f"minstens {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        msg = f"hooguit {ctx.get('le', ctx.get('lt'))}"
    elif kind == "string_too_short":
        msg = f"minstens {ctx.get('min_length')} teken(s)"
    elif kind == "string_too_long":
        msg = f"hooguit {ctx.get('max_length')} tekens"
    else:
        msg = _DUTCH.get(kind, err.get("msg", "ongeldige waarde"))
    if kind != "missing" and "input" in err:
        msg += f" (kreeg {err['input']!r})"
    return msg


def _request_problem(exc: RequestValidationError) -> Problem:
    pairs = [(".".join(str(x) for x in err["loc"][1:]), _dutch_message(err)) for err in exc.errors()]
    detail = "\n".join(f"{v}: {m}" for v, m in pairs)
    return Problem(422, "De aanroep klopt niet", detail, pairs)


# -- response models (also the OpenAPI document) -------------------------------------------
class Gezondheid(BaseModel):
    status: Literal["ok"] = "ok"


class Versie(BaseModel):
    coalitie: str
    kennisbank: str
    diagnose_schema: str = Field(description="schema_versie van de diagnose-uitvoer")
    casus_schema: str = Field(description="versie van het casusformaat")
    api: str = "v1"


class Optie(BaseModel):
    id: str
    tekst: str
    alleen: bool = Field(False, description="Bij meerkeuze: deze keuze sluit de andere uit (alleen te geven)")


class Vraag(BaseModel):
    """One question the interview would ask next."""

    id: str = Field(description="Observatie-id: het antwoord hoort in observaties.<id> (of bij de partner)")
    partner: Optional[str] = Field(None, description="Bij een vraag per partner: over welke partner")
    vraag: str
    hulp: str
    thema: str
    type: Literal["janee", "keuze", "meerkeuze", "getal", "datum"]
    opties: list[Optie] = Field(default_factory=new_list, description="Bij janee, keuze en meerkeuze: de antwoorden")
    min: Optional[int] = None
    max: Optional[int] = None
    bronnen: list[str]
    waarde: float = Field(description="Hoeveel het antwoord nu voor de diagnose uitmaakt (hoger = meer)")


class InterviewStap(BaseModel):
    volgende: Optional[Vraag] = Field(description="De vraag die het interview nu zou stellen; null = klaar")
    soort: Optional[Literal["vraag", "scherm", "raster"]] = Field(
        None, description="Hoe het interview de stap stelt: één vraag, een themascherm (ja/nee-stellingen "
                          "van één thema samen) of een partnerraster (één vraag voor meerdere partners)")
    stadium: Optional[Literal["start", "screening", "verdieping", "perspectief"]] = Field(
        None, description="Waar het interview is: start (nog niet bijeen), screening van elk gebied, verdieping")
    stap: list[Vraag] = Field(default_factory=new_list, description="Alle vragen van deze stap (scherm of raster)")
    kandidaten: list[Vraag] = Field(description="De vragen die nu het meest uitmaken, de waardevolste eerst")
    klaar: bool = Field(description="Geen vraag kan de uitkomst nog veranderen")
    reden: Optional[str] = Field(None, description="Als klaar: waarom het interview stopt")


class RisicoWijziging(BaseModel):
    id: str
    partner: Optional[str] = None
    ernst: str


class ErnstWijziging(BaseModel):
    id: str
    partner: Optional[str] = None
    was: str
    wordt: str


class ConditieWijziging(BaseModel):
    id: str
    was: str
    wordt: str


class WatAlsVergelijking(BaseModel):
    """What the given changes together do to the diagnosis."""

    wijzigingen: list[str]
    fase: Optional[list[Optional[int]]] = Field(description="[was, wordt] als de fase verandert, anders null")
    toegevoegd: list[RisicoWijziging]
    verdwenen: list[RisicoWijziging]
    ernst: list[ErnstWijziging]
    condities: list[ConditieWijziging]


class Toevoeging(BaseModel):
    wijziging: str
    toegevoegd: list[RisicoWijziging]


class Oplossing(BaseModel):
    """What the coalition itself can change to take a risk away (as `coalitie wat-als` teaches it)."""

    risico: str
    partner: Optional[str] = None
    veranderingen: list[str] = Field(description="Antwoorden die de coalitie zelf kan veranderen")
    interventies: list[str] = Field(description="Interventies uit de diagnose die dit risico beantwoorden")
    andere_fase: list[str] = Field(description="Wegnemen alleen door een andere fase")
    ander_symptoom: list[str] = Field(description="Wegnemen alleen door een ander of ernstiger symptoom")


class WatAlsOverzicht(BaseModel):
    """Without changes: per risk what the coalition can change to take it away, the single
    answers that would remove or weaken it, and the single answers that would add a risk."""

    oplossingen: list[Oplossing]
    wegnemen: dict[str, list[str]]
    verzwakken: dict[str, list[str]]
    erbij: list[Toevoeging]


class KennisKort(BaseModel):
    soort: str
    id: str
    titel: str


class KennisItem(KennisKort):
    uitleg: str
    bronnen: list[str]
    geconcludeerd_door: list[str]
    gebruikt_door: list[str]
    gegevens: dict[str, Any] = Field(description="Het item zoals de kennisbank het bevat (beide talen)")


# -- the domain calls (run on an engine thread) ---------------------------------------------
def _warm_up() -> None:
    """Build this thread's engine and fill the per-process caches with one real diagnosis."""
    from ..kennisbank import EXAMPLE_DIR
    from . import diagnose
    from .engine import get_engine
    get_engine()
    diagnose(read_case_bytes(sorted(EXAMPLE_DIR.glob("*.yaml"))[0].read_bytes(), "opwarmen"))


def _diagnosis(raw: bytes, fmt_in: str | None, fmt_out: str, taal: str, uitleg: bool, anoniem: bool,
               informant: Optional[str]):
    from . import diagnose
    from .render import PdfUnavailable, render
    case = read_case_bytes(raw, "verzoek", fmt_in)
    if informant:
        from .perspectives import as_seen_by
        try:
            case = as_seen_by(case, informant)
        except CaseError as exc:
            raise case_problem(exc, "Onbekende informant", rename_empty="informant") from None
    if anoniem:
        from .anonymise import anonymise
        case = anonymise(case, taal)
    result = diagnose(case, taal=taal)
    if fmt_out == "json":
        return render(result, "json")
    try:
        return render(result, fmt_out, uitleg=uitleg, anoniem=anoniem)
    except PdfUnavailable as exc:
        raise Problem(501, "Deze vorm is hier niet beschikbaar", str(exc), [("format", str(exc))]) from None


def _question(kb, q, value: float, taal: str) -> Vraag:
    item = kb.observaties[q.key]
    options = [Optie(id=a, tekst=a) for a in item.allowed()] if item.type == "janee" else \
        [Optie(id=o.id, tekst=o.en if taal == "en" else o.nl, alleen=o.alleen) for o in item.opties]
    if item.type == "janee" and taal == "en":
        options = [Optie(id=o.id, tekst=answer_text(q.key, o.id, "en")) for o in options]
    return Vraag(id=q.key, partner=q.partner, vraag=item.vraag(taal), hulp=item.hulp(taal), thema=item.thema,
                 type=item.type, opties=options, min=item.min, max=item.max, bronnen=list(item.bron),
                 waarde=round(value, 3))


def _next_questions(raw: bytes, fmt_in: str | None, taal: str, aantal: int,
                    open_gelaten: list[str] = ()) -> InterviewStap:
    """The interview's next step for a case, as the interview itself would choose it
    (diagnose/questioning.py: start, screening of every area, then depth), plus the
    planner's most valuable candidates. ``open_gelaten``: the statements the adviser left
    unmarked on earlier theme screens and the single questions left empty (``id``), and the
    partner-grid cells left empty (``PARTNER:id``); the caller keeps them, as it keeps the
    case; they are not shown again."""
    from .. import kennisbank
    from .interview import STOP_REASONS, Planner
    from .questioning import Chooser, Question, is_statement
    kb = kennisbank.load()
    left, problems = [], []
    for i, entry in enumerate(open_gelaten):
        partner, _, key = entry.rpartition(":")
        item = kb.observaties.get(key)
        if item is None:
            problems.append((f"open_gelaten.{i}", f"onbekende stelling {entry!r}"))
        elif (item.niveau == "partner") != bool(partner):
            problems.append((f"open_gelaten.{i}", f"{key} gaat over één partner: geef PARTNER:{key}"
                             if item.niveau == "partner" else f"{key} gaat over de coalitie: geef alleen {key}"))
        else:
            left.append((i, Question(key, partner or None)))
    if problems:
        raise Problem(422, "Onbekende stelling", "\n".join(f"{v}: {m}" for v, m in problems), problems)
    case = read_case_bytes(raw, "verzoek", fmt_in)
    names = {p.naam for p in case.partners}
    problems = [(f"open_gelaten.{i}", f"onbekende partner {q.partner!r}." + did_you_mean(q.partner, sorted(names)))
                for i, q in left if q.partner is not None and q.partner not in names]
    if problems:
        raise Problem(422, "Onbekende partner", "\n".join(f"{v}: {m}" for v, m in problems), problems)
    planner = Planner()
    chooser = Chooser(planner)
    # a single question left empty counts as asked for its screening area, as in the interview (a
    # statement left on a screen, or a grid cell, is only not shown again)
    singly = {q for _, q in left if q.partner is None and not is_statement(q.key)}
    chooser.left.update({q: True for q in singly})
    chooser.left_singly.update(singly)
    step = chooser.next(case, skip={q for _, q in left})
    values = planner.values(case)
    order = {k: i for i, k in enumerate(kb.observaties)}
    ranked = sorted(values, key=lambda q: (-values[q], order[q.key], q.partner or ""))[:aantal]
    asked = [_question(kb, q, values.get(q, 0.0), taal) for q in step.questions] if step else []
    reason = None if step else STOP_REASONS.get(chooser.stop_reason, STOP_REASONS["stop"])[1 if taal == "en" else 0]
    return InterviewStap(volgende=asked[0] if asked else None, soort=step.kind if step else None,
                         stadium=step.stage if step else None, stap=asked,
                         kandidaten=[_question(kb, q, values[q], taal) for q in ranked],
                         klaar=step is None, reden=reason)


def _risk_changes(items) -> list[RisicoWijziging]:
    return [RisicoWijziging(id=rid, partner=partner, ernst=sev) for rid, partner, sev in items]


def _what_if(raw: bytes, fmt_in: str | None, wijzigingen: list[str], risico: Optional[str], taal: str):
    from . import diagnose, whatif
    case = read_case_bytes(raw, "verzoek", fmt_in)
    informants = tuple(i.id for i in case.informanten)
    changes = []
    for i, text in enumerate(wijzigingen):
        try:
            changes.append(whatif.parse_change(text, informants))
        except CaseError as exc:
            pairs = [(f"wijziging.{i}" + (f".{veld}" if veld else ""), melding) for veld, melding in exc.problemen]
            raise Problem(422, "De wijziging klopt niet", "\n".join(f"{v}: {m}" for v, m in pairs), pairs) from None
    if changes:
        try:
            _, diff = whatif.compare(case, changes)
        except CaseError as exc:
            raise case_problem(exc, "De wijziging klopt niet", rename_empty="wijziging") from None
        return WatAlsVergelijking(
            wijzigingen=[c.label() for c in changes], fase=list(diff.fase) if diff.fase else None,
            toegevoegd=_risk_changes(diff.toegevoegd), verdwenen=_risk_changes(diff.verdwenen),
            ernst=[ErnstWijziging(id=r, partner=p, was=a, wordt=b) for r, p, a, b in diff.ernst],
            condities=[ConditieWijziging(id=c, was=a, wordt=b) for c, a, b in diff.condities])
    d = diagnose(case, taal=taal)
    targets = [r for r in d.risicos if risico is None or r.id == risico]
    if risico and not targets:
        msg = (f"risico {risico!r} komt in deze diagnose niet voor; aanwezig: "
               f"{', '.join(r.id for r in d.risicos) or 'geen'}")
        raise Problem(422, "De aanroep klopt niet", f"risico: {msg}", [("risico", msg)])
    singles = whatif.single_changes(case)
    return WatAlsOverzicht(
        oplossingen=[Oplossing(risico=rem.risk, partner=rem.partner, veranderingen=[c.label() for c in rem.changes],
                               interventies=list(rem.interventions),
                               andere_fase=[c.label() for c in rem.other.get("andere_fase", [])],
                               ander_symptoom=[c.label() for c in rem.other.get("ander_symptoom", [])])
                     for rem in whatif.teaching_view(case, d, singles, risico)],
        wegnemen={r.id: [c.label() for c in whatif.removers(singles, r.id)] for r in targets},
        verzwakken={r.id: [c.label() for c in whatif.weakeners(singles, r.id)] for r in targets},
        erbij=[Toevoeging(wijziging=c.label(), toegevoegd=_risk_changes(diff.toegevoegd))
               for c, diff in singles if diff.toegevoegd] if risico is None else [])


def _entry_short(e, taal: str) -> KennisKort:
    return KennisKort(soort=e.kind, id=e.id, titel=e.title(taal))


def _entry_full(e, taal: str) -> KennisItem:
    return KennisItem(soort=e.kind, id=e.id, titel=e.title(taal), uitleg=e.text(taal), bronnen=list(e.item.bron),
                      geconcludeerd_door=e.concluded_by, gebruikt_door=e.read_by,
                      gegevens=e.item.model_dump(mode="json", by_alias=True))


# -- reading a request body ----------------------------------------------------------------
def _body_format(request: Request) -> str | None:
    """How to read the body, as ``read_case_bytes`` takes it: "json", or None (YAML, as
    for a case file; JSON is a subset)."""
    ctype = request.headers.get("content-type")
    accepted = ", ".join(JSON_TYPES + YAML_TYPES)
    if not ctype:
        raise Problem(415, "Geef het type van de inhoud", f"zet Content-Type op een van: {accepted}",
                      [("", f"Content-Type ontbreekt; kies uit {accepted}")])
    media, _, params = ctype.partition(";")
    media = media.strip().lower()
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params.split(";")
                    if p.strip().lower().startswith("charset=")), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise Problem(415, "Alleen UTF-8", f"tekenset {charset!r}: stuur de casus als UTF-8",
                      [("", f"tekenset {charset!r} wordt niet ondersteund; gebruik utf-8")])
    if media in JSON_TYPES or media.endswith("+json"):
        return "json"
    if media in YAML_TYPES:
        return None
    raise Problem(415, "Onbekend type inhoud", f"{media}: stuur de casus als JSON of YAML ({accepted})",
                  [("", f"Content-Type {media!r} wordt niet ondersteund; kies uit {accepted}")])


def _deadline(request: Request) -> float:
    """When this request's time is up (event-loop clock): the limit counts from its arrival."""
    return request.scope["coalitie.deadline"]


async def _read_body(request: Request, settings: Settings) -> bytes:
    limit = settings.max_omvang
    too_big = Problem(413, "De casus is te groot", f"een verzoek is hooguit {limit:,} bytes",
                      [("", f"het verzoek is groter dan {limit:,} bytes")])
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_big

    async def read() -> bytes:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_big
        return bytes(body)
    try:
        return await asyncio.wait_for(read(), _deadline(request) - asyncio.get_running_loop().time())
    except asyncio.TimeoutError:
        raise Problem(408, "Het verzoek kwam te traag binnen",
                      f"de casus was niet binnen {settings.tijdslimiet:g} s ontvangen") from None


def _case_body() -> dict:
    """The request body in the OpenAPI document: a case, as JSON or YAML."""
    ref = {"$ref": "#/components/schemas/Case"}
    return {"requestBody": {"required": True, "description": "De casus (zoals `coalitie schema casus`), als JSON of YAML",
                            "content": {t: {"schema": ref} for t in JSON_TYPES + YAML_TYPES[:1]}}}


_PROBLEMS = {code: {"model": Probleem, "content": {PROBLEM: {}}, "description": text} for code, text in (
    (401, "Token ontbreekt of klopt niet"), (413, "Te groot"), (415, "Type inhoud niet ondersteund"),
    (422, "Casus of aanroep klopt niet (velden met pad en melding)"), (503, "Bezet of tijdslimiet overschreden"))}
_GET_PROBLEMS = {code: _PROBLEMS[code] for code in (401, 422, 503)}   # instead of FastAPI's own 422 shape


# -- the app -------------------------------------------------------------------------------
# Parameter types at module level: the endpoints' annotations are resolved here.
Format = Literal[tuple(FORMATS)]  # type: ignore[valid-type]  # whatever the renderers offer
Taal = Literal["nl", "en"]
Soort = Literal[tuple(KINDS)]  # type: ignore[valid-type]
SchemaSoort = Literal["casus", "diagnose", "regels"]


def create_app(settings: Settings) -> FastAPI:
    formats = tuple(FORMATS)
    pool = EngineThreads(settings.engines, settings.wachtrij, settings.tijdslimiet, warm_up=_warm_up)

    @asynccontextmanager
    async def lifespan(app):
        await asyncio.get_running_loop().run_in_executor(None, pool.start)
        log.info("klaar: proces %d, %d engines", os.getpid(), settings.engines)
        yield
        pool.stop()

    app = FastAPI(title="coalitie", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Diagnose van lokale coalities (expertsysteem) als dienst. Elke bevinding noemt "
                              "haar bron. Fouten komen als application/problem+json met velden als pad.")
    app.state.pool = pool
    app.state.settings = settings

    async def on_engine(fn, request: Optional[Request] = None):
        try:
            timeout = None if request is None else _deadline(request) - asyncio.get_running_loop().time()
            return await pool.run(fn, timeout)
        except Busy:
            raise Problem(503, "Bezet", "te veel verzoeken tegelijk; probeer het zo opnieuw",
                          headers={"Retry-After": "1"}) from None
        except TimedOut:
            log.warning("tijdslimiet van %g s overschreden%s; het werk is gestopt", settings.tijdslimiet,
                        f" ({request.url.path})" if request is not None else "")
            raise Problem(503, "Tijdslimiet overschreden",
                          f"de berekening duurde langer dan {settings.tijdslimiet:g} s en is gestopt",
                          headers={"Retry-After": "5"}) from None
        except Interrupted:
            raise Problem(503, "Onderbroken", "de berekening werd onderbroken; probeer het opnieuw",
                          headers={"Retry-After": "1"}) from None
        except CaseError as exc:
            raise case_problem(exc) from None

    @app.exception_handler(Problem)
    async def _problem(request, exc: Problem):
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        return problem_response(_request_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request, exc: StarletteHTTPException):
        titles = {404: "Niet gevonden", 405: "Methode niet toegestaan"}
        detail = {404: f"{request.url.path}: geen eindpunt; zie /openapi.json",
                  405: f"{request.method} kan niet op {request.url.path}"}.get(exc.status_code, str(exc.detail))
        return problem_response(Problem(exc.status_code, titles.get(exc.status_code, "Fout"), detail,
                                        headers=dict(exc.headers or {})))

    @app.get("/v1/gezondheid", response_model=Gezondheid, tags=["dienst"],
             summary="Gezondheid (zonder token; 200 zodra de engines klaar zijn)")
    async def gezondheid():
        return Gezondheid()

    @app.get("/v1/versie", response_model=Versie, tags=["dienst"], responses=_GET_PROBLEMS,
             summary="Versies van coalitie, kennisbank en schema's")
    async def versie():
        from .. import kennisbank
        kb = await on_engine(kennisbank.load)
        return Versie(coalitie=__version__, kennisbank=kb.versie, diagnose_schema=SCHEMA_VERSION,
                      casus_schema=CASE_SCHEMA_VERSION)

    @app.post("/v1/diagnose", tags=["diagnose"], summary="Diagnoseer een casus",
              openapi_extra=_case_body(),
              responses={200: {"model": Diagnosis, "description": "De diagnose (format=json) of het rapport",
                               "content": {MEDIA_TYPES.get(f, "application/octet-stream").split(";")[0]: {}
                                           for f in formats if f != "json"}},
                         **_PROBLEMS})
    async def diagnose_endpoint(
            request: Request,
            format: Format = Query("json", description="json (de diagnose) of een rapportvorm"),
            taal: Taal = Query("nl", description="Taal van de teksten"),
            uitleg: bool = Query(False, description="Rapport: per bevinding de afleidingsboom"),
            anoniem: bool = Query(False, description="Namen vervangen door neutrale labels, zonder vrije tekst"),
            informant: Optional[str] = Query(None, description="Diagnose zoals deze gesprekspartner het ziet")):
        fmt_in = _body_format(request)
        raw = await _read_body(request, settings)
        out = await on_engine(lambda: _diagnosis(raw, fmt_in, format, taal, uitleg, anoniem, informant), request)
        media = MEDIA_TYPES.get(format, "application/octet-stream")
        return Response(out if isinstance(out, bytes) else out.encode("utf-8"), media_type=media)

    @app.post("/v1/interview/volgende", response_model=InterviewStap, tags=["diagnose"],
              summary="De volgende vraag (of vragen) van het interview voor deze casus",
              description="Stateless: stuur de casus tot nu toe; zet het antwoord zelf in de casus en vraag opnieuw.",
              openapi_extra=_case_body(), responses=_PROBLEMS)
    async def interview_endpoint(
            request: Request,
            taal: Taal = Query("nl"),
            aantal: int = Query(5, ge=1, le=50, description="Hoeveel kandidaat-vragen hooguit"),
            open_gelaten: list[str] = Query([], max_length=500, description=(
                "Een stelling (id) die de adviseur op een eerder themascherm open liet, een losse vraag (id) of "
                "een cel van een partnerraster (PARTNER:id) die leeg bleef; herhaal voor meer. Open gelaten is geen antwoord: "
                "zet het niet in de casus, maar stuur het hier mee, dan komt het niet opnieuw."))):
        fmt_in = _body_format(request)
        raw = await _read_body(request, settings)
        return await on_engine(lambda: _next_questions(raw, fmt_in, taal, aantal, open_gelaten), request)

    @app.post("/v1/wat-als", response_model=WatAlsVergelijking | WatAlsOverzicht, tags=["diagnose"],
              summary="Wat verandert er als een antwoord anders was?",
              description="Met wijzigingen (id=antwoord, partner:id=antwoord, informant:id=antwoord; "
                          "lijsten als a,b): wat die samen doen. Zonder: per risico de enkele antwoorden die het "
                          "wegnemen of verzwakken, en wat een risico zou toevoegen — dat zijn honderden "
                          "diagnoses, dus seconden werk (valt onder de tijdslimiet).",
              openapi_extra=_case_body(), responses=_PROBLEMS)
    async def what_if_endpoint(
            request: Request,
            wijziging: list[str] = Query([], description="Een wijziging; herhaal voor meer"),
            risico: Optional[str] = Query(None, description="Zonder wijzigingen: alleen dit risico"),
            taal: Taal = Query("nl")):
        fmt_in = _body_format(request)
        raw = await _read_body(request, settings)
        return await on_engine(lambda: _what_if(raw, fmt_in, wijziging, risico, taal), request)

    @app.get("/v1/kennis", response_model=list[KennisKort], tags=["kennisbank"], responses=_GET_PROBLEMS,
             summary="Alle items (of één soort)")
    async def kennis_lijst(soort: Optional[Soort] = Query(None), taal: Taal = Query("nl")):
        from .catalog import entries
        found = await on_engine(entries)
        return [_entry_short(e, taal) for e in found if soort is None or e.kind == soort]

    @app.get("/v1/kennis/zoek", response_model=list[KennisKort], tags=["kennisbank"], responses=_GET_PROBLEMS,
             summary="Zoek in ids, titels, uitleg en bronnen")
    async def kennis_zoek(term: str = Query(..., min_length=1, max_length=200), taal: Taal = Query("nl")):
        from .catalog import find
        return [_entry_short(e, taal) for e in await on_engine(lambda: find(term))]

    @app.get("/v1/kennis/regel/{naam}", response_model=dict[str, Any], tags=["kennisbank"],
             summary="Een regel of kennisrecord (id of code)", responses={**_GET_PROBLEMS, 404: _PROBLEMS[422] | {"description": "Onbekend"}})
    async def kennis_regel(naam: str = PathParam(..., max_length=200)):
        from .catalog import rule_doc
        from .engine import all_rules

        def doc():
            found = rule_doc(naam)
            if found is None:
                msg = f"onbekende regel {naam!r}.{did_you_mean(naam, all_rules())}"
                raise Problem(404, "Niet gevonden", msg, [("naam", msg)])
            return found
        return await on_engine(doc)

    @app.get("/v1/kennis/{id}", response_model=list[KennisItem], tags=["kennisbank"],
             summary="Eén item met uitleg, bronnen en de regels die het concluderen of lezen",
             responses={**_GET_PROBLEMS, 404: _PROBLEMS[422] | {"description": "Onbekend"}})
    async def kennis_toon(id: str = PathParam(..., max_length=200), taal: Taal = Query("nl")):
        from .catalog import entries, lookup

        def look():
            found = lookup(id)
            if not found:
                msg = f"onbekend id {id!r}.{did_you_mean(id, [e.id for e in entries()])}"
                raise Problem(404, "Niet gevonden", msg, [("id", msg)])
            return found
        return [_entry_full(e, taal) for e in await on_engine(look)]

    @app.get("/v1/schema/{soort}", response_model=dict[str, Any], tags=["dienst"], responses=_GET_PROBLEMS,
             summary="JSON Schema van een casus, de diagnose-uitvoer of een kennisrecordbestand")
    async def schema_endpoint(soort: SchemaSoort):
        from .schemas import schema
        return JSONResponse(await on_engine(lambda: schema(soort)), media_type="application/schema+json")

    def openapi() -> dict:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _, defs = models_json_schema([(Case, "validation")], ref_template="#/components/schemas/{model}")
            doc.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
            if settings.token or not is_loopback(settings.host):
                doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
                doc["security"] = [{"bearer": []}]
            app.openapi_schema = doc
        return app.openapi_schema
    app.openapi = openapi

    app.add_middleware(_Guard, settings=settings)  # outermost of the app's own middleware
    return app


def app_from_env() -> FastAPI:
    """The app with settings from the environment (for uvicorn's --factory and worker processes)."""
    settings = Settings.from_env()
    check_settings(settings)
    _configure_logging()
    return create_app(settings)


# -- the guard: token, access log without content, no traceback to anyone --------------------
class _Guard:
    """Pure ASGI middleware: checks the token, logs each request without its content
    (no query, no body), and turns any unexpected error into a bare 500 problem — the log
    gets the exception's type and frames, never its message (which may quote the case)."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        scope["coalitie.deadline"] = asyncio.get_running_loop().time() + self.settings.tijdslimiet
        state = {"status": 0, "bytes": 0, "started": False}

        async def sending(message):
            if message["type"] == "http.response.start":
                state["status"], state["started"] = message["status"], True
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal is not None:
                await problem_response(refusal)(scope, receive, sending)
            else:
                await self.app(scope, receive, sending)
        except Exception as exc:
            frames = " < ".join(f"{f.name} ({os.path.basename(f.filename)}:{f.lineno})"
                                for f in reversed(traceback.extract_tb(exc.__traceback__)[-6:]))
            log.error("interne fout %s in %s", type(exc).__name__, frames)
            if not state["started"]:
                await problem_response(Problem(500, "Interne fout", "een fout in coalitie, niet in de casus; "
                                                                    "meld het graag"))(scope, receive, sending)
        finally:
            log.info("%s %s %d %.1f ms %d B", scope["method"], scope["path"], state["status"],
                     (time.perf_counter() - start) * 1000, state["bytes"])

    def _refusal(self, scope) -> Optional[Problem]:
        if scope["path"] in PUBLIC_PATHS:
            return None
        token = self.settings.token
        if token:
            given = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
                return Problem(401, "Token ontbreekt of klopt niet",
                               "stuur 'Authorization: Bearer <token>' mee",
                               headers={"WWW-Authenticate": 'Bearer realm="coalitie"'})
            return None
        server = scope.get("server")
        if server and server[0] and not is_loopback(server[0]):
            return Problem(403, "Alleen op deze machine",
                           f"zonder token ({TOKEN_ENV}) beantwoordt coalitie alleen verzoeken via loopback")
        headers = dict(scope["headers"])
        if any(h in headers for h in FORWARDED_HEADERS):  # a proxy on this machine relays outside requests
            return Problem(403, "Alleen op deze machine",
                           f"dit verzoek komt via een proxy; zet een token ({TOKEN_ENV}) om zo te werken")
        return None


# Headers a reverse proxy adds: without a token they mean the request came from elsewhere,
# even though the connection itself is loopback.
FORWARDED_HEADERS = (b"forwarded", b"x-forwarded-for", b"x-real-ip")


def _configure_logging() -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("coalitie serve: %(message)s"))
        log.addHandler(handler)
        log.setLevel(os.environ.get("COALITIE_SERVE_LOG", "INFO").upper())
        log.propagate = False


# -- starting ------------------------------------------------------------------------------
def serve(settings: Settings) -> None:
    """Start uvicorn with these settings (blocks until stopped). Raises RefusedStart."""
    import uvicorn
    check_settings(settings)
    try:  # a Dutch message instead of uvicorn's English one and exit 1
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((settings.host.strip("[]"), settings.poort))
    except OSError as exc:
        raise RefusedStart(f"kan niet luisteren op {settings.host}:{settings.poort}: {exc.strerror}") from None
    os.environ.update(settings.to_env())
    _configure_logging()
    log.info("http://%s:%d  (%d proces(sen) × %d engines, hooguit %d bytes en %g s per verzoek%s)",
             settings.host, settings.poort, settings.processen, settings.engines, settings.max_omvang,
             settings.tijdslimiet, ", token vereist" if settings.token else "")
    uvicorn.run(f"{__name__}:app_from_env", factory=True, host=settings.host, port=settings.poort,
                workers=settings.processen if settings.processen > 1 else None, access_log=False,
                log_level="warning", server_header=False, timeout_keep_alive=5,
                limit_concurrency=max(100, 4 * settings.wachtrij * settings.processen),
                timeout_graceful_shutdown=int(settings.tijdslimiet) + 1)
