"""The restricted-learner sheet, read back from the PDF and checked against the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Status
from consent_desk.outputs.pdfstyle import mark_style
from consent_desk.outputs.roster import build_roster

from .factories import OAK, context, learner, ret
from .readback import pdf_pages, pdf_text, raster_images

HEADER_ROW = "Learner Group Mark What may not be done"
PRINTED = "Printed 25 Nov 2025 14:03 by Jo Office"

# What each restricted learner of 7A must show: mark, then the words that say what may not be
# done (worked out by hand from the returns in ``class_7a``).
EXPECTED_7A = {
    "Brown, Ben": ("NO IMAGES", ["No photographs or video of this learner"]),
    "Clarke, Chloé": ("NO IMAGES", ["No photographs or video of this learner"]),
    "Davies, Dan": ("NO RETURN YET", ["No form received"]),
    "Évora, Éloïse": ("Restricted", ["Not answered: Press, Video"]),
    "Kowalski, Łukasz": ("Restricted", ["Refused: Social media, Press"]),
    "Öztürk, Mehmet": ("Restricted", ["Refused: Websites"]),
    "Wiśniewska, Zoë": (
        "Restricted",
        ["Limitation: First name only, never with surname — group photos are fine"],
    ),
}
UNRESTRICTED_7A = ["Adams, Amy", "Baker, Bea", "Evans, Eve"]
LEAVER = "Left, Larry"


def class_7a(treat_non_returns: bool = True) -> list[LearnerStatusRow]:
    t = treat_non_returns
    rows = [
        learner(
            "Wiśniewska",
            "Zoë",
            [ret(limitation="First name only, never with surname — group photos are fine")],
            treat_non_returns=t,
        ),
        learner(
            "Kowalski",
            "Łukasz",
            [ret(refuse=["press", "social_media"])],
            legal_forename="Łukasz Józef",
            treat_non_returns=t,
        ),
        learner("Adams", "Amy", [ret()], treat_non_returns=t),
        learner("Baker", "Bea", [ret(limitation="n/a")], treat_non_returns=t),
        # Parents consented to everything, but the Principal set a safeguarding flag.
        learner("Brown", "Ben", [ret()], safeguarding=True, treat_non_returns=t),
        learner("Clarke", "Chloé", [ret(refuse=PURPOSE_KEYS)], treat_non_returns=t),
        learner("Davies", "Dan", [], treat_non_returns=t),
        learner("Évora", "Éloïse", [ret(unanswered=["video", "press"])], treat_non_returns=t),
        # Two carers disagree: the more restrictive wins.
        learner(
            "Öztürk",
            "Mehmet",
            [ret(), ret(refuse=["website"], who="email:dad@example.org", days=2)],
            treat_non_returns=t,
        ),
        # One carer changed their mind: the latest return wins.
        learner("Evans", "Eve", [ret(refuse=["website"]), ret(days=3)], treat_non_returns=t),
        learner("Left", "Larry", [ret(refuse=PURPOSE_KEYS)], on_roll=False, treat_non_returns=t),
    ]
    statuses = {f"{r.surname}, {r.forename}": r.status for r in rows}
    assert statuses["Brown, Ben"] is Status.NO_IMAGES
    assert statuses["Evans, Eve"] is Status.NO_RESTRICTION
    assert statuses["Baker, Bea"] is Status.NO_RESTRICTION
    assert statuses["Davies, Dan"] is Status.NOT_RETURNED
    return rows


def long_group(n: int = 120) -> list[LearnerStatusRow]:
    return [
        learner(
            f"Long{i:03d}",
            f"Pupil{i}",
            [ret(refuse=["press"])] if i % 3 else [],
            reg_group="8C",
            year_group="8",
        )
        for i in range(n)
    ]


def segments(text: str, names: list[str]) -> dict[str, str]:
    """The text from each name to the next one (each learner's row)."""
    found = sorted((text.index(n), n) for n in names)
    ends = [pos for pos, _ in found[1:]] + [len(text)]
    return {name: text[pos:end] for (pos, name), end in zip(found, ends, strict=True)}


@pytest.fixture
def roster_7a(tmp_path: Path) -> Path:
    out = tmp_path / "7a.pdf"
    build_roster(out, context(), OAK, [("7A", class_7a())])
    return out


def test_each_restricted_learner_appears_with_exactly_their_restrictions(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    rows = segments(text, list(EXPECTED_7A))
    for name, (mark, details) in EXPECTED_7A.items():
        row = rows[name]
        assert mark in row, name
        for detail in details:
            assert detail in row, (name, detail)
    assert "Refused" not in rows["Wiśniewska, Zoë"]
    assert "Not answered" not in rows["Kowalski, Łukasz"]
    assert "Limitation" not in rows["Öztürk, Mehmet"].split("Refused: Websites")[0]


def test_no_unrestricted_learner_or_leaver_on_a_restricted_only_sheet(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    for name in [*UNRESTRICTED_7A, LEAVER]:
        assert name not in text
        assert name.split(",")[0] not in text


def test_learners_by_surname_with_accents_sorted_as_letters(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    order = sorted(EXPECTED_7A, key=text.index)
    assert order == [
        "Brown, Ben",
        "Clarke, Chloé",
        "Davies, Dan",
        "Évora, Éloïse",
        "Kowalski, Łukasz",
        "Öztürk, Mehmet",
        "Wiśniewska, Zoë",
    ]


def test_preferred_name_shown_and_legal_name_beneath(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    assert "Kowalski, Łukasz legal name: Łukasz Józef Kowalski" in text


def test_safeguarding_shows_no_images_and_never_a_reason(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    assert "NO IMAGES" in segments(text, list(EXPECTED_7A))["Brown, Ben"]
    assert "safeguard" not in text.lower()


def test_header_and_footer_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    build_roster(out, context(), OAK, [("7A", class_7a()), ("8C", long_group())])
    pages = pdf_pages(out)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Northern Lights Learning Trust — Oakfield Primary Academy (OAK)" in page
        assert "Academic year 2025/26" in page
        assert PRINTED in page
        assert "Confidential — contains personal data" in page
        assert re.search(r"Groups?: (7A|8C)", page)
    assert "Groups: 7A, 8C" in pages[0]
    assert "Group: 8C" in pages[1] and "7A" not in pages[1].replace("Groups: 7A", "")


def test_long_group_repeats_the_table_header_and_lists_everyone_once(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    stats = build_roster(out, context(), OAK, [("8C", long_group(120))])
    pages = pdf_pages(out)
    assert stats.pages == len(pages) >= 3
    for page in pages:
        assert HEADER_ROW in page
        assert "Group: 8C" in page
    text = " ".join(pages)
    for i in range(120):
        assert text.count(f"Long{i:03d}, Pupil{i} ") == 1
    assert stats.listed == 120
    assert stats.by_status[Status.NOT_RETURNED] == 40


def test_no_raster_image_without_a_logo(roster_7a: Path) -> None:
    assert all(images == [] for images in raster_images(roster_7a))


def test_the_logo_is_the_only_raster_image(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (180, 60), (20, 60, 140)).save(logo)
    out = tmp_path / "logo.pdf"
    build_roster(out, context(), OAK, [("8C", long_group(80))], logo_path=logo)
    pages = raster_images(out)
    assert len(pages) >= 2
    assert all(images == [(180, 60)] for images in pages)


def test_names_with_accents_survive_in_an_embedded_unicode_font(roster_7a: Path) -> None:
    text = pdf_text(roster_7a)
    for word in ("Łukasz", "Wiśniewska", "Zoë", "Chloé", "Öztürk", "Éloïse", "—"):
        assert word in text
    fonts = set()
    for page in PdfReader(roster_7a).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        page_fonts = resources["/Font"].get_object()
        assert isinstance(page_fonts, DictionaryObject)
        for font in page_fonts.values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f for f in fonts), fonts


def test_empty_group_says_so(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    only_fine = [learner("Adams", "Amy", [ret()], reg_group="7B")]
    stats = build_roster(out, context(), OAK, [("7B", only_fine), ("7C", [])])
    pages = pdf_pages(out)
    assert len(pages) == 1
    assert "No learners with restrictions in this group (1 on roll)" in pages[0]
    assert "No learners with restrictions in this group (0 on roll)" in pages[0]
    assert "Adams" not in pages[0]
    assert stats.listed == 0


def test_whole_class_marks_everyone(tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    stats = build_roster(out, context(), OAK, [("7A", class_7a())], restricted_only=False)
    text = pdf_text(out)
    rows = segments(text, [*EXPECTED_7A, *UNRESTRICTED_7A])
    for name in UNRESTRICTED_7A:
        assert "No restriction" in rows[name]
    for name, (mark, details) in EXPECTED_7A.items():
        assert mark in rows[name]
        assert all(d in rows[name] for d in details)
    assert LEAVER not in text
    assert stats.listed == 10
    assert "10 learners on roll, 7 with restrictions" in text


def test_non_returns_left_off_when_the_trust_does_not_treat_them_as_restricted(
    tmp_path: Path,
) -> None:
    ctx = context(treat_non_returns=False)
    out = tmp_path / "lenient.pdf"
    build_roster(out, ctx, OAK, [("7A", class_7a(False))])
    assert "Davies" not in pdf_text(out)
    whole = tmp_path / "lenient-all.pdf"
    build_roster(whole, ctx, OAK, [("7A", class_7a(False))], restricted_only=False)
    text = pdf_text(whole)
    assert "NO RETURN YET" in segments(text, ["Davies, Dan", "Évora, Éloïse"])["Davies, Dan"]


def test_one_group_per_page(tmp_path: Path) -> None:
    out = tmp_path / "pages.pdf"
    groups = [("7A", class_7a()), ("7B", [learner("Zed", "Zak", [], reg_group="7B")])]
    build_roster(out, context(), OAK, groups, page_per_group=True)
    pages = pdf_pages(out)
    assert len(pages) == 2
    assert "Group: 7A" in pages[0] and "Zed" not in pages[0]
    assert "Group: 7B" in pages[1] and "Zed, Zak" in pages[1] and "Brown" not in pages[1]
    assert all("NO IMAGES: no photographs" in page for page in pages)  # the legend


def test_written_to_an_open_file_and_renders(tmp_path: Path) -> None:
    out = tmp_path / "memory.pdf"
    with out.open("wb") as handle:
        build_roster(handle, context(), OAK, [("7A", class_7a())])
    pdf = pypdfium2.PdfDocument(out)
    try:
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 portrait
        bitmap = pdf[0].render(scale=0.5)
        assert bitmap.width > 0
    finally:
        pdf.close()


def test_no_images_is_bold_in_a_box_not_colour_alone(roster_7a: Path) -> None:
    fonts_of_marks: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: object, size: object) -> None:
        if text.strip() in ("NO IMAGES", "NO RETURN YET") and font is not None:
            fonts_of_marks.add(str(font["/BaseFont"]))  # type: ignore[index]

    PdfReader(roster_7a).pages[0].extract_text(visitor_text=visit)
    assert fonts_of_marks and all(f.endswith("DejaVuSans-Bold") for f in fonts_of_marks)
    commands = {c[0] for c in mark_style(2, 1, Status.NO_IMAGES)}
    assert {"FONTNAME", "BOX", "BACKGROUND", "TEXTCOLOR"} <= commands
    assert {"FONTNAME", "BOX"} <= {c[0] for c in mark_style(2, 1, Status.NOT_RETURNED)}


@pytest.mark.parametrize("logo", ["missing.png", "not-an-image.png", "https://example.org/l.png"])
def test_an_unreadable_logo_never_stops_a_print(
    tmp_path: Path, logo: str, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "not-an-image.png").write_text("hello")
    path = logo if logo.startswith("https") else tmp_path / logo
    out = tmp_path / "nologo.pdf"
    build_roster(out, context(), OAK, [("7A", class_7a())], logo_path=path)
    assert all(images == [] for images in raster_images(out))
    assert "could not be read" in caplog.text
