"""The COO summary: the counting, the workbook and the PDF, against counts made here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bench.outputs import synthetic_trust
from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Status
from consent_desk.domain.summary import returns_by_week, summarise, total
from consent_desk.outputs.summary import build_summary_pdf, build_summary_xlsx

from .factories import context, learner, ret
from .readback import page_sizes, pdf_pages, pdf_text, raster_images

OAK = AcademyInfo(1, "OAK", "Oakfield Primary Academy")
HILL = AcademyInfo(2, "HILL/SEC", "Hillgate Academy")  # a code no sheet name may hold as is
ELM = AcademyInfo(3, "ELM", "Elm Tree Infants")


def oak() -> list[LearnerStatusRow]:
    a = OAK
    return [
        learner("A", "One", [ret()], academy=a),
        learner("B", "Two", [ret(refuse=["press", "website"])], academy=a),
        learner("C", "Three", [ret(refuse=PURPOSE_KEYS)], academy=a),
        learner("D", "Four", [], academy=a),
        learner("E", "Five", [], academy=a),
        # Safeguarding flag and nothing from home: no images, but the return is outstanding.
        learner("F", "Six", [], safeguarding=True, academy=a),
        learner("G", "Seven", [ret(limitation="group photos only")], academy=a),
        learner(
            "H", "Eight", [ret(refuse=["press"]), ret(refuse=["video"], who="name:dad")], academy=a
        ),
        # Leavers are not counted at all.
        learner("I", "Nine", [], on_roll=False, academy=a),
        learner("J", "Ten", [ret(refuse=PURPOSE_KEYS)], on_roll=False, academy=a),
    ]


def hill() -> list[LearnerStatusRow]:
    a = HILL
    return [
        learner("K", "Eleven", [ret()], academy=a),
        learner("L", "Twelve", [ret(unanswered=["video"])], academy=a),
        learner("M", "Thirteen", [ret(refuse=["social_media"])], safeguarding=True, academy=a),
    ]


def trust() -> list[tuple[AcademyInfo, list[LearnerStatusRow]]]:
    return [(OAK, oak()), (HILL, hill()), (ELM, [])]


def test_counts_worked_out_by_hand() -> None:
    oak_s, hill_s, elm_s = summarise(trust())
    assert (oak_s.on_roll, oak_s.returns_received, oak_s.outstanding) == (8, 5, 3)
    assert oak_s.received_fraction == pytest.approx(5 / 8)
    assert dict(oak_s.status_counts) == {
        Status.NO_IMAGES: 2,  # C refused all, F safeguarding
        Status.RESTRICTED: 3,  # B, G, H
        Status.NOT_RETURNED: 2,  # D, E
        Status.NO_RESTRICTION: 1,  # A
    }
    assert dict(oak_s.refusals) == {
        "internal": 1,
        "website": 2,
        "social_media": 1,
        "print": 1,
        "press": 3,
        "video": 2,
    }
    assert oak_s.on_list == 7
    assert (hill_s.on_roll, hill_s.returns_received, hill_s.outstanding) == (3, 3, 0)
    assert hill_s.refusals["social_media"] == 1 and hill_s.status(Status.NO_IMAGES) == 1
    assert (elm_s.on_roll, elm_s.received_fraction, elm_s.outstanding) == (0, None, 0)
    grand = total([oak_s, hill_s, elm_s])
    assert (grand.on_roll, grand.returns_received, grand.outstanding, grand.on_list) == (
        11,
        8,
        3,
        9,
    )
    assert grand.refusals["press"] == 3 and grand.status(Status.RESTRICTED) == 4


def test_non_returns_off_the_list_when_the_trust_says_so() -> None:
    oak_s = summarise([(OAK, oak())], treat_non_returns_as_restricted=False)[0]
    assert oak_s.on_list == 5


def test_returns_week_by_week_worked_out_by_hand() -> None:
    # 2025/26 begins on Monday 1 September; the factories' returns come on 10 September + days.
    rows = [
        learner("A", "One", [ret()]),  # Wednesday 10 September: the second week
        learner("B", "Two", [ret(), ret(who="name:dad", days=14)]),  # counted once, when first
        learner("C", "Three", [ret(days=-20)]),  # 21 August, before the year: the first week
        learner("D", "Four", []),  # nothing yet
        learner("E", "Five", [], safeguarding=True),  # NO IMAGES, but no return
        learner("F", "Six", [ret(days=7)], on_roll=False),  # left: not counted
        learner("G", "Seven", [ret(days=11)]),  # Sunday 21 September: still the third week
        learner("H", "Eight", [ret(days=12)]),  # Monday 22 September: the fourth
    ]
    weeks = returns_by_week(rows, "2025/26", today=date(2025, 9, 24))
    assert [(w.starts, w.returned) for w in weeks] == [
        (date(2025, 9, 1), 1),
        (date(2025, 9, 8), 2),
        (date(2025, 9, 15), 1),
        (date(2025, 9, 22), 1),
    ]
    assert [w.label for w in weeks] == ["w/c 1 Sep", "w/c 8 Sep", "w/c 15 Sep", "w/c 22 Sep"]
    assert sum(w.returned for w in weeks) == summarise([(OAK, rows)])[0].returns_received


def test_weeks_run_from_1_september_to_this_week_or_the_year_end() -> None:
    # 1 September 2026 is a Tuesday: the first week is Tuesday to Sunday, then Mondays.
    weeks = returns_by_week([], "2026/27", today=date(2026, 9, 8))
    assert [w.starts for w in weeks] == [date(2026, 9, 1), date(2026, 9, 7)]
    assert all(w.returned == 0 for w in weeks)
    # A past year: every week to Sunday 31 August 2025 (1 September 2024 was a Sunday).
    past = returns_by_week([], "2024/25", today=date(2026, 1, 5))
    assert past[0].starts == date(2024, 9, 1) and past[1].starts == date(2024, 9, 2)
    assert past[-1].starts == date(2025, 8, 25) and len(past) == 53
    # A year not begun: one week, so a chart has something to stand on.
    assert len(returns_by_week([], "2027/28", today=date(2026, 12, 3))) == 1


def independent_counts(rows: list[LearnerStatusRow]) -> dict[str, int]:
    """The same figures, counted another way: from Counters over the rows on roll."""
    on = [r for r in rows if r.on_roll]
    statuses = Counter(r.status.value for r in on)
    refusals = Counter(key for r in on for key in r.refused)
    returned = len([r for r in on if r.returns])
    return {
        "On roll": len(on),
        "Returns received": returned,
        "No images": statuses["no_images"],
        "Restricted": statuses["restricted"],
        "Not returned": statuses["not_returned"],
        "No restriction": statuses["no_restriction"],
        **{f"Refused: {k}": refusals[k] for k in PURPOSE_KEYS},
        "Outstanding": len(on) - returned,
        "On restriction list": len([r for r in on if r.status.value != "no_restriction"]),
    }


def summary_table(ws: openpyxl.worksheet.worksheet.Worksheet) -> tuple[int, list[str]]:
    for row in ws.iter_rows():
        if row[0].value == "Code":
            return int(row[0].row), [str(c.value) for c in row]
    raise AssertionError("no header")


def test_workbook_summary_sheet_matches_independent_counts(tmp_path: Path) -> None:
    data = synthetic_trust(academies=6, learners=900, seed=11)
    out = tmp_path / "summary.xlsx"
    ctx = context()
    build_summary_xlsx(out, ctx, data)
    wb = openpyxl.load_workbook(out)
    ws = wb["Summary"]
    h, headers = summary_table(ws)
    labels = {f"Refused: {ctx.purpose_labels[k]}": f"Refused: {k}" for k in PURPOSE_KEYS}
    keys = [labels.get(name, name) for name in headers]
    totals: Counter[str] = Counter()
    for i, (academy, rows) in enumerate(data):
        values = dict(zip(keys, [c.value for c in ws[h + 1 + i]], strict=True))
        expected = independent_counts(rows)
        assert values["Code"] == academy.code and values["Academy"] == academy.name
        assert {k: values[k] for k in expected} == expected
        assert values["Received %"] == pytest.approx(
            expected["Returns received"] / expected["On roll"]
        )
        totals.update(expected)
    total_row = ws[h + 1 + len(data)]
    values = dict(zip(keys, [c.value for c in total_row], strict=True))
    assert values["Academy"] == f"Total ({len(data)} academies)"
    assert {k: values[k] for k in totals} == dict(totals)
    assert all(c.font.b for c in total_row if c.value is not None)
    percent = total_row[keys.index("Received %")]
    assert percent.number_format == "0.0%"
    assert ws[h + 1][keys.index("Received %")].number_format == "0.0%"
    assert ws.freeze_panes == f"A{h + 1}"
    assert ws.auto_filter.ref.startswith(f"A{h}:")
    assert all(c.font.b for c in ws[h])


def test_workbook_has_one_restriction_list_sheet_per_academy(tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    build_summary_xlsx(out, context(), trust())
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "OAK", "HILL-SEC", "ELM"]
    for sheet, rows in (("OAK", oak()), ("HILL-SEC", hill())):
        ws = wb[sheet]
        h = next(int(r[0].row) for r in ws.iter_rows() if r[0].value == "Surname")
        names = [ws.cell(r, 1).value for r in range(h + 1, ws.max_row + 1)]
        expected = sorted(r.surname for r in rows if r.on_restriction_list)
        assert names == expected
    assert wb["ELM"].max_row <= 6


def test_long_and_clashing_academy_codes_make_valid_sheet_names(tmp_path: Path) -> None:
    a = AcademyInfo(1, "A" * 40, "Long")
    b = AcademyInfo(2, "a" * 40, "Clash")
    out = tmp_path / "names.xlsx"
    build_summary_xlsx(out, context(), [(a, []), (b, [])])
    names = openpyxl.load_workbook(out).sheetnames
    assert len(names) == 3 and len({n.casefold() for n in names}) == 3
    assert all(len(n) <= 31 for n in names)


def test_pdf_has_the_table_the_totals_and_the_charts(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    build_summary_pdf(out, context(), trust())
    text = pdf_text(out)
    assert "Total (3 academies)" in text
    assert "OAK Oakfield Primary Academy 8 5 62.5% 3 2 3 2 1" in text
    assert "HILL/SEC Hillgate Academy 3 3 100.0% 0 1 1 0 1" in text
    assert "ELM Elm Tree Infants 0 0 — 0 0 0 0 0" in text
    assert "Total (3 academies) 11 8 72.7% 3 3 4 2 2" in text
    # the restriction list and refusals table: on roll, on list, then each purpose
    assert "OAK Oakfield Primary Academy 8 7 1 2 1 1 3 2" in text
    assert "Returns received (% of learners on roll)" in text
    assert "Status (% of learners on roll)" in text
    assert all(w > h for w, h in page_sizes(out))
    assert all(images == [] for images in raster_images(out))
    pages = pdf_pages(out)
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "Confidential — contains personal data" in page


def test_pdf_charts_of_fifty_academies_are_split_across_pages(tmp_path: Path) -> None:
    data = synthetic_trust(academies=50, learners=2500, seed=3)
    out = tmp_path / "fifty.pdf"
    summaries = build_summary_pdf(out, context(), data)
    assert len(summaries) == 50
    pages = pdf_pages(out)
    chart_pages = [p for p in pages if "Returns and status by academy" in p]
    assert len(chart_pages) >= 2
    charted = " ".join(chart_pages)
    for academy, _ in data:
        # each academy is labelled in both charts
        assert charted.count(f"{academy.code} ") >= 2, academy.code
    assert "academies 1–17 of 50" in charted


def _sample_expectations() -> dict[str, Any]:
    root = Path(__file__).resolve().parents[2]
    for place in ("resources/samples/expected.json", "data/samples/expected.json"):
        if (root / place).is_file():
            return dict(json.loads((root / place).read_text(encoding="utf-8")))
    pytest.skip("the sample trust's expected.json is not in this checkout")


def test_summary_of_the_sample_trust_equals_its_expected_outcomes(tmp_path: Path) -> None:
    """Rows carrying the statuses and refusals the sample trust must produce after importing
    every sample file; the workbook's numbers must equal the counts of those expectations."""
    expected = _sample_expectations()
    trust_rows: list[tuple[AcademyInfo, list[LearnerStatusRow]]] = []
    for n, (code, academy) in enumerate(sorted(expected["academies"].items()), start=1):
        info = AcademyInfo(n, code, academy["name"])
        rows = [
            replace(
                learner(upn, "Sample", academy=info, upn=upn),
                status=Status(outcome["status"]),
                refused=tuple(outcome["refused"]),
                limitation="limited" if outcome.get("limitation") else None,
                returns=0 if outcome["status"] == "not_returned" else 1,
                unanswered=(),
            )
            for upn, outcome in academy["learners"].items()
        ]
        trust_rows.append((info, rows))
    out = tmp_path / "sample.xlsx"
    build_summary_xlsx(out, context(), trust_rows)
    ws = openpyxl.load_workbook(out)["Summary"]
    h, headers = summary_table(ws)
    for i, (info, _) in enumerate(trust_rows):
        values = dict(zip(headers, [c.value for c in ws[h + 1 + i]], strict=True))
        outcomes = list(expected["academies"][info.code]["learners"].values())
        statuses = Counter(o["status"] for o in outcomes)
        refusals = Counter(key for o in outcomes for key in o["refused"])
        assert values["On roll"] == len(outcomes)
        assert values["Returns received"] == len(outcomes) - statuses["not_returned"]
        assert values["Outstanding"] == statuses["not_returned"]
        assert values["No images"] == statuses["no_images"]
        assert values["Restricted"] == statuses["restricted"]
        assert values["No restriction"] == statuses["no_restriction"]
        for key, label in context().purpose_labels.items():
            assert values[f"Refused: {label}"] == refusals[key], (info.code, key)
        assert values["On restriction list"] == len(outcomes) - statuses["no_restriction"]
