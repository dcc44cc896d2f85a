"""The dashboard per academy: the COO sees each academy's statuses and refusals and returns week
by week; a principal sees their own academy by registration group; nothing is cut or left empty
at 1280×720 and 1920×1080. Expected figures are counted here from each learner's status and
refused uses (PRODUCT.md's rules, applied by the service), never read from the dashboard's own
counting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.rules import Status
from consent_desk.gui.dashboard import Dashboard
from consent_desk.gui.main_window import MainWindow
from consent_desk.services.access import set_actor
from consent_desk.services.consent import learner_statuses
from consent_desk.services.imports import import_returns
from consent_desk.services.learner_import import import_learners
from consent_desk.services.users import authenticate
from tests.conftest import SAMPLES
from tests.gui.conftest import PASSWORD, SAMPLE_YEAR, shot

STATUS_HEADERS = {
    Status.NO_IMAGES: "NO IMAGES",
    Status.RESTRICTED: "Restricted",
    Status.NOT_RETURNED: "Not returned",
    Status.NO_RESTRICTION: "No restriction",
}


@pytest.fixture
def trust_with_returns(accounts: Database) -> Database:
    """Both sample academies with their learners and returns (imported as the COO)."""
    set_actor(authenticate(accounts, "ann.coo", PASSWORD))
    import_learners(accounts, SAMPLES / "hillgate-learners-bromcom.xlsx", "HGH")
    import_returns(accounts, SAMPLES / "oakfield-returns-typed.xlsx", "OAK", SAMPLE_YEAR)
    import_returns(accounts, SAMPLES / "hillgate-returns-msforms.xlsx", "HGH", SAMPLE_YEAR)
    set_actor(None)
    return accounts


def _expected(db: Database, code: str, labels: dict[str, str]) -> dict[str, int]:
    """An academy's row, counted here: each learner's status and refused uses."""
    rows = learner_statuses(db, code, SAMPLE_YEAR)
    statuses = Counter(r.status for r in rows)
    refused = Counter(k for r in rows for k in r.refused)
    return {
        "Learners": len(rows),
        "Returned": sum(1 for r in rows if r.returns),
        **{STATUS_HEADERS[s]: statuses[s] for s in Status},
        **{labels[k]: refused[k] for k in labels},
    }


def _table(board: Dashboard) -> dict[str, dict[str, int]]:
    """The table as a reader sees it: row name → column header → number."""
    m = board.table.model_
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    out: dict[str, dict[str, int]] = {}
    for r in range(m.rowCount()):
        cells = [str(m.index(r, c).data()) for c in range(m.columnCount())]
        out[cells[0]] = {
            str(h): int(v.split(" ")[0].replace(",", ""))
            for h, v in zip(headers[1:], cells[1:], strict=True)
        }
    return out


def _open_dashboard(qtbot: QtBot, w: MainWindow) -> Dashboard:
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w.learners, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(w.dashboard, Dashboard), timeout=5000)
    board = w.dashboard
    assert board is not None
    qtbot.waitUntil(lambda: board.data is not None, timeout=20000)
    return board


def test_the_coo_sees_statuses_and_refusals_per_academy(
    qtbot: QtBot,
    trust_with_returns: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = login_window(trust_with_returns, "ann.coo")
    board = _open_dashboard(qtbot, w)
    assert board.scope.currentText() == "Whole trust, by academy"  # the COO's view first
    table = _table(board)
    labels = dict(w.ctx.purpose_labels)
    set_actor(authenticate(trust_with_returns, "ann.coo", PASSWORD))
    hgh = _expected(trust_with_returns, "HGH", labels)
    oak = _expected(trust_with_returns, "OAK", labels)
    assert table["Hillgate High Academy (HGH)"] == hgh
    assert table["Oakfield Primary Academy (OAK)"] == oak
    assert table["Total"] == {k: hgh[k] + oak[k] for k in hgh}
    # returns over time: every learner with a return counted once, in some week
    weeks = board.week_chart.columns
    assert sum(c.value for c in weeks) == hgh["Returned"] + oak["Returned"]
    assert weeks[0].label == "w/c 1 Sep" and weeks[0].axis == "Sep"
    assert "Busiest: w/c" in board.week_note.text()
    # the status chart says the same as the totals row
    bars = {b.label: b.value for b in board.status_chart.bars}
    assert bars == {h: table["Total"][h] for h in STATUS_HEADERS.values()}
    # by keyboard to one academy by registration group, and back
    board.scope.setFocus()
    with qtbot.waitSignal(board.loaded, timeout=20000):
        qtbot.keyClick(board.scope, Qt.Key.Key_Up)
    groups = _table(board)
    assert groups["Total"] == oak
    assert (
        sum(row["Learners"] for name, row in groups.items() if name != "Total") == (oak["Learners"])
    )


def test_a_principal_sees_their_academy_by_registration_group(
    qtbot: QtBot,
    trust_with_returns: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = login_window(trust_with_returns, "oak.principal")
    board = _open_dashboard(qtbot, w)
    assert [board.scope.itemText(i) for i in range(board.scope.count())] == [
        "This academy, by registration group"
    ]
    table = _table(board)
    rows = learner_statuses(trust_with_returns, "OAK", SAMPLE_YEAR)
    assert set(table) == {r.reg_group for r in rows} | {"Total"}
    for group, row in table.items():
        if group == "Total":
            continue
        mine = [r for r in rows if r.reg_group == group]
        assert row["Learners"] == len(mine)
        assert row["NO IMAGES"] == sum(1 for r in mine if r.status is Status.NO_IMAGES)
        assert row["Websites"] == sum(1 for r in mine if "website" in r.refused)
    assert "Hillgate" not in board.headline.text()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_nothing_cut_and_no_empty_half_at_office_screen_sizes(
    qtbot: QtBot,
    trust_with_returns: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    size: tuple[int, int],
) -> None:
    remember_scope("OAK", SAMPLE_YEAR)
    w = login_window(trust_with_returns, "ann.coo")
    w.resize(*size)
    board = _open_dashboard(qtbot, w)
    qtbot.waitUntil(lambda: board.scope.currentData() == "trust")
    qtbot.wait(50)  # the layout settles
    shot(w, f"dashboard-trust-{size[0]}x{size[1]}")
    header = board.table.horizontalHeader()
    columns = sum(header.sectionSize(c) for c in range(header.count()))
    # every column in view beside the learner panel, and every row (two academies and the total)
    assert columns <= board.table.viewport().width()
    assert not board.table.verticalScrollBar().isVisible()
    assert not board.table.horizontalScrollBar().isVisible()
    # the charts reach the bottom of the panel: no empty half
    bottom = board.week_box.geometry().bottom()
    assert bottom >= board.height() - 20
    assert board.week_chart.height() > board.height() // 4
    for box in (board.status_box, board.refusal_box):
        assert box.geometry().bottom() >= board.height() // 2


def test_the_table_model_passes_the_model_tester(qtmodeltester: object) -> None:
    from consent_desk.domain.purposes import PURPOSE_LABELS
    from consent_desk.domain.summary import summarise, total
    from consent_desk.gui.dashboard_table import SummaryModel
    from consent_desk.gui.theme import status_colours
    from tests.outputs.factories import HILL, OAK, learner, ret

    parts = summarise(
        [
            (OAK, [learner("A", "One", [ret()]), learner("B", "Two", [])]),
            (HILL, [learner("C", "Three", [ret(refuse=["press"])], academy=HILL)]),
        ]
    )
    model = SummaryModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_summaries(parts, total(parts), dict(PURPOSE_LABELS), "Academy", status_colours())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 3 and model.columnCount() == 1 + 2 + 4 + len(PURPOSE_LABELS)
    # Oakfield: one of two returned; the press refusal is Hillgate's
    assert model.index(0, 2).data() == "1 (50%)"
    press = 1 + 2 + 4 + list(PURPOSE_LABELS).index("press")
    assert [model.index(r, press).data() for r in range(3)] == ["0", "1", "1"]
