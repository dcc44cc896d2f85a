"""Killing the import process part-way leaves the database exactly as it was (one transaction).

Two ways: a kill at a known point (the returns written, the transaction not yet committed), on
SQLite and PostgreSQL; and ``python -m consent_desk import-returns`` killed as its progress bar
reaches "Saving" on a big file, as a person would, on SQLite.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from consent_desk.db.engine import Database
from consent_desk.db.models import Base
from tests.conftest import TRUST
from tests.importing.conftest import HILLGATE, write_csv

ROOT = Path(__file__).resolve().parents[2]
YEAR = "2025/26"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _word(n: int) -> str:
    """A different made-up name for every number."""
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out += _LETTERS[r]
    return out.capitalize()


def make_files(folder: Path, n: int) -> tuple[Path, Path]:
    """A learner list of ``n`` learners and a Microsoft Forms export with a return for each."""
    learners = [["Adno", "Legal Surname", "Legal Forename", "DOB", "Reg Group"]]
    returns: list[list[object]] = [list(HILLGATE)]
    for i in range(n):
        surname, forename = _word(i) + "son", _word(i * 7 + 3)
        dob = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2010 + i % 7}"
        group = f"{7 + i % 5}{'ABCDE'[i % 5]}"
        learners.append([f"{1000 + i:06d}", surname, forename, dob, group])
        returns.append([i + 1, "03/09/2025 08:00", f"03/09/2025 {8 + i % 10:02d}:{i % 60:02d}",
                        f"carer{i}@example.org", f"Carer {surname}", "", forename, surname, dob,
                        group, "Displays around the academy;The academy and trust websites;",
                        "", "Mother"])  # fmt: skip
    return (write_csv(folder / "learners.csv", learners),
            write_csv(folder / "returns.csv", returns))  # fmt: skip


def cli(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consent_desk", "--database", url, *argv],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def prepared(url: str, learners: Path) -> None:
    for argv in (["init", "--trust", TRUST], ["academy", "add", "BIG", "--name", "Big Academy"],
                 ["import-learners", str(learners), "--academy", "BIG"]):  # fmt: skip
        done = cli(url, *argv)
        assert done.returncode == 0, done.stderr


def counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.session() as s:
            return {
                t.name: s.execute(sql_select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
    finally:
        db.dispose()


def assert_healthy(url: str) -> None:
    """The database opens, is consistent, and takes the import afterwards."""
    if url.startswith("sqlite:///"):
        con = sqlite3.connect(url[len("sqlite:///") :])
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            con.close()
    listed = cli(url, "batches", "--json")
    assert listed.returncode == 0, listed.stderr


# A CLI process that stops for good right after writing the returns, before the commit: the test
# kills it there. Everything else is the real command.
PAUSE_AFTER_WRITING = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import consent_desk.services.imports as imports
    from consent_desk.cli.main import main

    written = imports.insert_returns

    def insert_then_stop(session, rows):
        written(session, rows)
        Path(sys.argv[1]).write_text(str(len(rows)))
        time.sleep(600)

    imports.insert_returns = insert_then_stop
    sys.exit(main(sys.argv[2:]))
""")


def test_killed_after_writing_before_committing(database_url: str, tmp_path: Path) -> None:
    learners, returns = make_files(tmp_path, 400)
    prepared(database_url, learners)
    before = counts(database_url)
    marker = tmp_path / "written"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSE_AFTER_WRITING, str(marker), "--database", database_url,
         "import-returns", str(returns), "--academy", "BIG", "--year", YEAR],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the import never reached the writing"
            time.sleep(0.02)
        assert marker.read_text() == "400"  # the returns are in the (open) transaction
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert counts(database_url) == before
    assert_healthy(database_url)
    done = cli(database_url, "import-returns", str(returns), "--academy", "BIG", "--year", YEAR)
    assert done.returncode == 0, done.stderr
    assert counts(database_url)["consent_return"] == before["consent_return"] + 400


def _kill_when_saving(url: str, returns: Path) -> int:
    """Run the import with its progress bar on a terminal; SIGKILL it as soon as the bar says
    "Saving". The exit status."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "consent_desk", "--database", url, "import-returns", str(returns),
         "--academy", "BIG", "--year", YEAR],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 120
        while b"Saving" not in seen and proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        os.close(master)
    assert b"Saving" in seen or proc.returncode == 0, seen[-500:]
    return proc.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal and SIGKILL")
def test_python_m_consent_desk_killed_while_saving(tmp_path: Path) -> None:
    n = 30_000
    learners, returns = make_files(tmp_path, n)
    base = tmp_path / "base.sqlite3"
    prepared(f"sqlite:///{base}", learners)
    before = counts(f"sqlite:///{base}")
    killed_in_time = 0
    for attempt in range(4):
        copy = tmp_path / f"attempt{attempt}.sqlite3"
        shutil.copy(base, copy)
        url = f"sqlite:///{copy}"
        _kill_when_saving(url, returns)
        after = counts(url)
        # Never part of an import: either nothing (killed in time) or everything (the kill
        # came after the commit, which the signal can race on a busy machine).
        if after == before:
            killed_in_time += 1
        else:
            assert after["consent_return"] == before["consent_return"] + n, after
            assert after["import_batch"] == before["import_batch"] + 1
        assert_healthy(url)
        if killed_in_time:
            break
    assert killed_in_time, "the kill never landed before the commit"
