"""The desktop app: a thin PySide6 client of ``consent_desk.services``."""
