"""Process start-up (issue 17 part 4): what `coalitie diagnose` and `coalitie --help` import,
checked in a fresh process (no timings), and the check that spares pydantic its plugin scan."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from coalitie import _pydantic_plugins

ROOT = Path(__file__).resolve().parent.parent

# never needed to print a diagnosis as text, nor for the help
HEAVY = ["jinja2", "rapidfuzz", "snowballstemmer", "fastapi", "starlette", "uvicorn", "weasyprint",
         "httpx", "coalitie.diagnose.server", "coalitie.diagnose.interview", "coalitie.diagnose.training",
         "coalitie.diagnose.render.html", "coalitie.diagnose.render.markdown"]


def _fresh(code: str) -> str:
    """Run ``code`` in a new Python process; its standard output (the test fails on an error)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _modules_after(*args: str) -> set[str]:
    """The modules loaded once `coalitie ARGS` has run (in a new process, output discarded)."""
    code = ("import sys, json, io\n"
            f"sys.argv = ['coalitie', *{list(args)!r}]\n"
            "out, sys.stdout = sys.stdout, io.StringIO()\n"
            "from coalitie.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "out.write(json.dumps(sorted(sys.modules)))\n")
    return set(json.loads(_fresh(code)))


def test_diagnose_as_text_imports_nothing_heavy():
    loaded = _modules_after("diagnose", "--voorbeeld", "lopende-coalitie")
    assert "coalitie.diagnose.engine" in loaded  # it did diagnose
    assert not loaded & set(HEAVY)
    assert ("importlib.metadata" in loaded) == _pydantic_plugins.plugins_possible()


def test_help_imports_neither_the_engine_nor_pydantic_nor_yaml():
    loaded = _modules_after("--help")
    assert "click" in loaded
    assert not loaded & {*HEAVY, "pydantic", "yaml", "experta", "coalitie.diagnose", "coalitie.kennisbank"}


def test_the_plugin_check_agrees_with_importlib_metadata():
    from importlib.metadata import entry_points
    assert _pydantic_plugins.plugins_possible() == bool(list(entry_points(group="pydantic")))


def test_a_distribution_declaring_a_pydantic_plugin_is_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    dist = tmp_path / "een_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n", encoding="utf-8")
    assert _pydantic_plugins.plugins_possible() is False
    (dist / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n\n[pydantic]\np = een_plugin:plugin\n",
                                           encoding="utf-8")
    assert _pydantic_plugins.plugins_possible() is True


def test_a_zip_on_the_path_leaves_pydantic_its_own_scan(tmp_path, monkeypatch):
    archive = tmp_path / "pakket.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _pydantic_plugins.plugins_possible() is True
    monkeypatch.setattr(sys, "path", [str(tmp_path / "bestaat-niet")])
    assert _pydantic_plugins.plugins_possible() is False


def test_the_stand_in_loader_is_used_only_without_plugins():
    code = ("import sys\n"
            "from coalitie import kennisbank, _pydantic_plugins\n"
            "from pydantic import BaseModel\n"
            "class M(BaseModel):\n    a: int\n"
            "loader = sys.modules['pydantic.plugin._loader']\n"
            "assert M(a=1).a == 1\n"
            "assert ('coalitie' in (loader.__doc__ or '')) != _pydantic_plugins.plugins_possible()\n"
            "assert list(loader.get_plugins()) == []\n")
    _fresh(code)


def test_a_name_the_stand_in_lacks_hands_over_to_pydantics_own_loader():
    """A newer pydantic asking the loader for something else gets the real loader, not an error."""
    code = ("import sys, types\n"
            "from coalitie import _pydantic_plugins\n"
            "sys.modules.pop('pydantic.plugin._loader', None)\n"
            "_pydantic_plugins.plugins_possible = lambda: False\n"
            "_pydantic_plugins.skip_scan_without_plugins()\n"
            "stand_in = sys.modules['pydantic.plugin._loader']\n"
            "assert 'coalitie' in stand_in.__doc__\n"
            "from pydantic.plugin._loader import entry_points\n"  # only the real loader has it
            "assert sys.modules['pydantic.plugin._loader'] is not stand_in\n"
            "assert callable(entry_points)\n")
    _fresh(code)


def test_yamls_printable_class_comes_from_the_cheap_spelling_and_matches_the_same():
    import re

    import yaml.reader

    from coalitie.kennisbank import yamlstrict
    assert yaml.reader.Reader.NON_PRINTABLE.pattern == yamlstrict.YAML_PRINTABLE_COMPLEMENT  # the seed was used
    every = "".join(map(chr, range(0x110000)))
    re.purge()  # compiled by re itself, as PyYAML would without the seed
    pyyaml = re.compile(yamlstrict.YAML_PRINTABLE)
    assert [m.start() for m in pyyaml.finditer(every)] == \
        [m.start() for m in yaml.reader.Reader.NON_PRINTABLE.finditer(every)]


def test_no_model_field_takes_a_builtin_as_its_default_factory():
    """pydantic reads each default factory's signature when it builds a model: for a builtin
    (``list``, ``dict``) that parses a text signature and compiles the tokenizer, for a
    function of ours (``kennisbank.schema.new_list``) it costs next to nothing."""
    import importlib
    import pkgutil
    import builtins
    import coalitie
    from pydantic import BaseModel
    for info in pkgutil.walk_packages(coalitie.__path__, "coalitie."):
        if info.name.split(".")[-1] in ("server",) or ".tests" in info.name:
            continue  # the service needs its extra; its models are checked through its own import below
        importlib.import_module(info.name)
    try:
        importlib.import_module("coalitie.diagnose.server")
    except ImportError:  # pragma: no cover - without the [server] extra
        pass
    seen, stack = 0, list(BaseModel.__subclasses__())
    builtin_types = {v for v in vars(builtins).values() if isinstance(v, type)}
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if not model.__module__.startswith("coalitie."):
            continue
        for name, field in model.model_fields.items():
            seen += 1
            assert field.default_factory not in builtin_types, f"{model.__module__}.{model.__name__}.{name}"
    assert seen > 100


def test_the_models_a_diagnosis_loads_have_their_annotations_as_objects():
    """Postponed annotations (text) make pydantic compile each one when it builds the model:
    the modules whose models every diagnosis builds write them as objects."""
    from coalitie.diagnose import case, records, result
    from coalitie.kennisbank import schema, stellingen
    from pydantic import BaseModel
    for module in (case, records, result, schema, stellingen):
        models = [m for m in vars(module).values()
                  if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == module.__name__]
        assert models, module.__name__
        for model in models:
            texts = [k for k, v in model.__dict__.get("__annotations__", {}).items() if isinstance(v, str)]
            assert not texts, f"{module.__name__}.{model.__name__}: {texts}"


def test_a_one_shot_command_runs_without_the_cycle_collector_and_gives_it_back(monkeypatch):
    """`coalitie diagnose` pauses Python's cycle collector for its length (_collector.paused);
    the batch keeps it (case after case); afterwards a host that called the CLI in its own
    process has its collector back."""
    import gc

    from click.testing import CliRunner

    import coalitie.diagnose
    from coalitie.cli import main

    seen = []
    real = coalitie.diagnose.diagnose

    def diagnose(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(coalitie.diagnose, "diagnose", diagnose)
    example = str(ROOT / "kennisbank" / "voorbeelden" / "startend-dorp.yaml")
    result = CliRunner().invoke(main, ["diagnose", example])
    assert result.exit_code == 0, result.output
    assert seen == [False] and gc.isenabled()
    result = CliRunner().invoke(main, ["batch", example])
    assert result.exit_code == 0, result.output
    assert seen == [False, True] and gc.isenabled()


def test_months_are_added_as_calendar_months_without_importing_calendar():
    """diagnose/dates counts a month's days itself (calendar and locale stay unloaded at start)."""
    import calendar
    import datetime as dt

    from coalitie.diagnose.dates import add_months

    def reference(d, months):
        year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
        return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))

    for year in (1999, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            for day in (1, 15, 28, 29, 30, 31):
                if day > calendar.monthrange(year, month)[1]:
                    continue
                d = dt.date(year, month, day)
                for months in (-25, -13, -1, 0, 1, 2, 11, 12, 14, 48):
                    assert add_months(d, months) == reference(d, months), (d, months)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert "calendar" not in _modules_after("diagnose", "--voorbeeld", "startend-dorp")
