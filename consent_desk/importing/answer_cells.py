"""Reading the answer, limitation and notes cells of a row (one purpose, tick lists, overall).

Each distinct cell text is read once per column and each distinct combination of a row's answer
cells once per file: a Forms export of 60,000 rows holds only a few hundred combinations.
See ``interpret.py`` for the decisions on blank tick lists and overall answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from consent_desk.domain.rules import Answer, is_blank_limitation
from consent_desk.importing.answers import (
    Choice,
    areas_in,
    classify_choice,
    covers_all,
    mark_key,
    meaning_answer,
    purposes_in,
    read_answer,
    refused_in,
    says_only,
    split_choices,
    unticked,
)
from consent_desk.importing.headers import ColumnRole, heading_qualifies, without_examples
from consent_desk.importing.readers import Cell
from consent_desk.importing.values import clean_text

if TYPE_CHECKING:
    from consent_desk.importing.mapping import ColumnSpec

R = ColumnRole
RANK = {Answer.UNANSWERED: 0, Answer.CONSENT: 1, Answer.REFUSE: 2}
_MISSING = object()

# A tick-list cell -> (answers for every purpose, the parent's remark, the app's own account of
# a use agreed to only in part): see ``tick_list_reader``.
TickReader = Callable[[Cell], tuple[dict[str, Answer], str | None, str | None]]
# A use a list offers as several options -> those options, as the file writes them.
Parts = Mapping[str, tuple[str, ...]]


class Bad(NamedTuple):
    """A conversion that failed: the message to report."""

    message: str


class RowAnswers(NamedTuple):
    """What the answer, limitation and notes cells of one row say (cached per combination)."""

    answers: dict[str, Answer]
    limitation: str | None
    notes: str | None
    problems: tuple[tuple[str, str], ...]  # (column, message)
    answered: bool


def memo(convert: Callable[[Cell], Any], passthrough: type | None = None) -> Callable[[Cell], Any]:
    """``convert`` remembered per distinct text (the distinct values in a column are few), with
    a ``ValueError`` turned into a ``Bad``; a value of exactly type ``passthrough`` is kept."""
    return memo_and_cache(convert, passthrough)[0]


def memo_and_cache(
    convert: Callable[[Cell], Any], passthrough: type | None = None
) -> tuple[Callable[[Cell], Any], dict[Cell, Any]]:
    """:func:`memo`, and the dict it remembers in (text -> result): a caller going through many
    cells can look a text up there itself, and call the function only when it is not there."""
    seen: dict[Cell, object] = {}

    def attempt(value: Cell) -> object:
        try:
            return convert(value)
        except ValueError as err:
            return Bad(str(err))

    def run(value: Cell) -> object:
        if value is None or type(value) is passthrough:
            return value
        if type(value) is str:
            hit = seen.get(value, _MISSING)
            if hit is _MISSING:
                hit = seen[value] = attempt(value)
            return hit
        return attempt(value)

    return run, seen


def keep_stricter(votes: dict[str, Answer], key: str, answer: Answer) -> None:
    """Keep the more restrictive answer: refuse > consent > unanswered."""
    if RANK[answer] > RANK[votes.get(key, Answer.UNANSWERED)]:
        votes[key] = answer


def option_key(option: str) -> str:
    """An option as compared with the options a person confirmed: case and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", option).casefold().split())


def option_choices(
    text: str,
    labels: Mapping[str, str] | None = None,
    confirmed: Sequence[tuple[str, tuple[str, ...]]] = (),
    seen: dict[str, tuple[Choice, tuple[str, ...]]] | None = None,
) -> list[tuple[str, Choice, tuple[str, ...]]]:
    """The options ticked in one tick-list cell, each with what it means and the purposes it
    names (see ``classify_choice``); an option a person ``confirmed`` (option -> purposes) is a
    tick of those purposes. ``seen``: each option's meaning, kept for the next cell of the
    column (a column's cells repeat its few options)."""
    said = {option_key(option): keys for option, keys in confirmed}
    known = {} if seen is None else seen
    out: list[tuple[str, Choice, tuple[str, ...]]] = []
    # split as usual, not at the confirmed options (one would match the start of a parent's
    # longer words, "School website (no names) NOT wanted"): only a whole option is confirmed
    for option in split_choices(text):
        meaning = known.get(option)
        if meaning is None:
            keys = said.get(option_key(option)) if said else None
            meaning = known[option] = (
                (Choice.CONFIRMED, keys) if keys else classify_choice(option, labels)
            )
        out.append((option, *meaning))
    return out


def _unsure_option(option: str) -> str:
    if areas := areas_in(option):
        return (f"'{option[:80]}' speaks of several uses at once ({'; '.join(areas)}): the row "
                "waits for a person to read which uses the parent meant (if it is one of the "
                "form's own options, say once which uses a "
                "tick of it is for: in the import wizard's list of options, or in a saved "
                "mapping's \"options\")")  # fmt: skip
    return (f"'{option[:80]}' names a use but may exclude or limit it, or put a condition on it: "
            "the row waits for a person to read what the parent wrote (if it is one of the "
            "form's own options, say once which uses a tick of it is for: in the import "
            "wizard's list of options, or in a saved mapping's \"options\")")  # fmt: skip


_BARE_NO = frozenset({"no", "n", "nope", "no thanks", "no thank you"})


def is_part(option: str) -> bool:
    """Whether a ticked option is one part of the uses it names (not "Social media (all
    platforms)", nor "Facebook only", which limits itself and is kept as written)."""
    return not covers_all(option) and not says_only(option)


def _either(options: Sequence[str]) -> str:
    quoted = [f"‘{o}’" for o in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _in_part(
    parts: Parts,
    votes: Mapping[str, Answer],
    ticked: Mapping[str, list[str]],
    whole: Collection[str],
    labels: Mapping[str, str] | None,
) -> str | None:
    """The app's account of the uses a row agreed to only in part (some of the options for a
    use ticked, not all): "Social media: only ‘Twitter/X’ ticked, not ‘Facebook’ or
    ‘Instagram’". The use stays agreed to, on those terms, as the parent's limitation: the
    restricted lists and the check before publishing show it."""
    said: list[str] = []
    for use, offered in parts.items():
        if votes.get(use) is not Answer.CONSENT or use in whole:
            continue
        got = ticked.get(use, [])
        keys = {option_key(o) for o in got}
        missing = [o for o in offered if option_key(o) not in keys]
        if got and missing:
            name = (labels or {}).get(use, use)
            said.append(f"{name}: only {', '.join(f'‘{o}’' for o in got)} ticked, "
                        f"not {_either(missing)}")  # fmt: skip
    return "; ".join(said) if said else None


def tick_list_reader(
    spec: ColumnSpec,
    purposes: tuple[str, ...],
    labels: Mapping[str, str] | None = None,
    parts: Parts | None = None,
) -> TickReader:
    """A cell of a tick list -> (answers for every purpose, remark or None, the app's account of
    a use agreed to only in part or None). ``parts``: the uses the form offers as several
    options (``columns.offered_parts``): ticking some of them agrees to the use only in part."""
    objection = spec.objection
    tick = Answer.REFUSE if objection else Answer.CONSENT
    not_ticked = unticked(objection)
    named = tuple(p for p in (spec.purposes or purposes_in(spec.header, labels)) if p in purposes)
    # Under a list of uses to object to whose question names them ("Which of these may we NOT
    # use: website, press?"), "none of them" and a use not ticked say no objection to those
    # uses alone: a use never asked about is not answered, never consented to.
    asked = named if objection and named else purposes
    seen: dict[str, tuple[Choice, tuple[str, ...]]] = {}  # each option's meaning, once

    def read(value: Cell) -> tuple[dict[str, Answer], str | None, str | None]:
        votes: dict[str, Answer] = {}
        ticked: dict[str, list[str]] = {}  # use -> the options ticked for it
        whole: set[str] = set()  # uses agreed to as a whole ("All of the above")

        def vote(keys: Sequence[str], answer: Answer) -> None:
            for key in keys or asked:
                if key in purposes:
                    keep_stricter(votes, key, answer)

        text = clean_text(value)
        if objection and text is not None and mark_key(text) in _BARE_NO:
            # under "Tick any uses you object to": "no objections", or "no, you may not"?
            raise ValueError(f"'{text}' under a list of uses to object to could mean no "
                             "objection or no to every use: the row waits for a person to "
                             "read it")  # fmt: skip
        if text is not None and (not isinstance(value, str) or len(named) >= 2):
            # a plain Yes/No under a header that names its purposes ("Website and press")
            try:
                answer, remark = read_answer(value, objection, spec.marks)
            except ValueError:
                if not isinstance(value, str):
                    raise
            else:
                vote(named, answer)
                return {p: votes.get(p, Answer.UNANSWERED) for p in purposes}, remark, None
        remarks: list[str] = []
        # the cell as written: options may stand one to a line
        for option, kind, keys in option_choices(value if type(value) is str else text or "",
                                                 labels, spec.options, seen):  # fmt: skip
            if kind is Choice.TICK or kind is Choice.CONFIRMED:
                vote(keys, tick)
                if is_part(option):
                    for key in keys:
                        ticked.setdefault(key, []).append(option)
                elif covers_all(option):  # "Social media (all platforms)"
                    whole.update(keys)
                if not objection and (kind is Choice.CONFIRMED or says_only(option)):
                    remarks.append(option)  # agreed to on the option's own terms: kept
            elif kind is Choice.ALL:
                vote(keys, tick)
                whole.update(purposes)
            elif kind is Choice.NONE:
                vote((), not_ticked)
            elif kind is Choice.REFUSE:
                vote(keys, Answer.REFUSE)
            elif kind is Choice.CONSENT:
                vote(keys, Answer.CONSENT)
                whole.update(keys or asked)
            elif kind is Choice.UNSURE:
                raise ValueError(_unsure_option(option))
            else:  # under a list of uses to object to, what the parent objected to
                remarks.append(f"Objects to: {option}" if objection else option)
        if remarks and not votes and text:
            # nothing in the cell is one of the list's options: not an answer (review)
            raise ValueError(f"'{text[:80]}' names none of the uses in the list: the row waits "
                             "for a person to read it")  # fmt: skip
        answers = {p: votes.get(p, not_ticked if p in asked else Answer.UNANSWERED)
                   for p in purposes}  # fmt: skip
        note = _in_part(parts, answers, ticked, whole, labels) if parts else None
        return answers, ("; ".join(remarks) if remarks else None), note

    return read


def cell_reader(
    spec: ColumnSpec,
    purposes: tuple[str, ...],
    labels: Mapping[str, str] | None = None,
    parts: Parts | None = None,
) -> Callable[[Cell], Any]:
    """How one cell of an answer column is read: a tick list's cell -> (answers for every
    purpose, remark, account of a use agreed to in part: see ``tick_list_reader``); a purpose's
    or the overall question's -> (answer, remark)."""
    if spec.role is R.TICK_LIST:
        return tick_list_reader(spec, purposes, labels, parts)
    return partial(read_answer, objection_phrased=spec.objection, marks=spec.marks)


def _refusals_in_words(
    text: str,
    column: str,
    answers: dict[str, Answer],
    problems: list[tuple[str, str]],
    labels: Mapping[str, str] | None,
) -> None:
    """A parent's words that say no to a use the row's answers consent to ("No social media"
    beside Social media = Yes; "Mum phoned - no photos at all"): the row waits for a person to
    read which counts, and the row as read refuses those uses (``answers`` and ``problems`` are
    updated)."""
    said_no = refused_in(text, labels)
    against = [key for key, answer in answers.items() if answer is Answer.CONSENT
               and (said_no is None or key in said_no)]  # fmt: skip
    if not against:
        return
    for key in against:
        answers[key] = Answer.REFUSE
    names = ", ".join((labels or {}).get(key, key) for key in against)
    problems.append((column, (
        f"'{text[:80]}' says no to {names}, which the answers consent to: a person must read "
        "which the parent meant (resolved as it stands, the row refuses them)")))  # fmt: skip


def _columns_in_part(
    siblings: Mapping[str, list[int]],
    said: Mapping[int, Answer],
    answers: Mapping[str, Answer],
    specs: Sequence[ColumnSpec],
    labels: Mapping[str, str] | None,
) -> str | None:
    """The app's account of a use answered in several columns ("Facebook", "Twitter/X",
    "Instagram") that a row agrees to in some and leaves unanswered in others: "Social media:
    yes in ‘Facebook’ (‘Twitter/X’, ‘Instagram’ not answered)". The use stays agreed to, on
    those terms, as the parent's limitation (a No in any of them refuses it)."""
    out: list[str] = []
    for use, columns in siblings.items():
        if answers.get(use) is not Answer.CONSENT:
            continue
        yes = [specs[n].header for n in columns if said.get(n) is Answer.CONSENT]
        rest = [specs[n].header for n in columns if said.get(n) is not Answer.CONSENT]
        if yes and rest:
            name = (labels or {}).get(use, use)
            out.append(f"{name}: yes in {', '.join(f'‘{h}’' for h in yes)} "
                       f"({', '.join(f'‘{h}’' for h in rest)} not answered)")  # fmt: skip
    return "; ".join(out) if out else None


def answer_reader(
    specs: Sequence[ColumnSpec],
    purposes: tuple[str, ...],
    labels: Mapping[str, str] | None = None,
    parts: Mapping[int, Parts] | None = None,
) -> Callable[[tuple[Cell, ...], bool], RowAnswers]:
    """Reads the answer, limitation and notes cells of a row; ``received`` says whether the
    row has a received time (a blank tick list then means "ticked nothing"). ``parts``: for
    each tick list (by position in ``specs``), the uses it offers as several options
    (``columns.offered_parts``)."""
    readers: dict[int, Callable[[Cell], Any]] = {}
    # A use answered in two columns or more (by position in ``specs``): a row that agrees in
    # some and leaves the others unanswered agrees to it only in part (``_columns_in_part``).
    by_use: dict[str, list[int]] = {}
    for n, spec in enumerate(specs):
        if spec.role is R.PURPOSE:
            for key in spec.purposes:
                by_use.setdefault(key, []).append(n)
    siblings = {use: columns for use, columns in by_use.items() if len(columns) >= 2}
    # A limitation under a heading that carries part of its meaning ("Except for:",
    # "Any uses you do NOT want?") keeps that heading: "Facebook" alone would read as allowed.
    heads = {n: f"{without_examples(spec.header).strip(' :')}: "
                if heading_qualifies(spec.header) else ""
             for n, spec in enumerate(specs) if spec.role is R.LIMITATION}  # fmt: skip
    for n, spec in enumerate(specs):
        if spec.role in (R.TICK_LIST, R.PURPOSE, R.OVERALL):
            readers[n] = memo(cell_reader(spec, purposes, labels, (parts or {}).get(n)))
        else:
            readers[n] = memo(clean_text)

    def read(values: tuple[Cell, ...], received: bool) -> RowAnswers:
        votes: dict[str, Answer] = {}
        overall = Answer.UNANSWERED
        limits: list[str] = []
        # the column each limitation came from (None: the app's own account of a use agreed to
        # in part, which is not read for the parent's words)
        limit_columns: list[str | None] = []
        column_said: dict[int, Answer] = {}  # what each purpose's column answered (``siblings``)
        own_words: list[tuple[str, str]] = []  # (words, column) under a heading kept with them
        notes: list[str] = []
        problems: list[tuple[str, str]] = []
        blank_lists: list[int] = []
        blank_marks: list[ColumnSpec] = []
        answered = False
        for n, (spec, value) in enumerate(zip(specs, values, strict=True)):
            role = spec.role
            if value is None or (type(value) is str and not value.strip()):
                if role is R.TICK_LIST:
                    blank_lists.append(n)
                elif spec.ticks or "" in spec.marks:
                    blank_marks.append(spec)
                continue
            result = readers[n](value)
            if result is None:
                continue
            if isinstance(result, Bad):
                problems.append((spec.header, result.message))
                # The row waits for a person; until one reads the cell, it restricts every use
                # it answers (a return made from the row as it stands must not consent to them).
                answered = True
                if role is R.PURPOSE:
                    for key in spec.purposes:
                        keep_stricter(votes, key, Answer.REFUSE)
                elif role in (R.OVERALL, R.TICK_LIST):
                    overall = Answer.REFUSE
            elif role is R.LIMITATION:
                if not is_blank_limitation(str(result)):
                    limits.append(f"{heads[n]}{result}")
                    limit_columns.append(spec.header)
                    if heads[n]:  # the parent's words alone are read too ("Withdrawn")
                        own_words.append((str(result), spec.header))
            elif role is R.NOTES:
                notes.append(str(result))
            elif role is R.TICK_LIST:
                ticks, remark, in_part = result
                answered = True
                for key, answer in ticks.items():
                    keep_stricter(votes, key, answer)
                if remark:
                    limits.append(remark)
                    limit_columns.append(spec.header)
                if in_part:
                    limits.append(in_part)
                    limit_columns.append(None)
            else:
                answer, remark = result
                answered = True  # even "?" or "n/a": someone wrote on the returned form
                if remark:  # a purpose's column names what it limits; the overall question
                    # limits everything, and its wording before the parent's would only crowd
                    # the sheets the limitation is printed on
                    limits.append(remark if role is R.OVERALL else f"{spec.header}: {remark}")
                    limit_columns.append(spec.header)
                if role is R.OVERALL:
                    overall = max(overall, answer, key=RANK.__getitem__)
                else:
                    column_said[n] = answer
                    for key in spec.purposes:
                        keep_stricter(votes, key, answer)
        if (blank_lists or blank_marks) and (answered or received):
            for n in blank_lists:  # "ticked nothing" (see the module docstring), or as confirmed
                said = specs[n].marks.get("")  # (a list offering "no objections": not answered)
                if said is not None:
                    unticked_list = dict.fromkeys(
                        purposes, meaning_answer(said, specs[n].objection)
                    )
                else:
                    unticked_list = readers[n]("")[0]
                for key, answer in unticked_list.items():
                    keep_stricter(votes, key, answer)
            for spec in blank_marks:  # a mark column left blank: "not ticked" (or as confirmed)
                said = spec.marks.get("")
                blank = (meaning_answer(said, spec.objection) if said is not None
                         else unticked(spec.objection))  # fmt: skip
                if spec.role is R.OVERALL:
                    overall = max(overall, blank, key=RANK.__getitem__)
                for key in spec.purposes:
                    keep_stricter(votes, key, blank)
            answered = True
        if overall is Answer.REFUSE:
            answers = dict.fromkeys(purposes, Answer.REFUSE)
        else:
            fill = Answer.CONSENT if overall is Answer.CONSENT else Answer.UNANSWERED
            answers = {p: votes.get(p, fill) for p in purposes}
        for words, header in own_words:
            _refusals_in_words(words, header, answers, problems, labels)
        for text, column in zip(limits, limit_columns, strict=True):
            if column is not None:
                _refusals_in_words(text, column, answers, problems, labels)
        if siblings and (
            in_part := _columns_in_part(siblings, column_said, answers, specs, labels)
        ):
            limits.append(in_part)
        return RowAnswers(
            answers,
            "; ".join(limits) if limits else None,
            "; ".join(notes) if notes else None,
            tuple(problems),
            answered or bool(limits) or bool(notes),
        )

    return read
