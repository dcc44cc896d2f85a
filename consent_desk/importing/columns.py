"""Reading a column as a whole: its header and its values together, and how sure the reading is.

A header alone cannot say what a mark means: ``✓`` beside ``✗`` is yes/no, ``x`` alone with
blanks is ticked/not ticked, and ``✗`` alone could be either. So each answer column is read from
its header (the purposes it names, whether its question is phrased as an objection) and from
every distinct value in it. Each reading is *sure* or *unsure*, with the reason in the office's
words; an unsure answer or respondent column is confirmed by a person before anything is saved
(PRODUCT.md), and a mark whose meaning cannot be decided is read as a refusal, never a consent.

The structures form tools export are read here too: a Microsoft Forms Likert question exports one
column per statement, headed ``Question.Statement``; placeholder respondent columns (``Email`` =
``anonymous``, an empty ``Name``) give way to the questions that ask for the parent's e-mail and
name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from consent_desk.domain.consent_forms import describe_answers
from consent_desk.domain.rules import Answer
from consent_desk.importing.answer_cells import cell_reader, is_part, option_choices, option_key
from consent_desk.importing.answers import (
    BOXES,
    CROSSES,
    RETURNED_MARKS,
    TICKS,
    WELSH,
    Choice,
    came_back,
    classify_choice,
    known_word,
    mark_key,
    meaning_answer,
    purposes_in,
    read_answer,
    says_no,
    split_choices,
    unticked,
)
from consent_desk.importing.headers import (
    ANSWER_ROLES,
    FORM_BACK,
    LEARNER_ROLES,
    SINGLE_ROLES,
    ColumnRole,
    HeaderGuess,
    answer_guess,
    dangling_doubt,
    normalise_header,
)
from consent_desk.importing.readers import Cell, Table
from consent_desk.importing.values import clean_text, month_first_doubt, parse_datetime

if TYPE_CHECKING:
    from consent_desk.importing.mapping import ColumnMapping, ColumnSpec

R = ColumnRole
ColumnValues = Callable[[int], Sequence[Cell]]  # column index -> its cells, top to bottom

# Microsoft Forms exports a Likert question as one column per statement: "Question.Statement".
_LIKERT = re.compile(r"^(?P<stem>.{8,}?[^\s.])\.(?=[^\s.\d])(?P<row>.+)$")
_PLACEHOLDERS = frozenset({"anonymous", "anon", "unknown", "n/a", "none", "-", "not collected"})
_SHOWN = 3  # example values named in a reason
# An academic year a heading names ("Website (2024/25)", "Press 2024-2025"), or last year's.
_YEAR_SPAN = re.compile(r"\b(20\d\d)\s*[/\-–]\s*(?:\d\d|20\d\d)\b")
_LAST_YEAR = re.compile(
    r"\b(?:last|previous|prior)\s+(?:academic\s+|school\s+)?year\b|\blast\s+year'?s\b", re.I
)


def _year_doubt(header: str, year: str | None) -> str | None:
    """Why an answer column must be asked about when its heading names a year other than the
    import's (``year``, "2025/26"; None when not known): it may hold another year's answers."""
    if _LAST_YEAR.search(header):
        return ("the heading says last year: does this column hold last year's answers? Ignore "
                "it if so (a return counts for the year it is for)")  # fmt: skip
    for m in _YEAR_SPAN.finditer(header):
        start = int(m.group(1))
        named = f"{start}/{(start + 1) % 100:02d}"
        if year is None:
            return (f"the heading names the year {named}: is it this year's answer? Ignore the "
                    "column if it is another year's")  # fmt: skip
        if named != year:
            return (
                f"the heading names {named}, not {year}: does this column hold another "
                "year's answers? Ignore it if so (a return counts for its own year)"
            )
    return None


def _shown(keys: Sequence[str], width: int = 30) -> str:
    """A few values, quoted and cut short, for a reason shown to a person."""
    cut = [k if len(k) <= width else k[: width - 1] + "…" for k in list(keys)[:_SHOWN]]
    return ", ".join(f"'{k}'" for k in cut)


def _likert_stems(headers: Sequence[str], guesses: list[HeaderGuess]) -> dict[int, tuple[str, str]]:
    """Columns that are statements of one Likert question (the same stem in two or more)."""
    found: dict[int, tuple[str, str]] = {}
    by_stem: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        if guesses[i].role in LEARNER_ROLES or guesses[i].role in SINGLE_ROLES:
            continue
        m = _LIKERT.match(" ".join(str(h).split()))
        if m:
            found[i] = (m.group("stem"), m.group("row"))
            by_stem.setdefault(normalise_header(m.group("stem")), []).append(i)
    return {i: found[i] for group in by_stem.values() if len(group) >= 2 for i in group}


class _Column:
    """The distinct values of one column, with how many rows hold each."""

    def __init__(self, cells: Sequence[Cell]) -> None:
        counts: Counter[Cell] = Counter(cells)
        self.blank = 0
        self.keys: Counter[str] = Counter()
        self.texts: dict[str, str] = {}
        for value, n in counts.items():
            text = clean_text(value)
            if text is None:
                self.blank += n
                continue
            key = mark_key(value) if isinstance(value, str) else mark_key(text)
            self.keys[key] += n
            self.texts.setdefault(key, text)

    @property
    def filled(self) -> int:
        return sum(self.keys.values())


def _is_answer(key: str, text: str) -> bool:
    if known_word(key):
        return True
    try:
        read_answer(text, False)
    except ValueError:
        return False
    return True


def _is_option_list(text: str) -> bool:
    options = split_choices(text)
    return bool(options) and all(classify_choice(o)[0] is not Choice.UNKNOWN for o in options)


def offers_no_objection(texts: Collection[str]) -> bool:
    """Whether some cell of a tick list ticks a choice saying there is nothing to object to."""
    return any(
        classify_choice(option)[0] in (Choice.NONE, Choice.CONSENT)
        for text in texts
        for option in split_choices(text)
    )


def _read_marks(
    spec: HeaderGuess, col: _Column, crosses_are_no: bool
) -> tuple[tuple[tuple[str, str], ...], bool, bool, str]:
    """(how its marks read, blank = not ticked, sure, why) for an answer column's values."""
    keyed = dict(spec.key)  # the heading's own key to its marks ("0 = Yes, 1 = No") decides them
    keys = set(col.keys) - set(keyed)
    ticks = keys & TICKS
    crosses = keys & CROSSES
    others = [k for k in keys - ticks - crosses if not _is_answer(k, col.texts[k])]
    words = keys - ticks - crosses - set(others)
    marks: dict[str, str] = {}
    sure, why, blank_unticked = True, "", False
    meaningful = [k for k in words if read_answer(col.texts[k], False)[0] is not Answer.UNANSWERED]
    if ticks & BOXES and (ticks - BOXES or crosses):
        # ☒ beside ☑ or ✘: a crossed box or a ticked one? Never guess it is a consent.
        marks.update(dict.fromkeys(ticks & BOXES, "refuse"))
        sure = False
        why = (
            f"{_shown(sorted(ticks & BOXES))} stands beside "
            f"{_shown(sorted((ticks - BOXES) | crosses))}: "
            "is it a ticked box or a crossed one? Until a person says, it reads as a refusal"
        )
    if crosses and ticks and spec.objection:
        # "Tick if you do NOT want…": a cross in that box may be a No (no objection) or the
        # parent's mark in the box (an objection). Never guess it is a consent.
        marks.update(dict.fromkeys(crosses, "refuse"))
        sure = False
        why = why or (
            f"{_shown(sorted(crosses))} stands beside ticks under a question worded as an "
            "objection: a cross for No (no objection) or a mark in the box (objects)? Until a "
            "person says, it reads as a refusal"
        )
    elif crosses and ticks:
        marks.update(dict.fromkeys(crosses, "no"))
        why = why or f"{_shown(sorted(crosses))} read as No beside the ticks"
    elif crosses and crosses_are_no and not spec.objection:
        # ✓ and ✗ elsewhere in the sheet: a cross here is a No too (a refusal, the safe way)
        marks.update(dict.fromkeys(crosses, "no"))
        why = f"{_shown(sorted(crosses))} read as No, as beside the ticks in other columns"
    elif crosses and crosses <= {"x"} and not meaningful and spec.phrased:
        marks["x"] = "yes"
        blank_unticked = True
        why = "'x' is the only mark: ticked / not ticked"
    elif crosses:
        marks.update(dict.fromkeys(crosses, "refuse"))
        sure = False
        why = (f"{_shown(sorted(crosses))} could be a tick or a cross here (the heading does not "
               "say whether a mark means yes or no). Until a person says which, it reads as a "
               "refusal")  # fmt: skip
    elif ticks and not words and not crosses_are_no and sure:
        blank_unticked = True
        why = f"{_shown(sorted(ticks))} is the only mark: ticked / not ticked"
    asks_for_ticks = ticks and spec.objection and spec.role is R.TICK_LIST
    noes = sorted(k for k in words if says_no(k)) if asks_for_ticks else []
    if noes:
        # "Tick if you do NOT want…: no": the heading asks for a tick, not a Yes or No. A No to
        # it (no objection), or the parent's no to the use (objects)? Never guess a consent.
        marks.update(dict.fromkeys(noes, "refuse"))
        sure = False
        note = (f"{_shown(noes)} stands beside ticks under a question worded as an objection: "
                "No (no objection), or no to the use (objects)? Until a person says, it reads "
                "as a refusal")  # fmt: skip
        why = f"{why}; {note}" if why else note
    if "na" in keys and keys & WELSH:
        # "Na" beside "Ydw" / "Nac ydw" is Welsh for No, not "n/a"
        if spec.objection:  # a No would be "no objection": never guess a consent
            marks["na"] = "refuse"
            sure = False
            note = ("'Na' stands beside Welsh answers: Welsh for No (no objection here) or "
                    "n/a? Until a person says, it reads as a refusal")  # fmt: skip
        else:
            marks["na"] = "no"
            note = "'Na' read as Welsh for No, beside the Welsh answers"
        why = f"{why}; {note}" if why else note
    if others:
        rows = sum(col.keys[k] for k in others)
        if rows * 2 > col.filled:
            sure = False
            why = (f"most cells are not answers ({_shown(sorted(others))}): is this a comment "
                   "column? Rows whose cell is not an answer wait for review")  # fmt: skip
        else:
            examples = _shown(sorted(others))
            note = f"{rows} row(s) whose cell is not an answer ({examples}) wait for review"
            why = f"{why}; {note}" if why else note
    marks.update(keyed)
    return tuple(sorted(marks.items())), blank_unticked, sure, why


def _answer_spec(guess: HeaderGuess, col: _Column, crosses_are_no: bool) -> dict[str, object]:
    """The reading of one answer column, as ``ColumnSpec`` fields."""
    role = guess.role
    purposes = guess.purposes
    texts = [col.texts[k] for k in col.keys]
    option_rows = sum(col.keys[k] for k in col.keys if not _is_answer(k, col.texts[k])
                      and _is_option_list(col.texts[k]))  # fmt: skip
    listed = option_rows and option_rows * 2 >= col.filled
    if (role is R.TICK_LIST or listed) and (any(";" in t for t in texts) or option_rows
                                             or not (texts or purposes)):  # fmt: skip
        why = "a tick-all-that-apply list: each ticked option names its purposes"
        if guess.note:
            why = f"{guess.note}; {why}"
        if not guess.phrased:
            return {"role": R.TICK_LIST, "purposes": (), "sure": False,
                    "why": "a tick-all-that-apply list whose heading does not say whether ticking "
                    "means agreeing or objecting: say which"}  # fmt: skip
        spec: dict[str, object] = {"role": R.TICK_LIST, "purposes": (), "sure": not guess.doubt,
                                   "why": why}  # fmt: skip
        if guess.objection and offers_no_objection(texts):
            # A list of uses to object to that offers "I have no objections": a parent with
            # none ticks it, so a blank cell is a question skipped, not "no objection".
            spec["values"] = (("", "unanswered"),)
            spec["why"] = (f"{why}; the list offers a 'no objections' choice, so a blank cell "
                           "is not answered (not 'no objection')")  # fmt: skip
        return spec
    values, ticks, sure, why = _read_marks(guess, col, crosses_are_no)
    notes = [guess.note] if guess.note else []
    if role is R.TICK_LIST:  # "Tick the uses…" whose cells are marks: one column per purpose
        role = R.PURPOSE if purposes else R.OVERALL
    if role is R.PURPOSE and not purposes:
        sure = False
        why = "the answers are Yes/No but the heading names no purpose: choose the purposes"
    if guess.doubt:
        sure = False
    if role is R.OVERALL:
        notes.append("one answer for every purpose")
    elif len(purposes) > 1:
        notes.append("one answer for several purposes")
    if why:
        notes.append(why)
    return {"role": role, "purposes": purposes if role is R.PURPOSE else (), "values": values,
            "ticks": ticks, "sure": sure, "why": "; ".join(notes)}  # fmt: skip


def _score(cells: Sequence[Cell], real: Callable[[str], bool]) -> int:
    """How many different respondents a column names (0: empty, placeholders, or one value on
    most rows — the office's own account, not the parents')."""
    given = [t for t in (str(v).strip().lower() for v in cells if v is not None) if t and real(t)]
    if not given:
        return 0
    top = Counter(given).most_common(1)[0][1]
    if len(given) >= 3 and top * 2 > len(given):
        return 0
    return len(set(given))


def _texts(cells: Sequence[Cell]) -> list[str]:
    return [" ".join(str(v).split()).lower() if v is not None else "" for v in cells]


def _same(a: list[str], b: list[str]) -> bool:
    """Two columns that name the same parent on (nearly) every row: no conflict between them."""
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x and y]
    return bool(pairs) and sum(x == y for x, y in pairs) * 10 >= len(pairs) * 9


def _is_email(text: str) -> bool:
    return "@" in text


def _is_name(text: str) -> bool:
    return text not in _PLACEHOLDERS


_ASKED = re.compile(r"\b(?:your|parent|carer|guardian|respondent)", re.IGNORECASE)


def _pick_respondents(
    headers: Sequence[str], columns: list[dict[str, object]], values_of: ColumnValues
) -> None:
    """Among the columns that could hold the respondent's e-mail or name, keep the one naming
    the most different parents; a Forms placeholder (``anonymous``, always blank, the office's
    own account on every row) is ignored. Two columns that both name parents: a person says."""
    for role, real in ((R.RESPONDENT_EMAIL, _is_email), (R.RESPONDENT_NAME, _is_name)):
        candidates = [c for c in columns if c["role"] is role]
        if len(candidates) < 2:
            continue  # the only one: the respondent's column even if empty this time
        scored = []
        for c in candidates:
            i = int(str(c["index"]))
            scored.append((_score(values_of(i), real), bool(_ASKED.search(headers[i])), c))
        best = max(scored, key=lambda sc: (sc[0], sc[1]))
        chosen = _texts(values_of(int(str(best[2]["index"]))))
        rivals = [
            sc
            for sc in scored
            if sc[0] > 0
            and sc is not best
            and not _same(chosen, _texts(values_of(int(str(sc[2]["index"])))))
        ]
        for score, _asked, c in scored:
            if c is best[2] and score > 0:
                c["why"] = "names the parents (the other columns are empty or placeholders)"
                if rivals:
                    c["sure"] = False
                    c["why"] = (f"{len(rivals) + 1} columns name parents: this one names the "
                                "most — is it the one that tells carers apart?")  # fmt: skip
                continue
            c["role"], c["recognised"] = R.IGNORE, True
            c["why"] = ("a placeholder: blank, 'anonymous' or one value on every row — the "
                        "parents' own answers are in another column") if score == 0 else (
                        "another column names more of the parents")  # fmt: skip


# Words by which a note may carry a parent's wish about images ("Dad rang - no press please").
_WISH_RE = re.compile(
    r"\b(?:no|not|dont|don't|do not|never|only|refus\w*|object\w*|withdr\w*|consent\w*|"
    r"permission|photo\w*|pictures?|images?|videos?|film\w*|fotos?|fotograf\w*|imag\w*|"
    r"vid[eé]os?|zdj\w*|bild\w*|pas de|sin|nie|fara|keine?)\b",
    re.IGNORECASE,
)


def _wishes_in_notes(cells: Sequence[Cell], labels: dict[str, str] | None) -> list[str]:
    """The distinct notes that speak of images or their uses (an office-notes column that may
    hold what a parent asked for), longest first."""
    found = {
        text
        for text in (clean_text(v) for v in set(cells) if v is not None)
        if text and (_WISH_RE.search(text) or purposes_in(text, labels))
    }
    return sorted(found, key=lambda t: (-len(t), t))


def _doubt_overall(
    headers: Sequence[str], guesses: list[HeaderGuess], out: list[dict[str, object]]
) -> None:
    """An overall reading counts for every purpose, and its Yes fills every purpose the row
    leaves blank: it is sure only for a question about images in general standing alone. A
    heading that asks nothing ("Class photographs", "School photographer") or stands beside
    columns for single purposes may be about something else (the school photographer, team
    photos, one medium), and so may one whose heading is left hanging ("Consent given for:",
    over a second row of headings): a person says what it answers."""
    singles = any(
        (spec["role"] is R.PURPOSE and spec["purposes"]) or spec["role"] is R.TICK_LIST
        for spec in out
    )
    for spec in out:
        if spec["role"] is not R.OVERALL or not spec["sure"]:
            continue
        i = int(str(spec["index"]))
        if singles:
            doubt = ("its heading names none of the trust's purposes but it stands beside "
                     "columns that each answer some: is it the overall question for every "
                     "purpose, or about something else (a school photographer, class or team "
                     "photos)? Its Yes would count for every purpose left blank — say what it "
                     "answers")  # fmt: skip
        elif not guesses[i].phrased:
            doubt = ("its heading names no purpose and asks no question: is it the overall "
                     "question for every purpose, or about something else (a school "
                     "photographer, class or team photos)? Say what it answers")  # fmt: skip
        else:  # marks under "Consent given for:" (options such as "All photos" complete it)
            hanging = dangling_doubt(headers[i])
            if hanging is None:
                continue
            doubt = hanging
        spec["sure"] = False
        spec["why"] = f"{spec['why']}; {doubt}" if spec["why"] else doubt


# a form-status heading that speaks of the form coming back (not "Letter sent", "Chased")
_DATE_WORD = re.compile(r"\b(?:date|dated|when)\b")
_CAME_BACK = re.compile(r"\b(?:back|returned|received|signed|completed|handed in)\b")
_RETURNED_WHY = ("whether the form came back: one marked as come back with nothing answered is a "
                 "return with every use unanswered")  # fmt: skip
# A heading that asks whether the form is still out ("Form not returned?", "Not yet back?"):
# its Y says the form did NOT come back. Such a column is set aside rather than read turned
# round: the chase list must never lose a child whose form is still out.
_STILL_OUT = re.compile(r"\b(?:not|yet to|still to|outstanding|missing|awaiting|overdue)\b")
_STILL_OUT_WHY = (
    "its heading asks whether the form is still out (Y would mean it did not come back): set "
    "aside — a form that came back counts by its answers or its date received"
)
_X_BESIDE_TICKS = (
    "says whether the form came back, but its x beside ✓ could be a tick or a cross: "
    "set aside — choose “form came back (Y/N)” for it only if x means it came back"
)


def _all_dates(cells: Sequence[Cell]) -> bool:
    """Whether a column holds something, and every filled cell is a date (each distinct value
    read once)."""
    distinct = {v for v in cells if clean_text(v) is not None}
    return bool(distinct) and all(_is_date(v) for v in distinct)


def _returned_marks(cells: Sequence[Cell]) -> tuple[set[str], list[str]] | None:
    """Whether a column can say whether each form came back: it holds Y/N-style marks, and
    nothing but such marks and a few words of the office's ("chased 2x"): no dates or numbers,
    and no more cells of words than of marks. ``None`` when it cannot; else its marks (as
    ``mark_key`` gives them) and its texts that are not marks (they say nothing of it). A
    column of dates costs one look."""
    seen: dict[object, bool] = {}  # each distinct value: whether it is a mark
    marked = other = 0
    for v in cells:
        known = seen.get(v)
        if known is None and v is not None:
            if type(v) is bool:  # a workbook's TRUE / FALSE
                known = True
            elif type(v) is not str:
                return None
            elif clean_text(v) is None:
                continue
            elif mark_key(v) in RETURNED_MARKS:
                known = True
            elif _is_date(v):
                return None
            else:
                known = False
            seen[v] = known
        if known:
            marked += 1
        elif known is False:
            other += 1
    if not marked or other > marked:
        return None
    marks = {mark_key(v) for v, mark in seen.items() if mark}
    return marks, [str(clean_text(v)) for v, mark in seen.items() if not mark]


def _is_date(value: Cell) -> bool:
    try:
        return parse_datetime(value) is not None
    except ValueError:
        return False


def _whether_returned(
    spec: dict[str, object], out: list[dict[str, object]], header: str, marks: set[str],
    others: list[str],
) -> None:  # fmt: skip
    """A column of Y/N marks under a heading that speaks of the form coming back: whether it came
    back (one such column; another is set aside, saying what it holds, as is one whose x stands
    beside ticks and so could be a cross, or whose heading asks whether the form is still out,
    where Y means it did not come back). ``marks``: its marks (``mark_key``); ``others``: its
    texts that are not marks."""
    if _STILL_OUT.search(normalise_header(header)):  # "Form not returned?": Y = not back
        spec.update(role=R.IGNORE, why=_STILL_OUT_WHY)
    elif "x" in marks and any(came_back(m) for m in marks - {"x"}):  # x beside ✓, Y, Yes…
        spec.update(role=R.IGNORE, why=_X_BESIDE_TICKS)
    elif any(other["role"] is R.RETURNED for other in out):
        spec.update(role=R.IGNORE, why=FORM_BACK)
    else:
        why = _RETURNED_WHY
        if others:
            said = "says" if len(others) == 1 else "say"
            why += (f"; {_shown(others)} {said} nothing of it (a row with nothing answered and "
                    "no date received is then not a return)")  # fmt: skip
        spec.update(role=R.RETURNED, recognised=True, why=why)


def analyse(
    headers: Sequence[str],
    guesses: list[HeaderGuess],
    values_of: ColumnValues | None,
    labels: Mapping[str, str] | None,
    year: str | None = None,
) -> list[dict[str, object]]:
    """Each column's reading as ``ColumnSpec`` fields (``index``, ``role``, ``purposes``,
    ``objection``, ``recognised``, ``sure``, ``why``, ``values``, ``ticks``). ``year``: the
    academic year being imported, when known."""
    label_dict = dict(labels) if labels is not None else None
    for i, (stem, row) in _likert_stems(headers, guesses).items():
        g = answer_guess(row, label_dict, stem=stem,
                         note="a statement of a Microsoft Forms Likert question")  # fmt: skip
        if g is not None:
            guesses[i] = g
    cols: dict[int, _Column] = {}
    if values_of is not None:
        for i, g in enumerate(guesses):
            if g.role in ANSWER_ROLES or not g.recognised:
                cols[i] = _Column(values_of(i))
    # A cross beside ticks anywhere in the sheet is a "no" in every column of it.
    crosses_are_no = any(
        set(c.keys) & TICKS and set(c.keys) & CROSSES for i, c in cols.items()
        if guesses[i].role in ANSWER_ROLES
    )  # fmt: skip
    out: list[dict[str, object]] = []
    for i, g in enumerate(guesses):
        spec: dict[str, object] = {
            "index": i, "role": g.role, "purposes": g.purposes, "objection": g.objection,
            "recognised": g.recognised, "sure": True, "why": g.note, "values": (),
            "ticks": False,
        }  # fmt: skip
        col = cols.get(i)
        if col is not None and g.role in ANSWER_ROLES:
            spec.update(_answer_spec(g, col, crosses_are_no))
        elif col is not None and not g.recognised and col.filled:
            answers = sum(n for k, n in col.keys.items() if _is_answer(k, col.texts[k]))
            if answers * 2 > col.filled and not set(col.keys) <= {"1", "0"}:
                spec.update(
                    _answer_spec(replace(g, role=R.PURPOSE), col, crosses_are_no), recognised=True
                )
                spec["sure"] = False
                spec["why"] = ("the cells look like answers but the heading names no purpose: "
                               "choose the purposes, or ignore the column")  # fmt: skip
            elif values_of is not None and (wishes := _wishes_in_notes(values_of(i), label_dict)):
                # Free text from parents is a limitation unless a person says otherwise
                # (PRODUCT.md): a column whose heading we cannot read is not dropped unasked.
                spec.update(role=R.LIMITATION, recognised=True, sure=False, why=(
                    f"the heading was not recognised, but some cells speak of images or their "
                    f"uses ({_shown(wishes, 40)}): the parents' conditions (a limitation, which "
                    "restricts)? Say which, or ignore the column"))  # fmt: skip
        out.append(spec)
    _doubt_overall(headers, guesses, out)
    for spec in out:
        if values_of is None:  # a learner list (no answers), or headings alone
            break
        if spec["role"] in ANSWER_ROLES and (doubt := _year_doubt(headers[int(str(spec["index"]))],
                                                                 year)):  # fmt: skip
            spec["sure"] = False
            spec["why"] = f"{spec['why']}; {doubt}" if spec["why"] else doubt
    if values_of is not None:
        for spec in out:
            if spec["role"] is R.NOTES and spec["sure"]:
                wishes = _wishes_in_notes(values_of(int(str(spec["index"]))), label_dict)
                if wishes:
                    spec["sure"] = False
                    spec["why"] = (
                        f"some of these notes speak of the uses of images ({_shown(wishes, 40)}): "
                        "are they the parent's wishes (a limitation, which restricts) or only the "
                        "office's own notes? Say which"
                    )
            i = int(str(spec["index"]))
            dates: Sequence[Cell] | None = None  # a date column's cells, read once
            if (
                spec["role"] is R.IGNORE
                and spec["why"] == FORM_BACK
                and _CAME_BACK.search(normalise_header(headers[i]))
            ):
                dates = values_of(i)
                if not any(other["role"] is R.RECEIVED_AT for other in out) and _all_dates(dates):
                    # "Form back": the day each form came back
                    spec.update(role=R.RECEIVED_AT, recognised=True,
                                why="the dates the forms came back")  # fmt: skip
                elif (found := _returned_marks(dates)) is not None:  # "Form returned? Y/N"
                    _whether_returned(spec, out, headers[i], *found)
            elif spec["role"] is R.RECEIVED_AT:
                dates = values_of(i)
                if (found := _returned_marks(dates)) is not None:  # "Received?" Y/N
                    _whether_returned(spec, out, headers[i], *found)
            elif (
                spec["role"] in ANSWER_ROLES
                and _DATE_WORD.search(normalise_header(headers[i]))
                and _all_dates(dates := values_of(i))
            ):
                # "Photo Consent Date", "Date recorded": when the parent answered, not an answer
                taken = any(other["role"] is R.RECEIVED_AT for other in out)
                spec.update(role=R.IGNORE if taken else R.RECEIVED_AT, recognised=True,
                            sure=True, purposes=(), objection=False, values=(), ticks=False,
                            why="dates, not answers: another column gives the date received"
                            if taken else "the dates the parents answered")  # fmt: skip
            if spec["role"] in (R.DOB, R.RECEIVED_AT):
                doubt = month_first_doubt(values_of(i) if dates is None else dates)
                if doubt:
                    spec["sure"] = False
                    spec["why"] = doubt
    if any(spec["ticks"] for spec in out):
        # A sheet of tick columns: a consent column with no tick at all is "nothing ticked" too
        # (refused). An empty objection or overall column stays "not answered": reading its
        # blanks as "no objection" or "objects to everything" would be a guess.
        for spec in out:
            col = cols.get(int(str(spec["index"])))
            if (col is not None and not col.filled and spec["role"] is R.PURPOSE
                    and not spec["objection"]):  # fmt: skip
                spec["ticks"] = True
    if values_of is not None:
        _pick_respondents(headers, out, values_of)
    return out


# --- reading back ---------------------------------------------------------------------------


def describe_reading(answers: Mapping[str, Answer], labels: Mapping[str, str]) -> str:
    """What one cell of a column says, in the parent's terms. A cell that speaks for every
    purpose is described as a return is (``describe_answers``); one that speaks for some
    ("objects to Websites") names only those."""
    if answers and set(answers) >= set(labels):
        return describe_answers(answers, labels)
    refused = [labels.get(k, k) for k, a in answers.items() if a is Answer.REFUSE]
    consented = [labels.get(k, k) for k, a in answers.items() if a is Answer.CONSENT]
    if not answers or (not refused and not consented):
        return "not answered"
    every = len(answers) > 1
    parts = []
    if refused:
        parts.append("objects to every use" if every and len(refused) == len(answers)
                     else f"objects to {', '.join(refused)}")  # fmt: skip
    if consented:
        parts.append("consents to every use" if every and len(consented) == len(answers)
                     else f"consents to {', '.join(consented)}")  # fmt: skip
    left = len(answers) - len(refused) - len(consented)
    if left and (refused or consented):
        parts.append("the rest not answered")
    return "; ".join(parts)


@dataclass(frozen=True)
class TickOption:
    """One option of a tick-all-that-apply column, as the file writes it, with what it means
    (``classify_choice``), the purposes it names and how many rows ticked it."""

    text: str
    choice: Choice
    purposes: tuple[str, ...]
    rows: int

    def becomes(self, labels: Mapping[str, str]) -> str:
        """What ticking it says, in the office's words: the purposes it became."""
        named = ", ".join(labels.get(k, k) for k in self.purposes)
        if self.choice is Choice.TICK:
            return named
        if self.choice is Choice.CONFIRMED:
            return f"a tick of {named} (as a person said), its words kept as the limitation"
        if self.choice is Choice.ALL:
            return "every use (all of them ticked)"
        if self.choice is Choice.NONE:
            return "none of the uses (nothing ticked)"
        if self.choice is Choice.REFUSE:
            return f"refuses {named or 'every use'}"
        if self.choice is Choice.CONSENT:
            return f"consents to {named or 'every use'}"
        if self.choice is Choice.UNSURE:
            return "the parent's own words about a use: the row waits for a person to read them"
        return "not one of the uses: kept as the parent's limitation"


def tick_list_options(
    spec: ColumnSpec, cells: Sequence[Cell], labels: Mapping[str, str] | None
) -> list[TickOption]:
    """Every option ticked in a tick-list column, most ticked first, read as the import reads
    each cell (``tick_list_reader``). A cell read as one Yes/No answer (under a heading that
    names its purposes) holds no options."""
    named = [k for k in (spec.purposes or purposes_in(spec.header))
             if labels is None or k in labels]  # fmt: skip
    counts: Counter[str] = Counter()
    meaning: dict[str, tuple[Choice, tuple[str, ...]]] = {}
    seen: dict[str, tuple[Choice, tuple[str, ...]]] = {}  # each option read once
    for value, n in Counter(cells).items():
        text = clean_text(value)
        if text is None or not isinstance(value, str):
            continue
        if len(named) >= 2 and _is_answer(mark_key(value), text):
            continue
        for option, choice, keys in option_choices(value, labels, spec.options, seen):
            counts[option] += n
            meaning.setdefault(option, (choice, keys))
    return [
        TickOption(option, *meaning[option], rows)
        for option, rows in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    ]


def offered_parts(
    spec: ColumnSpec, cells: Sequence[Cell], labels: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """For a tick list that asks for consent, each use offered as two options or more
    ("Facebook", "Twitter/X", "Instagram" are all social media; "Newsletters", "Prospectus") ->
    those options (``tick_list_options``). A parent who ticks some of them has agreed to that
    use only in part: see ``tick_list_reader``. The options are those ticked anywhere in the
    column, the whole sheet's (so that every part of a file read in parts reads alike): one that
    only one parent ticked may be the form's (an option few want) or their own words
    ("Other:"), and either way a parent who did not tick it did not agree to it."""
    if spec.role is not R.TICK_LIST or spec.objection:
        return {}
    texts: dict[str, TickOption] = {}  # option_key -> the option, as most often written
    for o in tick_list_options(spec, cells, labels):
        if o.choice in (Choice.TICK, Choice.CONFIRMED) and is_part(o.text):
            texts.setdefault(option_key(o.text), o)
    by_use: dict[str, list[str]] = {}
    for o in texts.values():
        for use in o.purposes:
            by_use.setdefault(use, []).append(o.text)
    return {use: tuple(sorted(options, key=str.casefold))
            for use, options in by_use.items() if len(options) >= 2}  # fmt: skip


def describe_tick_options(options: Sequence[TickOption], labels: Mapping[str, str]) -> str:
    """One line: "‘The school website’ → Websites; ‘Local newspapers’ → Press"."""
    return "; ".join(f"‘{o.text}’ → {o.becomes(labels)}" for o in options)


def uses_never_ticked(options: Sequence[TickOption], labels: Mapping[str, str]) -> list[str]:
    """The purposes (keys) that no option of the column names: every row reads them as not
    ticked (refused on a consent list, PRODUCT.md)."""
    if any(o.choice is Choice.ALL for o in options):
        return []
    named = {k for o in options if o.choice in (Choice.TICK, Choice.CONFIRMED) for k in o.purposes}
    return [k for k in labels if k not in named]


def _cell_reader(
    spec: ColumnSpec, purposes: tuple[str, ...], labels: Mapping[str, str], cells: Sequence[Cell]
) -> Callable[[Cell], tuple[dict[str, Answer], str | None]]:
    """One cell of an answer column -> (answers for the purposes it speaks for, remark): the
    row reader's own reading (``cell_reader``), spread over the purposes of the column; for a
    tick list, the remark also gives the app's account of a use agreed to only in part.
    ``cells``: the column's cells."""
    if spec.role is R.TICK_LIST:
        read_list = cell_reader(spec, purposes, labels, offered_parts(spec, cells, labels))

        def read_ticks(value: Cell) -> tuple[dict[str, Answer], str | None]:
            answers, remark, in_part = read_list(value)
            return answers, "; ".join(r for r in (remark, in_part) if r) or None

        return read_ticks
    read_cell = cell_reader(spec, purposes, labels)
    scope = purposes if spec.role is R.OVERALL else tuple(p for p in spec.purposes if p in purposes)

    def read(value: Cell) -> tuple[dict[str, Answer], str | None]:
        answer, remark = read_cell(value)
        return dict.fromkeys(scope, answer), remark

    return read


def _beside_columns(
    spec: ColumnSpec, by_use: Mapping[str, list[str]], labels: Mapping[str, str]
) -> str:
    """What a blank in a purpose's column means beside the other columns that answer the same
    use (see ``answer_cells._columns_in_part``), or ""."""
    said: list[str] = []
    for key in spec.purposes:
        others = [h for h in by_use.get(key, []) if h != spec.header]
        if others:
            name = labels.get(key, key)
            said.append(f"a Yes in {', '.join(f'‘{h}’' for h in others)} then agrees to "
                        f"{name} only in part, written as the limitation")  # fmt: skip
    return f" ({'; '.join(said)})" if said else ""


def _returned_values(rows: list[list[Cell]], index: int) -> list[dict[str, object]]:
    """The distinct values of a "Form returned?" column, each with what it is read as."""
    counts: Counter[str] = Counter()
    for cells in rows:
        counts[clean_text(cells[index]) or ""] += 1
    out: list[dict[str, object]] = []
    for value, n in counts.items():
        back = came_back(value)
        reads = (
            "came back: a return, even with nothing answered" if back
            else "did not come back (a row with answers or a date received waits for a person)"
            if back is False
            else "not said (a row with no answers and no date received is not taken as a return)"
        )  # fmt: skip
        out.append({"value": value, "reads_as": reads, "answers": {}, "rows": n})
    return out


def read_back(
    mapping: ColumnMapping,
    table: Table,
    labels: Mapping[str, str],
    left_out: Collection[int] = (),
) -> list[dict[str, object]]:
    """Each column as read, and for an answer column every distinct value with what it is read
    as and on how many rows (``"Yes" → objects to every use: 38 rows``). ``left_out``: the row
    numbers the import does not take as returns at all (a row of totals), whose cells are not
    counted."""
    rows = [cells for n, cells in table.rows if n not in left_out]
    purposes = tuple(labels)
    out: list[dict[str, object]] = []
    # a use answered in several columns: each column's blank is read beside the others
    by_use: dict[str, list[str]] = {}
    for spec in mapping.by_role(R.PURPOSE):
        for key in spec.purposes:
            by_use.setdefault(key, []).append(spec.header)
    for spec in mapping.columns:
        item: dict[str, object] = {
            "header": spec.header, "role": spec.role.value,
            # an overall answer and a tick list speak for every purpose
            "purposes": list(spec.purposes) if spec.role is R.PURPOSE
            else list(purposes) if spec.role in (R.OVERALL, R.TICK_LIST) else [],
            "objection": spec.objection, "sure": spec.sure, "why": spec.why, "values": [],
        }  # fmt: skip
        out.append(item)
        if spec.role is R.RETURNED:
            item["values"] = _returned_values(rows, spec.index)
        if spec.role not in ANSWER_ROLES:
            continue
        column = [cells[spec.index] for cells in rows]
        read = _cell_reader(spec, purposes, labels, column)
        counts: Counter[Cell] = Counter(column)
        merged: dict[str, dict[str, object]] = {}
        for value, n in counts.items():
            text = clean_text(value)
            shown = "" if text is None else text
            entry = merged.get(shown)
            if entry is not None:
                entry["rows"] = int(str(entry["rows"])) + n
                continue
            if text is None:
                said = spec.marks.get("")
                if said == "unanswered":
                    merged[shown] = {"value": shown, "reads_as": "left blank: not answered",
                                     "answers": {}, "rows": n}  # fmt: skip
                    continue
                if spec.role is R.TICK_LIST or spec.ticks or said is not None:
                    blank = (
                        meaning_answer(said, spec.objection)
                        if said is not None
                        else unticked(spec.objection)
                    )
                    scope = purposes if spec.role is not R.PURPOSE else spec.purposes
                    answers = dict.fromkeys(scope, blank)
                    reads = (f"nothing ticked: {describe_reading(answers, labels)} — on a form "
                             "that came back (a row with no date received and no other answer "
                             "is not taken as a return)")  # fmt: skip
                else:
                    answers, reads = {}, "not answered"
                    reads += _beside_columns(spec, by_use, labels)
                merged[shown] = {"value": shown, "reads_as": reads,
                                 "answers": {k: a.value for k, a in answers.items()},
                                 "rows": n}  # fmt: skip
                continue
            try:
                answers, remark = read(value)
            except ValueError as err:
                merged[shown] = {"value": shown, "reads_as": f"cannot be read ({err}): the row "
                                 "waits for review", "answers": {}, "rows": n}  # fmt: skip
                continue
            reads = describe_reading(answers, labels)
            if remark:
                reads += f', with the limitation "{remark}"'
            merged[shown] = {"value": shown, "reads_as": reads,
                             "answers": {k: a.value for k, a in answers.items()},
                             "rows": n}  # fmt: skip
        item["values"] = sorted(merged.values(), key=lambda v: (-int(str(v["rows"])),
                                                                 str(v["value"])))  # fmt: skip
    return out
