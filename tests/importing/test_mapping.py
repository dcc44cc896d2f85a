"""Guessing column roles from headers, and saving and reusing column mappings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent_desk.importing.mapping import (
    ColumnMapping,
    ColumnRole,
    guess_mapping,
    recognise_header,
)
from consent_desk.importing.readers import read_table
from consent_desk.importing.records import ImportFileError
from tests.importing.conftest import HILLGATE, SAMPLES

R = ColumnRole


def roles(headers: list[str], kind: str = "returns") -> dict[str, object]:
    mapping = guess_mapping(headers, kind)  # type: ignore[arg-type]
    out: dict[str, object] = {}
    for c in mapping.columns:
        out[c.header] = (c.role, c.purpose) if c.role is R.PURPOSE else c.role
        if c.objection:
            out[c.header] = (out[c.header], "objection")
    return out


# --- guessing roles ------------------------------------------------------------------------------


def test_sims_arbor_and_bromcom_learner_lists() -> None:
    sims = [
        "UPN",
        "Adno",
        "Legal Surname",
        "Legal Forename",
        "Preferred Forename",
        "Preferred Surname",
        "DOB",
        "Year",
        "Reg Group",
    ]
    assert list(roles(sims, "learners").values()) == [
        R.UPN,
        R.ADNO,
        R.SURNAME,
        R.FORENAME,
        R.PREFERRED_FORENAME,
        R.PREFERRED_SURNAME,
        R.DOB,
        R.YEAR_GROUP,
        R.REG_GROUP,
    ]
    arbor = [
        "First Name",
        "Last Name",
        "Date of Birth",
        "Year Group",
        "Registration Form",
        "Admission No",
    ]
    assert list(roles(arbor, "learners").values()) == [
        R.FORENAME,
        R.SURNAME,
        R.DOB,
        R.YEAR_GROUP,
        R.REG_GROUP,
        R.ADNO,
    ]
    bromcom = [
        "Last Name",
        "First Name",
        "Admission Number",
        "UPN",
        "Date of Birth",
        "Year Group",
        "Tutor Group",
        "Gender",
    ]
    got = guess_mapping(bromcom, "learners")
    assert [c.role for c in got.columns] == [
        R.SURNAME,
        R.FORENAME,
        R.ADNO,
        R.UPN,
        R.DOB,
        R.YEAR_GROUP,
        R.REG_GROUP,
        R.IGNORE,
    ]
    assert got.unknown_columns == []  # Gender is known, and ignored


def test_microsoft_forms_export() -> None:
    got = roles(HILLGATE)
    assert list(got.values()) == [
        R.IGNORE,
        R.IGNORE,
        R.RECEIVED_AT,
        R.RESPONDENT_EMAIL,
        R.RESPONDENT_NAME,
        R.IGNORE,
        R.FORENAME,
        R.SURNAME,
        R.DOB,
        R.REG_GROUP,
        R.TICK_LIST,
        R.LIMITATION,
        R.RELATIONSHIP,
    ]


@pytest.mark.parametrize(
    ("end_time", "email", "name"),
    [
        ("Hora de finalización", "Correo electrónico", "Nombre"),
        ("Heure de fin", "Adresse de messagerie", "Nom"),
        ("Godzina ukończenia", "Poczta e-mail", "Imię i nazwisko"),
        ("Godzina ukończenia", "Adres e-mail", "Nazwa"),
        ("Amser cwblhau", "E-bost", "Enw"),
    ],
)
def test_translated_microsoft_forms_headers(end_time: str, email: str, name: str) -> None:
    got = roles(
        [
            "ID",
            end_time,
            email,
            name,
            "Child's surname",
            "Child's first name",
            "Do you consent to photographs of your child being used?",
        ]
    )
    assert got[end_time] is R.RECEIVED_AT
    assert got[email] is R.RESPONDENT_EMAIL
    assert got[name] is R.RESPONDENT_NAME


def test_google_forms_export() -> None:
    got = roles(
        [
            "Timestamp",
            "Email address",
            "Pupil name",
            "Class",
            "Which of the following are you happy for us to use?",
        ]
    )
    assert list(got.values()) == [
        R.RECEIVED_AT,
        R.RESPONDENT_EMAIL,
        R.FULL_NAME,
        R.REG_GROUP,
        R.TICK_LIST,
    ]


def test_typed_office_sheet() -> None:
    got = roles(
        [
            "Adno",
            "Surname",
            "Forename",
            "Class",
            "Displays",
            "Website",
            "Social Media",
            "Printed",
            "Press",
            "Video",
            "Other restrictions",
            "Date received",
            "Returned by",
            "Relationship",
            "Office notes",
        ]
    )
    assert got == {
        "Adno": R.ADNO,
        "Surname": R.SURNAME,
        "Forename": R.FORENAME,
        "Class": R.REG_GROUP,
        "Displays": (R.PURPOSE, "internal"),
        "Website": (R.PURPOSE, "website"),
        "Social Media": (R.PURPOSE, "social_media"),
        "Printed": (R.PURPOSE, "print"),
        "Press": (R.PURPOSE, "press"),
        "Video": (R.PURPOSE, "video"),
        "Other restrictions": R.LIMITATION,
        "Date received": R.RECEIVED_AT,
        "Returned by": R.RESPONDENT_NAME,
        "Relationship": R.RELATIONSHIP,
        "Office notes": R.NOTES,
    }


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Do you object to the use of photographs of your child?", (R.OVERALL, "objection")),
        ("Do you consent to photographs of your child being taken?", R.OVERALL),
        ("Tick any uses you object to", (R.TICK_LIST, "objection")),
        ("I do not want my child's photo on the website", ((R.PURPOSE, "website"), "objection")),
        ("Opt out of local press photographs", ((R.PURPOSE, "press"), "objection")),
        ("Website and social media", (R.PURPOSE, "social_media")),  # one answer for both
        ("Comments", R.LIMITATION),
        ("Notes", R.LIMITATION),
        ("Other", R.LIMITATION),
        ("Anything else we should know?", R.LIMITATION),
        ("Conditions", R.LIMITATION),
        ("Office use only", R.NOTES),
        ("Staff notes", R.NOTES),
        ("Internal notes", R.NOTES),
        ("Pupil name", R.FULL_NAME),
        ("Child's name", R.FULL_NAME),
        ("Learner", R.FULL_NAME),
        ("Parent/carer name", R.RESPONDENT_NAME),
        ("  CHILD'S   DATE-OF-BIRTH ", R.DOB),
        ("Favourite colour", R.IGNORE),
        ("Column F", R.IGNORE),
    ],
)
def test_single_headers(header: str, expected: object) -> None:
    assert roles([header, "UPN"])[header] == expected


def test_unknown_columns_are_listed_not_fatal() -> None:
    mapping = guess_mapping(["UPN", "Website", "Favourite colour", "Column F"], "returns")
    assert mapping.unknown_columns == ["Favourite colour", "Column F"]
    assert not recognise_header("Favourite colour").recognised


def test_name_alone_is_the_learner_unless_the_file_names_the_child_elsewhere() -> None:
    assert roles(["Name", "Class", "Website"])["Name"] is R.FULL_NAME
    assert roles(["Name", "Class"], "learners")["Name"] is R.FULL_NAME
    assert roles(["Name", "Child's surname", "Website"])["Name"] is R.RESPONDENT_NAME
    assert roles(["Completion time", "Name", "UPN", "Website"])["Name"] is R.RESPONDENT_NAME


def test_a_role_is_given_to_one_column_only() -> None:
    mapping = guess_mapping(
        ["Surname", "Last Name", "Forename", "First Name", "Website"], "returns"
    )
    assert [c.role for c in mapping.columns] == [
        R.SURNAME,
        R.IGNORE,
        R.FORENAME,
        R.IGNORE,
        R.PURPOSE,
    ]
    assert mapping.unknown_columns == ["Last Name", "First Name"]


def test_a_learner_list_holds_no_answers() -> None:
    got = roles(["Surname", "Forename", "Website", "Email"], "learners")
    assert got["Website"] is R.IGNORE and got["Email"] is R.IGNORE


# --- saving and reusing ---------------------------------------------------------------------------


def test_saved_mapping_is_reused_when_columns_move(tmp_path: Path) -> None:
    mapping = guess_mapping(["Surname", "Forename", "Pictures", "Notes"], "returns")
    mapping = mapping.reassign("Pictures", R.PURPOSE, "website", objection=True)
    mapping = mapping.reassign("Notes", R.NOTES)
    path = tmp_path / "mapping.json"
    mapping.save(path)
    assert json.loads(path.read_text())["columns"][2]["purposes"] == ["website"]

    next_year = ["Date", "Pictures", "Forename", "Surname", "notes", "Video"]
    bound = ColumnMapping.load(path, next_year, file_name="2026.xlsx")
    by_header = {c.header: c for c in bound.columns}
    assert by_header["Pictures"].index == 1
    assert by_header["Pictures"].role is R.PURPOSE and by_header["Pictures"].objection
    assert by_header["Surname"].index == 3
    assert by_header["notes"].role is R.NOTES
    assert by_header["Video"].role is R.PURPOSE and by_header["Video"].purpose == "video"
    assert by_header["Date"].role is R.RECEIVED_AT
    assert ColumnMapping.load(path).to_json() == mapping.to_json()


def test_saved_mapping_on_a_file_lacking_a_header(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    guess_mapping(["Surname", "Forename", "Website"], "returns").save(path)
    with pytest.raises(ImportFileError) as info:
        ColumnMapping.load(path, ["Surname", "First name", "Website"], file_name="new.xlsx")
    assert "new.xlsx: the saved column mapping needs a column headed 'Forename'" in str(info.value)


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text('{"columns": []}')
    with pytest.raises(ImportFileError, match=r"mapping\.json: this is not a saved column mapping"):
        ColumnMapping.load(path)
    path.write_text("not json")
    with pytest.raises(ImportFileError, match="not a saved column mapping"):
        ColumnMapping.load(path)
    with pytest.raises(ImportFileError, match="cannot read"):
        ColumnMapping.load(tmp_path / "missing.json")


def test_reassign_checks_its_arguments() -> None:
    mapping = guess_mapping(["Surname", "Pictures"], "returns")
    with pytest.raises(ValueError, match="not a purpose"):
        mapping.reassign("Pictures", R.PURPOSE, "billboards")
    with pytest.raises(ValueError, match="no column headed"):
        mapping.reassign("Nope", R.NOTES)


def test_describe() -> None:
    lines = guess_mapping(
        ["Surname", "Website", "Tick any uses you object to", "Shoe size"], "returns"
    ).describe()
    assert lines == [
        "'Surname' → learner's surname",
        "'Website' → answer for Websites (Yes = consents)",
        "'Tick any uses you object to' → tick list of purposes (ticked = objects)",
        "'Shoe size' → not recognised — ignored",
    ]


# --- the sample files ----------------------------------------------------------------------------


def test_hillgate_sample_columns() -> None:
    mapping = guess_mapping(
        read_table(SAMPLES / "hillgate-returns-msforms.xlsx").headers, "returns"
    )
    spec = {c.header: c for c in mapping.columns}
    assert spec["Name"].role is R.RESPONDENT_NAME  # the parent: the child has its own columns
    tick = spec[HILLGATE[10]]
    assert tick.role is R.TICK_LIST and not tick.objection
    assert spec["Completion time"].role is R.RECEIVED_AT
    assert spec[HILLGATE[11]].role is R.LIMITATION
    assert mapping.unknown_columns == []


def test_oakfield_sample_columns() -> None:
    headers = read_table(SAMPLES / "oakfield-returns-typed.xlsx").headers
    mapping = guess_mapping(headers, "returns")
    spec = {c.header: c for c in mapping.columns}
    assert (spec["Displays"].role, spec["Displays"].purpose) == (R.PURPOSE, "internal")
    assert not spec["Displays"].objection
    assert spec["Printed"].purpose == "print"
    assert spec["Other restrictions"].role is R.LIMITATION
    assert spec["Returned by"].role is R.RESPONDENT_NAME


_HEADERS = st.one_of(
    st.sampled_from([*HILLGATE, "UPN", "Adno", "Surname", "Name", "Website", "Press", "Comments"]),
    st.text(max_size=30),
)


@settings(max_examples=50, deadline=None)
@given(headers=st.lists(_HEADERS, min_size=1, max_size=8))
def test_saved_mappings_round_trip(headers: list[str]) -> None:
    guessed = guess_mapping(headers, "returns")
    # a person's confirmed mapping (an unconfirmed one is refused on loading)
    mapping = ColumnMapping("returns", [replace(c, sure=True) for c in guessed.columns])
    again = ColumnMapping.from_json(json.loads(json.dumps(mapping.to_json())))
    assert [(c.header, c.role, c.purpose, c.objection) for c in again.columns] == [
        (c.header, c.role, c.purpose, c.objection) for c in mapping.columns
    ]
