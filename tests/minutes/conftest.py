"""Signer keys and PVs shared by the minutes tests (made once per session: RSA and PBKDF2
are the slow part)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jury_desk.minutes.model import Minutes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.signer_keys import create_signer_p12
from tests.minutes.sample import make_minutes


@dataclass(frozen=True)
class Key:
    path: Path
    passphrase: bytes
    fingerprint: str


@dataclass(frozen=True)
class Keys:
    MINES: Key
    ALBERT: Key
    intruder: Key  # a well-formed key nobody declared
    chair: Key  # the chair's own key, when the chair is not also the Mines signer

    def certs(self) -> dict[str, str]:
        return {"MINES": self.MINES.fingerprint, "ALBERT": self.ALBERT.fingerprint}


@pytest.fixture(scope="session")
def keys(tmp_path_factory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")

    def make(name: str, inst: str, file: str, passphrase: bytes) -> Key:
        path = folder / file
        return Key(path, passphrase, create_signer_p12(name, inst, passphrase, path))

    return Keys(
        make("Pierre-Yves Martin", "MINES", "mines.p12", b"mines passphrase \xc3\xa9"),
        make("Karim Haddad", "ALBERT", "albert.p12", b"albert passphrase"),
        make("Mallory Intrus", "MINES", "intruder.p12", b"intruder passphrase"),
        make("Hélène Rousseau", "MINES", "chair.p12", b"chair passphrase"),
    )


@pytest.fixture(scope="session")
def minutes24(keys) -> Minutes:
    return make_minutes(24, signer_certs=keys.certs())


@pytest.fixture(scope="session")
def unsigned_pv(minutes24) -> bytes:
    return render_pv_bytes(minutes24)


@pytest.fixture(scope="session")
def signed_pv(tmp_path_factory, keys, unsigned_pv) -> bytes:
    """The 24-candidate PV signed by MINES then ALBERT."""
    folder = tmp_path_factory.mktemp("signed")
    (folder / "pv.pdf").write_bytes(unsigned_pv)
    sign_pv(folder / "pv.pdf", folder / "pv1.pdf", keys.MINES.path, keys.MINES.passphrase,
            institution="MINES", expected_cert_sha256=keys.MINES.fingerprint)  # fmt: skip
    sign_pv(folder / "pv1.pdf", folder / "pv2.pdf", keys.ALBERT.path, keys.ALBERT.passphrase,
            institution="ALBERT", expected_cert_sha256=keys.ALBERT.fingerprint)  # fmt: skip
    return (folder / "pv2.pdf").read_bytes()
