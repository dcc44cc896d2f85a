"""Mistakes corrected without losing an answer: a return keyed in error is voided (kept, marked
with who, when and why, audited, ignored by the rules); a decided review row can be reopened
(its return voided); dismissing a row that objects says what that means; an earlier year's rows
cannot be dismissed by office staff — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import AuditEntry, ImportBatch, ReviewItem
from consent_desk.domain.rules import Answer, Status
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access, review
from consent_desk.services.access import Role
from consent_desk.services.consent import learner_statuses
from consent_desk.services.errors import Conflict, PermissionDenied, ServiceError
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import (
    NewReturn,
    add_return,
    latest_of_each,
    returns_for,
    void_return,
)
from consent_desk.services.trust import academy_by_code, purposes
from consent_desk.services.users import authenticate, create_user

NOW = AcademicYear.current()
PAST = AcademicYear(NOW.start_year - 1)
ALL = ("internal", "website", "social_media", "print", "press", "video")


def _learner(db: Database) -> int:
    return add_learner(
        db,
        "OAK",
        NewLearner("Wang", "Mei", upn="A873210425390", reg_group="6Oak", year_group="6"),
        "setup",
    )


def _status(db: Database, year: AcademicYear = NOW) -> tuple[Status, tuple[str, ...], int]:
    [row] = learner_statuses(db, "OAK", year.label)
    return row.status, row.refused, row.returns


def _audit(db: Database, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _review_row(db: Database, year: AcademicYear, answers: dict[str, str]) -> int:
    with db.session() as s:
        oak = academy_by_code(s, "OAK").id
        b = ImportBatch(
            kind="returns",
            academy_id=oak,
            year_label=year.label,
            file_name="week1.xlsx",
            checksum="0",
            imported_by="t",
            imported_at=datetime(year.start_year, 9, 20),
            counts={},
        )
        s.add(b)
        s.flush()
        item = ReviewItem(
            batch_id=b.id,
            academy_id=oak,
            year_label=year.label,
            source_row=7,
            reason="no learner matches",
            state="open",
            candidates=[],
            data={
                "row": 7,
                "answers": answers,
                "learner": {"forename": "Mei", "surname": "Wong"},
                "respondent_name": "Priya Wang",
                "received_at": datetime(year.start_year, 9, 12).isoformat(),
            },
        )
        s.add(item)
        s.flush()
        return item.id


def test_a_void_return_stays_in_the_history_and_the_rules_ignore_it(trust_db: Database) -> None:
    db = trust_db
    lid = _learner(db)
    add_return(
        db,
        NewReturn(
            lid,
            NOW.label,
            dict.fromkeys(ALL, Answer.CONSENT),
            datetime(NOW.start_year, 9, 10, 9),
            "Priya Wang",
        ),
        "office",
    )
    wrong = add_return(
        db,
        NewReturn(
            lid,
            NOW.label,
            {"press": Answer.REFUSE},
            datetime(NOW.start_year, 9, 11, 9),
            "Priya Wang",
        ),
        "office",
    )
    assert _status(db)[:2] == (Status.RESTRICTED, ("press",))  # her latest return counts

    with pytest.raises(ServiceError, match="say why"):
        void_return(db, wrong, "  ", "office")
    void_return(db, wrong, "keyed for the wrong child", "office")
    # her latest return that counts is the first again: consent to everything
    assert _status(db) == (Status.NO_RESTRICTION, (), 1)
    history = returns_for(db, lid, NOW.label)
    assert len(history) == 2 and history[0].id == wrong  # still there, newest first
    void = history[0]
    assert void.void and void.voided_by == "office" and void.voided_at is not None
    assert void.void_reason == "keyed for the wrong child"
    assert latest_of_each(history) == {history[1].id}
    [entry] = _audit(db, "void")
    assert entry.entity == "return" and entry.entity_id == str(wrong)
    assert entry.after is not None and entry.after["reason"] == "keyed for the wrong child"
    with pytest.raises(Conflict, match="already voided by office"):
        void_return(db, wrong, "again", "office")
    # every return void: as if none came back
    void_return(db, history[1].id, "not this child's form", "office")
    assert _status(db) == (Status.NOT_RETURNED, (), 0)


def test_reopening_a_resolved_row_voids_its_return_and_it_can_be_resolved_again(
    trust_db: Database,
) -> None:
    db = trust_db
    lid = _learner(db)
    item = _review_row(db, NOW, {k: "refuse" for k in ALL})
    rid = review.resolve(db, item, "office", learner_id=lid).return_id
    assert _status(db)[0] is Status.NO_IMAGES
    with pytest.raises(ServiceError, match="say why"):
        review.reopen(db, item, "", "office")
    assert review.reopen(db, item, "resolved to the wrong child", "office") == rid
    [row] = review.list_reviews(db, "OAK", NOW.label)
    assert row.id == item and row.state == "open" and row.decided_by is None
    assert _status(db) == (Status.NOT_RETURNED, (), 0)  # its return is void, not deleted
    [ret] = returns_for(db, lid, NOW.label)
    assert ret.void and "review row" in (ret.void_reason or "")
    [entry] = _audit(db, "reopen")
    assert entry.before is not None and entry.before["state"] == "resolved"
    with pytest.raises(Conflict, match="is open"):
        review.reopen(db, item, "twice", "office")
    # resolved again to the same child: the same return counts again
    assert review.resolve(db, item, "office", learner_id=lid).return_id == rid
    assert _status(db)[0] is Status.NO_IMAGES


def test_a_dismissed_row_can_be_reopened(trust_db: Database) -> None:
    db = trust_db
    _learner(db)
    item = _review_row(db, NOW, {"website": "refuse"})
    review.dismiss(db, item, "not ours", "office")
    assert review.list_reviews(db, "OAK", NOW.label) == []
    assert review.reopen(db, item, "it is ours after all", "office") is None
    [row] = review.list_reviews(db, "OAK", NOW.label)
    assert row.state == "open" and row.dismiss_reason is None


def test_dismissing_a_row_that_objects_warns_in_plain_words(trust_db: Database) -> None:
    db = trust_db
    labels = purposes(db)
    objects = _review_row(db, NOW, {**{k: "consent" for k in ALL}, "website": "refuse"})
    consents = _review_row(db, NOW, {k: "consent" for k in ALL})
    rows = {r.id: r for r in review.list_reviews(db, "OAK", NOW.label)}
    warning = review.dismiss_warning(rows[objects], labels)
    assert warning is not None
    assert warning.startswith("This form (Mei Wong) says the parent objects to Websites only.")
    assert "NO RETURN" in warning
    assert review.dismiss_warning(rows[consents], labels) is None


def test_office_staff_cannot_dismiss_or_reopen_an_earlier_years_rows(trust_db: Database) -> None:
    db = trust_db
    _learner(db)
    past = _review_row(db, PAST, {"press": "refuse"})
    decided = _review_row(db, PAST, {"press": "refuse"})
    review.dismiss(db, decided, "not ours", "setup")  # before anyone logs in
    create_user(db, "coo", "Ann Coo", Role.COO, "pw-coo-12345")
    try:
        access.set_actor(authenticate(db, "coo", "pw-coo-12345"))
        create_user(db, "office", "Olu Office", Role.OFFICE, "pw-office-1234", ["OAK"])
        access.set_actor(authenticate(db, "office", "pw-office-1234"))
        with pytest.raises(PermissionDenied, match="earlier academic year"):
            review.dismiss(db, past, "not ours", "office")
        with pytest.raises(PermissionDenied, match="earlier academic year"):
            review.reopen(db, decided, "mistake", "office")
        assert {r.id: r.state for r in review.list_reviews(db, "OAK", PAST.label, None)} == {
            past: "open",
            decided: "dismissed",
        }
        access.set_actor(authenticate(db, "coo", "pw-coo-12345"))  # the COO may
        review.dismiss(db, past, "not ours", "coo")
    finally:
        access.set_actor(None)


def test_what_a_learners_line_on_the_list_says(trust_db: Database) -> None:
    db = trust_db
    lid = _learner(db)
    assert review.list_line(db, "OAK", NOW.label, lid) == "Mei Wang: “NO RETURN”"
    add_return(
        db,
        NewReturn(
            lid,
            NOW.label,
            {**dict.fromkeys(ALL, Answer.CONSENT), "press": Answer.REFUSE},
            datetime(NOW.start_year, 9, 10, 9),
            "Priya Wang",
            limitation="first name only",
        ),
        "office",
    )
    assert review.list_line(db, "OAK", NOW.label, lid) == ("Mei Wang: no Press, “first name only”")
