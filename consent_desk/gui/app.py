"""Starting the desktop app."""

from __future__ import annotations

import sys

from consent_desk import APP_NAME


def run_app(database: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

    from consent_desk.db.engine import Database, describe
    from consent_desk.gui.main_window import MainWindow
    from consent_desk.migrations import is_initialised
    from consent_desk.services.errors import ServiceError
    from consent_desk.services.trust import init_trust

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("ConsentDesk")
    try:
        db = Database(database)
        if not is_initialised(db.engine):
            name, ok = QInputDialog.getText(
                None, APP_NAME, "Welcome to Consent Desk.\n\nWhat is your trust called?"
            )
            if not ok or not name.strip():
                return 0
            init_trust(db, name)
        else:
            init_trust(db, "")  # apply any migrations
        window = MainWindow(db)
    except (ServiceError, Exception) as exc:
        QMessageBox.critical(None, APP_NAME, f"Consent Desk cannot open its database "
                             f"({describe(database or '') if database else 'default'}):\n\n{exc}")
        return 1
    window.show()
    return int(app.exec())
