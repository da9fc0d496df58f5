"""``minutes verify --bundle``: the blind fields a PV shows open the bundle's commitments.

A bundle that seals the scholarship flag or the name holds, per candidate, only a salted
commitment to each (``bundle/blind_fields.py``). From the reveal on, the value and its salt
are public: the chair's signed reveal event carries them, and minutes.json gives each
revealed candidate's salts (``blind_salts``) beside the values it shows. This recomputes
every commitment from the value the PV shows, so a PV whose flag or name was changed after
the reveal (minutes.json edited and signed again, with throwaway keys or with one
institution's key) is named, candidate by candidate, even when the reveal key was pinned
and the bundle holds no value in clear.

A PV written before the salts were carried (flags only: no desk sealed names then) gives
none; its flags are then checked only where the bundle's values file holds them
(``verify._candidates_match``), and the report says so.
"""

from __future__ import annotations

from typing import NamedTuple

from jury_desk.bundle.blind_fields import LABELS, NAME, SALT_BYTES, commitment
from jury_desk.bundle.manifest import Manifest
from jury_desk.minutes.model import CandidateMinutes, Minutes, NotDeliberated


class BlindFindings(NamedTuple):
    wrong: list[str]  # "C002 (its scholarship flag)": a value the commitment refutes
    unchecked: list[str]  # candidates whose shown flag this PV gives no salt for (older PV)


def check_blind(minutes: Minutes, manifest: Manifest) -> BlindFindings:
    sealed = manifest.sealed_fields
    found = BlindFindings([], [])
    if not sealed:
        return found
    listed: list[CandidateMinutes | NotDeliberated] = [
        *minutes.candidates,
        *(minutes.not_deliberated or ()),
    ]
    for c in listed:
        try:
            seal = manifest.candidate(c.id).blind
        except KeyError:
            continue  # a candidate the bundle lacks: ``bundle.match`` names it
        assert seal is not None
        salts: dict[str, str] = {str(k): v for k, v in (c.blind_salts or {}).items()}
        shown = {"scholarship": c.scholarship, "name": c.name}
        for field in sealed:
            value = shown[field]
            if value is None:
                continue  # never revealed (a renvoyé): the PV shows nothing to check
            salt = salts.get(field)
            if salt is None:
                # No desk sealed names before carrying salts: a name without one was removed.
                if field == NAME or c.blind_salts:
                    found.wrong.append(f"{c.id} (its {LABELS[field]} comes with no salt)")
                elif c.id not in found.unchecked:
                    found.unchecked.append(c.id)
                continue
            grain = bytes.fromhex(salt)
            opened = commitment(manifest.bundle_id, c.id, value, grain, field)
            if len(grain) != SALT_BYTES or opened != seal.commitments()[field]:
                found.wrong.append(f"{c.id} (its {LABELS[field]})")
    return found
