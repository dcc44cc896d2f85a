"""The bulk reads and writes of a returns import, at the database driver's speed.

On 60,000 rows SQLAlchemy's per-row work (building each row's parameters, the bind and result
processors of dates, times and JSON, its result rows) costs several times what the database
itself does. These statements go straight to the driver's cursor on the session's own connection,
so they belong to the import's one transaction; rows are tuples, written many rows to an
``INSERT`` and looked up many keys to a ``SELECT … IN``. Values are written exactly as SQLAlchemy
writes them (on SQLite: date-times as ``YYYY-MM-DD HH:MM:SS.ffffff``, JSON as ``json.dumps``
text; psycopg takes the Python values and PostgreSQL casts JSON text to ``json``), so the ORM
reads them back identically. The statements are the same for SQLite and PostgreSQL but for the
placeholder (``?`` or ``%s``) and two SQLite ways: new returns are written one prepared statement
a row, and the learners are read as one JSON array (see ``insert_returns`` and
``learner_records``). Driver errors are raised as SQLAlchemy's, as from any other statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from consent_desk.db.engine import foreign_key_checks_off
from consent_desk.importing.records import LearnerRecord
from consent_desk.services import access
from consent_desk.services.access import Action

__all__ = [
    "RETURN_COLUMNS",
    "Driver",
    "insert_returns",
    "learner_records",
    "recorded_moments",
    "respondent_ids",
    "return_fingerprints",
]

_BULK_CACHE_KIB = -32768  # SQLite: a negative cache size is in KiB
# Parameters in one statement: far below SQLite's limit (32,766) and psycopg's (65,535).
_PARAMS = 900

# The batch and the respondent last: the rest of a return is laid out as it is read (see
# ``services.imports._outcomes``), and these two are added once they are written.
RETURN_COLUMNS = (
    "learner_id", "year_label", "relationship_to_learner", "received_at", "method",
    "entered_by", "entered_at", "source_row", "answers", "limitation", "notes", "fingerprint",
    "batch_id", "respondent_id",
)  # fmt: skip


class Driver:
    """Plain SQL on the driver cursor of the session's connection (inside its transaction)."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self.dialect = connection.dialect
        if self.dialect.paramstyle == "qmark":
            self.mark = "?"
        elif self.dialect.paramstyle in ("format", "pyformat"):
            self.mark = "%s"
        else:  # pragma: no cover - only SQLite (pysqlite) and PostgreSQL (psycopg) are supported
            raise RuntimeError(f"unsupported database driver ({self.dialect.driver})")
        self.sqlite = self.dialect.name == "sqlite"
        self._connection = connection
        self._dbapi = connection.connection.dbapi_connection
        self._error: type[Exception] = self.dialect.loaded_dbapi.Error

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Tuned for writing tens of thousands of rows in the block, which must end before the
        transaction does (while the connection is still the session's). On SQLite:

        * a page cache of 32 MB instead of 2: inserting into the unique indexes (respondent
          keys, fingerprints) in random order otherwise spills pages again and again. Restored
          afterwards: the connection goes back to the pool.
        * when the block starts the transaction, no foreign-key checks until the connection
          goes back to the pool (``foreign_key_checks_off``): every row written in the block
          names a learner read, or a respondent or batch written, in the same transaction,
          and on 60,000 returns the checks cost a third of the writing (0.15 s, measured)."""
        if not self.sqlite:
            yield
            return
        foreign_key_checks_off(self._connection)
        (before,) = self.rows("PRAGMA cache_size")[0]
        self.rows(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
        try:
            yield
        finally:
            # Best effort: after a failure the connection may be unusable, and that failure,
            # not this, is what the caller must see.
            with suppress(DBAPIError):
                self.rows(f"PRAGMA cache_size = {int(before)}")

    def marks(self, n: int) -> str:
        return ", ".join([self.mark] * n)

    def when(self, moment: datetime) -> datetime | str:
        """A date-time as the driver should get it: on SQLite, the text SQLAlchemy stores."""
        if not self.sqlite:
            return moment
        if moment.tzinfo is not None:  # SQLAlchemy's SQLite DateTime keeps the wall-clock time
            moment = moment.replace(tzinfo=None)
        return moment.isoformat(" ", "microseconds")

    @contextmanager
    def _cursor(self, sql: str) -> Iterator[Any]:
        """A driver cursor for ``sql``: its errors raised as SQLAlchemy's, then closed."""
        cursor = self._dbapi.cursor()  # type: ignore[union-attr]
        try:
            yield cursor
        except self._error as err:
            raise self._wrap(sql, err) from err
        finally:
            cursor.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._cursor(sql) as cursor:
            cursor.execute(sql, tuple(params))
            return list(cursor.fetchall()) if cursor.description else []

    def insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], tail: str = ""
    ) -> list[Any]:
        """Insert ``rows``, as many to a statement as the parameters allow (on PostgreSQL one
        round trip a statement; with ``RETURNING``, the way to have every new row's values);
        ``tail`` follows the values (``ON CONFLICT …``, ``RETURNING …``). The rows returned, if
        any. (New returns on SQLite go by :meth:`execute_many`: see ``insert_returns``.)"""
        width = len(columns)
        per = max(1, _PARAMS // width)
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        one = f"({self.marks(width)})"
        full = f"{head}{', '.join([one] * per)} {tail}"
        out: list[Any] = []
        for i in range(0, len(rows), per):
            chunk = rows[i : i + per]
            sql = full if len(chunk) == per else f"{head}{', '.join([one] * len(chunk))} {tail}"
            out += self.rows(sql, list(chain.from_iterable(chunk)))
        return out

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``sql`` once for each of ``rows`` (no rows come back)."""
        with self._cursor(sql) as cursor:
            cursor.executemany(sql, rows)

    def lookup(self, sql: str, keys: Sequence[Any], *params: Any) -> list[Any]:
        """Rows of ``sql`` (which ends ``IN``) for every key, in chunks; ``params`` come first."""
        out: list[Any] = []
        step = _PARAMS - len(params)
        for i in range(0, len(keys), step):
            chunk = keys[i : i + step]
            out += self.rows(f"{sql} ({self.marks(len(chunk))})", (*params, *chunk))
        return out

    def _wrap(self, sql: str, err: Exception) -> BaseException:
        return DBAPIError.instance(sql, None, err, self._error, dialect=self.dialect)


def learner_records(session: Session, academy_id: int) -> list[LearnerRecord]:
    """Every learner of an academy (on roll or left), as the matcher sees them."""
    access.require(session, Action.VIEW, academy_id)
    db = Driver(session)
    columns = ("id, upn, adno, legal_surname, legal_forename, preferred_forename, "
               "preferred_surname, dob, year_group, reg_group, on_roll")  # fmt: skip
    where = f"FROM learner WHERE academy_id = {db.mark}"
    rows: list[Any] | None = None
    if db.sqlite:
        # As one JSON array in one row: SQLite's driver gives the GIL up and takes it back for
        # every row it returns, and while the file is read on another thread each taking back
        # may wait for that thread's turn; the JSON is built without the GIL and parsed at C
        # speed (on 60,000 learners, a third of the time).
        with suppress(DBAPIError):  # a SQLite built without JSON: row by row
            ((text,),) = db.rows(f"SELECT json_group_array(json_array({columns})) {where}",
                                 (academy_id,))  # fmt: skip
            rows = json.loads(text)
    if rows is None:
        rows = db.rows(f"SELECT {columns} {where}", (academy_id,))
    days: dict[Any, date | None] = {None: None}  # SQLite gives dates as YYYY-MM-DD text
    out: list[LearnerRecord] = []
    append = out.append
    for (lid, upn, adno, surname, forename, p_forename, p_surname, dob, year, group,
         on_roll) in rows:  # fmt: skip
        if dob in days:
            day = days[dob]
        else:
            day = days[dob] = dob if isinstance(dob, date) else date.fromisoformat(dob)
        append(LearnerRecord(lid, upn, adno, surname, forename, p_forename, p_surname, day,
                             year, group, bool(on_roll)))  # fmt: skip
    return out


def return_fingerprints(session: Session, academy_id: int, year_label: str) -> set[str]:
    """The fingerprints of an academy's returns for a year (to count re-imported rows)."""
    access.require(session, Action.VIEW, academy_id)
    db = Driver(session)
    rows = db.rows(
        "SELECT r.fingerprint FROM consent_return r JOIN learner l ON l.id = r.learner_id "
        f"WHERE l.academy_id = {db.mark} AND r.year_label = {db.mark}",
        (academy_id, year_label),
    )
    return {fp for (fp,) in rows}


def recorded_moments(
    session: Session, academy_id: int, year_label: str
) -> dict[tuple[int, str, datetime], tuple[dict[str, str], str | None]]:
    """(learner, respondent key, time received) -> the answers and limitation of the return
    that counts among an academy's returns for a year received at that moment (the last
    entered), void ones left out."""
    access.require(session, Action.VIEW, academy_id)
    db = Driver(session)
    rows = db.rows(
        "SELECT r.learner_id, p.key, r.received_at, r.answers, r.limitation FROM consent_return r "
        "JOIN learner l ON l.id = r.learner_id JOIN respondent p ON p.id = r.respondent_id "
        f"WHERE l.academy_id = {db.mark} AND r.year_label = {db.mark} AND r.voided_at IS NULL "
        "ORDER BY r.id",
        (academy_id, year_label),
    )
    out: dict[tuple[int, str, datetime], tuple[dict[str, str], str | None]] = {}
    for learner_id, key, received, answers, limitation in rows:
        when = received if isinstance(received, datetime) else datetime.fromisoformat(received)
        given = answers if isinstance(answers, dict) else json.loads(answers)
        out[(learner_id, key, when.replace(tzinfo=None))] = (given, limitation)
    return out


def respondent_ids(
    session: Session, wanted: dict[str, tuple[str, str | None, str | None]]
) -> dict[str, int]:
    """Ids for respondent keys (``wanted``: key -> (key, name, e-mail)), creating the missing
    ones.

    Every key is inserted unless it is there already (``ON CONFLICT DO NOTHING``: a respondent
    on record keeps their name and e-mail) and the new rows' ids come back with ``RETURNING``;
    only keys that were there already are looked up. New respondents go in key order, so the
    unique index on keys grows in order instead of at random places (half the cost)."""
    db = Driver(session)
    new = db.insert(
        "respondent", ("key", "name", "email"), sorted(wanted.values(), key=itemgetter(0)),
        "ON CONFLICT (key) DO NOTHING RETURNING key, id",
    )  # fmt: skip
    found: dict[str, int] = dict(new)
    if len(found) < len(wanted):
        known = [k for k in wanted if k not in found]
        found.update(db.lookup("SELECT key, id FROM respondent WHERE key IN", known))
    return found


def insert_returns(session: Session, rows: Iterable[tuple[Any, ...]]) -> None:
    """New returns, each a tuple of ``RETURN_COLUMNS`` already in the driver's terms (see
    ``Driver.when``; ``answers`` as JSON text).

    Written in learner order: the unique index (learner first) and the learner foreign key then
    touch their pages in order instead of at random. The sort is stable, so each learner's
    returns keep the order they are given in, and so their ids' order, which the rules use to
    tell apart two returns received at the same moment. On SQLite one prepared statement runs
    once a row (``executemany``): on 60,000 returns, 0.4 s against 0.65 s for statements of many
    rows, whose parameters must first be laid out flat. (It gives the GIL up and takes it back
    for every row, so it is quick only while no other thread of the process is busy, as here:
    the file has been read.)"""
    ordered = sorted(rows, key=itemgetter(0))
    db = Driver(session)
    if db.sqlite:
        db.execute_many(
            f"INSERT INTO consent_return ({', '.join(RETURN_COLUMNS)}) "
            f"VALUES ({db.marks(len(RETURN_COLUMNS))})",
            ordered,
        )
    else:
        db.insert("consent_return", RETURN_COLUMNS, ordered)
