"""``jury-desk bundle verify`` and ``jury-desk bundle inspect``: exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from jury_desk.bundle.freshness import FreshnessLedger
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.trust import TrustStore
from jury_desk.cli import main
from tests.bundle.bundlekit import BundleKit, tree
from tests.bundle.zipcraft import Member

DOC = "documents/C001/cv.pdf"


@pytest.fixture
def kit(tmp_path):
    # CLI runs use the real clock: issue the kit's bundles "yesterday".
    kit = BundleKit(tmp_path)
    issued = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    kit.manifest = kit.make_manifest(issued_at=issued)
    return kit


@pytest.fixture
def pub(kit):
    path = kit.folder / "secretariat.pub"
    path.write_text(kit.pub.to_text(), "utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors exit from inside main
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


def test_verify_accepts_records_and_keeps_no_copy(kit, pub, data_dir, capsys):
    code, out, err = run(capsys, "bundle", "verify", str(kit.write()), "--trusted-key", str(pub))
    assert (code, err) == (0, "")
    assert out.startswith("ACCEPTED: bundle kit-2026 version 1\n")
    assert kit.pub.key_id_hex in out
    fingerprint = hashlib.sha256(kit.manifest_bytes).hexdigest()
    assert f"  fingerprint {fingerprint} (SHA-256 of its signed manifest.json)\n" in out
    entry = FreshnessLedger(data_dir).get("kit-2026")
    assert entry is not None and entry.seq == 1
    assert sorted(tree(data_dir)) == ["ledger.sqlite"]


def test_verify_no_record(kit, pub, data_dir, capsys):
    path = str(kit.write())
    code, out, _ = run(capsys, "bundle", "verify", path, "--trusted-key", str(pub), "--no-record")
    assert code == 0 and "not recorded" in out
    assert tree(data_dir) == {}


def test_verify_explicit_data_dir(kit, pub, tmp_path, capsys):
    other = tmp_path / "elsewhere"
    path = str(kit.write())
    code, _, _ = run(
        capsys, "bundle", "verify", path, "--trusted-key", str(pub), "--data-dir", str(other)
    )
    assert code == 0
    assert (other / "ledger.sqlite").is_file()


def test_verify_keeps_a_copy_the_desk_already_had(kit, pub, data_dir, capsys):
    path = kit.write()
    imported = kit.verify(path, data_dir, now=None)
    code, _, _ = run(capsys, "bundle", "verify", str(path), "--trusted-key", str(pub))
    assert code == 0
    assert imported.path.is_file()


def test_verify_rejects_in_one_line(kit, pub, data_dir, capsys):
    members = [
        m if m.name != DOC else Member(DOC, kit.documents[DOC][:-1] + b"!") for m in kit.members()
    ]
    path = kit.craft(members)
    code, out, err = run(capsys, "bundle", "verify", str(path), "--trusted-key", str(pub))
    assert (code, out) == (1, "")
    line = one_line(err)
    assert line.startswith(f"jury-desk: Bundle rejected (bundle.hash-mismatch) [{DOC}]: ")
    assert tree(data_dir) == {}


def test_verify_rollback_through_the_cli(kit, pub, data_dir, capsys):
    issued = kit.manifest.issued_at
    v2 = kit.write("v2.jdbundle", kit.make_manifest(seq=2, issued_at=issued))
    v1 = kit.write("v1.jdbundle", kit.make_manifest(seq=1, issued_at=issued))
    assert run(capsys, "bundle", "verify", str(v2), "--trusted-key", str(pub))[0] == 0
    code, _, err = run(capsys, "bundle", "verify", str(v1), "--trusted-key", str(pub))
    assert code == 1
    assert "(freshness.rollback) [seq]" in one_line(err)


def test_verify_unknown_key(kit, tmp_path, data_dir, capsys):
    other = tmp_path / "other.pub"
    other.write_text(SecretKey.generate().public_key().to_text(), "utf-8")
    code, _, err = run(capsys, "bundle", "verify", str(kit.write()), "--trusted-key", str(other))
    assert code == 1
    assert "(signature.unknown-key) [manifest.json.minisig]" in one_line(err)


def test_verify_uses_the_trust_store_when_no_key_is_given(kit, data_dir, capsys):
    TrustStore(data_dir).add("next", kit.pub)
    code, out, _ = run(capsys, "bundle", "verify", str(kit.write()))
    assert code == 0 and out.startswith("ACCEPTED")


def test_verify_several_trusted_keys(kit, pub, tmp_path, data_dir, capsys):
    other = tmp_path / "other.pub"
    other.write_text(SecretKey.generate().public_key().to_text(), "utf-8")
    path = str(kit.write())
    argv = ["bundle", "verify", path, "--trusted-key", str(other), "--trusted-key", str(pub)]
    assert run(capsys, *argv)[0] == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["bundle", "verify", "{bundle}"], "No trusted key"),
        (["bundle", "verify", "{missing}", "--trusted-key", "{pub}"], "is not a bundle file"),
        (["bundle", "verify", "{bundle}", "--trusted-key", "{missing}"], "no such file"),
        (["bundle", "verify", "{bundle}", "--trusted-key", "{bundle}"], "not a minisign"),
        (["bundle", "verify"], "required"),
        (["bundle", "inspect", "{missing}"], "is not a bundle file"),
        (["bundle", "inspect", "{bundle}", "--trusted-key", "{missing}"], "no such file"),
    ],
)
def test_usage_errors_exit_2_in_one_line(kit, pub, data_dir, capsys, argv, needle):
    names = {"bundle": str(kit.write()), "missing": str(kit.folder / "nope"), "pub": str(pub)}
    code, out, err = run(capsys, *[a.format(**names) for a in argv])
    assert (code, out) == (2, "")
    assert needle in one_line(err)
    assert tree(data_dir) == {}


def test_inspect_is_marked_unverified(kit, data_dir, capsys):
    code, out, err = run(capsys, "bundle", "inspect", str(kit.write()))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("UNVERIFIED")
    assert "Bundle:      kit-2026, version (seq) 1" in out
    assert f"key {kit.pub.key_id_hex} (claimed)" in out
    assert "Candidates:  2 (1 scholarship holders)" in out
    assert f"  {DOC}  {len(kit.documents[DOC])} bytes" in out
    assert "m-mines-1: Hélène Rousseau (chair, member, signer)" in out
    assert tree(data_dir) == {}


def test_inspect_does_not_need_the_key_but_never_claims_verified(kit, data_dir, capsys):
    # A bundle signed by anyone at all is shown, flagged as unverified.
    members = kit.members(signer=SecretKey.generate())
    code, out, _ = run(capsys, "bundle", "inspect", str(kit.craft(members)))
    assert code == 0 and out.startswith("UNVERIFIED") and "VERIFIED with" not in out


def test_inspect_unsigned_bundle(kit, data_dir, capsys):
    members = [m for m in kit.members() if m.name != "manifest.json.minisig"]
    code, out, _ = run(capsys, "bundle", "inspect", str(kit.craft(members)))
    assert code == 0 and "none (the bundle is not signed)" in out


def test_inspect_with_a_key_verifies_and_leaves_nothing(kit, pub, data_dir, capsys):
    code, out, _ = run(capsys, "bundle", "inspect", str(kit.write()), "--trusted-key", str(pub))
    assert code == 0
    assert out.startswith(f"VERIFIED with the given key {kit.pub.key_id_hex}")
    assert f"key {kit.pub.key_id_hex} (verified)" in out
    assert tree(data_dir) == {}


def test_inspect_with_the_wrong_key_is_rejected(kit, tmp_path, data_dir, capsys):
    other = tmp_path / "other.pub"
    other.write_text(SecretKey.generate().public_key().to_text(), "utf-8")
    code, out, err = run(capsys, "bundle", "inspect", str(kit.write()), "--trusted-key", str(other))
    assert (code, out) == (1, "")
    assert "(signature.unknown-key)" in one_line(err)


def test_inspect_garbage(kit, data_dir, capsys):
    path = kit.folder / "junk.jdbundle"
    path.write_bytes(b"%PDF-1.7\n")
    code, _, err = run(capsys, "bundle", "inspect", str(path))
    assert code == 1
    assert "(zip.not-zip)" in one_line(err)


def test_inspect_lists_the_candidates_with_their_conflicts(kit, data_dir, capsys):
    code, out, _ = run(capsys, "bundle", "inspect", str(kit.write()))
    assert code == 0
    listed = [line for line in out.splitlines() if line.startswith("  C")]
    assert len(listed) == 2
    assert all("document" in line and "scholarship holder" in line for line in listed)


def test_inspect_json_is_the_manifest_marked_verified_or_not(kit, pub, data_dir, capsys):
    code, out, err = run(capsys, "bundle", "inspect", str(kit.write()), "--json")
    assert (code, err) == (0, "")
    claims = json.loads(out)
    assert claims["verified"] is False and claims["signing_key"].endswith("(claimed)")
    assert [c["id"] for c in claims["manifest"]["candidates"]] == [
        c.id for c in kit.manifest.candidates
    ]
    assert claims["documents_bytes"] == sum(f.size for f in kit.manifest.files)
    code, out, _ = run(
        capsys, "bundle", "inspect", str(kit.write()), "--json", "--trusted-key", str(pub)
    )
    assert code == 0 and json.loads(out)["verified"] is True
    assert tree(data_dir) == {}


def test_verify_reports_the_documents_bytes_as_build_does(kit, pub, data_dir, capsys):
    code, out, _ = run(
        capsys, "bundle", "verify", str(kit.write()), "--trusted-key", str(pub), "--no-record"
    )
    total = sum(f.size for f in kit.manifest.files)
    assert code == 0
    assert f"({total} bytes of documents) checked" in out


def test_verify_needs_no_room_for_a_copy(kit, pub, data_dir):
    # A secretariat checking a bundle on a nearly full disk: `bundle verify` reads it where
    # it is. Here no file of this process may grow past 256 KiB, and the bundle is ~1.4 MB:
    # copying it into the data folder (what opening it on the desk does) fails, checking it
    # in place does not. The ledger (a few KiB) is still written.
    docs = {path: os.urandom(512 * 1024) for path in sorted(kit.documents)}  # stored as is
    obj = kit.manifest_dict(issued_at=kit.manifest.issued_at)
    for f in obj["files"]:
        f["size"], f["sha256"] = len(docs[f["path"]]), hashlib.sha256(docs[f["path"]]).hexdigest()
    kit.documents = docs
    bundle = kit.craft(kit.members(json.dumps(obj, indent=2).encode()), name="big.jdbundle")
    assert bundle.stat().st_size > 1_000_000
    key = pub

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    argv = [sys.executable, "-m", "jury_desk", "--data-dir", str(data_dir), "bundle", "verify"]
    done = subprocess.run(
        [*argv, str(bundle), "--trusted-key", str(key)],
        capture_output=True, text=True, timeout=120, preexec_fn=small_files,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("ACCEPTED: bundle kit-2026 version 1\n")
    assert sorted(tree(data_dir)) == ["ledger.sqlite"]
    # The control: the desk's own opening copies, and cannot under the same limit.
    opening = (
        "import sys; from pathlib import Path; from jury_desk.bundle.minisign import PublicKey;"
        "from jury_desk.bundle.verify import verify_bundle;"
        "verify_bundle(Path(sys.argv[1]), trusted_keys=[PublicKey.from_file(Path(sys.argv[2]))],"
        " data_dir=Path(sys.argv[3]), record=False)"
    )
    control = subprocess.run(
        [sys.executable, "-c", opening, str(bundle), str(key), str(data_dir)],
        capture_output=True, text=True, timeout=120, preexec_fn=small_files,
    )  # fmt: skip
    assert control.returncode != 0 and "Cannot copy the bundle" in control.stderr
