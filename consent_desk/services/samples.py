"""The sample trust: the bundled sample academies, learner lists and returns, imported through
the same services an office uses (the first-run screen's practice database)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from consent_desk.db.engine import Database

Progress = Callable[[str, int, int], None]

SAMPLE_TRUST = "Sample Trust (made-up learners)"


def find_samples_dir() -> Path | None:
    """The bundled sample files (in the frozen app, or beside the package in a checkout)."""
    from consent_desk.paths import find_resource

    found = find_resource("resources/samples/expected.json")
    return found.parent if found is not None else None


@dataclass(frozen=True)
class SampleLoad:
    academies: list[str]
    year: str
    learners: int
    returns: int
    needs_review: int


def load_sample_data(
    db: Database, samples: Path, user: str, progress: Progress | None = None
) -> SampleLoad:
    """A new trust with the sample academies, their learner lists and their returns imported —
    through the same import services an office uses."""
    from consent_desk.services.imports import import_returns
    from consent_desk.services.learner_import import import_learners
    from consent_desk.services.trust import add_academy, init_trust, list_academies

    plan = json.loads((samples / "expected.json").read_text(encoding="utf-8"))
    year = str(plan["year"])
    init_trust(db, SAMPLE_TRUST, user=user)
    have = {a.code for a in list_academies(db)}
    for code, info in plan["academies"].items():
        if code not in have:
            add_academy(db, code, info["name"], phase=info.get("phase"), user=user)
    files = plan["files"]
    learners = returns = review = 0
    for n, f in enumerate(files):
        if progress:
            progress(f"Importing {f['file']}", n, len(files))
        path = samples / f["file"]
        if f["kind"] == "learners":
            lr = import_learners(db, path, f["academy"], user=user)
            learners += lr.added
        else:
            rr = import_returns(db, path, f["academy"], year, user=user)
            returns += rr.imported
            review += len(rr.needs_review)
    if progress:
        progress("Done", len(files), len(files))
    return SampleLoad(list(plan["academies"]), year, learners, returns, review)
