"""Form codes through the database (SQLite and PostgreSQL): made from the trust's secret, read
back to the learner, and every code that must not be used refused with a clear reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.db.models import AuditEntry, Learner, Trust
from consent_desk.domain.consent_forms import POLICY_QUESTION, Wording, parse_code
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.access import Role
from consent_desk.services.consent_forms import form_questions, set_form_questions
from consent_desk.services.errors import PermissionDenied, ServiceError
from consent_desk.services.form_codes import (
    FormCodeError,
    codes_for,
    make_code,
    resolve_code,
)
from consent_desk.services.learners import NewLearner, add_learner, mark_left

YEAR = AcademicYear.current()
LAST_YEAR = AcademicYear(YEAR.start_year - 1)


@dataclass
class School:
    db: Database
    amy: int  # OAK, 7A
    ben: int  # OAK, 7B
    hana: int  # HGH


@pytest.fixture
def school(trust_db: Database) -> Iterator[School]:
    db = trust_db
    amy = add_learner(
        db,
        "OAK",
        NewLearner("Adams", "Amy", upn="A123456789012", reg_group="7A", year_group="7"),
        "setup",
    )
    ben = add_learner(
        db,
        "OAK",
        NewLearner("Brown", "Benjamin", preferred_forename="Ben", reg_group="7B", year_group="7"),
        "setup",
    )
    hana = add_learner(
        db, "HGH", NewLearner("Haddad", "Hana", reg_group="10H", year_group="10"), "setup"
    )
    yield School(db, amy, ben, hana)
    access.set_actor(None)


def code_of(db: Database, learner_id: int, year: AcademicYear = YEAR) -> str:
    with db.session() as s:
        learner = s.get(Learner, learner_id)
        assert learner is not None
        return make_code(s, learner, year.label)


def refusal(db: Database, code: str, academy: str = "OAK", year: str = YEAR.label) -> FormCodeError:
    with pytest.raises(FormCodeError) as caught:
        resolve_code(db, code, academy, year)
    assert "\n" not in str(caught.value)
    return caught.value


def test_a_code_selects_its_learner_however_it_is_typed(school: School) -> None:
    code = code_of(school.db, school.amy)
    parsed = parse_code(code)
    assert parsed is not None
    assert (parsed.academy, parsed.year_label, parsed.learner_id) == ("OAK", YEAR.label, school.amy)
    assert "A123456789012" not in code
    for typed in (code, f"  {code}\n", code.lower(), code.replace("-", " - ")):
        assert resolve_code(school.db, typed, "oak", YEAR.label) == school.amy
    assert resolve_code(school.db, code_of(school.db, school.ben), "OAK", YEAR.label) == (
        school.ben
    )


def test_codes_are_stable_and_no_secret_is_kept(school: School) -> None:
    first = code_of(school.db, school.amy)
    with school.db.session() as s:
        assert codes_for(s, "OAK", YEAR.label, [school.amy]) == {school.amy: first}
        trust_columns = {c.name for c in Trust.__table__.columns}
    assert "form_secret" not in trust_columns  # nothing in the database or its backups
    assert code_of(school.db, school.amy) == first
    assert code_of(school.db, school.amy, LAST_YEAR) != first


def test_a_form_printed_by_an_earlier_version_is_refused_with_a_reason(school: School) -> None:
    old = code_of(school.db, school.amy).replace("CD2-", "CD1-")
    err = refusal(school.db, old)
    assert err.reason == "invalid" and "earlier version" in str(err)


def test_a_code_from_another_academy_is_refused(school: School) -> None:
    err = refusal(school.db, code_of(school.db, school.hana), academy="OAK")
    assert err.reason == "other_academy"
    assert "this form is for a learner at HGH, not OAK" in str(err)


def test_a_code_from_another_year_is_refused(school: School) -> None:
    err = refusal(school.db, code_of(school.db, school.amy, LAST_YEAR))
    assert err.reason == "other_year"
    assert str(err) == (
        f"this form is for {LAST_YEAR.label}; you are entering {YEAR.label} returns"
    )


def test_a_mistyped_or_forged_code_is_refused(school: School) -> None:
    code = code_of(school.db, school.amy)
    parsed = parse_code(code)
    assert parsed is not None
    other_letter = "B" if code[-1] != "B" else "C"
    tampered = [
        code[:-1] + other_letter,  # a slip on the check letters
        code.replace(f"-{school.amy}-", f"-{school.ben}-"),  # another learner, same check
        code.replace(f"-{YEAR.start_year}-", f"-{LAST_YEAR.start_year}-"),
        code.replace("-OAK-", "-HGH-"),
    ]
    for bad in tampered:
        err = refusal(school.db, bad)
        assert err.reason == "invalid", bad
        assert str(err) == "this code is not valid: type the learner's name instead"


def test_text_that_is_not_a_code_is_refused(school: School) -> None:
    for text in ("", "Amy Adams", "CD2-OAK-2025-12", "A123456789012"):
        assert refusal(school.db, text).reason == "not_a_code"


def test_a_learner_who_has_left_is_refused_by_name(school: School) -> None:
    code = code_of(school.db, school.ben)
    mark_left(school.db, school.ben, "office", left_on=date(YEAR.start_year, 12, 19))
    err = refusal(school.db, code)
    assert err.reason == "left"
    assert "Ben Brown" in str(err) and f"19/12/{YEAR.start_year}" in str(err)


def test_a_user_of_another_academy_cannot_resolve(school: School) -> None:
    from consent_desk.services.users import authenticate, create_user

    create_user(school.db, "coo", "Ann Coo", Role.COO, "pw-coo-1234")
    access.set_actor(authenticate(school.db, "coo", "pw-coo-1234"))
    create_user(school.db, "hgh.office", "Hill Office", Role.OFFICE, "pw-office-1234", ["HGH"])
    code = code_of(school.db, school.amy)
    access.set_actor(authenticate(school.db, "hgh.office", "pw-office-1234"))
    with pytest.raises(PermissionDenied):
        resolve_code(school.db, code, "OAK", YEAR.label)
    err = refusal(school.db, code, academy="HGH")
    assert err.reason == "other_academy"


def test_form_questions_default_to_the_policy_and_can_be_reworded(school: School) -> None:
    db = school.db
    questions = {q.key: q for q in form_questions(db)}
    assert questions["website"].question == f"{POLICY_QUESTION} academy and trust websites?"
    assert not any(q.custom for q in questions.values())

    assert all(q.wording is Wording.OBJECTION for q in questions.values())

    own = "May we put your child's photo  on the academy website?"
    # asked as consent, a YES box meaning "I object" would record the opposite: refused
    with pytest.raises(ServiceError, match="asks for consent"):
        set_form_questions(db, {"website": own}, "coo")
    with pytest.raises(ServiceError, match="asks whether the parent objects"):
        set_form_questions(
            db, {"website": "Do you object to the website?"}, "coo", {"website": Wording.CONSENT}
        )
    after = {
        q.key: q
        for q in set_form_questions(db, {"website": own}, "coo", {"website": Wording.CONSENT})
    }
    assert after["website"].question == "May we put your child's photo on the academy website?"
    assert after["website"].custom and after["website"].wording is Wording.CONSENT
    assert [c.answer for c in after["website"].columns] == [Answer.CONSENT, Answer.REFUSE]
    assert [c.answer for c in after["press"].columns] == [Answer.REFUSE, Answer.CONSENT]
    with db.session() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.entity == "form_questions").one()
        assert entry.after == {
            "website": {"question": after["website"].question, "wording": "consent"}
        }

    reset = {q.key: q for q in set_form_questions(db, {"website": "  "}, "coo")}
    assert reset["website"] == questions["website"]
    with pytest.raises(ServiceError, match="no purpose 'selfies'"):
        set_form_questions(db, {"selfies": "?"}, "coo")


def test_only_settings_holders_reword_questions(school: School) -> None:
    from consent_desk.services.users import authenticate, create_user

    create_user(school.db, "coo", "Ann Coo", Role.COO, "pw-coo-1234")
    access.set_actor(authenticate(school.db, "coo", "pw-coo-1234"))
    create_user(school.db, "teacher", "Tess Teacher", Role.TEACHER, "pw-teach-1234", ["OAK"])
    access.set_actor(authenticate(school.db, "teacher", "pw-teach-1234"))
    assert form_questions(school.db)  # reading is fine
    with pytest.raises(PermissionDenied):
        set_form_questions(school.db, {"press": "Newspapers?"})


def test_printed_forms_scan_back_to_their_learners(school: School, tmp_path: Path) -> None:
    from consent_desk.domain.sheets import SheetScope
    from consent_desk.services.consent_forms import build_forms
    from tests.outputs.code128 import page_codes
    from tests.outputs.readback import pdf_pages

    out = tmp_path / "year7.pdf"
    stats = build_forms(school.db, "OAK", YEAR.label, SheetScope("year_group", "7"), out)
    assert (stats.learners, stats.pages) == (2, 2)
    pages = pdf_pages(out)
    for index, (learner, name) in enumerate(((school.amy, "Amy Adams"), (school.ben, "Ben Brown"))):
        assert name in pages[index]
        (scanned,) = page_codes(out, index)
        assert scanned in pages[index]
        assert resolve_code(school.db, scanned, "OAK", YEAR.label) == learner
