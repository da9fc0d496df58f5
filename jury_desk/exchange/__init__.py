"""Member desk <-> room desk: signed messages over files or the room network (DESIGN.md §9).

The exchange carries *envelopes*: an opaque body (a signed event of the session's log, or a
verdict of the room desk) plus the fields the room desk needs to route it (bundle id, seq and
fingerprint, sender, recipient, the sender's own sequence number), all signed by the sender's
Ed25519 key. Both transports carry the same records:

* files (``outbox``, ``inbox``): one append-only file per member and direction, safe when a
  USB key is pulled mid-write;
* the room network (``network``): TLS 1.3 with pinned self-signed certificates, paired once
  with a short code.

Which message is *allowed* is not decided here: the room desk hands each verified envelope,
in sequence order, to the deliberation service (the ``Ledger``) and sends its verdict back.
Qt-free, like every package but ``gui``.
"""
