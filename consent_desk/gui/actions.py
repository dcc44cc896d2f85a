"""The main window's actions: menus, toolbar and keyboard shortcuts, in one place. Each action
is made with the permission it needs next to it (``needs=``); what the person at the desk may
not do is disabled, with a tooltip saying why, whenever the person or the year changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from consent_desk.gui.context import WindowContext
from consent_desk.gui.guide import help_keys, open_guide
from consent_desk.gui.roles import Gate, past_year_reason

if TYPE_CHECKING:
    from consent_desk.gui.commands import Commands
    from consent_desk.gui.learner_panel import LearnerPanel
    from consent_desk.gui.publish_commands import PublishingCommands
    from consent_desk.gui.safety_commands import SafetyCommands
    from consent_desk.gui.session import Session


@dataclass(frozen=True)
class Needs:
    """The permission an action needs: the name of a ``services.access.Action`` (named, not
    imported, so that building the window loads no services); ``this_year``: it changes data,
    so an earlier academic year is read-only for it (except for the COO)."""

    action: str
    this_year: bool = False


class WindowActions:
    """Builds every QAction of the main window, its menu bar and its toolbar."""

    def __init__(
        self,
        ctx: WindowContext,
        commands: Commands,
        safety: SafetyCommands,
        publishing: PublishingCommands,
        session: Session,
        panel: LearnerPanel,
        *,
        find: Callable[[], object],
        refresh: Callable[[], object],
        show_tab: Callable[[int], object],
    ) -> None:
        self.ctx = ctx
        self.gate = Gate()
        self.permissions: dict[QAction, Needs] = {}
        window = ctx.window
        c, s, p = commands, safety, publishing

        def act(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            tip: str = "",
            *,
            needs: Needs | None = None,
            needs_db: bool = True,
        ) -> QAction:
            a = QAction(text, window)
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
            if needs is not None:
                self.permissions[a] = needs
            return a

        self._db_actions: list[QAction] = []
        self.enter_return = act(
            "&Enter a paper return…",
            c.enter_return,
            "Ctrl+N",
            "Type in a paper form: find the learner, Y/N per use, Enter saves",
            needs=Needs("ENTER_RETURNS", this_year=True),
        )
        self.import_returns = act(
            "Import &returns…",
            c.import_returns,
            "Ctrl+I",
            "Import a spreadsheet of returns (Microsoft/Google Forms, typed-up paper forms)",
            needs=Needs("ENTER_RETURNS", this_year=True),
        )
        self.import_learners = act(
            "Import &learner list…",
            c.import_learners,
            "Ctrl+Shift+I",
            "Import the learner list exported from the MIS (SIMS, Arbor, Bromcom…)",
            needs=Needs("EDIT_LEARNERS"),
        )
        self.print_sheet = act(
            "&Print restricted-learner sheet…",
            c.print_sheet,
            QKeySequence.StandardKey.Print,
            "Print or save the photo-free sheet of learners who must not be photographed",
            needs=Needs("PRINT"),
        )
        self.print_forms = act(
            "Print consent &forms…",
            c.print_forms,
            "Ctrl+Shift+P",
            "Pre-filled consent forms, one per learner, with a code to scan when they come back",
            needs=Needs("PRINT"),
        )
        self.export_list = act(
            "Export the Principal's &list…",
            c.export_principal_list,
            "Ctrl+E",
            "The academy's restriction list as a spreadsheet or PDF",
            needs=Needs("PRINT"),
        )
        self.export_summary = act(
            "Export the trust &summary…",
            c.export_summary,
            "Ctrl+Shift+E",
            "The COO's summary of every academy, as a spreadsheet or PDF",
            needs=Needs("PRINT"),
        )
        self.export_chase = act(
            "Export the &chase list…",
            c.export_chase_list,
            "Ctrl+Shift+C",
            "Outstanding returns by registration group, for a mail merge",
            needs=Needs("PRINT"),
        )
        self.undo_import = act(
            "Import &history…",
            c.import_history,
            None,
            "Every import of this academy, with the option to undo one",
        )
        self.settings = act(
            "&Settings…",
            c.open_settings,
            QKeySequence.StandardKey.Preferences,
            "Trust name and logo, purposes, non-return policy, database",
        )
        if self.settings.shortcut().isEmpty():
            self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.users = act(
            "&Users…",
            s.open_users,
            None,
            "Accounts: who may log in, their role and academies",
            needs=Needs("MANAGE_USERS"),
        )
        self.audit = act(
            "&Audit trail…",
            s.open_audit,
            None,
            "Every change: who, when, before and after",
            needs=Needs("VIEW_AUDIT"),
        )
        self.backup_now = act(
            "&Back up now…",
            s.back_up_now,
            None,
            "Copy the whole database to a file you choose",
            needs=Needs("BACKUP"),
        )
        self.restore = act(
            "Restore from bac&kup…",
            s.restore_backup,
            None,
            "Replace the database with a backup (asks first)",
            needs=Needs("BACKUP"),
        )
        self.purge = act(
            "Purge &leavers…",
            s.purge_leavers,
            None,
            "Delete learners who left longer ago than the retention period",
            needs=Needs("PURGE"),
        )
        self.check_photo = act(
            "Can I use this p&hoto?…",
            p.check_photo,
            "Ctrl+U",
            "Check the learners in a photo or video for a use, then record it as published",
            needs=Needs("CHECK_PUBLICATION"),
        )
        self.takedowns = act(
            "Take-&down list…",
            p.show_takedowns,
            None,
            "Published items showing a learner who may no longer appear",
            needs=Needs("TAKE_DOWN"),
        )
        self.publications = act(
            "Publications re&gister…",
            p.show_publications,
            None,
            "What was published this year, with its learners: searchable",
        )
        self.confirmations = act(
            "Who has confirmed the restriction list…",
            p.show_confirmations,
            None,
            "Staff who have, and have not, confirmed the current list (policy 10.3)",
            needs=Needs("SEE_ACKNOWLEDGEMENTS"),
        )
        self.stale = act(
            "Sheets that &need reprinting…",
            c.show_stale_sheets,
            None,
            "Printed sheets that no longer show what is true",
        )
        self.log_out = act(
            "Log &out", session.log_out, None, "Log out and cover the window until someone logs in"
        )
        self.switch_user = act(
            "S&witch user…", session.switch_user, None, "Someone else logs in at this desk"
        )
        self.lock_now = act(
            "Loc&k now",
            session.lock.lock_now,
            "Ctrl+L",
            "Cover the window until you type your password",
        )
        self.quit = act("&Quit", window.close, QKeySequence.StandardKey.Quit, needs_db=False)
        self.find = act(
            "&Find a learner",
            find,
            QKeySequence.StandardKey.Find,
            "Jump to the search box",
        )
        self.refresh = act(
            "&Refresh",
            refresh,
            QKeySequence.StandardKey.Refresh,
            "Read the learners again (see changes made at other desks)",
        )
        if self.refresh.shortcut().isEmpty():
            self.refresh.setShortcut(QKeySequence("F5"))
        self.tab_actions = [
            act(text, partial(show_tab, i), f"Ctrl+{i + 1}", needs_db=False)
            for i, text in enumerate(("&Learners", "&Review queue", "&Dashboard"))
        ]
        self.guide = act(
            "&Guide",
            partial(open_guide, window, None),
            help_keys(),
            "What each status means, importing, typing in a form, printing, who may do what",
            needs_db=False,
        )
        self.about = act(f"&About {window.windowTitle()}", c.about, None, needs_db=False)
        ctx.people_changed.connect(self.apply_role)
        ctx.scope_changed.connect(self.apply_role)  # an earlier year is read-only

        mb = window.menuBar()
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
        learner_menu.addAction(panel.safeguarding_action)
        view_menu = mb.addMenu("&View")
        for a in self.tab_actions:
            view_menu.addAction(a)
        view_menu.addSeparator()
        panel_toggle = panel.toggleViewAction()
        panel_toggle.setText("Learner &panel")
        panel_toggle.setShortcut(QKeySequence("F9"))
        view_menu.addAction(panel_toggle)
        help_menu = mb.addMenu("&Help")
        help_menu.addAction(self.guide)
        help_menu.addAction(self.about)
        for menu in mb.findChildren(QMenu):  # a disabled action's tooltip says why
            menu.setToolTipsVisible(True)

        bar = QToolBar("Main toolbar", window)
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
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
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

    def apply_role(self) -> None:
        """Disable what the person may not do, with a tooltip saying why; the log-out, switch
        and lock actions are there only when people log in."""
        from consent_desk.services.access import Action

        for a in (self.log_out, self.switch_user, self.lock_now):
            a.setVisible(self.ctx.has_users)
            a.setEnabled(self.ctx.has_users)
        if self.ctx.db is None:
            return
        past = past_year_reason(self.ctx.year)
        for a, needs in self.permissions.items():
            self.gate.action(a, Action[needs.action], past if needs.this_year else "")
