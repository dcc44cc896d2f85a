"""Academic years: 1 September to 31 August, written ``2025/26``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_YEAR_RE = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


class AcademicYearError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class AcademicYear:
    start_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 8, 31)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        m = _YEAR_RE.match(text or "")
        if not m:
            raise AcademicYearError(f"'{text}' is not an academic year: write it like 2025/26")
        start = int(m.group(1))
        end = int(m.group(2))
        expected_end = (start + 1) % 100 if len(m.group(2)) == 2 else start + 1
        if end != expected_end:
            raise AcademicYearError(
                f"'{text}' is not an academic year: the second part must be the year after "
                f"the first (e.g. {start}/{(start + 1) % 100:02d})"
            )
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> AcademicYear:
        return cls.containing(date.today())
