"""The main window's publishing commands: "Can I use this photo?", the take-down banner and
list, and asking staff to confirm the restriction list (policy 10.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from consent_desk.gui.roles import actor, may
from consent_desk.gui.tasks import run_task

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStatusBar

    from consent_desk.db.engine import Database
    from consent_desk.gui.learners_tab import LearnersTab
    from consent_desk.gui.list_confirm import ConfirmListBanner
    from consent_desk.gui.takedowns import TakedownBanner


class PublishingCommands:
    """Mixed into :class:`MainWindow`."""

    db: Database | None
    learners: LearnersTab
    purpose_labels: dict[str, str]
    takedown_banner: TakedownBanner
    confirm_banner: ConfirmListBanner
    publishing_loaded: SignalInstance

    if TYPE_CHECKING:

        @property
        def academy(self) -> str | None: ...
        @property
        def year(self) -> str | None: ...
        def academy_name(self) -> str: ...
        def statusBar(self) -> QStatusBar: ...

    def _init_publishing(self) -> None:
        self.takedown_items: list[Any] = []
        self.list_state: Any = None
        self._publishing_generation = 0

    def check_photo(self) -> None:
        """Can I use this photo? Check its learners for a purpose, then record it."""
        from consent_desk.gui.publish_dialog import PublishCheckDialog

        if self.db is None or not self.academy or not self.year:
            return
        dialog = PublishCheckDialog(
            self.db,
            self.academy,
            self.academy_name(),
            self.year,
            self.learners.model.prepared,
            self.purpose_labels,
            parent=self._publishing_window(),
        )
        self.publish_dialog = dialog
        dialog.recorded.connect(
            lambda pid: self.statusBar().showMessage(f"Recorded as publication {pid}", 8000)
        )
        dialog.exec()

    def show_publications(self) -> None:
        """The register of what was published, searchable."""
        from consent_desk.gui.publications_dialog import PublicationsDialog

        if self.db is None or not self.academy or not self.year:
            return
        dialog = PublicationsDialog(
            self.db, self.academy, self.academy_name(), self.year, parent=self._publishing_window()
        )
        self.publications_dialog = dialog
        dialog.exec()

    def show_confirmations(self) -> None:
        """For the principal: who has confirmed the current restriction list, who has not."""
        from consent_desk.gui.errors import show_error
        from consent_desk.gui.publications_dialog import ConfirmationsDialog
        from consent_desk.services.acknowledgements import acknowledgements

        if self.db is None or not self.academy:
            return
        try:
            version, staff = acknowledgements(self.db, self.academy)
        except Exception as exc:
            show_error(self._publishing_window(), exc, "Cannot read the confirmations")
            return
        dialog = ConfirmationsDialog(
            self.academy_name(), version, staff, parent=self._publishing_window()
        )
        self.confirmations_dialog = dialog
        dialog.exec()

    # the take-down list and the list to confirm -------------------------------------------
    def refresh_publishing(self) -> None:
        """The take-down list (office, principal, COO) and whether the person at the desk has
        confirmed the current restriction list — read on a worker."""
        from consent_desk.services.access import Action

        db, code = self.db, self.academy
        if db is None or not code:
            return
        self._publishing_generation += 1
        generation = self._publishing_generation
        wants_takedowns = may(Action.TAKE_DOWN)
        wants_state = actor() is not None  # a person with an account

        def read(_: Any) -> Any:
            from consent_desk.services.acknowledgements import list_state
            from consent_desk.services.takedowns import open_takedowns

            items = open_takedowns(db, code) if wants_takedowns else []
            state = list_state(db, code) if wants_state else None
            return items, state

        def shown(result: tuple[list[Any], Any]) -> None:
            if generation != self._publishing_generation:
                return
            self.takedown_items, self.list_state = result
            self.takedown_banner.set_items(self.takedown_items)
            self.confirm_banner.set_state(self.list_state)
            dialog = getattr(self, "takedowns_dialog", None)
            if dialog is not None and isValid(dialog) and dialog.isVisible():
                dialog.set_items(self.takedown_items)
            self.publishing_loaded.emit()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation != self._publishing_generation:
                return
            self.takedown_banner.set_items([])
            self.confirm_banner.set_state(None)
            self.statusBar().showMessage(
                f"Cannot read the take-down list: {describe_error(exc)}", 10000
            )
            self.publishing_loaded.emit()

        run_task(read, shown, failed, receiver=self._publishing_window())

    def forget_publishing(self) -> None:
        """Nothing of the last person's view stays on screen (logging out)."""
        self.takedown_items, self.list_state = [], None
        self.takedown_banner.set_items([])
        self.confirm_banner.set_state(None)

    def show_takedowns(self) -> None:
        from consent_desk.gui.takedowns import TakedownsDialog

        if self.db is None or not self.academy:
            return
        dialog = TakedownsDialog(self.academy_name(), parent=self._publishing_window())
        dialog.set_items(self.takedown_items)
        dialog.done_requested.connect(self._takedown_done)
        self.takedowns_dialog = dialog
        self.refresh_publishing()
        dialog.exec()

    def _takedown_done(self, item: Any, note: str) -> None:
        from consent_desk.gui.errors import show_error
        from consent_desk.services.takedowns import takedown_done

        assert self.db is not None
        try:
            takedown_done(self.db, item.publication_id, note, item.learner_id)
        except Exception as exc:
            show_error(self._publishing_window(), exc, "Cannot mark it taken down")
        else:
            self.statusBar().showMessage(f"Marked “{item.title}” taken down for {item.name}", 8000)
        self.refresh_publishing()

    def confirm_list(self) -> None:
        """Read the restriction list (and what changed) and confirm it."""
        from consent_desk.gui.list_confirm import ConfirmListDialog

        state = self.list_state
        if self.db is None or state is None:
            return
        dialog = ConfirmListDialog(state, parent=self._publishing_window())
        dialog.confirmed.connect(self._confirmed)
        self.confirm_dialog = dialog
        dialog.exec()

    def _confirmed(self, fingerprint: str) -> None:
        from consent_desk.gui.errors import show_error
        from consent_desk.services.acknowledgements import acknowledge

        assert self.db is not None and self.list_state is not None
        try:
            acknowledge(self.db, self.list_state.academy_code, self.list_state.year, fingerprint)
        except Exception as exc:
            show_error(self._publishing_window(), exc, "Cannot confirm the list")
        else:
            self.statusBar().showMessage("Thank you: you have confirmed the restriction list", 8000)
        self.refresh_publishing()

    def _publishing_window(self) -> Any:
        return self
