"""A tick-all-that-apply column, option by option (issue 16): the office sees each option the
file holds with the purpose it became, so a wrongly read option is caught before the import.

Expected readings come from PRODUCT.md: the purposes (Websites, Press, Displays in the academy…);
"none of the above" ticks nothing; in a consent-phrased list a use not ticked is refused, in an
objection-phrased one it is no objection; free text that is not a use is kept (the limitation).
"""

from __future__ import annotations

from datetime import date

from consent_desk.domain.purposes import PURPOSE_LABELS
from consent_desk.domain.rules import Answer
from consent_desk.importing.columns import (
    describe_tick_options,
    tick_list_options,
    uses_never_ticked,
)
from consent_desk.importing.headers import ColumnRole
from consent_desk.importing.mapping import RowInterpreter, guess_mapping
from consent_desk.importing.readers import Cell, Table, column_values

QUESTION = "Please tick the uses you are happy with"
HEADERS = ["Surname", "Forename", "DOB", "Completion time", QUESTION]


def _table(*answers: str | None) -> Table:
    rows: list[tuple[int, list[Cell]]] = [
        (i + 2, [f"Pupil{i}", "Sam", date(2015, 1, 1 + i), date(2025, 9, 10), a])
        for i, a in enumerate(answers)
    ]
    return Table("forms.xlsx", "Sheet1", 1, HEADERS, rows)


def _options(t: Table):  # type: ignore[no-untyped-def]
    m = guess_mapping(t.headers, "returns", column_values(t), PURPOSE_LABELS)
    [spec] = [c for c in m.columns if c.header == QUESTION]
    assert spec.role is ColumnRole.TICK_LIST and not spec.objection
    return m, spec, tick_list_options(spec, column_values(t)(spec.index), PURPOSE_LABELS)


def test_each_option_is_listed_with_the_purpose_it_became_most_ticked_first() -> None:
    t = _table(
        "The school website;Local newspapers;",
        "The school website;Displays in school;Class photos;",
        "None of the above",
        "The school website",
        None,
    )
    _m, _spec, options = _options(t)
    got = [(o.text, o.becomes(PURPOSE_LABELS), o.rows) for o in options]
    assert got[0] == ("The school website", "Websites", 3)
    assert set(got[1:]) == {
        ("Local newspapers", "Press", 1),
        ("Displays in school", "Displays in the academy", 1),
        ("None of the above", "none of the uses (nothing ticked)", 1),
        ("Class photos", "not one of the uses: kept as the parent's limitation", 1),
    }
    line = describe_tick_options(options, PURPOSE_LABELS)
    assert line.startswith("‘The school website’ → Websites; ")
    assert "‘Local newspapers’ → Press" in line
    # no option names social media, print or video: on a consent list every row refuses them
    assert uses_never_ticked(options, PURPOSE_LABELS) == ["social_media", "print", "video"]


def test_the_options_shown_are_read_as_the_import_reads_the_rows() -> None:
    t = _table("The school website;Class photos;", "All of the above", "I do not consent to any")
    m, _spec, options = _options(t)
    becomes = {o.text: o.becomes(PURPOSE_LABELS) for o in options}
    assert becomes["All of the above"] == "every use (all of them ticked)"
    assert becomes["I do not consent to any"] == "refuses every use"
    assert uses_never_ticked(options, PURPOSE_LABELS) == []  # "all of the above" names every use
    rows, problems = RowInterpreter(m, labels=PURPOSE_LABELS).returns(t)
    assert not problems
    first, every, none = rows
    assert first.answers["website"] is Answer.CONSENT
    assert first.answers["press"] is Answer.REFUSE  # not ticked on a consent list
    assert first.limitation == "Class photos"  # the option that is not a use, kept
    assert set(every.answers.values()) == {Answer.CONSENT}
    assert set(none.answers.values()) == {Answer.REFUSE}
