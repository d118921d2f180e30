"""The adaptive interview behind `coalitie interview`.

It asks the coalition's basics and partners first (whether the list is complete,
and again when the number of parties exceeds it), then observations. Which
question comes next is chosen in ``questioning`` (a start for a coalition that has
not met, a screening round over every area, then depth by what an answer can
change; it stops when nothing left can change the findings, and says so). The
value of a candidate question comes from the ``Planner`` below:

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
  phase is unknown, a question that points at a phase, weigh extra; a theme
  where the adviser answered 'onbekend' more often than not (beyond one) counts
  for less, so the interview moves on to what the adviser knows.

Answers come as people give them: a theme screen shows the statements of an area
that can matter and the adviser marks those they know on one line ('1j 3n'; what is
not named is no answer, is not saved and counts as no question), a partner grid one
answer per partner (a cell left empty is likewise no answer), dates may be durations or
relative ("over 14 maanden", shown back for confirmation), plans come with when,
and 'onbekend' is always an answer. Every answer is written to the case file at
once, atomically, so an interrupted interview loses at most the question being
answered and resumes where it stopped. At the end: what is established, what is
suspected, and a short list of questions for next time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .. import kennisbank

from .case import CASE_SCHEMA_VERSION, Case, UNKNOWN, case_from_data, did_you_mean
from .engine import all_rules, get_engine
from .errors import CaseError
from .facts import Obs, Partner, PartnerObs, Phase, Signal
from .fileio import save_case_file
from .reading import read_file_bytes
from .openquestions import precondition_holds
from .patterns import matches, rule_patterns
from .questioning import Chooser, Question, Step, area_title, question_text, with_answers

WEIGHTS = {"risico": 3.0, "conditie": 2.0, "indicator": 1.0, "signaal": 1.5, "interventie": 0.5, "fase": 0.0}
MIN_VALUE = 0.5          # below this (a partner question: before sharing) a question cannot change much
PHASE_BOOST = 3.0        # weight of a phase indicator while no phase is known
GATE_VALUE = 0.5         # per question this one is the precondition of
DECAY = 0.25             # a rule's weight is multiplied by this for every other open condition
SIGNAL_PASS = 1.0        # share of the waiting rules' worth that a signal-making rule carries
COMPOSITION_BOOST = 3.0  # rules about a kind of partner at this table (a coordinator, a care provider…)
UNKNOWN_DAMPING = 0.5    # a theme's questions count this much per 'onbekend' (net of real answers)…
UNKNOWN_GRACE = 1        # …beyond this many
DEFAULT_BUDGET = 40      # questions about observations in one sitting

HEADER = ("# Casus voor `coalitie`, bijgehouden door `coalitie interview`.\n"
          "# Elke vraag wordt direct opgeslagen; onbekend = niet geweten.\n")


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
        return self.kb.asked_of(key, partner_type)

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
                if not self.kb.asked_of(q.key, partner_types.get(q.partner, "")):
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


def _quoted(name: str) -> str:
    """A partner's name as `:wijzig` reads it back (shlex): in double quotes when it holds
    a space, a quote or a backslash."""
    import shlex
    try:
        if shlex.split(name) == [name]:
            return name
    except ValueError:
        pass
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def case_data(case: Case) -> dict:
    """The case as the file holds it: plain values, unknown flags and empty parts left out."""
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
    for plan in data.get("plannen", []):
        if plan["partner"] is None:
            del plan["partner"]
    answers = [data["observaties"]] + [p["observaties"] for p in data["partners"]] + \
              [i["observaties"] for i in data["informanten"]]
    for obs in answers:
        for key, value in obs.items():
            if value is None:
                obs[key] = UNKNOWN  # readable, and the same answer when read back
    if not data["informanten"]:
        del data["informanten"]  # a single-view case keeps its familiar shape
    return data


def case_text(case: Case, previous: str | None = None) -> tuple[str, bool]:
    """The case file's text, and whether it keeps everything of ``previous`` (the file as
    it now is) that is not the case itself: the adviser's comments, the order of keys,
    flow or block style, quotes. With ``previous`` the text is that file with only the
    changed values rewritten (a round trip through ruamel.yaml); the result is read back
    with the strict reader and must give exactly this case, or the file is written anew
    (and the interview keeps a copy of the old one, ``fileio``). Without it: a new file."""
    data = case_data(case)
    if previous is not None:
        from .roundtrip import updated_text
        text = updated_text(previous, data)
        if text is not None and _reads_as(text, data):
            return text, True
    return HEADER + yaml.dump(data, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=88), False


def _reads_as(text: str, data: dict) -> bool:
    """Whether the strict reader reads ``text`` as the case whose ``case_data`` is ``data``."""
    from .case import parse_case_text
    try:
        return case_data(parse_case_text(text, fmt="yaml")) == data
    except Exception:  # any reading failure means: not this case
        return False


def save(path: Path, case: Case) -> None:
    """Save the case into its file, keeping the adviser's own layout and comments."""
    previous = None
    if Path(path).exists():  # a JSON file is written anew (roundtrip.updated_text declines it)
        try:
            previous = read_file_bytes(path).decode("utf-8")
        except (CaseError, UnicodeDecodeError):
            pass
    text, kept = case_text(case, previous)
    save_case_file(path, text, comments_kept=kept)


def with_answer(case: Case, q: Question, value: Any) -> Case:
    return with_answers(case, {q: value})


def parse_date(raw: str, today: dt.date, taal: str = "nl", future: bool = False) -> tuple[str, bool]:
    """A date as typed: ISO, or a duration, relative date or date in words counted from
    ``today`` (``dates.parse_date_text``; ``future`` for what is planned). Returns (ISO date,
    whether it was read from words and so needs confirming); raises ValueError with a hint in ``taal``."""
    from .dates import parse_date_text
    text = raw.strip()
    try:
        return dt.date.fromisoformat(text).isoformat(), False
    except ValueError:
        pass
    found = parse_date_text(text, today, future)
    if found is None:
        raise ValueError("give a date such as 2026-10-01, '1 March 2027' or 'early 2020', or a duration such as "
                         "'in 14 months', 'a year and a half ago', 'for three years'" if taal == "en" else
                         "geef een datum als 2026-10-01, '1 maart 2027' of 'begin 2020', of een duur als "
                         "'over 14 maanden', 'anderhalf jaar geleden', 'sinds drie jaar'")
    return found.isoformat(), True


def parse_answer(key: str, raw: str, taal: str = "nl", today: dt.date | None = None) -> Any:
    """Turn what the adviser typed into an answer; raises ValueError with a hint in ``taal``.
    A date may be relative ("over 14 maanden") when ``today`` is given."""
    en = taal == "en"
    item = kennisbank.load().observaties[key]
    text = raw.strip()
    low = text.casefold()
    if low in ("", "o", "?o", "onbekend", "unknown", "weet niet", "-"):
        return UNKNOWN
    if item.type == "janee":
        if JANEE.get(low, UNKNOWN) != UNKNOWN:  # (unknown was handled above)
            return JANEE[low]
        raise ValueError("answer y(es), n(o), p(artly) or o (unknown)" if en else
                         "antwoord j(a), n(ee), d(eels) of o(nbekend)")
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
                raise ValueError((f"choose a number 1–{len(ids)} or an id." if en else
                                  f"kies een nummer 1–{len(ids)} of een id.") + did_you_mean(pick, ids, taal))
        lone = item.excluding(chosen) if item.type == "meerkeuze" else None
        if lone:
            n = ids.index(lone) + 1
            raise ValueError(f"{n} ({lone}) cannot go with other choices: give {n} alone, or leave it out." if en
                             else f"{n} ({lone}) kan niet samen met andere keuzes: geef alleen {n}, of laat die weg.")
        return chosen if item.type == "meerkeuze" else chosen[0]
    if item.type == "getal":
        from .dates import whole_number  # "elf", "twaalf" as people say them
        number = whole_number(text)
        if number is None:
            raise ValueError("give a whole number (11, eleven or about 11)" if en
                             else "geef een geheel getal (11, elf of ongeveer 11)")
        return number
    if today is not None:
        return parse_date(text, today, taal)[0]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError("give a date such as 2026-10-01" if en else "geef een datum als 2026-10-01") from None


# -- the conversation ------------------------------------------------------------------------
class Stop(Exception):
    """The adviser asked to stop (or the input ended)."""


@dataclass
class Outcome:
    case: Case
    asked: int
    stopped_early: bool
    stop_reason: str = ""        # see STOP_REASONS
    shown: int = 0               # statements and questions shown, answered or not
    left_open: tuple = ()        # statements left unmarked, questions and grid cells left empty, still without an answer


STOP_REASONS = {
    "onveranderlijk": ("klaar: geen open vraag kan de fase of de vastgestelde bevindingen nog veranderen",
                       "done: no open question can change the phase or the established findings"),
    "niets": ("klaar: er zijn geen vragen meer die iets uitmaken", "done: no questions left that matter"),
    "perspectief": ("klaar: alle vragen over hoe deze persoon het ziet zijn gesteld",
                    "done: every question about how this person sees it has been asked"),
    "budget": ("gestopt bij het vragenbudget", "stopped at the question budget"),
    "stop": ("gestopt", "stopped"),
}

STAGE_TITLES = {
    "start": ("Een coalitie die nog niet bijeen is geweest: eerst het begin.",
              "A coalition that has not met yet: the beginning first."),
    "screening": ("Eerst een korte ronde langs alle gebieden.", "First a short round through every area."),
    "verdieping": ("Nu verder waar een antwoord de uitkomst nog kan veranderen.",
                   "Now deeper where an answer can still change the outcome."),
}

STAGE_TITLES_RESUMED = {  # the first stage of a sitting that goes on where an earlier one stopped
    "start": ("Verder met het begin van de coalitie.", "Continuing with the coalition's beginning."),
    "screening": ("Verder met de korte ronde langs alle gebieden.", "Continuing the short round through every area."),
}

JANEE = {"j": "ja", "ja": "ja", "y": "ja", "yes": "ja", "n": "nee", "nee": "nee", "no": "nee",
         "d": "deels", "deels": "deels", "p": "deels", "partly": "deels",
         "o": UNKNOWN, "?": UNKNOWN, "-": UNKNOWN, "onbekend": UNKNOWN, "unknown": UNKNOWN}


def parse_flag(raw: str, taal: str = "nl") -> bool | None:
    """A partner flag (core group, coordinator): ja, nee or onbekend (None)."""
    low = raw.strip().casefold()
    if low in ("j", "ja", "y", "yes"):
        return True
    if low in ("n", "nee", "no"):
        return False
    if low in ("", "o", "onbekend", "unknown", "?", "-"):
        return None
    raise ValueError("answer y(es), n(o) or o (unknown)" if taal == "en" else "antwoord j(a), n(ee) of o(nbekend)")


def parse_screen(raw: str, n: int, taal: str = "nl") -> list[str]:
    """A theme screen's answer: numbered ("1j 3n"; statements not named stay unmarked,
    "" in the result: not an answer), or one of j/n/d/o per statement in order ("jnod",
    "j n o d"); empty: nothing marked. Raises ValueError with a hint."""
    nl = taal != "en"
    text = raw.strip().casefold()
    tokens = text.split()
    if not tokens:
        return [""] * n
    if all(t[:1].isdigit() for t in tokens):
        out = [""] * n
        for t in tokens:
            num = "".join(ch for ch in t if ch.isdigit())
            rest = t[len(num):]
            if not t.startswith(num) or not (1 <= int(num) <= n) or rest not in JANEE:
                raise ValueError(f"‘{t}’ begrijp ik niet: schrijf per uitspraak een nummer 1–{n} met j, n, d "
                                 f"of o, bijv. '1j 3n'" if nl else
                                 f"‘{t}’ is not clear: write per statement a number 1–{n} with y, n, p or o, "
                                 f"e.g. '1y 3n'")
            out[int(num) - 1] = JANEE[rest]
        return out
    letters = tokens if len(tokens) > 1 else list(text.replace(",", ""))
    if len(letters) != n or any(x not in JANEE for x in letters):
        example = "jnod" if nl else "ynpo"
        raise ValueError(f"markeer wat je weet met nummers zoals '1j 3n', of geef {n} letters, één per "
                         f"uitspraak, uit j, n, d en o (bijv. '{example[:n] + 'o' * max(0, n - 4)}')" if nl else
                         f"mark what you know with numbers like '1y 3n', or give {n} letters, one per "
                         f"statement, from y, n, p and o (e.g. '{example[:n] + 'o' * max(0, n - 4)}')")
    return [JANEE[x] for x in letters]


_HELP_ONE = re.compile(r"(?:[h?]|:hulp|:help)\s*(\d+)")  # on a theme screen: help on one statement ('h 4', ':hulp 4')


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
        self.chooser = Chooser(self.planner)
        self.asked = 0                     # questions answered: marked statements, grid cells, single questions
        self.shown = 0                     # statements and questions shown (unmarked ones too)
        self.history: list[Step] = []      # steps answered in this sitting, for :terug
        self.revisited: set[str] = set()   # earlier answers taken back to in a resumed sitting
        self.forced: Step | None = None    # the step :terug brings back
        self.plans_asked = False
        self.list_checked = False
        self.saved: Case | None = None    # the case as last saved (what :stop ends with)

    # helpers -------------------------------------------------------------
    @staticmethod
    def wrap(text: str, indent: str = "", width: int = 78, first: str | None = None) -> str:
        """``text`` wrapped at whole words, each line indented; ``first``: the first line's
        indent when it differs (a number: '  3. ')."""
        import textwrap
        return "\n".join(textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                                        subsequent_indent=indent, break_on_hyphens=False))

    def recorded(self, questions, values: list[str]) -> str:
        """What a theme screen's answer recorded, by statement number ('Vastgelegd: 1 ja · 3 nee')."""
        from .result import answer_text
        marks = " · ".join(f"{i} {answer_text(q.key, v, self.taal)}"
                           for i, (q, v) in enumerate(zip(questions, values), 1) if v)
        return self.wrap(self.t("Vastgelegd: ", "Recorded: ") + marks, "  ")

    @staticmethod
    def number(i: int, n: int) -> str:
        """Item ``i`` of ``n`` as a screen numbers it: ' 1.' beside '10.' when there are ten or more."""
        return f"{i:>2}. " if n > 9 else f"{i}. "

    def say_problem(self, exc: Exception) -> None:
        """A refused answer's message, indented and wrapped at whole words (80 columns)."""
        self.say("\n".join(self.wrap(line, "  ") for line in str(exc).splitlines()))

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

    def ask_text(self, prompt: str) -> str:
        """A free-text answer (a name, a role): a command there is not taken as the text."""
        while True:
            answer = self.ask(prompt).strip()
            if not answer.startswith(":"):
                return answer
            self.say(self.t("  Opdrachten als :terug werken bij de vragen; hier typ je tekst (:stop stopt).",
                            "  Commands such as :back work at the questions; here you type text (:stop stops)."))

    def save(self, case: Case) -> None:
        save(self.path, case)
        self.saved = case  # what :stop ends with: every answer saved so far

    def completions(self) -> list[str]:
        """What Tab completes at the prompt (``terminal.line_reader``): the commands, the
        question ids and the partners' names (quoted when they hold a space)."""
        names = [_quoted(p.naam) for p in (self.saved.partners if self.saved else [])]
        commands = [":d", ":stop"] + ([":back", ":change", ":next"] if self.taal == "en"
                                      else [":terug", ":wijzig", ":verder"])
        return commands + list(self.kb.observaties) + names

    def ref_date(self, case: Case) -> dt.date:
        return case.datum_gesprek

    # steps ---------------------------------------------------------------
    def basics(self, case: Case | None) -> Case:
        if case is not None:
            return case
        self.say(self.style(self.t("Nieuwe casus. Eerst de basis.", "New case. First the basics."), "kop"))
        name = ""
        while not name:
            name = self.ask_text(self.t("Naam van de coalitie: ", "Name of the coalition: "))
        gemeente = self.ask_text(self.t("Gemeente of kern (mag leeg): ", "Municipality (may be empty): "))
        while True:
            raw = self.ask(self.t(f"Datum van het gesprek [{self.today.isoformat()}]: ",
                                  f"Date of the interview [{self.today.isoformat()}]: ")).strip()
            if not raw:
                datum = self.today
                break
            try:  # as every date answer: ISO, words ("11 maart 2026") or relative ("gisteren"), confirmed
                iso, from_words = parse_date(raw, self.today, self.taal)
            except ValueError as exc:
                self.say_problem(exc)
                continue
            if not from_words or self.confirm_date(raw, iso):
                datum = dt.date.fromisoformat(iso)
                break
        case = case_from_data({"coalitie": name, "gemeente": gemeente, "datum_gesprek": datum.isoformat()})
        self.save(case)
        return case

    def ask_flag(self, prompt: str) -> bool | None:
        while True:
            try:
                return parse_flag(self.ask(prompt), self.taal)
            except ValueError as exc:
                self.say_problem(exc)

    def add_partners(self, case: Case) -> Case:
        """Partners typed one by one (empty name = done); every partner saved at once."""
        types = list(self.kb.partnertypes)
        # the ids are Dutch (they go into the case file as they are): in English each with its name
        named = [t if self.taal != "en" else f"{t} ({self.kb.partnertypes[t].titel('en')})" for t in types]
        self.say(self.wrap(", ".join(f"{i}={t}" for i, t in enumerate(named, 1)), "  "))
        while True:
            naam = self.ask_text(self.t("Naam van de partner (leeg = klaar): ", "Partner name (empty = done): "))
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
                named = [t for t in types if raw.casefold() in (t.casefold(), *(
                    self.kb.partnertypes[t].titel(taal).casefold() for taal in ("nl", "en")))]
                if named:  # the id, or the kind's name in either language, in any case
                    ptype = named[0]
                    break
                self.say("  " + self.t("Kies uit de lijst.", "Choose from the list.") + self.kind_hint(raw, types))
            rol = self.ask_text(self.t("  Rol in eigen woorden (mag leeg): ", "  Role in your own words (may be empty): "))
            kern = self.ask_flag(self.t("  Hoort bij de kerngroep? (j/n/o, leeg = o): ",
                                        "  Part of the core group? (y/n/o, empty = o): "))
            coord = self.ask_flag(self.t("  Voert de netwerkcoördinatie? (j/n/o, leeg = o): ",
                                         "  Coordinates the network? (y/n/o, empty = o): "))
            data = case.model_dump(mode="json")
            data["partners"].append({"naam": naam, "type": ptype, "rol": rol, "kern": kern, "coordinator": coord})
            case = case_from_data(data)
            self.save(case)

    def kind_hint(self, raw: str, types: list[str]) -> str:
        """For a kind typed that is not on the list: the kinds whose description names a word
        in it ('vrijwilligersorganisatie': those that speak of volunteers), else the nearest id."""
        typed = raw.casefold()
        if len(typed) < 4:
            return did_you_mean(raw, types, self.taal)
        hits = [n for n, t in enumerate(types, 1) if any(
            len(w) >= 6 and (w in typed or typed in w)
            for w in re.findall(r"\w+", " ".join(self.kb.partnertypes[t].titel(taal) + " " + getattr(
                self.kb.partnertypes[t].uitleg, taal) for taal in ("nl", "en")).casefold()))]
        if not hits:
            return did_you_mean(raw, types, self.taal)
        listed = ", ".join(f"{n}={types[n - 1]} ({self.kb.partnertypes[types[n - 1]].titel(self.taal)})" for n in hits)
        return self.t(f" Past een van deze? {listed}", f" Does one of these fit? {listed}")

    def ask_list_complete(self, case: Case, prompt: str) -> Case:
        while True:
            raw = self.ask(prompt).strip().casefold()
            value = {"j": "volledig", "ja": "volledig", "y": "volledig", "yes": "volledig",
                     "n": "onvolledig", "nee": "onvolledig", "no": "onvolledig",
                     "": "onbekend", "o": "onbekend", "onbekend": "onbekend"}.get(raw)
            if value is not None:
                break
            self.say(self.t("  antwoord j(a), n(ee) of o(nbekend)", "  answer y(es), n(o) or o (unknown)"))
        data = case.model_dump(mode="json")
        data["partnerlijst"] = value
        case = case_from_data(data)
        self.save(case)
        return case

    def partners(self, case: Case) -> Case:
        if case.partners:
            return case
        self.say(self.style(self.t("Partners aan tafel.", "Partners at the table."), "kop"))
        case = self.add_partners(case)
        if case.partners:
            case = self.ask_list_complete(case, self.t(
                "Staan hiermee alle partijen in de lijst die meedoen? (j/n/o): ",
                "Does this list hold every party that takes part? (y/n/o): "))
        return case

    def check_partner_list(self, case: Case) -> Case:
        """When the number of parties given exceeds the partners listed: offer to add the
        missing ones, then ask again whether the list is complete."""
        count = case.observaties.get("aantal_partijen")
        if self.list_checked or not isinstance(count, int) or count <= len(case.partners) \
                or case.partnerlijst == "onvolledig":
            return case
        self.list_checked = True
        self.say(self.wrap(self.t(
            f"Je noemde {count} partijen; in de lijst staan er {len(case.partners)}. "
            "Voeg de ontbrekende partners toe (leeg = klaar), of laat het zo.",
            f"You named {count} parties; the list holds {len(case.partners)}. "
            "Add the missing partners (empty = done), or leave it."), "  "))
        case = self.add_partners(case)
        return self.ask_list_complete(case, self.t("Is de lijst van partners nu volledig? (j/n/o): ",
                                                   "Is the list of partners complete now? (y/n/o): "))

    def read_answer(self, q: Question) -> str:
        if q.partner is not None:
            return self.ask(f"  {q.partner} > ")
        return self.ask("> ")

    def read_screen(self, questions: tuple[Question, ...]) -> str:
        return self.ask("> ")

    def confirm_date(self, raw: str, iso: str) -> bool:
        while True:
            answer = self.ask(self.t(f"  {raw.strip()} = {iso}. Klopt dat? [J/n]: ",
                                     f"  {raw.strip()} = {iso}. Is that right? [Y/n]: ")).strip().casefold()
            if answer in ("", "j", "ja", "y", "yes"):
                return True
            if answer in ("n", "nee", "no"):
                return False
            self.say(self.t("  antwoord j(a) of n(ee)", "  answer y(es) or n(o)"))

    def answer_hint(self, key: str, case: Case | None = None) -> list[str]:
        item = self.kb.observaties[key]
        lines = []
        # options that are kinds of partner (who is not yet at the table): name who of each kind is
        at_table: dict[str, list[str]] = {}
        if case is not None and item.opties and all(o.id in self.kb.partnertypes for o in item.opties):
            for p in case.partners:
                at_table.setdefault(p.type, []).append(p.naam)
        if item.type == "janee":
            lines.append("  (j)a / (n)ee / (d)eels / (o)nbekend" if self.taal == "nl" else "  (y)es / (n)o / (p)artly / (o) unknown")
        elif item.opties:
            for i, o in enumerate(item.opties, 1):  # an option as long as a sentence wraps within 80 columns
                alone = self.t(" (alleen)", " (alone)") if o.alleen else ""
                there = at_table.get(o.id)
                if there:
                    alone += self.t(" (al aan tafel: ", " (at the table: ") + ", ".join(there) + ")"
                lines.append(self.wrap(f"{i}. {o.en if self.taal == 'en' else o.nl}{alone}", "     ", first="  "))
            if item.type == "meerkeuze":
                lines.append(self.t("  (meerdere nummers mogelijk, gescheiden door spaties; o = onbekend)",
                                    "  (several numbers allowed, separated by spaces; o = unknown)"))
            else:
                lines.append(self.t("  (o = onbekend)", "  (o = unknown)"))
        elif item.type == "datum":
            y = self.today.year  # an example in this year: the question may look back or ahead
            lines.append(self.t(f"  een datum ({y}-03-01 of 1 maart {y}) of een duur (sinds drie jaar,\n"
                                "  over 14 maanden), of o(nbekend)",
                                f"  a date ({y}-03-01 or 1 March {y}) or a duration (for three years,\n"
                                "  in 14 months), or o (unknown)"))
        else:
            lines.append(self.t("  geheel getal, of o(nbekend)", "  whole number, or o (unknown)"))
        return lines

    def question_text(self, q: Question, case: Case | None = None) -> str:
        who = f"[{q.partner}] " if q.partner else ""
        text = question_text(q.key, case.observaties if case else {}, self.taal)
        back = case is not None and bool(self.current(case, q))  # gone back to: Enter keeps the answer
        empty = (self.t("  leeg = geen nieuw antwoord (wat er staat blijft)",
                        "  empty = no new answer (what is there stays)") if back else
                 self.t("  leeg = weet ik nu niet (geen antwoord)", "  empty = don't know now (no answer)"))
        return "\n".join([self.style(self.wrap(f"{who}{text}"), "vraag")] + self.answer_hint(q.key, case) + [empty])

    def step_text(self, step: Step, case: Case) -> str:
        if step.kind == "vraag":
            return self.question_text(step.questions[0], case)
        key = step.questions[0].key
        # gone back to (:terug): what is not given again keeps the answer it has
        back = any(self.current(case, q) for q in step.questions)
        if step.kind == "raster":
            text = question_text(key, case.observaties, self.taal)
            empty = (self.t("leeg = geen nieuw antwoord (wat er staat blijft)",
                            "empty = no new answer (what is there stays)") if back else
                     self.t("leeg = weet ik nu niet (geen antwoord)", "empty = don't know now (no answer)"))
            hint = (self.t(f"Per partner één antwoord; {empty}; :verder = de rest ook leeg:",
                           f"One answer per partner; {empty}; :next = the rest empty too:")
                    if len(step.questions) > 1 else  # a grid of one: the question is about that partner
                    self.t(f"Over {step.questions[0].partner}; {empty}:", f"About {step.questions[0].partner}; {empty}:"))
            lines = [self.style(self.wrap(text), "vraag"), self.wrap(hint, "  ")]
            return "\n".join(lines + self.answer_hint(key, case))
        lines = [self.style(self.wrap(
            self.t("Wat geldt hier volgens deze persoon? Markeer wat die zei ('je' in een uitspraak is je "
                   "gesprekspartner):",
                   "What applies here in this person's view? Mark what they said ('you' in a statement is the "
                   "person you spoke with):") if self.chooser.informant else
            self.t("Wat geldt hier? Markeer wat je weet:", "What applies here? Mark what you know:")), "vraag")]
        n = len(step.questions)
        for i, q in enumerate(step.questions, 1):  # a screen gone back to shows what each has now
            number = "  " + self.number(i, n)
            lines.append(self.wrap(question_text(q.key, case.observaties, self.taal) + self.current(case, q),
                                   " " * len(number), first=number))
        lines.append(self.t("  nummer + j/n/d/o, bijv. '1j 3n', of één letter per uitspraak ('jnod');",
                            "  number + y/n/p/o, e.g. '1y 3n', or one letter per statement ('ynop');"))
        if back:
            lines.append(self.t("  niet genoemd = blijft zoals het staat; leeg = niets veranderen",
                                "  not named = stays as it is; empty = change nothing"))
        else:
            lines.append(self.t("  niet genoemd = weet ik nu niet (geen antwoord); leeg = niets hiervan bekend",
                                "  not named = don't know now (no answer); empty = none of these known"))
        return "\n".join(lines)

    def help_text(self, q: Question, number: str = "") -> str:
        """The question's help and sources; ``number``: the statement's number on a screen."""
        item = self.kb.observaties[q.key]
        indent = "  " + " " * len(number)
        return (self.wrap(self.t("Toelichting: ", "Help: ") + item.hulp(self.taal), indent, first="  " + number)
                + "\n" + self.wrap(self.t("Bron: ", "Source: ") + "; ".join(item.bron), indent)
                + "\n" + self.wrap(self.t(f"Id: {q.key} (voor :wijzig)", f"Id: {q.key} (for :change)"), indent))

    def show_diagnosis(self, case: Case) -> None:
        """The core of the diagnosis so far (the whole report would scroll the question away)."""
        from . import diagnose
        from .render.safe import visible_controls
        from .render.text import render_core_text
        self.say(visible_controls(render_core_text(diagnose(case, taal=self.taal))))
        import shlex
        where = shlex.quote(str(self.path))
        self.say(self.t("Het hele rapport, met onderbouwing en advies:", "The whole report, with evidence and advice:")
                 + f"\n  coalitie diagnose {where}" + self.t("", " --taal en"))  # a command: not wrapped

    def plans(self, case: Case) -> Case:
        """What is planned or announced, each with when (asked once, after the screening)."""
        if self.plans_asked or case.plannen:
            return case
        self.plans_asked = True
        names = self.offered_plans(case)
        self.say(self.style(self.wrap(self.t(
            "Staat er iets gepland of aangekondigd? Nummers, gescheiden door spaties (leeg = niets bekend, geen antwoord).",
            "Is anything planned or announced? Numbers separated by spaces (empty = nothing known, no answer).")), "vraag"))
        for i, n in enumerate(names, 1):
            self.say(f"  {i}. {self.kb.plannen[n].titel(self.taal)}")
        while True:
            raw = self.read_plans(names)
            tokens = raw.replace(",", " ").split()
            if not tokens or tokens == ["o"] or raw.strip().casefold() in ("onbekend", "nee", "n"):
                chosen = []
                break
            if all(t.isdigit() and 1 <= int(t) <= len(names) for t in tokens):
                chosen = [names[int(t) - 1] for t in dict.fromkeys(tokens)]
                break
            self.say(self.t(f"  kies nummers 1–{len(names)}", f"  choose numbers 1–{len(names)}"))
        self.asked += bool(chosen)  # 'nothing known' is no answer, as an empty question
        self.shown += 1
        data = case.model_dump(mode="json")
        for plan in chosen:
            iso = self.read_plan_date(plan, case)
            if iso is None:  # a plan weighs by when it happens: without a date it cannot count
                self.say(self.wrap(self.t(
                    f"  Niet vastgelegd: ‘{self.kb.plannen[plan].titel('nl')}’ telt pas mee met een datum of "
                    "duur (ook een schatting, zoals 'over een half jaar').",
                    f"  Not recorded: ‘{self.kb.plannen[plan].titel('en')}’ counts only with a date or duration "
                    "(an estimate too, such as 'in six months')."), "    "))
                continue
            same = self.kb.plannen[plan].zelfde_als
            if same and same not in data["observaties"] and precondition_holds(same, case.observaties):
                data["observaties"][same] = iso  # the coalition's subsidy: its own question, not asked again
            else:
                data["plannen"].append({"wat": plan, "wanneer": iso})
            case = case_from_data(data)
            self.save(case)
        return case

    def offered_plans(self, case: Case) -> list[str]:
        """The plans the question offers: not those the case shows are behind the coalition
        (``voorbij_als``: no first meeting to plan once one was held), nor one whose date the
        case has answered already as the same event (``zelfde_als``: the subsidy's end date)."""
        return [n for n, plan in self.kb.plannen.items()
                if not any(self.kb.observed(pre, case.observaties) for pre in plan.voorbij_als)
                and not (plan.zelfde_als and case.observaties.get(plan.zelfde_als) is not None)]

    def read_plans(self, names: list[str]) -> str:
        return self.ask("> ")

    def read_plan_date(self, plan: str, case: Case) -> str | None:
        """When a plan happens: a date or a duration, confirmed; None when not known."""
        while True:
            self.say(self.wrap(self.kb.plannen[plan].vraag(self.taal), "  "))
            raw = self.ask(self.t("  datum of duur ('over 3 maanden'), o = onbekend: ",
                                  "  date or duration ('in 3 months'), o = unknown: "))
            if raw.strip().casefold() in ("", "o", "onbekend", "unknown"):
                return None
            try:
                iso, relative = parse_date(raw, self.ref_date(case), self.taal, future=True)
            except ValueError as exc:
                self.say_problem(exc)
                continue
            if not relative or self.confirm_date(raw, iso):
                return iso

    def ask_one(self, q: Question, case: Case) -> Any:
        """Read one answer (with date confirmation); returns the value, or a command. An empty
        answer (Enter), to a question or in a grid's cell, is no answer: ``LEFT_EMPTY``."""
        while True:
            raw = self.read_answer(q)
            cmd = raw.strip().casefold()
            if not cmd:
                return LEFT_EMPTY
            if cmd.startswith(":") or cmd in ("h", "?"):
                return _Command(raw)
            item = self.kb.observaties[q.key]
            try:
                if item.type == "datum" and cmd not in ("", "o", "onbekend", "unknown", "-"):
                    iso, relative = parse_date(raw, self.ref_date(case), self.taal)
                    if relative and not self.confirm_date(raw, iso):
                        continue
                    return iso
                return parse_answer(q.key, raw, self.taal)
            except ValueError as exc:
                self.say_problem(exc)

    def command(self, raw: str, case: Case, step: Step) -> tuple[Case, bool]:
        """Handle a command typed at a question; returns (case, whether the step is done)."""
        cmd = raw.strip().casefold()
        one = _HELP_ONE.fullmatch(cmd) if step.kind == "scherm" else None
        if cmd in ("h", "?", ":hulp", ":help") or one:
            if step.kind != "scherm":
                for q in dict.fromkeys(Question(q.key) for q in step.questions):
                    self.say(self.help_text(q))
                return case, False
            numbered = list(enumerate(step.questions, 1))  # numbered as the screen numbers them
            if one:
                n = int(one.group(1))
                if not 1 <= n <= len(numbered):
                    self.say(self.t(f"  Kies een uitspraak 1–{len(numbered)}, bijv. 'h 2'.",
                                    f"  Choose a statement 1–{len(numbered)}, e.g. 'h 2'."))
                    return case, False
                numbered = [numbered[n - 1]]
            for i, q in numbered:
                self.say(self.help_text(q, self.number(i, len(step.questions))))
            return case, False
        if cmd in (":diagnose", ":d"):
            self.show_diagnosis(case)
            self.say(self.step_text(step, case))
            return case, False
        if cmd in (":terug", ":back"):
            prev = self._previous(case)
            if prev is None:
                self.say(self.t("  Er is geen eerdere vraag.", "  There is no earlier question."))
                return case, False
            self.forced = prev
            if any(self.current(case, q) for q in prev.questions):
                self.say(self.t("  Terug naar de vorige vraag; je antwoord staat erbij.",
                                "  Back to the previous question; your answer is shown."))
            else:  # left empty or unmarked then
                self.say(self.t("  Terug naar de vorige vraag (die bleef open).",
                                "  Back to the previous question (it was left open)."))
            return case, True
        if cmd.startswith(":wijzig") or cmd.startswith(":change"):
            changed = self._change(case, raw)
            return changed, changed is not case  # a changed answer may change what is worth asking
        self.say(self.t("  Onbekende opdracht. Typ h, o, :d, :terug, :wijzig of :stop.",
                        "  Unknown command. Type h, o, :d, :back, :change or :stop."))
        return case, False

    def _previous(self, case: Case) -> Step | None:
        """The step before: from this sitting, else (a resumed interview) the latest earlier
        answer in the file, one further back each time."""
        if self.history:
            return self.history.pop()
        for key in reversed(list(case.observaties)):
            if key in self.kb.observaties and key not in self.revisited:
                self.revisited.add(key)
                return Step("vraag", (Question(key),), "terug")
        return None

    def current(self, case: Case, q: Question) -> str:
        if q.partner is None:
            value = case.observaties.get(q.key, "")
        else:
            value = next((p.observaties.get(q.key, "") for p in case.partners if p.naam == q.partner), "")
        if value == "" or value == []:
            return ""
        from .result import answer_text  # the option's label, yes/no in English, a list as labels
        shown = self.t(UNKNOWN, "unknown") if value in (None, UNKNOWN) else answer_text(q.key, value, self.taal)
        return self.t(f"  (nu: {shown})", f"  (now: {shown})")

    def ask_step(self, step: Step, case: Case) -> tuple[Case, bool]:
        """Ask one step and save its answers; returns (case, answered)."""
        if step.kind == "scherm":
            while True:
                raw = self.read_screen(step.questions)
                cmd = raw.strip().casefold()
                if cmd.startswith(":") or cmd in ("h", "?") or _HELP_ONE.fullmatch(cmd):
                    case, done = self.command(raw, case, step)
                    if done:
                        return case, False
                    continue
                try:
                    values = parse_screen(raw, len(step.questions), self.taal)
                except ValueError as exc:
                    self.say_problem(exc)
                    continue
                given = {q: v for q, v in zip(step.questions, values) if v}
                self.shown += len(step.questions)
                self.asked += len(given)  # only what is marked counts: unmarked costs a glance
                if given:
                    case = with_answers(case, given)
                    self.save(case)
                    self.say(self.recorded(step.questions, values))
                # unmarked: not an answer, not written; not shown on a screen again this sitting
                self.chooser.leave(case, [q for q in step.questions if q not in given])
                return case, True
        empty = []  # a question or grid cell left empty: no answer, like an unmarked statement
        singly = step.kind == "vraag"
        for n, q in enumerate(step.questions):
            now = self.current(case, q)
            if now:
                self.say(now)  # a question or grid taken back to: the answer it has now
            while True:
                value = self.ask_one(q, case)
                if isinstance(value, _Command) and step.kind == "raster" and \
                        value.raw.strip().casefold() in GRID_REST_EMPTY:
                    value = REST_LEFT_EMPTY
                elif isinstance(value, _Command):
                    case, done = self.command(value.raw, case, step)
                    if done:
                        self.chooser.leave(case, empty, singly)
                        return case, q is not step.questions[0]
                    continue
                break
            self.shown += 1
            if value is REST_LEFT_EMPTY:  # the story is silent on the other partners too
                empty += step.questions[n:]
                break
            if value is LEFT_EMPTY:
                empty.append(q)
                continue
            case = with_answer(case, q, value)
            self.asked += 1
            self.save(case)
        self.chooser.leave(case, empty, singly)  # not written, not counted, not asked again this sitting
        return case, True

    def observations(self, case: Case) -> tuple[Case, str]:
        shown_heading = stage = None
        resumed = any(v not in (None, "") for v in (case.observaties or {}).values())  # a sitting that goes on
        if resumed and not self.chooser.informant:
            self.chooser.visited(case)  # the areas earlier sittings screened are not screened again
        while True:
            case = self.check_partner_list(case)
            if self.asked >= self.budget:
                self.say(self.t(f"Vragenbudget ({self.budget}) bereikt.", f"Question budget ({self.budget}) reached."))
                return case, "budget"
            step, self.forced = self.forced, None
            if step is None:
                step = self.chooser.next(case)
                if step is not None and step.stage == "verdieping" and not self.plans_asked and not case.plannen:
                    case = self.plans(case)
                    continue
            if step is None:
                if not self.plans_asked and not case.plannen and not self.chooser.informant:
                    case = self.plans(case)
                    continue
                return case, self.chooser.stop_reason
            if step.stage != stage and step.stage in STAGE_TITLES:
                title = STAGE_TITLES_RESUMED.get(step.stage) if resumed and stage is None else None
                stage = step.stage
                self.say(self.style("\n" + self.t(*(title or STAGE_TITLES[stage])), "kop"))
                shown_heading = None
            # a screening step is headed by its area (a screen mixes the themes the area touches),
            # an informant's screen by what it asks (it mixes the themes perspectives differ on),
            # any other step by the theme of its question
            if step.area:
                heading = area_title(step.area, self.taal)
            elif step.stage == "perspectief" and step.kind == "scherm":
                heading = self.t("Hoe deze persoon het ziet", "How this person sees it")
            else:
                heading = self.kb.themas[self.kb.observaties[step.questions[0].key].thema].titel(self.taal)
            if heading != shown_heading:
                shown_heading = heading
                self.say(self.style(f"\n── {heading} ──", "kop"))
            self.say(self.step_text(step, case))
            case, answered = self.ask_step(step, case)
            if answered and step.stage != "terug":
                self.history.append(step)
            elif not answered and step.area and step.kind == "scherm":
                self.chooser.screened.discard(step.area)  # left for :terug or :wijzig: show it again later

    def _change(self, case: Case, raw: str) -> Case:
        """`:wijzig ID ANTWOORD`, `:wijzig "PARTNER" ID ANTWOORD` (names with spaces quoted),
        `:wijzig "PARTNER" kern|coordinator j/n/o`."""
        import shlex
        try:
            parts = shlex.split(raw)
        except ValueError:
            parts = []
        usage = self.t('  Gebruik: :wijzig <id> <antwoord>, of :wijzig "<partner>" <id> <antwoord>\n'
                       '  (h bij een vraag toont haar id; Tab vult een id aan)',
                       '  Use: :change <id> <answer>, or :change "<partner>" <id> <answer>\n'
                       '  (h at a question shows its id; Tab completes an id)')
        partner = None
        names = [p.naam for p in case.partners]
        if len(parts) >= 3 and parts[1] not in self.kb.observaties:
            if parts[1] not in names:
                self.say(self.wrap(self.t(f"Onbekende vraag of partner {parts[1]!r}.",
                                          f"Unknown question or partner {parts[1]!r}.")
                                   + did_you_mean(parts[1], list(self.kb.observaties) + names, self.taal), "  "))
                return case
            partner, parts = parts[1], parts[1:]
        if len(parts) < 3 or (parts[1] not in self.kb.observaties and not (partner and parts[1] in ("kern", "coordinator"))):
            hint = did_you_mean(parts[1], self.kb.observaties, self.taal).strip() if len(parts) > 1 else ""
            self.say(usage + (f"\n{self.wrap(hint, '  ')}" if hint else ""))
            return case
        key, answer = parts[1], " ".join(parts[2:])
        try:
            if partner and key in ("kern", "coordinator"):
                data = case.model_dump(mode="json")
                flag = parse_flag(answer, self.taal)
                for p in data["partners"]:
                    if p["naam"] == partner:
                        p[key] = flag
                case = case_from_data(data)
                answer = {True: self.t("ja", "yes"), False: self.t("nee", "no"), None: self.t("onbekend", "unknown")}[flag]
            else:
                level = self.kb.observaties[key].niveau
                if (level == "partner") != (partner is not None):
                    self.say(self.t(f'  {key} gaat over één partner: :wijzig "<partner>" {key} <antwoord>'
                                    if level == "partner" else f"  {key} gaat over de coalitie: :wijzig {key} <antwoord>",
                                    f'  {key} is about one partner: :change "<partner>" {key} <answer>'
                                    if level == "partner" else f"  {key} is about the coalition: :change {key} <answer>"))
                    return case
                value = parse_answer(key, answer, self.taal, today=self.ref_date(case))
                case = with_answer(case, Question(key, partner), value)
                from .result import answer_text  # as the question offered it: the option's label
                answer = self.t(UNKNOWN, "unknown") if value == UNKNOWN else answer_text(key, value, self.taal)
        except ValueError as exc:
            self.say_problem(exc)
            return case
        self.save(case)
        self.say(self.wrap(self.t(f"{(partner + ': ') if partner else ''}{key} gewijzigd in ‘{answer}’.",
                                  f"{(partner + ': ') if partner else ''}{key} changed to ‘{answer}’."), "  "))
        return case

    def closing(self, case: Case) -> str:
        """Says what is established, what is suspected, and the next-time list; returns
        the next-time list as printable text."""
        from . import diagnose
        from .questioning import next_time_text
        d = diagnose(case, taal=self.taal)
        # a risk as '- ', what goes well as '+ ' (as the report's conditions show them)
        marked = [("- ", x) for x in d.risicos] + [("+ ", x) for x in d.sterktes]
        established = [(m, x) for m, x in marked if x.status == "vastgesteld"]
        suspected = [(m, x) for m, x in marked if x.status == "vermoedelijk"]
        self.say(self.style(self.t("\nVastgesteld (- risico, + wat goed gaat):",
                                   "\nEstablished (- risk, + going well):"), "kop"))
        from .render.labels import LABELS
        coming = LABELS[self.taal]["coming"]  # as the report names a threatening risk

        def line(m, x) -> str:
            return self.wrap(m + x.titel + (f" ({coming[x.status]})" if getattr(x, "dreigend", False) else ""),
                             "    ", first="  ")
        for m, x in established:
            self.say(line(m, x))
        if not established:
            self.say(self.t("  (nog niets)", "  (nothing yet)"))
        self.say(self.style(self.t("Vermoedelijk:", "Suspected:"), "kop"))
        for m, x in suspected:
            self.say(line(m, x))
        if not suspected:
            self.say(self.t("  (niets)", "  (nothing)"))
        self.say("")
        text = next_time_text(d, self.taal, case=case)
        self.say(text.rstrip())
        return text

    def run(self, case: Case | None) -> Outcome:
        reason = "stop"
        try:
            case = self.basics(case)
            case = self.partners(case)
            self.saved = self.saved or case  # a resumed case: its partners complete at once
            self.say(self.wrap(self.t(
                "Typ h voor toelichting en bron, o voor onbekend, :d voor de diagnose tot nu toe, "
                ':terug, :wijzig <id> <antwoord> (of :wijzig "<partner>" <id> <antwoord>), :stop. '
                "Op een themascherm markeer je wat je weet, bijv. '1j 3n': wat je niet noemt is geen "
                "antwoord en komt niet in het bestand; het telt niet als vraag. Zo ook een vraag "
                "of rastercel die je leeg laat (Enter; :verder laat de rest van een raster leeg); "
                "o legt 'onbekend' vast.",
                "Type h for help and source, o for unknown, :d for the diagnosis so far, :back, "
                ':change <id> <answer> (or :change "<partner>" <id> <answer>), :stop. '
                "On a theme screen, mark what you know, e.g. '1y 3n': what you leave out is no "
                "answer and is not written to the file; it does not count as a question. So is a "
                "question or grid cell you leave empty (Enter; :next leaves the rest of a grid empty); "
                "o records 'unknown'.")))
            case, reason = self.observations(case)
        except Stop:
            if case is None:
                raise
            case = self.saved or case
        if reason in STOP_REASONS and reason not in ("stop", "budget"):
            nl, en = STOP_REASONS[reason]
            self.say(self.style("\n" + self.wrap(self.t(nl[0].upper() + nl[1:], en[0].upper() + en[1:]) + "."), "kop"))
        return Outcome(case, self.asked, reason in ("stop", "budget"), reason, self.shown, self.left_open(case))

    def left_open(self, case: Case) -> tuple[Question, ...]:
        """What the adviser left unmarked on a screen, or empty as a question or grid cell, this
        sitting and did not answer later (each once, however often it was shown)."""
        def answered(q: Question) -> bool:
            if q.partner is None:
                return q.key in (case.observaties or {})
            return any(p.naam == q.partner and q.key in p.observaties for p in case.partners)
        return tuple(q for q in self.chooser.left if not answered(q))


@dataclass
class _Command:
    raw: str


LEFT_EMPTY = object()  # a question or grid cell the adviser left empty (Enter): no answer
REST_LEFT_EMPTY = object()  # this grid cell and the ones after it left empty (GRID_REST_EMPTY)
GRID_REST_EMPTY = (":verder", ":next")  # typed at a grid cell


class Replay(Interview):
    """An interview without prompts (``--no-input``): answers come from a mapping
    shaped like a case — basics, partners (with whether the list is complete), plans
    and observations by id; a question or grid cell it has no answer for is left empty
    (no answer, as an adviser who does not know), 'onbekend' in the mapping is typed as 'o'.
    The planner still chooses the order and decides when to stop, so a replay shows
    which questions a live interview would ask."""

    def __init__(self, path: Path, answers: dict, say: Callable[[str], None], **kwargs):
        super().__init__(path, ask=lambda prompt: "", say=say, **kwargs)
        self.answers = answers

    def basics(self, case: Case | None) -> Case:
        if case is not None:
            return case
        a = self.answers
        case = case_from_data({"coalitie": a.get("coalitie") or "Coalitie", "gemeente": a.get("gemeente") or "",
                               "datum_gesprek": str(a.get("datum_gesprek") or self.today.isoformat()),
                               "notities": a.get("notities") or ""})  # the adviser's notes come along
        self.save(case)
        return case

    def partners(self, case: Case) -> Case:
        if case.partners or not self.answers.get("partners"):
            return case
        data = case.model_dump(mode="json")
        data["partners"] = [{k: v for k, v in p.items() if k != "observaties"} for p in self.answers["partners"]]
        if self.answers.get("partnerlijst"):
            data["partnerlijst"] = self.answers["partnerlijst"]
        case = case_from_data(data)
        self.save(case)
        return case

    def check_partner_list(self, case: Case) -> Case:
        return case  # the replayed list is the list in the file

    def _value(self, q: Question):
        if q.partner is None:
            return (self.answers.get("observaties") or {}).get(q.key)
        partner = next((p for p in self.answers.get("partners") or [] if p.get("naam") == q.partner), {})
        return (partner.get("observaties") or {}).get(q.key)

    def read_answer(self, q: Question) -> str:
        """The file's answer ('o' where it says 'onbekend'); as an adviser, a question or grid
        cell the file says nothing about is left empty (no answer)."""
        if not Replay._has(self, q):
            self.say("> ")
            return ""
        value = self._value(q)
        if value is None or value == UNKNOWN:
            answer = "o"
        elif isinstance(value, list):
            item = self.kb.observaties[q.key]
            answer = " ".join(str([o.id for o in item.opties].index(v) + 1) for v in value) or "o"
        elif isinstance(value, bool):
            answer = "ja" if value else "nee"
        else:
            answer = str(value)
        self.say(f"> {answer}")
        return answer

    def _has(self, q: Question) -> bool:
        """Whether the answers say anything to this question ('onbekend' included)."""
        if q.partner is None:
            return q.key in (self.answers.get("observaties") or {})
        partner = next((p for p in self.answers.get("partners") or [] if p.get("naam") == q.partner), {})
        return q.key in (partner.get("observaties") or {})

    def read_screen(self, questions: tuple[Question, ...]) -> str:
        """As an adviser: marks only the statements the answers speak to ('1j 3n'), the rest
        stays unmarked."""
        marks = []
        for i, q in enumerate(questions, 1):
            if not self._has(q):
                continue
            value = self._value(q)
            value = ("ja" if value else "nee") if isinstance(value, bool) else value
            marks.append(f"{i}{ {'ja': 'j', 'nee': 'n', 'deels': 'd'}.get(value, 'o')}")
        answer = " ".join(marks)
        self.say(f"> {answer}")
        return answer

    def read_plans(self, names: list[str]) -> str:
        self._plans = {p["wat"]: p["wanneer"] for p in self.answers.get("plannen") or [] if p.get("wat") in names}
        answer = " ".join(str(names.index(w) + 1) for w in self._plans) or "o"
        self.say(f"> {answer}")
        return answer

    def read_plan_date(self, plan: str, case: Case) -> str | None:
        when = self._plans.get(plan)
        if when is None:
            return None
        from .dates import parse_date_text
        if isinstance(when, dt.date):
            return when.isoformat()
        try:
            return dt.date.fromisoformat(str(when)).isoformat()
        except ValueError:
            found = parse_date_text(str(when), self.ref_date(case))
            return found.isoformat() if found else None

    def confirm_date(self, raw: str, iso: str) -> bool:
        return True


class InformantInterview(Interview):
    """Interviews one informant into an existing case: every answer is saved under
    ``informanten[id].observaties`` of the case file (atomically, like any answer),
    so the interview can be run once per informant into the same case. Only the
    questions that can differ between perspectives are asked (``perspectief`` in
    kennisbank/interview.yaml), not the whole catalogue again. With ``answers`` (a
    case-shaped mapping) it replays instead of asking, like ``Replay``."""

    def __init__(self, path: Path, full: Case, informant_id: str, say: Callable[[str], None],
                 ask: Callable[[str], str] = lambda prompt: "", answers: dict | None = None, **kwargs):
        super().__init__(path, ask=ask, say=say, **kwargs)
        self.full, self.informant_id, self.answers = full, informant_id, answers
        self.chooser = Chooser(self.planner, informant=True, context=dict(full.observaties), combined=self.combined)
        self.plans_asked = True

    def view(self) -> Case:
        data = self.full.model_dump(mode="json")
        inf = next(i for i in data["informanten"] if i["id"] == self.informant_id)
        data["observaties"], data["informanten"] = inf["observaties"], []
        return case_from_data(data)

    def combined(self, view: Case) -> Case:
        """The whole case with ``view``'s observations as this informant's answers."""
        data = self.full.model_dump(mode="json")
        for inf in data["informanten"]:
            if inf["id"] == self.informant_id:
                inf["observaties"] = view.model_dump(mode="json")["observaties"]
        return case_from_data(data)

    def save(self, case: Case) -> None:
        self.full = self.combined(case)
        save(self.path, self.full)
        self.saved = case  # this person's view: what :stop ends with, as in Interview.save

    def show_diagnosis(self, case: Case) -> None:
        """The diagnosis of the whole case with this person's view in it (the view alone
        knows too little to diagnose)."""
        super().show_diagnosis(self.combined(case))

    def basics(self, case: Case | None) -> Case:
        return case

    def partners(self, case: Case) -> Case:
        return case

    def check_partner_list(self, case: Case) -> Case:
        return case

    def read_answer(self, q: Question) -> str:
        if self.answers is None:
            return super().read_answer(q)
        return Replay.read_answer(self, q)

    def read_screen(self, questions: tuple[Question, ...]) -> str:
        if self.answers is None:
            return super().read_screen(questions)
        return Replay.read_screen(self, questions)

    def _value(self, q: Question):
        return Replay._value(self, q)

    def _has(self, q: Question) -> bool:
        return Replay._has(self, q)

    def run(self, case: Case | None = None) -> Outcome:
        self.say(self.style(self.t(f"Gesprek met {self.informant_id}: de vragen gaan over hoe deze persoon het ziet.",
                                   f"Interview with {self.informant_id}: the questions are about how this person sees it."),
                            "kop"))
        outcome = super().run(self.view())
        return Outcome(self.full, outcome.asked, outcome.stopped_early, outcome.stop_reason, outcome.shown,
                       outcome.left_open)


def unused_answers(given: Case, final: Case, taal: str = "nl", informant: str | None = None,
                   raw: dict | None = None) -> list[str]:
    """What an answers file (``--no-input --antwoorden``, read as ``given``; ``raw``: the file as
    read) holds that the replayed interview did not write into ``final``: an answer the
    interview did not ask (it could not change the outcome) or that the case already held
    otherwise (that one stands), the case's basics and partner details where the case had its
    own, a partner or plan the case did not take, informants (each is interviewed with
    --informant). One line each, so nothing is dropped unsaid."""
    en = taal == "en"
    raw = raw or {}

    def shown(value) -> str:
        if isinstance(value, bool):
            return ("yes" if value else "no") if en else ("ja" if value else "nee")
        if value is None:
            return "unknown" if en else "onbekend"
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        return " ".join(text.split()) or ("empty" if en else "leeg")  # one line each, also for notes

    def compare(mine: dict, theirs: dict, prefix: str = "") -> list[str]:
        out = []
        for key, value in mine.items():
            if value is None or (key in theirs and theirs[key] == value):
                continue  # 'onbekend' in the file adds nothing to drop
            why = ((f"the case has {shown(theirs[key])}" if en else f"in de casus: {shown(theirs[key])}")
                   if key in theirs else ("not asked" if en else "niet gevraagd"))
            out.append(f"{prefix}{key}: {shown(value)} ({why})")
        return out

    if informant is not None:
        heard = next((i for i in final.informanten if i.id == informant), None)
        lines = compare(given.observaties, heard.observaties if heard else {})
        if raw.get("partners"):
            lines.append("partners (" + ("an informant's interview takes only observations)" if en
                                        else "het gesprek met een informant neemt alleen observaties over)"))
        return lines
    basics = {k: raw[k] for k in ("coalitie", "gemeente", "datum_gesprek", "partnerlijst", "notities")
              if raw.get(k) not in (None, "")}  # as the file has them (its date is not the replay's)
    lines = compare({k: str(v) for k, v in basics.items()},
                    {k: str(getattr(final, k)) for k in basics})
    lines += compare(given.observaties, final.observaties)
    partners = {p.naam: p for p in final.partners}
    for p in given.partners:
        if p.naam not in partners:
            lines.append(f"partner {p.naam!r} (" + ("not in the case's partner list)" if en
                                                     else "staat niet in de partnerlijst van de casus)"))
            continue
        mine = {k: getattr(p, k) for k in ("type", "rol", "kern", "coordinator") if getattr(p, k) not in (None, "")}
        lines += compare(mine, {k: getattr(partners[p.naam], k) for k in mine}, f"{p.naam}: ")
        lines += compare(p.observaties, partners[p.naam].observaties, f"{p.naam}: ")
    planned = {(pl.wat, pl.wanneer) for pl in final.plannen}
    lines += [f"plan {pl.wat} {pl.wanneer.isoformat()} (" + ("not taken)" if en else "niet overgenomen)")
              for pl in given.plannen if (pl.wat, pl.wanneer) not in planned]
    if given.informanten:
        lines.append(f"informanten: {', '.join(i.id for i in given.informanten)} (" +
                     ("interview each with --informant)" if en else "interview elk met --informant)"))
    return lines


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
