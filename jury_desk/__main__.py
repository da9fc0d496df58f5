from jury_desk.cli import main

raise SystemExit(main())
