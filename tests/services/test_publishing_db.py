"""The publishing verdicts' case table through the database, on SQLite and PostgreSQL, and the
register and take-down list they feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.domain.publishing import Verdict
from consent_desk.domain.rules import Answer
from consent_desk.services.audit_log import list_audit
from consent_desk.services.errors import ServiceError
from consent_desk.services.learners import NewLearner, add_learner, set_safeguarding
from consent_desk.services.publications import (
    PublishRefused,
    check,
    learners_in_group,
    list_publications,
    publish,
)
from consent_desk.services.returns import NewReturn, add_return
from consent_desk.services.takedowns import counts, open_takedowns, takedown_done
from consent_desk.services.trust import update_settings
from tests.publishing_cases import PUB_CASES
from tests.rule_cases import C, R, but, every

YEAR = "2025/26"


def test_case_table_through_database(trust_db: Database) -> None:
    db = trust_db
    ids: dict[str, int] = {}
    for i, case in enumerate(PUB_CASES):
        lid = add_learner(
            db, "OAK", NewLearner(f"Pub{i:02d}", "Learner", adno=str(2000 + i)), "test"
        )
        ids[case.name] = lid
        for r in case.returns:
            add_return(
                db,
                NewReturn(
                    lid,
                    YEAR,
                    r.answers,
                    r.received_at,
                    respondent_name=r.who or None,
                    limitation=r.limitation,
                ),
                "test",
            )
        if case.safeguarding:
            set_safeguarding(db, lid, True, "court order", "principal")
    for treat in (True, False):
        update_settings(db, "coo", treat_non_returns_as_restricted=treat)
        for case in PUB_CASES:
            if case.treat_non_returns != treat and not case.returns and not case.safeguarding:
                continue  # this case is about the other setting
            result = check(db, "OAK", YEAR, case.purpose, [ids[case.name]])
            (got,) = result.learners
            assert (got.verdict, got.reason) == (case.verdict, case.reason), case.name


def _pupil(
    db: Database, surname: str, forename: str, group: str = "4B", upn: str | None = None
) -> int:
    return add_learner(
        db, "OAK", NewLearner(surname, forename, reg_group=group, year_group="4", upn=upn), "office"
    )


_minute = iter(range(1, 10_000))


def _give(
    db: Database,
    lid: int,
    answers: dict[str, Answer],
    who: str = "mum",
    limitation: str | None = None,
) -> None:
    when = datetime(2025, 9, 10, 9, 0) + timedelta(minutes=next(_minute))
    add_return(
        db,
        NewReturn(lid, YEAR, answers, when, respondent_name=who, limitation=limitation),
        "office",
    )


def test_publish_refuses_a_learner_who_may_not_appear(trust_db: Database) -> None:
    db = trust_db
    amy, leo, bea = (
        _pupil(db, "Adams", "Amy"),
        _pupil(db, "Chen", "Leo"),
        _pupil(db, "Baker", "Bea"),
    )
    _give(db, amy, but(C, social_media=R))
    _give(db, bea, every(C), limitation="First name only")
    result = check(db, "OAK", YEAR, "social_media", [amy, leo, bea])
    assert result.summary == "remove or obscure: Amy Adams, Leo Chen"
    with pytest.raises(PublishRefused, match=r"Amy Adams \(Social media: refused\).*Leo Chen"):
        publish(db, "OAK", YEAR, "social_media", "Sports day", date(2026, 3, 1), [amy, leo, bea])
    assert list_publications(db, "OAK") == []
    pid = publish(
        db,
        "OAK",
        YEAR,
        "social_media",
        "Sports day",
        date(2026, 3, 1),
        [bea],
        place="Academy Facebook page",
    )
    (pub,) = list_publications(db, "OAK", YEAR)
    assert (pub.id, pub.title, pub.place) == (pid, "Sports day", "Academy Facebook page")
    assert [(x.name, x.verdict) for x in pub.learners] == [("Bea Baker", Verdict.CHECK_LIMITATION)]
    with pytest.raises(ServiceError, match="title"):
        publish(db, "OAK", YEAR, "website", "  ", date(2026, 3, 1), [bea])
    with pytest.raises(ServiceError, match="not one of the trust's purposes"):
        check(db, "OAK", YEAR, "billboards", [bea])


def test_takedowns_follow_every_change_and_stay_closed(trust_db: Database) -> None:
    db = trust_db
    amy, ben, cal = (
        _pupil(db, "Adams", "Amy"),
        _pupil(db, "Brown", "Ben"),
        _pupil(db, "Cole", "Cal", group="4C"),
    )
    for lid in (amy, ben, cal):
        _give(db, lid, every(C))
    web = publish(db, "OAK", YEAR, "website", "Harvest festival", date(2026, 3, 2), [amy, ben])
    paper = publish(
        db,
        "OAK",
        YEAR,
        "print",
        "Spring newsletter",
        date(2026, 3, 3),
        [amy, cal],
        place="spring newsletter",
    )
    assert open_takedowns(db, "OAK") == []

    _give(db, amy, but(C, website=R), who="dad")  # a carer refuses the website only
    (t,) = open_takedowns(db, "OAK")
    assert (t.publication_id, t.name, t.purpose) == (web, "Amy Adams", "website")
    assert t.reason == "was: consent given; now: Websites: refused"

    set_safeguarding(db, cal, True, "court order", "principal")
    items = {(x.publication_id, x.name): x.reason for x in open_takedowns(db, "OAK")}
    assert items == {
        (web, "Amy Adams"): "was: consent given; now: Websites: refused",
        (paper, "Cal Cole"): "was: consent given; now: NO IMAGES",
    }

    closed = takedown_done(db, web, "photo removed from the website")
    assert [x.name for x in closed] == ["Amy Adams"]
    assert [(x.publication_id, x.name) for x in open_takedowns(db, "OAK")] == [(paper, "Cal Cole")]
    _give(db, amy, every(C), who="dad")
    _give(db, amy, every(R), who="dad")  # changes again: the website take-down stays closed,
    # and refusing everything now takes Amy out of the newsletter too
    assert sorted((x.publication_id, x.name) for x in open_takedowns(db, "OAK")) == [
        (paper, "Amy Adams"),
        (paper, "Cal Cole"),
    ]
    with pytest.raises(ServiceError, match="nothing to take down"):
        takedown_done(db, web, "again")
    entries = list_audit(db, action="takedown_done")
    assert [(e.entity_id, e.after) for e in entries] == [
        (str(web), {"note": "photo removed from the website"})
    ]
    assert counts(db, YEAR)["OAK"] == {"checks": 0, "publications": 2, "open_takedowns": 2}
    check(db, "OAK", YEAR, "print", [ben])
    assert counts(db, YEAR)["OAK"]["checks"] == 1


def test_register_is_searchable_and_per_academy(trust_db: Database) -> None:
    db = trust_db
    amy, ben = _pupil(db, "Adams", "Amy"), _pupil(db, "Brown", "Ben", group="5A")
    for lid in (amy, ben):
        _give(db, lid, every(C))
    publish(db, "OAK", YEAR, "website", "Harvest festival", date(2026, 3, 2), [amy])
    publish(db, "OAK", YEAR, "print", "Choir", date(2026, 4, 2), [ben], place="prospectus")
    assert [p.title for p in list_publications(db, "OAK")] == ["Choir", "Harvest festival"]
    assert [p.title for p in list_publications(db, "OAK", search="adams")] == ["Harvest festival"]
    assert [p.title for p in list_publications(db, "OAK", search="prospectus ben")] == ["Choir"]
    assert list_publications(db, "OAK", year="2024/25") == []
    assert list_publications(db, "HGH") == []
    assert learners_in_group(db, "OAK", "5a") == [ben]


def test_coo_summary_counts_checks_publications_and_open_takedowns(
    trust_db: Database, tmp_path: Path
) -> None:
    import openpyxl
    from pypdf import PdfReader

    from consent_desk.services.documents import export_summary

    db = trust_db
    amy, ben = _pupil(db, "Adams", "Amy"), _pupil(db, "Brown", "Ben")
    for lid in (amy, ben):
        _give(db, lid, every(C))
    check(db, "OAK", YEAR, "website", [amy, ben])
    check(db, "OAK", YEAR, "press", [amy])
    publish(db, "OAK", YEAR, "website", "Harvest festival", date(2026, 3, 2), [amy, ben])
    publish(db, "OAK", YEAR, "print", "Choir", date(2026, 3, 4), [ben])
    _give(db, ben, every(R), who="dad")  # Ben is now NO IMAGES: both items to take down
    export_summary(db, YEAR, tmp_path / "summary.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Summary"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == "Code")
    by_code = {r[0]: dict(zip(rows[h], r, strict=True)) for r in rows[h + 1 :]}
    pick = ("Photo checks", "Publications", "Open take-downs")
    assert [by_code["OAK"][k] for k in pick] == [2, 2, 2]
    assert [by_code["HGH"][k] for k in pick] == [0, 0, 0]
    total = next(r for r in rows[h + 1 :] if str(r[1]).startswith("Total"))
    assert [dict(zip(rows[h], total, strict=True))[k] for k in pick] == [2, 2, 2]
    export_summary(db, YEAR, tmp_path / "summary.pdf")
    text = " ".join((p.extract_text() or "") for p in PdfReader(tmp_path / "summary.pdf").pages)
    assert "Open take-downs" in " ".join(text.split())
