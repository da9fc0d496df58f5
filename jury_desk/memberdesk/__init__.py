"""The member desk (issue 12, DESIGN.md §9), Qt-free: one member's own machine.

It opens the bundle verified as the room desk does and the member's key file, keeps its own
state durably (drafts sealed to the member, its outbox, the room's replies), shows only that
member's candidates, and sends each act as a signed message to the room desk, the only
writer of the session's log (``deliberation/ledger.py``). The GUI is a thin face over it.
"""
