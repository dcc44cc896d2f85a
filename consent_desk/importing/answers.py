"""What a parent's answer in a cell means: one purpose's answer, or a tick-all-that-apply list.

Polarity matters (PRODUCT.md): under a question phrased as an objection ("Do you object to ...",
"tick any uses you object to") ``Yes``/ticked means ``refuse``. Phrases that carry their own
meaning ("I consent", "I do not consent", "consent refused", "no objection") keep it whatever the
question's polarity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import Enum

from consent_desk.domain.rules import NO_SIGNS, Answer, has_no_sign, is_emphatic_no
from consent_desk.importing.values import INVISIBLE

# apostrophes as one kind, and characters that show nothing dropped
_APOSTROPHES: dict[int, str | None] = {**INVISIBLE}
_APOSTROPHES.update(dict.fromkeys(map(ord, "’‘`´"), "'"))
_TRIM = " \t.!,;:-–—'\"“”„«»()[]"

# Answers whose meaning flips under an objection-phrased question.
_AFFIRMATIVE = {
    "yes", "y", "yeah", "yep", "yes please", "ok", "okay", "true", "1", "tick", "ticked",
    "checked", "selected", "agree", "i agree", "agreed", "✓", "✔", "☑", "✅", "√", "☒",
    "yes i do", "i do", "oui", "si", "sí", "tak", "ie", "ydw", "ydy", "ydyn", "oes",
    "strongly agree", "somewhat agree", "tend to agree", "mostly agree", "agree strongly",
    "cytuno", "rwy'n cytuno", "cytunaf", "zgadzam się", "d'accord", "je suis d'accord",
    "accept", "accepted", "i accept",
    "sure", "of course", "absolutely", "definitely", "certainly", "yes definitely",
    "yes absolutely", "yes of course", "yup", "aye",
}  # fmt: skip
_NEGATIVE = {
    "no", "n", "nope", "false", "0", "disagree", "i disagree", "i do not agree",
    "i don't agree", "i dont agree", "not agreed", "no i do not",
    "no i don't", "i do not", "i don't", "☐", "unticked", "not ticked", "non", "nie", "disagreed",
    "not ok", "not okay", "no not ok",
    "strongly disagree", "somewhat disagree", "tend to disagree", "mostly disagree",
    "disagree strongly", "nac ydw", "nac ydy", "nac ydyn", "nac oes", "nage", "naddo",
    "anghytuno", "dw i ddim yn cytuno", "nid wyf yn cytuno", "nie zgadzam się",
    "pas d'accord", "je ne suis pas d'accord",
}  # fmt: skip
# Marks typed into office sheets. A tick is a yes wherever it stands; a cross is a "no" beside
# ticks but a mark in its own right where it is the only mark (see ``columns.py``).
TICKS = frozenset({"✓", "✔", "☑", "✅", "√", "☒", "tick", "ticked", "checked", "selected"})
CROSSES = frozenset({"x", "✗", "✘", "❌", "✕", "✖", "╳", "×"})
# Boxes that are ticked, but not when they stand beside a plain tick (then ☒ may mean "crossed").
BOXES = frozenset({"☒"})
# Answers that mean the same whatever the question's polarity.
_CONSENT = {
    "i consent", "consent", "consent given", "consented", "given", "i give consent",
    "i give my consent", "yes i consent", "yes i give consent", "happy", "i am happy",
    "i'm happy", "yes happy", "happy to", "no objection", "no objections", "i do not object",
    "i don't object", "i dont object", "do not object", "not object", "permission given",
    "granted", "allowed", "allow", "i allow", "approve", "approved", "i give permission",
    "i give my permission", "i do give permission", "i do give my permission", "i do consent",
    "yes i do consent", "permission granted", "no problem", "no problems", "not a problem",
    "don't mind", "dont mind", "do not mind", "i don't mind", "i dont mind", "i do not mind",
    "don't object", "dont object", "no i do not object", "no i don't object",
    "no i dont object", "no i have no objection", "no i have no objections", "opt in",
    "opted in", "opt-in", "opted-in", "i opt in", "i have opted in",
    "i have no objection", "i have no objections", "no no objection", "no objection from me",
}  # fmt: skip
_REFUSE = {
    "i do not consent", "i don't consent", "i dont consent", "do not consent", "don't consent",
    "not consent", "no consent", "consent not given", "consent refused", "refused", "refuse",
    "i refuse", "withdrawn", "withdraw", "consent withdrawn", "i withdraw consent", "object",
    "i object", "objection", "objected", "not happy", "i am not happy", "i'm not happy",
    "no i do not consent", "no i don't consent", "no not happy", "not consented",
    "permission refused", "do not allow", "not allowed", "declined", "decline", "denied",
    "no permission", "not granted", "consent not granted", "permission not granted",
    "dim caniatâd", "dim caniatad", "dim caniatâd wedi ei roi", "opt out", "opted out",
    "opt-out", "opted-out", "withheld", "consent withheld", "not given", "i do not give consent",
    "i don't give consent", "i dont give consent", "i do not give my consent",
    "i don't give my consent", "i do not give permission", "i don't give permission",
    "i dont give permission", "i do not give my permission", "i don't give my permission",
    "i dont give my permission", "permission not given", "no permission given",
    "rather not", "prefer not", "i'd rather not", "i would rather not", "would rather not",
    "i'd prefer not", "i would prefer not", "prefer not to", "not keen",
    "yes i object", "yes i do object", "yes object", "yes i object to this",
    "yes i would object", "yes we object", "no i do not give consent",
}  # fmt: skip
_UNANSWERED = {
    "", "n/a", "not answered", "unanswered", "unsure", "not sure", "don't know",
    "dont know", "do not know", "?", "??", "tbc", "unknown", "-", "--", "na", "neutral",
    "neither agree nor disagree", "neither agree or disagree", "no opinion", "not applicable",
    "undecided", "dim barn", "ddim yn siŵr", "pending", "not collected", "awaiting reply",
    "not set",
}  # fmt: skip
MEANINGS = ("yes", "no", "consent", "refuse", "unanswered")
# Welsh answers: beside them "Na" is Welsh for No, not "n/a" (see ``columns.py``).
WELSH = frozenset({
    "ydw", "ydy", "ydyn", "oes", "ie", "cytuno", "rwy'n cytuno", "cytunaf", "nac ydw", "nac ydy",
    "nac ydyn", "nac oes", "nage", "naddo", "anghytuno", "dw i ddim yn cytuno",
    "nid wyf yn cytuno", "dim caniatâd", "caniatâd",
})  # fmt: skip

_LEAD_RE = re.compile(
    r"^(?P<lead>n/a|n\.a\.?|not applicable|yes|no|y|n|ok|okay|yes please|i consent|"
    r"i do not consent|i don't consent|consent given|consent refused|agree|disagree|happy|"
    r"not happy)\b\s*(?:[-–—,;:(/|]|\bbut\b)"
    r"\s*(?P<rest>.+)$"
)
# A remark that says the answer was changed, or that holds another bare answer ("Y (crossed out)
# N", "Yes (Mum) / No (Dad)", "Y -> N"), is not a limitation: the cell has two answers. A "no"
# that begins a restriction ("Yes - but no Facebook") is followed by a word and is not one.
_CHANGED_RE = re.compile(
    r"cross(?:ed)?[\s-]*(?:out|through|off)|\bcrossed\b|\bchanged?\b|\bcircled?\b|"
    r"\bscribbled\b|\bdeleted\b|\bamended\b|\bcorrected\b|\bstruck\b|->|→|=>|"
    r"\b(?:yes|no|y|n)\b(?=\s*(?:$|[()\[\]/|,;.!]))|"
    # the answer taken back or turned round in words: "Y - withdrawn 3/10", "Yes - consent
    # withdrawn Oct", "Y (N from 1/11)", "Yes, now opted out", "Y - no longer"
    r"\bwithdr[ae]w\w*|\brevok\w*|\brevoc\w*|\brescind\w*|\bretract\w*|\bcancel\w*|"
    r"\bopt(?:s|ed|ing)?[\s-]*(?:out|in)\b|\brefus\w*|\bdeclin\w*|\bno longer\b|"
    r"\bobject\w*|\bdisagree\w*|\bstop\w*|\bremov\w*|\bpull\w*|\bvoid\w*|\bnow\b|"
    r"\b(?:any|no)\s*more\b|\b(?:do not|don't|dont) use\b|"
    r"^\W*(?:y|n)\b|\b(?:yes|no|y|n)\s+(?:from|since|after|as of|now|wef)\b",
    re.IGNORECASE,
)
# A form's own hint in an option's wording ("Yes, with restrictions (please give details
# below)"): the form's words, not the parent's, so not part of the limitation.
_FORM_HINT = re.compile(r"\(\s*please\b[^()]*\)", re.IGNORECASE)


# A strong No, or one that declines: a refusal under a consent question, but under an objection
# question ("Do you object…? Never", "Tick if you do NOT want…: no thanks") it may be a parent
# answering the question the wrong way round: read by a person there, never taken as a consent.
_STRONG_NO = frozenset({
    "definitely not", "absolutely not", "certainly not", "of course not", "no way", "nah",
    "never", "no never", "not at all", "no thanks", "no thank you",
})  # fmt: skip


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return " ".join(text.split()).strip(_TRIM).replace(",", "")


def _classify(key: str, objection: bool) -> Answer | None:
    if " - " in key or " – " in key or " — " in key:  # "No - I do not object"
        key = " ".join(key.replace(" - ", " ").replace(" – ", " ").replace(" — ", " ").split())
    if key in _UNANSWERED:
        return Answer.UNANSWERED
    if key in _CONSENT:
        return Answer.CONSENT
    if key in _REFUSE:
        return Answer.REFUSE
    if key in _AFFIRMATIVE:
        return Answer.REFUSE if objection else Answer.CONSENT
    if key in _NEGATIVE:
        return Answer.CONSENT if objection else Answer.REFUSE
    if key in _STRONG_NO:
        return None if objection else Answer.REFUSE
    return None


def unticked(objection: bool) -> Answer:
    """A purpose not ticked: refused under a consent question, no objection under an
    objection question (PRODUCT.md)."""
    return Answer.CONSENT if objection else Answer.REFUSE


# The marks of a "Form returned?" column: it came back, or it did not. An x alone there is a
# tick; an x beside ticks could be a cross, and such a column is not read (``columns``). Some
# offices write the word ("Returned", "Not back yet", "Outstanding").
_BACK = frozenset({"y", "yes", "✓", "✔", "x", "true", "returned", "received", "back",
                   "came back", "handed in"})  # fmt: skip
_NOT_BACK = frozenset({"n", "no", "✗", "✘", "false", "not returned", "not received", "not back",
                       "not back yet", "not yet", "outstanding"})  # fmt: skip
RETURNED_MARKS = _BACK | _NOT_BACK


def came_back(value: object) -> bool | None:
    """What a cell of a "Form returned?" column says: True (Y, ✓, x: the form came back), False
    (N, ✗) or None (blank, or anything else: not said)."""
    key = mark_key(value)
    return True if key in _BACK else False if key in _NOT_BACK else None


def mark_key(value: object) -> str:
    """A cell as the key its meaning is looked up by (case, spaces and end punctuation ignored;
    a whole number as it is written, whether the cell holds 1 or 1.0)."""
    if value is None:
        return ""
    if type(value) is float and value.is_integer():
        value = int(value)
    return _key(str(value))


def meaning_answer(meaning: str, objection: bool) -> Answer:
    """A confirmed meaning of a mark (``yes``, ``no``, ``consent``, ``refuse``, ``unanswered``)
    as an answer under a question of the given polarity."""
    if meaning == "yes":
        return Answer.REFUSE if objection else Answer.CONSENT
    if meaning == "no":
        return Answer.CONSENT if objection else Answer.REFUSE
    return Answer(meaning)


# Negatives that are marks rather than a parent's word: an empty box is not ticked.
_MARK_NEGATIVES = frozenset({"☐", "unticked", "not ticked", "0", "false"})


def says_no(key: str) -> bool:
    """Whether ``key`` (see ``mark_key``) is a parent's No in words ("no", "nope", "I don't"),
    which under an objection question reads as no objection."""
    return key in _NEGATIVE and key not in _MARK_NEGATIVES


def known_word(key: str) -> bool:
    """Whether ``key`` (see ``mark_key``) is in the answer vocabulary at all."""
    return (key in _UNANSWERED or key in _CONSENT or key in _REFUSE or key in _AFFIRMATIVE
            or key in _NEGATIVE or key in _STRONG_NO or key in TICKS
            or key in CROSSES)  # fmt: skip


_HALVES = re.compile(r"\s+/\s+|\s*/\s*(?=\S)|\s+\|\s+")


def _bilingual(raw: str, objection: bool) -> Answer | None:
    """``Ydw / Yes``: each half read on its own; an answer only when every half is an answer and
    all say the same (``ValueError`` when two halves disagree)."""
    halves = [h for h in _HALVES.split(raw) if h.strip()]
    if len(halves) < 2:
        return None
    read = [_classify(_key(h), objection) for h in halves]
    found = {a for a in read if a is not None}
    if len(found) > 1:
        raise ValueError(f"'{raw[:80]}' says two different things: the halves disagree")
    if None in read:
        return None  # "Yes / first name only": an answer with a remark (see _LEAD_RE)
    return found.pop() if found else None


def read_answer(
    value: object, objection_phrased: bool, marks: Mapping[str, str] | None = None
) -> tuple[Answer, str | None]:
    """The answer in a cell and any remark written after it.

    ``marks`` are how this column's marks read, decided from the whole column or confirmed by a
    person (mark key -> meaning, see ``meaning_answer``); they come first.
    ``"Yes - group photos only"`` gives ``(CONSENT, "group photos only")``: the caller keeps the
    remark as a limitation. Raises ``ValueError`` for text that is not an answer.
    """
    if value is None:
        return Answer.UNANSWERED, None
    if marks:
        meaning = marks.get(mark_key(value))
        if meaning is not None:
            return meaning_answer(meaning, objection_phrased), None
    if isinstance(value, bool):
        positive = value
    elif isinstance(value, int | float):
        if value not in (0, 1):
            raise ValueError(f"'{value}' is not an answer: write Yes or No")
        positive = value == 1
    else:
        raw = " ".join(str(value).split())
        key = _key(raw)
        answer = _classify(key, objection_phrased)
        if answer is not None:
            return answer, None
        if key in TICKS:
            return (Answer.REFUSE if objection_phrased else Answer.CONSENT), None
        if key in CROSSES:
            # A cross on its own cannot be told from a tick: never read as consent.
            return Answer.REFUSE, None
        both = _bilingual(raw, objection_phrased)
        if both is not None:
            return both, None
        lowered = raw.lower().translate(_APOSTROPHES)
        lead = _LEAD_RE.match(lowered)
        if lead:
            first = _classify(_key(lead.group("lead")), objection_phrased)
            source = raw if len(lowered) == len(raw) else lowered
            rest_text = _FORM_HINT.sub("", source[lead.start("rest") :]).strip(_TRIM)
            if rest_text.count("(") > rest_text.count(")"):
                rest_text += ")"  # the trim took the closing bracket of "(…)"
            second = _classify(_key(rest_text), objection_phrased)
            if first is not None and purposes_in(rest_text):
                raise ValueError(
                    f"'{raw[:80]}' names a use in what follows the answer ('{rest_text[:40]}'): "
                    "a person must read which uses it allows"
                )
            # (from the end of the answer, with what joins it: the "-" of "Y -> N" is there)
            after = source[lead.end("lead") :]
            if first is not None and second is not first and _CHANGED_RE.search(after):
                raise ValueError(
                    f"'{raw[:80]}' looks changed or holds a second answer (crossed out, "
                    "circled, one answer then another): a person must read the form"
                )
            if first is not None and (second is None or second is first):
                return first, (rest_text if second is None and rest_text else None)
        raise ValueError(
            f"'{raw[:80]}' is not an answer the import can read for sure: a person must read "
            "what the parent meant"
        )
    if objection_phrased:
        return (Answer.REFUSE if positive else Answer.CONSENT), None
    return (Answer.CONSENT if positive else Answer.REFUSE), None


def parse_answer(value: object, objection_phrased: bool) -> Answer:
    """``consent``, ``refuse`` or ``unanswered`` for one cell; ``ValueError`` when the text is
    not an answer (the caller reports row and column). A remark after the answer
    (``"Yes - but no names"``) is rejected here: use ``read_answer`` to keep it."""
    answer, remark = read_answer(value, objection_phrased)
    if remark is not None:
        raise ValueError(f"'{value}' is an answer with a remark: keep the remark as a limitation")
    return answer


# --- purposes named in text -------------------------------------------------------------------

# Social media platforms by name (the social media purpose, and an option naming one of them)
_PLATFORM_NAMES = (
    r"facebook|instagram|\binsta\b|\bfb\b|\big\b|twitter|youtube|tik\s*tok|linkedin|snapchat|"
    r"whatsapp|\bthreads\b"
)
_PURPOSE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "social_media",
        re.compile(
            rf"social\s*media|\bsocials?\b|{_PLATFORM_NAMES}|\bx\s*\(?formerly twitter|"
            r"cyfryngau\s+cymdeithasol"
        ),
    ),
    (
        "press",
        re.compile(
            r"\bpress\b|newspaper|\b(?:local|national|tv|the|in the)\s+news\b|\bnews\s+"
            r"(?:media|outlets?|coverage|stories|articles?)\b|\btv\b|television|\bradio\b|"
            r"journalist|"
            r"(?:local|national|news|the|mass|other)\s+media|media\s+(?:outlets?|coverage)|"
            r"(?:local|national|news)\s*papers?\b|"
            r"\by\s+wasg\b|\bpapur(?:au)?\s+newydd|\by\s+cyfryngau\b(?!\s+cymdeithasol)|"
            r"\b(?:in|the)\s+(?:local\s+)?paper\b"
        ),
    ),
    (
        "video",
        re.compile(
            r"video(?!\s*(?:platform|sharing|site))|\bfilm|livestream|live[\s-]stream|\bstream|"
            # "recorded" alone is an office's word ("Objection recorded", "Recorded by")
            r"\brecordings?\b|\brecorded\s+(?:events?|performances?|assembl\w+|lessons?|"
            r"concerts?|shows?|plays?|footage|sessions?|and\s+(?:shared|streamed|broadcast))\b|"
            r"\bfideo|ffrydio|\bffilm"
        ),
    ),
    (
        "website",
        re.compile(r"web\s*sites?|\bweb\b|webpage|\bblog|\bonline\b(?!\s+form)|\bgwefan"),
    ),
    (
        "print",
        re.compile(
            r"newsletter|prospectus|\bprint|publicity|leaflet|brochure|poster|magazine|"
            r"publication|flyer|year\s?book|banner|cylchlythyr|prosbectws|printiedig|cyhoeddiad"
        ),
    ),
)
# Online learning journals shared with families (Tapestry, Seesaw, Class Dojo) are not named
# here: whether they count as "inside the academy" or as social media is the trust's to say, so
# a column about one is asked about.
_INTERNAL = re.compile(
    r"display|classroom|internal|inside|\bwithin\b|around\s+the\s+(?:academy|school)|"
    r"in\s+(?:the\s+)?(?:academy|school)\b|\bin[\s-]school\b|\bwalls?\b|"
    r"corridor|notice\s*board|arddangos|"
    r"\bschool\s+use\b|\bacademy\s+use\b|"
    r"yn\s+yr\s+ysgol|ystafell\s+ddosbarth"
)
_BARE_MEDIA = re.compile(r"^\W*media\W*$")
# "photographs and video images of your child" names the medium of every purpose, not the video
# purpose (the policy's own question, 10.1).
_MEDIUM = re.compile(
    r"\b(?:photo(?:graph)?s?|images?|pictures?|stills?)\s*(?:and|or|&|/|and/or|\+)\s*"
    r"(?:videos?|film(?:s|ing)?|moving images?)(?:\s+(?:images?|footage|clips?))?|"
    r"\b(?:videos?|film)\s*(?:and|or|&|/|and/or|\+)\s*(?:photo(?:graph)?s?|images?|pictures?)\b|"
    r"\bvideo\s+images?\b"
)


def names_medium(text: str) -> bool:
    """Whether ``text`` speaks of "photographs and video" as the medium of every use."""
    return bool(_MEDIUM.search(_key(text)))


def _label_words(label: str) -> list[str]:
    return [w for w in re.findall(r"\w+", _key(label)) if len(w) > 2]


# A parent's words that say no to a use: "No social media", "not on facebook please", "Except
# for: Facebook", "don't put on insta", "keep off FB", "Facebook: no", "Mum phoned - no photos at
# all". The use is what the "no" is about: the first word after those that only lead up to it
# ("not in the newspaper"); "no names on the website" says no to names, not to the website.
_SAYS_NO = re.compile(
    r"\b(?:no|none|nil|not|never|don'?t|do not|won'?t|wouldn'?t|shouldn'?t|mustn'?t|can'?t|without|"
    r"except|excluding|exclude|nothing|refus\w*|withdraw\w*|avoid\w*|anything but|apart from|"
    r"other than|(?:keep|stay)(?: \w+)? (?:off|out of|away from))\b"
)
_LEADING = frozenset({
    "on", "in", "the", "for", "of", "to", "a", "an", "any", "at", "into", "onto", "our", "your",
    "their", "my", "his", "her", "him", "them", "it", "school", "schools", "academy",
    "academys", "trust", "local", "national", "printed", "please", "use", "used", "using", "be",
    "being", "put", "post", "posted", "share", "shared", "upload", "uploaded", "show", "shown",
    "want", "wanted", "appear", "appearing", "go", "going", "photos", "photo", "photographs",
    "pictures", "picture", "pics", "pic", "images", "from", "via", "through", "consent", "t",
})  # fmt: skip
# words the purposes are not found by elsewhere, as parents write them
_SAID_FOR = {"sm": "social media", "paper": "newspaper", "papers": "newspapers",
             "online": "website social media", "internet": "website social media"}  # fmt: skip
# "no problem with…", "don't mind…": a "no" that says yes
_NO_BUT_YES = frozenset({
    "problem", "problems", "mind", "issue", "issues", "objection", "objections", "worries",
    "worry", "concerns", "concern", "restriction", "restrictions", "limits", "limit",
})  # fmt: skip
_NO_IMAGES_AT_ALL = re.compile(
    r"\b(?:no|not any|never any)\s+(?:photos?|photographs?|pictures?|pics|images?)\s*(?:"
    r"(?:at all|whatsoever)\b|(?:please|pls|plz|of (?:him|her|them|my (?:child|son|daughter)))?"
    r"\W*$)"
)
# "we refuse all", "no to everything", "object to all of them": no to every use
_NO_TO_ALL = re.compile(
    r"\b(?:refus\w*|declin\w*|objects?(?: to)?|(?:say|says|said) no to|no to)\s+(?:all|"
    r"everything|anything|any of (?:them|these|it)|all of (?:them|these|it)|every (?:use|one))\b"
)
# "Facebook: no", "Social media - NO", "website = no": a use, then the no
_USE_THEN_NO = re.compile(
    r"^(?P<use>[\w /&+]{2,40}?)\s*[:=–—-]?\s*\b(?:no|not allowed|never|refused|not ok|not okay)"
    r"\W*$"
)


def _uses_named(words: list[str], labels: Mapping[str, str] | None) -> list[str]:
    return purposes_in(" ".join(_SAID_FOR.get(w, w) for w in words), labels)


# A few words that say no and name nothing ("Withdrawn", "Never", "Mum says NO", "Prefer not",
# "We'd rather you didn't"): beside answers that consent, no to what they consent to, until a
# person reads them. Only short texts: a longer one says what its "never" is about.
_BARE_NO_WORDS = re.compile(
    r"^\W*(?:(?:consent|permission)\s+)?(?:withdrawn|withdraw|revoked|cancelled)\W*$|"
    r"^\W*(?:never|no\s+way|absolutely\s+not|definitely\s+not|certainly\s+not)\W*$|"
    r"^\W*(?:refused|refuse|refuses|declined|objects?|objected|no\s+consent|not\s+at\s+all|"
    r"please\s+don'?t|don'?t|dont|do\s+not|do\s+not\s+use|don'?t\s+use|not\s+this\s+year|"
    r"opted\s+out|opt\s+out)\W*$|"
    r"\bchanged\s+(?:(?:my|our|her|his|their)\s+)?minds?\b|^\W*w\s*/\s*d\W*$|"
    r"\b(?:i\s+|we\s+)?(?:do\s+not|don'?t)\s+(?:give\s+)?(?:consent|agree)\b|"
    r"\b(?:don'?t|do\s+not)\s+(?:post|share|publish|use|put|show)(?:\s+(?:it|them|her|him|"
    r"any|(?:any\s+|her\s+|his\s+)?(?:photos?|pictures?|pics|images?)))?\W*$|"
    r"\bdim\s+lluniau\b|"
    r"\bwithdr[ae]w\w*|\brevok\w*|\bremove\s+(?:my\s+|our\s+|the\s+)?(?:consent|permission)\b|"
    r"\bcancel\w*|\bnot\s+any\s*more\b|\bno\s+longer\b|\bactually\s+no\b|\bnot\s+happy\b|"
    r"^\W*stop\W*$|\bi\s+object\b|\b(?:don'?t|do\s+not)\s+use\s+any\b|"
    r"\b(?:says?|said)\s+no\b|\bprefer(?:s|red)?\s+not\b|"
    r"\brather\s+(?:you|they|we|he|she)?\s*(?:didn'?t|did\s+not|not|wouldn'?t)\b"
)
_BARE_NO_MAX_WORDS = 6
_TAKE_DOWN = re.compile(
    r"\b(?:remove|removed|delete|deleted|take\s+(?:\w+\s+){0,2}?(?:down|off)|taken\s+down)\b"
)


def refused_in(text: str, labels: Mapping[str, str] | None = None) -> tuple[str, ...] | None:
    """The purposes a parent's words say no to ("No social media" -> social_media); None when
    they say no to images at all ("no photos at all": every use), or say no and name nothing
    ("Withdrawn", "Mum says NO")."""
    t = _key(text)
    if _NO_IMAGES_AT_ALL.search(t) or _NO_TO_ALL.search(t) or is_emphatic_no(text):
        return None
    found: list[str] = []
    for m in _SAYS_NO.finditer(t):
        words = re.findall(r"[\w/&+]+", t[m.end() :])
        if words and words[0] in _NO_BUT_YES:
            continue
        while words and words[0] in _LEADING:
            words.pop(0)
        if not words or not _uses_named(words[:1], labels):
            continue  # the "no" is about something else ("no names on the website")
        found += [key for key in _uses_named(words[:3], labels) if key not in found]
    if _TAKE_DOWN.search(t):
        # "Please remove her from the class photo online": no to the uses it names anywhere
        # (a take-down asked for), or to every use when it names none
        named = _uses_named(re.findall(r"[\w/&+]+", t), labels)
        if not named:
            return None
        found += [key for key in named if key not in found]
    for part in re.split(r"[;,/]|\band\b|\bbut\b", text.lower()):
        said = _USE_THEN_NO.match(_key(part))
        if said and len(said["use"].split()) <= 4:
            found += [k for k in _uses_named(said["use"].split(), labels) if k not in found]
    if (
        not found
        and len(t.split()) <= _BARE_NO_MAX_WORDS
        and (_BARE_NO_WORDS.search(t) or has_no_sign(t))
    ):
        return None
    return tuple(found)


def purposes_in(text: str, labels: Mapping[str, str] | None = None) -> list[str]:
    """The purpose keys that ``text`` names (in PURPOSE_KEYS order of precedence).

    "social media" is social_media, never press; "media" alone is press. ``internal`` counts only
    when nothing else is named ("photos in the academy newsletter" is print). "Photographs and
    video images" is the medium, not the video purpose. ``labels`` are the trust's purposes
    (key -> label): a purpose the trust added is found by its label's words, and only the
    trust's purposes are returned.
    """
    t = _MEDIUM.sub(" ", _key(text.replace("_", " ")))
    found = [key for key, pattern in _PURPOSE_PATTERNS if pattern.search(t)]
    if not found:
        if _INTERNAL.search(t):
            found.append("internal")
        elif _BARE_MEDIA.match(t):
            found.append("press")
    if labels is None:
        return found
    words = set(re.findall(r"\w+", t))
    added: list[str] = []
    for key, label in labels.items():
        if key in found or key in _DEFAULT_PATTERN_KEYS:
            continue
        wanted = _label_words(label) or [key.replace("_", " ")]
        if all(w in words for w in wanted):
            added.append(key)
            # the trust's own purpose wins over a default one named by the same words
            t = re.sub(r"\b(?:" + "|".join(map(re.escape, wanted)) + r")\b", " ", t)
    if added:
        found = [key for key, pattern in _PURPOSE_PATTERNS if pattern.search(t)]
        if not found and _INTERNAL.search(t):
            found.append("internal")
    return [k for k in (*found, *added) if k in labels]


_DEFAULT_PATTERN_KEYS = frozenset({*(k for k, _ in _PURPOSE_PATTERNS), "internal"})


def purpose_of(text: str) -> str | None:
    """The one purpose a choice or header names (the first by precedence), else ``None``."""
    found = purposes_in(text)
    return found[0] if found else None


class Choice(Enum):
    """What one ticked option of a tick-all-that-apply list means."""

    TICK = "tick"  # these purposes ticked (the list's polarity decides what a tick means)
    NONE = "none"  # "none of the above": nothing ticked
    ALL = "all"  # "all of the above": everything ticked
    REFUSE = "refuse"  # "I do not consent to any of these": refuse, whatever the polarity
    CONSENT = "consent"  # "I consent to all of these", "I do not object to any of these"
    # names a use but also excludes, limits or judges it ("not Facebook", "all except the
    # press", "check with me before the press", "newsletter is fine"): a parent's own words,
    # not the list's option; a person reads them
    UNSURE = "unsure"
    # one of the form's own options that a person said is a tick of these purposes ("School
    # website (no names)"): a tick, with the option's words kept as the parent's limitation
    CONFIRMED = "confirmed"
    UNKNOWN = "unknown"


_NO_OBJECTION = re.compile(r"(?:do not|don't|dont|not|no)\s+object|\bno\s+objections?\b")
_REFUSE_PHRASE = re.compile(
    r"(?:do not|don't|dont|not)\s+(?:give\s+(?:my\s+)?)?consent|\bobject|\brefuse|\bwithdraw|"
    r"not\s+happy|\bno\s+consent|\bno\s+(?:photos?|photographs?|images?|pictures?|filming|videos?)"
    r"\b|\bdo\s+not\s+(?:use|want|wish)|\bnot\s+to\s+be\b"
)
_CONSENT_PHRASE = re.compile(
    r"^(?:yes\s+)?i\s+(?:give\s+(?:my\s+)?)?consent\b|^consent\s+to\b|"
    r"^(?:yes\s+)?(?:i\s+am\s+|i'?m\s+)?(?:happy|content)\s+(?:for|with)\b|^i\s+agree\s+to\b"
)
_LEAD_SPLIT = re.compile(r"\s+[–—-]+\s+|\s*[:;(]\s*|\s*[–—]\s*")
_EVERYTHING = re.compile(r"\b(?:any|all|these|every|everything|at all|of the above)\b")
# Words that, beside a use an option names, make it more than a tick of that use: it excludes
# or limits it, puts a condition on it, or says what the parent thinks of it.
_QUALIFIED = re.compile(
    r"\b(?:except|excluding|exclude|excl|exc|ex|bar|minus|save|apart|other\s+than|but|besides|"
    r"without|unless|not|no|"
    r"never|nor|ask|asked|check|before|after|instead|rather|prefer|fine|ok|okay|happy|good|great|"
    r"allowed|please|yes)\b|n't\b"
)
# A cross or a no beside a use an option names ("Press ✗", "❌ press", "Press: Na", "Ddim y
# wasg", "Nope to press"): the parent's own mark on it, not a tick of it
_NO_MARK = re.compile(
    f"[{NO_SIGNS}×☒]" r"|\b(?:n|na|nah|nope|nay|dim|ddim|nid|non|nein|nie|não|nao)\b"
)
_ONLY = re.compile(r"\bonly\b")
_ASIDE = re.compile(r"\s[-–—:]\s|\(|:")
_NONE_RE = re.compile(r"^(?:none|none of (?:the above|these|them)|nothing|neither|no)$")
# What may follow "All" or "None" and add nothing ("All of the above - thanks")
_NOTHING_MORE = re.compile(
    r"^(?:thanks?|thank\s+you|please|of\s+(?:the\s+)?above|of\s+these|of\s+them|uses?|"
    r"options?|ticked|[\s.!,;:()\[\]-])*$"
)
_ALL_RE = re.compile(
    r"^(?:all|all of (?:the above|these|them)|everything|all uses|any|both|"
    r"all (?:the )?(?:photos?|photographs?|images?|pictures?))$"
)


# Words for a whole area of uses ("anything online", "publicity of any kind", "websites and
# apps"): which uses an option means by one is for a person to read, unless it names every use
# the area spans ("Online (website and social media)"). The vocabulary reads "online" as the
# website and "publicity" as print, which under a list of uses to object to would leave the
# rest of the area agreed to. An app (the school's, Class Dojo, Tapestry) is the trust's to
# place: beside uses it names, it is asked about; alone, it names no use.
_AREAS = (
    (re.compile(r"\bonline\b(?!\s+form)|\binternet\b"), ("website", "social_media")),
    (re.compile(r"(?<!printed )\bpublicity\b"), ("website", "social_media", "print", "press")),
    (re.compile(r"\bapps?\b"), None),
    # "Media" alone: the press, or social media too?
    (re.compile(r"^\W*(?:the\s+)?media\W*$"), ("press", "social_media")),
)  # fmt: skip
# each area as a person reads it, in the order of _AREAS
_AREA_SAID = (
    "online: websites and social media", "publicity: any of the uses",
    "an app: which use it is, the trust says", "media: the press, or social media too",
)  # fmt: skip


# Social media named as a whole ("Social media", "Academy social media (Facebook, X)"), not
# one platform ("Facebook", "Social media: Facebook")
_SOCIAL_WHOLE = re.compile(r"\bsocial\s*(?:media|networks?|networking)\b|cyfryngau\s+cymdeithasol")
_PLATFORM = re.compile(rf"{_PLATFORM_NAMES}|\bx\b|class\s*dojo|seesaw|tapestry")
# "(all platforms)", "any channel", "every kind": all of the use the option names ("any
# newsletter" is not all of print)
_ALL_OF_IT = re.compile(
    r"\b(?:all|every|any)\s+(?:the\s+)?(?:platforms?|sites?|channels?|accounts?|kinds?|types?|"
    r"forms?|uses?|of\s+(?:it|them|these))\b|\(\s*all\b\s*\)?"
)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def covers_all(option: str) -> bool:
    """Whether a tick-list option covers all of the uses it names: it says so of the use
    ("Social media (all platforms)", "Video (all kinds)"; not "any newsletter"), or names social
    media as a whole, any platforms only in brackets ("Academy social media (Facebook, X)")."""
    if _ALL_OF_IT.search(_key(option)):
        return True
    outside = _BRACKETED.sub(" ", unicodedata.normalize("NFKC", option).lower())
    return bool(_SOCIAL_WHOLE.search(outside)) and not _PLATFORM.search(
        _SOCIAL_WHOLE.sub(" ", outside)
    )


def says_only(option: str) -> bool:
    """Whether a tick-list option limits the use it names itself ("Facebook only")."""
    return bool(_ONLY.search(_key(option)))


def areas_in(text: str) -> list[str]:
    """The words for a whole area of uses ``text`` uses ("online", "publicity": ``_AREAS``),
    each said as a person reads it ("online: websites and social media")."""
    key = _key(text)
    return [said for (pattern, _), said in zip(_AREAS, _AREA_SAID, strict=True)
            if pattern.search(key)]  # fmt: skip


def _area_unsure(key: str, labels: Mapping[str, str] | None) -> bool:
    """Whether ``key`` (an option, as ``_key`` gives it) speaks of a whole area of uses
    (``_AREAS``) without naming each use in it."""
    areas = [(pattern, span) for pattern, span in _AREAS if pattern.search(key)]
    if not areas:
        return False
    rest = key
    for pattern, _ in areas:
        rest = pattern.sub(" ", rest)
    named = set(purposes_in(rest, labels))
    for _, span in areas:
        if span is None:
            if named:
                return True
            continue
        if any(use not in named and (labels is None or use in labels) for use in span):
            return True
    return False


def classify_choice(
    text: str, labels: Mapping[str, str] | None = None
) -> tuple[Choice, tuple[str, ...]]:
    """The meaning of one option from a tick list, with the purposes it names.

    For ``REFUSE`` and ``CONSENT`` an empty tuple means every purpose.
    """
    key = _key(text)
    if _NONE_RE.match(key):
        return Choice.NONE, ()
    if _ALL_RE.match(key) or _ALL_RE.match(" ".join(_MEDIUM.sub(" ", key).split())):
        return Choice.ALL, ()  # "All photos and video": every use (the medium names no purpose)
    parts = _LEAD_SPLIT.split(key, maxsplit=1)
    if len(parts) == 2 and (_NONE_RE.match(parts[0]) or _ALL_RE.match(parts[0])):
        # "None of these – I'm happy for all of them": the words after say what it means
        rest = parts[1].strip(_TRIM)
        if _NO_OBJECTION.search(rest) or _CONSENT_PHRASE.search(rest):
            return Choice.CONSENT, ()
        if _REFUSE_PHRASE.search(rest):
            return Choice.REFUSE, ()
        if rest and not _NOTHING_MORE.match(rest):
            # "All (not social media)", "None (except Facebook)", "All - Facebook": the words
            # after make an exception, or may: a person reads them
            return Choice.UNSURE, tuple(purposes_in(rest, labels))
        return (Choice.NONE if _NONE_RE.match(parts[0]) else Choice.ALL), ()
    purposes = tuple(purposes_in(text, labels))
    if _area_unsure(key, labels):
        return Choice.UNSURE, purposes
    everything = bool(_EVERYTHING.search(key))
    scope = () if everything else purposes
    # qualified: beside the words of a "no objection" or consent phrase itself
    qualified = (purposes or everything) and (
        _QUALIFIED.search(_CONSENT_PHRASE.sub(" ", _NO_OBJECTION.sub(" ", key)))
        or _NO_MARK.search(key)
        # "Social media only" is the list's option; "Website - first name only" and "Photos
        # on the website only when named" add the parent's own condition
        or (_ONLY.search(key) and (_ASIDE.search(text) or len(key.split()) > 4))
    )
    if _NO_OBJECTION.search(key):
        return (Choice.UNSURE, purposes) if qualified else (Choice.CONSENT, scope)
    if _REFUSE_PHRASE.search(key):
        return Choice.REFUSE, scope  # a refusal of what it names (never a consent)
    if qualified:
        return Choice.UNSURE, purposes
    if _CONSENT_PHRASE.search(key):
        return Choice.CONSENT, scope
    if purposes:
        return Choice.TICK, purposes
    return Choice.UNKNOWN, ()


_SEPARATORS = " \t;,\n"


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_choices(text: str, known: Iterable[str] = ()) -> list[str]:
    """The options ticked in a tick-all-that-apply cell.

    Microsoft Forms joins options with ``;`` (and a trailing ``;``); Google Forms with ``, ``;
    JotForm and some others put each on its own line.
    Known option labels (``known``) are matched first, longest first, so a label that itself holds
    ", " stays whole; otherwise the text is split on ``;`` if there is one, else on commas that
    are not inside brackets ("Social media (Facebook, X, Instagram)" stays one option).
    """
    text = text.strip()
    if not text:
        return []
    labels = sorted({k.strip() for k in known if k and k.strip()}, key=len, reverse=True)
    if not labels:
        separators = (";" if ";" in text else ",;") + "\n"
        return _split_outside_brackets(text, separators)
    lowered = text.lower()
    lowered_labels = [(label.lower(), label) for label in labels]
    result: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i] in _SEPARATORS:
            i += 1
        if i >= n:
            break
        for low, label in lowered_labels:
            end = i + len(low)
            if lowered.startswith(low, i) and (end == n or text[end] in _SEPARATORS):
                result.append(label)
                i = end
                break
        else:
            rest = _split_outside_brackets(text[i:], (";" if ";" in text else ",;") + "\n")
            piece = rest[0] if rest else text[i:].strip()
            result.append(piece)
            found = text.find(piece, i)
            i = (found if found >= 0 else i) + len(piece)
    return result
