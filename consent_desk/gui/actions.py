"""The main window's actions: menus, toolbar and keyboard shortcuts, in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from consent_desk.gui.guide import help_keys, open_guide

if TYPE_CHECKING:
    from consent_desk.gui.main_window import MainWindow


class WindowActions:
    """Builds every QAction of the main window, its menu bar and its toolbar."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w

        def act(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            tip: str = "",
            needs_db: bool = True,
        ) -> QAction:
            a = QAction(text, w)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            shown = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            a.setToolTip(
                f"{tip or text.rstrip('…').replace('&', '')}" + (f"  ({shown})" if shown else "")
            )
            a.setStatusTip(tip)
            a.triggered.connect(lambda _checked=False: slot())
            if needs_db:
                self._db_actions.append(a)
            return a

        self._db_actions: list[QAction] = []
        self.enter_return = act(
            "&Enter a paper return…",
            w.enter_return,
            "Ctrl+N",
            "Type in a paper form: find the learner, Y/N per use, Enter saves",
        )
        self.import_returns = act(
            "Import &returns…",
            w.import_returns,
            "Ctrl+I",
            "Import a spreadsheet of returns (Microsoft/Google Forms, typed-up paper forms)",
        )
        self.import_learners = act(
            "Import &learner list…",
            w.import_learners,
            "Ctrl+Shift+I",
            "Import the learner list exported from the MIS (SIMS, Arbor, Bromcom…)",
        )
        self.print_sheet = act(
            "&Print restricted-learner sheet…",
            w.print_sheet,
            QKeySequence.StandardKey.Print,
            "Print or save the photo-free sheet of learners who must not be photographed",
        )
        self.print_forms = act(
            "Print consent &forms…",
            w.print_forms,
            "Ctrl+Shift+P",
            "Pre-filled consent forms, one per learner, with a code to scan when they come back",
        )
        self.export_list = act(
            "Export the Principal's &list…",
            w.export_principal_list,
            "Ctrl+E",
            "The academy's restriction list as a spreadsheet or PDF",
        )
        self.export_summary = act(
            "Export the trust &summary…",
            w.export_summary,
            "Ctrl+Shift+E",
            "The COO's summary of every academy, as a spreadsheet or PDF",
        )
        self.export_chase = act(
            "Export the &chase list…",
            w.export_chase_list,
            "Ctrl+Shift+C",
            "Outstanding returns by registration group, for a mail merge",
        )
        self.undo_import = act(
            "Import &history…",
            w.import_history,
            None,
            "Every import of this academy, with the option to undo one",
        )
        self.settings = act(
            "&Settings…",
            w.open_settings,
            QKeySequence.StandardKey.Preferences,
            "Trust name and logo, purposes, non-return policy, database",
        )
        if self.settings.shortcut().isEmpty():
            self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.users = act(
            "&Users…", w.open_users, None, "Accounts: who may log in, their role and academies"
        )
        self.audit = act(
            "&Audit trail…", w.open_audit, None, "Every change: who, when, before and after"
        )
        self.backup_now = act(
            "&Back up now…", w.back_up_now, None, "Copy the whole database to a file you choose"
        )
        self.restore = act(
            "Restore from bac&kup…",
            w.restore_backup,
            None,
            "Replace the database with a backup (asks first)",
        )
        self.purge = act(
            "Purge &leavers…",
            w.purge_leavers,
            None,
            "Delete learners who left longer ago than the retention period",
        )
        self.check_photo = act(
            "Can I use this p&hoto?…",
            w.check_photo,
            "Ctrl+U",
            "Check the learners in a photo or video for a use, then record it as published",
        )
        self.takedowns = act(
            "Take-&down list…",
            w.show_takedowns,
            None,
            "Published items showing a learner who may no longer appear",
        )
        self.publications = act(
            "Publications re&gister…",
            w.show_publications,
            None,
            "What was published this year, with its learners: searchable",
        )
        self.confirmations = act(
            "Who has confirmed the restriction list…",
            w.show_confirmations,
            None,
            "Staff who have, and have not, confirmed the current list (policy 10.3)",
        )
        self.stale = act(
            "Sheets that &need reprinting…",
            w.show_stale_sheets,
            None,
            "Printed sheets that no longer show what is true",
        )
        self.log_out = act(
            "Log &out", w.log_out, None, "Log out and cover the window until someone logs in"
        )
        self.switch_user = act(
            "S&witch user…", w.switch_user, None, "Someone else logs in at this desk"
        )
        self.lock_now = act(
            "Loc&k now", w.lock.lock_now, "Ctrl+L", "Cover the window until you type your password"
        )
        self.quit = act("&Quit", w.close, QKeySequence.StandardKey.Quit, needs_db=False)
        self.find = act(
            "&Find a learner",
            w.focus_search,
            QKeySequence.StandardKey.Find,
            "Jump to the search box",
        )
        self.refresh = act(
            "&Refresh",
            w.reload,
            QKeySequence.StandardKey.Refresh,
            "Read the learners again (see changes made at other desks)",
        )
        if self.refresh.shortcut().isEmpty():
            self.refresh.setShortcut(QKeySequence("F5"))
        self.tab_actions = [
            act(text, partial(w.show_tab, i), f"Ctrl+{i + 1}", needs_db=False)
            for i, text in enumerate(("&Learners", "&Review queue", "&Dashboard"))
        ]
        self.guide = act(
            "&Guide",
            partial(open_guide, w, None),
            help_keys(),
            "What each status means, importing, typing in a form, printing, who may do what",
            needs_db=False,
        )
        self.about = act(f"&About {w.windowTitle()}", w.about, None, needs_db=False)

        mb = w.menuBar()
        file_menu = mb.addMenu("&File")
        for a in (self.import_learners, self.import_returns, self.undo_import):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (
            self.print_sheet,
            self.print_forms,
            self.stale,
            self.export_list,
            self.export_summary,
            self.export_chase,
        ):
            file_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.check_photo, self.publications, self.takedowns, self.confirmations):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.settings)
        trust_menu = file_menu.addMenu("&Trust and safety")
        for a in (self.users, self.audit):
            trust_menu.addAction(a)
        trust_menu.addSeparator()
        for a in (self.backup_now, self.restore, self.purge):
            trust_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.lock_now, self.switch_user, self.log_out):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        learner_menu = mb.addMenu("L&earners")
        for a in (self.enter_return, self.find, self.refresh):
            learner_menu.addAction(a)
        learner_menu.addSeparator()
        learner_menu.addAction(w.panel.safeguarding_action)
        view_menu = mb.addMenu("&View")
        for a in self.tab_actions:
            view_menu.addAction(a)
        view_menu.addSeparator()
        panel_toggle = w.panel.toggleViewAction()
        panel_toggle.setText("Learner &panel")
        panel_toggle.setShortcut(QKeySequence("F9"))
        view_menu.addAction(panel_toggle)
        help_menu = mb.addMenu("&Help")
        help_menu.addAction(self.guide)
        help_menu.addAction(self.about)
        for menu in mb.findChildren(QMenu):  # a disabled action's tooltip says why
            menu.setToolTipsVisible(True)

        bar = QToolBar("Main toolbar", w)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.enter_return, self.import_returns, self.import_learners):
            bar.addAction(a)
        bar.addSeparator()
        for a in (self.print_sheet, self.print_forms, self.export_list):
            bar.addAction(a)
        bar.addSeparator()
        bar.addAction(self.check_photo)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        short = {
            self.enter_return: "Enter return",
            self.import_returns: "Import returns",
            self.import_learners: "Import learners",
            self.print_sheet: "Print sheet",
            self.print_forms: "Print forms",
            self.export_list: "Export list",
            self.check_photo: "Can I use this photo?",
        }
        for a, text in short.items():
            a.setIconText(text)

    def set_enabled(self, enabled: bool) -> None:
        for a in self._db_actions:
            a.setEnabled(enabled)
