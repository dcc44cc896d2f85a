"""The purposes a parent/carer answers for. The keys are fixed; labels are trust-configurable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PurposeInfo:
    key: str
    label: str
    description: str


DEFAULT_PURPOSES: tuple[PurposeInfo, ...] = (
    PurposeInfo("internal", "Displays in the academy", "Displays and learning inside the academy"),
    PurposeInfo("website", "Websites", "Academy and trust websites"),
    PurposeInfo(
        "social_media",
        "Social media",
        "Academy and trust social media, including video platforms",
    ),
    PurposeInfo("print", "Print", "Newsletters, prospectus, printed publicity"),
    PurposeInfo("press", "Press", "Local and national press and media"),
    PurposeInfo("video", "Video", "Video recordings and livestreams"),
)

PURPOSE_KEYS: tuple[str, ...] = tuple(p.key for p in DEFAULT_PURPOSES)
PURPOSE_LABELS: dict[str, str] = {p.key: p.label for p in DEFAULT_PURPOSES}
