"""The main window's publishing commands: "Can I use this photo?", the take-down banner and
list, and asking staff to confirm the restriction list (policy 10.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from consent_desk.gui.context import Changes, WindowContext
from consent_desk.gui.roles import actor, may
from consent_desk.gui.tasks import ProgressFn, run_task

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.gui.list_confirm import ConfirmListBanner, ConfirmListDialog
    from consent_desk.gui.publications_dialog import ConfirmationsDialog, PublicationsDialog
    from consent_desk.gui.publish_dialog import PublishCheckDialog
    from consent_desk.gui.takedowns import TakedownBanner, TakedownsDialog
    from consent_desk.services.acknowledgements import ListState
    from consent_desk.services.takedowns import OpenTakedown


class PublishingCommands(QObject):
    """One method per user command; given the context and the two banners it keeps up to
    date (they refresh when the scope, the people or what was published change)."""

    loaded = Signal()  # the take-down and confirm-the-list banners are up to date

    def __init__(
        self,
        ctx: WindowContext,
        takedown_banner: TakedownBanner,
        confirm_banner: ConfirmListBanner,
    ) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.takedown_banner, self.confirm_banner = takedown_banner, confirm_banner
        self.takedown_items: list[OpenTakedown] = []
        self.list_state: ListState | None = None
        self._publishing_generation = 0
        self.publish_dialog: PublishCheckDialog | None = None
        self.publications_dialog: PublicationsDialog | None = None
        self.confirmations_dialog: ConfirmationsDialog | None = None
        self.takedowns_dialog: TakedownsDialog | None = None
        self.confirm_dialog: ConfirmListDialog | None = None
        takedown_banner.show_requested.connect(self.show_takedowns)
        confirm_banner.show_requested.connect(self.confirm_list)
        ctx.scope_changed.connect(self.refresh_publishing)
        ctx.data_changed.connect(self._data_changed)
        ctx.forget.connect(self.forget_publishing)

    def _data_changed(self, changes: Changes) -> None:
        if changes.any("learners", "returns", "publications"):
            self.refresh_publishing()

    @property
    def db(self) -> Database | None:
        return self.ctx.db

    def check_photo(self) -> None:
        """Can I use this photo? Check its learners for a purpose, then record it."""
        from consent_desk.gui.publish_dialog import PublishCheckDialog

        prepared = self.ctx.prepared
        if self.db is None or not self.ctx.academy or not self.ctx.year or prepared is None:
            return
        dialog = PublishCheckDialog(
            self.db,
            self.ctx.academy,
            self.ctx.academy_name,
            self.ctx.year,
            prepared,
            self.ctx.purpose_labels,
            parent=self.ctx.window,
        )
        self.publish_dialog = dialog
        dialog.recorded.connect(self._recorded)
        dialog.exec()

    def _recorded(self, publication_id: int) -> None:
        self.ctx.say(f"Recorded as publication {publication_id}", 8000)
        self.ctx.changed(publications=True)

    def show_publications(self) -> None:
        """The register of what was published, searchable."""
        from consent_desk.gui.publications_dialog import PublicationsDialog

        if self.db is None or not self.ctx.academy or not self.ctx.year:
            return
        dialog = PublicationsDialog(
            self.db, self.ctx.academy, self.ctx.academy_name, self.ctx.year, parent=self.ctx.window
        )
        self.publications_dialog = dialog
        dialog.exec()

    def show_confirmations(self) -> None:
        """For the principal: who has confirmed the current restriction list, who has not."""
        from consent_desk.gui.errors import show_error
        from consent_desk.gui.publications_dialog import ConfirmationsDialog
        from consent_desk.services.acknowledgements import acknowledgements

        if self.db is None or not self.ctx.academy:
            return
        try:
            version, staff = acknowledgements(self.db, self.ctx.academy)
        except Exception as exc:
            show_error(self.ctx.window, exc, "Cannot read the confirmations")
            return
        dialog = ConfirmationsDialog(self.ctx.academy_name, version, staff, parent=self.ctx.window)
        self.confirmations_dialog = dialog
        dialog.exec()

    # the take-down list and the list to confirm -------------------------------------------
    def refresh_publishing(self) -> None:
        """The take-down list (office, principal, COO) and whether the person at the desk has
        confirmed the current restriction list — read on a worker."""
        from consent_desk.services.access import Action

        db, code = self.db, self.ctx.academy
        if db is None or not code:
            return
        self._publishing_generation += 1
        generation = self._publishing_generation
        wants_takedowns = may(Action.TAKE_DOWN)
        wants_state = actor() is not None  # a person with an account

        def read(_: ProgressFn) -> tuple[list[OpenTakedown], ListState | None]:
            from consent_desk.services.acknowledgements import list_state
            from consent_desk.services.takedowns import open_takedowns

            items = open_takedowns(db, code) if wants_takedowns else []
            state = list_state(db, code) if wants_state else None
            return items, state

        def shown(result: tuple[list[OpenTakedown], ListState | None]) -> None:
            if generation != self._publishing_generation:
                return
            self.takedown_items, self.list_state = result
            self.takedown_banner.set_items(self.takedown_items)
            self.confirm_banner.set_state(self.list_state)
            dialog = self.takedowns_dialog
            if dialog is not None and isValid(dialog) and dialog.isVisible():
                dialog.set_items(self.takedown_items)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            if generation != self._publishing_generation:
                return
            self.takedown_banner.set_items([])
            self.confirm_banner.set_state(None)
            self.ctx.say(f"Cannot read the take-down list: {describe_error(exc)}", 10000)
            self.loaded.emit()

        run_task(read, shown, failed, receiver=self)

    def forget_publishing(self) -> None:
        """Nothing of the last person's view stays on screen (logging out)."""
        self.takedown_items, self.list_state = [], None
        self.takedown_banner.set_items([])
        self.confirm_banner.set_state(None)

    def show_takedowns(self) -> None:
        from consent_desk.gui.takedowns import TakedownsDialog

        if self.db is None or not self.ctx.academy:
            return
        dialog = TakedownsDialog(self.ctx.academy_name, parent=self.ctx.window)
        dialog.set_items(self.takedown_items)
        dialog.done_requested.connect(self._takedown_done)
        self.takedowns_dialog = dialog
        self.refresh_publishing()
        dialog.exec()

    def _takedown_done(self, item: OpenTakedown, note: str) -> None:
        from consent_desk.gui.errors import show_error
        from consent_desk.services.takedowns import takedown_done

        assert self.db is not None
        try:
            takedown_done(self.db, item.publication_id, note, item.learner_id)
        except Exception as exc:
            show_error(self.ctx.window, exc, "Cannot mark it taken down")
            self.refresh_publishing()
        else:
            self.ctx.say(f"Marked “{item.title}” taken down for {item.name}", 8000)
            self.ctx.changed(publications=True)

    def confirm_list(self) -> None:
        """Read the restriction list (and what changed) and confirm it."""
        from consent_desk.gui.list_confirm import ConfirmListDialog

        state = self.list_state
        if self.db is None or state is None:
            return
        dialog = ConfirmListDialog(state, parent=self.ctx.window)
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
            show_error(self.ctx.window, exc, "Cannot confirm the list")
            self.refresh_publishing()
        else:
            self.ctx.say("Thank you: you have confirmed the restriction list", 8000)
            self.ctx.changed(publications=True)
