"""The keys of what one desk remembers in QSettings (a leaf module: the window's parts read
them without importing the app's entry point, ``gui.app``, which imports the window)."""

from __future__ import annotations

DATABASE_KEY = "database/url"  # a desk's chosen database (Settings → Database), in QSettings
