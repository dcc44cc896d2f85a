"""The header vocabulary: what a column holds, judged from its header text alone.

Case, spacing, accents and punctuation are ignored. Covers MIS exports (SIMS, Arbor, Bromcom),
Microsoft Forms (also its Welsh, Polish, French, Spanish and German column names), Google Forms,
and office sheets typed by hand. ``guess_mapping`` in ``mapping.py`` resolves the clashes that a
single header cannot (e.g. "Name": the respondent in a Forms export, the learner in a list).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from consent_desk.importing.answers import names_medium, purposes_in


class ColumnRole(StrEnum):
    UPN = "upn"
    ADNO = "adno"
    SURNAME = "surname"
    FORENAME = "forename"
    PREFERRED_FORENAME = "preferred_forename"
    PREFERRED_SURNAME = "preferred_surname"
    FULL_NAME = "full_name"
    DOB = "dob"
    YEAR_GROUP = "year_group"
    REG_GROUP = "reg_group"
    RESPONDENT_NAME = "respondent_name"
    RESPONDENT_EMAIL = "respondent_email"
    RELATIONSHIP = "relationship"
    RECEIVED_AT = "received_at"
    FORM_YEAR = "form_year"  # the academic year the form is for ("2024/25")
    RETURNED = "returned"  # whether the form came back ("Form returned? Y/N")
    PURPOSE = "purpose"
    TICK_LIST = "tick_list"
    OVERALL = "overall"
    LIMITATION = "limitation"
    NOTES = "notes"
    IGNORE = "ignore"


LEARNER_ROLES = frozenset(
    {
        ColumnRole.UPN, ColumnRole.ADNO, ColumnRole.SURNAME, ColumnRole.FORENAME,
        ColumnRole.PREFERRED_FORENAME, ColumnRole.PREFERRED_SURNAME, ColumnRole.FULL_NAME,
        ColumnRole.DOB, ColumnRole.YEAR_GROUP, ColumnRole.REG_GROUP,
    }
)  # fmt: skip
NAME_ROLES = frozenset(
    {
        ColumnRole.SURNAME, ColumnRole.FORENAME, ColumnRole.PREFERRED_FORENAME,
        ColumnRole.PREFERRED_SURNAME, ColumnRole.FULL_NAME,
    }
)  # fmt: skip
ANSWER_ROLES = frozenset({ColumnRole.PURPOSE, ColumnRole.TICK_LIST, ColumnRole.OVERALL})
# Roles that one column at most may have; a later column guessed the same is left unmapped.
SINGLE_ROLES = LEARNER_ROLES | {
    ColumnRole.RESPONDENT_NAME, ColumnRole.RESPONDENT_EMAIL, ColumnRole.RELATIONSHIP,
    ColumnRole.RECEIVED_AT, ColumnRole.FORM_YEAR, ColumnRole.RETURNED,
}  # fmt: skip


@dataclass(frozen=True)
class HeaderGuess:
    role: ColumnRole
    purposes: tuple[str, ...] = ()
    objection: bool = False
    recognised: bool = True
    # For answers: whether the header itself says how a Yes/tick reads (an objection or a
    # consent question); a bare purpose name ("Website") does not.
    phrased: bool = False
    note: str = ""  # how the header was read, for the person checking (e.g. "Google Forms grid")
    doubt: str = ""  # why the header alone cannot say what Yes means (the reading is unsure)
    # the key to its marks the heading gives ("Website (0 = Yes, 1 = No)"): mark -> meaning
    key: tuple[tuple[str, str], ...] = ()

    @property
    def purpose(self) -> str | None:
        return self.purposes[0] if self.purposes else None


_UNKNOWN = HeaderGuess(ColumnRole.IGNORE, recognised=False)
_PLACEHOLDER_RE = re.compile(r"^column [a-z]{1,3}$")
_PUNCT_RE = re.compile(r"[^\w]+")


def normalise_header(text: str) -> str:
    """Lower case, no accents, apostrophes dropped, other punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("_", " ").replace("ł", "l").replace("ø", "o")
    text = text.replace("ß", "ss").replace("đ", "d")
    text = re.sub(r"['’‘`´]", "", text)
    return " ".join(_PUNCT_RE.sub(" ", text).split())


def _names(role: ColumnRole, *headers: str) -> dict[str, HeaderGuess]:
    return {normalise_header(h): HeaderGuess(role) for h in headers}


R = ColumnRole
_EXACT: dict[str, HeaderGuess] = {
    **_names(R.UPN, "UPN", "Unique Pupil Number", "Pupil UPN", "Child UPN", "Learner UPN",
             "Student UPN", "UPN number", "Child's UPN"),
    **_names(R.ADNO, "Adno", "Adm No", "Admission No", "Admission Number", "Admissions Number",
             "Adm Number", "Admission No.", "Adm. No.", "Admin No", "Pupil Number",
             "Child's admission number", "Admission", "AdNo.", "Adm", "Rhif derbyn"),
    **_names(R.SURNAME, "Surname", "Legal Surname", "Last Name", "Family Name", "Legal Last Name",
             "Child Surname", "Child's Surname", "Child's last name", "Pupil Surname",
             "Student Surname", "Learner Surname", "Student Last Name", "Pupil Last Name",
             "Surname of child", "Child's family name", "Cyfenw", "Cyfenw'r plentyn"),
    **_names(R.FORENAME, "Forename", "Forenames", "Legal Forename", "First Name", "First Names",
             "Legal First Name", "Given Name", "Given Names", "Child Forename",
             "Child's Forename", "Child's first name", "Child First Name", "Pupil Forename",
             "Pupil First Name", "Student First Name", "Student Forename", "Learner Forename",
             "Learner First Name", "Child's given name", "Enw cyntaf",
             "Enw cyntaf y plentyn"),
    **_names(R.PREFERRED_FORENAME, "Preferred Forename", "Preferred First Name", "Known As",
             "Preferred Name", "Chosen Name", "Child's preferred name"),
    **_names(R.PREFERRED_SURNAME, "Preferred Surname", "Preferred Last Name"),
    **_names(R.FULL_NAME, "Pupil Name", "Child's Name", "Child Name", "Childs full name",
             "Child's full name", "Learner", "Learner Name", "Student Name", "Student", "Pupil",
             "Child", "Name of Child", "Name of Pupil", "Full Name", "Pupil Full Name",
             "Student Full Name", "Learner's name", "Name of learner", "Name of student",
             "Pupil name (surname, forename)", "Name (surname, forename)", "Enw llawn",
             "Enw'r plentyn", "Enw'r disgybl"),
    **_names(R.DOB, "DOB", "D.O.B.", "Date of Birth", "Birth Date", "Birthdate", "Birthday",
             "Child's date of birth", "Child DOB", "Pupil DOB", "Child's DOB", "Student DOB",
             "Learner DOB", "Date of birth of child", "Dyddiad geni",
             "Dyddiad geni'r plentyn"),
    **_names(R.YEAR_GROUP, "Year", "Year Group", "Yr", "NCY", "NC Year", "Curriculum Year",
             "Year Grp", "Child's year group", "Child's year", "National Curriculum Year",
             "Yr Group", "Year group (e.g. 7)", "Blwyddyn", "Grŵp blwyddyn"),
    **_names(R.REG_GROUP, "Reg Group", "Registration Group", "Registration Form", "Reg Form",
             "Form", "Tutor Group", "Class", "Form Group", "Tutor", "Reg", "Class Name",
             "Child's class", "Child's tutor group", "Child's form", "Child's form group",
             "Pupil's class", "Reg. Group", "Registration", "Form Class", "Tutor Grp", "Dosbarth",
             "Grŵp cofrestru", "Dosbarth cofrestru", "Class (if known)", "Form (if known)",
             "Tutor group (if known)"),
    **_names(R.RESPONDENT_NAME, "Parent/carer name", "Parent name", "Parent or carer name",
             "Parent/Carer", "Returned by", "Your name", "Your full name", "Name of parent",
             "Name of parent/carer", "Completed by", "Signed by", "Parent/guardian name",
             "Carer name", "Respondent", "Parent", "Responder", "Submitted by", "Signature",
             "Print name", "Nombre", "Nom", "Imię i nazwisko", "Nazwa", "Enw", "Name",
             "Enw'r rhiant", "Enw rhiant/gofalwr", "Enw'r rhiant/gofalwr", "Signed",
             "Parent signature", "Parent's signature", "Parent/Carer signature",
             "Parent/carer's signature", "Signature of parent/carer", "Parent's name",
             "Parents name", "Parent/carer's name", "Name of parent or carer", "Carer's name",
             "Parent/carer (print name)", "Print name of parent/carer", "Withdrawn by",
             "Consent given by", "Form completed by", "Returned by (parent/carer)",
             "Form filled in by", "Filled in by", "Nom du parent", "Nom du parent/tuteur",
             "Rhiant/Gofalwr", "Rhiant", "Gofalwr", "Rhiant neu ofalwr"),
    **_names(R.RESPONDENT_EMAIL, "Email", "E-mail", "Email address", "E-mail address",
             "Parent email", "Your email", "Your email address", "Contact email",
             "Correo electrónico", "Dirección de correo electrónico", "Adresse de messagerie",
             "Adresse e-mail", "Courriel", "Poczta e-mail", "Adres e-mail", "E-bost",
             "Cyfeiriad e-bost", "E-Mail-Adresse", "Responder email", "Respondent email"),
    **_names(R.RELATIONSHIP, "Relationship", "Relationship to child", "Relation",
             "Relationship to pupil", "Relationship to the child", "Your relationship to the child",
             "Relationship to learner", "Relationship to student", "Parent/carer relationship",
             "Perthynas", "Perthynas â'r plentyn", "Who is completing this form?",
             "Who is completing the form?", "Who is filling in this form?",
             "Who is filling in the form?", "Person completing the form",
             "Person completing this form"),
    **_names(R.RECEIVED_AT, "Completion time", "Timestamp", "Date received", "Received",
             "Date returned", "Returned", "Date", "Submitted", "Submission date", "Submitted at",
             "Submitted on", "Date completed", "Received on", "Date of return", "Returned on",
             "Date form received", "Hora de finalización", "Heure de fin",
             "Godzina ukończenia", "Amser cwblhau", "Fertigstellungszeit", "Endzeit",
             "Marca temporal", "Horodateur", "Sygnatura czasowa", "Stampiau amser",
             "Zeitstempel", "Date signed", "Signed on", "Date of signature", "Date in",
             "Date back", "Recd", "Rec'd", "Date recd", "Date rec'd", "Received date",
             "Date returned to school", "Date returned to office", "Dyddiad",
             "Dyddiad derbyn", "Date withdrawn", "Date of withdrawal", "Withdrawn on",
             "Date form returned", "Date form signed", "Response date", "Date of response",
             "Responded on", "Date collected", "End date", "Date submitted"),
    **_names(R.FORM_YEAR, "Academic Year", "Academic year of form", "Year of form",
             "Consent year", "Year of consent", "Form year", "Academic year of the form",
             "Blwyddyn academaidd"),
    **_names(R.NOTES, "Office notes", "Office use", "For office use", "Office use only",
             "For office use only", "Staff notes", "Internal notes", "Admin notes",
             "Office comments", "Staff comments", "Entered by", "Checked by"),
    **_names(R.LIMITATION, "Limitation", "Limitations", "Restriction", "Restrictions",
             "Condition", "Conditions", "Comments", "Comment", "Notes", "Note", "Other",
             "Any other", "Anything else", "Other restrictions", "Other comments",
             "Other limitations", "Further information", "Additional information",
             "Other information", "Additional comments", "Details", "Special instructions",
             "Any other comments", "Cyfyngiadau", "Cyfyngiadau eraill", "Sylwadau",
             "Amodau", "Commentaires", "Commentaire", "Remarques", "Observations",
             "Observaciones", "Comentarios", "Comentario", "Notas", "Uwagi", "Komentarze",
             "Komentarz", "Observații", "Comentarii", "Bemerkungen", "Kommentare",
             "Anmerkungen"),
    **_names(R.IGNORE, "ID", "Start time", "Last modified time", "Hora de inicio",
             "Hora de la última modificación", "Heure de début",
             "Heure de la dernière modification", "Godzina rozpoczęcia",
             "Czas ostatniej modyfikacji", "Godzina ostatniej modyfikacji", "Amser dechrau",
             "Amser addasu diwethaf", "Startzeit", "Uhrzeit der letzten Änderung",
             "Letzte Änderungszeit", "Total points", "Points", "Quiz feedback", "Feedback",
             "Row", "No", "No.", "#", "Gender", "Sex", "House", "Ethnicity", "SEN", "SEN Status",
             "FSM", "EAL", "Pupil Premium", "Enrolment Status", "Boarder", "Age", "Address",
             "Postcode", "Telephone", "Phone", "Mobile", "Phone number",
             "Academy", "School", "Year of entry", "Admission Date", "Date of admission",
             "Entry date", "Leaving date", "Date of leaving", "Language", "Nationality"),
}  # fmt: skip

# Keyword rules for long question headers, tried in order after the exact table.
_CHILD = re.compile(r"\b(?:childs?|pupils?|students?|learners?|sons?|daughters?|kids?)\b")
# "And their last name?": a form's follow-up question about the child — unless the heading
# speaks of the adult ("Parent or carer (their name)", "Person completing… their name")
_THEIR = re.compile(r"\btheir\b")
_ADULT = re.compile(
    r"\b(?:parents?|carers?|guardians?|your|you|person|completing|respondents?|mothers?|"
    r"fathers?|mums?|dads?|signed|signature|staff|teachers?)\b"
)
_NOTES_RE = re.compile(r"\b(?:office|staff|internal|admin|school)\s+(?:use|notes?|comments?)\b")
_EMAIL_RE = re.compile(r"\be ?mail\b|\bemail address\b|\be bost\b|\bcorreo\b|\bmessagerie\b")
_RELATION_RE = re.compile(r"\brelation(?:ship)?\b")
_LIMIT_RE = re.compile(
    r"\blimitations?\b|\brestrictions?\b|\bconditions?\b|\bcomments?\b|\bnotes?\b|\bany other\b|"
    r"\banything else\b|\bother\b.*\b(?:wishes|requests?|information|details)\b|"
    r"\bplease (?:tell|let) us\b|\bspecify\b|\bexplain\b"
)
_TICK_RE = re.compile(
    r"\btick\b|\bticks\b|\bselect\b|\bchoose\b|\bcheck (?:all|any|the)\b|\ball that apply\b|"
    r"\bwhich of the following\b|\bwhich (?:ways|uses)\b|\bways in which\b|\bwhere (?:can|may)\b|"
    r"\bany (?:of the )?uses\b|\bmark (?:all|any)\b|\bhappy for\b.*\bto be used\b.*\b(?:in|on)\b"
)
_OBJECTION_RE = re.compile(
    r"\bobject(?:s|ion|ions|ed|ing)?\b|\brefus|\bdo not want\b|\bdont want\b|\bnot to be\b|"
    r"\bopt(?:ing)? out\b|\bwithdraw|\bdo not (?:give )?(?:my )?(?:consent|permission|wish|agree|"
    r"allow)\b|\bdont (?:give )?(?:my )?(?:consent|permission|wish|agree|allow)\b|\bnot happy\b|"
    r"\bdo not use\b|\bnot (?:be )?(?:used|shown|published|photographed|filmed)\b|\bshould not\b|"
    r"\bmust not\b|\bplease do not\b|\bplease dont\b|\bnever\b|\bno (?:photos?|photographs?|"
    r"images?|pictures?|filming|videos?)\b|\bdo not photograph|\bexclud|\bwithh(?:o|e)ld|"
    r"\bkeep (?:off|out)\b|\bdont use\b|\bno consent\b|\bnot for\b|\bnot on\b|\bnot in\b|"
    r"\bleave (?:off|out)\b|\bremove from\b|"
    r"^(?:please )?(?:do not|dont) (?:film|take|record|video|include|show|post|publish|share|"
    r"upload|put)\b|"
    # words an office uses for what a parent said no to: "Website - parent declined", "Opt-outs",
    # "Prohibited uses", "Keep my child out of:" ("agree or disagree" asks both ways)
    r"\bdeclin|\bden(?:y|ies|ied|ial)\b|\bprohibit|\breject|\bbann(?:ed|ing)\b|\bban\b|"
    r"\bblocked\b|(?<!\bagree or )(?<!\bagree )\bdisagree|\bunhappy\b|\bopt(?:ed|ing)? outs?\b|"
    r"\boptouts?\b|\bexclusions?\b|\bavoid|\b(?:said|say|says|saying) no\b|"
    r"\bkeep\b(?:\s+\w+){0,3}?\s+(?:off|out)\b|\bhid(?:e|den) from\b|"
    r"\b(?:may|can|should|must|shall) (?:we|the \w+) not use\b"
)


FORM_BACK = "says where the form is (sent out, back, chased), not what the parent answered"


# words by which a heading changes what the text under it means: "Except for:", "Any uses you
# do NOT consent to?", "Only these:"
_QUALIFYING = re.compile(
    r"\b(?:except|excluding|exclude|not|no|dont|never|only|unless|but|without|object\w*|"
    r"refus\w*|withdraw\w*|declin\w*|opt\w* out|apart|other than|instead)\b"
)


# an example in a heading ("Any conditions? (e.g. first name only)"): not the question
_EXAMPLE = re.compile(
    r"\(\s*(?:e\.?\s*g\b\.?|for example|for instance|such as|like)[^)]*\)?|"
    r"(?:\be\.\s*g\.|\beg\b\.?|\bfor example\b|\bfor instance\b|\bsuch as\b).*$",
    re.IGNORECASE,
)


def without_examples(text: str) -> str:
    """A heading without the example it gives: "Any conditions? (e.g. first name only)" ->
    "Any conditions?"."""
    return " ".join(_EXAMPLE.sub(" ", text).split())


def heading_qualifies(text: str) -> bool:
    """Whether a heading over parents' own words changes what they mean ("Except for:" over
    "Facebook"), so that it must be kept with them; "Limitations", "Any other comments" and
    "Parent's wishes" add nothing, nor does an example ("(e.g. first name only)")."""
    return bool(_QUALIFYING.search(normalise_header(without_examples(text))))


def worded_as_objection(text: str) -> bool:
    """Whether a question (a heading, a sheet's title) is worded as an objection."""
    return bool(_OBJECTION_RE.search(normalise_header(text)))


# "no objection", "I do not object": the words of an objection that says the opposite
_NEGATED_OBJECTION = re.compile(r"\bno objections?\b|\b(?:do|does|did) not object|\bdont object")
# an objection's verb with a "not" a few words before it: "I do not wish to opt out of…",
# "don't withdraw my child from…" (a double negative: which way a Yes goes is anyone's guess)
_NOT_BEFORE_OBJECTING = re.compile(
    r"\b(?:not|dont|never|no|wont|cannot|cant|nor)\b(?:\s+\w+){0,5}?\s+(?:"
    r"opt(?:ing|ed)?\s+(?:\w+\s+){0,3}?out\b|withdraw\w*|object\w*|refus\w*|exclu\w*|"
    r"withh\w*|declin\w*|revok\w*|left\s+out|leave\s+(?:\w+\s+){0,3}?out|remov\w*|"
    r"taken?\s+off|kept\s+(?:off|out)|miss(?:ed)?\s+out)"
)
# a heading that stops where its object should be: "Consent given for:", "We may use photos in"
# (a colon alone does not: "Photo consent:"; nor the "in" of "opt in")
_DANGLING = re.compile(
    r"(?<!\bopt )(?<!\bopt-)(?<!\bsign )(?<!\blog )"
    r"\b(?:for|to|of|on|in|with|about|by|as)\s*[:.…-]*\s*$",
    re.IGNORECASE,
)


def dangling_doubt(header: str) -> str | None:
    """Why one answer for every use under ``header`` is unsure: the heading stops where what it
    asks about should follow ("Consent given for:"), so it may head the columns after it, whose
    own headings are in the row below (a header of two rows)."""
    if not _DANGLING.search(header):
        return None
    return (f"the heading ends as if more follows ('{header.strip()[:60]}'): it may head the "
            "columns after it, with their own headings in the row below — check which row holds "
            "the headings")  # fmt: skip


# "Press photos (untick to withdraw consent)": a box ticked for the parent, a blank to refuse
_UNTICK = re.compile(
    r"\bun ?(?:tick|check|select|mark)|\bdeselect|\bpre ?(?:ticked|checked|selected)|"
    r"\b(?:remove|delete|erase|clear|cross out|strike|take)\b(?:\s+\w+){0,3}?\s+"
    r"(?:ticks?|x|box(?:es)?|cross(?:es)?|checks?|marks?)\b|"
    r"\bleave\b(?:\s+\w+){0,2}?\s+(?:blank|empty|unticked|unchecked)\b(?:\s+\w+){0,3}?\s+"
    r"(?:refus|withdraw|object|declin|opt|say no)"
)
# a "not" the objection patterns above do not explain ("Yes/No" and "Y/N" are no negation)
_NEGATION = re.compile(
    r"\b(?:not|no|never|dont|without|withheld|withhold|nor|exclude|excluded|off|except|neither|"
    r"restricted|restrict|against|stop|private|unless)\b"
)
_YES_NO = re.compile(r"\b(?:yes\s*(?:or\s*)?no|y\s*n|no\s*yes)\b")
_CONSENT_WORDS = re.compile(
    r"\bconsent|\bpermission|\bphoto|\bimage|\bpicture|\bagree|\bhappy\b|\ballow|\bobject|"
    r"\bopt\b|\bmedia\b|\bvideo|\bfilm"
)


# The child's details as Microsoft and Google Forms in French, Spanish, Polish, Romanian and
# German ask them (headers normalised: lower case, no accents or apostrophes).
_CHILD_ABROAD = re.compile(
    r"\b(?:lenfant|enfant|eleve|lelev|nino|nina|hijo|hija|alumno|alumna|dziecka|ucznia|"
    r"copilului|elevului|kindes|kind|schulers)\b"
)
_DOB_ABROAD = re.compile(
    r"\bdate de naissance\b|\bfecha de nacimiento\b|\bdata urodzenia\b|\bdata nasterii\b|"
    r"\bgeburtsdatum\b"
)
_FIRST_ABROAD = re.compile(r"\bprenoms?\b|\bimie\b|\bprenume\b|\bvorname\b|\bnombre de pila\b")
_LAST_ABROAD = re.compile(
    r"\bnom de famille\b|\bapellidos?\b|\bnazwisko\b|\bnume de familie\b|\bnachname\b"
)
_NAME_ABROAD = re.compile(r"\bnom\b|\bnombre\b|\bnumele\b|\bnume\b|\bname\b")
_CLASS_ABROAD = re.compile(r"\b(?:classe|clase|klasa|clasa|klasse|curso)\b")


def _child_field_abroad(h: str) -> HeaderGuess | None:
    """The child's name, date of birth or class asked in another language."""
    if _CONSENT_WORDS.search(h):
        return None
    if _DOB_ABROAD.search(h):
        return HeaderGuess(R.DOB)
    child = bool(_CHILD_ABROAD.search(h))
    if _CLASS_ABROAD.fullmatch(h) or (child and _CLASS_ABROAD.search(h)):
        return HeaderGuess(R.REG_GROUP)
    if not child:
        return None
    if _NAME_ABROAD.search(_LAST_ABROAD.sub(" ", h)):  # not the "nom" of "nom de famille"
        return HeaderGuess(R.FULL_NAME)  # "Nom et prénom de l'enfant", "Nombre y apellidos"
    return _name_part(bool(_FIRST_ABROAD.search(h)), bool(_LAST_ABROAD.search(h)))


def _name_part(first: bool, last: bool) -> HeaderGuess | None:
    """The child's name column by the parts its heading names: both is the whole name."""
    if first and last:
        return HeaderGuess(R.FULL_NAME)  # "Pupil (Surname, Forename)"
    if first:
        return HeaderGuess(R.FORENAME)
    if last:
        return HeaderGuess(R.SURNAME)
    return None


# The adult's own name, asked in words ("Your name (parent/carer)", "Parent/Carer Full Name",
# "Name of person completing this form", "Your name and relationship to the child"), not the
# child's ("Your child's name", "Name of your child")
_ADULT_NAME = re.compile(
    r"\b(?:your|parents?|carers?|guardians?|person|respondents?|mothers?|fathers?|mums?|dads?)"
    r"\b(?P<between>(?:\s+\w+){0,3}?)\s+names?\b"
)
_NAME_OF_ADULT = re.compile(
    r"\bnames?\s+of\s+(?:the\s+)?(?:parents?|carers?|guardians?|person|respondents?)\b"
)


def _adult_name(h: str) -> bool:
    """Whether a heading asks the adult filling in the form for their own name."""
    if _CONSENT_WORDS.search(h) or _EMAIL_RE.search(h):
        return False
    if _NAME_OF_ADULT.search(h):
        return True
    said = _ADULT_NAME.search(h)
    if said is None or _CHILD.search(said.group("between")):
        return False
    # "Your name and relationship to the child": the child is who the adult is related to
    before = h[: said.start()]
    return not _CHILD.search(before) and not re.search(r"\bof\s+(?:your|the)\s*$", before)


def _child_field(h: str) -> HeaderGuess | None:
    """A question about the child's own details ("What is your child's date of birth?")."""
    if _CONSENT_WORDS.search(h):
        return None
    if not (_CHILD.search(h) or (_THEIR.search(h) and not _ADULT.search(h))):
        return None
    if re.search(r"\bupn\b|unique pupil number", h):
        return HeaderGuess(R.UPN)
    if re.search(r"\badmission\b|\badno\b", h):
        return HeaderGuess(R.ADNO)
    if re.search(r"\bdate of birth\b|\bdob\b|\bbirthday\b|\bbirth date\b|\bborn\b", h):
        return HeaderGuess(R.DOB)
    if re.search(r"\bpreferred\b|\bknown as\b", h):
        return HeaderGuess(R.PREFERRED_FORENAME)
    named = bool(re.search(r"\bname\b", h))  # "Child Name (First)", "Child Name (Last)"
    part = _name_part(
        bool(re.search(r"\bfirst names?\b|\bforenames?\b|\bgiven names?\b|\bchristian name\b", h))
        or (named and bool(re.search(r"\bfirst\b", h))),
        bool(re.search(r"\bsurname\b|\blast name\b|\bfamily name\b", h))
        or (named and bool(re.search(r"\blast\b|\bfamily\b", h))),
    )
    if part is not None:
        return part
    if re.search(r"\btutor\b|\bform\b|\bclass\b|\breg\b|\bregistration\b", h):
        return HeaderGuess(R.REG_GROUP)
    if re.search(r"\byear\b", h):
        return HeaderGuess(R.YEAR_GROUP)
    if re.search(r"\bname\b", h):
        return HeaderGuess(R.FULL_NAME)
    return None


_CONSENT_PHRASED = re.compile(
    r"\bconsent|\bpermission|\bagree|\bhappy\b|\ballow|\bmay we\b|\bcan we\b|\bcan the\b|"
    r"\bmay the\b|\bdo you give\b|\bare you\b|\bwould you\b|\bdo you\b|\bplease tick\b|"
    r"\bchoices?\b|\bpreferences?\b|\bfeel\b|\bwilling\b|\bok\b|\bokay\b"
)
_FORM_STATUS = re.compile(
    r"\b(?:forms?|slips?|letters?|returns?|paperwork|consents?)\b.*\b(?:returned|received|back|"
    r"signed|sent|completed|chased|issued|given out|handed in|outstanding)\b"
    r"(?!\s+(?:the|our|your))"
)
_HEADER_CHARS = 400
_GRID = re.compile(r"^(?P<stem>.*\S)\s*\[(?P<row>[^\[\]]+)\]\s*$")
_HALF = re.compile(r"\s+/\s+|\s+\|\s+")


# A key to the marks in a heading: "Website (0 = Yes, 1 = No)", "Social media (1 = consent,
# 0 = refuse)", "Newsletter (1=No, 2=Yes)", "Yes = 1", "1 for yes". The number and its word,
# joined by a sign or a word (a bare "7 yes" is not a key).
KEY_WORDS = r"yes|no|y|n|consent\w*|refus\w*|agree\w*|disagree\w*|object\w*|allow\w*"
_KEY_WORD = "(?P<w{n}>" + KEY_WORDS + ")"
_KEY_FORWARD = re.compile(
    r"(?<![\w/.:])(?:\(\s*(?P<n0>\d{1,2})\s*\)\s*"
    + _KEY_WORD.format(n=0)
    + r"|(?P<n1>\d{1,2})\s*(?:=|:|–|—|→|->|-(?!\d)|\bfor\b|\bmeans\b)\s*\(?\s*"
    + _KEY_WORD.format(n=1)
    + r")\b",
    re.IGNORECASE,
)
_KEY_REVERSE = re.compile(
    r"\b" + _KEY_WORD.format(n=2) + r"\s*(?:=|:|–|—|-|\()\s*(?P<n2>\d{1,2})\b(?![/.:]\d)",
    re.IGNORECASE,
)
# a number that names a part of the form, a class or a year ("Section 2 - Consent", "Year 7
# (1 = yes)"), not a mark: left out before a key is looked for
LABEL_NUMBER = re.compile(
    r"\b(?:class|year|yr|group|form|week|wk|term|page|set|room|tutor|reg|sheet|no|number|"
    r"section|part|question|q|step|item)\.?\s*\d{1,2}\w?\b",
    re.IGNORECASE,
)
_KEY_MEANING = (("disagree", "refuse"), ("consent", "consent"), ("agree", "consent"),
                ("allow", "consent"), ("refus", "refuse"), ("object", "refuse"), ("yes", "yes"),
                ("y", "yes"), ("no", "no"), ("n", "no"))  # fmt: skip


def heading_key(text: str) -> tuple[tuple[str, str], ...]:
    """The key to the marks a heading gives (mark -> ``yes``, ``no``, ``consent`` or
    ``refuse``); none when it gives none, or a mark two meanings."""
    found: dict[str, str] = {}
    for m in _key_marks(text):
        number, word = next(
            (m[f"n{i}"], m[f"w{i}"]) for i in range(3) if m.groupdict().get(f"n{i}")
        )
        lowered = word.lower()
        if m.groupdict().get("n2") and lowered not in ("yes", "no", "y", "n"):
            continue  # "Photo consent: 0" names the question, not what a 0 means
        meaning = next(v for k, v in _KEY_MEANING if lowered.startswith(k))
        if found.setdefault(str(int(number)), meaning) != meaning:
            return ()
    return tuple(sorted(found.items()))


def _key_marks(text: str) -> list[re.Match[str]]:
    """The marks a heading's key explains: "1 = Yes" written so ("Consent: 0" beside it is then
    not "0 means consent"), else "Yes = 1"; numbers that label a part of the form left out."""
    bare = LABEL_NUMBER.sub(" ", text)
    return list(_KEY_FORWARD.finditer(bare)) or list(_KEY_REVERSE.finditer(bare))


def _key_doubt(text: str) -> str:
    shown = "; ".join(m.group(0) for m in _key_marks(text))
    return (f"the heading gives a key to the marks ('{shown}'): they are read as the key says — "
            "confirm")  # fmt: skip


# "Do you mind us using photos…?", "Would you rather we didn't…?": Yes is an objection, in words
# that no other question uses; read so, and confirmed by a person
_RELUCTANCE = re.compile(
    r"\b(?:do|would|will|does|did)\s+(?:you|they)\s+mind\b|\bmind\s+(?:if|us|we|the|your|"
    r"our|photos?|images?|pictures?|him|her|them|being)\b|"
    r"\b(?:rather|prefer(?:red)?)\b(?:\s+\w+){0,3}?\s+(?:not|didnt|dont|wouldnt|werent|"
    r"wasnt|no)\b"
)


def answer_guess(
    text: str, labels: dict[str, str] | None = None, *, stem: str = "", note: str = ""
) -> HeaderGuess | None:
    """An answer column read from its question: the purposes it names, its polarity.

    ``stem`` is the question shared by several columns (a Google Forms grid or a Microsoft
    Forms Likert): its polarity and words count with the column's own statement.
    """
    key = heading_key(text)
    # the key's words ("0 = refuse") say what the marks mean, not which way the question asks
    bare = LABEL_NUMBER.sub(" ", text)
    h = normalise_header(_KEY_REVERSE.sub(" ", _KEY_FORWARD.sub(" ", bare)) if key else text)
    s = normalise_header(stem)
    both = f"{s} {h}".strip()
    in_row, in_stem = bool(_OBJECTION_RE.search(h)), bool(_OBJECTION_RE.search(s))
    objection = in_row != in_stem
    phrased = bool(in_row or in_stem or _CONSENT_PHRASED.search(both) or _TICK_RE.search(both))
    doubt = ""
    if key:
        doubt = _key_doubt(text)
    elif _RELUCTANCE.search(both):
        objection = True  # "do you mind…?", "prefer not on the website?": Yes, I mind
        phrased = True
        doubt = ("the question asks whether the parent minds, or would rather we did not "
                 "('Do you mind…?', 'Would you rather we didn't…?'): a Yes is read as "
                 "objecting — confirm")  # fmt: skip
    elif in_row and in_stem:
        doubt = ("both the question and its row are worded as objections: does Yes mean the "
                 "parent objects or not?")  # fmt: skip
    elif _UNTICK.search(both):
        objection = False  # ticked stays ticked: the parent agrees; a blank is the withdrawal
        doubt = ("the question asks parents to untick a box to withdraw or refuse: a tick "
                 "is read as agreeing and a blank as withdrawn — confirm")  # fmt: skip
    elif _NEGATED_OBJECTION.search(both) or _NOT_BEFORE_OBJECTING.search(both):
        doubt = ("the question speaks of objecting, opting out or withdrawing but with a 'not' "
                 "('no objection', 'do not wish to opt out'): does Yes mean the parent objects "
                 "or not?")  # fmt: skip
    elif not (in_row or in_stem) and (word := _NEGATION.search(_YES_NO.sub(" ", both))):
        doubt = (f"the question has '{word.group()}' in it: does Yes mean the parent agrees or "
                 "objects?")  # fmt: skip
    if doubt:
        note = f"{note}; {doubt}" if note else doubt
    purposes = purposes_in(text, labels)
    if not purposes and stem:
        purposes = purposes_in(stem, labels)
    if purposes:
        role = R.PURPOSE
        if _TICK_RE.search(both) and not stem:
            role = R.TICK_LIST  # "Tick the uses…": the values say which (see columns.py)
        return HeaderGuess(role, tuple(purposes), objection, phrased=phrased, note=note,
                           doubt=doubt, key=key)  # fmt: skip
    if _TICK_RE.search(both):
        return HeaderGuess(R.TICK_LIST, objection=objection, phrased=phrased, note=note,
                           doubt=doubt, key=key)  # fmt: skip
    if _CONSENT_WORDS.search(both) or names_medium(both):
        return HeaderGuess(R.OVERALL, objection=objection, phrased=phrased, note=note,
                           doubt=doubt, key=key)  # fmt: skip
    return None


def _recognise_one(text: str, labels: dict[str, str] | None) -> HeaderGuess:
    h = normalise_header(text)
    if not h or _PLACEHOLDER_RE.match(h):
        return _UNKNOWN
    exact = _EXACT.get(h)
    if exact is not None:
        return exact
    grid = _GRID.match(text.strip())
    if grid:
        g = answer_guess(grid.group("row"), labels, stem=grid.group("stem"),
                         note="a row of a Google Forms grid")  # fmt: skip
        if g is not None:
            return g
    if _NOTES_RE.search(h) and not _CONSENT_WORDS.search(h):
        return HeaderGuess(R.NOTES)  # ("Photograph consent - school use" is an answer)
    if _adult_name(h):
        return HeaderGuess(R.RESPONDENT_NAME)
    child = _child_field(h) or _child_field_abroad(h)
    if child is not None:
        return child
    if _EMAIL_RE.search(h) and not _CONSENT_WORDS.search(h):
        return HeaderGuess(R.RESPONDENT_EMAIL)
    if _RELATION_RE.search(h):
        return HeaderGuess(R.RELATIONSHIP)
    if _LIMIT_RE.search(h):
        return HeaderGuess(R.LIMITATION)
    if (
        _FORM_STATUS.search(h)
        and not re.search(r"\bdate|\bwhen\b|\bon\b", h)
        and not (
            _OBJECTION_RE.search(h)
            or _NEGATED_OBJECTION.search(h)
            or purposes_in(text, labels)
            or re.search(r"opt|refus|withdr|object", h)
        )
    ):
        # "Consent form returned? Y/N": whether the form came back, not what the parent said
        return HeaderGuess(R.IGNORE, note=FORM_BACK)
    return answer_guess(text, labels) or _UNKNOWN


def recognise_header(text: str, labels: dict[str, str] | None = None) -> HeaderGuess:
    """What a header alone says its column holds (``recognised=False`` when nothing fits).

    A bilingual header ("Dyddiad geni / Date of birth") is read half by half when the whole
    means nothing. ``labels`` are the trust's purposes (key -> label).
    """
    text = text[:_HEADER_CHARS]  # a header is a question, not a letter: bound the work
    guess = _recognise_one(text, labels)
    if guess.recognised or not _HALF.search(text):
        return guess
    for half in _HALF.split(text):
        g = _recognise_one(half, labels)
        if g.recognised:
            return g
    return guess


def header_list(headers: list[str] | tuple[str, ...], width: int = 40) -> str:
    """Headers for a one-line message: whitespace collapsed, long questions shortened."""
    shown = []
    for h in headers:
        text = " ".join(str(h).split())
        shown.append(text if len(text) <= width else text[: width - 1] + "…")
    return ", ".join(shown)


def header_score(cells: list[object]) -> tuple[int, int]:
    """``(recognised, text_cells)`` for a candidate header row."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    recognised = sum(1 for t in texts if recognise_header(t).recognised)
    return recognised, len(texts)
