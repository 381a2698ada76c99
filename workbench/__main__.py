from workbench.launcher import main

raise SystemExit(main())
