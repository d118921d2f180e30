#!/usr/bin/env python
"""How few answers the main advice of a full case rests on (a script, not a test).

    .venv/bin/python bench/interview_floor.py                  # examples + validation encodings
    .venv/bin/python bench/interview_floor.py --json out.json  # also write the figures
    .venv/bin/python bench/interview_floor.py --posities       # and when the replay asks each

An oracle that knows the whole file: starting from the full case, it drops one answer at a
time (a coalition answer, a partner's cell, an informant's answer). It keeps a drop when
the main advice still holds every finding of the full case's main advice (the replay's
``vraag_tot_hoofdadvies`` test) and every answer left can still be asked: the precondition
of its question holds as it did in the full file (the interview asks nothing whose
precondition is unanswered). It passes over the answers until no more can go, so no single
answer of what is left can go. The smallest such set over a few orders of dropping is an
upper bound on the fewest answers an interview that asked exactly the right questions would
need. A real interview does not know beforehand which answers these are; the replay's
figure (``bench/interview_replay.py``) is read against this one. With ``--posities`` the
interview is replayed too (as ``interview_replay.py`` does, without informants), and each
answer the main advice rests on is listed with the counted question at which the replay
got it ("-": never asked).
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_replay import VALIDATION, case_files  # noqa: E402  (bench/ is the script's folder)

ORDERS = 3  # orders of dropping tried per case (the file's own order, then seeded shuffles)


def _answers(data: dict) -> list[tuple]:
    """Every answer in the case as a path: ("observaties", key), ("partners", i, key), ..."""
    out = [("observaties", k) for k in data.get("observaties") or {}]
    for group in ("partners", "informanten"):
        for i, entry in enumerate(data.get(group) or []):
            out += [(group, i, k) for k in entry.get("observaties") or {}]
    return out


def label(path: tuple) -> str:
    """An answer's path as the rows name it: "observaties.key", "partners.0.key"."""
    return ".".join(map(str, path))


def _without(data: dict, drop: set[tuple]) -> dict:
    out = copy.deepcopy(data)
    for path in drop:
        if path[0] == "observaties":
            del out["observaties"][path[1]]
        else:
            del out[path[0]][path[1]]["observaties"][path[2]]
    return out


def askable(data: dict) -> set[tuple]:
    """The answers whose question's precondition holds in ``data`` (an informant's: with the
    coalition's answers and their own)."""
    from coalitie.diagnose.openquestions import precondition_holds
    from coalitie.kennisbank import load

    known = load().observaties
    coalition = data.get("observaties") or {}
    out = set()
    for a in _answers(data):
        given = {**coalition, **(data["informanten"][a[1]].get("observaties") or {})} if a[0] == "informanten" \
            else coalition
        if a[-1] not in known or precondition_holds(a[-1], given):
            out.add(a)
    return out


def floor_one(path: Path) -> dict:
    from coalitie.diagnose import diagnose
    from coalitie.kennisbank import yamlstrict

    data = yamlstrict.load(path.read_text(encoding="utf-8"))
    main = set(diagnose(data).hoofdadvies.bevindingen)
    answers = _answers(data)
    askable_in_full = askable(data)

    def holds(drop: set[tuple]) -> bool:
        left = _without(data, drop)
        return (askable_in_full - drop <= askable(left)
                and main <= set(diagnose(left).hoofdadvies.bevindingen))

    best = None
    for n in range(ORDERS):
        order = list(answers)
        if n:
            random.Random(n).shuffle(order)
        drop: set[tuple] = set()
        while True:  # a drop can let an answer go that could not go before it: until none can
            went = False
            for a in order:
                if a not in drop and holds(drop | {a}):
                    drop.add(a)
                    went = True
            if not went:
                break
        kept = [a for a in answers if a not in drop]
        if best is None or len(kept) < len(best):
            best = kept
    return {"casus": path.stem, "validatie": path.parent == VALIDATION, "antwoorden": len(answers), "hoofdadvies": sorted(main),
            "minimaal": len(best), "nodig": [label(a) for a in best]}


def positions(path: Path, needed: list[str]) -> list[tuple[int | None, str]]:
    """When the replayed interview (the adviser's own; informants are not replayed here)
    first got each needed answer, as the counted question number, in that order."""
    import tempfile

    from coalitie.diagnose.interview import Replay
    from coalitie.kennisbank import yamlstrict

    answers = yamlstrict.load(path.read_text(encoding="utf-8"))
    names = [p["naam"] for p in answers.get("partners") or []]
    first: dict[str, int] = {}

    class Noting(Replay):
        def save(self, case):
            super().save(case)
            if case.observaties is None:
                return
            got = [("observaties", k) for k in case.observaties] + \
                [("partners", names.index(p.naam), k) for p in case.partners for k in p.observaties]
            for path in got:
                first.setdefault(label(path), self.asked)

    with tempfile.TemporaryDirectory() as tmp:
        Noting(Path(tmp) / "replay.yaml", answers, say=lambda text: None, budget=300).run(None)
    return sorted(((first.get(n), n) for n in needed), key=lambda x: (x[0] is None, x[0] or 0))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, help="write the rows and summary here")
    ap.add_argument("--alleen", nargs="*", help="only these cases (file names without .yaml)")
    ap.add_argument("--posities", action="store_true",
                    help="also replay the interview and say when it got each needed answer")
    args = ap.parse_args(argv)
    rows = []
    for path in case_files():
        if args.alleen and path.stem not in args.alleen:
            continue
        row = floor_one(path)
        rows.append(row)
        print(f"{row['casus']:40s} {row['minimaal']:3d} of {row['antwoorden']:3d} answers "
              f"(main advice: {len(row['hoofdadvies'])} findings)", flush=True)
        if args.posities:
            row["posities"] = positions(path, row["nodig"])
            print("    " + ", ".join(f"{n}@{'-' if q is None else q}" for q, n in row["posities"]), flush=True)
    summary = {}
    for part, rs in (("voorbeelden", [r for r in rows if not r["validatie"]]),
                     ("validatie", [r for r in rows if r["validatie"]])):
        if rs:
            summary[part] = {"n": len(rs), "minimaal_mediaan": statistics.median(r["minimaal"] for r in rs),
                             "minimaal_max": max(r["minimaal"] for r in rs)}
            print(f"{part}: fewest answers the main advice rests on, median "
                  f"{summary[part]['minimaal_mediaan']}, max {summary[part]['minimaal_max']}")
    if args.json:
        args.json.write_text(json.dumps({"samenvatting": summary, "rijen": rows}, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
