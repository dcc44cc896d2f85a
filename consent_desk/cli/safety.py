"""``backup``, ``restore``, ``purge-leavers`` and ``audit``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time
from pathlib import Path

from consent_desk.cli.common import CliError, Subcommands, open_database, print_json


def register(sub: Subcommands) -> None:
    b = sub.add_parser("backup", help="back up the embedded database to a file")
    b.add_argument("--out", metavar="FILE", help="default: today's file in the backups folder")
    b.set_defaults(handler=cmd_backup)
    r = sub.add_parser("restore", help="replace the database with a backup")
    r.add_argument("file")
    r.add_argument("--yes", action="store_true", help="yes, replace everything")
    r.set_defaults(handler=cmd_restore)
    p = sub.add_parser("purge-leavers", help="delete leavers past the retention period")
    p.add_argument("--yes", action="store_true", help="purge (without it: only a preview)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_purge)
    a = sub.add_parser(
        "audit",
        help="the audit trail: who changed what, when — each entry as a sentence",
    )
    a.add_argument("--who", metavar="USER", help="only this user's entries (their user name)")
    a.add_argument(
        "--search",
        metavar="WORDS",
        default="",
        help="a learner's or user's name, or words of the entry (case and accents ignored)",
    )
    a.add_argument("--academy", metavar="CODE", help="only this academy's entries")
    a.add_argument("--kind", help='a kind as shown, e.g. "Return voided", "Learner changed"')
    a.add_argument("--action")
    a.add_argument("--entity", help="learner, return, import_batch, review_item, user, …")
    a.add_argument("--id", dest="entity_id")
    a.add_argument("--since", metavar="YYYY-MM-DD")
    a.add_argument("--until", metavar="YYYY-MM-DD", help="up to the end of this day")
    a.add_argument("--limit", type=int, default=200)
    a.add_argument("--out", metavar="FILE.xlsx", help="export to a spreadsheet")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_audit)


def cmd_backup(args: argparse.Namespace) -> int:
    from consent_desk.services.backup import PREFIX, SUFFIX, backup_dir, backup_to

    out = (
        Path(args.out)
        if args.out
        else backup_dir() / (f"{PREFIX}{datetime.now():%Y-%m-%d-%H%M%S}{SUFFIX}")
    )
    path = backup_to(open_database(args), out)
    print(f"backed up to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from consent_desk.services.backup import restore_from

    if not args.yes:
        raise CliError("restoring replaces everything in the database: add --yes to confirm")
    safety = restore_from(open_database(args), args.file, confirm=True)
    print(f"restored from {args.file}; the state before is saved as {safety}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from consent_desk.services.retention import purge_leavers, purge_preview

    db = open_database(args)
    plan = purge_leavers(db, confirm=True) if args.yes else purge_preview(db)
    if args.json:
        print_json({**plan.__dict__, "cutoff": plan.cutoff.isoformat(), "purged": args.yes})
    elif args.yes:
        print(f"purged {plan.describe()}")
    else:
        print(f"would purge {plan.describe()}; run again with --yes to purge")
    return 0


def _when(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """A date (the whole day) or a date and time."""
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} '{text}' is not a date: write it like 2025-09-01") from None
    if end_of_day and len(text.strip()) <= 10:
        return datetime.combine(at.date(), time.max)
    return at


def cmd_audit(args: argparse.Namespace) -> int:
    from consent_desk.services.audit_log import export_audit_xlsx, read_audit

    page = read_audit(
        open_database(args),
        user=args.who,
        action=args.action,
        entity=args.entity,
        entity_id=args.entity_id,
        since=_when(args.since, "--since"),
        until=_when(args.until, "--until", end_of_day=True),
        search=args.search,
        academy=args.academy,
        kind=args.kind,
        limit=args.limit,
    )
    entries = page.entries
    if args.out:
        n = export_audit_xlsx(entries, Path(args.out))
        print(f"{args.out}: {n} audit entries")
    elif args.json:
        print_json([e.as_json() for e in entries])
    else:
        for e in entries:
            print(f"{e.at:%d/%m/%Y %H:%M}\t{e.who}\t{e.kind}\t{e.sentence}")
    if not args.json:
        shown = len(entries)
        if page.matched > shown:
            note = f"{shown:,} of {page.matched:,} matching entries shown (the newest; see --limit)"
        else:
            note = f"{page.matched:,} matching entr" + ("y" if page.matched == 1 else "ies")
        print(note, file=sys.stderr)
    return 0
