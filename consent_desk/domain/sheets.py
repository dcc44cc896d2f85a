"""Which learners a restricted-learner sheet (or a set of pre-filled forms) covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ScopeKind = Literal["academy", "year_group", "reg_group", "learners"]


@dataclass(frozen=True)
class SheetScope:
    """Which learners a restricted-learner sheet covers."""

    kind: ScopeKind
    value: str = ""  # the year group or registration group
    learner_ids: tuple[int, ...] = ()  # a hand-picked group (a trip, a team)
    title: str = ""  # the hand-picked group's name
    restricted_only: bool = True
    page_per_group: bool = False

    def describe(self) -> str:
        if self.kind == "year_group":
            return f"Year {self.value}" if self.value.isdigit() else self.value
        if self.kind == "reg_group":
            return f"group {self.value}"
        if self.kind == "learners":
            return self.title or f"{len(self.learner_ids)} chosen learners"
        return "the whole academy"
