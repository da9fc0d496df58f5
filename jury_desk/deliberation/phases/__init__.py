"""The service's work, one module per phase of a session (issue 10 §3.1).

Plain functions that take the write transaction (``transaction.Tx``) or a read ``Room``:
``opening`` (create, resume, re-verify), ``attendance`` (check-in, passphrases, conflicts),
``scoring`` (drafts, seals, the reveal), ``decisions`` (revisions, notes, proposals,
approvals, objections) and ``closing`` (close, reopen). Only ``DeliberationService`` calls
them: it keeps the lock, the transactions and authentication, so every rule and every
write still goes through its one choke point (a test checks that nothing outside
``jury_desk.deliberation`` imports this package).
"""
