"""Writing files (diagnose/fileio.py): where the output lands, its mode, errors,
one interview per case file, and batch output that survives an interruption."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalitie.cli import main
from conftest import EXAMPLES, ROOT, case
from coalitie.diagnose import batch as batch_module
from coalitie.diagnose import fileio
from coalitie.diagnose.fileio import CaseFileLock

GOOD = EXAMPLES / "lopende-coalitie.yaml"


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


# -- where the output goes ------------------------------------------------------------------------
def test_symlink_is_followed_to_its_target(tmp_path):
    target = tmp_path / "doel.txt"
    target.write_text("oud\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    r = cli("diagnose", str(GOOD), "-o", str(link), "--force")
    assert r.exit_code == 0
    assert link.is_symlink() and "KERN" in target.read_text()


def test_symlink_loop_as_output_is_refused(tmp_path):
    loop = tmp_path / "kring.txt"
    loop.symlink_to(loop)
    r = cli("diagnose", str(GOOD), "-o", str(loop), "--force")
    assert r.exit_code == 2 and "kring" in r.stderr


def test_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    r = cli("diagnose", str(GOOD), "-o", str(fifo))
    reader.join(10)
    assert r.exit_code == 0 and b"KERN" in got[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_character_device_is_written_into():
    r = cli("diagnose", str(GOOD), "-o", os.devnull)
    assert r.exit_code == 0 and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_dash_is_stdout_and_a_folder_is_refused(tmp_path):
    r = cli("diagnose", str(GOOD), "-o", "-")
    assert r.exit_code == 0 and "KERN" in r.stdout
    r = cli("diagnose", str(GOOD), "-o", str(tmp_path), "--force")
    assert r.exit_code == 2 and "map" in r.stderr


def test_hard_link_to_the_input_is_refused(tmp_path):
    src = tmp_path / "c.yaml"
    src.write_text(GOOD.read_text())
    os.link(src, tmp_path / "hard.txt")
    r = cli("diagnose", str(src), "-o", str(tmp_path / "hard.txt"), "--force")
    assert r.exit_code == 2 and "invoerbestand" in r.stderr
    assert src.read_text() == GOOD.read_text()


# -- modes ------------------------------------------------------------------------------------------
def test_existing_mode_is_kept_and_new_files_follow_the_umask(tmp_path, umask022):
    old = tmp_path / "oud.txt"
    old.write_text("x")
    os.chmod(old, 0o664)
    assert cli("diagnose", str(GOOD), "-o", str(old), "--force").exit_code == 0
    assert mode(old) == 0o664
    new = tmp_path / "nieuw.txt"
    assert cli("diagnose", str(GOOD), "-o", str(new)).exit_code == 0
    assert mode(new) == 0o644
    os.umask(0o077)
    newer = tmp_path / "nieuwer.txt"
    assert cli("diagnose", str(GOOD), "-o", str(newer)).exit_code == 0
    assert mode(newer) == 0o600


# -- errors -----------------------------------------------------------------------------------------
def test_full_disk_is_exit_2_naming_the_path():
    r = cli("diagnose", str(GOOD), "-o", "/dev/full")
    assert r.exit_code == 2 and "/dev/full" in r.stderr and "de schijf is vol" in r.stderr


@pytest.mark.parametrize("args", [["diagnose", str(GOOD)], ["batch", str(GOOD)], ["schema", "casus"]])
def test_full_stdout_is_exit_2(args):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "coalitie.cli", *args], stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "standaarduitvoer: kan niet schrijven: de schijf is vol" in r.stderr
    assert "None" not in r.stderr and "Traceback" not in r.stderr


def test_permission_error_is_exit_2_naming_the_path(tmp_path, monkeypatch):
    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(fileio.os, "replace", denied)
    out = tmp_path / "r.txt"
    r = cli("diagnose", str(GOOD), "-o", str(out))
    assert r.exit_code == 2 and str(out) in r.stderr and "geen toestemming" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == []  # no temp file left


# -- interview: lock, symlink, backups ------------------------------------------------------------
ANSWERS = "coalitie: X\ndatum_gesprek: 2026-01-01\nobservaties:\n  eerste_bijeenkomst_geweest: ja\n"


def interview(path, answers_path, *extra):
    return cli("interview", str(path), "--no-input", "--antwoorden", str(answers_path), *extra)


@pytest.fixture
def answers(tmp_path):
    p = tmp_path / "antwoorden.yaml"
    p.write_text(ANSWERS)
    return p


def test_second_interview_is_refused_naming_the_holder(tmp_path, answers):
    c = tmp_path / "c.yaml"
    c.write_text("coalitie: X\ndatum_gesprek: 2026-01-01\n")
    before = c.read_bytes()
    with CaseFileLock(c):
        r = interview(c, answers)
    assert r.exit_code == 2
    assert f"proces {os.getpid()}" in r.stderr and "interview" in r.stderr
    assert c.read_bytes() == before
    assert not (tmp_path / "c.yaml.lock").exists()  # released by its holder


def test_stale_lock_is_detected_and_taken_over(tmp_path, answers):
    c = tmp_path / "c.yaml"
    (tmp_path / "c.yaml.lock").write_text("999999999\n")
    r = interview(c, answers)
    assert r.exit_code == 0, r.output
    assert "oud slot van proces 999999999" in r.stderr
    assert "eerste_bijeenkomst_geweest" in c.read_text()
    assert not (tmp_path / "c.yaml.lock").exists()


def test_lock_held_by_another_process(tmp_path, answers):
    c = tmp_path / "c.yaml"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from coalitie.diagnose.fileio import CaseFileLock; "
        "l = CaseFileLock(sys.argv[1]).acquire(); print('ok', flush=True); time.sleep(30)"), str(c), str(ROOT)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        r = interview(c, answers)
        assert r.exit_code == 2 and f"proces {holder.pid}" in r.stderr
    finally:
        holder.kill()
        holder.wait()
    r = interview(c, answers)  # the killed holder's lock is stale now
    assert r.exit_code == 0 and f"proces {holder.pid}" in r.stderr


def test_interview_on_a_symlink_updates_the_target(tmp_path, answers, umask022):
    real = tmp_path / "echt.yaml"
    real.write_text("coalitie: X\ndatum_gesprek: 2026-01-01\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    r = interview(link, answers)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and "eerste_bijeenkomst_geweest" in real.read_text()
    assert mode(real) == 0o640


def test_private_flag_makes_a_new_case_file_0600(tmp_path, answers, umask022):
    r = interview(tmp_path / "prive.yaml", answers, "--prive")
    assert r.exit_code == 0 and mode(tmp_path / "prive.yaml") == 0o600
    r = interview(tmp_path / "open.yaml", answers)
    assert r.exit_code == 0 and mode(tmp_path / "open.yaml") == 0o644


def test_backups_do_not_pile_up(tmp_path, answers, monkeypatch):
    """When the interview cannot keep a file's own comments in place (here: the round trip
    made impossible), the file gets one copy before it is written anew, never two."""
    from coalitie.diagnose import roundtrip
    monkeypatch.setattr(roundtrip, "updated_text", lambda previous, data: None)
    c = tmp_path / "c.yaml"
    c.write_text("# mijn eigen aantekening\ncoalitie: X\ndatum_gesprek: 2026-01-01\n")
    bad = tmp_path / "fout.yaml"
    bad.write_text("observaties: {bestaat_niet: ja}\n")
    for _ in range(3):  # failed runs never write the case, so they make no backup
        assert interview(c, bad).exit_code == 2
    assert sorted(p.name for p in tmp_path.glob("c.yaml.orig*")) == []
    original = c.read_text()
    assert interview(c, answers).exit_code == 0
    assert (tmp_path / "c.yaml.orig").read_text() == original
    c.write_text(original)  # the same commented file again: the backup is reused
    assert interview(c, answers).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("c.yaml.orig*")) == ["c.yaml.orig"]
    c.write_text("# een nieuwe aantekening\n" + original)  # different comments: a second backup
    assert interview(c, answers).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("c.yaml.orig*")) == ["c.yaml.orig", "c.yaml.orig.1"]


def test_interview_end_points_at_an_existing_option():
    from coalitie.diagnose.render.labels import LABELS
    for lab in LABELS.values():
        assert "coalitie diagnose" in lab["more_questions"]
    r = cli("diagnose", "--voorbeeld", "lopende-coalitie", "--format", "json")
    assert r.exit_code == 0


# -- batch ------------------------------------------------------------------------------------------
@pytest.fixture
def five(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(case(datum=f"2026-10-0{i}")) + "\n" for i in range(1, 6)))
    return p


def interrupt_at(monkeypatch, n, exc=KeyboardInterrupt):
    real, seen = batch_module.diagnose_item, []

    def item(*a, **k):
        seen.append(1)
        if len(seen) == n:
            raise exc()
        return real(*a, **k)
    monkeypatch.setattr(batch_module, "diagnose_item", item)


def records(p: Path) -> list[dict]:
    return [json.loads(line) for line in p.read_text().split("\n") if line]  # JSON Lines: \n only


def test_interrupted_batch_keeps_every_finished_record(tmp_path, five, monkeypatch):
    interrupt_at(monkeypatch, 4)
    out = tmp_path / "uit.jsonl"
    r = cli("batch", str(five), "-o", str(out))
    assert r.exit_code == 130
    assert [rec["bron"] for rec in records(out)] == [f"{five}:{i}" for i in (1, 2, 3)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file
    last = [line for line in r.stderr.splitlines() if line.strip()][-1]
    assert last.startswith("coalitie: onderbroken (Ctrl-C)") and "3 records" in last and str(out) in last


def test_interrupted_forced_batch_leaves_old_file_and_partial_file(tmp_path, five, monkeypatch):
    out = tmp_path / "uit.jsonl"
    out.write_text('{"oud": true}\n')
    interrupt_at(monkeypatch, 3)
    r = cli("batch", str(five), "-o", str(out), "--force")
    assert r.exit_code == 130
    assert out.read_text() == '{"oud": true}\n'
    partial = tmp_path / "uit.onvolledig.jsonl"
    assert len(records(partial)) == 2 and str(partial) in r.stderr
    monkeypatch.undo()
    r = cli("batch", str(five), "-o", str(out), "--force")
    assert r.exit_code == 0 and len(records(out)) == 5
    # the earlier run's partial file is the user's data: kept, never reused
    assert len(records(partial)) == 2 and not (tmp_path / "uit.onvolledig.2.jsonl").exists()


def test_a_second_interrupted_forced_batch_never_overwrites_the_first_partial_file(tmp_path, five, monkeypatch):
    out = tmp_path / "uit.jsonl"
    out.write_text('{"oud": true}\n')
    interrupt_at(monkeypatch, 3)
    assert cli("batch", str(five), "-o", str(out), "--force").exit_code == 130
    monkeypatch.undo()
    interrupt_at(monkeypatch, 2)
    r = cli("batch", str(five), "-o", str(out), "--force")
    assert r.exit_code == 130 and out.read_text() == '{"oud": true}\n'
    assert len(records(tmp_path / "uit.onvolledig.jsonl")) == 2
    second = tmp_path / "uit.onvolledig.2.jsonl"
    assert len(records(second)) == 1 and str(second) in r.stderr


def test_completed_batch_keeps_the_old_mode(tmp_path, five):
    out = tmp_path / "uit.jsonl"
    out.write_text("")
    os.chmod(out, 0o664)
    assert cli("batch", str(five), "-o", str(out), "--force").exit_code == 0
    assert mode(out) == 0o664


def test_sigterm_and_ctrl_c_end_cleanly_with_workers(tmp_path):
    """A real run with two worker processes: the signal to the whole process group ends it
    with 130/143, one summary line, no traceback, and every finished record kept."""
    big = tmp_path / "veel.jsonl"
    big.write_text((json.dumps(case()) + "\n") * 400)
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        out = tmp_path / f"uit-{code}.jsonl"
        proc = subprocess.Popen([sys.executable, "-m", "coalitie.cli", "batch", str(big), "--processen", "2",
                                 "-o", str(out), "--zonder-spoor"], stderr=subprocess.PIPE, text=True,
                                start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.time() + 60
        while time.time() < deadline and (not out.exists() or out.stat().st_size == 0):
            time.sleep(0.05)
        os.killpg(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == code, err
        assert "Traceback" not in err and "Aborted" not in err
        assert err.strip().splitlines()[-1].startswith("coalitie: onderbroken")
        got = records(out)
        assert 0 < len(got) < 400 and all(rec["ok"] for rec in got)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_worker_killed_alone_ends_the_batch_with_a_message(tmp_path):
    """One worker killed from outside (as the OOM killer would): the batch does not hang
    (multiprocessing.Pool could wait for ever on a lock the dead worker held); it ends with
    exit 2, one clear line, no traceback, and the records finished so far kept."""
    big = tmp_path / "veel.jsonl"
    big.write_text((json.dumps(case()) + "\n") * 2000)
    out = tmp_path / "uit.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "coalitie.cli", "batch", str(big), "--processen", "2",
                             "-o", str(out), "--zonder-spoor"], stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.05)
    # the workers are forks of the batch (same command line); not multiprocessing's resource tracker
    own = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    workers = [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == own]
    assert workers, children
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert "werkproces" in err.strip().splitlines()[-1]
    assert 0 < len(records(out)) < 2000


def test_looping_symlink_in_a_batch_folder_is_reported(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD.read_text())
    (folder / "b.yaml").symlink_to(folder / "b.yaml")
    r = cli("batch", str(folder))
    assert r.exit_code == 0
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(rec["bron"]).name for rec in recs] == ["a.yaml", "b.yaml"]
    assert not recs[1]["ok"] and "kring" in recs[1]["fout"]["problemen"][0][1]
    assert "2 casussen" in r.stderr


# -- README -----------------------------------------------------------------------------------------
def test_readme_usage_works_after_its_own_install_and_states_the_guarantees():
    import re
    from coalitie.diagnose import reading
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    install, usage = blocks[0], blocks[2]
    assert "python3 -m venv .venv" in install  # which creates .venv/bin/activate
    assert usage.splitlines()[0].startswith("source .venv/bin/activate")
    section = readme.split("### Grenzen en bestandsveiligheid", 1)[1].split("\n## ", 1)[0]
    for number in (reading.MAX_BYTES, reading.MAX_NODES):
        assert f"{number:,}".replace(",", ".") in section
    assert f"{reading.MAX_DEPTH} niveaus" in section and f"hooguit **{reading.MAX_ALIASES}**" in section
    for promise in ("NAAM.lock", "NAAM.onvolledig.jsonl", "NAAM.orig", "umask", "`-o -`", "yes", "atomair"):
        assert promise in section, promise


def test_a_read_only_file_is_not_replaced(tmp_path):
    """0444 says nobody may write it; an atomic replace would get round that (and as root
    permissions do not stop it), so the tool refuses, --force or not, and leaves it."""
    out = tmp_path / "rapport.txt"
    out.write_text("van de adviseur\n")
    out.chmod(0o444)
    r = cli("diagnose", str(GOOD), "-o", str(out), "--force")
    assert r.exit_code == 2 and "alleen-lezen" in r.stderr
    assert out.read_text() == "van de adviseur\n" and stat.S_IMODE(out.stat().st_mode) == 0o444


def test_an_edit_made_outside_the_interview_is_kept(tmp_path):
    """Someone edits the case file in an editor while an interview holds it: the next save
    keeps that version as a copy instead of silently overwriting it, once per edit."""
    path = tmp_path / "casus.yaml"
    path.write_text("coalitie: Oud\n")
    told = []
    lock = CaseFileLock(path, notify=told.append).acquire()
    try:
        fileio.save_case_file(path, "coalitie: Interview 1\n")
        assert not list(tmp_path.glob("casus.yaml.orig*")) and told == []
        path.write_text("coalitie: Met de hand aangepast\n")  # the editor
        fileio.save_case_file(path, "coalitie: Interview 2\n")
        [copy] = tmp_path.glob("casus.yaml.orig*")
        assert copy.read_text() == "coalitie: Met de hand aangepast\n"
        assert path.read_text() == "coalitie: Interview 2\n"
        assert len(told) == 1 and "buiten dit interview gewijzigd" in told[0] and str(copy) in told[0]
        fileio.save_case_file(path, "coalitie: Interview 3\n")
        assert len(list(tmp_path.glob("casus.yaml.orig*"))) == 1 and len(told) == 1
    finally:
        lock.release()
