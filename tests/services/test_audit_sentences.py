"""The audit trail in people's words, written by the real services: the learner by name, group
and academy; answers by the trust's purpose labels ("Websites: consent → refused"); found by a
learner's or user's name (case and accents ignored) even after a rename or a removal; never a
purged learner's name; filters by academy and kind; the export says the same sentences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Answer
from consent_desk.domain.years import AcademicYear
from consent_desk.services.audit_log import export_audit_xlsx, list_audit, read_audit
from consent_desk.services.batches import undo_import
from consent_desk.services.learner_import import import_learners
from consent_desk.services.learners import (
    NewLearner,
    add_learner,
    mark_left,
    set_safeguarding,
    update_learner,
)
from consent_desk.services.retention import purge_leavers
from consent_desk.services.returns import NewReturn, add_return, void_return
from consent_desk.services.trust import add_academy, init_trust, set_purpose_labels
from tests.conftest import SAMPLES

YEAR = AcademicYear.current().label
ALL = ("internal", "website", "social_media", "print", "press", "video")
OAK = "Oakfield Primary Academy"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    init_trust(db, "Learning without Limits Academy Trust")
    add_academy(db, "OAK", OAK, phase="primary")
    add_academy(db, "HGH", "Hillgate High Academy", phase="secondary")
    try:
        yield db
    finally:
        db.dispose()


def _zoe(db: Database) -> int:
    return add_learner(db, "OAK", NewLearner("Brontë", "Zoë", reg_group="7B"), "office.a")


def _return(db: Database, lid: int, day: int, **answers: Answer) -> int:
    start = AcademicYear.current().start_year
    chosen = {p: answers.get(p, Answer.CONSENT) for p in ALL}
    return add_return(
        db, NewReturn(lid, YEAR, chosen, datetime(start, 9, day, 9), "Ann Brontë"), "office.a"
    )


def test_a_return_names_the_learner_and_says_what_changed(desk: Database) -> None:
    lid = _zoe(desk)
    _return(desk, lid, 10)
    second = _return(desk, lid, 12, website=Answer.REFUSE)
    void_return(desk, second, "keyed for the wrong child", "office.a")
    first, changed = list_audit(desk, action="create", entity="return")[::-1]
    zoe = f"Zoë Brontë (7B, {OAK})"
    assert first.sentence == (
        f"Return recorded for {zoe} for {YEAR} (paper form): consent to every use"
    )
    assert changed.sentence == (
        f"Return recorded for {zoe} for {YEAR} (paper form): Websites: consent → refused; "
        "the rest as before"
    )
    [voided] = list_audit(desk, action="void")
    assert voided.sentence == (
        f"Return of {zoe} for {YEAR} voided (no longer counts): keyed for the wrong child"
    )
    assert voided.learner == zoe and voided.academy == OAK and voided.kind == "Return voided"


def test_purposes_are_said_by_the_trusts_labels_at_reading_time(desk: Database) -> None:
    lid = _zoe(desk)
    _return(desk, lid, 10, website=Answer.REFUSE)
    set_purpose_labels(desk, {"website": "School website"}, "coo")
    [entry] = list_audit(desk, entity="return")
    assert "School website: refused" in entry.sentence
    [renamed] = list_audit(desk, entity="purpose_labels")
    assert renamed.sentence == "Purpose names: Websites → School website"


def test_learner_edits_flags_and_leaving_are_sentences(desk: Database) -> None:
    lid = _zoe(desk)
    version = update_learner(desk, lid, {"reg_group": "8C"}, "office.a", 1)
    set_safeguarding(desk, lid, True, "court order", "principal.p")
    del version
    mark_left(desk, lid, "office.b", left_on=date(2026, 7, 20))
    said = {e.action: e.sentence for e in list_audit(desk, entity="learner")}
    assert said["create"] == f"Learner added: Zoë Brontë (7B, {OAK})"
    assert said["update"] == f"Zoë Brontë (8C, {OAK}): registration group: 7B → 8C"
    assert said["safeguarding"] == (
        f"Zoë Brontë (8C, {OAK}): “no images — safeguarding” set "
        "(the reason is not kept in the trail)"
    )
    assert said["left"] == f"Zoë Brontë (8C, {OAK}) left the roll on 20/07/2026"
    assert all("court order" not in s and "True" not in s for s in said.values())


def test_a_renamed_learner_is_found_by_either_name_without_accents(desk: Database) -> None:
    lid = _zoe(desk)
    _return(desk, lid, 10)
    update_learner(desk, lid, {"legal_surname": "Keller"}, "office.a", 1)
    before_rename = {e.id for e in list_audit(desk) if e.entity in ("learner", "return")}
    before_rename -= {e.id for e in list_audit(desk, action="update")}
    assert {e.id for e in list_audit(desk, search="zoe bronte")} >= before_rename
    found = list_audit(desk, search="ZOE KELLER")  # today's name finds every entry about her
    assert {e.action for e in found} == {"create", "update"}
    assert len(found) == 3
    # the entries written before the rename still say the name she had then
    assert any(e.sentence.startswith("Return recorded for Zoë Brontë (7B") for e in found)


def test_a_learner_removed_by_an_undone_import_is_still_named(desk: Database) -> None:
    report = import_learners(desk, SAMPLES / "oakfield-learners-sims.csv", "OAK")
    assert report.batch_id is not None
    undo_import(desk, report.batch_id, "office.a")
    [gone] = list_audit(desk, search="harpreet kowalski", action="undo_import")
    assert gone.sentence == (
        f"Harpreet Kowalski (RAsh, {OAK}) removed: added by an import that was undone"
    )
    [batch] = list_audit(desk, action="undo_import", entity="import_batch")
    assert batch.sentence.startswith("Learner list import undone from oakfield-learners-sims.csv")
    [imported] = list_audit(desk, action="import_learners")
    assert imported.sentence.startswith("Learner list imported from oakfield-learners-sims.csv: ")
    assert f"{report.added:,} added" in imported.sentence


def test_a_purged_learner_is_named_nowhere(desk: Database) -> None:
    lid = add_learner(desk, "OAK", NewLearner("Longgone", "Lee", reg_group="6A"), "office.a")
    _return(desk, lid, 10)
    mark_left(desk, lid, "office.a", left_on=date.today() - timedelta(days=3 * 366))
    purge_leavers(desk, confirm=True)
    assert not list_audit(desk, search="longgone")
    trail = " ".join(f"{e.sentence} {e.learner} {e.haystack}" for e in list_audit(desk))
    assert "longgone" not in trail.casefold()
    [purge] = list_audit(desk, action="purge")
    assert purge.sentence.startswith("Leavers' data purged: 1 learner, 1 return, 0 review rows")
    [ret] = list_audit(desk, entity="return")
    assert ret.sentence.startswith("Return recorded for a learner whose details are no longer kept")


def test_filters_by_academy_kind_and_dates_and_counts_the_matches(desk: Database) -> None:
    zoe = _zoe(desk)
    add_learner(desk, "HGH", NewLearner("Brontë", "Emily", reg_group="10H"), "office.h")
    _return(desk, zoe, 10)
    hgh = list_audit(desk, academy="hgh")
    assert [e.sentence for e in hgh] == [
        "Learner added: Emily Brontë (10H, Hillgate High Academy)",
        "Academy added: Hillgate High Academy (HGH), secondary",
    ]
    both = read_audit(desk, search="bronte")
    assert both.matched == 3
    capped = read_audit(desk, search="bronte", limit=1)
    assert capped.matched == 3 and len(capped.entries) == 1
    assert [e.kind for e in list_audit(desk, kind="return recorded")] == ["Return recorded"]
    tomorrow = datetime.combine(date.today() + timedelta(days=1), datetime.min.time())
    assert read_audit(desk, since=tomorrow).matched == 0


def test_the_export_says_the_same_sentences(desk: Database, tmp_path: Path) -> None:
    lid = _zoe(desk)
    _return(desk, lid, 10, press=Answer.REFUSE)
    entries = list_audit(desk)
    out = tmp_path / "audit.xlsx"
    export_audit_xlsx(entries, out)
    ws = load_workbook(out).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header[:6] == ["When", "Who", "Kind", "Academy", "Learner", "What happened"]
    assert [r[5] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        e.sentence for e in entries
    ]
    assert "Press: refused" in str(ws.cell(2, 6).value)
