"""The Principal's restriction list, read back from the .xlsx and the PDF."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Status
from consent_desk.outputs.principal_list import (
    build_principal_list_pdf,
    build_principal_list_xlsx,
)

from .factories import OAK, context, learner, ret
from .readback import page_sizes, pdf_pages, pdf_text, raster_images

HEADERS = [
    "Surname",
    "Forename",
    "UPN",
    "Year",
    "Group",
    "Status",
    "Refused",
    "Not answered",
    "Limitation",
]
LONG_LIMIT = (
    "Please do not use any photograph where my child's face can be seen on anything that is "
    "published outside the academy, including the prospectus and the local paper"
)


def academy_rows() -> list[LearnerStatusRow]:
    return [
        learner(
            "Nowak",
            "Zofia",
            [ret(refuse=["website", "video"])],
            upn="N100",
            reg_group="9B",
            year_group="9",
        ),
        learner("Adams", "Amy", [ret()], upn="A100"),
        learner(
            "Ścibor",
            "Paweł",
            [ret(limitation=LONG_LIMIT)],
            upn="S100",
            year_group="10",
            reg_group="10A",
        ),
        learner("Brown", "Ben", [ret()], safeguarding=True, upn="B100"),
        learner("Clarke", "Chloé", [ret(refuse=PURPOSE_KEYS)], upn="C100"),
        learner("Davies", "Dan", [], upn="D100"),
        learner("Evans", "Eve", [ret(unanswered=["press"])], upn="E100"),
        learner("Formula", "Fay", [ret(limitation='=HYPERLINK("http://x")')], upn="F100"),
        learner("Gone", "Gus", [ret(refuse=PURPOSE_KEYS)], on_roll=False, upn="G100"),
    ]


# Worked out by hand: (UPN, status words, refused, not answered, limitation).
EXPECTED = [
    ("B100", "No images", "All purposes", None, None),
    ("C100", "No images", "All purposes", None, None),
    ("D100", "Not returned", None, None, None),
    ("E100", "Restricted", None, "Press", None),
    ("F100", "Restricted", None, None, '=HYPERLINK("http://x")'),
    ("N100", "Restricted", "Websites, Video", None, None),
    ("S100", "Restricted", None, None, LONG_LIMIT),
]


@pytest.fixture
def sheet(tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    out = tmp_path / "list.xlsx"
    count = build_principal_list_xlsx(out, context(), OAK, academy_rows())
    assert count == len(EXPECTED)
    return openpyxl.load_workbook(out).active


def header_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "Surname":
            return int(row[0].row)
    raise AssertionError("no header row")


def test_xlsx_lists_exactly_the_restriction_list_by_surname(sheet: openpyxl.Workbook) -> None:
    h = header_row(sheet)
    assert [c.value for c in sheet[h]] == HEADERS
    rows = [
        tuple(c.value for c in row)
        for row in sheet.iter_rows(min_row=h + 1)
        if any(c.value is not None for c in row)
    ]
    got = [(r[2], r[5], r[6], r[7], r[8]) for r in rows]
    assert got == EXPECTED
    assert rows[-1][:5] == ("Ścibor", "Paweł", "S100", 10, "10A")  # Ś sorts with the Ss
    assert "Adams" not in {r[0] for r in rows} and "Gone" not in {r[0] for r in rows}


def test_xlsx_title_above_header_with_panes_and_filter_right(sheet: openpyxl.Workbook) -> None:
    h = header_row(sheet)
    assert h > 1
    title = str(sheet["A1"].value)
    assert "Restriction list — Oakfield Primary Academy (OAK) — 2025/26" in title
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == f"A{h + 1}"
    assert sheet.auto_filter.ref == f"A{h}:I{h + len(EXPECTED)}"
    assert all(c.font.b for c in sheet[h])
    assert sheet.print_title_rows == f"${h}:${h}"
    assert "Confidential" in str(sheet.oddFooter.left.text)


def test_xlsx_widths_fit_the_content(sheet: openpyxl.Workbook) -> None:
    h = header_row(sheet)
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    # Every column at least as wide as its header and (below the cap) its longest value.
    for col in range(1, len(HEADERS) + 1):
        letter = openpyxl.utils.get_column_letter(col)
        longest = max(len(str(sheet.cell(r, col).value or "")) for r in range(h, sheet.max_row + 1))
        assert widths[letter] >= min(longest, 45), (letter, widths[letter], longest)
    assert widths["I"] == 60  # the long limitation is capped and wraps
    long_cell = next(c for c in sheet["I"] if c.value == LONG_LIMIT)
    assert long_cell.alignment.wrap_text


def test_xlsx_keeps_parent_text_as_text(sheet: openpyxl.Workbook) -> None:
    cell = next(c for c in sheet["I"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_pdf_is_landscape_with_every_listed_learner(tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    pages = build_principal_list_pdf(out, context(), OAK, academy_rows())
    assert pages == len(page_sizes(out))
    assert all(w > h for w, h in page_sizes(out))
    text = pdf_text(out)
    for upn, *_ in EXPECTED:
        assert upn in text
    assert "Adams" not in text and "Gone" not in text
    assert "NO IMAGES" in text and "NO RETURN YET" in text
    assert "Websites, Video" in text and LONG_LIMIT in text
    assert "Ścibor" in text and "Paweł" in text
    assert "7 of 8 learners on roll are on the list" in text
    assert "safeguard" not in text.lower()
    first = pdf_pages(out)[0]
    assert "Restriction list" in first and "Page 1 of" in first
    assert "Confidential — contains personal data" in first
    assert all(images == [] for images in raster_images(out))


def test_pdf_of_a_long_list_repeats_header_and_numbers_pages(tmp_path: Path) -> None:
    rows = [learner(f"Pupil{i:03d}", "Kid", [ret(refuse=["press"])]) for i in range(90)]
    out = tmp_path / "long.pdf"
    build_principal_list_pdf(out, context(), OAK, rows)
    pages = pdf_pages(out)
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert "Surname Forename UPN Year Group Status Refused Not answered Limitation" in page
        assert f"Page {n} of {len(pages)}" in page


def test_empty_list(tmp_path: Path) -> None:
    out = tmp_path / "none.xlsx"
    assert build_principal_list_xlsx(out, context(), OAK, [learner("A", "B", [ret()])]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.auto_filter.ref == f"A{header_row(ws)}:I{header_row(ws) + 1}"
    pdf = tmp_path / "none.pdf"
    build_principal_list_pdf(pdf, context(), OAK, [learner("A", "B", [ret()])])
    assert "No learners are on the restriction list" in pdf_text(pdf)


def test_statuses_used_are_the_rules_words() -> None:
    rows = academy_rows()
    assert {r.status for r in rows} == set(Status)
