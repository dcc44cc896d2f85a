"""The trust's settings: declared once with their defaults and allowed values, and every caller
(a new trust, the service that changes them, the settings dialog) keeps to that declaration."""

from __future__ import annotations

import pytest

from consent_desk.db.engine import Database
from consent_desk.domain import settings
from consent_desk.services.errors import ServiceError
from consent_desk.services.trust import get_settings, init_trust, update_settings


def test_a_new_trust_treats_non_returns_as_restricted(db: Database) -> None:
    """PRODUCT.md: "treat non-returns as restricted" is on by default."""
    s = init_trust(db, "Northern Lights Learning Trust")
    assert s.treat_non_returns_as_restricted is True
    assert get_settings(db) == s
    assert not s.single_user_desk  # user accounts are asked for until the COO says otherwise


@pytest.mark.parametrize(
    "setting", [s for s in settings.SETTINGS if isinstance(s, settings.Count)], ids=lambda s: s.key
)
def test_a_number_outside_its_bounds_is_refused_and_nothing_changes(
    trust_db: Database, setting: settings.Count
) -> None:
    before = get_settings(trust_db)
    for wrong in (setting.minimum - 1, setting.maximum + 1):
        with pytest.raises(ServiceError, match=f"from {setting.minimum} to {setting.maximum}"):
            update_settings(trust_db, "coo", **{setting.key: wrong})
    assert get_settings(trust_db) == before
    for right in (setting.minimum, setting.maximum):  # the bounds themselves are allowed
        assert (
            getattr(update_settings(trust_db, "coo", **{setting.key: right}), setting.key) == right
        )


def test_an_unknown_setting_or_a_blank_trust_name_is_refused(trust_db: Database) -> None:
    with pytest.raises(ServiceError, match=r"unknown setting.*colour"):
        update_settings(trust_db, "coo", colour="blue")
    with pytest.raises(ServiceError, match="give the trust name"):
        update_settings(trust_db, "coo", name="   ")
    assert update_settings(trust_db, "coo", name="  New   Name ").name == "New Name"


def test_each_setting_is_declared_once() -> None:
    keys = [s.key for s in settings.SETTINGS]
    assert len(keys) == len(set(keys)) == len(settings.BY_KEY)
