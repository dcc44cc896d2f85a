"""What the main window's parts share: the database, the chosen academy and year, the trust's
purpose labels — and two signals, "the scope changed" and "the data changed".

The window owns one :class:`WindowContext` and hands it to its panels, screens, dialogs and
commands; none of them knows the window. A command that changed something says what with a
:class:`Changes` (``ctx.changed(returns=True)``), and each screen that shows that kind of data
refreshes itself (the idea of Anki's ``OpChanges``): nobody has to know who is on screen.

Nothing here imports the services, so building the window loads no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from consent_desk.db.engine import Database
    from consent_desk.domain.consent_forms import FormQuestion
    from consent_desk.gui.learner_model import PreparedRows


Kind = Literal["learners", "returns", "review", "sheets", "publications", "settings"]


@dataclass(frozen=True)
class Changes:
    """What a change touched; each screen refreshes when it shows one of these."""

    learners: bool = False  # learners added, edited, flagged, purged (the learner list)
    returns: bool = False  # returns entered, imported, voided, undone (statuses change)
    review: bool = False  # rows added to or decided in the review queue
    sheets: bool = False  # a restricted-learner sheet was printed or saved
    publications: bool = False  # published items, take-downs, confirmations of the list
    settings: bool = False  # trust, academies, purposes, accounts: everything is read again

    @classmethod
    def all_data(cls) -> Changes:
        """Everything the screens show, as after Refresh (F5); the settings are kept."""
        return cls(**{f.name: f.name != "settings" for f in fields(cls)})

    def any(self, *names: Kind) -> bool:
        """True when any of the named kinds changed (``changes.any("returns", "learners")``)."""
        return any(getattr(self, name) for name in names)


@dataclass(frozen=True)
class Academy:
    code: str
    name: str  # as the selector shows it: "Oakfield Primary Academy (OAK)"


class WindowContext(QObject):
    """The state every part of the main window reads, and the signals it listens to."""

    scope_changed = Signal()  # another academy or year was chosen (or read again)
    data_changed = Signal(object)  # Changes: something was changed, by this desk
    people_changed = Signal()  # someone logged in or out: what they may do changed
    forget = Signal()  # the person left the desk: show nothing of what they saw
    learners_shown = Signal()  # the table shows the learners as they now are (``prepared``)

    def __init__(self, window: QMainWindow, db: Database | None = None) -> None:
        super().__init__(window)
        self.window = window  # the parent of every dialog the parts open
        self.db: Database | None = db
        self.trust_name = ""
        self.purpose_labels: dict[str, str] = {}
        self.form_questions: list[FormQuestion] = []  # as the printed form asks them
        self.academies: list[Academy] = []
        self.academy: str | None = None
        self.academy_name = ""
        self.year: str | None = None
        self.prepared: PreparedRows | None = None  # the learners the table shows
        self.has_users = False  # accounts exist: everyone logs in

    def changed(self, **kinds: bool) -> None:
        """Say what a command changed: ``ctx.changed(returns=True, review=True)``."""
        self.data_changed.emit(Changes(**kinds))

    def say(self, text: str, ms: int = 8000) -> None:
        """A short message in the window's status bar."""
        self.window.statusBar().showMessage(text, ms)

    def clear_message(self) -> None:
        self.window.statusBar().clearMessage()
