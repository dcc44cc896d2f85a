"""``consent-desk``: the desktop app with no arguments, the command line with a command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from consent_desk.cli.main import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, then_exit=True)


if __name__ == "__main__":
    sys.exit(main())
