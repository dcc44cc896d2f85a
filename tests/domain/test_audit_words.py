"""Every kind of audit entry the app writes, said in people's words: a sentence per kind, with
the learner's name, group and academy, the user's name, purposes by the trust's labels,
yes/no for flags, dates as people write them — never a raw field dump."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from consent_desk.domain.audit_words import (
    KINDS,
    SENTENCES,
    Entry,
    LearnerName,
    Names,
    UserName,
    describe,
    fold,
    found,
    kind_of,
)

SOURCE = Path(__file__).resolve().parents[2] / "consent_desk"
ZOE = LearnerName("Zoë Brontë", "7B", "Oakfield Primary Academy", "Zoë Brontë")
NAMES = Names(
    learners={7: ZOE},
    users={"ann.coo": UserName("ann.coo", "Ann Coleman")},
    user_ids={3: UserName("tess.t", "Tess Teacher")},
    academies={1: "Oakfield Primary Academy", 2: "Hillgate High Academy"},
    academy_codes={"OAK": "Oakfield Primary Academy", "HGH": "Hillgate High Academy"},
    purposes={"website": "Websites", "press": "Press", "print": "Print"},
    files={4: "week1.xlsx"},
    review_rows={9: "row 12 of week1.xlsx"},
    publications={5: "Sports day"},
)
Z = "Zoë Brontë (7B, Oakfield Primary Academy)"

# (action, entity, entity_id, before, after, the sentence people read)
CASES: list[tuple[str, str, str | None, Any, Any, str]] = [
    ("create", "return", "11", {"answers": {"website": "consent", "press": "refuse"}},
     {"learner_id": 7, "year": "2025/26", "method": "paper",
      "answers": {"website": "refuse", "press": "refuse"}, "limitation": "no names"},
     f"Return recorded for {Z} for 2025/26 (paper form): Websites: consent → refused; "
     "the rest as before; limitation: “no names”"),
    ("void", "return", "11", {"voided": False},
     {"voided": True, "reason": "wrong child", "learner_id": 7, "year": "2025/26"},
     f"Return of {Z} for 2025/26 voided (no longer counts): wrong child"),
    ("restore", "return", "11", {"voided": True},
     {"voided": False, "review_item": 9, "learner_id": 7},
     f"Return of {Z} counts again: its review row was matched to them again"),
    ("resolve", "review_item", "9", {"state": "open"},
     {"state": "resolved", "learner_id": 7, "return_id": 11},
     f"Row 12 of week1.xlsx matched to {Z} and counted as their return"),
    ("dismiss", "review_item", "9", {"state": "open"}, {"state": "dismissed", "reason": "not ours"},
     "Row 12 of week1.xlsx dismissed: not ours"),
    ("reopen", "review_item", "9", {"state": "resolved"},
     {"state": "open", "reason": "wrong match", "voided_return": 11},
     "Row 12 of week1.xlsx put back in the review queue: wrong match "
     "(the return it had made no longer counts)"),
    ("import", "import_batch", "4", None,
     {"file": "week1.xlsx", "checksum": "ab", "rows": 40, "imported": 37, "duplicates": 0,
      "needs_review": 3, "errors": 0},
     "Returns imported from week1.xlsx: 40 rows, 37 imported, 3 to review"),
    ("import_learners", "import_batch", "4", None,
     {"file": "list.csv", "rows": 200, "added": 198, "updated": 2, "unchanged": 0, "errors": 0},
     "Learner list imported from list.csv: 200 rows, 198 added, 2 changed"),
    ("undo_import", "import_batch", "4", {"rows": 40},
     {"removed_returns": 37, "kept_returns": 0, "removed_review_rows": 3, "kept_review_rows": 0},
     "Returns import undone from week1.xlsx: 37 returns removed, 0 returns kept (changed "
     "since), 3 review rows removed, 0 review rows kept"),
    ("undo_import", "learner", "7", {"on_roll": False}, {"on_roll": True},
     f"{Z} back on roll: the import that marked them as left was undone"),
    ("create", "learner", "7", None, {"legal_surname": "Brontë", "on_roll": True},
     f"Learner added: {Z}"),
    ("update", "learner", "7", {"reg_group": "6B", "on_roll": True},
     {"reg_group": "7B", "on_roll": True, "upn": "X"},
     f"{Z}: registration group: 6B → 7B"),
    ("left", "learner", "7", {"on_roll": True}, {"on_roll": False, "left_on": "2026-07-20"},
     f"{Z} left the roll on 20/07/2026"),
    ("safeguarding", "learner", "7", {"flag": True}, {"flag": False},
     f"{Z}: “no images — safeguarding” cleared (the reason is not kept in the trail)"),
    ("view_safeguarding_reason", "learner", "7", None, None,
     f"Safeguarding reason of {Z} viewed"),
    ("purge", "learners", None, None,
     {"learners": 2, "returns": 1, "review_items": 0, "left_before": "2024-08-31",
      "by_academy": {"OAK": 2}},
     "Leavers' data purged: 2 learners, 1 return, 0 review rows (left before 31/08/2024); "
     "Oakfield Primary Academy: 2"),
    ("publish", "publication", "5", None,
     {"academy": "OAK", "year": "2025/26", "purpose": "website", "title": "Sports day",
      "published_on": "2026-06-01", "where": "the website", "learners": [7, 8],
      "limitations": [8]},
     "Publication recorded: “Sports day” on the website on 01/06/2026 — for Websites, "
     "Oakfield Primary Academy, 2 learners (1 with a limitation to check)"),
    ("takedown_done", "publication", "5",
     {"learner_id": 7, "what_changed": "now refuses Websites", "since": "2026-06-02T09:00:00"},
     {"note": "photo removed"},
     f"{Z} taken down from “Sports day” (now refuses Websites); note: photo removed"),
    ("acknowledge_list", "academy", "1", None,
     {"year": "2025/26", "version": "3", "learners_on_list": 12},
     "Oakfield Primary Academy's restriction list for 2025/26 acknowledged (12 learners on it)"),
    ("create", "trust", "1", None, {"name": "LwL Trust"}, "Trust set up: LwL Trust"),
    ("rename", "trust", "1", {"name": "LwL"}, {"name": "LwL Trust"},
     "Trust renamed: LwL → LwL Trust"),
    ("update", "trust", "1", {"treat_non_returns_as_restricted": True, "retention_years": 2},
     {"treat_non_returns_as_restricted": False, "retention_years": 3},
     "Settings: learners with no return count as restricted: yes → no; "
     "years to keep leavers' data: 2 → 3"),
    ("update", "purpose_labels", None, {"website": "Websites"}, {"website": "School website"},
     "Purpose names: Websites → School website"),
    ("update", "form_questions", None, {"press": {"question": None}},
     {"press": {"question": "May the press photograph your child?", "wording": "permission"}},
     "Consent form questions: Press: “May the press photograph your child?”"),
    ("create", "academy", "2", None,
     {"code": "HGH", "name": "Hillgate High Academy", "principal": "Mr Hill", "phase": "secondary"},
     "Academy added: Hillgate High Academy (HGH), secondary, principal Mr Hill"),
    ("update", "academy", "2", {"phase": "primary"}, {"phase": "secondary"},
     "Academy Hillgate High Academy: phase: primary → secondary"),
    ("remove", "academy", "6", {"code": "OLD", "name": "Old Academy"}, None,
     "Academy removed: Old Academy (OLD)"),
    ("delete", "academy", "6", {"code": "OLD", "name": "Old Academy"}, None,
     "Academy removed: Old Academy (OLD)"),
    ("create", "user", "3", None,
     {"username": "tess.t", "role": "teacher", "academies": ["OAK"]},
     "User added: Tess Teacher (tess.t), teacher, academies Oakfield Primary Academy"),
    ("role", "user", "3", {"role": "teacher"}, {"role": "office"},
     "Role of Tess Teacher: teacher → office staff"),
    ("academies", "user", "3", {"academies": ["OAK"]}, {"academies": ["OAK", "HGH"]},
     "Academies of Tess Teacher: Oakfield Primary Academy → Oakfield Primary Academy, "
     "Hillgate High Academy"),
    ("enable", "user", "3", {"active": False}, {"active": True}, "Account of Tess Teacher enabled"),
    ("disable", "user", "3", {"active": True}, {"active": False},
     "Account of Tess Teacher disabled"),
    ("password", "user", "3", None, None, "Password of Tess Teacher changed"),
    ("login", "user", "3", None, None, "Tess Teacher logged in"),
    ("login_failed", "user", "3", None, {"failed_logins": 2},
     "Failed login as Tess Teacher (wrong password, 2 in a row)"),
    ("locked", "user", "3", None, {"failed_logins": 10},
     "Account of Tess Teacher locked after 10 wrong passwords"),
    ("unlock", "user", "3", {"locked": True}, {"locked": False, "failed_logins": 0},
     "Account of Tess Teacher unlocked: may log in again"),
    ("backup", "database", None, None, {"file": "/b/consent-desk-2026.sqlite3"},
     "Database backed up to /b/consent-desk-2026.sqlite3"),
    ("restore", "database", None, None, {"from": "b.sqlite3", "previous_state_saved_as": "s.sq"},
     "Database restored from b.sqlite3; the state before is saved as s.sq"),
    ("restore_failed", "database", None, None,
     {"from": "b.sqlite3", "previous_state_saved_as": "s.sq", "error": "not a database"},
     "Restore failed from b.sqlite3: not a database; the state before is saved as s.sq"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "entity", "entity_id", "before", "after", "sentence"),
    CASES,
    ids=[f"{a}-{e}-{i}" for i, (a, e, *_) in enumerate(CASES)],
)
def test_each_kind_of_entry_is_a_sentence(
    action: str, entity: str, entity_id: str | None, before: Any, after: Any, sentence: str
) -> None:
    said = describe(Entry(action, entity, entity_id, before, after), NAMES)
    assert said == sentence
    assert "True" not in said and "False" not in said and "_" not in said.replace("/b/", "")


def test_every_kind_has_a_case_here() -> None:
    assert set(SENTENCES) == {(a, e) for a, e, *_ in CASES}
    assert set(SENTENCES) == set(KINDS)


def _recorded_kinds() -> set[tuple[str, str]]:
    """(action, entity) of every ``audit.record(...)`` call in the app's source."""

    def strings(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return strings(node.body) + strings(node.orelse)
        raise AssertionError(f"an audit action that is not a literal: {ast.dump(node)}")

    found_: set[tuple[str, str]] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                for action in strings(node.args[2]):
                    for entity in strings(node.args[3]):
                        found_.add((action, entity))
    return found_


def test_every_kind_the_app_writes_has_a_sentence_and_a_kind_name() -> None:
    written = _recorded_kinds()
    assert ("void", "return") in written and len(written) > 30  # the scan sees the calls
    assert written - set(SENTENCES) == set(), "give these entries a sentence"


def test_an_unknown_kind_is_still_said_in_words() -> None:
    said = describe(Entry("merge", "learner", "7", {"on_roll": True}, {"on_roll": False}), NAMES)
    assert said == f"Learner: merge — {Z}: on roll: yes → no"
    assert kind_of("merge", "learner") == "Learner: merge"


def test_an_entry_emptied_by_a_purge_says_so() -> None:
    said = describe(Entry("update", "learner", "99", None, {"purged": True}), NAMES)
    assert said == "Learner changed — details purged with the learner's data"


def test_a_learner_no_longer_in_the_desk_is_said_so() -> None:
    said = describe(Entry("left", "learner", "99", None, {"on_roll": False}), NAMES)
    assert said == "A learner whose details are no longer kept left the roll"


def test_a_first_return_says_refusals_first_and_what_was_left_unanswered() -> None:
    def said(answers: dict[str, str]) -> str:
        after = {"learner_id": 7, "year": "2025/26", "method": "online", "answers": answers}
        return describe(Entry("create", "return", "1", None, after), NAMES)

    head = f"Return recorded for {Z} for 2025/26 (online form): "
    assert said({"print": "consent", "website": "refuse", "press": "unanswered"}) == (
        head + "Websites: refused; Print: consent; no answer for Press"
    )
    assert said(dict.fromkeys(("print", "website", "press"), "consent")) == (
        head + "consent to every use"
    )


def test_names_are_found_without_case_or_accents() -> None:
    hay = fold("Return recorded for Zoë Brontë (7B) — Ann Coleman")
    assert found("zoe BRONTE", hay) and found("Brontë zoë", hay) and found("", hay)
    assert not found("zoe smith", hay)
