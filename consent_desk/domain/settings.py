"""The trust's settings, each declared once: its key, its default, its bounds and its words.

The database columns (``db.models.Trust``), a new trust, the services that read and change
settings, the settings dialog and the command line all take a setting's default, its allowed
values and its label from here. To add a setting: declare it below, add it to ``SETTINGS``, and
add the column with a migration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class SettingError(ValueError):
    """A value a setting cannot take; the message says what it can take."""


@dataclass(frozen=True)
class Flag:
    """A yes/no setting."""

    key: str
    default: bool
    label: str
    help: str

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise SettingError(f"{self.label.lower()} is yes or no")
        return value

    def parse(self, text: str) -> bool:
        """The value typed on a command line: yes/no, on/off, true/false."""
        word = text.strip().casefold()
        if word in ("yes", "y", "on", "true", "1"):
            return True
        if word in ("no", "n", "off", "false", "0"):
            return False
        raise SettingError(f"{self.key} is yes or no (not '{text}')")

    def allowed(self) -> str:
        return "yes or no"


@dataclass(frozen=True)
class Count:
    """A whole number between ``minimum`` and ``maximum`` (of ``unit``s)."""

    key: str
    default: int
    label: str
    help: str
    minimum: int
    maximum: int
    unit: str  # "years", "minutes", ...: how the value reads after the number

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(f"{self.label.lower()} is a whole number of {self.unit}")
        if not self.minimum <= value <= self.maximum:
            raise SettingError(
                f"{self.label.lower()} must be from {self.minimum} to {self.maximum} {self.unit} "
                f"(not {value})"
            )
        return value

    def parse(self, text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise SettingError(
                f"{self.key} is a whole number of {self.unit} from {self.minimum} to "
                f"{self.maximum} (not '{text}')"
            ) from None
        return self.check(number)

    def allowed(self) -> str:
        return f"{self.minimum} to {self.maximum} {self.unit}"


@dataclass(frozen=True)
class Text:
    """A line of text of at most ``max_length`` characters; ``required`` or else may be unset
    (``None``)."""

    key: str
    default: str | None
    label: str
    help: str
    max_length: int
    required: bool = False

    def check(self, value: object) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise SettingError(f"give the {self.label.lower()}")
            return None
        if not isinstance(value, str):
            raise SettingError(f"{self.label.lower()} is text")
        text = " ".join(value.split()) if self.required else value.strip()
        if len(text) > self.max_length:
            raise SettingError(
                f"{self.label.lower()} is {len(text)} characters: at most {self.max_length}"
            )
        return text

    def parse(self, text: str) -> str | None:
        return self.check(text)

    def allowed(self) -> str:
        return f"text, at most {self.max_length} characters" + (
            "" if self.required else " or blank"
        )


Setting = Flag | Count | Text

TRUST_NAME = Text("name", None, "Trust name", "The trust's name, printed on every document", 200,
                  required=True)  # fmt: skip
LOGO_PATH = Text(
    "logo_path", None, "Logo", "A picture file printed at the top of sheets and lists", 500
)
TREAT_NON_RETURNS_AS_RESTRICTED = Flag(
    "treat_non_returns_as_restricted",
    True,
    "Treat learners with no return as restricted",
    "Recommended: until a parent or carer has answered, do not use images of the learner. "
    "They appear on the restriction list and the sheets as NO RETURN YET.",
)
RETENTION_YEARS = Count(
    "retention_years",
    2,
    "Keep leavers' data",
    "How long the data of learners who left is kept",
    1,
    50,
    "years",
)
INACTIVITY_LOCK_MINUTES = Count(
    "inactivity_lock_minutes",
    10,
    "Lock after",
    "Once people log in, the window is covered after this long without a key press or a "
    "click, until they type their password again",
    1,
    240,
    "minutes",
)
BACKUPS_TO_KEEP = Count(
    "backups_to_keep",
    14,
    "Backups to keep",
    "Consent Desk copies its database once a day when it starts (embedded database only) and "
    "keeps this many copies",
    1,
    365,
    "daily backups",
)
SINGLE_USER_DESK = Flag(
    "single_user_desk",
    False,
    "Single-user desk",
    "The COO chose, knowingly, to work without user accounts",
)

SETTINGS: tuple[Setting, ...] = (
    TRUST_NAME,
    LOGO_PATH,
    TREAT_NON_RETURNS_AS_RESTRICTED,
    RETENTION_YEARS,
    INACTIVITY_LOCK_MINUTES,
    BACKUPS_TO_KEEP,
    SINGLE_USER_DESK,
)
BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def defaults() -> dict[str, object]:
    """Every setting's default, by key (the name has none: a trust is given one)."""
    return {s.key: s.default for s in SETTINGS if s is not TRUST_NAME}


def checked(changes: Mapping[str, object]) -> dict[str, object]:
    """``changes`` with each value checked (and tidied) by its setting; ``SettingError`` names
    an unknown setting or a value it cannot take."""
    unknown = sorted(set(changes) - set(BY_KEY))
    if unknown:
        known = ", ".join(BY_KEY)
        raise SettingError(f"unknown setting(s): {', '.join(unknown)} (settings: {known})")
    return {k: BY_KEY[k].check(v) for k, v in changes.items()}
