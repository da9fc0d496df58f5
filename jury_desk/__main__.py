import multiprocessing

from jury_desk.cli import main

# A frozen app starts its worker processes (audit verify's chain check) through itself.
multiprocessing.freeze_support()
raise SystemExit(main())
