"""`coalitie serve`, started for real on a free local port and used over HTTP (httpx):
every endpoint, bad input as problem+json with the CLI's field paths and no traceback,
the token, the size and time limits, no case content in the log, a valid OpenAPI document."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

_MISSING = [name for name in ("fastapi", "uvicorn", "httpx", "openapi_spec_validator")
            if __import__("importlib").util.find_spec(name) is None]
if _MISSING:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs the [server] and [test] extras; missing: {', '.join(_MISSING)}")
    pytest.skip(f"the [server] extra is not installed (missing {', '.join(_MISSING)}): "
                "pip install -e '.[test]'", allow_module_level=True)

import httpx  # noqa: E402
import jsonschema  # noqa: E402

from coalitie.diagnose import diagnose, load_case  # noqa: E402
from coalitie.diagnose.case import case_from_data  # noqa: E402
from coalitie.diagnose.errors import CaseError  # noqa: E402
from coalitie.diagnose.render import FORMATS, render  # noqa: E402
from conftest import EXAMPLES, case  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COALITIE = Path(sys.executable).parent / "coalitie"
TOKEN = "test-token-" + "x" * 24
MARKER = "Geheimzinnige Coalitie Zeventien"   # case content that must never reach the log
PROBLEM = "application/problem+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, *args: str, token: str | None = None):
        self.port = free_port()
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"coalitie-serve-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("COALITIE_")}
        if token:
            env["COALITIE_TOKEN"] = token
        self.proc = subprocess.Popen([str(COALITIE), "serve", "--poort", str(self.port), *args],
                                     stdout=subprocess.DEVNULL, stderr=open(self.log, "wb"), env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve stopped: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/v1/gezondheid", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("serve did not become healthy in 120 s")
            time.sleep(0.2)
        self.client = httpx.Client(base_url=self.url, timeout=120)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def svc():
    s = Service("--max-omvang", "200000", "--tijdslimiet", "120")
    yield s
    s.stop()
    s.log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def guarded():
    """Bound beyond localhost, so with a token; a short time limit."""
    s = Service("--host", "0.0.0.0", "--tijdslimiet", "1.5", "--engines", "1", token=TOKEN)
    yield s
    s.stop()
    s.log.unlink(missing_ok=True)


def example(name: str) -> Path:
    return EXAMPLES / f"{name}.yaml"


def post_yaml(svc, path: str, name: str, **params) -> httpx.Response:
    return svc.client.post(path, params=params, content=example(name).read_bytes(),
                           headers={"Content-Type": "application/yaml"})


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


# -- the endpoints ---------------------------------------------------------------------------
def test_health_and_version(svc):
    assert svc.client.get("/v1/gezondheid").json() == {"status": "ok"}
    v = svc.client.get("/v1/versie").json()
    from coalitie import kennisbank
    from coalitie.diagnose import __version__
    assert v["coalitie"] == __version__ and v["kennisbank"] == kennisbank.load().versie


@pytest.mark.parametrize("name", ["lopende-coalitie", "drie-gesprekspartners"])
def test_diagnosis_json_is_the_libraries_and_valid(svc, name):
    expected = diagnose(load_case(example(name))).model_dump(mode="json")
    r = post_yaml(svc, "/v1/diagnose", name)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == expected
    as_json = svc.client.post("/v1/diagnose", json=load_case(example(name)).model_dump(mode="json"))
    assert as_json.json() == expected
    schema = json.loads((ROOT / "kennisbank" / "schema" / "diagnose.json").read_text())
    jsonschema.validate(r.json(), schema)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_report_format(svc, fmt):
    c = load_case(example("convenant-zonder-gesprek"))
    r = post_yaml(svc, "/v1/diagnose", "convenant-zonder-gesprek", format=fmt, taal="en")
    assert r.status_code == 200, r.text
    media = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html", "pdf": "application/pdf"}
    assert r.headers["content-type"].startswith(media.get(fmt, ""))
    if fmt == "pdf":  # a real PDF (its bytes carry a creation time): read it back
        import io
        from pypdf import PdfReader
        assert r.content.startswith(b"%PDF-")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        assert c.coalitie.split()[0] in text
    else:
        assert r.text == render(diagnose(c, taal="en"), fmt)


def test_anonymised_report(svc):
    from coalitie.diagnose.anonymise import anonymise
    c = load_case(example("convenant-zonder-gesprek"))
    r = post_yaml(svc, "/v1/diagnose", "convenant-zonder-gesprek", format="markdown", anoniem="true")
    assert r.status_code == 200
    assert r.text == render(diagnose(anonymise(c, "nl")), "markdown", anoniem=True)
    assert all(p.naam not in r.text for p in c.partners)


def test_diagnosis_as_an_informant_sees_it(svc):
    from coalitie.diagnose.perspectives import as_seen_by
    c = load_case(example("drie-gesprekspartners"))
    inf = c.informanten[0].id
    r = post_yaml(svc, "/v1/diagnose", "drie-gesprekspartners", informant=inf)
    assert r.json() == diagnose(as_seen_by(c, inf)).model_dump(mode="json")
    bad = assert_problem(post_yaml(svc, "/v1/diagnose", "drie-gesprekspartners", informant="niemand"), 422)
    assert bad["problemen"][0]["veld"] == "informant" and "niemand" in bad["problemen"][0]["melding"]


def test_interview_next_questions_are_stateless(svc):
    data = case(partners=[{"naam": "Gemeente Noord", "type": "gemeente"}])
    r = svc.client.post("/v1/interview/volgende", json=data, params={"aantal": 3})
    step = r.json()
    assert r.status_code == 200 and not step["klaar"]
    first = step["volgende"]
    assert 1 <= len(step["kandidaten"]) <= 3 and first["vraag"] and first["bronnen"]
    from coalitie import kennisbank
    kb = kennisbank.load()
    assert first["id"] in kb.observaties and first["type"] == kb.observaties[first["id"]].type
    # the caller keeps the case: answer 'onbekend' and ask again -> not the same question
    if first["partner"]:
        data["partners"][0].setdefault("observaties", {})[first["id"]] = "onbekend"
    else:
        data["observaties"][first["id"]] = "onbekend"
    again = svc.client.post("/v1/interview/volgende", json=data).json()
    assert (again["volgende"] or {}).get("id") != first["id"]
    en = svc.client.post("/v1/interview/volgende", json=data, params={"taal": "en"}).json()
    assert en["volgende"]["vraag"] == kb.observaties[en["volgende"]["id"]].vraag("en")
    assert step["soort"] in ("vraag", "scherm", "raster") and step["stadium"] and step["stap"][0] == first
    bad = assert_problem(svc.client.post("/v1/interview/volgende", json=data, params={"aantal": 0}), 422)
    assert bad["problemen"][0]["veld"] == "aantal"


def test_a_question_says_which_option_goes_alone():
    """A tool that renders a choice of several knows which option excludes the others."""
    from coalitie import kennisbank
    from coalitie.diagnose.questioning import Question
    from coalitie.diagnose.server import _question
    q = _question(kennisbank.load(), Question("veranderingen_bij_partners"), 1.0, "nl")
    assert [o.id for o in q.opties if o.alleen] == ["niets"] and len(q.opties) == 5


def test_interview_steps_with_everything_left_open_follow_the_interview(svc):
    """A client that leaves every step open (statements, single questions, grid cells) gets
    the steps the interview itself would take: a screen's statements left open do not make
    a second screen of the same themes, and they do not count as asked for another area."""
    from coalitie.diagnose.interview import Interview
    data = case(partners=[{"naam": "Welzijn Zuid", "type": "welzijnsorganisatie", "kern": True, "coordinator": True},
                          {"naam": "Gemeente Rotterdam", "type": "gemeente", "kern": True}])
    data["observaties"] = {"thema_coalitie": "eenzaamheid", "werkgebied": "buurt_of_kern"}
    left: list[str] = []
    served = []
    for _ in range(8):
        step = svc.client.post("/v1/interview/volgende", json=data, params={"open_gelaten": left}).json()
        if step["klaar"]:
            break
        served.append([(q["partner"], q["id"]) for q in step["stap"]])
        left += [f"{q['partner']}:{q['id']}" if q["partner"] else q["id"] for q in step["stap"]]
    said = []
    interview = Interview(Path("/nonexistent/x.yaml"), ask=lambda prompt: "", say=said.append)
    interview.save = lambda case: None  # nothing written: every step is left open
    steps = []
    original = interview.ask_step

    def record(step, case_):
        steps.append([(q.partner, q.key) for q in step.questions])
        return original(step, case_)
    interview.ask_step = record
    interview.observations(case_from_data(data))
    assert served == steps[:len(served)]


def test_interview_statements_left_open_are_not_shown_again(svc):
    """A stateless client keeps the statements the adviser left unmarked on a theme screen
    and sends them along (`open_gelaten`): they are not written into the case and do not
    come back on the next screen; an unknown id is a 422 with its field path."""
    data = case(partners=[{"naam": "Gemeente Noord", "type": "gemeente"}])
    left: list[str] = []
    for _ in range(30):
        step = svc.client.post("/v1/interview/volgende", json=data, params={"open_gelaten": left}).json()
        if step["klaar"] or step["soort"] == "scherm" and len(step["stap"]) >= 2:
            break
        for q in step["stap"]:  # answer what is not a screen 'onbekend' and go on
            target = data if not q["partner"] else data["partners"][0]
            target.setdefault("observaties", {})[q["id"]] = "onbekend"
    assert step["soort"] == "scherm", step
    shown = [q["id"] for q in step["stap"]]
    data["observaties"][shown[0]] = "ja"          # the adviser marks the first, leaves the rest open
    left += shown[1:]
    again = svc.client.post("/v1/interview/volgende", json=data, params={"open_gelaten": left}).json()
    assert not set(left) & {q["id"] for q in again["stap"]}, again["stap"]
    plain = json.loads(json.dumps(data))
    for _ in range(5):  # not sent along: shown again on the next screen (after the area's single questions)
        without = svc.client.post("/v1/interview/volgende", json=plain).json()
        if without["soort"] == "scherm":
            break
        for q in without["stap"]:
            plain["observaties"][q["id"]] = "onbekend"
    assert set(left) & {q["id"] for q in without["stap"]}
    bad = assert_problem(svc.client.post("/v1/interview/volgende", json=data,
                                         params={"open_gelaten": ["bestaat_niet"]}), 422)
    assert bad["problemen"][0]["veld"] == "open_gelaten.0" and "bestaat_niet" in bad["problemen"][0]["melding"]



def test_interview_grid_cells_left_empty_are_not_asked_again(svc):
    """A partner-grid cell the adviser left empty is sent along as `PARTNER:id`: not
    written into the case, not in the next step; an unknown partner, or a partner
    question without its partner, is a 422 with its field path."""
    data = case(partners=[{"naam": "Gemeente Noord", "type": "gemeente"},
                          {"naam": "Welzijn Noord", "type": "welzijnsorganisatie"}])
    for _ in range(60):
        step = svc.client.post("/v1/interview/volgende", json=data).json()
        if step["klaar"] or step["soort"] == "raster" and len(step["stap"]) >= 2:
            break
        for q in step["stap"]:  # answer everything else 'onbekend' and go on
            target = data if not q["partner"] else next(p for p in data["partners"] if p["naam"] == q["partner"])
            target.setdefault("observaties", {})[q["id"]] = "onbekend"
    assert step["soort"] == "raster", step
    first, second = step["stap"][0], step["stap"][1]
    assert first["id"] == second["id"] and first["partner"] != second["partner"]
    left = [f"{first['partner']}:{first['id']}"]   # the first cell left empty (nothing written)
    again = svc.client.post("/v1/interview/volgende", json=data, params={"open_gelaten": left}).json()
    assert (first["partner"], first["id"]) not in {(q["partner"], q["id"]) for q in again["stap"]}, again["stap"]
    without = svc.client.post("/v1/interview/volgende", json=data).json()
    assert without["stap"] == step["stap"]  # not sent along: the same grid again, that cell in it
    bad = assert_problem(svc.client.post("/v1/interview/volgende", json=data,
                                         params={"open_gelaten": [left[0], f"Gemeente Zuid:{first['id']}"]}), 422)
    assert bad["problemen"][0]["veld"] == "open_gelaten.1" and "Gemeente Zuid" in bad["problemen"][0]["melding"]
    bad = assert_problem(svc.client.post("/v1/interview/volgende", json=data,
                                         params={"open_gelaten": [first["id"]]}), 422)
    assert bad["problemen"][0]["veld"] == "open_gelaten.0" and "PARTNER:" in bad["problemen"][0]["melding"]

def test_what_if_with_changes(svc):
    from coalitie.diagnose import whatif
    c = load_case(example("convenant-zonder-gesprek"))
    r = post_yaml(svc, "/v1/wat-als", "convenant-zonder-gesprek", wijziging=["verdiepend_gesprek_ambitie=ja"])
    _, diff = whatif.compare(c, [whatif.parse_change("verdiepend_gesprek_ambitie=ja")])
    body = r.json()
    assert r.status_code == 200 and body["wijzigingen"] == ["verdiepend_gesprek_ambitie=ja"]
    assert [(x["id"], x["partner"], x["ernst"]) for x in body["verdwenen"]] == diff.verdwenen
    assert [(x["id"], x["was"], x["wordt"]) for x in body["condities"]] == diff.condities
    bad = assert_problem(post_yaml(svc, "/v1/wat-als", "convenant-zonder-gesprek",
                                   wijziging=["verdiepend_gesprek_ambitie=ja", "verdiepend_gesprk=ja"]), 422)
    assert bad["problemen"][0]["veld"].startswith("wijziging.1")
    assert "verdiepend_gesprek_ambitie" in bad["problemen"][0]["melding"]  # the CLI's did-you-mean


def test_what_if_scan_refuses_a_risk_the_diagnosis_lacks(svc):
    bad = assert_problem(post_yaml(svc, "/v1/wat-als", "convenant-zonder-gesprek", risico="geen_risico"), 422)
    assert bad["problemen"][0]["veld"] == "risico" and "gemarkeerd_zonder_verdieping" in bad["detail"]


@pytest.mark.volledig
def test_what_if_scan_is_the_libraries(svc):
    """The scan runs a diagnosis for every other single answer: tens of seconds on a busy machine."""
    from coalitie.diagnose import whatif
    name = "verkenning-zonder-probleemeigenaar"
    c = load_case(example(name))
    body = post_yaml(svc, "/v1/wat-als", name).json()
    singles = whatif.single_changes(c)
    risks = [r.id for r in diagnose(c).risicos]
    assert body["wegnemen"] == {r: [ch.label() for ch in whatif.removers(singles, r)] for r in risks}
    assert body["verzwakken"] == {r: [ch.label() for ch in whatif.weakeners(singles, r)] for r in risks}
    assert [x["wijziging"] for x in body["erbij"]] == [ch.label() for ch, d in singles if d.toegevoegd]
    remedies = whatif.teaching_view(c, diagnose(c), singles)
    assert [(o["risico"], o["veranderingen"]) for o in body["oplossingen"]] == \
        [(rem.risk, [ch.label() for ch in rem.changes]) for rem in remedies]


def test_knowledge_base(svc):
    from coalitie.diagnose.catalog import entries, find, lookup, rule_doc
    all_items = svc.client.get("/v1/kennis").json()
    assert len(all_items) == len(entries())
    risks = svc.client.get("/v1/kennis", params={"soort": "risico", "taal": "en"}).json()
    assert risks and all(x["soort"] == "risico" for x in risks)
    hits = svc.client.get("/v1/kennis/zoek", params={"term": "convenant"}).json()
    assert [(h["soort"], h["id"]) for h in hits] == [(e.kind, e.id) for e in find("convenant")]
    item = svc.client.get("/v1/kennis/ambitie_uit_beeld").json()
    e = lookup("ambitie_uit_beeld")[0]
    assert item[0]["id"] == e.id and item[0]["bronnen"] == list(e.item.bron)
    assert item[0]["geconcludeerd_door"] == e.concluded_by
    missing = assert_problem(svc.client.get("/v1/kennis/ambitie_uit_bld"), 404)
    assert "ambitie_uit_beeld" in missing["detail"]
    assert svc.client.get("/v1/kennis/regel/PER001").json() == json.loads(json.dumps(rule_doc("PER001")))
    assert_problem(svc.client.get("/v1/kennis/regel/GEEN999"), 404)


@pytest.mark.parametrize("soort", ["casus", "diagnose", "regels"])
def test_schemas(svc, soort):
    from coalitie.diagnose.schemas import schema
    assert svc.client.get(f"/v1/schema/{soort}").json() == json.loads(json.dumps(schema(soort)))


def test_openapi_is_valid_and_complete(svc):
    from openapi_spec_validator import validate
    doc = svc.client.get("/openapi.json").json()
    validate(doc)
    paths = set(doc["paths"])
    assert {"/v1/diagnose", "/v1/interview/volgende", "/v1/wat-als", "/v1/kennis", "/v1/kennis/zoek",
            "/v1/kennis/{id}", "/v1/kennis/regel/{naam}", "/v1/schema/{soort}", "/v1/gezondheid",
            "/v1/versie"} <= paths
    schemas = doc["components"]["schemas"]
    assert {"Case", "Diagnosis", "Probleem", "InterviewStap"} <= set(schemas)
    assert "HTTPValidationError" not in schemas   # every 422 is documented as the problem it is
    body = doc["paths"]["/v1/diagnose"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/Case"}
    fmt = next(p for p in doc["paths"]["/v1/diagnose"]["post"]["parameters"] if p["name"] == "format")
    assert set(fmt["schema"]["enum"]) == set(FORMATS)
    # the Case in the document is the case model's own schema
    from coalitie.diagnose.case import Case
    assert set(schemas["Case"]["properties"]) == set(Case.model_json_schema()["properties"])


# -- bad input ---------------------------------------------------------------------------------
def test_malformed_bodies(svc):
    r = svc.client.post("/v1/diagnose", content=b'{"coalitie": "x"', headers={"Content-Type": "application/json"})
    assert "geen geldige JSON" in assert_problem(r, 422)["problemen"][0]["melding"]
    r = svc.client.post("/v1/diagnose", content=b"coalitie: [x\n", headers={"Content-Type": "application/yaml"})
    assert "geen geldige YAML" in assert_problem(r, 422)["detail"]
    r = svc.client.post("/v1/diagnose", content=b"\xff\xfe\x00", headers={"Content-Type": "application/json"})
    assert "UTF-8" in assert_problem(r, 422)["detail"]
    r = svc.client.post("/v1/diagnose", content=b"", headers={"Content-Type": "application/json"})
    assert "leeg" in assert_problem(r, 422)["detail"]
    r = svc.client.post("/v1/diagnose", json=[1, 2])
    assert "mapping" in assert_problem(r, 422)["detail"]


def test_field_paths_are_the_clis(svc):
    data = case(partners=[{"naam": "Gemeente Noord", "type": "gemeent"}],
                ambitie_kern=3, verdiepend_gesprk="ja")
    data["datum_gesprek"] = "2026-13-45"
    from coalitie.diagnose.reading import parse_text
    doc = parse_text(json.dumps(data), "verzoek", "json")  # as the CLI reads the same JSON (with lines)
    with pytest.raises(CaseError) as exc:
        case_from_data(doc.data, "verzoek", doc)
    for endpoint in ("/v1/diagnose", "/v1/interview/volgende", "/v1/wat-als"):
        body = assert_problem(svc.client.post(endpoint, json=data), 422)
        assert [(p["veld"], p["melding"]) for p in body["problemen"]] == list(exc.value.problemen)
        assert body["detail"] == str(exc.value)
        assert {"datum_gesprek", "partners.0.type", "observaties.verdiepend_gesprk"} <= \
            {p["veld"] for p in body["problemen"]}


def test_wrong_or_missing_content_type(svc):
    raw = example("lopende-coalitie").read_bytes()
    for headers in ({"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}, {}):
        body = assert_problem(svc.client.post("/v1/diagnose", content=raw, headers=headers), 415)
        assert "application/json" in body["detail"] or "application/json" in body["problemen"][0]["melding"]
    assert_problem(svc.client.post("/v1/diagnose", content=raw,
                                   headers={"Content-Type": "application/yaml; charset=latin-1"}), 415)


def test_oversize_bodies(svc):
    big = b"coalitie: x\n# " + b"y" * 250_000 + b"\n"
    body = assert_problem(svc.client.post("/v1/diagnose", content=big, headers={"Content-Type": "application/yaml"}), 413)
    assert "200,000" in body["detail"]

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(30):
            yield b"#" + b"z" * 9_999 + b"\n"
    r = svc.client.post("/v1/diagnose", content=chunks(), headers={"Content-Type": "application/yaml"})
    assert_problem(r, 413)


def test_bad_parameters_unknown_paths_and_methods(svc):
    body = assert_problem(post_yaml(svc, "/v1/diagnose", "lopende-coalitie", format="docx"), 422)
    assert body["problemen"][0]["veld"] == "format" and "kies uit" in body["problemen"][0]["melding"]
    body = assert_problem(post_yaml(svc, "/v1/interview/volgende", "lopende-coalitie", aantal="veel"), 422)
    assert body["problemen"][0] == {"veld": "aantal", "melding": "verwacht een geheel getal (kreeg 'veel')"}
    assert_problem(svc.client.get("/v1/kennis", params={"soort": "risicos"}), 422)
    assert_problem(svc.client.get("/v1/schema/onzin"), 422)
    assert_problem(svc.client.get("/v1/bestaat-niet"), 404)
    assert_problem(svc.client.get("/v1/diagnose"), 405)


def test_concurrent_requests_each_get_their_own_diagnosis(svc):
    names = [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))]
    expected = {n: diagnose(load_case(example(n))).model_dump(mode="json") for n in names}
    work = names * 2
    with ThreadPoolExecutor(12) as pool:
        got = list(pool.map(lambda n: (n, post_yaml(svc, "/v1/diagnose", n).json()), work))
    for name, body in got:
        assert body == expected[name], name


def test_no_case_content_in_the_log(svc):
    data = case(ambitie_kern="signaleren")
    data["coalitie"] = MARKER
    data["partners"][0]["naam"] = MARKER + " partner"
    svc.client.post("/v1/diagnose", json=data, params={"format": "markdown"})
    svc.client.post("/v1/wat-als", json=data, params={"wijziging": f"{MARKER} partner:ambitie_kern=ontmoeting"})
    svc.client.post("/v1/diagnose", json={**data, "onzin": MARKER})
    svc.client.post("/v1/diagnose", json=data, params={"informant": MARKER})
    time.sleep(0.3)
    log = svc.log_text()
    assert "POST /v1/diagnose 200" in log and "POST /v1/diagnose 422" in log
    assert MARKER not in log and "Geheimzinnige" not in log and "ambitie_kern" not in log


# -- token, time limit --------------------------------------------------------------------------
def _serve_cli(*args: str, token: str | None = None):
    from click.testing import CliRunner
    from coalitie.cli import main
    return CliRunner().invoke(main, ["serve", *args], env={"COALITIE_TOKEN": token})


def test_refuses_to_bind_beyond_localhost_without_a_token():
    for host in ("0.0.0.0", "192.0.2.10", "::", "coalitie.example"):
        r = _serve_cli("--host", host, "--poort", str(free_port()))
        assert r.exit_code == 2 and "COALITIE_TOKEN" in r.output and "Traceback" not in r.output, r.output
    r = _serve_cli("--host", "0.0.0.0", "--poort", str(free_port()), token="kort")
    assert r.exit_code == 2 and "te kort" in r.output


def test_port_in_use_is_a_clear_message(svc):
    r = _serve_cli("--poort", str(svc.port))
    assert r.exit_code == 2 and "kan niet luisteren" in r.output and "Traceback" not in r.output


def test_token_is_enforced(guarded):
    c = guarded.client
    assert c.get("/v1/gezondheid").status_code == 200   # for load balancers
    for headers in ({}, {"Authorization": "Bearer verkeerd"}, {"Authorization": TOKEN},
                    {"Authorization": "Basic " + TOKEN}):
        r = c.get("/v1/versie", headers=headers)
        assert_problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert_problem(c.get("/openapi.json"), 401)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert c.get("/v1/versie", headers=auth).status_code == 200
    r = c.post("/v1/diagnose", headers={**auth, "Content-Type": "application/yaml"},
               content=example("lopende-coalitie").read_bytes())
    assert r.status_code == 200 and r.json()["coalitie"]
    doc = c.get("/openapi.json", headers=auth).json()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_time_limit_stops_the_work(guarded):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/yaml"}
    raw = example("bloeiend-netwerk-gedeeld-eigenaarschap").read_bytes()
    start = time.monotonic()
    r = guarded.client.post("/v1/wat-als", headers=auth, content=raw)   # the full scan: many seconds
    assert time.monotonic() - start < 10
    body = assert_problem(r, 503)
    assert "1.5 s" in body["detail"] and r.headers["retry-after"]
    if Path(f"/proc/{guarded.proc.pid}/stat").exists():  # the engine thread was stopped, not left running
        time.sleep(1.5)  # the replacement thread builds its engine first
        before = _cpu_seconds(guarded.proc.pid)
        time.sleep(2.0)
        assert _cpu_seconds(guarded.proc.pid) - before < 0.5
    # and the service goes on with a fresh engine
    ok = guarded.client.post("/v1/diagnose", headers=auth, content=example("lopende-coalitie").read_bytes())
    assert ok.status_code == 200


# -- in-process units ---------------------------------------------------------------------------
def test_no_token_means_loopback_only_whatever_runs_it():
    from coalitie.diagnose.server import Settings, create_app

    app = create_app(Settings())
    sent = []

    async def call(server, headers=()):
        scope = {"type": "http", "method": "GET", "path": "/v1/versie", "raw_path": b"/v1/versie",
                 "query_string": b"", "headers": list(headers), "server": server, "client": ("10.0.0.9", 5000),
                 "scheme": "http", "http_version": "1.1", "root_path": ""}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)
        await app(scope, receive, send)

    asyncio.run(call(("192.0.2.10", 8765)))
    assert sent[0]["status"] == 403
    # loopback, but relayed by a proxy on this machine: still refused without a token
    for header in (b"x-forwarded-for", b"forwarded", b"x-real-ip"):
        sent.clear()
        asyncio.run(call(("127.0.0.1", 8765), [(header, b"203.0.113.7")]))
        assert sent[0]["status"] == 403, header


def test_an_internal_error_is_a_bare_500_and_its_message_stays_out_of_the_log():
    import logging
    from coalitie.diagnose.server import Settings, create_app

    app = create_app(Settings(token=TOKEN))

    async def boom():
        raise ValueError(f"kapot bij {MARKER}")
    app.add_api_route("/v1/kapot", boom)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())
    handler = Keep()
    logging.getLogger("coalitie.server").addHandler(handler)

    async def call():
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/v1/kapot", headers={"Authorization": f"Bearer {TOKEN}"})
    try:
        r = asyncio.run(call())
    finally:
        logging.getLogger("coalitie.server").removeHandler(handler)
    assert_problem(r, 500)
    assert MARKER not in r.text and "ValueError" not in r.text
    assert any("ValueError" in m and "boom" in m for m in records), records
    assert not any(MARKER in m for m in records)


def test_engine_threads_time_limit_queue_and_retirement():
    from coalitie.diagnose.engine_threads import Busy, EngineThreads, TimedOut

    pool = EngineThreads(threads=1, queue_limit=2, time_limit=0.5)
    pool.start()
    spins = [0]

    def forever():  # pure Python, so the interruption lands at once; bounded all the same
        end = time.monotonic() + 60
        while time.monotonic() < end:
            spins[0] += 1

    async def scenario():
        assert await pool.run(lambda: 41 + 1) == 42
        with pytest.raises(ZeroDivisionError):
            await pool.run(lambda: 1 / 0)
        slow = asyncio.ensure_future(pool.run(forever))
        queued = asyncio.ensure_future(pool.run(lambda: "later", timeout=0.2))
        await asyncio.sleep(0.05)
        with pytest.raises(Busy):
            await pool.run(lambda: "one too many")
        with pytest.raises(TimedOut):   # waited behind the runaway job past its own limit
            await queued
        with pytest.raises(TimedOut):
            await slow
        assert await pool.run(lambda: threading.current_thread().name) == "coalitie-engine-2"

    asyncio.run(scenario())
    assert pool.retired == 1
    n = spins[0]
    time.sleep(0.2)
    assert spins[0] == n > 0   # the runaway job really stopped
    pool.stop()
