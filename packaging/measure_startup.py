"""Start-up time of the app to a drawn main window: from source, and frozen (after `make package`).

    .venv/bin/python packaging/measure_startup.py [--runs 7]

Each run is a new process, ``consent-desk self-check --window-only`` on Qt's off-screen platform:
it starts the interpreter, imports the GUI, shows the main window and exits at its first paint,
so the wall time is the time an office user waits for the window (plus the process's exit).
The database is opened after that first paint in the real app, so it is not part of this time.
Prints the median and the fastest run of each, the median CPU time (user + system, less
disturbed than the wall time by whatever else the machine is doing; not on Windows), and the
size of each build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = "consent-desk.exe" if sys.platform == "win32" else "consent-desk"


def candidates() -> list[tuple[str, list[str]]]:
    found = [("from source", [sys.executable, "-m", "consent_desk"])]
    one_folder = ROOT / "dist" / "ConsentDesk" / EXE
    one_file = ROOT / "dist" / EXE
    if one_folder.is_file():
        found.append(("frozen, one folder", [str(one_folder)]))
    if one_file.is_file():
        found.append(("frozen, one file", [str(one_file)]))
    return found


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run."""
    wall, cpu = [], []
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONSENT_DESK_DATA_DIR": data}
        for _ in range(runs + 1):  # the first run warms the disk cache and is not counted
            cpu0, start = _children_cpu(), time.perf_counter()
            subprocess.run(
                [*command, "self-check", "--window-only"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=data,
            )
            wall.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - cpu0)
    return wall[1:], cpu[1:]


def size_mb(path: Path) -> float:
    files = (
        [path]
        if path.is_file()
        else [
            p
            for p in path.rglob("*")
            if p.is_file() and not p.is_symlink()  # links: counted once
        ]
    )
    return sum(p.stat().st_size for p in files) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for label, command in candidates():
        times, cpu = time_runs(command, args.runs)
        size = ""
        if label.startswith("frozen"):
            built = Path(command[0])
            size = f", {size_mb(built if 'file' in label else built.parent):.0f} MB"
        print(
            f"{label:20} median {statistics.median(times):.2f} s, fastest {min(times):.2f} s, "
            f"CPU {statistics.median(cpu):.2f} s ({args.runs} runs{size})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
