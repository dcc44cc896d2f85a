"""Groups are listed in one order on screen and on paper: Reception before Year 1 … Year 6,
learners with no group last (PRODUCT.md says nothing else, so last on both)."""

from __future__ import annotations

from consent_desk.domain.listing import LearnerStatusRow
from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.gui.learner_model import GROUP, LearnerTableModel, prepare
from consent_desk.outputs.chase import chase_list
from consent_desk.services.documents import SheetScope, sheet_groups
from tests.outputs.factories import learner

# (surname, year group, registration group) of a primary academy, in no particular order
LEARNERS = [
    ("Adams", "6", "6 Oak"),
    ("Baker", "R", "Robins"),
    ("Clarke", "1", "1 Ash"),
    ("Dunn", "6", None),
    ("Evans", "R", "Rowan"),
    ("Fox", "2", "2 Elm"),
]
EXPECTED = ["Robins", "Rowan", "1 Ash", "2 Elm", "6 Oak", None]


def _rows() -> list[LearnerStatusRow]:
    return [learner(s, "Sam", reg_group=g, year_group=y) for s, y, g in LEARNERS]


def _unique(groups: list[str | None]) -> list[str | None]:
    return list(dict.fromkeys(groups))


def test_the_sheet_prints_reception_first_and_no_group_last() -> None:
    groups = [name for name, _ in sheet_groups(_rows(), SheetScope("academy"))]
    assert groups == [*EXPECTED[:-1], "No group"]


def test_the_learners_table_sorts_groups_as_the_sheet_prints_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = LearnerTableModel()
    model.set_rows(_rows(), dict(PURPOSE_LABELS))
    model.sort(GROUP)
    shown: list[str | None] = [
        str(model.data(model.index(i, GROUP)) or "") or None for i in range(model.rowCount())
    ]
    assert _unique(shown) == EXPECTED
    assert prepare(_rows()).reg_groups == EXPECTED[:-1]  # the group filter's list


def test_the_chase_list_goes_group_by_group_in_the_same_order() -> None:
    rows = chase_list(_rows())
    assert _unique([r.reg_group for r in rows]) == EXPECTED
