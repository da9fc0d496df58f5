"""Members' keys, sealed envelopes and the signed event log (DESIGN.md §3–§4).

Qt-free and free of the deliberation rules: ``member_key`` (Ed25519 keys in minisign's
formats), ``envelope`` (HPKE: sheets sealed to the reveal key, drafts to their author, the
reveal key to the chair), ``reveal_pin`` (the chair's reveal key, pinned by the bundle) and
``event_log`` (the signed, session-bound hash chain).
"""
