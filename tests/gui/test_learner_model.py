"""The learners table model: filtering and sorting its own rows, checked by qtmodeltester."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consent_desk.domain.groups import year_key
from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.domain.rules import Status
from consent_desk.gui.learner_model import (
    GROUP,
    STATUS,
    SURNAME,
    YEAR,
    LearnerFilter,
    LearnerTableModel,
    prepare,
)
from consent_desk.gui.learners_tab import LearnersTab

SURNAMES = ["Adeyemi", "Byrne", "Kowalski", "Évora", "O'Neill", "Nowak", "Smith", "Khan"]
FORENAMES = ["Saanvi", "Olamide", "Harpreet", "Zoë", "Ivy", "Oscar", "Mia", "Aarav"]
YEARS = ["N", "R", "1", "2", "7", "10", "13"]


def row(i: int, rng: random.Random) -> LearnerStatusRow:
    year = rng.choice(YEARS)
    status = rng.choice(list(Status))
    refused = ("website", "press") if status is Status.RESTRICTED else ()
    return LearnerStatusRow(
        learner_id=i,
        academy_code="OAK",
        upn=f"A{i:012d}",
        adno=str(1000 + i),
        surname=rng.choice(SURNAMES),
        forename=rng.choice(FORENAMES),
        legal_surname="Legal",
        legal_forename="Name",
        dob=date(2015, 1, 1),
        year_group=year,
        reg_group=f"{year}{rng.choice('AB')}",
        on_roll=True,
        status=status,
        refused=refused,
        unanswered=(),
        limitation="first name only" if i % 7 == 0 else None,
        safeguarding=False,
        returns=0 if status is Status.NOT_RETURNED else 1,
        on_restriction_list=status is not Status.NO_RESTRICTION,
    )


@pytest.fixture
def rows() -> list[LearnerStatusRow]:
    rng = random.Random(5)
    return [row(i, rng) for i in range(1, 301)]


def test_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, rows: list[LearnerStatusRow]
) -> None:
    model = LearnerTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_filter(text="ko")
    model.sort(STATUS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_search_matches_every_word_in_any_order(rows: list[LearnerStatusRow]) -> None:
    model = LearnerTableModel()
    model.set_rows(rows)
    model.set_filter(text="  SAANVI   adeyemi ")
    shown = model.visible_rows()
    assert shown and all(r.surname == "Adeyemi" and r.forename == "Saanvi" for r in shown)
    expected = [r for r in rows if r.surname == "Adeyemi" and r.forename == "Saanvi"]
    assert sorted(r.learner_id for r in shown) == sorted(r.learner_id for r in expected)
    model.set_filter(text="évora")  # accents as typed
    assert {r.surname for r in model.visible_rows()} == {"Évora"}
    model.set_filter(text=(rows[10].upn or "").lower())
    assert [r.learner_id for r in model.visible_rows()] == [rows[10].learner_id]


def test_typing_on_gives_the_same_rows_as_a_fresh_filter(rows: list[LearnerStatusRow]) -> None:
    typed = LearnerTableModel()
    typed.set_rows(rows)
    fresh = LearnerTableModel()
    fresh.set_rows(rows)
    text = ""
    for ch in "o ne":
        text += ch
        typed.set_filter(text=text)
        fresh.set_filter(LearnerFilter(text=text))
        assert typed.visible_rows() == fresh.visible_rows()
    for _ in range(4):  # and deleting again
        text = text[:-1]
        typed.set_filter(text=text)
        fresh.set_filter(LearnerFilter(text=text))
        assert typed.visible_rows() == fresh.visible_rows()


def test_filters_combine(rows: list[LearnerStatusRow]) -> None:
    model = LearnerTableModel()
    model.set_rows(rows)
    model.set_filter(status=Status.RESTRICTED, year_group="7", reg_group="7A")
    want = [r for r in rows if r.status is Status.RESTRICTED and r.reg_group == "7A"]
    assert {r.learner_id for r in model.visible_rows()} == {r.learner_id for r in want}
    counts = model.status_counts()
    assert counts[Status.RESTRICTED] == len(want) and sum(counts.values()) == len(want)


def test_sort_orders_and_keeps_the_selection(rows: list[LearnerStatusRow]) -> None:
    model = LearnerTableModel()
    model.set_rows(rows)
    model.sort(YEAR)
    years = [r.year_group for r in model.visible_rows()]
    assert years == sorted(years, key=year_key)
    assert years[0] == "N" and years[-1] == "13"
    model.sort(GROUP, Qt.SortOrder.DescendingOrder)
    groups = [r.reg_group for r in model.visible_rows()]
    assert (groups[0] or "").startswith("13") and (groups[-1] or "").startswith("N")
    model.sort(SURNAME)
    names = [(r.surname.casefold(), r.forename.casefold()) for r in model.visible_rows()]
    assert names == sorted(names)


def test_the_chosen_learner_stays_chosen_through_sorts_and_filters(
    qtbot: QtBot, rows: list[LearnerStatusRow]
) -> None:
    tab = LearnersTab()
    qtbot.addWidget(tab)
    tab.set_prepared(prepare(rows))
    tab.table.selectRow(17)
    chosen = tab.current_id()
    assert chosen is not None
    emitted: list[object] = []
    tab.learner_selected.connect(emitted.append)
    tab.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    assert tab.current_id() == chosen
    name = next(r for r in rows if r.learner_id == chosen).surname
    qtbot.keyClicks(tab.search, name[:3])
    assert tab.current_id() == chosen
    assert emitted == []  # the learner panel is not reloaded for every keystroke
    qtbot.keyClicks(tab.search, "zzz")
    assert tab.current_id() is None and emitted == [None]


def test_status_is_text_and_colour(rows: list[LearnerStatusRow]) -> None:
    model = LearnerTableModel()
    flagged = replace(
        rows[0],
        status=Status.NO_IMAGES,
        refused=("internal", "website", "social_media", "print", "press", "video"),
    )
    model.set_rows(
        [flagged], dict(PURPOSE_LABELS)
    )  # the trust's purposes, as the window reads them
    index = model.index(0, STATUS)
    assert model.data(index) == "NO IMAGES"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 5)) == "Every use"


def test_year_groups_in_school_order() -> None:
    assert sorted(["10", "R", "2", "N", "Y7"], key=year_key) == ["N", "R", "2", "10", "Y7"]


def test_a_refusal_too_long_for_its_cell_is_said_shorter_never_as_fewer_uses() -> None:
    """Shorter forms of a Refused cell (issue 16) each still account for every refused use."""
    from consent_desk.domain.purposes import PURPOSE_LABELS
    from consent_desk.gui.learner_model import refused_short_forms

    five = ["internal", "website", "social_media", "print", "press"]
    forms = refused_short_forms(five, PURPOSE_LABELS)
    assert forms[0] == "Every use but Video"  # the one use not refused (of PRODUCT.md's six)
    assert forms[-1] == "5 uses"
    assert "Displays in the academy, Websites +3 more" in forms
    assert refused_short_forms(["press", "video"], PURPOSE_LABELS) == ["Press +1 more", "2 uses"]
    assert refused_short_forms(["press"], PURPOSE_LABELS) == []  # one use: nothing shorter
    assert refused_short_forms(list(PURPOSE_LABELS), PURPOSE_LABELS) == []  # "Every use"
