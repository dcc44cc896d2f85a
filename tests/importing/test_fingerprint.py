"""A return's fingerprint is stored: its text must never change, however it is computed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from consent_desk.domain.rules import Answer
from consent_desk.services.returns import Fingerprints, fingerprint


def definition(
    learner_id: int,
    year: str,
    respondent: str,
    received_at: datetime,
    answers: Mapping[str, str],
    limitation: str | None,
) -> str:
    """The fingerprint as first defined (and as stored in every database since)."""
    text = json.dumps(
        [
            learner_id,
            year,
            respondent,
            received_at.isoformat(timespec="minutes"),
            sorted(answers.items()),
            (limitation or "").strip(),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_known_fingerprint_never_changes() -> None:
    got = fingerprint(
        42,
        "2025/26",
        "email:siobhán@example.org",
        datetime(2025, 9, 3, 8, 1, 59),
        {"website": "consent", "press": "refuse"},
        ' First name only "please" ',
    )
    assert got == "40fc72a12c011060472ed854910901a2588c21c6b9745976ff1aca5738f2ac79"


# Text of every kind json escapes (quotes, backslashes, control characters) and beyond ASCII;
# no lone surrogates (they cannot be written as UTF-8 at all).
_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    learner_id=st.integers(min_value=-(2**63), max_value=2**63),
    year=_text,
    respondent=_text,
    received_at=st.datetimes(),
    answers=st.dictionaries(_text, st.sampled_from([a.value for a in Answer]) | _text, max_size=8),
    limitation=st.none() | _text,
)
def test_the_fast_fingerprint_is_the_definition(
    learner_id: int,
    year: str,
    respondent: str,
    received_at: datetime,
    answers: dict[str, str],
    limitation: str | None,
) -> None:
    want = definition(learner_id, year, respondent, received_at, answers, limitation)
    assert fingerprint(learner_id, year, respondent, received_at, answers, limitation) == want
    # a second time (the answers' JSON now comes from the cache)
    assert fingerprint(learner_id, year, respondent, received_at, answers, limitation) == want


def test_answers_as_enum_members_and_unusual_types_give_the_definition() -> None:
    when = datetime(2025, 9, 3, 8, 1)
    plain = {"website": "consent", "press": "refuse"}
    members = {"website": Answer.CONSENT, "press": Answer.REFUSE}
    assert fingerprint(7, "2025/26", "name:x", when, members, None) == definition(
        7, "2025/26", "name:x", when, plain, None
    )
    # a value of a type the signature does not admit, as an old database might hand back
    unhashable: Any = {"website": ["consent"]}
    assert fingerprint(7, "2025/26", "name:x", when, unhashable, None) == (
        definition(7, "2025/26", "name:x", when, unhashable, None)
    )
    assert fingerprint(True, "2025/26", "name:x", when, plain, None) == definition(
        True, "2025/26", "name:x", when, plain, None
    )


_when = st.datetimes() | st.datetimes(timezones=st.timezones())


@settings(max_examples=200, deadline=None)
@given(
    year=_text,
    rows=st.lists(
        st.tuples(
            st.integers(min_value=-(2**63), max_value=2**63),
            _text,
            st.sampled_from([datetime(2025, 9, 3, 8, 1), datetime(2025, 9, 3, 8, 1, 59)]) | _when,
            st.dictionaries(_text, st.sampled_from([a.value for a in Answer]), max_size=6),
            st.none() | st.sampled_from(["", " none ", "First name only"]) | _text,
        ),
        max_size=12,
    ),
)
def test_an_imports_fingerprints_are_the_definition(
    year: str, rows: list[tuple[int, str, datetime, dict[str, str], str | None]]
) -> None:
    """An import's fingerprints (the year, times and limitations met before reused) are the
    definition's, row after row, with times and limitations repeated, naive or with a zone."""
    prints = Fingerprints(year)
    for learner_id, respondent, received_at, answers, limitation in rows * 2:
        want = definition(learner_id, year, respondent, received_at, answers, limitation)
        assert prints(learner_id, respondent, received_at, answers, limitation) == want


def test_equal_times_in_other_zones_keep_their_own_text() -> None:
    from datetime import timedelta, timezone

    london = datetime(2025, 9, 3, 8, 1, tzinfo=timezone(timedelta(hours=1)))
    utc = datetime(2025, 9, 3, 7, 1, tzinfo=UTC)
    assert london == utc
    prints = Fingerprints("2025/26")
    for when in (london, utc):
        assert prints(7, "name:x", when, {}, None) == definition(
            7, "2025/26", "name:x", when, {}, None
        )
