"""Every table model of the desk passes Qt's model tester, and shows what it should."""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import Qt

from jury_desk.bundle.minisign import SecretKey
from jury_desk.gui.models.sessions import SessionsModel, list_sessions
from jury_desk.gui.models.trusted_keys import TrustedKeysModel


def display(model, row, column):
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_trusted_keys_model(qtmodeltester):
    model = TrustedKeysModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0  # until the trust store is read, after the first paint
    model.set_slots({})
    qtmodeltester.check(model)
    assert [display(model, r, 1) for r in range(2)] == ["(vide)", "(vide)"]
    key = SecretKey.generate().public_key()
    model.set_slots({"next": key})
    qtmodeltester.check(model)
    assert [display(model, r, 0) for r in range(2)] == ["Clé actuelle", "Prochaine clé"]
    assert display(model, 1, 1) == "Clé de la scolarité"  # minisign's boilerplate comment
    tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert key.key_id_hex in tip and key.fingerprint[:4] in tip


def test_sessions_model_lists_saved_sessions_newest_first(qtmodeltester, data_dir):
    folder = data_dir / "sessions"
    folder.mkdir()
    for name, stamp in (("old-2023", 1_700_000_000), ("new-2026", 1_760_000_000)):
        path = folder / f"{name}.jdsession"
        path.write_bytes(b"")
        os.utime(path, (stamp, stamp))
    (folder / "new-2026.jdsession.lock").write_bytes(b"")  # not a session
    model = SessionsModel()
    model.set_rows(list_sessions(data_dir))
    qtmodeltester.check(model)
    assert [display(model, r, 0) for r in range(2)] == ["new-2026", "old-2023"]
    assert "2023" in display(model, 1, 1)
    assert list_sessions(data_dir)[0].modified == datetime.fromtimestamp(1_760_000_000)
    assert list_sessions(data_dir / "nowhere") == []
