"""jury_desk.store: one SQLite file per session (DESIGN.md §4).

``engine`` (pragmas, lock), ``session_file`` (open/create), ``migrations`` (schema
versions), ``tables`` (SQLModel), ``audit`` (hash chain), ``tally`` (cached reconciliation).
"""
