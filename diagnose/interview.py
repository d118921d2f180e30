"""The adaptive interview behind `coalitie interview`.

It asks the coalition's basics and partners first, then observations, one at
a time, choosing each time the question that matters most *now*:

* a question is only asked when its precondition holds (no subsidy, no
  questions about the subsidy's end; for a partner-level question also the
  kind of partner);
* its value is the sum, over the rules that are still alive, of the weight of
  what the rule concludes, quartered (``DECAY``) for every other condition of
  that rule that is still open — so a question that completes a rule (one
  answer away) weighs most, and a question only dead rules read (a condition
  already answered otherwise, or 'onbekend') weighs nothing. A rule that
  makes a signal weighs as much as the rules waiting for that signal; a rule
  about a kind of partner this coalition has (a coordinator, a municipality,
  a care provider) weighs extra, as does a question meant only for that kind
  of partner; when several partners could settle a condition, they share its
  weight. A question that unlocks others (their precondition) and, while the
  phase is unknown, a question that points at a phase, weigh extra;
* to keep the conversation natural it walks the themes in their order,
  asking within a theme the most valuable question first and re-weighing
  after every answer, and goes round again while valuable questions remain;
  a theme where the adviser answered 'onbekend' more often than not (beyond
  one) counts for less, so the interview moves on to what the adviser knows.

The interview stops when no open question can change the diagnosis any more,
at the question budget, or when the adviser says so. Every answer is written
to the case file at once, atomically, so an interrupted interview loses at most
the question being answered and resumes where it stopped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

import kennisbank

from .case import CASE_SCHEMA_VERSION, Case, UNKNOWN, case_from_data, did_you_mean
from .engine import all_rules, get_engine
from .errors import CaseError
from .facts import Obs, Partner, PartnerObs, Phase, Signal
from .fileio import save_case_file
from .reading import read_file_bytes
from .openquestions import precondition_holds
from .patterns import matches, rule_patterns

WEIGHTS = {"risico": 3.0, "conditie": 2.0, "indicator": 1.0, "signaal": 1.5, "interventie": 0.5, "fase": 0.0}
MIN_VALUE = 0.5          # below this (a partner question: before sharing) a question cannot change much
PHASE_BOOST = 3.0        # weight of a phase indicator while no phase is known
GATE_VALUE = 0.5         # per question this one is the precondition of
DECAY = 0.25             # a rule's weight is multiplied by this for every other open condition
SIGNAL_PASS = 1.0        # share of the waiting rules' worth that a signal-making rule carries
COMPOSITION_BOOST = 3.0  # rules about a kind of partner at this table (a coordinator, a care provider…)
UNKNOWN_DAMPING = 0.5    # a theme's questions count this much per 'onbekend' (net of real answers)…
UNKNOWN_GRACE = 1        # …beyond this many
RELATIVE_BAR = 0.6       # only questions worth at least this share of the best one are in play
DEFAULT_BUDGET = 40      # questions about observations in one sitting

HEADER = ("# Casus voor `coalitie`, bijgehouden door `coalitie interview`.\n"
          "# Elke vraag wordt direct opgeslagen; onbekend = niet geweten.\n")


@dataclass(frozen=True)
class Question:
    key: str
    partner: str | None = None   # for partner-level observations

    def label(self) -> str:
        return self.key if self.partner is None else f"{self.partner}: {self.key}"


RECORD_KIND = {"risico": "risico", "sterkte": "conditie", "fase": "indicator", "signaal": "signaal"}


def _kinds(rule) -> set[str]:
    """What a rule bears on, as kinds of conclusion: a rule compiled from a knowledge record
    bears on the record's finding (a risk, a strength, a phase indicator or a signal)."""
    record = getattr(rule._wrapped, "record", None)
    if record is not None:
        from .records import load_records
        rec = load_records().get(record)
        return {RECORD_KIND[rec.soort]} if rec is not None else {"fase"}
    return {tag.split(":")[0] for tag in rule._wrapped.concludes}


def _rule_weight(rule) -> float:
    return max((WEIGHTS.get(kind, 0.5) for kind in _kinds(rule)), default=0.5)


class Planner:
    """Ranks the questions still worth asking for a case (no I/O)."""

    def __init__(self):
        self.rules = all_rules()
        self.kb = kennisbank.load()
        self._patterns = {name: rule_patterns(rule)[0] for name, rule in self.rules.items()}

    def _typed(self, key: str) -> bool:
        item = self.kb.observaties.get(key)
        return bool(item and any(pre.partner_type for pre in item.wanneer))

    def _fits(self, key: str, partner_type: str) -> bool:
        """Whether a partner-level question is meant for a partner of this type."""
        item = self.kb.observaties.get(key)
        types = [t for pre in item.wanneer for t in pre.partner_type] if item else []
        return not types or partner_type in types

    def values(self, case: Case) -> dict[Question, float]:
        run = get_engine().run_case(case)
        facts = list(run.facts.values())
        standing = self._standing(run)
        answered = set(case.observaties)  # 'onbekend' (None) counts: asked, not to be asked again
        partner_answered = {(p.naam, k) for p in case.partners for k in p.observaties}
        partner_types = {p.naam: p.type for p in case.partners}
        phase_known = any(isinstance(f, Phase) for f in facts)
        # pass 1: the live rules, each with its open patterns (a list of candidate questions each)
        live: list[tuple[str, list, list]] = []   # (rule name, open question lists, patterns)
        specific: set[str] = set()  # live rules about a kind of partner this coalition has
        for name, patterns in self._patterns.items():
            if any(p.negated and any(matches(p, f) for f in facts) for p in patterns):
                continue  # a NOT already violated: this rule cannot fire
            open_questions: list[list[Question]] = []
            dead = False
            for p in patterns:
                if p.negated:
                    continue
                if any(matches(p, f) for f in facts):
                    continue
                if p.cls is Obs:
                    keys = p.literals("key")
                    if any(k in answered for k in keys):
                        dead = True  # answered, but not as this rule needs
                        break
                    open_questions.append([Question(k) for k in keys])
                elif p.cls is PartnerObs:
                    keys = p.literals("key")
                    types = p.literals("type")
                    qs = [Question(k, naam) for k in keys for naam, t in partner_types.items()
                          if (not types or t in types) and (naam, k) not in partner_answered
                          and self._fits(k, t)]
                    if not qs:
                        dead = True
                        break
                    open_questions.append(qs)
                elif p.cls is Partner:
                    dead = True  # the partner list is given, not asked here
                    break
                elif p.cls is Phase and phase_known:
                    dead = True  # planning takes the phase as it now stands
                    break
                else:
                    open_questions.append([])  # a signal, phase, risk… that may still come
            if not dead and open_questions:
                live.append((name, open_questions, patterns))
                if any(not p.negated and ((p.cls is Partner and (p.literals("type") or p.literals("coordinator")))
                                          or (p.cls is PartnerObs and p.literals("type"))) for p in patterns):
                    specific.add(name)

        def share_of(name, open_questions, demand):
            weight = _rule_weight(self.rules[name]) * self._record_factor(self.rules[name], standing)
            concludes = self.rules[name]._wrapped.concludes
            if not phase_known and "indicator" in _kinds(self.rules[name]):
                weight = max(weight, PHASE_BOOST)
            for tag in concludes:  # a signal is worth what the rules waiting for it are worth
                if tag.startswith("signaal:"):
                    weight = max(weight, SIGNAL_PASS * demand.get(tag.split(":", 1)[1], 0.0))
            return weight * DECAY ** (len(open_questions) - 1)

        # pass 2: what each missing signal is worth to the live rules waiting for it
        demand: dict[str, float] = {}
        for _ in range(3):  # signals on signals: a few steps deep
            new: dict[str, float] = {}
            for name, open_questions, patterns in live:
                share = share_of(name, open_questions, demand)
                for p in patterns:
                    if p.cls is Signal and not p.negated and not any(matches(p, f) for f in facts):
                        for sid in p.literals("id"):
                            new[sid] = max(new.get(sid, 0.0), share)
            if new == demand:
                break
            demand = new

        # pass 3: the value of each question
        values: dict[Question, float] = {}
        reach: dict[Question, float] = {}  # a partner question's worth before sharing
        for name, open_questions, patterns in live:
            share = share_of(name, open_questions, demand)
            if name in specific:
                share *= COMPOSITION_BOOST
            for qs in open_questions:
                # one of several partners can settle this pattern: they share its weight
                part = share / len(qs) if qs and qs[0].partner else share
                for q in qs:
                    if q.partner and name not in specific and self._typed(q.key):
                        part_q = part * COMPOSITION_BOOST  # a question only for this kind of partner
                    else:
                        part_q = part
                    values[q] = values.get(q, 0.0) + part_q
                    reach[q] = reach.get(q, 0.0) + share
            # NOT patterns on unanswered observations: answering may rule the rule out
            for p in patterns:
                if p.negated and p.cls is Obs:
                    for k in p.literals("key"):
                        if k not in answered:
                            q = Question(k)
                            values[q] = values.get(q, 0.0) + share / 2
        answers = {k: v for k, v in case.observaties.items()}
        for key, item in self.kb.observaties.items():  # gates: questions that unlock others
            if item.niveau == "coalitie" and key in case.observaties:
                continue
            for pre in item.wanneer:
                if pre.obs and pre.obs not in case.observaties:
                    q = Question(pre.obs)
                    values[q] = values.get(q, 0.0) + GATE_VALUE
        # an area where the adviser mostly answered 'onbekend' is asked later
        known: dict[str, int] = {}
        for key, value in list(case.observaties.items()) + [kv for p in case.partners for kv in p.observaties.items()]:
            item = self.kb.observaties.get(key)
            if item is not None:
                known[item.thema] = known.get(item.thema, 0) + (1 if value in (None, UNKNOWN) else -1)
        out = {}
        for q, v in values.items():
            item = self.kb.observaties.get(q.key)
            if item is None or max(v, reach.get(q, 0.0)) < MIN_VALUE or not precondition_holds(q.key, answers):
                continue
            if q.partner is None and item.niveau != "coalitie":
                continue
            if q.partner is not None:
                if item.niveau != "partner":
                    continue
                types = [t for pre in item.wanneer for t in pre.partner_type]
                if types and partner_types.get(q.partner) not in types:
                    continue
            out[q] = v * UNKNOWN_DAMPING ** max(0, known.get(item.thema, 0) - UNKNOWN_GRACE)
        return out

    @staticmethod
    def _standing(run) -> dict[str, tuple[float, str]]:
        """Per knowledge record: the strongest evidence for it so far and its status."""
        from .reasoning import weigh_run
        _, verdict, judgement = weigh_run(run)
        out = {}
        for rid, instances in judgement.all_weighed.items():
            best = max(instances, key=lambda f: f.score_for, default=None)
            out[rid] = (best.score_for, best.status) if best is not None else (0.0, "niet")
        return out

    @staticmethod
    def _record_factor(rule, standing) -> float:
        """A record's indicator is worth most when its answer would raise the finding or settle
        a suspicion; less when the finding is already established or still far off (a rule
        shared by several records counts for the one it helps most)."""
        uses = getattr(rule._wrapped, "uses", None)
        if not uses:
            return 1.0
        from .records import load_records
        best = 0.0
        for rid, role, _, weight in uses:
            rec = load_records().get(rid)
            if rec is None or rec.soort not in ("risico", "sterkte"):
                return 1.0
            score, status = standing.get(rid, (0.0, "niet"))
            if role == "tegen":
                factor = 0.5 if status != "niet" else DECAY
            elif status == "vastgesteld":
                factor = DECAY
            else:
                need = rec.drempel.vermoedelijk if status == "niet" else rec.drempel.vastgesteld
                factor = 1.0 if score + weight >= need and (score > 0 or weight >= need) else DECAY
            best = max(best, factor)
        return best

    def next(self, case: Case, current_theme: str | None) -> Question | None:
        """Among the questions in play (worth at least RELATIVE_BAR of the best one), the most
        valuable in the current theme, else in the next theme (in theme order,
        wrapping round); None when nothing is left."""
        values = self.values(case)
        if not values:
            return None
        bar = RELATIVE_BAR * max(values.values())
        values = {q: v for q, v in values.items() if v >= bar}
        order = {k: i for i, k in enumerate(self.kb.observaties)}
        themes = sorted(self.kb.themas, key=lambda t: self.kb.themas[t].volgorde)
        start = themes.index(current_theme) if current_theme in themes else 0
        for theme in themes[start:] + themes[:start]:
            in_theme = [q for q in values if self.kb.observaties[q.key].thema == theme]
            if in_theme:
                return min(in_theme, key=lambda q: (-values[q], order[q.key], q.partner or ""))
        return None


# -- the case file ---------------------------------------------------------------------------
class NotACaseFile(CaseError):
    pass


def open_case_file(path: Path) -> tuple[Case | None, bool]:
    """Load an existing case file to continue, or (None, False) for a new one.
    Returns (case, has_own_comments). Refuses a file that is not a case file."""
    from .case import load_case
    if not path.exists():
        return None, False
    if path.is_dir():
        raise NotACaseFile(str(path), [("", "dit is een map, geen casusbestand")])
    try:
        case = load_case(path)
    except CaseError as exc:
        raise NotACaseFile(str(path), exc.problemen + [
            ("", "dit lijkt geen (geldig) casusbestand; het interview overschrijft het niet. "
                 "Herstel het bestand of kies een nieuwe naam.")]) from None
    text = read_file_bytes(path).decode("utf-8")
    ours = {line.strip() for line in HEADER.splitlines()}
    own_comments = any(line.lstrip().startswith("#") and line.strip() not in ours for line in text.splitlines())
    return case, own_comments


class _CaseDumper(yaml.SafeDumper):
    """Writes multi-line notes as a literal block, as a person would type them."""


def _str(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_CaseDumper.add_representer(str, _str)


def case_text(case: Case) -> str:
    data = case.model_dump(mode="python")  # dates stay dates: written without quotes
    data["schema_versie"] = CASE_SCHEMA_VERSION
    data = {"schema_versie": data.pop("schema_versie"), **data}
    for p in data["partners"]:  # unknown flags are left out, as the adviser would
        for flag in ("kern", "coordinator"):
            if p[flag] is None:
                del p[flag]
    if data["partnerlijst"] == "onbekend":
        del data["partnerlijst"]
    if not data["plannen"]:
        del data["plannen"]
    answers = [data["observaties"]] + [p["observaties"] for p in data["partners"]] + \
              [i["observaties"] for i in data["informanten"]]
    for obs in answers:
        for key, value in obs.items():
            if value is None:
                obs[key] = UNKNOWN  # readable, and the same answer when read back
    if not data["informanten"]:
        del data["informanten"]  # a single-view case keeps its familiar shape
    body = yaml.dump(data, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=88)
    return HEADER + body


def save(path: Path, case: Case) -> None:
    save_case_file(path, case_text(case))


def with_answer(case: Case, q: Question, value: Any) -> Case:
    data = case.model_dump(mode="json")
    if q.partner is None:
        data["observaties"][q.key] = value
    else:
        for p in data["partners"]:
            if p["naam"] == q.partner:
                p["observaties"][q.key] = value
    return case_from_data(data)


def parse_answer(key: str, raw: str, taal: str = "nl") -> Any:
    """Turn what the adviser typed into an answer; raises ValueError with a hint."""
    item = kennisbank.load().observaties[key]
    text = raw.strip()
    low = text.casefold()
    if low in ("", "o", "?o", "onbekend", "unknown", "weet niet", "-"):
        return UNKNOWN
    if item.type == "janee":
        mapping = {"j": "ja", "ja": "ja", "y": "ja", "yes": "ja", "n": "nee", "nee": "nee", "no": "nee",
                   "d": "deels", "deels": "deels", "p": "deels", "partly": "deels"}
        if low in mapping:
            return mapping[low]
        raise ValueError("antwoord j(a), n(ee), d(eels) of o(nbekend)")
    if item.type in ("keuze", "meerkeuze"):
        ids = [o.id for o in item.opties]
        picks = [x.strip() for x in text.replace(",", " ").split()] if item.type == "meerkeuze" else [text]
        chosen = []
        for pick in picks:
            if pick.isdigit() and 1 <= int(pick) <= len(ids):
                chosen.append(ids[int(pick) - 1])
            elif pick in ids:
                chosen.append(pick)
            else:
                raise ValueError(f"kies een nummer 1–{len(ids)} of een id.{did_you_mean(pick, ids)}")
        return chosen if item.type == "meerkeuze" else chosen[0]
    if item.type == "getal":
        try:
            return int(text)
        except ValueError:
            raise ValueError("geef een geheel getal") from None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError("geef een datum als 2026-10-01") from None


# -- the conversation ------------------------------------------------------------------------
class Stop(Exception):
    """The adviser asked to stop (or the input ended)."""


@dataclass
class Outcome:
    case: Case
    asked: int
    stopped_early: bool


class Interview:
    """Drives one interview over an I/O pair, saving after every answer.

    ``ask(prompt) -> str`` reads one line (raising EOFError at the end) and
    ``say(text)`` prints; tests and `--no-input` replay pass their own.
    """

    def __init__(self, path: Path, ask: Callable[[str], str], say: Callable[[str], None],
                 taal: str = "nl", budget: int = DEFAULT_BUDGET, today: dt.date | None = None,
                 style: Callable[[str, str], str] = lambda text, kind: text):
        self.path, self.ask_raw, self.say = Path(path), ask, say
        self.taal, self.budget, self.today = taal, budget, today or dt.date.today()
        self.style = style
        self.kb = kennisbank.load()
        self.planner = Planner()
        self.asked = 0
        self.history: list[Question] = []

    # helpers -------------------------------------------------------------
    @staticmethod
    def wrap(text: str, indent: str = "", width: int = 78) -> str:
        import textwrap
        return "\n".join(textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent))

    def t(self, nl: str, en: str) -> str:
        return en if self.taal == "en" else nl

    def ask(self, prompt: str) -> str:
        try:
            answer = self.ask_raw(prompt)
        except EOFError:
            raise Stop() from None
        if answer is None:
            raise Stop()
        if answer.strip().casefold() in (":stop", "stop", ":q"):
            raise Stop()
        return answer

    def save(self, case: Case) -> None:
        save(self.path, case)

    # steps ---------------------------------------------------------------
    def basics(self, case: Case | None) -> Case:
        if case is not None:
            return case
        self.say(self.style(self.t("Nieuwe casus. Eerst de basis.", "New case. First the basics."), "kop"))
        name = ""
        while not name:
            name = self.ask(self.t("Naam van de coalitie: ", "Name of the coalition: ")).strip()
        gemeente = self.ask(self.t("Gemeente of kern (mag leeg): ", "Municipality (may be empty): ")).strip()
        while True:
            raw = self.ask(self.t(f"Datum van het gesprek [{self.today.isoformat()}]: ",
                                  f"Date of the interview [{self.today.isoformat()}]: ")).strip()
            try:
                datum = dt.date.fromisoformat(raw) if raw else self.today
                break
            except ValueError:
                self.say(self.t("  Geef een datum als 2026-10-01.", "  Give a date like 2026-10-01."))
        case = case_from_data({"coalitie": name, "gemeente": gemeente, "datum_gesprek": datum.isoformat()})
        self.save(case)
        return case

    def partners(self, case: Case) -> Case:
        if case.partners:
            return case
        types = list(self.kb.partnertypes)
        self.say(self.style(self.t("Partners aan tafel (lege naam = klaar).", "Partners at the table (empty name = done)."), "kop"))
        self.say(self.wrap(", ".join(f"{i}={t}" for i, t in enumerate(types, 1)), "  "))
        while True:
            naam = self.ask(self.t("Naam van de partner: ", "Partner name: ")).strip()
            if not naam:
                return case
            if any(p.naam == naam for p in case.partners):
                self.say(self.t("  Die partner staat er al.", "  That partner is already listed."))
                continue
            while True:
                raw = self.ask(self.t("  Soort (nummer of naam): ", "  Kind (number or name): ")).strip()
                if raw.isdigit() and 1 <= int(raw) <= len(types):
                    ptype = types[int(raw) - 1]
                    break
                if raw in types:
                    ptype = raw
                    break
                self.say("  " + self.t("Kies uit de lijst.", "Choose from the list.") + did_you_mean(raw, types))
            rol = self.ask(self.t("  Rol in eigen woorden (mag leeg): ", "  Role in your own words (may be empty): ")).strip()
            kern = self.ask(self.t("  Hoort bij de kerngroep? (j/n): ", "  Part of the core group? (y/n): ")).strip().casefold() in ("j", "ja", "y", "yes")
            coord = self.ask(self.t("  Voert de netwerkcoördinatie? (j/n): ", "  Coordinates the network? (y/n): ")).strip().casefold() in ("j", "ja", "y", "yes")
            data = case.model_dump(mode="json")
            data["partners"].append({"naam": naam, "type": ptype, "rol": rol, "kern": kern, "coordinator": coord})
            case = case_from_data(data)
            self.save(case)

    def read_answer(self, q: Question) -> str:
        return self.ask("> ")

    def question_text(self, q: Question) -> str:
        item = self.kb.observaties[q.key]
        who = f"[{q.partner}] " if q.partner else ""
        lines = [self.style(self.wrap(f"{who}{item.vraag(self.taal)}"), "vraag")]
        if item.type == "janee":
            lines.append("  (j)a / (n)ee / (d)eels / (o)nbekend" if self.taal == "nl" else "  (y)es / (n)o / (p)artly / (o) unknown")
        elif item.opties:
            for i, o in enumerate(item.opties, 1):
                lines.append(f"  {i}. {o.en if self.taal == 'en' else o.nl}")
            if item.type == "meerkeuze":
                lines.append(self.t("  (meerdere nummers mogelijk, gescheiden door spaties; o = onbekend)",
                                    "  (several numbers allowed, separated by spaces; o = unknown)"))
        elif item.type == "datum":
            lines.append(self.t("  datum JJJJ-MM-DD, of o(nbekend)", "  date YYYY-MM-DD, or o (unknown)"))
        else:
            lines.append(self.t("  geheel getal, of o(nbekend)", "  whole number, or o (unknown)"))
        return "\n".join(lines)

    def help_text(self, q: Question) -> str:
        item = self.kb.observaties[q.key]
        return (self.wrap(self.t("Toelichting: ", "Help: ") + item.hulp(self.taal), "  ")
                + "\n" + self.wrap(self.t("Bron: ", "Source: ") + "; ".join(item.bron), "  "))

    def show_diagnosis(self, case: Case) -> None:
        from . import diagnose
        from .render import render
        self.say(render(diagnose(case, taal=self.taal), "text"))

    def observations(self, case: Case) -> tuple[Case, bool]:
        theme = None
        while True:
            if self.asked >= self.budget:
                self.say(self.t(f"Vragenbudget ({self.budget}) bereikt.", f"Question budget ({self.budget}) reached."))
                return case, True
            q = self.planner.next(case, theme)
            if q is None:
                return case, False
            item = self.kb.observaties[q.key]
            if item.thema != theme:
                theme = item.thema
                self.say(self.style(f"\n── {self.kb.themas[theme].titel(self.taal)} ──", "kop"))
            self.say(self.question_text(q))
            while True:
                raw = self.read_answer(q)
                cmd = raw.strip().casefold()
                if cmd in ("h", "?", ":hulp", ":help"):
                    self.say(self.help_text(q))
                    continue
                if cmd in (":diagnose", ":d"):
                    self.show_diagnosis(case)
                    self.say(self.question_text(q))
                    continue
                if cmd in (":terug", ":back") and self.history:
                    prev = self.history.pop()
                    case = with_answer(case, prev, None) if prev.partner else self._forget(case, prev)
                    self.save(case)
                    self.asked = max(0, self.asked - 1)
                    self.say(self.t("  Vorige vraag komt terug.", "  The previous question comes back."))
                    break
                if cmd.startswith(":wijzig") or cmd.startswith(":change"):
                    case = self._change(case, raw)
                    continue
                try:
                    value = parse_answer(q.key, raw, self.taal)
                except ValueError as exc:
                    self.say(f"  {exc}")
                    continue
                case = with_answer(case, q, value)
                self.save(case)
                self.asked += 1
                self.history.append(q)
                break

    def _forget(self, case: Case, q: Question) -> Case:
        data = case.model_dump(mode="json")
        data["observaties"].pop(q.key, None)
        return case_from_data(data)

    def _change(self, case: Case, raw: str) -> Case:
        parts = raw.split(maxsplit=2)
        if len(parts) < 3 or parts[1] not in self.kb.observaties:
            self.say(self.t("  Gebruik: :wijzig <id> <antwoord>", "  Use: :change <id> <answer>"))
            return case
        key = parts[1]
        if self.kb.observaties[key].niveau != "coalitie":
            self.say(self.t("  Alleen vragen over de coalitie zijn zo te wijzigen.", "  Only coalition questions can be changed this way."))
            return case
        try:
            value = parse_answer(key, parts[2], self.taal)
        except ValueError as exc:
            self.say(f"  {exc}")
            return case
        case = with_answer(case, Question(key), value)
        self.save(case)
        self.say(self.t(f"  {key} gewijzigd.", f"  {key} changed."))
        return case

    def run(self, case: Case | None) -> Outcome:
        stopped = False
        try:
            case = self.basics(case)
            case = self.partners(case)
            self.say(self.wrap(self.t(
                "Typ h voor toelichting en bron, o voor onbekend, :d voor de diagnose tot nu toe, "
                ":terug, :wijzig <id> <antwoord>, :stop.",
                "Type h for help and source, o for unknown, :d for the diagnosis so far, :back, "
                ":change <id> <answer>, :stop.")))
            case, stopped = self.observations(case)
        except Stop:
            stopped = True
            if case is None:
                raise
        return Outcome(case, self.asked, stopped)


class Replay(Interview):
    """An interview without prompts (``--no-input``): answers come from a mapping
    shaped like a case — basics, partners, and observations by id; a question
    it has no answer for is answered 'onbekend'. The planner still chooses the
    order and decides when to stop, so a replay shows which questions a live
    interview would ask."""

    def __init__(self, path: Path, answers: dict, say: Callable[[str], None], **kwargs):
        super().__init__(path, ask=lambda prompt: "", say=say, **kwargs)
        self.answers = answers

    def basics(self, case: Case | None) -> Case:
        if case is not None:
            return case
        a = self.answers
        case = case_from_data({"coalitie": a.get("coalitie") or "Coalitie", "gemeente": a.get("gemeente") or "",
                               "datum_gesprek": str(a.get("datum_gesprek") or self.today.isoformat())})
        self.save(case)
        return case

    def partners(self, case: Case) -> Case:
        if case.partners or not self.answers.get("partners"):
            return case
        data = case.model_dump(mode="json")
        data["partners"] = [{k: v for k, v in p.items() if k != "observaties"} for p in self.answers["partners"]]
        case = case_from_data(data)
        self.save(case)
        return case

    def read_answer(self, q: Question) -> str:
        if q.partner is None:
            value = (self.answers.get("observaties") or {}).get(q.key)
        else:
            partner = next((p for p in self.answers.get("partners") or [] if p.get("naam") == q.partner), {})
            value = (partner.get("observaties") or {}).get(q.key)
        if value is None:
            answer = "o"
        elif isinstance(value, list):
            item = self.kb.observaties[q.key]
            answer = " ".join(str([o.id for o in item.opties].index(v) + 1) for v in value) or "o"
        else:
            answer = str(value)
        self.say(f"> {answer}")
        return answer


class InformantInterview(Interview):
    """Interviews one informant into an existing case: every answer is saved under
    ``informanten[id].observaties`` of the case file (atomically, like any answer),
    so the interview can be run once per informant into the same case. The
    planner sees only this informant's answers, so it asks them what the adviser
    may already have answered. With ``answers`` (a case-shaped mapping) it
    replays instead of asking, like ``Replay``."""

    def __init__(self, path: Path, full: Case, informant_id: str, say: Callable[[str], None],
                 ask: Callable[[str], str] = lambda prompt: "", answers: dict | None = None, **kwargs):
        super().__init__(path, ask=ask, say=say, **kwargs)
        self.full, self.informant_id, self.answers = full, informant_id, answers

    def view(self) -> Case:
        data = self.full.model_dump(mode="json")
        inf = next(i for i in data["informanten"] if i["id"] == self.informant_id)
        data["observaties"], data["informanten"] = inf["observaties"], []
        return case_from_data(data)

    def save(self, case: Case) -> None:
        data = self.full.model_dump(mode="json")
        for inf in data["informanten"]:
            if inf["id"] == self.informant_id:
                inf["observaties"] = case.model_dump(mode="json")["observaties"]
        self.full = case_from_data(data)
        save(self.path, self.full)

    def basics(self, case: Case | None) -> Case:
        return case

    def partners(self, case: Case) -> Case:
        return case

    def read_answer(self, q: Question) -> str:
        if self.answers is None:
            return super().read_answer(q)
        return Replay.read_answer(self, q)

    def run(self, case: Case | None = None) -> Outcome:
        self.say(self.style(self.t(f"Gesprek met {self.informant_id}: de vragen gaan over hoe deze persoon het ziet.",
                                   f"Interview with {self.informant_id}: the questions are about how this person sees it."),
                            "kop"))
        outcome = super().run(self.view())
        return Outcome(self.full, outcome.asked, outcome.stopped_early)


def with_informant(case: Case, informant_id: str, rol: str = "", partner: str | None = None) -> Case:
    """The case with this informant present (added when new; rol and partner updated when given)."""
    data = case.model_dump(mode="json")
    for inf in data["informanten"]:
        if inf["id"] == informant_id:
            if rol:
                inf["rol"] = rol
            if partner:
                inf["partner"] = partner
            break
    else:
        data["informanten"].append({"id": informant_id, "rol": rol, "partner": partner, "observaties": {}})
    return case_from_data(data)
