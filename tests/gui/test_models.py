"""Every table model of the desk passes Qt's model tester, and shows what it should."""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import Qt

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.gui.models.manifest_tables import CandidatesModel, JuryModel
from jury_desk.gui.models.sessions import SessionsModel, list_sessions
from jury_desk.gui.models.trusted_keys import TrustedKeysModel
from tests.factories import make_manifest, manifest_dict


def display(model, row, column):
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_candidates_model(qtmodeltester):
    manifest = make_manifest(n_candidates=5)
    model = CandidatesModel(manifest)
    qtmodeltester.check(model)
    assert model.rowCount() == 5 and model.columnCount() == 3
    assert display(model, 0, 0) == "C001"
    assert display(model, 0, 1) == manifest.candidates[0].name
    assert display(model, 0, 2) == "2"
    shown = {str(display(model, r, c)) for r in range(5) for c in range(3)}
    assert not shown & {"True", "False", "boursier", "scholarship"}  # a blind field, never shown


def test_candidate_names_stay_hidden_when_the_bundle_blinds_them(qtmodeltester):
    raw = manifest_dict(n_candidates=2)
    raw["session"]["blind_fields"] = ["scholarship", "name"]
    model = CandidatesModel(Manifest.model_validate(raw))
    qtmodeltester.check(model)
    assert display(model, 0, 1) == "(masqué pendant la notation)"


def test_jury_model(qtmodeltester):
    model = JuryModel(make_manifest())
    qtmodeltester.check(model)
    assert model.rowCount() == 6
    assert [display(model, 0, c) for c in range(3)] == [
        "Hélène Rousseau",
        "Mines Paris – PSL",
        "Président(e) du jury",
    ]
    assert display(model, 1, 2) == "Membre · signe le PV"


def test_trusted_keys_model(qtmodeltester):
    model = TrustedKeysModel()
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
