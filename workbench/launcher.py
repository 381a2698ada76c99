"""The ``workbench`` command: opens the application, or runs a headless command.

``workbench``, ``workbench FILE`` and ``workbench --demo`` open the application; anything
else is handed to :mod:`workbench.cli`, which never imports Qt. Qt is imported only once a
window is really wanted, so headless commands start fast and run without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from workbench import APP_NAME, cli


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(file: str | None, demo: bool) -> int:
    if not has_display():
        print(
            f"{APP_NAME}: no display is available. Run it on a desktop, or under a virtual "
            "display (xvfb-run workbench), or use the headless commands (workbench --help).",
            file=sys.stderr,
        )
        return 1
    from workbench.gui.app import run

    return int(run(file=file, demo=demo))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        request = cli.gui_request(args)
    except cli.UsageError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 2
    if request is None:
        return cli.main(args)
    return run_gui(*request)


if __name__ == "__main__":
    raise SystemExit(main())
