"""Acceptance corpus (issue 11): office and form-tool layouts through the CLI, black-box.

For each layout, on a fresh database: import the learner list; `import-returns --dry-run
--json` must read every answer column right, change nothing and project the right statuses;
the real import saves (or, for a file a careful importer cannot be sure about, exits 3 listing
the columns, and a person's `--mapping` then imports it); `restrictions --all --json` must
give exactly the hand-worked results, and exactly the expected rows must wait for review.

Every problem of a layout is collected and reported in one assertion message; a learner shown
as consenting to a use their parent refused is counted separately as DANGEROUS.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from consent_desk.cli.main import main
from tests.importing.corpus.layouts_forms import FORMS_LAYOUTS
from tests.importing.corpus.layouts_office import OFFICE_LAYOUTS
from tests.importing.corpus.learners import (
    ACADEMY,
    ACADEMY_NAME,
    BY_ID,
    LEARNERS,
    write_learner_list,
)
from tests.importing.corpus.model import NOT_RETURNED, Column, Layout, Outcome, normalise

YEAR = "2025/26"
LAYOUTS: tuple[Layout, ...] = tuple(
    sorted(OFFICE_LAYOUTS + FORMS_LAYOUTS, key=lambda layout: layout.name)
)
STATUSES = ("no_images", "restricted", "no_restriction", "not_returned")


class Cli:
    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = url
        self.capsys = capsys

    def run(self, *argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--database", self.url, *argv])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *argv: str) -> tuple[int, Any, str]:
        code, out, err = self.run(*argv)
        try:
            doc = json.loads(out) if out.strip() else None
        except json.JSONDecodeError:
            doc = None
            err = f"(stdout is not JSON: {out[:200]!r}) {err}"
        return code, doc, err

    def ok(self, *argv: str) -> Any:
        code, doc, err = self.json(*argv)
        assert code == 0, f"{' '.join(argv[:2])}: exit {code}: {err.strip()[:500]}"
        return doc

    def listing(self) -> dict[str, dict[str, Any]]:
        rows = self.ok("restrictions", "--academy", ACADEMY, "--year", YEAR, "--all", "--json")
        return {r["upn"]: r for r in rows}


def expected_outcomes(layout: Layout) -> dict[str, Outcome]:
    return {x.id: layout.expected.get(x.id, NOT_RETURNED) for x in LEARNERS}


def expected_projection(layout: Layout) -> dict[str, int]:
    counts = Counter(o.status for o in expected_outcomes(layout).values())
    return {s: counts.get(s, 0) for s in STATUSES}


def check_columns(
    layout: Layout, report: Mapping[str, Any], problems: list[str], dangerous: list[str]
) -> None:
    """Every answer column's reading: role, purposes, sure, and each value's answers."""
    got_columns = {normalise(c.get("header")): c for c in report.get("columns") or []}
    if not got_columns:
        problems.append("dry run: no `columns` in the --json report")
        return
    for want in layout.columns:
        got = got_columns.get(normalise(want.header))
        if got is None:
            problems.append(f"dry run: column {want.header!r} not in `columns`")
            continue
        check_column(want, got, problems, dangerous, layout.value_counts(want.header))


def check_column(
    want: Column,
    got: Mapping[str, Any],
    problems: list[str],
    dangerous: list[str],
    counts: Mapping[str, int],
) -> None:
    where = f"column {want.header[:70]!r}"
    role = got.get("role")
    if want.role and role != want.role:
        problems.append(f"{where}: role {role!r}, expected {want.role!r}")
    if role in want.forbidden_roles:
        problems.append(f"{where}: a placeholder read as {role!r}")
    got_purposes = sorted(got.get("purposes") or [])
    # an overall question or a tick list may list no purposes: its values' answers say it
    whole = want.role in ("overall", "tick_list") and not got_purposes
    if want.purposes and not whole and got_purposes != sorted(want.purposes):
        problems.append(
            f"{where}: purposes {sorted(got.get('purposes') or [])}, "
            f"expected {sorted(want.purposes)}"
        )
    sure = got.get("sure")
    if not want.sure and sure is not False:
        problems.append(
            f"{where}: read as sure ({got.get('why')!r}); the file alone cannot decide it"
        )
    if want.sure and want.values and sure is False:
        problems.append(f"{where}: unsure ({got.get('why')!r}); a careful importer is sure")
    values: dict[str, list[Mapping[str, Any]]] = {}
    for v in got.get("values") or []:
        values.setdefault(normalise(v.get("value")), []).append(v)
    if not want.sure:
        for key, listed in values.items():
            for e in listed:
                if "consent" in (e.get("answers") or {}).values():
                    dangerous.append(
                        f"{where}: undecided mark {key!r} read as consent ({e.get('answers')})"
                    )
        return
    for text, answers in want.values.items():
        entries = values.get(normalise(text))
        if not entries:
            if text:  # a blank need not be listed
                problems.append(f"{where}: value {text!r} not read back")
            continue
        if text and sum(int(e.get("rows") or 0) for e in entries) != counts[normalise(text)]:
            problems.append(
                f"{where}: {text!r} read back for "
                f"{sum(int(e.get('rows') or 0) for e in entries)} rows, the file "
                f"has {counts[normalise(text)]}"
            )
        for e in entries:
            got_answers = e.get("answers") or {}
            if not answers:  # not an answer: must never read as consent
                if "consent" in got_answers.values():
                    dangerous.append(f"{where}: {text!r} (not an answer) read as consent")
                continue
            picked = {p: got_answers.get(p) for p in answers}
            if picked != dict(answers):
                msg = (
                    f"{where}: {text!r} read as {e.get('reads_as')!r} {got_answers}, "
                    f"expected {dict(answers)}"
                )
                worse = any(a != "consent" and picked[p] == "consent" for p, a in answers.items())
                (dangerous if worse else problems).append(msg)


def review_rows(report: Mapping[str, Any] | None) -> set[int]:
    return {int(r["row"]) for r in (report or {}).get("needs_review") or []}


def compare_results(
    layout: Layout,
    listing: Mapping[str, Mapping[str, Any]],
    problems: list[str],
    dangerous: list[str],
    prefix: str = "",
) -> None:
    for lid, want in expected_outcomes(layout).items():
        x = BY_ID[lid]
        who = f"{prefix}{lid} {x.forename} {x.surname}"
        got = listing.get(x.upn)
        if got is None:
            problems.append(f"{who}: not in `restrictions --all`")
            continue
        status = got.get("status")
        refused = sorted(got.get("refused") or [])
        limitation = bool(got.get("limitation"))
        actual = f"{status} refused={refused} limitation={limitation}"
        expected = f"{want.status} refused={sorted(want.refused)} limitation={want.limitation}"
        if actual == expected:
            continue
        shown_ok = status == "no_images" or (
            status != "no_restriction" and set(want.refused) <= set(refused)
        )
        permissive = (
            not shown_ok
            or (status == "no_restriction" and want.status != "no_restriction")
            or (want.status == "no_images" and status != "no_images")
        )
        (dangerous if permissive else problems).append(f"{who}: got {actual}, expected {expected}")


def fresh_database(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> tuple[Cli, dict[str, dict[str, Any]]]:
    """A new database with the academy and its learner list; all learners `not_returned`."""
    cli = Cli(f"sqlite:///{tmp_path / name}", capsys)
    cli.ok("init", "--trust", "Corpus Academy Trust")
    cli.ok("academy", "add", ACADEMY, "--name", ACADEMY_NAME, "--phase", "primary")
    learners = cli.ok(
        "import-learners", str(write_learner_list(tmp_path)), "--academy", ACADEMY, "--json"
    )
    assert not learners.get("errors"), learners.get("errors")
    before = cli.listing()
    assert len(before) == len(LEARNERS)
    assert {r["status"] for r in before.values()} == {"not_returned"}
    return cli, before


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_layout(layout: Layout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli, before = fresh_database(tmp_path, "t.db", capsys)
    path = str(layout.build(tmp_path))
    base = ["import-returns", path, "--academy", ACADEMY, "--year", YEAR, "--json"]
    problems: list[str] = []
    dangerous: list[str] = []
    want_projected = expected_projection(layout)

    # 1. the dry run: read back, change nothing
    code, dry, err = cli.json(*base, "--dry-run")
    if code != 0 or dry is None:
        problems.append(f"dry run exit {code}: {err.strip()[:300]}")
        dry = {}
    check_columns(layout, dry, problems, dangerous)
    if cli.listing() != before:
        dangerous.append("the dry run changed the database")
    if layout.mapping is None:
        if dry.get("projected") != want_projected:
            problems.append(f"dry run projected {dry.get('projected')}, expected {want_projected}")
        if dry and review_rows(dry) != set(layout.review_rows):
            problems.append(
                f"dry run needs_review rows {sorted(review_rows(dry))}, expected "
                f"{sorted(layout.review_rows)}"
            )

    # the text output shows the mapping, one line per column
    code, text, err = cli.run(*[a for a in base if a != "--json"], "--dry-run")
    shown = normalise(text)
    for column in layout.columns:
        if (
            column.role in ("purpose", "overall", "tick_list", "limitation")
            and normalise(column.header)[:40] not in shown
        ):
            problems.append(f"text dry run does not show column {column.header[:50]!r}")

    # 2. the real import (asks for confirmation when unsure)
    code, report, err = cli.json(*base)
    extra: list[str] = []  # arguments of the import that finally saves
    if layout.mapping is not None:
        unsure = {c.header for c in layout.columns if not c.sure}
        confirm = {str(h) for h in (report or {}).get("confirm") or []}
        if code != 3:
            problems.append(
                f"import without --mapping: exit {code}, expected 3 (unsure "
                f"columns {sorted(unsure)})"
            )
        if not unsure <= confirm:
            problems.append(f"`confirm` lacks {sorted(unsure - confirm)}")
        if cli.listing() != before:
            if code == 3:
                dangerous.append("exit 3, yet the import saved returns")
            # it saved its own guess without asking: judge what it saved, then go on with
            # the confirmed mapping on a second, fresh database
            compare_results(
                layout, cli.listing(), problems, dangerous, prefix="saved without asking: "
            )
            cli, before = fresh_database(tmp_path, "t2.db", capsys)
        mapping_file = tmp_path / "confirmed.json"
        mapping_file.write_text(
            json.dumps(
                {
                    "format": "consent-desk-column-mapping",
                    "version": 2,
                    "kind": "returns",
                    "columns": list(layout.mapping),
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
        extra = ["--mapping", str(mapping_file)]
        code, dry2, err = cli.json(*base, "--dry-run", *extra)
        if (dry2 or {}).get("projected") != want_projected:
            problems.append(
                f"dry run with the confirmed mapping projected "
                f"{(dry2 or {}).get('projected')}, expected {want_projected}"
            )
        code, report, err = cli.json(*base, *extra)
        if code != 0:
            problems.append(f"import --mapping: exit {code}: {err.strip()[:300]}")
    elif code == 3:
        problems.append(
            f"asked to confirm {(report or {}).get('confirm')} in a file a careful "
            "importer is sure about; imported with its own proposal to go on"
        )
        mapping_file = tmp_path / "proposed.json"
        cli.run(*base, "--dry-run", "--save-mapping", str(mapping_file))
        extra = ["--mapping", str(mapping_file)]
        code, report, err = cli.json(*base, *extra)
    elif code != 0:
        problems.append(f"import exit {code}: {err.strip()[:300]}")

    if report is not None:
        if report.get("errors"):
            problems.append(f"errors: {str(report['errors'])[:300]}")
        if not all(r.get("reason") for r in report.get("needs_review") or []):
            problems.append("a row waits for review without a reason")
        want_imported = layout.data_rows() - len(layout.review_rows)
        if report.get("imported") != want_imported:
            problems.append(f"imported {report.get('imported')} rows, expected {want_imported}")
        got_rows = review_rows(report)
        if got_rows != set(layout.review_rows):
            problems.append(
                f"needs_review rows {sorted(got_rows)}, expected "
                f"{sorted(layout.review_rows)}: {report.get('needs_review')}"
            )

    # 3. the result, learner by learner
    after = cli.listing()
    compare_results(layout, after, problems, dangerous)

    # 4. the same file again duplicates nothing
    if code == 0 and report is not None:
        code, again, err = cli.json(*base, *extra)
        if (
            code != 0
            or again is None
            or again.get("imported") != 0
            or again.get("duplicates") != report.get("imported")
        ):
            problems.append(
                f"second import of the same file: exit {code}, imported "
                f"{(again or {}).get('imported')}, duplicates "
                f"{(again or {}).get('duplicates')} (first: {report.get('imported')})"
            )
        if cli.listing() != after:
            problems.append("the second import of the same file changed the results")

    assert not (problems or dangerous), "\n".join(
        [
            f"{layout.name}: {len(dangerous)} DANGEROUS (shown as consenting to a refused or "
            f"unanswered use), {len(problems)} other problems"
        ]
        + [f"  DANGEROUS {d}" for d in dangerous]
        + [f"  {p}" for p in problems]
    )


def test_corpus_is_consistent() -> None:
    """The hand-written expectations themselves: known learners, known purposes, ≥ 12 layouts."""
    assert len(LAYOUTS) >= 12
    assert len({layout.name for layout in LAYOUTS}) == len(LAYOUTS)
    for layout in LAYOUTS:
        assert set(layout.expected) <= set(BY_ID), layout.name
        for outcome in layout.expected.values():
            assert outcome.status in STATUSES
            assert set(outcome.refused) <= {
                "internal",
                "website",
                "social_media",
                "print",
                "press",
                "video",
            }
            if outcome.status == "no_images":
                assert len(outcome.refused) == 6
            if outcome.status == "no_restriction":
                assert not outcome.refused and not outcome.limitation
        headers: Sequence[str] = [c.header for c in layout.columns]
        assert len(set(headers)) == len(headers), layout.name
