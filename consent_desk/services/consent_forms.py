"""Pre-filled consent forms: the question wording per purpose (a trust setting), and printing
the forms for an academy, a year group, a registration group or chosen learners."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Purpose
from consent_desk.domain.consent_forms import (
    FormQuestion,
    Wording,
    default_question,
    format_code,
    wording_conflict,
)
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.outputs.common import Target
from consent_desk.private_files import private_output
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import NotFound, ServiceError
from consent_desk.services.listing import check_scope, context_in, logo_of, sheet_groups
from consent_desk.services.trust import academy_by_code, academy_info_of, require_trust

MAX_QUESTION = 600


def questions_in(session: Session) -> list[FormQuestion]:
    """Each active purpose as the form asks it (and the entry screen keys it), in order."""
    rows = session.scalars(select(Purpose).where(Purpose.active).order_by(Purpose.position))
    return [
        FormQuestion(
            key=p.key,
            label=p.label,
            question=p.form_question or default_question(p.description),
            custom=bool(p.form_question),
            wording=_wording(p),
        )
        for p in rows
    ]


def _wording(p: Purpose) -> Wording:
    """The policy's wording is an objection; the trust's own says which it is."""
    if p.form_question and p.form_wording:
        return Wording(p.form_wording)
    return Wording.OBJECTION


def form_questions(db: Database) -> list[FormQuestion]:
    """Each active purpose as the form asks it, in the trust's order."""
    with db.session() as s:
        require_trust(s)
        access.require(s, Action.VIEW)
        return questions_in(s)


def policy_questions(db: Database) -> dict[str, str]:
    """Each active purpose's question in the policy's wording (what "reset" goes back to)."""
    with db.session() as s:
        require_trust(s)
        access.require(s, Action.VIEW)
        rows = s.scalars(select(Purpose).where(Purpose.active).order_by(Purpose.position))
        return {p.key: default_question(p.description) for p in rows}


def set_form_questions(
    db: Database,
    questions: Mapping[str, str | None],
    user: str | None = None,
    wordings: Mapping[str, Wording] | None = None,
) -> list[FormQuestion]:
    """Change the wording of purposes' questions; a blank or None goes back to the policy's
    wording (an objection). ``wordings`` says what a trust's own question asks, and so what
    its YES box means (unchanged when not given; an objection for a new question). A question
    whose words ask the other thing is refused. Needs the right to change settings; every
    change is in the audit log."""
    with db.session() as s:
        require_trust(s)
        user = access.acting_name(access.require(s, Action.CHANGE_SETTINGS), user)
        rows = {p.key: p for p in s.scalars(select(Purpose))}
        before: dict[str, dict[str, str | None]] = {}
        after: dict[str, dict[str, str | None]] = {}
        wordings = wordings or {}
        for key in set(questions) | set(wordings):
            if key not in rows:
                raise ServiceError(f"there is no purpose '{key}'")
            p = rows[key]
            text = questions.get(key, p.form_question)
            clean = " ".join((text or "").split()) or None
            if clean and len(clean) > MAX_QUESTION:
                raise ServiceError(
                    f"the question for '{rows[key].label}' is too long for the form: "
                    f"keep it under {MAX_QUESTION} characters"
                )
            wording = Wording(wordings.get(key) or p.form_wording or Wording.OBJECTION)
            if clean == default_question(p.description) and wording is Wording.OBJECTION:
                clean = None  # the policy's wording: keep following it if descriptions change
            if clean is None:
                wording = Wording.OBJECTION
            elif why := wording_conflict(clean, wording):
                raise ServiceError(
                    f"the question for '{p.label}' cannot be printed that way: {why}"
                )
            stored = wording.value if clean else None
            if (p.form_question, p.form_wording) != (clean, stored):
                before[key] = {"question": p.form_question, "wording": p.form_wording}
                after[key] = {"question": clean, "wording": stored}
                p.form_question, p.form_wording = clean, stored
        if after:
            audit.record(s, user, "update", "form_questions", None, before=before, after=after)
        return questions_in(s)


@dataclass(frozen=True)
class FormStats:
    pages: int
    learners: int


def build_forms(
    db: Database, academy: str, year: str, scope: SheetScope, target: Target
) -> FormStats:
    """Write one pre-filled consent form per learner on roll in ``scope`` (by registration
    group, then surname) to ``target`` (a PDF path or binary file). Needs the right to print."""
    from consent_desk.outputs.common import by_surname
    from consent_desk.outputs.consent_form import build_consent_forms
    from consent_desk.services.consent import academy_rows

    label = AcademicYear.parse(year).label
    with db.session() as s:  # one transaction, one permission check
        a = academy_by_code(s, academy)
        access.require(s, Action.PRINT, a.id)
        ctx, settings = context_in(s, label)
        rows = academy_rows(s, a, label)
        check_scope(rows, scope, academy)
        learners = [r for _, group in sheet_groups(rows, scope) for r in by_surname(group)]
        if not learners:
            raise NotFound(f"there is nobody on roll at {academy.upper()} to print forms for")
        start = AcademicYear.parse(label).start_year
        codes = {r.learner_id: format_code(a.code, start, r.learner_id) for r in learners}
        questions = questions_in(s)
        with private_output(target):
            pages = build_consent_forms(
                target,
                ctx,
                academy_info_of(a),
                [(r, codes[r.learner_id]) for r in learners],
                questions,
                logo_path=logo_of(settings),
            )
        return FormStats(pages=pages, learners=len(learners))
