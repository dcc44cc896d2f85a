"""A paper return typed with the keyboard, exactly as the printed form was ticked: find the
learner, key the box ticked on each line, Enter saves — and the database holds what the parent
meant, whichever way the trust words its questions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.db.engine import Database
from consent_desk.domain.consent_forms import Wording
from consent_desk.domain.rules import Answer, Status
from consent_desk.domain.sheets import SheetScope
from consent_desk.gui import return_dialog
from consent_desk.gui.main_window import MainWindow
from consent_desk.gui.return_dialog import ReturnDialog
from consent_desk.services.consent import learner_statuses
from consent_desk.services.consent_forms import build_forms, set_form_questions
from consent_desk.services.returns import returns_for
from tests.gui.conftest import YEAR, DialogCatcher, shot
from tests.outputs.readback import pdf_pages

SHIFT = Qt.KeyboardModifier.ShiftModifier
PURPOSES = ("internal", "website", "social_media", "print", "press", "video")
# The trust's own wording, asked as consent (Settings → Form questions).
CONSENT_QUESTIONS = {
    "internal": "Do you consent to photographs of your child in displays in the academy?",
    "website": "Do you consent to photographs of your child on the academy website?",
    "social_media": "Do you consent to photographs of your child on our social media?",
    "print": "Do you consent to photographs of your child in our newsletters?",
    "press": "Do you consent to photographs of your child in the local press?",
    "video": "Do you consent to your child appearing in our video recordings?",
}


@pytest.fixture(autouse=True)
def _closing_never_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the windows after a test must not stop at "close without saving?"."""
    monkeypatch.setattr(return_dialog, "confirm", lambda *a, **k: True)


def _dialog(dialogs: DialogCatcher, w: MainWindow) -> ReturnDialog:
    """Ctrl+N in the main window, as the office does."""
    dialogs.patch(ReturnDialog)
    w.actions_.enter_return.trigger()
    d = dialogs.last(ReturnDialog)
    assert isinstance(d, ReturnDialog)
    return d


class Keyboard:
    """Presses keys on whatever has the focus, counting them."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, *keys: Qt.Key | str, shift: bool = False) -> None:
        for key in keys:
            widget = QApplication.focusWidget()
            assert widget is not None, "nothing has the keyboard focus"
            if isinstance(key, str):
                if shift:
                    self.qtbot.keyClick(widget, key, SHIFT)
                    self.count += 1
                else:
                    self.qtbot.keyClicks(widget, key)
                    self.count += len(key)
            else:
                self.qtbot.keyClick(widget, key)
                self.count += 1


def _status(db: Database, upn: str) -> tuple[Status, tuple[str, ...], str | None]:
    row = next(r for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)
    return row.status, row.refused, row.limitation


def _learner(db: Database, upn: str) -> int:
    return next(r.learner_id for r in learner_statuses(db, "OAK", YEAR) if r.upn == upn)


def _answers(db: Database, upn: str) -> dict[str, Answer]:
    [ret] = returns_for(db, _learner(db, upn), YEAR)
    return ret.answers


def _open(
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> ReturnDialog:
    remember_scope("OAK")
    return _dialog(dialogs, open_window(oak_learners))


# --- keyed exactly as the printed form was ticked ---------------------------------------------

# What a parent ticked on the printed form: the box on each line (None: nothing ticked).
TICKED = {
    "Displays in the academy": "NO",
    "Websites": "YES",
    "Social media": "YES",
    "Print": "NO",
    "Press": None,
    "Video": "YES",
}
# What that means, by the policy: "Do you object …?" YES = I object → refused.
MEANT_OBJECTION = {
    "internal": Answer.CONSENT,
    "website": Answer.REFUSE,
    "social_media": Answer.REFUSE,
    "print": Answer.CONSENT,
    "press": Answer.UNANSWERED,
    "video": Answer.REFUSE,
}
# The same ticks on a form asking "Do you consent …?": YES = I consent.
MEANT_CONSENT = {
    "internal": Answer.REFUSE,
    "website": Answer.CONSENT,
    "social_media": Answer.CONSENT,
    "print": Answer.REFUSE,
    "press": Answer.UNANSWERED,
    "video": Answer.CONSENT,
}


@pytest.mark.parametrize(
    ("wording", "heads", "buttons", "meant"),
    [
        (
            Wording.OBJECTION,
            "YES I object NO I do not object",
            ("YES — Objects", "NO — Does not object"),
            MEANT_OBJECTION,
        ),
        (
            Wording.CONSENT,
            "YES I consent NO I do not consent",
            ("YES — Consents", "NO — Does not consent"),
            MEANT_CONSENT,
        ),
    ],
)
def test_a_printed_form_keyed_as_ticked_records_what_the_parent_meant(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    tmp_path: Path,
    wording: Wording,
    heads: str,
    buttons: tuple[str, str],
    meant: dict[str, Answer],
) -> None:
    upn = "U873210425387"  # Ivy Evans
    if wording is Wording.CONSENT:
        set_form_questions(
            oak_learners,
            CONSENT_QUESTIONS,
            "coo",
            dict.fromkeys(CONSENT_QUESTIONS, Wording.CONSENT),
        )
    # the form the trust prints for her
    pdf = tmp_path / "form.pdf"
    build_forms(
        oak_learners,
        "OAK",
        YEAR,
        SheetScope("learners", learner_ids=(_learner(oak_learners, upn),), title="Ivy"),
        pdf,
    )
    [page] = pdf_pages(pdf)
    assert heads in page  # the form's two columns, left to right, and what each means
    printed = sorted(TICKED, key=page.index)  # the lines in the order the form prints them

    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("ivy evans", Qt.Key.Key_Return)
    # the screen shows the form's lines in the form's order, with the form's columns and words
    assert [d.grid.labels[k] for k in d.grid.keys] == printed
    for row in d.grid._buttons:
        assert tuple(b.text() for b in row[:2]) == buttons
    assert "Y YES" in d.grid.help and "N NO" in d.grid.help
    shot(d, f"return-dialog-{wording.value}")
    # the office follows the form line by line: Y for a YES tick, N for NO, Space for nothing
    for label in printed:
        keys.press({"YES": "y", "NO": "n", None: " "}[TICKED[label]])
    assert QApplication.focusWidget() is d.limitation
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return)
    assert _answers(oak_learners, upn) == meant
    refused = [d.labels[k] for k in PURPOSES if meant[k] is Answer.REFUSE]
    assert (
        f"Saved for Ivy Evans: objects to {', '.join(refused)}; no answer for Press; "
        "consents to the rest"
    ) in d.feedback.text()
    shot(d, f"return-dialog-{wording.value}-saved")


@pytest.mark.parametrize(
    ("wording", "shift_y", "shift_n"),
    [
        (Wording.OBJECTION, Status.NO_IMAGES, Status.NO_RESTRICTION),
        (Wording.CONSENT, Status.NO_RESTRICTION, Status.NO_IMAGES),
    ],
)
def test_the_every_line_keys_tick_the_forms_column_and_say_what_it_records(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    wording: Wording,
    shift_y: Status,
    shift_n: Status,
) -> None:
    if wording is Wording.CONSENT:
        set_form_questions(
            oak_learners,
            CONSENT_QUESTIONS,
            "coo",
            dict.fromkeys(CONSENT_QUESTIONS, Wording.CONSENT),
        )
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    said = {
        Status.NO_IMAGES: "objects to every use",
        Status.NO_RESTRICTION: "consents to every use",
    }
    # the help says, in words, what each every-line key records
    assert f"Shift+Y YES on every line = {said[shift_y]}" in d.grid.help
    assert f"Shift+N NO on every line = {said[shift_n]}" in d.grid.help
    keys = Keyboard(qtbot)
    for upn, letter, status in (("E873210425386", "y", shift_y), ("H873210425388", "n", shift_n)):
        row = next(r for r in learner_statuses(oak_learners, "OAK", YEAR) if r.upn == upn)
        keys.press(f"{row.forename} {row.surname}")
        keys.count = 0
        keys.press(Qt.Key.Key_Return)
        keys.press(letter, shift=True)
        with qtbot.waitSignal(d.saved, timeout=10000):
            keys.press(Qt.Key.Key_Return)
        assert keys.count == 3  # an every-line form is three keystrokes after the name
        assert _status(oak_learners, upn)[0] is status
        assert said[status] in d.feedback.text()


def test_a_and_o_record_nothing_and_say_which_keys_to_use(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    """A and O once meant "all consent" and "objects to all"; a hand used to them must not
    record a meaning the form does not show."""
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("ivy evans", Qt.Key.Key_Return, "a", "o")
    assert not d.grid.touched
    assert set(d.grid.answers.values()) == {Answer.UNANSWERED}
    assert "Nothing recorded" in d.feedback.text() and "Y for YES" in d.feedback.text()


def test_yes_no_per_line_with_a_limitation(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("ivy evans")
    # policy wording: internal NO, website YES (objects), social media YES, print NO,
    # press YES, video NO → limitation → Enter
    keys.press(Qt.Key.Key_Return, "nyynyn")
    assert QApplication.focusWidget() is d.limitation
    keys.press("group photos only")
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return)
    status, refused, limitation = _status(oak_learners, "U873210425387")
    assert status is Status.RESTRICTED
    assert set(refused) == {"website", "social_media", "press"}
    assert limitation == "group photos only"
    assert (
        "Saved for Ivy Evans: objects to Websites, Social media, Press only; limitation "
        "“group photos only”"
    ) in d.feedback.text()
    # ready for the next form of the pile
    assert QApplication.focusWidget() is d.picker.edit


def test_the_saved_line_says_what_was_recorded(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("frankie brown", Qt.Key.Key_Return, "nynnnn")
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return)
    assert "✔ Saved for Frankie Brown: objects to Websites only." in d.feedback.text()
    assert _status(oak_learners, "H873210425388")[:2] == (Status.RESTRICTED, ("website",))


# --- Enter, Change learner, Escape -------------------------------------------------------------


def test_enter_saves_after_change_learner_with_the_answers_kept(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("ivy evans", Qt.Key.Key_Return, "y", "y", "y", "y", "y", "n")
    keys.press("first name only")
    # the wrong learner was picked: Change learner
    qtbot.mouseClick(d.change, Qt.MouseButton.LeftButton)
    assert d.learner_id is None and QApplication.focusWidget() is d.picker.edit
    assert "answers keyed stay" in d.feedback.text()
    # Enter with no learner chosen, wherever the focus is: said, nothing saved
    d.limitation.setFocus()
    keys.press(Qt.Key.Key_Return)
    assert "Choose the learner first" in d.feedback.text()
    d.picker.edit.setFocus()
    keys.press("frankie brown", Qt.Key.Key_Return)
    assert d.learner_id == _learner(oak_learners, "H873210425388")
    assert d.grid.answers["video"] is Answer.CONSENT and d.limitation.text() == "first name only"
    d.notes.setFocus()  # Enter saves from any field
    with qtbot.waitSignal(d.saved, timeout=10000):
        keys.press(Qt.Key.Key_Return)
    assert _status(oak_learners, "H873210425388") == (
        Status.RESTRICTED,
        ("internal", "website", "social_media", "print", "press"),
        "first name only",
    )
    assert _status(oak_learners, "U873210425387")[0] is Status.NOT_RETURNED
    assert "Saved for Frankie Brown" in d.feedback.text()


def test_escape_asks_before_throwing_keyed_answers_away(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    answer = [False]

    def confirm(parent: object, text: str, title: str | None = None, **kw: str) -> bool:
        asked.append(f"{text} {kw.get('details', '')}")
        return answer[0]

    monkeypatch.setattr(return_dialog, "confirm", confirm)
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    keys = Keyboard(qtbot)
    keys.press("ivy evans", Qt.Key.Key_Return, "y")
    keys.press(Qt.Key.Key_Escape)
    assert asked == [
        "Close without saving the answers keyed for Ivy Evans? Keyed: objects to "
        "Displays in the academy; no answer for Websites, Social media, Print, "
        "Press, Video. They are not saved until you press Enter or Save."
    ]
    assert d.isVisible() and d.grid.answers["internal"] is Answer.REFUSE  # kept
    answer[0] = True
    keys.press(Qt.Key.Key_Escape)
    assert not d.isVisible() and len(asked) == 2
    assert _status(oak_learners, "U873210425387")[0] is Status.NOT_RETURNED


def test_escape_with_nothing_keyed_closes_at_once(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(return_dialog, "confirm", lambda *a, **k: pytest.fail("asked"))
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    Keyboard(qtbot).press("ivy evans", Qt.Key.Key_Return, Qt.Key.Key_Escape)
    assert not d.isVisible()


def test_enter_without_a_learner_saves_nothing(
    qtbot: QtBot,
    oak_learners: Database,
    remember_scope: Callable[[str], None],
    open_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
) -> None:
    d = _open(oak_learners, remember_scope, open_window, dialogs)
    d.save()
    assert "Choose the learner" in d.feedback.text()
    assert all(r.returns == 0 for r in learner_statuses(oak_learners, "OAK", YEAR))


def test_logging_out_closes_the_dialog_without_asking(
    qtbot: QtBot,
    accounts: Database,
    remember_scope: Callable[..., None],
    login_window: Callable[..., MainWindow],
    dialogs: DialogCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing of a learner may stay on screen after the person has logged out."""
    monkeypatch.setattr(return_dialog, "confirm", lambda *a, **k: pytest.fail("asked"))
    remember_scope("OAK", YEAR)
    w = login_window(accounts, "oak.office")
    d = _dialog(dialogs, w)
    Keyboard(qtbot).press("ivy evans", Qt.Key.Key_Return, "y")
    w.actions_.log_out.trigger()
    assert not d.isVisible()
