"""Import speed: a 60,000-learner roster and a 60,000-row Microsoft-Forms-style returns file.

The returns import (the whole ``consent-desk import-returns`` process) is compared with the floor:
a whole Python process that reads the same file with python-calamine and writes every row, as it
stands, into a fresh SQLite table with one ``executemany`` in one transaction. Targets: ratio
<= 2.5, peak memory <= 400 MB.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

N = int(os.environ.get("BENCH_LEARNERS", "60000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # of the returns import, and of the floor

FIRST = [
    "Oliver",
    "Amelia",
    "Noah",
    "Isla",
    "Muhammad",
    "Ava",
    "Leo",
    "Ivy",
    "Arthur",
    "Freya",
    "Harry",
    "Lily",
    "Oscar",
    "Mia",
    "Theo",
    "Sophia",
    "Jack",
    "Grace",
    "Zofia",
    "Aoife",
    "Siobhán",
    "José",
    "Chloé",
    "Mateusz",
    "Priya",
    "Ngozi",
    "Wei",
    "Yusuf",
    "Ella",
    "Ruby",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Khan",
    "O'Connor",
    "Smith-Jones",
    "Nowak",
    "Kowalski",
    "van der Berg",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Clark",
]
SUFFIX = [
    "son",
    "ford",
    "wood",
    "ley",
    "ton",
    "ham",
    "by",
    "well",
    "field",
    "worth",
    "er",
    "s",
    "ington",
    "more",
    "ridge",
    "dale",
    "croft",
    "stone",
    "bury",
    "shaw",
]
CHOICES = [
    "Displays around the academy",
    "The academy and trust websites",
    "Academy social media (Facebook, X, Instagram, YouTube)",
    "Newsletters and the prospectus",
    "Local newspapers and media",
    "Video recordings and livestreams of events",
]
PEAK_HELPER = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.write(r.stderr.decode()[-2000:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(r.returncode)\n"
)

FLOOR = """
import sqlite3, sys
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
con = sqlite3.connect(sys.argv[2])
width = len(rows[0])
con.execute("CREATE TABLE raw (" + ", ".join(f"c{i}" for i in range(width)) + ")")
with con:
    con.executemany("INSERT INTO raw VALUES (" + ", ".join("?" * width) + ")",
                    [[str(v) if not isinstance(v, (int, float, str)) else v for v in r]
                     for r in rows[1:]])
con.close()
"""


def _upn(n: int) -> str:
    from stdnum.gb import upn

    body = f"873{n:09d}"[:12]
    for letter in "ABCDEFGHJKLMNPQRTUVWXYZ":
        if upn.is_valid(letter + body):
            return letter + body
    raise AssertionError(body)


def make_files(folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    rnd = random.Random(20251)
    learners = []
    for i in range(N):
        year = 7 + i % 7
        born = date(2025 - year - 5, 9, 1) + timedelta(days=rnd.randrange(365))
        # Real rolls have thousands of distinct names: build them from syllables so that
        # name + date of birth collide about as rarely as they do in a real trust.
        last = rnd.choice(LAST) + (rnd.choice(SUFFIX) if rnd.random() < 0.8 else "")
        first = rnd.choice(FIRST) + (rnd.choice(["", "", "a", "ie", "o", "-Mae", "-Rose"]))
        learners.append(
            (
                _upn(100000 + i),
                f"{5000 + i:06d}",
                last,
                first,
                born,
                str(year),
                f"{year}{'ABCDEFGH'[i % 8]}",
            )
        )
    roster = folder / "roster.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Learners")
    ws.append(
        [
            "UPN",
            "Admission Number",
            "Last Name",
            "First Name",
            "Date of Birth",
            "Year Group",
            "Tutor Group",
        ]
    )
    for row in learners:
        ws.append(list(row))
    wb.save(roster)

    returns = folder / "returns-msforms.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Form1")
    ws.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Child's first name",
            "Child's surname",
            "Child's date of birth",
            "Child's tutor group",
            "Please tick all the ways in which you are happy for photographs and video of "
            "your child to be used",
            "Are there any other limitations on the use of your child's image?",
            "Your relationship to the child",
        ]
    )
    start = datetime(2025, 9, 3, 8, 0)
    for i, (_u, _a, last, first, born, _y, group) in enumerate(learners):
        done = start + timedelta(minutes=i // 3)
        r = rnd.random()
        if r < 0.05:
            ticked = "I do not consent to any of these;"
        else:
            picks = [c for c in CHOICES if r < 0.7 or rnd.random() < 0.8]
            ticked = "".join(c + ";" for c in picks)
        parent = f"{rnd.choice(FIRST)} {last}"
        ws.append(
            [
                i + 1,
                done - timedelta(minutes=4),
                done,
                f"{parent.lower().replace(' ', '.').replace(chr(39), '')}{i}@example.org",
                parent,
                None,
                first,
                last,
                born,
                group,
                ticked,
                rnd.choice(["", "", "", "none", "n/a", "First name only"]),
                rnd.choice(["Mother", "Father"]),
            ]
        )
    wb.save(returns)
    return roster, returns


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a whole process."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", PEAK_HELPER, *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{r.stderr}")
    return wall, int(r.stdout.strip().splitlines()[-1]) / 1024


SCALE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "scale"


def _copy_db(source: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", "import sqlite3,sys; s=sqlite3.connect(sys.argv[1]);"
         "d=sqlite3.connect(sys.argv[2]); s.backup(d)", str(source), str(target)],
        check=True,
    )  # fmt: skip


def measure(label: str, folder: Path, roster: Path, returns: Path) -> None:
    """Import ``roster`` once, then ``returns`` ``RUNS`` times (each on a fresh copy of the
    database), each after a run of the floor on the same file; print the figures. The best of
    each is compared: on a shared machine a run is only ever slowed by others, and the import,
    on two cores, is slowed by a busy neighbour of either."""
    base = folder / f"{label}.sqlite3"
    cd = [sys.executable, "-m", "consent_desk", "--database", f"sqlite:///{base}"]
    subprocess.run([*cd, "init", "--trust", "Bench Trust"], check=True, capture_output=True)
    subprocess.run([*cd, "academy", "add", "BIG", "--name", "Big Academy", "--phase",
                    "secondary"], check=True, capture_output=True)  # fmt: skip
    wall, peak = timed([*cd, "import-learners", str(roster), "--academy", "BIG"])
    print(f"import-learners:   {wall:6.2f} s   peak {peak:5.0f} MB")
    floor_walls, import_walls, peaks = [], [], []
    for attempt in range(RUNS):
        fw, _ = timed([sys.executable, "-c", FLOOR, str(returns),
                       str(folder / f"{label}-floor{attempt}.sqlite3")])  # fmt: skip
        floor_walls.append(fw)
        run_db = folder / f"{label}-run{attempt}.sqlite3"
        _copy_db(base, run_db)  # a fresh copy for each run, so each imports every row
        iw, ip = timed([sys.executable, "-m", "consent_desk", "--database", f"sqlite:///{run_db}",
                        "import-returns", str(returns), "--academy", "BIG", "--year",
                        "2025/26"])  # fmt: skip
        import_walls.append(iw)
        peaks.append(ip)
    check = subprocess.run(
        [sys.executable, "-m", "consent_desk", "--database",
         f"sqlite:///{folder / f'{label}-run0.sqlite3'}", "batches", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    counts = json.loads(check.stdout)[0]["counts"]
    floor, best = min(floor_walls), min(import_walls)
    print(f"import-returns:    {best:6.2f} s   peak {max(peaks):5.0f} MB   "
          f"(runs: {', '.join(f'{w:.2f}' for w in import_walls)})")  # fmt: skip
    print(f"floor (calamine + executemany): {floor:6.2f} s "
          f"(runs: {', '.join(f'{w:.2f}' for w in floor_walls)})")  # fmt: skip
    print(f"ratio import/floor: {best / floor:.2f}  (target <= 2.5)   "
          f"peak memory target <= 400 MB")  # fmt: skip
    print(f"counts: {counts}")


def main() -> None:
    print(f"== imports: {N:,} learners, {N:,} returns (Microsoft Forms layout, generated) ==")
    with tempfile.TemporaryDirectory(prefix="consent-desk-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        roster, returns = make_files(folder)
        print(f"generated files in {time.perf_counter() - t0:.1f} s")
        measure("generated", folder, roster, returns)
        roster, returns = SCALE / "scale-60000-learners.csv", SCALE / "scale-60000-returns.xlsx"
        if roster.exists() and returns.exists():
            print(f"== imports: the shared scale files ({SCALE}) ==")
            measure("scale", folder, roster, returns)
        else:
            print(f"[the shared scale files are not in {SCALE}: skipped]")


if __name__ == "__main__":
    main()
