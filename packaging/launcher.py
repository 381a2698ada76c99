"""The frozen program's entry point: the same as the ``workbench`` command.

``workbench`` opens the application (``workbench FILE`` opens a review, ``--demo`` the
demo); any other arguments run a headless command (``workbench --help``).
"""

from workbench.launcher import main

raise SystemExit(main())
