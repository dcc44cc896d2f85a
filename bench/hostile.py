"""Hostile files (tests/importing/hostile.py) refused by ``consent-desk import-returns``: each
in its own process, with the time and peak memory it took. Targets: under 5 s and under 500 MB
each, exit status non-zero, one line on stderr, the database unchanged."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 5.0
TARGET_MB = 500.0


def _one(url: str, path: str) -> None:
    """Run in the child: the import, then its own figures as JSON on the last stdout line."""
    import contextlib
    import io

    from consent_desk.cli.main import main as cli

    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err):
        code = cli(["--database", url, "import-returns", path, "--academy", "OAK",
                    "--year", "2025/26"])  # fmt: skip
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb,
                      "stderr": err.getvalue()}))  # fmt: skip


def main() -> None:
    from consent_desk.cli.main import main as cli
    from tests.importing.hostile import BENCH_ONLY, HOSTILE

    print("Hostile files (import-returns, each in a fresh process):")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        cli(["--database", url, "init", "--trust", "Bench Trust"])
        cli(["--database", url, "academy", "add", "OAK", "--name", "Oak"])
        for case, (name, make) in (HOSTILE | BENCH_ONLY).items():
            path = make(folder / name)
            run = subprocess.run(
                [sys.executable, "-m", "bench.hostile", "--one", url, str(path)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            try:
                got = json.loads(run.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                print(f"  {case:42} CRASHED (exit {run.returncode}): {run.stderr[-300:]}")
                failed = True
                continue
            lines = got["stderr"].strip().splitlines()
            good = (got["code"] != 0 and len(lines) == 1 and got["seconds"] < TARGET_SECONDS
                    and got["peak_mb"] < TARGET_MB)  # fmt: skip
            failed |= not good
            print(f"  {case:42} {got['seconds']:6.2f} s {got['peak_mb']:6.0f} MB  "
                  f"{'ok' if good else 'MISSED'}  {lines[0][:90] if lines else ''}")  # fmt: skip
            path.unlink()
    print(
        f"  targets: under {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB each, one line"
        + ("  — MISSED" if failed else "")
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        _one(sys.argv[2], sys.argv[3])
    else:
        main()
