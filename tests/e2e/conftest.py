"""Fixtures of the end-to-end tests: real signer keys, the passphrase in the environment."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from tests.e2e.simkit import PASSPHRASE, PASSPHRASE_ENV, Signers, make_signers


@pytest.fixture(scope="session")
def signers(tmp_path_factory: pytest.TempPathFactory) -> Signers:
    return make_signers(tmp_path_factory.mktemp("signers"))


@pytest.fixture(scope="module")
def signer_env() -> Iterator[pytest.MonkeyPatch]:
    """The signers' passphrase in the environment, and no system keyring (module-wide, so a
    module's shared simulation can use it; undone after the module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSPHRASE_ENV, PASSPHRASE)
        patch.setattr(keyring, "get_keyring", fail.Keyring)
        yield patch
