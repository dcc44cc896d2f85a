"""The database schema, in SQLAlchemy 2 typed declarative style.

The same schema serves SQLite and PostgreSQL. It is created and upgraded only by the Alembic
migrations in ``consent_desk/migrations``; a test checks the two never drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from consent_desk.domain import settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Trust(Base):
    """The one trust this database belongs to, with its settings."""

    __tablename__ = "trust"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The settings: their defaults and allowed values are declared in domain.settings.
    treat_non_returns_as_restricted: Mapped[bool] = mapped_column(
        Boolean, default=settings.TREAT_NON_RETURNS_AS_RESTRICTED.default
    )
    retention_years: Mapped[int] = mapped_column(Integer, default=settings.RETENTION_YEARS.default)
    inactivity_lock_minutes: Mapped[int] = mapped_column(
        Integer, default=settings.INACTIVITY_LOCK_MINUTES.default
    )
    backups_to_keep: Mapped[int] = mapped_column(
        Integer,
        default=settings.BACKUPS_TO_KEEP.default,
        server_default=str(settings.BACKUPS_TO_KEEP.default),
    )
    logo_path: Mapped[str | None] = mapped_column(String(settings.LOGO_PATH.max_length))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The COO chose, knowingly, a desk without user accounts (else the app asks for them).
    single_user_desk: Mapped[bool] = mapped_column(
        Boolean, default=settings.SINGLE_USER_DESK.default, server_default=false()
    )


class Academy(Base):
    __tablename__ = "academy"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    principal: Mapped[str | None] = mapped_column(String(200))
    phase: Mapped[str | None] = mapped_column(String(20))

    learners: Mapped[list[Learner]] = relationship(back_populates="academy")


class AcademicYearRow(Base):
    """An academic year the trust has worked in (1 September – 31 August), e.g. ``2025/26``."""

    __tablename__ = "academic_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(7), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class Purpose(Base):
    """A use of images parents answer for. Keys never change meaning; labels can."""

    __tablename__ = "purpose"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The question printed on consent forms; None means the policy's wording (see
    # ``consent_desk.domain.consent_forms.default_question``).
    form_question: Mapped[str | None] = mapped_column(Text)
    # What the trust's own question asks ("objection" or "consent"), and so what its YES box
    # means; None with the policy's wording (an objection). See ``domain.consent_forms``.
    form_wording: Mapped[str | None] = mapped_column(String(20))


# A learner's name: up to 200 characters (PostgreSQL holds it to that; SQLite holds text of any
# length, and its column stays as first made, VARCHAR(100), rather than rebuild the learner
# table under the foreign keys that point at it — see migration 0007).
NAME = String(200).with_variant(String(100), "sqlite")


class Learner(Base):
    __tablename__ = "learner"
    __table_args__ = (
        UniqueConstraint("academy_id", "adno", name="uq_learner_academy_adno"),
        Index("ix_learner_academy_roll", "academy_id", "on_roll"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    upn: Mapped[str | None] = mapped_column(String(13), unique=True)
    adno: Mapped[str | None] = mapped_column(String(20))
    legal_surname: Mapped[str] = mapped_column(NAME)
    legal_forename: Mapped[str] = mapped_column(NAME)
    preferred_surname: Mapped[str | None] = mapped_column(NAME)
    preferred_forename: Mapped[str | None] = mapped_column(NAME)
    dob: Mapped[date | None] = mapped_column(Date)
    year_group: Mapped[str | None] = mapped_column(String(20))
    reg_group: Mapped[str | None] = mapped_column(String(40))
    on_roll: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    # Safeguarding: "no images" whatever the returns say. The reason is for principal/DSL only.
    safeguarding_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    safeguarding_reason: Mapped[str | None] = mapped_column(Text)
    safeguarding_set_by: Mapped[str | None] = mapped_column(String(100))
    safeguarding_set_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Who changed the learner last, for the "changed by NAME at TIME — reload" refusal.
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    academy: Mapped[Academy] = relationship(back_populates="learners")

    __mapper_args__ = {"version_id_col": version}


class Respondent(Base):
    """A parent/carer (or the learner) who answers. ``key`` is ``email:…``, ``name:…`` or
    ``unknown respondent`` (see ``rules.respondent_key``)."""

    __tablename__ = "respondent"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "learners" | "returns"
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str | None] = mapped_column(String(7))
    file_name: Mapped[str] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(200))
    checksum: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(100))
    # A learner-list import: what to put back on undo (learner ids as strings, JSON keys):
    # {"added": [id], "changed": {id: {field: old}}, "rejoined": {id: left_on}, "left": [id]}
    undo: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ConsentReturn(Base):
    """One submission by one respondent for one learner and year. Never overwritten."""

    __tablename__ = "consent_return"
    __table_args__ = (
        # Also serves every "returns of this learner in this year" lookup (its leading columns).
        UniqueConstraint("learner_id", "year_label", "fingerprint", name="uq_return_fingerprint"),
        Index("ix_return_batch", "batch_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id"))
    relationship_to_learner: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(20))  # form | paper | email | phone | import
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    # {purpose key: "consent" | "refuse" | "unanswered"} — one row per return keeps imports fast.
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    limitation: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # A return entered in error is voided, never deleted: kept in the history, ignored by the
    # rules.
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    void_reason: Mapped[str | None] = mapped_column(Text)


class BatchReturn(Base):
    """A return that a later import also contained (it counted it as already there). The
    return belongs to its own batch (``ConsentReturn.batch_id``) and to each of these, so
    undoing one of them leaves it to the others."""

    __tablename__ = "batch_return"
    __table_args__ = (Index("ix_batch_return_return", "return_id"),)

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("consent_return.id"), primary_key=True)


class BatchReview(Base):
    """A review row that a later import also contained (the same row, waiting or decided)."""

    __tablename__ = "batch_review"

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), primary_key=True)
    review_item_id: Mapped[int] = mapped_column(ForeignKey("review_item.id"), primary_key=True)


class ReviewItem(Base):
    """An imported row that could not be matched to one learner for sure. Waits for a person."""

    __tablename__ = "review_item"
    __table_args__ = (Index("ix_review_academy_state", "academy_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    source_row: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the parsed return, to create it later
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open|resolved|dismissed
    resolved_learner_id: Mapped[int | None] = mapped_column(ForeignKey("learner.id"))
    return_id: Mapped[int | None] = mapped_column(ForeignKey("consent_return.id"))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismiss_reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_at", "at", "id"),  # newest first, a page at a time
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The learner the entry is about, named as they were when it was written (so the trail
    # still names them after a rename or removal; wiped when their data is purged), and the
    # academy the entry belongs to.
    learner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    learner_name: Mapped[str | None] = mapped_column(String(300))
    learner_group: Mapped[str | None] = mapped_column(String(40))
    academy_id: Mapped[int | None] = mapped_column(Integer)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # office | teacher | principal | coo
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Failed logins since the last good one: each makes the next attempt wait longer, and
    # enough of them lock the account until the COO unlocks it.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)


class UserAcademy(Base):
    """Which academies a (non-COO) user works in."""

    __tablename__ = "user_academy"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"), primary_key=True)


class SheetPrint(Base):
    """A restricted-learner sheet that was printed or saved, with a fingerprint of what it showed,
    so that a later change to its learners can say "reprint needed"."""

    __tablename__ = "sheet_print"
    __table_args__ = (Index("ix_sheet_print_academy_year", "academy_id", "year_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    scope_kind: Mapped[str] = mapped_column(String(20))  # academy|year_group|reg_group|learners
    # The year or registration group; for a hand-picked group, its title.
    scope_value: Mapped[str] = mapped_column(String(200), default="")
    learner_ids: Mapped[list[int] | None] = mapped_column(JSON)  # a hand-picked group only
    restricted_only: Mapped[bool] = mapped_column(Boolean)
    printed_at: Mapped[datetime] = mapped_column(DateTime)
    printed_by: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Per learner on the sheet: {learner id: [status, short hash of their line]}, to say what
    # changed. Never a name or a reason.
    entries: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    file_name: Mapped[str | None] = mapped_column(String(500))


class PublicationCheck(Base):
    """A "can I use this photo?" check was made (counted in the COO summary). No image, no
    names: who checked, for which purpose, how many learners and how many may not appear."""

    __tablename__ = "publication_check"
    __table_args__ = (Index("ix_publication_check_academy_year", "academy_id", "year_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    purpose: Mapped[str] = mapped_column(String(40))
    checked_at: Mapped[datetime] = mapped_column(DateTime)
    checked_by: Mapped[str] = mapped_column(String(100))
    learners: Mapped[int] = mapped_column(Integer)
    not_ok: Mapped[int] = mapped_column(Integer)


class Publication(Base):
    """A photo or video that was published after a check: what, when, where, for which purpose,
    who checked it, and its learners. Never the image."""

    __tablename__ = "publication"
    __table_args__ = (Index("ix_publication_academy_year", "academy_id", "year_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    purpose: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(500))  # a page address, "spring newsletter"
    checked_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class PublicationLearner(Base):
    """A learner in a publication, with the verdict they had when it was recorded. The learner
    id has no foreign key on purpose: purging a leaver keeps the publication (showing "a learner
    no longer in the records")."""

    __tablename__ = "publication_learner"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), primary_key=True)
    learner_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict: Mapped[str] = mapped_column(String(20))  # ok | check_limitation
    reason: Mapped[str] = mapped_column(Text)


class Takedown(Base):
    """A learner's image in a publication was taken down: who, when, a note, and what had
    changed. Once done it stays closed."""

    __tablename__ = "takedown"
    __table_args__ = (
        UniqueConstraint("publication_id", "learner_id", name="uq_takedown_publication_learner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"))
    learner_id: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(Text)
    done_at: Mapped[datetime] = mapped_column(DateTime)
    done_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text)


class ListAcknowledgement(Base):
    """A member of staff confirmed they have read an academy's restriction list (policy 10.3),
    as it was then: its fingerprint, and per learner a short hash, to say what changed since."""

    __tablename__ = "list_acknowledgement"
    __table_args__ = (Index("ix_list_ack_academy_year", "academy_id", "year_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    academy_id: Mapped[int] = mapped_column(ForeignKey("academy.id"))
    year_label: Mapped[str] = mapped_column(String(7))
    fingerprint: Mapped[str] = mapped_column(String(64))
    entries: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    acknowledged_at: Mapped[datetime] = mapped_column(DateTime)


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for bulk statements that must not build ORM objects."""
    return cast(Table, model.__table__)
