"""The demo's fast-forward checks, before its first write, that every member who already has
a passphrase (present or absent) has the one typed: it acts in each member's name, so a
member who refuses it would otherwise stop it half-way, with part of the session done."""

from __future__ import annotations

from pathlib import Path

import pytest

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS, PassphraseError
from jury_desk.deliberation.service import DeliberationService
from jury_desk.rehearsal.fast_forward import check_passphrase, fast_forward
from jury_desk.store.audit import verify_chain

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
GIVEN = "phrase du jury fictif"  # what the newcomer types in the fast-forward dialog
OWN = "phrase de Sophie seule"  # a member who chose their own


def demo(data_dir: Path, *, signed: bool) -> DeliberationService:
    verified = verify_bundle(
        DEMO / "admission-master.jdbundle",
        trusted_keys=[PublicKey.from_file(DEMO / "DEMO-secretariat.pub")],
        data_dir=data_dir,
    )
    return DeliberationService.open_from_bundle(
        verified, data_dir, scrypt=FAST_FOR_TESTS, signed=signed
    )


def arrive(service: DeliberationService, member_id: str, passphrase: str) -> None:
    """A member's first arrival in the lobby, as each format has it."""
    if service.signed:
        service.set_passphrase(member_id, passphrase)  # registers their key
        service.check_in(member_id, passphrase=passphrase)
    else:
        service.check_in(member_id)
        service.set_passphrase(member_id, passphrase)


def state(service: DeliberationService) -> tuple[int, frozenset[str], tuple[object, ...]]:
    board = service.board("m-mines-1")
    rows = tuple((r.candidate_id, r.state, r.sealed) for r in board.rows)
    return verify_chain(service.path).length, frozenset(service.present_members()), rows


@pytest.mark.parametrize("signed", [True, False], ids=["format-2", "format-1"])
def test_an_absent_member_with_another_passphrase_stops_it_before_any_write(signed, tmp_path):
    with demo(tmp_path, signed=signed) as service:
        arrive(service, "m-mines-1", GIVEN)  # the chair, with the demo's passphrase
        arrive(service, "m-mines-3", OWN)  # Sophie chose her own, then left the room
        service.check_out("m-mines-3", passphrase=OWN if signed else None)
        before = state(service)
        assert "m-mines-3" not in before[1]
        with pytest.raises(PassphraseError) as refused:
            fast_forward(service, GIVEN)
        assert refused.value.code == "demo-passphrase"
        assert refused.value.params == {"member": "Sophie Laurent"}
        assert str(refused.value).startswith("Nothing was done: Sophie Laurent already has")
        assert state(service) == before  # nobody checked in, no sheet scored, no event
        # The dialog's own check refuses it the same way, and Sophie's passphrase is still
        # hers: with the one everyone has, fast-forward finishes the session.
        with pytest.raises(PassphraseError, match="Sophie Laurent"):
            check_passphrase(service, GIVEN)
        service.check_in("m-mines-3", passphrase=OWN if signed else None)
        service.check_out("m-mines-3", passphrase=OWN if signed else None)
        assert state(service)[1] == before[1]


def test_the_same_passphrase_for_everyone_finishes_with_absent_members_checked_in(tmp_path):
    with demo(tmp_path, signed=True) as service:
        arrive(service, "m-mines-1", GIVEN)
        arrive(service, "m-albert-2", GIVEN)
        service.check_out("m-albert-2", passphrase=GIVEN)
        check_passphrase(service, GIVEN)
        assert fast_forward(service, GIVEN) == len(service.manifest.candidates)
        members = {m.id for m in service.manifest.session.members}
        assert service.present_members() >= members


def test_a_locked_out_member_is_named_in_its_own_words(tmp_path):
    with demo(tmp_path, signed=False) as service:
        arrive(service, "m-mines-1", GIVEN)
        arrive(service, "m-albert-3", GIVEN)
        for _ in range(3):  # the third wrong passphrase in a row locks the member out
            with pytest.raises(PassphraseError):
                service.check_passphrase("m-albert-3", "pas la bonne phrase")
        before = state(service)
        with pytest.raises(PassphraseError) as refused:
            fast_forward(service, GIVEN)
        assert refused.value.code == "auth-throttled"
        assert "Antoine Petit" in str(refused.value)
        assert state(service) == before
