"""Academy staff see only their academies: every public service function, called by a
Hillgate principal with Oakfield's learner, batch, review row, mapping and academy code, is
refused — and a function that is added later must be put in one of the lists below."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

import consent_desk.services as services_package
from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ConsentReturn, ImportBatch, Learner, ReviewItem
from consent_desk.domain.rules import Answer
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.access import Role
from consent_desk.services.errors import NotFound, PermissionDenied
from consent_desk.services.learners import NewLearner, add_learner, set_safeguarding
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.trust import add_academy, init_trust
from consent_desk.services.users import authenticate, create_user
from tests.conftest import TRUST

YEAR = AcademicYear.current().label
PASSWORD = "a long enough pass phrase"
UPN = "A123456789012"


@dataclass
class Oak:
    db: Database
    tmp: Path
    learner: int
    batch: int
    item: int


@pytest.fixture
def oak(db: Database, tmp_path: Path) -> Iterator[Oak]:
    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy")
    add_academy(db, "HGH", "Hillgate High Academy")
    lid = add_learner(
        db,
        "OAK",
        NewLearner("Adeyemi", "Saanvi", upn=UPN, reg_group="6Oak", year_group="6"),
        "setup",
    )
    add_return(db, NewReturn(lid, YEAR, {"press": Answer.REFUSE}, datetime.now(), "Mum"), "setup")
    set_safeguarding(db, lid, True, "court order", "setup")
    with db.session() as s:
        oak_id = s.query(Academy.id).filter(Academy.code == "OAK").scalar()
        b = ImportBatch(
            kind="returns",
            academy_id=oak_id,
            year_label=YEAR,
            file_name="oak.xlsx",
            checksum="0",
            imported_by="t",
            imported_at=datetime.now(),
            counts={},
            mapping={"columns": {"A": "x"}},
        )
        s.add(b)
        s.flush()
        item = ReviewItem(
            batch_id=b.id,
            academy_id=oak_id,
            year_label=YEAR,
            source_row=2,
            reason="test",
            data={"answers": {}},
            candidates=[],
            state="open",
        )
        s.add(item)
        s.flush()
        batch, item_id = b.id, item.id
    create_user(db, "coo", "Ann Coo", Role.COO, PASSWORD)
    access.set_actor(authenticate(db, "coo", PASSWORD))
    create_user(db, "hgh.head", "Hillgate Principal", Role.PRINCIPAL, PASSWORD, ["HGH"])
    access.set_actor(authenticate(db, "hgh.head", PASSWORD))
    try:
        yield Oak(db, tmp_path, lid, batch, item_id)
    finally:
        access.set_actor(None)


def _session(o: Oak) -> Session:
    return Session(o.db.engine)


def _learner_row(o: Oak) -> Learner:
    with o.db.session() as s:  # read as the system would, to hand a row to make_code
        lr = s.get(Learner, o.learner)
        assert lr is not None
        s.expunge(lr)
        return lr


# Every public function that reads or changes one academy's data, called with Oakfield's.
REFUSED: dict[str, Callable[[Oak], Any]] = {
    "academies.academy_uses": lambda o: _call("academies", "academy_uses", o.db, "OAK"),
    "academies.edit_academy": lambda o: _call("academies", "edit_academy", o.db, "OAK", name="X"),
    "academies.remove_academy": lambda o: _call("academies", "remove_academy", o.db, "OAK"),
    "batches.undo_import": lambda o: _call("batches", "undo_import", o.db, o.batch, "x"),
    "consent.returns_by_learner": lambda o: _with_session(
        o, "consent", "returns_by_learner", [o.learner], YEAR
    ),
    "consent.status_rows": lambda o: _with_session(o, "consent", "status_rows", "OAK", YEAR),
    "consent.learner_statuses": lambda o: _call("consent", "learner_statuses", o.db, "OAK", YEAR),
    "consent.restriction_list": lambda o: _call("consent", "restriction_list", o.db, "OAK", YEAR),
    "consent_forms.build_forms": lambda o: _call(
        "consent_forms", "build_forms", o.db, "OAK", YEAR, SheetScope("academy"), o.tmp / "f.pdf"
    ),
    "documents.build_sheet": lambda o: _call(
        "documents", "build_sheet", o.db, "OAK", YEAR, SheetScope("academy"), o.tmp / "s.pdf"
    ),
    "documents.export_principal_list": lambda o: _call(
        "documents", "export_principal_list", o.db, "OAK", YEAR, o.tmp / "l.xlsx"
    ),
    "documents.export_chase_list": lambda o: _call(
        "documents", "export_chase_list", o.db, "OAK", YEAR, o.tmp / "c.csv"
    ),
    "documents.learner_ids_for_upns": lambda o: _call(
        "documents", "learner_ids_for_upns", o.db, "OAK", ["A123456789012"]
    ),
    "form_codes.make_code": lambda o: _with_session(
        o, "form_codes", "make_code", _learner_row(o), YEAR
    ),
    "form_codes.codes_for": lambda o: _with_session(
        o, "form_codes", "codes_for", "OAK", YEAR, [o.learner]
    ),
    "form_codes.resolve_code": lambda o: _call(
        "form_codes", "resolve_code", o.db, "CD2-OAK-2025-1-AAAAAAAA", "OAK", YEAR
    ),
    "learners.learner_detail": lambda o: _call("learners", "learner_detail", o.db, o.learner, YEAR),
    "batches.last_mapping": lambda o: _call("batches", "last_mapping", o.db, "OAK", "returns"),
    "review.waiting_count": lambda o: _call("review", "waiting_count", o.db, "OAK", YEAR),
    "import_store.learner_records": lambda o: _with_session(
        o, "import_store", "learner_records", _oak_id(o)
    ),
    "import_store.return_fingerprints": lambda o: _with_session(
        o, "import_store", "return_fingerprints", _oak_id(o), YEAR
    ),
    "import_store.recorded_moments": lambda o: _with_session(
        o, "import_store", "recorded_moments", _oak_id(o), YEAR
    ),
    "imports.import_returns": lambda o: _call(
        "imports", "import_returns", o.db, _a_sheet(o), "OAK", YEAR
    ),
    "learner_import.import_learners": lambda o: _call(
        "learner_import", "import_learners", o.db, _a_sheet(o), "OAK"
    ),
    "learners.add_learner": lambda o: _call(
        "learners", "add_learner", o.db, "OAK", NewLearner("New", "One"), "x"
    ),
    "learners.get_learner": lambda o: _with_session(o, "learners", "get_learner", o.learner),
    "learners.learner_by_upn": lambda o: _with_session(o, "learners", "learner_by_upn", UPN),
    "learners.learner_in_academy": lambda o: _with_session(
        o, "learners", "learner_in_academy", UPN, _learner_row(o).academy_id
    ),
    "learners.set_safeguarding": lambda o: _call(
        "learners", "set_safeguarding", o.db, o.learner, False, None, "x"
    ),
    "learners.mark_left": lambda o: _call("learners", "mark_left", o.db, o.learner, "x"),
    "learners.update_learner": lambda o: _call(
        "learners", "update_learner", o.db, o.learner, {"reg_group": "6X"}, "x", 1
    ),
    "learners.safeguarding_reason": lambda o: _call(
        "learners", "safeguarding_reason", o.db, o.learner, "x"
    ),
    "returns.add_return": lambda o: _call(
        "returns",
        "add_return",
        o.db,
        NewReturn(o.learner, YEAR, {"press": Answer.CONSENT}, datetime.now(), "Dad"),
        "x",
    ),
    "returns.returns_for": lambda o: _call("returns", "returns_for", o.db, o.learner, YEAR),
    "review.list_reviews": lambda o: _call("review", "list_reviews", o.db, "OAK", YEAR),
    "review.resolve": lambda o: _call("review", "resolve", o.db, o.item, "x", learner_id=o.learner),
    "review.dismiss": lambda o: _call("review", "dismiss", o.db, o.item, "not ours", "x"),
    "review.reopen": lambda o: _call("review", "reopen", o.db, o.item, "wrong child", "x"),
    "review.list_line": lambda o: _call("review", "list_line", o.db, "OAK", YEAR, o.learner),
    "batches.plan_undo": lambda o: _call("batches", "plan_undo", o.db, o.batch),
    "publications.check": lambda o: _call(
        "publications", "check", o.db, "OAK", YEAR, "press", [o.learner]
    ),
    "publications.publish": lambda o: _call(
        "publications",
        "publish",
        o.db,
        "OAK",
        YEAR,
        "press",
        "Sports day",
        date.today(),
        [o.learner],
    ),
    "publications.list_publications": lambda o: _call(
        "publications", "list_publications", o.db, "OAK", YEAR
    ),
    "publications.learners_by_upn": lambda o: _call(
        "publications", "learners_by_upn", o.db, "OAK", [UPN]
    ),
    "publications.learners_in_group": lambda o: _call(
        "publications", "learners_in_group", o.db, "OAK", "6Oak"
    ),
    "takedowns.open_takedowns": lambda o: _call("takedowns", "open_takedowns", o.db, "OAK"),
    "acknowledgements.list_state": lambda o: _call(
        "acknowledgements", "list_state", o.db, "OAK", YEAR
    ),
    "acknowledgements.acknowledge": lambda o: _call(
        "acknowledgements", "acknowledge", o.db, "OAK", YEAR
    ),
    "acknowledgements.acknowledgements": lambda o: _call(
        "acknowledgements", "acknowledgements", o.db, "OAK", YEAR
    ),
    "returns.void_return": lambda o: _call(
        "returns", "void_return", o.db, _a_return(o), "keyed in error", "x"
    ),
    "returns.reading_of": lambda o: _call("returns", "reading_of", o.db, _a_return(o)),
    "sheet_prints.latest_prints": lambda o: _call(
        "sheet_prints", "latest_prints", o.db, "OAK", YEAR
    ),
    "sheet_prints.stale_sheets": lambda o: _call("sheet_prints", "stale_sheets", o.db, "OAK", YEAR),
}

# Trust-wide lists: they answer, but with nothing of Oakfield's.
FILTERED: dict[str, Callable[[Oak], Any]] = {
    "batches.list_batches": lambda o: _call("batches", "list_batches", o.db),
    "review.list_reviews(all)": lambda o: _call("review", "list_reviews", o.db),
    "audit_log.list_audit": lambda o: [
        e for e in _call("audit_log", "list_audit", o.db) if e.entity != "user"
    ],
    "audit_log.read_audit": lambda o: [
        e for e in _call("audit_log", "read_audit", o.db).entries if e.entity != "user"
    ],
    "audit_log.read_audit(search by name)": lambda o: (
        _call("audit_log", "read_audit", o.db, search="adeyemi").entries
    ),
}

# Not about one academy's learners (with the reason), or only for the COO (checked elsewhere).
NOT_ACADEMY_DATA = {
    "access.set_actor",
    "access.current_actor_or_none",
    "access.system_actor",
    "access.users_exist",
    "access.actor",
    "access.require",
    "access.require_year",
    "access.acting_name",  # the checks themselves
    "audit.current_user_name",
    "audit.now",
    "audit.record",  # writing the trail
    "audit.subject_of",
    "audit_log.export_audit_xlsx",  # writes entries already read through list_audit
    "backup.backup_dir",
    "backup.list_backups",
    "backup.backup_to",
    "backup.daily_backup",
    "backup.backup_status",  # when the whole database was copied; counts only
    "backup.restore_from",
    "backup.backup_before_upgrade",
    "backup.upgrade_schema",  # the COO's (Action.BACKUP)
    "consent.filter_group",
    "consent.as_json",
    "consent.status_says",  # pure functions over rows already read
    "consent_forms.form_questions",
    "consent_forms.policy_questions",  # the trust's wording
    "consent_forms.set_form_questions",  # COO (CHANGE_SETTINGS)
    "listing.report_context",
    "listing.context_in",
    "listing.printed_by",
    "listing.logo_of",
    "listing.sheet_groups",
    "listing.check_scope",  # the trust's words; pure helpers over rows already read
    "consent.academy_rows",
    "sheet_prints.record_print",
    "takedowns.publishing_counts",  # inside a session whose caller checked access
    "trust.settings_of",
    "trust.academy_info_of",  # over a row already read
    "documents.export_summary",  # the COO's summary (refused: see test below)
    "errors.explain_database_error",
    "errors.explain",  # the words for a failure, no data
    "trust.set_purpose_labels",  # COO (CHANGE_SETTINGS)
    "startup.check_connection",
    "startup.open_database",
    "startup.prepare",
    "startup.schema_is_current",
    "startup.startup_state",  # the trust's words and the academies list_academies allows
    "startup.login_needed",
    "samples.find_samples_dir",
    "samples.load_sample_data",  # a new sample trust, through the import services
    "import_store.respondent_ids",
    "import_store.insert_returns",  # inside an import's session
    "imports.file_checksum",
    "imports.parsed_to_data",
    "learners.conflict_message",
    "learners.change_stamp",  # who and when, put on a learner its caller may change
    "learners.stamp",  # the same, on a learner loaded in a checked session
    "retention.purge_preview",
    "retention.purge_leavers",  # the COO's (PURGE)
    "returns.fingerprint",
    "returns.respondent_id",
    "returns.latest_of_each",
    "review.dismiss_warning",  # pure functions over rows already read
    "review.in_queue",  # builds a query's conditions
    "review.count_waiting",  # inside a session whose caller checked access
    "returns.void_in",
    "batches.hold_existing",  # inside a session whose caller checked access
    "consent_forms.questions_in",  # the trust's wording of its questions
    "publications.judge_learners",  # over rows already read
    "acknowledgements.list_entries",
    "acknowledgements.describe_row",
    "acknowledgements.what_changed",  # pure functions over rows already read
    "publications.count_check",  # counts a check already made through check()
    "takedowns.count_open_takedowns",  # inside a session whose caller checked access
    "takedowns.counts",  # the COO summary's counts (the summary's own test below)
    "takedowns.takedown_done",  # by publication id: checked with the publication's academy
    "backup.remove_stale_partials",  # the COO's backups folder
    "sheet_prints.sheet_content",
    "sheet_prints.scope_key",
    "sheet_prints.explain_change",
    "trust.init_trust",
    "trust.require_trust",
    "trust.get_settings",
    "trust.update_settings",
    "trust.purpose_labels",
    "trust.purposes",
    "trust.ensure_year",
    "trust.years_in_use",
    "trust.normalise_code",
    "trust.add_academy",
    "trust.list_academies",
    "trust.academy_by_code",
    "trust.set_up_trust",  # only on a database with no academy yet
    "trust.trust_name",
    "trust.academy_name",
    "trust.academy_phase",
    "trust.academy_fields",  # checks of typed values
    "users.set_role",  # the COO's (MANAGE_USERS)
    "users.create_user",
    "users.any_users",
    "users.list_users",
    "users.login_delay",
    "users.authenticate",
    "users.unlock_user",
    "users.set_password",
    "users.set_active",
    "users.set_academies",
}


def _module(name: str) -> Any:
    return importlib.import_module(f"consent_desk.services.{name}")


def _call(module: str, func: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(_module(module), func)(*args, **kwargs)


def _with_session(o: Oak, module: str, func: str, *args: Any) -> Any:
    with _session(o) as s:
        return getattr(_module(module), func)(s, *args)


def _oak_id(o: Oak) -> int:
    with _session(o) as s:
        return int(s.query(Academy.id).filter(Academy.code == "OAK").scalar())


def _a_return(o: Oak) -> int:
    with _session(o) as s:
        return int(
            s.query(ConsentReturn.id)
            .filter(ConsentReturn.learner_id == o.learner)
            .limit(1)
            .scalar()
        )


def _a_sheet(o: Oak) -> Path:
    path = o.tmp / "returns.csv"
    path.write_text("UPN,Surname,Forename\nA123456789012,Adeyemi,Saanvi\n", "utf-8")
    return path


def public_functions() -> set[str]:
    found = set()
    for m in pkgutil.iter_modules(services_package.__path__):
        mod = _module(m.name)
        for name, f in vars(mod).items():
            if not name.startswith("_") and inspect.isfunction(f) and f.__module__ == mod.__name__:
                found.add(f"{m.name}.{name}")
    return found


def test_every_public_service_function_is_listed() -> None:
    listed = set(REFUSED) | {k.split("(")[0] for k in FILTERED} | NOT_ACADEMY_DATA
    assert public_functions() - listed == set(), "new: say how it keeps academies apart"
    assert listed - public_functions() == set(), "gone: take it off the lists"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_another_academys_principal_is_refused(oak: Oak, name: str) -> None:
    with pytest.raises((PermissionDenied, NotFound)) as err:
        REFUSED[name](oak)
    text = str(err.value)
    assert "Adeyemi" not in text and "court order" not in text  # nothing of Oakfield's shows


@pytest.mark.parametrize("name", sorted(FILTERED))
def test_trust_wide_lists_show_nothing_of_another_academy(oak: Oak, name: str) -> None:
    assert FILTERED[name](oak) == []


def test_the_trust_summary_of_a_principal_holds_only_their_academies(oak: Oak) -> None:
    from openpyxl import load_workbook

    from consent_desk.services.documents import export_summary

    export_summary(oak.db, YEAR, oak.tmp / "summary.xlsx")
    wb = load_workbook(oak.tmp / "summary.xlsx")
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    assert "Hillgate" in text and "Oakfield" not in text and "OAK" not in text
