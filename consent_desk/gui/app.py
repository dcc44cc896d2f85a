"""Starting the desktop app: the window shows at once, the database opens behind it."""

from __future__ import annotations

import sys

from consent_desk import APP_NAME, __version__
from consent_desk.gui.desk_settings import DATABASE_KEY

ORGANISATION = "ConsentDesk"
# consent_desk.db.engine.ENV_DATABASE, spelt out: importing the engine (and SQLAlchemy) here would
# delay the first paint of the window by a quarter of a second.
ENV_DATABASE = "CONSENT_DESK_DATABASE"


def configure_application(app: object) -> None:
    """Names, icon and look shared by the app and the tests."""
    from PySide6.QtWidgets import QApplication

    from consent_desk.gui.theme import app_icon

    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("consent-desk")
    app.setWindowIcon(app_icon())
    from consent_desk.gui.plain_text import install_plain_tooltips

    install_plain_tooltips(app)  # no tooltip is ever read as markup


def chosen_database(database: str | None) -> str | None:
    """The command line's ``--database``, else $CONSENT_DESK_DATABASE, else this desk's setting
    (None: the default embedded database)."""
    import os

    from PySide6.QtCore import QSettings

    from consent_desk.db.passwords import has_password, store_password

    if database or os.environ.get(ENV_DATABASE):
        return database or os.environ.get(ENV_DATABASE)
    saved = QSettings().value(DATABASE_KEY)
    if saved and has_password(str(saved)):
        # Saved in clear by an earlier version: move the password to the keyring (or libpq's
        # password file) and keep the address alone.
        saved = store_password(str(saved)).url
        QSettings().setValue(DATABASE_KEY, saved)
    return str(saved) if saved else None


def run_app(database: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    # HiDPI: Qt 6 scales by the screen's factor (fractional, PassThrough) without being asked;
    # every size below is in device-independent pixels or font metrics.
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)
    from consent_desk.gui.errors import install_excepthook

    install_excepthook()  # an error nobody caught is a message, never a crash

    from consent_desk.gui.main_window import MainWindow

    window = MainWindow(database_url=chosen_database(database))
    window.start_after_first_paint()
    window.show()
    code = int(app.exec())
    from consent_desk.gui.tasks import wait_for_tasks

    wait_for_tasks(10000)
    return code
