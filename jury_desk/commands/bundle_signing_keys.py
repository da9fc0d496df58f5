"""``jury-desk bundle keygen`` and ``jury-desk bundle sign``: the secretariat's signing key.

Keys are plain minisign files, so the secretariat may equally use the stock ``minisign``
tool with them (``minisign -S -s NAME.key -m manifest.json``), and keys made by
``minisign -G`` work here.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jury_desk.core.errors import BundleError, UsageError

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey, SecretKey

PASSPHRASE_ENV = "JURY_DESK_KEY_PASSPHRASE"
MANIFEST_ENTRY = "manifest.json"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_CHUNK = 1 << 20

PASSPHRASE_HELP = f"""\
passphrase:
  The secret key is encrypted with a passphrase (scrypt, as minisign does). It is asked
  for on the terminal, or read from the environment variable {PASSPHRASE_ENV} when set,
  for scripts. Prefer the prompt: an environment variable can leak into logs.
"""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=description,
            epilog=PASSPHRASE_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    keygen = command(
        "keygen",
        "make a minisign-format signing key pair (NAME.key, NAME.pub)",
        "Make a minisign-format key pair: NAME.key (secret, mode 0600)\n"
        "and NAME.pub (public, to install on every desk). Both work with minisign.",
    )
    keygen.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    keygen.add_argument("--name", required=True, help="file name stem, e.g. secretariat-2025")
    keygen.add_argument(
        "--unencrypted",
        action="store_true",
        help="store the secret key without a passphrase (like minisign -W); "
        "only for a key that never leaves an encrypted, offline medium",
    )
    keygen.add_argument("--force", action="store_true", help="replace existing key files")
    keygen.set_defaults(handler=run_keygen)

    sign_cmd = command(
        "sign",
        "(re)sign the manifest of a bundle with a minisign secret key",
        "Sign manifest.json of a bundle and replace its manifest.json.minisig\n"
        "(the bundle is rewritten atomically; every other entry is kept as it is).",
    )
    sign_cmd.add_argument("bundle", type=Path, metavar="B.jdbundle")
    sign_cmd.add_argument("--key", required=True, type=Path, metavar="K", help="secret key")
    sign_cmd.add_argument(
        "--trusted-comment",
        metavar="TEXT",
        help="signed one-line comment (default: timestamp, file name, 'hashed')",
    )
    sign_cmd.set_defaults(handler=run_sign)


# --------------------------------------------------------------------------- passphrases


def _env_passphrase() -> bytes | None:
    # The exact bytes on POSIX (os.environb); Windows has only the str view.
    if hasattr(os, "environb"):
        return os.environb.get(PASSPHRASE_ENV.encode())
    text = os.environ.get(PASSPHRASE_ENV)
    return None if text is None else text.encode("utf-8")


def _prompt(prompt: str) -> bytes:
    # Only on a terminal: getpass would otherwise fall back to echoing stdin, and a
    # script has the environment variable.
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(f"No passphrase: run in a terminal or set {PASSPHRASE_ENV}.")
    try:
        return getpass.getpass(prompt).encode("utf-8")
    except EOFError:
        raise UsageError(f"No passphrase: run in a terminal or set {PASSPHRASE_ENV}.") from None


def new_passphrase() -> bytes:
    """A new key's passphrase: the environment variable, or typed twice on the terminal."""
    passphrase = _env_passphrase()
    if passphrase is None:
        passphrase = _prompt("Passphrase for the new secret key: ")
        if passphrase != _prompt("Passphrase (again): "):
            raise UsageError("The two passphrases differ; nothing was written. Try again.")
    return passphrase


def key_passphrase(key: Path) -> bytes | None:
    """The passphrase of secret key file ``key`` (None if it is not encrypted): from
    the environment variable when set, else asked on the terminal."""
    from jury_desk.bundle.minisign import key_file_needs_passphrase

    if not key_file_needs_passphrase(key):
        return None
    passphrase = _env_passphrase()
    return passphrase if passphrase is not None else _prompt(f"Passphrase for {key}: ")


# --------------------------------------------------------------------------- file writing


def _set_mode(fh: BinaryIO, mode: int) -> None:
    # atomic_output makes a 0600 file; set the final mode before the rename, not after.
    if hasattr(os, "fchmod"):  # POSIX only; Windows has no such modes
        os.fchmod(fh.fileno(), mode)


def key_paths(out: Path, name: str, *, force: bool) -> tuple[Path, Path]:
    """(NAME.key, NAME.pub) in ``out``, refused before any work if they exist (no --force)."""
    if not _NAME_RE.match(name):
        raise UsageError(f"--name {name!r}: use letters, digits, '.', '_' or '-' (at most 64).")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder.")
    key_path, pub_path = out / f"{name}.key", out / f"{name}.pub"
    if not force:
        for path in (key_path, pub_path):
            if path.exists():
                raise UsageError(f"{path} already exists; add --force to replace it.")
    return key_path, pub_path


def write_key_pair(
    key_path: Path,
    key_text: str,
    pub_path: Path,
    public: PublicKey,
    *,
    public_files: Sequence[tuple[Path, str]] = (),
) -> None:
    """Write the secret key (0600) and the public key (0644) atomically, in a 0700 folder,
    then any further ``public_files`` (0644)."""
    from jury_desk.core.storage import atomic_output

    out = key_path.parent
    files = [(key_path, key_text, 0o600), (pub_path, public.to_text(), 0o644)]
    files += [(path, text, 0o644) for path, text in public_files]
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path, text, mode in files:
            with atomic_output(path) as fh:
                _set_mode(fh, mode)
                fh.write(text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"Cannot write the key files in {out}: {exc.strerror or exc}.") from None


def run_keygen(args: argparse.Namespace) -> int:
    from jury_desk.bundle.minisign import SecretKey

    key_path, pub_path = key_paths(args.out, args.name, force=args.force)
    passphrase = None if args.unencrypted else new_passphrase()
    if passphrase == b"":
        raise UsageError("The passphrase is empty; choose one, or use --unencrypted on purpose.")
    secret = SecretKey.generate()
    key_text = secret.to_text(passphrase)  # seconds: minisign's scrypt cost is deliberate
    public = secret.public_key()
    write_key_pair(key_path, key_text, pub_path, public)
    protection = "NOT encrypted: keep it offline" if passphrase is None else "encrypted"
    print(f"Key id:       {public.key_id_hex}")
    print(f"Fingerprint:  {public.fingerprint}  (SHA-256 of the public key)")
    print(f"Secret key:   {key_path}  ({protection}; keep it secret)")
    print(f"Public key:   {pub_path}  (install it on every desk; confirm the fingerprint)")
    return 0


# --------------------------------------------------------------------------- signing


def _entry_info(
    like: zipfile.ZipInfo, size: int, *, name: str | None = None, stored: bool = False
) -> zipfile.ZipInfo:
    # A fresh ZipInfo carrying what defines an entry (name, time, mode, method); zipfile
    # recomputes the CRC, compressed size and any ZIP64 record.
    info = zipfile.ZipInfo(name or like.filename, date_time=like.date_time)
    info.compress_type = zipfile.ZIP_STORED if stored else like.compress_type
    info.external_attr = like.external_attr
    info.create_system = like.create_system
    info.comment = b"" if name else like.comment
    info.file_size = size
    return info


def replace_signature(bundle: Path, key: SecretKey, trusted_comment: str) -> bytes:
    """Sign the bundle's manifest.json and rewrite the bundle with the new signature.

    The bundle is validated by the hardened reader first; other entries keep their
    content, order and compression method. The rewrite is atomic. Returns the signature.
    """
    from jury_desk.bundle.layout import SIGNATURE_NAME
    from jury_desk.bundle.manifest import MAX_MANIFEST_BYTES
    from jury_desk.bundle.minisign import sign, verify
    from jury_desk.bundle.zipreader import HardenedZip
    from jury_desk.core.storage import atomic_output

    try:
        with (
            HardenedZip(bundle) as hz,
            zipfile.ZipFile(bundle) as meta,
            atomic_output(bundle) as raw,
        ):
            _set_mode(raw, os.stat(bundle).st_mode & 0o777)
            if MANIFEST_ENTRY not in hz.names:
                raise BundleError(
                    "bundle.missing-manifest",
                    "The bundle has no manifest.json to sign; build it with "
                    "`jury-desk bundle build`.",
                    entry=MANIFEST_ENTRY,
                )
            manifest = hz.read(MANIFEST_ENTRY, MAX_MANIFEST_BYTES)
            signature = sign(manifest, key, trusted_comment=trusted_comment)
            verify(manifest, signature, [key.public_key()])  # never write what fails to verify
            signed = SIGNATURE_NAME in hz.names
            with zipfile.ZipFile(raw, "w", allowZip64=True) as out:
                for name in hz.names:
                    info = meta.getinfo(name)
                    if name == SIGNATURE_NAME:
                        out.writestr(_entry_info(info, len(signature)), signature)
                        continue
                    with out.open(_entry_info(info, info.file_size), "w") as dst:
                        for chunk in hz.iter_chunks(name, _CHUNK):
                            dst.write(chunk)
                    if name == MANIFEST_ENTRY and not signed:
                        # An unsigned bundle (`bundle build` without --key): the signature
                        # goes right after the manifest, stored, with the manifest's time.
                        new = _entry_info(info, len(signature), name=SIGNATURE_NAME, stored=True)
                        out.writestr(new, signature)
    except OSError as exc:
        raise UsageError(f"Cannot rewrite {bundle}: {exc.strerror or exc}.") from None
    return signature


def run_sign(args: argparse.Namespace) -> int:
    bundle: Path = args.bundle
    if not bundle.is_file():
        raise UsageError(f"{bundle} is not a bundle file.")
    from jury_desk.bundle.minisign import SecretKey, default_trusted_comment

    key = SecretKey.from_file(args.key, key_passphrase(args.key))
    comment = args.trusted_comment
    if comment is None:
        comment = default_trusted_comment(MANIFEST_ENTRY, prehashed=True)
    replace_signature(bundle, key, comment)
    public = key.public_key()
    print(f"Signed {bundle} with key {public.key_id_hex} (fingerprint {public.fingerprint}).")
    print(f"Trusted comment: {comment}")
    return 0
