"""The trust-and-safety commands of the main window: users, the audit trail, backups and
restore, purging leavers — and the quiet automatic backup when the app starts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

from consent_desk.gui.context import WindowContext
from consent_desk.gui.errors import confirm, show_error, show_info
from consent_desk.gui.file_dialogs import FileKind, open_file, save_file
from consent_desk.gui.tasks import run_task

if TYPE_CHECKING:
    from consent_desk.db.engine import Database
    from consent_desk.services.retention import PurgePlan

POSTGRES_BACKUPS = (
    "This desk uses a PostgreSQL server, which is backed up on the server itself with pg_dump "
    "and restored with pg_restore — see the README, “Several offices, one PostgreSQL server”, "
    "the paragraph on backups. Ask whoever looks after the server."
)


def backup_date(path: Path) -> datetime:
    """When a backup file was made (its modification time: a copy keeps it)."""
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


class SafetyCommands(QObject):
    """One method per user command; given the context."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.backup_note: QLabel | None = None  # the status bar's note on today's backup
        self._daily_done: str | None = None
        # why today's automatic backup failed ("" once it worked; "…" while it has not run yet)
        self._backup_failure = "…"
        self._backup_note_follows = False  # the note is refreshed whenever the learners are shown

    @property
    def db(self) -> Database | None:
        return self.ctx.db

    # users and the audit trail ---------------------------------------------------------------
    def open_users(self) -> None:
        from consent_desk.gui.users_dialog import UsersDialog

        if self.db is None:
            return
        dialog = UsersDialog(self.db, parent=self.ctx.window)
        dialog.first_account.connect(lambda: self.ctx.changed(settings=True))  # all log in
        dialog.exec()

    def open_audit(self) -> None:
        from consent_desk.gui.audit_dialog import AuditDialog

        if self.db is not None:
            AuditDialog(self.db, parent=self.ctx.window).exec()

    # backups ---------------------------------------------------------------------------------
    def _sqlite_only(self) -> bool:
        if self.db is not None and not self.db.is_sqlite:
            show_info(self.ctx.window, POSTGRES_BACKUPS, "Backups")
            return False
        return self.db is not None

    def back_up_now(self) -> None:
        from consent_desk.private_files import private_dir
        from consent_desk.services.backup import backup_dir, backup_to

        if not self._sqlite_only():
            return
        db = self.db
        assert db is not None
        name = f"Consent Desk backup {datetime.now():%Y-%m-%d %H%M}.sqlite3"
        start = backup_dir()
        private_dir(start)
        path, _ = save_file(
            self.ctx.window,
            FileKind.BACKUPS,
            "Back up the database to",
            name,
            "SQLite backup (*.sqlite3)",
            first=start,
        )
        if not path:
            return
        target = Path(path)
        self.ctx.say("Backing up…")

        def done(written: Path) -> None:
            self.ctx.say(f"Backed up to {written}", 10000)
            self._backup_failure = ""
            self.refresh_backup_note()
            show_info(
                self.ctx.window,
                f"The whole database was copied to\n{written}\n\nKeep the "
                "copy somewhere safe: it holds children's personal data.",
                "Backed up",
            )

        def failed(exc: BaseException) -> None:
            self.ctx.clear_message()
            show_error(self.ctx.window, exc, "Not backed up", retry=self.back_up_now)

        run_task(lambda _: backup_to(db, target), done, failed, receiver=self)

    def restore_backup(self) -> None:
        from consent_desk.services.backup import backup_dir, restore_from

        if not self._sqlite_only():
            return
        db = self.db
        assert db is not None
        path = open_file(
            self.ctx.window,
            FileKind.BACKUPS,
            "Restore the database from a backup",
            "SQLite backup (*.sqlite3 *.db);;All files (*)",
            first=backup_dir(),
        )
        if not path:
            return
        source = Path(path)
        try:
            made = backup_date(source)
        except OSError as exc:
            show_error(self.ctx.window, exc, "Not restored")
            return
        when = f"{made:%A %d %B %Y at %H:%M}"
        if not confirm(
            self.ctx.window,
            f"Restore the backup made on {when}?",
            "Restore from backup",
            yes="Restore and replace",
            details=(
                f"File: {source.name}\n\nEverything entered since then — returns, "
                "flags, imports, users, settings — is replaced by what the backup "
                "holds, at every desk using this database.\n\nThe database as it "
                "is now is saved first, so this can be undone."
            ),
        ):
            return
        self.ctx.say("Restoring…")

        def done(saved: Path) -> None:
            self.ctx.say(f"Restored the backup of {when}", 15000)
            show_info(
                self.ctx.window,
                f"The database now holds the backup of {when}.\n\nWhat it "
                f"held before was saved as\n{saved}",
                "Restored",
            )
            self.ctx.changed(settings=True)  # a different database: everything is read again

        def failed(exc: BaseException) -> None:
            self.ctx.clear_message()
            show_error(self.ctx.window, exc, "Not restored")

        run_task(lambda _: restore_from(db, source, confirm=True), done, failed, receiver=self)

    def start_daily_backup(self) -> None:
        """Today's automatic backup (SQLite only), quietly; then a note in the status bar
        that says when this database was last backed up and what changed since."""
        from consent_desk.services.backup import daily_backup

        db = self.db
        if db is None or not db.is_sqlite or self._daily_done == db.url:
            return
        self._daily_done = db.url
        if not self._backup_note_follows:  # every change reloads the table
            self._backup_note_follows = True
            self.ctx.learners_shown.connect(self.refresh_backup_note)

        def done(_path: Path | None) -> None:
            self._backup_failure = ""
            self.refresh_backup_note()

        def failed(exc: BaseException) -> None:
            from consent_desk.gui.errors import describe_error

            self._backup_failure = f"Today's automatic backup failed: {describe_error(exc)}"
            self._backup_note("⚠ Automatic backup failed", self._backup_failure)

        run_task(lambda _: daily_backup(db), done, failed, receiver=self)

    def refresh_backup_note(self) -> None:
        """Say when this database was last backed up and how many changes came after."""
        from consent_desk.gui.backup_note import backup_note
        from consent_desk.services.backup import BackupStatus, backup_status

        db = self.db
        if db is None or not db.is_sqlite or self._backup_failure:
            return  # PostgreSQL is backed up on its server; a failure stays said

        def show(status: BackupStatus) -> None:
            if self.db is db and not self._backup_failure:
                self._backup_note(*backup_note(status))

        run_task(lambda _: backup_status(db), show, lambda _exc: None, receiver=self)

    def _backup_note(self, text: str, tip: str) -> None:
        """A quiet note in the status bar (kept there, not a message that the next one
        replaces); the tooltip says where the copy is, or what went wrong."""
        note = self.backup_note
        if note is None:
            note = self.backup_note = QLabel()
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setAccessibleName("Backup")
            note.setContentsMargins(12, 0, 4, 0)  # apart from the labels beside it
            self.ctx.window.statusBar().addPermanentWidget(note)
        note.setText(text)
        note.setToolTip(tip)
        note.show()

    # retention -------------------------------------------------------------------------------
    def purge_leavers(self) -> None:
        from consent_desk.services.retention import purge_preview

        db = self.db
        if db is None:
            return
        self.ctx.say("Looking for leavers past the retention period…")
        run_task(
            lambda _: purge_preview(db),
            self._purge_previewed,
            lambda exc: self._purge_failed(exc),
            receiver=self,
        )

    def _purge_previewed(self, plan: PurgePlan) -> None:
        from consent_desk.services.retention import purge_leavers

        self.ctx.clear_message()
        years = f"{plan.retention_years} year{'s' if plan.retention_years != 1 else ''}"
        if not plan.learners:
            show_info(
                self.ctx.window,
                f"Nothing to purge: {plan.describe()}.\n\nThe trust keeps "
                f"leavers' data for {years} (Settings → Trust).",
                "Purge leavers",
            )
            return
        leavers = f"{plan.learners} leaver{'s' if plan.learners != 1 else ''}"
        if not confirm(
            self.ctx.window,
            f"Delete the data of {leavers} for good?",
            "Purge leavers",
            yes=f"Purge {leavers}",
            details=(
                f"The trust keeps leavers' data for {years}. Purging deletes "
                f"{plan.describe()}.\n\nThe audit trail records how many were "
                "purged, not who. Make a backup first if you are unsure."
            ),
        ):
            return
        db = self.db
        assert db is not None

        def done(result: PurgePlan) -> None:
            self.ctx.say(f"Purged {result.learners} leavers", 10000)
            show_info(self.ctx.window, f"Purged {result.describe()}.", "Purge leavers")
            self.ctx.changed(learners=True, returns=True, review=True, publications=True)

        run_task(lambda _: purge_leavers(db, confirm=True), done, self._purge_failed, receiver=self)

    def _purge_failed(self, exc: BaseException) -> None:
        self.ctx.clear_message()
        show_error(self.ctx.window, exc, "Nothing purged")
