"""``import-learners``, ``import-returns``, ``review``, ``batches`` and ``undo-import``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from consent_desk.cli.common import CliError, Subcommands, open_database, print_json
from consent_desk.cli.progress import TerminalProgress

if TYPE_CHECKING:
    from consent_desk.importing.readers import Reading

# A real import whose reading of some columns a person must confirm first (nothing was saved).
EXIT_NEEDS_CONFIRMATION = 3


def _add_import_returns(sub: Subcommands, **kwargs: Any) -> None:
    r = sub.add_parser("import-returns", help="import consent returns from a spreadsheet",
                       **kwargs)  # fmt: skip
    r.add_argument("file")
    r.add_argument("--academy", required=True, metavar="CODE")
    r.add_argument("--year", required=True, metavar="YYYY/YY")
    r.add_argument("--sheet", metavar="NAME")
    r.add_argument("--mapping", metavar="FILE", help="a saved column mapping (JSON)")
    r.add_argument("--save-mapping", metavar="FILE", help="save the mapping used, for next year")
    r.add_argument(
        "--received",
        metavar="DD/MM/YYYY",
        help="the day the forms came back, for returns the sheet gives no date received "
        "(without it they count as received when imported)",
    )
    r.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_import_returns)


class _Quiet(argparse.ArgumentParser):
    """A parser that says nothing: a command line it cannot read raises ``ValueError``."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


class EarlyReading(NamedTuple):
    """A returns file read from the start (``read_early``), with its progress bar."""

    file: str
    sheet: str | None
    reading: Reading
    bar: TerminalProgress


def read_early(argv: list[str]) -> EarlyReading | None:
    """The file of an ``import-returns`` command line, already being read: started before the
    parser of every command is built (which takes as long as python-calamine needs to get
    going), while the rest of the program loads. Nothing is said here about a command line
    that cannot be read: the full parse does that. ``cmd_import_returns`` takes the reading
    when the full parse gives the same file and sheet. Not for a command that logs in
    (``--user``): the file is read once the user has (and the progress bar would draw over the
    password asked for)."""
    if "import-returns" not in argv:
        return None

    parser = _Quiet(add_help=False)
    parser.add_argument("--database")
    parser.add_argument("--user")
    _add_import_returns(parser.add_subparsers(dest="command", parser_class=_Quiet),
                        add_help=False)  # fmt: skip
    try:
        args, _ = parser.parse_known_args(argv)
    except ValueError:
        return None
    if args.command != "import-returns" or args.user:
        return None
    # (a command-line process, with no thread yet: the size check may be made apart)
    return _start_reading(args.file, args.sheet, apart=True)


def _start_reading(file: str, sheet: str | None, apart: bool = False) -> EarlyReading:
    """The returns file being read on a thread (``Reading``), drawing its progress bar."""
    from consent_desk.importing.readers import Reading

    bar = TerminalProgress()
    reading = Reading(file, sheet, lambda done, total: bar("Reading", done, total), apart=apart)
    return EarlyReading(file, sheet, reading, bar)


def register(sub: Subcommands) -> None:
    p = sub.add_parser("import-learners", help="import the learner list exported from the MIS")
    p.add_argument("file")
    p.add_argument("--academy", required=True, metavar="CODE")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument("--mapping", metavar="FILE", help="a saved column mapping (JSON)")
    p.add_argument(
        "--mark-missing-left",
        action="store_true",
        help="the file is the full list: learners not in it are marked as left",
    )
    p.add_argument(
        "--confirm-big-change",
        action="store_true",
        help="the list really is this academy's, though it would mark most of the "
        "roll as left or add more learners than it recognises",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import_learners)

    _add_import_returns(sub)

    rv = sub.add_parser("review", help="rows an import could not match to one learner")
    rsub = rv.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    ls = rsub.add_parser("list", help="rows waiting for review")
    ls.add_argument("--academy", metavar="CODE")
    ls.add_argument("--year", metavar="YYYY/YY")
    ls.add_argument("--all", action="store_true", help="include resolved and dismissed rows")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_review_list)
    rs = rsub.add_parser("resolve", help="give a waiting row its learner")
    rs.add_argument("row_id", type=int, metavar="ROW_ID")
    rs.add_argument("--learner", required=True, metavar="UPN",
                    help="the learner's UPN, or admission number")  # fmt: skip
    rs.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="PURPOSE=ANSWER",
        help="what the parent meant, where the row was not read so (a cell that could not be "
        "read counts as a refusal): a purpose key, or all, = consent, refuse or unanswered; "
        "give it once for each purpose (the rest keep the row's reading)",
    )
    rs.add_argument(
        "--limitation",
        metavar="TEXT",
        help="the parent's limitation, where the row's is not it (\"\" for none)",
    )
    rs.set_defaults(handler=cmd_review_resolve)
    dm = rsub.add_parser("dismiss", help="dismiss a waiting row, with a reason")
    dm.add_argument("row_id", type=int, metavar="ROW_ID")
    dm.add_argument("--reason", required=True)
    dm.set_defaults(handler=cmd_review_dismiss)
    ro = rsub.add_parser(
        "reopen",
        help="put a resolved or dismissed row back in the queue (resolved to the wrong child, "
        "or read wrongly): the return its resolution recorded is voided",
    )
    ro.add_argument("row_id", type=int, metavar="ROW_ID")
    ro.add_argument("--reason", required=True, help="why, e.g. 'resolved to the wrong child'")
    ro.set_defaults(handler=cmd_review_reopen)

    b = sub.add_parser("batches", help="list imports")
    b.add_argument("--academy", metavar="CODE")
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=cmd_batches)
    u = sub.add_parser("undo-import", help="remove the returns an import created")
    u.add_argument("batch", type=int, metavar="BATCH")
    u.set_defaults(handler=cmd_undo)


def _user() -> str:
    from consent_desk.services.audit import current_user_name

    return current_user_name()


def cmd_import_learners(args: argparse.Namespace) -> int:
    from consent_desk.services.learner_import import import_learners

    bar = TerminalProgress()
    try:
        report = import_learners(
            open_database(args),
            args.file,
            args.academy,
            sheet=args.sheet,
            mapping_file=args.mapping,
            mark_missing_left=args.mark_missing_left,
            confirm_big_change=args.confirm_big_change,
            dry_run=args.dry_run,
            user=_user(),
            progress=bar,
        )
    finally:
        bar.finish()
    if args.json:
        print_json(report.as_json())
        return 0
    verb = "would be" if args.dry_run else "were"
    print(
        f"{report.file}: {report.rows} rows — {report.added} learners {verb} added, "
        f"{report.updated} updated, {report.rejoined} back on roll, "
        f"{report.unchanged} unchanged"
    )
    if report.missing:
        if report.marked_left:
            print(f"{report.marked_left} learners not in the file {verb} marked as left")
        else:
            print(
                f"{report.missing} learners on roll are not in the file; if it is the full "
                "list, import again with --mark-missing-left to mark them as left"
            )
    for e in report.errors:
        print(f"row {e['row']}: {e['message']}")
    return 0


def cmd_import_returns(args: argparse.Namespace) -> int:

    received = None
    if args.received:
        from consent_desk.importing.values import parse_date

        try:
            received = parse_date(args.received)
        except ValueError as err:
            raise CliError(f"--received: {err}") from None
    # The file is read from the start (``read_early``), while the database code loads: the
    # reading (mostly python-calamine, which does not hold the GIL) overlaps that loading as well
    # as the loading of the learners. The service still checks who may import before it uses
    # what was read.
    early: EarlyReading | None = getattr(args, "early_reading", None)
    if early is None or (early.file, early.sheet) != (args.file, args.sheet):
        early = _start_reading(args.file, args.sheet)
    reading, bar = early.reading, early.bar
    from consent_desk.importing.records import MappingIncomplete
    from consent_desk.services.imports import NeedsConfirmation, import_returns

    try:
        report = import_returns(
            open_database(args),
            args.file,
            args.academy,
            args.year,
            sheet=args.sheet,
            mapping_file=args.mapping,
            dry_run=args.dry_run,
            user=_user(),
            progress=bar,
            save_mapping=args.save_mapping,
            reading=reading,
            received=received,
            parallel=True,  # this process is the command, with no thread but the reading's
        )
    except MappingIncomplete as missing:
        bar.finish()
        saved = (f"the reading was saved to {args.save_mapping}: correct it"
                 if args.save_mapping else "save the reading with --dry-run --save-mapping "
                 "FILE, correct FILE")  # fmt: skip
        raise CliError(f"{missing} — or say which column holds it: {saved}, then import with "
                       "--mapping FILE") from missing  # fmt: skip
    except NeedsConfirmation as unsure:
        bar.finish()
        if args.json:
            print_json(unsure.report.as_json())
        else:
            _print_columns(unsure.report)
        print(f"consent-desk: error: {unsure}", file=sys.stderr)
        return EXIT_NEEDS_CONFIRMATION
    finally:
        bar.finish()
    if args.json:
        print_json(report.as_json())
        return 0
    n, waiting = report.imported, len(report.needs_review)
    verb = "would be" if args.dry_run else "was" if n == 1 else "were"
    _print_columns(report)
    print(
        f"{report.file}: {report.rows} row{'' if report.rows == 1 else 's'} — {n} "
        f"return{'' if n == 1 else 's'} {verb} imported, {report.duplicates} already there, "
        f"{waiting} need{'s' if waiting == 1 else ''} review"
    )
    for item in report.needs_review:
        print(f"  needs review, row {item['row']}: {item['reason']}")
    for w in report.warnings:
        print(
            f"  note, row {w['row']}: {w['message']}" if w.get("row") else f"  note: {w['message']}"
        )
    if report.unknown_columns:
        print("  columns not used: " + ", ".join(report.unknown_columns))
    if report.unanswered_purposes:
        print(
            "  no column answers "
            + ", ".join(report.unanswered_purposes)
            + ": every return counts it as not answered (restricted)"
        )
    if report.projected is not None:
        p = report.projected
        print(
            f"after this import: {p['no_images']} NO IMAGES, {p['restricted']} restricted, "
            f"{p['no_restriction']} no restriction, {p['not_returned']} no return yet "
            f"({report.projected_changes} learners change)"
        )
        for c in report.projected_changed_learners[:20]:
            print(f"    {c['name']} ({c['group']}): {c['before']} → {c['after']}")
        more = (report.projected_changes or 0) - 20
        if more > 0:
            print(f"    … and {more} more (see --json, or the app's trial run)")
    if report.confirm:
        print(
            "  before importing, confirm the columns marked UNSURE: save this reading with "
            "--save-mapping FILE, check it, and import with --mapping FILE"
        )
    if report.review_waiting and not args.dry_run:
        n = report.review_waiting
        print(
            f"  {n} row{' waits' if n == 1 else 's wait'} in the review queue of "
            f"{report.academy} {report.year}: resolve them with 'consent-desk review list' or "
            "in the app's Review queue"
        )
    return 0


def _print_columns(report: Any) -> None:
    """The mapping used, one line per column, and each answer value with its reading."""
    print("columns:")
    for line, column in zip(report.mapping, report.columns, strict=False):
        print(f"  {line}")
        for v in column["values"]:
            shown = v["value"] if v["value"] else "(blank)"
            rows = v["rows"]
            print(f"      {shown!r} → {v['reads_as']}: {rows} row{'s' if rows != 1 else ''}")


def cmd_review_list(args: argparse.Namespace) -> int:
    from consent_desk.services.review import list_reviews

    items = list_reviews(open_database(args), args.academy, args.year, None if args.all else "open")
    if args.json:
        print_json(
            [
                {
                    "id": i.id,
                    "academy": i.academy,
                    "year": i.year,
                    "file": i.file_name,
                    "sheet": i.sheet,
                    "row": i.row,
                    "reason": i.reason,
                    "state": i.state,
                    "data": i.data,
                    "candidates": [c.__dict__ for c in i.candidates],
                }
                for i in items
            ]
        )
        return 0
    if not items:
        print("nothing waiting for review")
    for i in items:
        print(f"[{i.id}] {i.academy} {i.year} {i.where}: {i.summary}")
        print(f"      {i.reason}")
        for c in i.candidates[:3]:
            print(f"      candidate {c.upn or '-'} {c.name} ({c.reg_group or ''}) — {c.why}")
    return 0


def cmd_review_resolve(args: argparse.Namespace) -> int:
    from consent_desk.services.returns import reading_of
    from consent_desk.services.review import resolve

    said: dict[str, str] = {}
    for given in args.answer:
        purpose, sep, answer = given.partition("=")
        if not sep or not purpose.strip() or not answer.strip():
            raise CliError(f"--answer {given}: write it as PURPOSE=ANSWER, like website=consent")
        key, value = purpose.strip().lower(), answer.strip().lower()
        if said.get(key, value) != value:
            raise CliError(f"--answer {key} is given twice ({said[key]}, {value}): give each use "
                           "once, as the parent answered it")  # fmt: skip
        said[key] = value
    db = open_database(args)
    done = resolve(db, args.row_id, _user(), learner_upn=args.learner, answers=said,
                   limitation=args.limitation)  # fmt: skip
    # what was recorded, in the parent's terms (a cell that could not be read counts as a
    # refusal), and what it changed: the person who resolved the row should see both
    print(f"review item {args.row_id} resolved: return {done.return_id} recorded for "
          f"{done.learner} ({args.learner}): {reading_of(db, done.return_id)}")  # fmt: skip
    print(f"  {done.learner}: {done.change}")
    return 0


def cmd_review_dismiss(args: argparse.Namespace) -> int:
    from consent_desk.services.review import dismiss

    dismiss(open_database(args), args.row_id, args.reason, _user())
    print(f"review item {args.row_id} dismissed")
    return 0


def cmd_review_reopen(args: argparse.Namespace) -> int:
    from consent_desk.services.review import reopen

    voided = reopen(open_database(args), args.row_id, args.reason, _user())
    said = f": return {voided} it recorded is voided" if voided is not None else ""
    print(f"review item {args.row_id} waits for review again{said}")
    return 0


def cmd_batches(args: argparse.Namespace) -> int:
    from consent_desk.services.batches import list_batches

    batches = list_batches(open_database(args), args.academy)
    if args.json:
        print_json([b.__dict__ for b in batches])
        return 0
    for b in batches:
        undone = f" (undone {b.undone_at:%d/%m/%Y %H:%M})" if b.undone_at else ""
        print(
            f"{b.id}\t{b.imported_at:%d/%m/%Y %H:%M}\t{b.academy}\t{b.kind}\t{b.file_name}"
            f"\t{b.imported_by}\t{b.counts}{undone}"
        )
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from consent_desk.services.batches import undo_import

    if args.batch <= 0:
        raise CliError("give the batch number shown by 'consent-desk batches'")
    from consent_desk.services.batches import list_batches, plan_undo

    db = open_database(args)
    kind = next((b.kind for b in list_batches(db) if b.id == args.batch), "returns")
    plan = plan_undo(db, args.batch) if kind == "returns" else None
    removed = undo_import(db, args.batch, _user())
    if plan is None:
        print(f"import {args.batch} undone: {removed} learners put back as they were")
    else:
        print(f"import {args.batch} undone: {removed} returns removed — the undo {plan.describe()}")
    return 0
