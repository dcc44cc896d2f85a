"""``make bench`` for the document layer: each output timed against a bare reportlab / openpyxl
write of the same rows in the same run, printed with the ratio (target: at most 2x).

* roster: every learner of a 2,000-learner academy by registration group (everyone marked)
  against one plain platypus Table of the same rows;
* summary xlsx of a 60,000-learner trust of 50 academies against a write-only append loop of
  the same summary and restriction-list rows;
* summary PDF of the same trust against plain platypus Tables of the same summary rows and
  reportlab's default bar charts of the same figures.

The synthetic rows are the real rules' verdicts on random returns (:func:`synthetic_trust`).
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, SimpleDocTemplate, Table

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer, ReturnFacts, Status, assess, on_restriction_list
from consent_desk.outputs.common import by_surname, describe_restrictions, is_listed
from consent_desk.outputs.roster import build_roster
from consent_desk.outputs.summary import build_summary_pdf, build_summary_xlsx

_SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Öztürk",
    "Évora",
    "O'Neill",
    "Murphy",
    "Khan",
    "Ahmed",
    "Begum",
    "Clarke",
    "Walker",
    "Robinson",
    "Hughes",
]
_FORENAMES = [
    "Oliver",
    "Amelia",
    "Noah",
    "Isla",
    "Muhammad",
    "Ava",
    "Leo",
    "Ivy",
    "Łukasz",
    "Zoë",
    "Chloé",
    "Siobhán",
    "Aisha",
    "Jakub",
    "Olivia",
    "George",
    "Freya",
    "Arthur",
    "Mia",
    "Oscar",
    "Lily",
    "Harry",
    "Grace",
    "Jack",
]
_LIMITS = (
    *([None] * 20),
    "none",
    "n/a",
    "First name only",
    "Group photos only, never individual",
    "Not on any public website or social media; school newsletters are fine",
)


def _returns(rng: random.Random, t0: datetime) -> list[ReturnFacts]:
    roll = rng.random()
    if roll < 0.18:
        return []
    answers: dict[str, Answer] = {}
    for key in PURPOSE_KEYS:
        r = rng.random()
        answers[key] = (
            Answer.REFUSE if r < 0.025 else Answer.UNANSWERED if r < 0.04 else Answer.CONSENT
        )
    if roll < 0.21:
        answers = dict.fromkeys(PURPOSE_KEYS, Answer.REFUSE)
    first = ReturnFacts("email:carer@example.org", t0, answers, rng.choice(_LIMITS), 1)
    if rng.random() < 0.1:  # a second carer answers as well
        second = dict.fromkeys(PURPOSE_KEYS, Answer.CONSENT)
        second[rng.choice(PURPOSE_KEYS)] = Answer.REFUSE
        return [first, ReturnFacts("name:other carer", t0 + timedelta(days=3), second, None, 2)]
    return [first]


def synthetic_academy(
    academy: AcademyInfo, learners: int, rng: random.Random, *, first_id: int = 1
) -> list[LearnerStatusRow]:
    """``learners`` on-roll rows (plus a few leavers) in registration groups of about 28."""
    t0 = datetime(2025, 9, 8, 9, 0)
    rows: list[LearnerStatusRow] = []
    years = 7 if learners >= 1200 else 6
    for n in range(learners + learners // 50):
        lid = first_id + n
        year = 7 + (n % years) if years == 7 else 1 + (n % years)
        form = "ABCDEFGHJK"[(n // years) % max(1, learners // (years * 28))]
        on_roll = n < learners
        safeguarding = rng.random() < 0.01
        verdict = assess(_returns(rng, t0), PURPOSE_KEYS, safeguarding)
        surname, forename = rng.choice(_SURNAMES), rng.choice(_FORENAMES)
        rows.append(
            LearnerStatusRow(
                learner_id=lid,
                academy_code=academy.code,
                upn=f"A{lid:012d}",
                adno=f"{lid % 100000:06d}",
                surname=surname,
                forename=forename,
                legal_surname=surname,
                legal_forename=forename,
                dob=date(2012, 9, 1) + timedelta(days=lid % 2500),
                year_group=str(year),
                reg_group=f"{year}{form}",
                on_roll=on_roll,
                status=verdict.status,
                refused=tuple(verdict.refused),
                unanswered=tuple(verdict.unanswered),
                limitation=verdict.limitation,
                safeguarding=safeguarding,
                returns=verdict.returns,
                on_restriction_list=on_restriction_list(verdict.status, on_roll, True),
            )
        )
    return rows


def synthetic_trust(
    academies: int = 50, learners: int = 60_000, seed: int = 2025
) -> list[tuple[AcademyInfo, list[LearnerStatusRow]]]:
    rng = random.Random(seed)
    weights = [rng.uniform(0.4, 2.2) for _ in range(academies)]
    scale = learners / sum(weights)
    sizes = [round(w * scale) for w in weights]
    sizes[-1] += learners - sum(sizes)
    trust: list[tuple[AcademyInfo, list[LearnerStatusRow]]] = []
    first_id = 1
    for i, size in enumerate(sizes):
        academy = AcademyInfo(i + 1, f"AC{i + 1:02d}", f"Academy number {i + 1} of the trust")
        trust.append((academy, synthetic_academy(academy, size, rng, first_id=first_id)))
        first_id += size * 2
    return trust


def bench_context() -> ReportContext:
    return ReportContext("Bench Trust", "2025/26", "Bench", datetime(2025, 11, 25, 9, 0))


def by_reg_group(rows: Sequence[LearnerStatusRow]) -> list[tuple[str, list[LearnerStatusRow]]]:
    groups: dict[str, list[LearnerStatusRow]] = {}
    for row in rows:
        groups.setdefault(row.reg_group or "-", []).append(row)
    return sorted(groups.items(), key=lambda kv: (len(kv[0]), kv[0]))


def _best_of(repeat: int, job: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def _bare_pdf(rows: Sequence[Sequence[str]], *, wide: bool = False) -> None:
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4) if wide else A4)
    doc.build([Table([list(r) for r in rows], repeatRows=1)])


def _plain_roster_rows(
    groups: Sequence[tuple[str, Sequence[LearnerStatusRow]]],
    ctx: ReportContext,
    keep: Callable[[LearnerStatusRow], bool],
) -> list[list[str]]:
    """The roster's text, precomputed: the bare write only lays it out."""
    out = [["Learner", "Group", "Mark", "What may not be done"]]
    for _, rows in groups:
        for r in by_surname(x for x in rows if keep(x)):
            lines = describe_restrictions(r, ctx.purpose_labels)
            name = f"{r.surname}, {r.forename}"
            out.append([name, r.reg_group or "", lines[0], "\n".join(lines[1:])])
    return out


def _bare_counts(
    trust: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]],
) -> list[list[object]]:
    """A naive per-academy count of the same rows (what any summary must do): code, name, on
    roll, returned, the four statuses, refusals per purpose."""
    order = ["roll", "ret", *Status, *PURPOSE_KEYS]
    table: list[list[object]] = []
    for academy, rows in trust:
        counts: dict[object, int] = dict.fromkeys(order, 0)
        for r in rows:
            if r.on_roll:
                counts["roll"] += 1
                counts[r.status] += 1
                counts["ret"] += r.returns > 0
                for key in r.refused:
                    counts[key] += 1
        table.append([academy.code, academy.name, *counts.values()])
    return table


def _bare_summary_xlsx(trust: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Summary")
    for row in _bare_counts(trust):
        ws.append(row)
    for academy, rows in trust:
        ws = wb.create_sheet(academy.code)
        for r in rows:
            if r.on_restriction_list:
                ws.append(
                    [
                        r.surname,
                        r.forename,
                        r.upn,
                        r.year_group,
                        r.reg_group,
                        r.status.value,
                        ", ".join(r.refused),
                        ", ".join(r.unanswered),
                        r.limitation,
                    ]
                )
    wb.save(io.BytesIO())


def _bare_summary_pdf(trust: Sequence[tuple[AcademyInfo, Sequence[LearnerStatusRow]]]) -> None:
    """The same two tables and two bar charts, in plain reportlab with its defaults."""
    counts = _bare_counts(trust)
    numbers = [[int(str(v)) for v in row[2:]] for row in counts]
    table = [[str(v) for v in row] for row in counts]
    story: list[Flowable] = [Table(table, repeatRows=1), Table(table, repeatRows=1)]
    returned = [[100.0 * n[1] / n[0] for n in numbers]]
    statuses = [[100.0 * n[i] / n[0] for n in numbers] for i in (2, 3, 4, 5)]
    for series in (returned, statuses):
        drawing = Drawing(650, 420)
        chart = HorizontalBarChart()
        chart.width, chart.height = 500, 380
        chart.data = series
        chart.categoryAxis.categoryNames = [str(r[0]) for r in counts]
        if len(series) > 1:
            chart.categoryAxis.style = "stacked"
        drawing.add(chart)
        story.append(drawing)
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4))
    doc.build(story)


def _report(name: str, ours: float, bare: float) -> None:
    print(f"{name:<46} {ours:7.3f} s   bare {bare:7.3f} s   ratio {ours / bare:5.2f}x")


def main(
    repeat: int = 3,
    *,
    academy_learners: int = 2000,
    trust_academies: int = 50,
    trust_learners: int = 60_000,
) -> None:
    ctx = bench_context()
    academy = AcademyInfo(1, "BIG", f"A {academy_learners:,}-learner academy")
    school = synthetic_academy(academy, academy_learners, random.Random(7))
    groups = by_reg_group(school)
    everyone = _plain_roster_rows(groups, ctx, lambda r: r.on_roll)
    restricted = _plain_roster_rows(groups, ctx, lambda r: is_listed(r, ctx))
    print(f"academy: {len(school):,} rows, {len(groups)} registration groups")
    ours = _best_of(
        repeat, lambda: build_roster(io.BytesIO(), ctx, academy, groups, restricted_only=False)
    )
    _report(
        f"roster, {academy_learners:,} learners, everyone marked",
        ours,
        _best_of(repeat, lambda: _bare_pdf(everyone)),
    )
    ours = _best_of(repeat, lambda: build_roster(io.BytesIO(), ctx, academy, groups))
    bare = _best_of(repeat, lambda: _bare_pdf(restricted))
    _report(f"roster, restricted only ({len(restricted) - 1:,} learners)", ours, bare)

    trust = synthetic_trust(trust_academies, trust_learners)
    print(f"trust: {len(trust)} academies, {sum(len(r) for _, r in trust):,} rows")
    ours = _best_of(repeat, lambda: build_summary_xlsx(io.BytesIO(), ctx, trust))
    bare = _best_of(repeat, lambda: _bare_summary_xlsx(trust))
    _report(f"summary xlsx, {trust_learners:,} learners / {trust_academies} academies", ours, bare)
    ours = _best_of(repeat, lambda: build_summary_pdf(io.BytesIO(), ctx, trust))
    bare = _best_of(repeat, lambda: _bare_summary_pdf(trust))
    _report(f"summary PDF, {trust_learners:,} learners / {trust_academies} academies", ours, bare)


if __name__ == "__main__":
    main()
