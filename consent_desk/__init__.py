"""Consent Desk: photo and video consent returns for the academies of a multi-academy trust."""

__version__ = "0.1.0"
APP_NAME = "Consent Desk"
