"""Remembering passphrases in the OS keyring, on request only, never in plaintext.

Only the operating system's own encrypted stores are used: Secret Service (GNOME Keyring,
KWallet) on Linux, the Keychain on macOS, the Credential Locker on Windows. Any other
backend (the "alternative keyrings" package's plaintext or "encrypted" files, the null/fail
backends, a third-party plug-in) counts as *no keyring*: the desk then asks for the
passphrase every time. Keyring errors (locked, no D-Bus, user refused) never crash the
desk: they also mean "ask every time".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

SERVICE = "jury-desk"
ALLOWED_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
    }
)
_CHAINER = "keyring.backends.chainer.ChainerBackend"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str  # class path of the backend in use, or of the refused one
    message: str  # plain words for the settings screen


def class_path(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _allowed_backend() -> tuple[KeyringBackend | None, str]:
    """The allow-listed backend to use, or None with the name of what keyring offered."""
    try:
        chosen = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration must not stop the desk
        _log.debug("keyring unavailable: %s", exc)
        return None, "none"
    # A chainer tries several backends in turn; use its allowed member directly so that a
    # write can never fall through to a non-allowed one.
    members = list(getattr(chosen, "backends", [])) if class_path(chosen) == _CHAINER else [chosen]
    for backend in members:
        if class_path(backend) in ALLOWED_BACKENDS:
            return backend, class_path(backend)
    return None, class_path(chosen)


def keyring_status() -> KeyringStatus:
    backend, name = _allowed_backend()
    if backend is not None:
        return KeyringStatus(
            True, name, "Passphrases can be remembered in the system keyring, on request."
        )
    if name in ("none", "keyring.backends.fail.Keyring", _CHAINER):
        message = "No system keyring is available: the desk asks for passphrases every time."
    else:
        message = (
            f"The keyring {name} is not one the desk trusts (it may keep secrets in plain "
            "text): the desk asks for passphrases every time."
        )
    return KeyringStatus(False, name, message)


def remember_passphrase(service_key: str, passphrase: str) -> bool:
    """Store ``passphrase`` under ``service_key``; False (nothing stored) without a keyring."""
    backend, _ = _allowed_backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, service_key, passphrase)
    except (KeyringError, OSError) as exc:
        _log.debug("keyring refused to store %s: %s", service_key, exc)
        return False
    return True


def recall_passphrase(service_key: str) -> str | None:
    """The remembered passphrase, or None (nothing remembered, or no usable keyring)."""
    backend, _ = _allowed_backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, service_key)
    except (KeyringError, OSError) as exc:
        _log.debug("keyring refused to read %s: %s", service_key, exc)
        return None


def forget_passphrase(service_key: str) -> bool:
    """Remove a remembered passphrase; False if there was none or no usable keyring."""
    backend, _ = _allowed_backend()
    if backend is None:
        return False
    try:
        backend.delete_password(SERVICE, service_key)
    except (KeyringError, OSError) as exc:  # PasswordDeleteError: nothing was stored
        _log.debug("keyring could not forget %s: %s", service_key, exc)
        return False
    return True
