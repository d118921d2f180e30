"""Golden outputs: the full diagnosis (JSON, Dutch and English) of every bundled example,
every training scenario and seeded generated cases, as the code produced them before a
change, kept as SHA-256 digests in ``tests/golden.sha256``. ``tests/test_golden.py``
checks that the code still produces them byte for byte.

When a change is *meant* to alter diagnoses (new or edited knowledge records, a new
output field), regenerate the digests and say so in the commit:

    .venv/bin/python tests/golden.py

To see what changed, write the full outputs on both versions and diff the folders:

    .venv/bin/python tests/golden.py --dump /tmp/na    # likewise /tmp/voor on the old code

Speed work must leave the digests untouched.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = Path(__file__).resolve().parent / "golden.sha256"
EXAMPLES = ROOT / "kennisbank" / "voorbeelden"
LANGUAGES = ("nl", "en")
GENERATED = 60   # seeded generated cases (bench/cases.py)
GENERATED_SEED = 17


def cases() -> dict[str, object]:
    """name -> case: every bundled example, every training scenario's case, generated cases."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from cases import generate_cases
    from coalitie.diagnose import load_case
    from coalitie.diagnose.training import scenarios

    out: dict[str, object] = {f"voorbeeld-{p.stem}": load_case(p) for p in sorted(EXAMPLES.glob("*.yaml"))}
    for sid, sc in sorted(scenarios().items()):
        out[f"scenario-{sid}"] = sc.casus
    for i, c in enumerate(generate_cases(GENERATED, seed=GENERATED_SEED)):
        out[f"gegenereerd-{i:02d}"] = c
    return out


def output(case, taal: str) -> str:
    from coalitie.diagnose import diagnose
    return diagnose(case, taal=taal).model_dump_json(indent=1) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outputs():
    """(name.taal, output text) for every golden case and language."""
    for name, case in cases().items():
        for taal in LANGUAGES:
            yield f"{name}.{taal}", output(case, taal)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Regenerate tests/golden.sha256, or dump the full outputs.")
    ap.add_argument("--dump", metavar="MAP", help="write every output as MAP/<naam>.<taal>.json instead")
    args = ap.parse_args(argv)
    if args.dump:
        folder = Path(args.dump)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in outputs():
            (folder / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"written: {folder}")
        return
    DIGESTS.write_text(json.dumps({name: digest(text) for name, text in outputs()}, indent=1) + "\n",
                       encoding="utf-8")
    print(f"written: {DIGESTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
