"""The import wizard: file → sheet and header preview → column mapping → dry run → import (on a
worker, with progress and Cancel) → result."""

from consent_desk.gui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
