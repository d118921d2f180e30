#!/usr/bin/env python
"""Interview efficiency: replay the interview against full case files (a script, not a test).

    .venv/bin/python bench/interview_replay.py                 # examples + validation encodings
    .venv/bin/python bench/interview_replay.py --json out.json # also write the figures
    .venv/bin/python bench/interview_replay.py --budget 40     # the interview's default cap

Each full case file is taken as the truth: the planner asks, the answer comes from
the file (a question or grid cell left empty where the file is silent, as an adviser who
does not know), and we count. Per case:

* ``gevraagd``: questions asked, counted as issue 14 defines: each statement *marked*
  on a theme screen, each partner cell of a grid *filled in* and each single question
  *answered* counts as one (the replayed adviser marks only what the file answers and
  leaves the rest unmarked, and leaves a question or grid cell empty where the file says
  nothing, as an adviser remembers an interview; "onbekend" in the file is an answer);
* ``getoond``: everything shown, unmarked statements and empty cells included (a second
  figure, so nobody is misled: they cost a glance, not a question);
* ``onbekend``: the share of those answered "onbekend" (the file says so); the summary
  gives its mean over the cases (``onbekend_gemiddeld``) and, over all answers of the cases
  together, the share answered (``beantwoord_gepoold``);
* ``los_getoond``, ``los_bekend`` (and ``cellen_…`` for grid cells): the single questions put
  to the adviser (answered or left empty) and how many of them the file knows (not
  "onbekend"); the summary gives the share over all cases together (``los_bekend_gepoold``,
  ``cellen_bekend_gepoold``). Since a question left empty is no answer,
  ``beantwoord_gepoold`` no longer sees what was asked in vain; these figures do;
* ``hoofdadvies``: whether every finding in the full case's main advice is raised
  when the interview stops, and ``vraag_tot_hoofdadvies`` how many questions (counted
  as ``gevraagd``) it took until the replayed main advice first held them all (and kept
  holding them);
* ``vastgesteld``: whether every established finding of the full case is raised;
* ``overig``: whether every other finding of the full case is raised or on the
  next-time list (when the interview offers one);
* ``sleutel`` (validation encodings): whether the findings the blind scorer matched
  to the answer key (tests/validatie/verwacht.yaml) are raised.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "kennisbank" / "voorbeelden"
VALIDATION = ROOT / "tests" / "validatie"


def case_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml")) + sorted(VALIDATION.glob("v[0-9]*.yaml"))


def _raised(d) -> set[str]:
    return {r.id for r in d.risicos} | {s.id for s in d.sterktes}


def replay_one(path: Path, budget: int = 300, trace: bool = True) -> dict:
    from coalitie.diagnose import diagnose
    from coalitie.diagnose.case import load_case
    from coalitie.diagnose.interview import InformantInterview, Replay, with_informant
    from coalitie.kennisbank import yamlstrict

    answers = yamlstrict.load(path.read_text(encoding="utf-8"))
    full = diagnose(path)
    main = set(full.hoofdadvies.bevindingen)
    # after each save: (questions so far, the same with single questions left empty counted as
    # before they could be left empty, main advice holds every main finding?)
    steps: list[tuple[int, int, bool]] = []
    # single questions and grid cells put to the adviser, and how many the file knows
    loose = {"vraag": [0, 0], "raster": [0, 0]}
    empty = [0]  # single questions left empty (the file silent), which earlier counted as 'onbekend' 

    def count_loose(runner, step, shown_before):
        if step.kind in loose:
            put = step.questions[:runner.shown - shown_before]
            loose[step.kind][0] += len(put)
            loose[step.kind][1] += sum(1 for q in put if runner._value(q) not in (None, "onbekend"))
            if step.kind == "vraag":
                empty[0] += sum(1 for q in put if not runner._has(q))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "replay.yaml"

        class CountsSteps:  # for the adviser's interview and each informant's alike
            def ask_step(self, step, case):
                before = self.shown
                out = super().ask_step(step, case)
                count_loose(self, step, before)
                return out

        class Counting(CountsSteps, Replay):
            def save(self, case):
                super().save(case)
                if trace and case.observaties is not None:
                    steps.append((self.asked, self.asked + empty[0],
                                  main <= set(diagnose(case).hoofdadvies.bevindingen)))

        runner = Counting(out, answers, say=lambda text: None, budget=budget)
        outcome = runner.run(None)
        asked, shown = outcome.asked, getattr(outcome, "shown", outcome.asked)
        # then each informant the file names, in its own interview into the same case
        for inf in answers.get("informanten") or []:
            case = with_informant(load_case(out), inf["id"], inf.get("rol") or "", inf.get("partner"))

            class CountingInformant(CountsSteps, InformantInterview):
                def save(self, case, before=asked):
                    super().save(case)
                    if trace:
                        steps.append((before + self.asked, before + self.asked + empty[0],
                                      main <= set(diagnose(self.full).hoofdadvies.bevindingen)))

            heard = CountingInformant(out, case, inf["id"], say=lambda text: None, budget=budget,
                                      answers={"observaties": inf.get("observaties") or {}}).run(case)
            asked, shown = asked + heard.asked, shown + heard.shown
        case = load_case(out)
        got = diagnose(case)
    values = list(case.observaties.values()) + [v for p in case.partners for v in p.observaties.values()] + \
        [v for i in case.informanten for v in i.observaties.values()]
    unknown = sum(1 for v in values if v in (None, "onbekend"))
    raised = _raised(got)
    try:  # the findings the next-time list would settle: its open questions' effects
        from coalitie.diagnose.questioning import NEXT_TIME
        next_time = {e.bevinding.split(":", 1)[1] for q in got.open_vragen[:NEXT_TIME] for e in q.effecten}
    except ImportError:  # before issue 14 there was no next-time list
        next_time = set()
    established = {x.id for x in full.risicos + full.sterktes if x.status == "vastgesteld"}
    others = _raised(full) - established
    reached_at = reached_at_empty_counted = None
    for i in range(len(steps)):
        if all(holds for _, _, holds in steps[i:]):
            reached_at, reached_at_empty_counted = steps[i][0], steps[i][1]
            break
    row = {
        "casus": path.stem,
        "gevraagd": asked,
        "getoond": shown,
        "informanten": len(answers.get("informanten") or []),
        "antwoorden": len(values),
        "onbekend": round(unknown / len(values), 2) if values else 0.0,
        "onbekend_aantal": unknown,
        "los_getoond": loose["vraag"][0],
        "los_bekend": loose["vraag"][1],
        "cellen_getoond": loose["raster"][0],
        "cellen_bekend": loose["raster"][1],
        "hoofdadvies": main <= raised,
        "vraag_tot_hoofdadvies": reached_at,
        # counted as before a single question could be left empty (each one left empty as one)
        "vraag_tot_hoofdadvies_leeg_geteld": reached_at_empty_counted,
        "leeg_gelaten": empty[0],
        "vastgesteld": established <= raised,
        "vastgesteld_mist": sorted(established - raised),
        "overig": others <= raised | next_time,
        "overig_mist": sorted(others - raised - next_time),
        "fase": (got.fase.nummer, full.fase.nummer),
    }
    if path.parent == VALIDATION:
        from coalitie.kennisbank import yamlstrict as y
        key = y.load((VALIDATION / "verwacht.yaml").read_text(encoding="utf-8")).get(path.stem, {})
        row["sleutel"] = set(key.get("bevindingen", [])) <= raised
    return row


def _unknown(row: dict) -> int:
    """How many answers of a case were "onbekend" (rows stored before the count was kept:
    from the rounded share, exact for the case sizes here)."""
    return row.get("onbekend_aantal", round(row["onbekend"] * row["antwoorden"]))


def _share(rows: list[dict], part: str, whole: str) -> float | None:
    """``part`` over ``whole`` summed over the rows (None for rows stored before they were kept)."""
    if not any(whole in r for r in rows):
        return None
    return round(sum(r.get(part, 0) for r in rows) / max(1, sum(r.get(whole, 0) for r in rows)), 3)


def summary(rows: list[dict]) -> dict:
    def part(rs):
        if not rs:
            return {}
        asked = [r["gevraagd"] for r in rs]
        shown = [r.get("getoond", r["gevraagd"]) for r in rs]
        reached = [r["vraag_tot_hoofdadvies"] for r in rs if r["hoofdadvies"] and r["vraag_tot_hoofdadvies"] is not None]
        counted = [r["vraag_tot_hoofdadvies_leeg_geteld"] for r in rs
                   if r["hoofdadvies"] and r.get("vraag_tot_hoofdadvies_leeg_geteld") is not None]
        return {
            "n": len(rs),
            "gevraagd_mediaan": statistics.median(asked),
            "gevraagd_max": max(asked),
            "getoond_mediaan": statistics.median(shown),
            "getoond_max": max(shown),
            "hoofdadvies_na_mediaan": statistics.median(reached) if reached else None,
            "hoofdadvies_na_max": max(reached) if reached else None,
            # the same, each single question left empty counted as one (as 'onbekend' was before)
            "hoofdadvies_na_leeg_geteld_mediaan": statistics.median(counted) if counted else None,
            "hoofdadvies_na_leeg_geteld_max": max(counted) if counted else None,
            "hoofdadvies_binnen_35": sum(1 for n in reached if n <= 35),
            "onbekend_gemiddeld": round(statistics.mean(r["onbekend"] for r in rs), 2),
            # of all answers given over these cases together: the "of the questions asked"
            "beantwoord_gepoold": round(1 - sum(_unknown(r) for r in rs) / max(1, sum(r["antwoorden"] for r in rs)), 3),
            # of the single questions, and of the grid cells, put to the adviser: what the file knows
            "los_bekend_gepoold": _share(rs, "los_bekend", "los_getoond"),
            "cellen_bekend_gepoold": _share(rs, "cellen_bekend", "cellen_getoond"),
            "hoofdadvies_bereikt": sum(r["hoofdadvies"] for r in rs),
            "vastgesteld_compleet": sum(r["vastgesteld"] for r in rs),
            "overig_compleet": sum(r["overig"] for r in rs),
            "fase_gelijk": sum(r["fase"][0] == r["fase"][1] for r in rs),
            "sleutel_gehaald": sum(r.get("sleutel", False) for r in rs),
        }
    examples = [r for r in rows if not r["casus"].startswith("v") or "-" not in r["casus"][:4]]
    validation = [r for r in rows if r not in examples]
    return {"voorbeelden": part(examples), "validatie": part(validation)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=int, default=300)
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--alleen", nargs="*", help="only these case names (stems)")
    ap.add_argument("--zonder-spoor", action="store_true", help="skip the per-question main-advice trace (faster)")
    args = ap.parse_args(argv)
    paths = [p for p in case_files() if not args.alleen or p.stem in args.alleen]
    rows = []
    for p in paths:
        row = replay_one(p, args.budget, trace=not args.zonder_spoor)
        rows.append(row)
        print(f"{row['casus'][:38]:38} vragen {row['gevraagd']:3}  getoond {row['getoond']:3}  onbekend {row['onbekend']:.0%}  "
              f"hoofdadvies {'ja ' if row['hoofdadvies'] else 'NEE'} (na {row['vraag_tot_hoofdadvies']})  "
              f"vastgesteld {'ja' if row['vastgesteld'] else 'NEE ' + ','.join(row['vastgesteld_mist'])}  "
              f"overig {'ja' if row['overig'] else 'nee'}"
              + (f"  sleutel {'ja' if row['sleutel'] else 'NEE'}" if "sleutel" in row else ""), flush=True)
    s = summary(rows)
    print(json.dumps(s, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps({"budget": args.budget, "samenvatting": s, "rijen": rows},
                                              indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
