"""Reading a column as a whole (issue 11): header and values together, sure or unsure.

Expected readings come from PRODUCT.md: polarity matters ("Do you object…" means Yes = refuse),
``✓`` with ``✗`` is yes/no, ``x`` alone with blanks is ticked/not ticked, and a mark whose
meaning cannot be decided is never read as consent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.domain.rules import Answer
from consent_desk.importing.columns import read_back
from consent_desk.importing.headers import ColumnRole
from consent_desk.importing.mapping import ColumnMapping, RowInterpreter, guess_mapping
from consent_desk.importing.readers import Cell, Table, column_values
from consent_desk.importing.records import ImportFileError

R = ColumnRole
C, X, U = Answer.CONSENT, Answer.REFUSE, Answer.UNANSWERED
FLIP = {C: X, X: C, U: U}


def table(headers: list[str], *rows: list[Cell]) -> Table:
    return Table("test.xlsx", "Sheet1", 1, headers, [(i + 2, list(r)) for i, r in enumerate(rows)])


def mapping_of(t: Table) -> ColumnMapping:
    return guess_mapping(t.headers, "returns", column_values(t), PURPOSE_LABELS)


def readings(t: Table) -> dict[str, dict[str, dict[str, str]]]:
    """header -> value -> answers, as the read-back shows them."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for col in read_back(mapping_of(t), t, PURPOSE_LABELS):
        values = col["values"]
        assert isinstance(values, list)
        out[str(col["header"])] = {str(v["value"]): dict(v["answers"]) for v in values}
    return out


LEARNER = ["Surname", "Forename", "DOB"]
KID: list[Cell] = ["Adams", "Amy", date(2015, 9, 3)]


def test_policy_question_is_every_purpose_not_video() -> None:
    q = ("Do you object to the academy and the trust using photographs and video images of your "
         "child?")  # fmt: skip
    t = table([*LEARNER, q], [*KID, "Yes"], ["Chen", "Leo", date(2015, 1, 2), "No"])
    spec = mapping_of(t).columns[3]
    assert spec.role is R.OVERALL and spec.objection and spec.sure
    read = readings(t)[q]
    assert set(read["Yes"].values()) == {"refuse"} and len(read["Yes"]) == len(PURPOSE_LABELS)
    assert set(read["No"].values()) == {"consent"}


def test_tick_and_cross_marks_read_as_yes_and_no() -> None:
    headers = [*LEARNER, "Web", "FB/Insta", "Newsletter", "Local paper", "Displays", "Video"]
    t = table(headers, [*KID, "✓", "✗", "✘", "x", "X", "✓"],
              ["Chen", "Leo", date(2015, 1, 2), "✓", "✓", "✓", "✓", "✓", "✓"])  # fmt: skip
    m = {c.header: c for c in mapping_of(t).columns}
    assert [m[h].purposes for h in headers[3:]] == [
        ("website",),
        ("social_media",),
        ("print",),
        ("press",),
        ("internal",),
        ("video",),
    ]
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert rows[0].answers == {"internal": X, "website": C, "social_media": X, "print": X,
                               "press": X, "video": C}  # fmt: skip
    assert all(a is C for a in rows[1].answers.values())


def test_a_lone_x_with_blanks_is_ticked_or_not_ticked() -> None:
    t = table([*LEARNER, "Tick if we may use photos on the website", "Tick for the press",
               "Date received"], [*KID, "x", None, date(2025, 9, 3)])  # fmt: skip
    spec = mapping_of(t).columns[3]
    assert spec.ticks and spec.sure
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    # consent-phrased: a purpose not ticked is refused (PRODUCT.md)
    assert rows[0].answers["website"] is C and rows[0].answers["press"] is X


def test_a_lone_x_under_a_bare_heading_is_unsure() -> None:
    # "Website" does not say whether a mark there means yes or no: a person must say
    t = table([*LEARNER, "Website", "Press"], [*KID, "x", None])
    m = mapping_of(t)
    assert [c.header for c in m.unsure] == ["Website"]
    rows, _ = RowInterpreter(m).returns(t)
    assert rows[0].answers["website"] is X and rows[0].answers["press"] is U


def test_a_lone_cross_glyph_is_unsure_and_read_as_a_refusal() -> None:
    t = table([*LEARNER, "Website", "Tick any uses you object to: press"],
              [*KID, "✗", "✗"], ["Chen", "Leo", date(2015, 1, 2), None, None])  # fmt: skip
    m = mapping_of(t)
    assert [c.header for c in m.unsure] == ["Website", "Tick any uses you object to: press"]
    rows, _ = RowInterpreter(m).returns(t)
    assert rows[0].answers["website"] is X and rows[0].answers["press"] is X


def test_google_grid_and_likert_rows_name_their_purposes() -> None:
    grid = "Please tell us your choices [School website]"
    likert = "How do you feel about us using photos?.{}"
    t = table([*LEARNER, grid, likert.format("In the local newspaper"),
               likert.format("On social media")],
              [*KID, "I do not agree", "Strongly agree", "Neutral"])  # fmt: skip
    m = {c.header: c for c in mapping_of(t).columns}
    assert m[grid].purposes == ("website",)
    assert m[likert.format("In the local newspaper")].purposes == ("press",)
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert rows[0].answers["website"] is X
    assert rows[0].answers["press"] is C
    assert rows[0].answers["social_media"] is U  # Neutral is no answer


def test_bilingual_answers_read_when_the_halves_agree() -> None:
    t = table(["Enw'r plentyn / Child's name", "Dyddiad geni / Date of birth", "Gwefan / Website"],
              ["Amy Adams", "03/09/2015", "Ydw / Yes"], ["Leo Chen", "04/10/2015", "Nac ydw / No"],
              ["Bo Brown", "05/10/2015", "Ydw / No"])  # fmt: skip
    m = {c.header: c.role for c in mapping_of(t).columns}
    assert m["Dyddiad geni / Date of birth"] is R.DOB
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert rows[0].answers["website"] is C and rows[1].answers["website"] is X
    assert rows[2].problems and rows[2].answers["website"] is X  # halves disagree: review,
    # and a refusal until a person reads it


def test_a_statement_for_two_purposes_answers_both() -> None:
    t = table([*LEARNER, "Photos on our websites and social media"], [*KID, "No"])
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert rows[0].answers["website"] is X and rows[0].answers["social_media"] is X
    assert rows[0].answers["press"] is U


def test_placeholder_respondent_columns_give_way_to_the_real_ones() -> None:
    headers = [
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Your name",
        "Your email address",
        "Child's name",
        "Child's date of birth",
        "Website",
    ]
    t = table(headers,
              ["03/09/2025", "03/09/2025", "anonymous", None, "Ann Adams", "ann@x.uk",
               "Amy Adams", "03/09/2015", "No"],
              ["04/09/2025", "04/09/2025", "anonymous", None, "Bob Adams", "bob@x.uk",
               "Amy Adams", "03/09/2015", "Yes"])  # fmt: skip
    m = {c.header: c.role for c in mapping_of(t).columns}
    assert m["Email"] is R.IGNORE and m["Name"] is R.IGNORE
    assert m["Your name"] is R.RESPONDENT_NAME and m["Your email address"] is R.RESPONDENT_EMAIL
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert [r.respondent_email for r in rows] == ["ann@x.uk", "bob@x.uk"]


def test_none_of_these_happy_for_all_is_no_objection_not_a_limitation() -> None:
    t = table([*LEARNER, "Completion time", "Tick any uses you object to"],
              [*KID, "03/09/2025", "None of these – I'm happy for all of them;"])  # fmt: skip
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert all(a is C for a in rows[0].answers.values()) and rows[0].limitation is None


def test_a_returned_form_with_nothing_answered_is_a_return() -> None:
    t = table([*LEARNER, "Website", "Date received", "Returned by"],
              [*KID, None, "03/09/2025", "Ann Adams"],
              ["Chen", "Leo", date(2015, 1, 2), None, None, None])  # fmt: skip
    rows, problems = RowInterpreter(mapping_of(t)).returns(t)
    assert [r.row for r in rows] == [2] and all(a is U for a in rows[0].answers.values())
    assert [p.row for p in problems] == [3]  # not returned: a note, not a return


# --- properties -----------------------------------------------------------------------------

_PURPOSE_WORDS = ["the academy website", "social media", "the newsletter", "the local press",
                  "classroom displays", "video recordings"]  # fmt: skip
_VALUES = ["Yes", "No", "Y", "N", "yes", "no", "Agree", "Disagree", "Strongly agree",
           "Strongly disagree", "Neutral", "I agree", "I do not agree", "Ydw / Yes",
           "Nac ydw / No", "✓", "TRUE", "FALSE", None, "n/a"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    purpose=st.sampled_from(_PURPOSE_WORDS),
    cells=st.lists(st.sampled_from(_VALUES), min_size=1, max_size=8),
)
def test_an_objection_phrased_header_flips_every_answer(purpose: str, cells: list[Cell]) -> None:
    consent_q = f"Do you consent to photographs of your child in {purpose}?"
    object_q = f"Do you object to photographs of your child in {purpose}?"
    rows = [[f"S{i}", "F", date(2015, 1, 1 + i), v] for i, v in enumerate(cells)]
    yes = RowInterpreter(mapping_of(table([*LEARNER, consent_q], *rows)))
    no = RowInterpreter(mapping_of(table([*LEARNER, object_q], *rows)))
    got_yes, _ = yes.returns(table([*LEARNER, consent_q], *rows))
    got_no, _ = no.returns(table([*LEARNER, object_q], *rows))
    assert [r.row for r in got_yes] == [r.row for r in got_no]
    for a, b in zip(got_yes, got_no, strict=True):
        assert {k: FLIP[v] for k, v in a.answers.items()} == b.answers


_HEADERS = ["Website", "Press", "Do you object to photos on social media?",
            "Tick any uses you object to", "Please tick the uses you agree to",
            "Photos", "Happy for photos in the newsletter?", "Column F"]  # fmt: skip
_UNDECIDABLE = ["✗", "✘", "❌", "✕", "maybe", "ask my husband", "??!", "Yes/No", "Ydw / No"]


@settings(max_examples=150, deadline=None)
@given(
    header=st.sampled_from(_HEADERS),
    cells=st.lists(st.sampled_from([*_UNDECIDABLE, None]), min_size=1, max_size=8),
)
def test_marks_that_cannot_be_decided_never_read_as_consent(header: str, cells: list[Cell]) -> None:
    rows = [[f"S{i}", "F", date(2015, 1, 1 + i), v] for i, v in enumerate(cells)]
    t = table([*LEARNER, header], *rows)
    m = mapping_of(t)
    try:
        got, _ = RowInterpreter(m).returns(t)
    except ImportFileError:
        got = []  # no column read as an answer at all: nothing can read as consent
    for r in got:
        assert Answer.CONSENT not in r.answers.values(), (header, r.row, r.answers)
    for col in read_back(m, t, PURPOSE_LABELS):
        for v in col["values"]:  # type: ignore[attr-defined]
            if v["value"] == "":
                continue  # a blank is decided by the rules (not ticked / not answered)
            assert "consent" not in v["answers"].values(), (header, v)


def test_a_purpose_the_trust_added_is_read_by_its_label() -> None:
    labels = {**PURPOSE_LABELS, "yearbook": "Leavers' yearbook"}
    headers = [*LEARNER, "Completion time", "Tick the uses you are happy with"]
    t = table(headers, [*KID, "03/09/2025", "The academy website;The leavers' yearbook;"])
    m = guess_mapping(t.headers, "returns", column_values(t), labels)
    rows, _ = RowInterpreter(m, tuple(labels), labels).returns(t)
    assert rows[0].answers["yearbook"] is C and rows[0].answers["website"] is C
    assert rows[0].answers["press"] is X  # consent-phrased list: not ticked is refused
    t2 = table([*LEARNER, "Leavers' yearbook"], [*KID, "No"])
    m2 = guess_mapping(t2.headers, "returns", column_values(t2), labels)
    assert m2.columns[3].purposes == ("yearbook",)


def test_a_form_returned_column_is_not_an_answer() -> None:
    # "Consent form returned: Y" says the form came back, not that the parent consented
    t = table([*LEARNER, "Consent form returned", "Website"], [*KID, "Y", "No"])
    m = {c.header: c for c in mapping_of(t).columns}
    assert m["Consent form returned"].role is R.RETURNED
    rows, _ = RowInterpreter(mapping_of(t)).returns(t)
    assert rows[0].answers["website"] is X and rows[0].answers["press"] is U


def test_a_saved_mapping_is_checked_against_this_files_marks(tmp_path: Path) -> None:
    # last year: 'x' alone meant a tick (confirmed); this year 'x' stands beside '✓'
    saved = ColumnMapping.from_json({
        "format": "consent-desk-column-mapping", "version": 2, "kind": "returns",
        "columns": [{"header": "Surname", "role": "surname"},
                    {"header": "Forename", "role": "forename"}, {"header": "DOB", "role": "dob"},
                    {"header": "Website", "role": "purpose", "purposes": ["website"],
                     "values": {"x": "yes"}, "ticks": True}]})  # fmt: skip
    t = table([*LEARNER, "Website"], [*KID, "x"], ["Chen", "Leo", date(2015, 1, 2), "✓"])
    bound = saved.applied_to(t.headers, "t.xlsx", column_values(t), PURPOSE_LABELS)
    assert [c.header for c in bound.unsure] == ["Website"]
    same = table([*LEARNER, "Website"], [*KID, "x"], ["Chen", "Leo", date(2015, 1, 2), None])
    again = saved.applied_to(same.headers, "t.xlsx", column_values(same), PURPOSE_LABELS)
    assert again.unsure == []


def test_an_unconfirmed_saved_mapping_is_refused(tmp_path: Path) -> None:
    t = table([*LEARNER, "Website"], [*KID, "✗"])
    path = tmp_path / "m.json"
    mapping_of(t).save(path)
    with pytest.raises(ImportFileError, match="marked unsure") as refused:
        ColumnMapping.load(path)
    # it is a saved mapping, only not checked yet: the message does not say it is not one
    assert "not a saved column mapping" not in str(refused.value)
    assert str(refused.value).startswith("m.json: column 'Website' is marked unsure")


def test_us_dates_are_unsure_and_can_be_confirmed_month_first() -> None:
    t = table(["Timestamp", "Child's name", "Child's date of birth", "Website"],
              ["9/11/2025 19:02", "Amy Adams", "03/09/2015", "Yes"],
              ["9/20/2025 12:00", "Leo Chen", "04/10/2015", "No"])  # fmt: skip
    m = mapping_of(t)
    assert [c.header for c in m.unsure] == ["Timestamp"]
    fixed = ColumnMapping("returns", [replace(c, sure=True, month_first=c.header == "Timestamp")
                                      for c in m.columns])  # fmt: skip
    rows, _ = RowInterpreter(fixed).returns(t)
    assert [r.received_at.month if r.received_at else None for r in rows] == [9, 9]


def test_a_purpose_no_column_answers_is_named(tmp_path: Path) -> None:
    from consent_desk.services.imports import _purposes_no_column_answers

    t = table([*LEARNER, "Website", "Press"], [*KID, "Yes", "No"])
    missing = _purposes_no_column_answers(mapping_of(t), PURPOSE_LABELS)
    assert missing == [PURPOSE_LABELS[k] for k in ("internal", "social_media", "print", "video")]
    overall = table([*LEARNER, "Do you object to photos of your child?"], [*KID, "No"])
    assert _purposes_no_column_answers(mapping_of(overall), PURPOSE_LABELS) == []
