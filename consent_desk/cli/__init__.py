"""The command line. Every command is a thin client of ``consent_desk.services``."""
