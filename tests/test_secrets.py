"""The keyring wrapper: allow-listed backends only, never a crash, and a real Secret Service
round trip (dbus-run-session + gnome-keyring-daemon, as root, no display)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null
from keyring.errors import KeyringLocked, NoKeyringError, PasswordDeleteError

from jury_desk import secrets
from tests.tooling import require_tool


class MemoryKeyring(KeyringBackend):
    """A plaintext-in-memory backend: exactly the kind the desk must refuse."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("nothing stored")


class InMemorySecretService(SecretService.Keyring):
    """Subclasses are not the allow-listed class: refused, whatever they claim."""


@pytest.fixture
def secret_service(monkeypatch):
    """A genuine SecretService.Keyring whose D-Bus calls are replaced by a dict (or errors)."""
    store: dict[tuple[str, str], str] = {}

    def locked(*args):
        raise KeyringLocked("Failed to unlock the collection!")

    def make(*, is_locked: bool = False) -> SecretService.Keyring:
        get = locked if is_locked else (lambda self, s, u: store.get((s, u)))
        put = locked if is_locked else (lambda self, s, u, p: store.__setitem__((s, u), p))
        drop = locked if is_locked else (lambda self, s, u: store.pop((s, u)))
        monkeypatch.setattr(SecretService.Keyring, "get_password", get)
        monkeypatch.setattr(SecretService.Keyring, "set_password", put)
        monkeypatch.setattr(SecretService.Keyring, "delete_password", drop)
        backend = SecretService.Keyring()
        backend.store = store
        return backend

    return make


@pytest.fixture
def use_backend(monkeypatch):
    def use(backend):
        monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
        return backend

    return use


def test_a_non_allowed_backend_is_treated_as_no_keyring(use_backend):
    backend = use_backend(MemoryKeyring())
    status = secrets.keyring_status()
    assert not status.available
    assert status.backend == "tests.test_secrets.MemoryKeyring"
    assert "not one the desk trusts" in status.message
    assert secrets.remember_passphrase("pv-signer:abc", "hunter2") is False
    assert backend.store == {}  # nothing was written
    backend.store[(secrets.SERVICE, "pv-signer:abc")] = "planted"
    assert secrets.recall_passphrase("pv-signer:abc") is None  # and nothing is read from it
    assert secrets.forget_passphrase("pv-signer:abc") is False
    assert backend.store == {(secrets.SERVICE, "pv-signer:abc"): "planted"}


def test_a_subclass_of_an_allowed_backend_is_refused(use_backend):
    use_backend(InMemorySecretService())
    assert secrets.keyring_status().available is False
    assert secrets.remember_passphrase("k", "v") is False


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_keyring_means_ask_every_time(use_backend, backend):
    use_backend(backend)
    status = secrets.keyring_status()
    assert not status.available
    assert "asks for passphrases every time" in status.message
    assert secrets.remember_passphrase("k", "v") is False
    assert secrets.recall_passphrase("k") is None
    assert secrets.forget_passphrase("k") is False


def test_an_allowed_backend_stores_under_the_desk_service(use_backend, secret_service):
    backend = use_backend(secret_service())
    status = secrets.keyring_status()
    assert status == secrets.KeyringStatus(
        True,
        "keyring.backends.SecretService.Keyring",
        "Passphrases can be remembered in the system keyring, on request.",
    )
    assert secrets.remember_passphrase("pv-signer:abc", "hunter2") is True
    assert backend.store == {("jury-desk", "pv-signer:abc"): "hunter2"}
    assert secrets.recall_passphrase("pv-signer:abc") == "hunter2"
    assert secrets.forget_passphrase("pv-signer:abc") is True
    assert backend.store == {}


def test_keyring_errors_never_crash(monkeypatch, use_backend, secret_service):
    use_backend(secret_service(is_locked=True))
    assert secrets.keyring_status().available  # allowed class...
    assert secrets.remember_passphrase("k", "v") is False  # ...but locked: ask every time
    assert secrets.recall_passphrase("k") is None
    assert secrets.forget_passphrase("k") is False

    def broken():
        raise NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    assert secrets.keyring_status() == secrets.KeyringStatus(
        False, "none", "No system keyring is available: the desk asks for passphrases every time."
    )
    assert secrets.recall_passphrase("k") is None


def test_a_chainer_uses_only_its_allowed_member(monkeypatch, use_backend, secret_service):
    plain, allowed = MemoryKeyring(), secret_service()
    chain = chainer.ChainerBackend()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plain, allowed])
    use_backend(chain)
    assert secrets.keyring_status().backend == "keyring.backends.SecretService.Keyring"
    assert secrets.remember_passphrase("k", "v") is True
    assert plain.store == {} and allowed.store == {("jury-desk", "k"): "v"}
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plain])
    assert secrets.keyring_status().available is False
    assert secrets.remember_passphrase("k", "v") is False and plain.store == {}


def run_in_secret_service(home: Path, script: str, env: dict[str, str] | None = None):
    """Run ``script`` (shell) in a private D-Bus session with an unlocked gnome-keyring."""
    require_tool("dbus-run-session")
    require_tool("gnome-keyring-daemon")
    full_env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        **(env or {}),
    }
    (home / "run").mkdir(parents=True, mode=0o700, exist_ok=True)
    # gnome-keyring reads the login keyring's password on stdin with --unlock.
    shell = (
        "printf %s keyring-login | gnome-keyring-daemon --unlock --components=secrets "
        f">/dev/null && {script}"
    )
    return subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.mark.interop
def test_secret_service_round_trip(tmp_path):
    code = textwrap.dedent(
        """
        from jury_desk import secrets
        status = secrets.keyring_status()
        assert status.available, status
        assert status.backend == "keyring.backends.SecretService.Keyring", status
        assert secrets.recall_passphrase("pv-signer:t") is None
        assert secrets.remember_passphrase("pv-signer:t", "correct horse é")
        assert secrets.recall_passphrase("pv-signer:t") == "correct horse é"
        assert secrets.forget_passphrase("pv-signer:t")
        assert secrets.recall_passphrase("pv-signer:t") is None
        print("round trip ok")
        """
    )
    done = run_in_secret_service(tmp_path / "home", f"'{sys.executable}' -c '{code}'")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "round trip ok" in done.stdout
