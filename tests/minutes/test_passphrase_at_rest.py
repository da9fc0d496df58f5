"""No passphrase is ever written to disk: a full sign with "remember" on and off, run as the
CLI under a real Secret Service (gnome-keyring), then every byte of the home folder (the
keyring files included), the desk data folder, the temporary folder and the PDFs is
searched for the passphrase."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.test_secrets import run_in_secret_service

PASSPHRASE = "mines passphrase é"  # keys.MINES.passphrase, decoded


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _files_containing(roots: list[Path], needles: list[bytes]) -> list[str]:
    hits = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                hits += [f"{path}: {n!r}" for n in needles if n in data]
    return hits


def _sign_twice(tmp_path: Path, keys, unsigned_pv: bytes, remember: bool):
    """Sign with the passphrase from the environment, then again with no passphrase given:
    the second run succeeds only if the first one remembered it in the keyring."""
    home, data, tmp, work = (tmp_path / n for n in ("home", "data", "tmp", "work"))
    for folder in (home, data, tmp, work):
        folder.mkdir()
    (work / "pv.pdf").write_bytes(unsigned_pv)
    cli = f"{shlex.quote(sys.executable)} -m jury_desk minutes sign {work / 'pv.pdf'} " \
          f"--p12 {shlex.quote(str(keys.MINES.path))} --institution MINES"  # fmt: skip
    script = (
        f"JURY_DESK_KEY_PASSPHRASE={shlex.quote(PASSPHRASE)} {cli} --out {work / 'one.pdf'} "
        f"{'--remember' if remember else ''} && {cli} --out {work / 'two.pdf'} </dev/null; "
        "echo second=$?"
    )
    env = {"JURY_DESK_DATA_DIR": str(data), "TMPDIR": str(tmp), "PYTHONDONTWRITEBYTECODE": "1"}
    done = run_in_secret_service(home, script, env)
    return done, [home, data, tmp, work]


@pytest.mark.interop
@pytest.mark.parametrize("remember", [True, False], ids=["remember", "ask-every-time"])
def test_no_passphrase_reaches_the_disk(tmp_path, keys, unsigned_pv, remember):
    assert keys.MINES.passphrase == PASSPHRASE.encode()
    done, roots = _sign_twice(tmp_path, keys, unsigned_pv, remember)
    out = done.stdout + done.stderr
    assert "Signed as the chair (also the MINES signer) by Hélène Rousseau" in out, out
    if remember:
        assert "Passphrase remembered in the system keyring." in out
        assert "second=0" in out, out  # recalled from the keyring, not asked
        assert (roots[-1] / "two.pdf").is_file()
    else:
        assert "second=2" in out and "No passphrase" in out, out  # nothing was remembered
        assert not (roots[-1] / "two.pdf").exists()
    keyring_files = list((roots[0] / ".local" / "share" / "keyrings").glob("*.keyring"))
    assert keyring_files, "gnome-keyring wrote no keyring file: the test proves nothing"
    assert _files_containing(roots, _encodings(PASSPHRASE)) == []
