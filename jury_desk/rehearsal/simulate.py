"""A whole jury session played headless, for rehearsals and tests (``jury-desk simulate``).

Every step goes through the deliberation service, which enforces every rule; this module
only plays the members: it checks everyone in, has each member score their own sheets
independently (seeded synthetic scores), seals, lets the service reveal, writes notes on
the candidates the service flags, revises a few sheets with a reason, proposes (the rules'
proposal for most, a justified jury decision for a few), approves in each institution's
slots and closes. The minutes are then exported and signed by ``minutes.export``.

The session is created as a simulation (recorded in the store and its audit chain), so its
minutes.json says ``"simulated": true`` and every page of its PV is watermarked SIMULATION,
even when signed with real institution keys: it can never pass for a jury's PV.

Determinism: the same bundle and seed give the same scores, notes, revisions, decisions and
times, because the service runs on a simulated clock that starts on the session's day. Only
the audit chain's hashes differ from run to run (each sealed sheet's commitment is salted
with fresh random bytes, as it must be).
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from jury_desk.bundle.manifest import Manifest, Member
from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.core.errors import UsageError
from jury_desk.core.proposals import Decision
from jury_desk.deliberation.passphrase import ScryptParams
from jury_desk.deliberation.room import is_voting
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import Exported, check_signers, export_minutes_with
from jury_desk.minutes.model import Lang
from jury_desk.minutes.sign import UnlockedSigner

# The simulated members' passphrases are random 32-byte tokens that live only in memory for
# the run: nobody can guess them, so scrypt's cost (which protects chosen passphrases)
# buys nothing here, and the production cost would make every simulated sign-in slow.
SIMULATED_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
SESSION_START = time(7, 30, tzinfo=UTC)  # 9:30 in Paris in summer

_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "note.institution-gap": "Écart entre les deux établissements discuté : {a} juge le "
        "dossier plus favorablement que {b}. Le jury confronte les lectures du dossier "
        "académique et de l'entretien.",
        "note.member-spread": "Écart entre membres discuté : {member} s'écarte nettement des "
        "autres évaluations. Chacun expose ses raisons avant toute proposition.",
        "reason.outlier": "Relecture du dossier après la discussion : appréciation rapprochée "
        "de l'avis collégial.",
        "reason.typo": "Erreur de saisie corrigée sur un critère.",
        "why.admit": "Le jury retient la candidature malgré une note sous le seuil : projet "
        "professionnel jugé remarquable lors de l'entretien.",
        "why.waitlist": "Le jury place le dossier en liste d'attente : le projet professionnel "
        "reste à préciser.",
        "why.waitlist-up": "Le jury place le dossier en liste d'attente plutôt que de le "
        "refuser : progression marquée sur la dernière année.",
        "why.mention-up": "Le jury relève la mention : mémoire d'une qualité exceptionnelle, "
        "salué par l'entreprise partenaire.",
        "why.mention-down": "Le jury retient la mention inférieure : soutenance en retrait "
        "par rapport au mémoire.",
        "why.ajourne": "Le jury accorde un ajournement plutôt qu'un refus : circonstances "
        "personnelles documentées par la scolarité.",
    },
    "en": {
        "note.institution-gap": "Gap between the two institutions discussed: {a} rates the "
        "file higher than {b}. The jury compares its readings of the academic record and "
        "the interview.",
        "note.member-spread": "Spread between members discussed: {member} departs clearly "
        "from the other assessments. Each member gives their reasons before any proposal.",
        "reason.outlier": "File read again after the discussion: assessment brought closer "
        "to the jury's view.",
        "reason.typo": "Typing error corrected on one criterion.",
        "why.admit": "The jury admits the candidate despite a score below the threshold: an "
        "outstanding professional project at the interview.",
        "why.waitlist": "The jury puts the candidate on the waiting list: the professional "
        "project still needs to be clarified.",
        "why.waitlist-up": "The jury puts the candidate on the waiting list rather than "
        "rejecting them: marked progress over the last year.",
        "why.mention-up": "The jury raises the distinction: an exceptional thesis, praised by "
        "the partner company.",
        "why.mention-down": "The jury gives the lower distinction: the defence fell short of "
        "the thesis.",
        "why.ajourne": "The jury defers rather than refuses: personal circumstances "
        "documented by the registrar.",
    },
}
_MENTIONS = (None, "assez_bien", "bien", "tres_bien")


@dataclass(frozen=True)
class SimulationReport:
    bundle_id: str
    session_path: Path
    candidates: int
    decisions: Mapping[Decision, int]  # decision -> count, as recorded
    flagged: tuple[str, ...]  # candidates flagged when they were decided
    deviations: tuple[str, ...]  # candidates decided by the jury against the rules
    revisions: int
    audit_head: str
    exported: Exported


class SimulatedClock:
    """The service's clock: starts on the session's day and moves only when a member acts."""

    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.now = start
        self._rng = rng

    def __call__(self) -> datetime:
        return self.now

    def advance(self, low: int, high: int) -> None:
        self.now += timedelta(seconds=self._rng.randint(low, high))


def session_start(manifest: Manifest) -> datetime:
    """The session's day at 07:30 UTC, or the bundle's issue time if that day is outside the
    bundle's validity (a PV is checked against its bundle as of the PV's date)."""
    start = datetime.combine(manifest.session.date, SESSION_START)
    issued, expires = manifest.issued_at, manifest.expires_at
    return start if issued <= start < expires else issued.astimezone(UTC)


@dataclass
class _Jury:
    """The members as the simulation plays them: passphrases and the seeded choices."""

    service: DeliberationService
    clock: SimulatedClock
    lang: Lang
    seed: int
    passphrases: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, Member] = field(default_factory=dict)

    def __post_init__(self) -> None:
        session = self.service.manifest.session
        self.session = session
        self.voters = [m for m in session.members if is_voting(m)]
        self.chair = next(m for m in session.members if "chair" in m.roles)

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}/{purpose}")  # str seeds are stable across runs

    def text(self, key: str, **values: str) -> str:
        return _TEXTS[self.lang][key].format(**values)

    def act(self, action: Callable[..., object], *args: object, **kw: object) -> object:
        # Short steps: in the room members score side by side, here one after the other.
        self.clock.advance(5, 25)
        return action(*args, **kw)

    def signed_by(self, member_id: str) -> dict[str, str]:
        """The passphrase keyword of an act that asks it only in a signed session."""
        return {"passphrase": self.passphrases[member_id]} if self.service.signed else {}

    def speaker(self, candidate_id: str) -> Member:
        """Who writes the notes and the proposal: the chair, unless conflicted."""
        if candidate_id not in self.speakers:
            conflicted = {
                c.member_id
                for c in self.service.candidate_detail(self.chair.id, candidate_id).conflicts
            }
            able = [m for m in [self.chair, *self.voters] if m.id not in conflicted]
            if not able:
                raise UsageError(f"Every member is conflicted on {candidate_id}.")
            self.speakers[candidate_id] = able[0]  # nobody declares a conflict in between
        return self.speakers[candidate_id]

    def flags(self) -> dict[str, tuple[str, ...]]:
        """Each revealed candidate's flags, as the board shows them to its speaker."""
        out: dict[str, tuple[str, ...]] = {}
        ids = [c.id for c in self.service.manifest.candidates]
        for viewer in {self.speaker(cid).id for cid in ids}:
            for row in self.service.board(viewer).rows:
                if row.reconciliation is not None and self.speaker(row.candidate_id).id == viewer:
                    out[row.candidate_id] = row.reconciliation.flags
        return out


def quantise(value: float, low: float, high: float, step: float) -> float:
    value = min(max(value, low), high)
    return low + round((value - low) / step) * step


class _Scores:
    """Seeded synthetic sheets: a latent quality per candidate, each member's own leniency
    and noise, and deliberate disagreements (one institution apart, one member apart)."""

    def __init__(self, jury: _Jury) -> None:
        session = jury.session
        self.rubric = session.rubric
        rng = jury.rng("scores")
        ids = [c.id for c in jury.service.manifest.candidates]
        self.quality = {cid: rng.gauss(13.0, 2.6) for cid in ids}
        self.leniency = {m.id: rng.gauss(0, 0.6) for m in jury.voters}
        picks = rng.sample(ids, len(ids))
        n_gap, n_spread = max(1, len(ids) // 8), max(1, len(ids) // 10)
        # Disagreements are sized from the bundle's thresholds so that the service flags them.
        t = session.thresholds
        self.gap = {
            cid: (rng.choice(session.institution_codes()), t.institution_gap / 2 + 1.0)
            for cid in picks[:n_gap]
        }
        self.spread_shift = t.member_spread + 1.5
        self.spread_ids = picks[n_gap : n_gap + n_spread]
        self.outlier: dict[str, str] = {}
        for cid in [*self.gap, *self.spread_ids]:  # away from the scale's ends: no clipping
            self.quality[cid] = min(max(self.quality[cid], 9.0), 14.0)
        self._rng = rng

    def sheet(self, member: Member, candidate_id: str, scorers: list[str]) -> dict[str, float]:
        r = self.rubric
        centre = self.quality[candidate_id] + self.leniency[member.id]
        if candidate_id in self.gap:
            favoured, shift = self.gap[candidate_id]
            centre += shift if member.institution == favoured else -shift
        if candidate_id in self.spread_ids:
            outlier = self.outlier.setdefault(candidate_id, scorers[-1])
            if member.id == outlier:
                centre += -self.spread_shift if centre > 10 else self.spread_shift
        return {
            c.id: quantise(self._rng.gauss(centre, 1.0), r.scale_min, r.scale_max, r.step)
            for c in r.criteria
        }


def _seat_everyone(jury: _Jury) -> None:
    if jury.service.signed:
        # Each member's first act registers their key (the chair's first: it makes the
        # reveal key, so that scoring can open), then they check in with it.
        others = [m for m in jury.session.members if m.id != jury.chair.id]
        for member in [jury.chair, *others]:
            jury.passphrases[member.id] = secrets.token_urlsafe(32)
            jury.act(jury.service.register_key, member.id, jury.passphrases[member.id])
            jury.act(jury.service.check_in, member.id, **jury.signed_by(member.id))
        return
    for member in jury.session.members:
        jury.act(jury.service.check_in, member.id)
        jury.passphrases[member.id] = secrets.token_urlsafe(32)
        jury.act(jury.service.set_passphrase, member.id, jury.passphrases[member.id])


def _score_and_seal(jury: _Jury, scores: _Scores, desks: _Desks | None = None) -> None:
    """Each member scores and seals their own sheets (in the room, or on their own desk);
    the service reveals each candidate when its last eligible member has sealed."""
    svc = jury.service
    to_score = {
        m.id: [i.candidate_id for i in svc.worklist(m.id) if i.status == "to-score"]
        for m in jury.voters
    }
    scorers = {
        c.id: [m for m, ids in to_score.items() if c.id in ids] for c in svc.manifest.candidates
    }
    sheets = {
        member.id: {cid: scores.sheet(member, cid, scorers[cid]) for cid in to_score[member.id]}
        for member in jury.voters
    }
    if desks is not None:
        from jury_desk.rehearsal.desks import seal_on_desks

        jury.clock.advance(60, 120)
        seal_on_desks(svc, jury.passphrases, {m: s for m, s in sheets.items() if s},
                      mode=desks.mode, bundle=desks.bundle, trusted_key=desks.trusted_key,
                      work=desks.work)  # fmt: skip
    else:
        for member in jury.voters:
            for cid, sheet in sheets[member.id].items():
                jury.act(svc.save_draft, member.id, cid, sheet)
                jury.act(svc.seal, member.id, cid, jury.passphrases[member.id])
    rows = svc.board(jury.chair.id).rows
    if svc.signed and any(r.state == "scoring" and 0 < r.expected <= r.sealed for r in rows):
        # The chair's ouverture des plis: every candidate ready, in one act (none when the
        # rules grade nothing in the room: a graduation on the transcript alone).
        jury.act(svc.open_ready, jury.chair.id, jury.passphrases[jury.chair.id])
    for row in svc.board(jury.chair.id).rows:
        if row.state == "scoring":  # e.g. a conflict left someone unable to seal
            jury.act(svc.force_reveal, jury.chair.id, row.candidate_id,
                     jury.passphrases[jury.chair.id])  # fmt: skip


@dataclass(frozen=True)
class _Desks:
    """``--desks``: how the member desks reach the room, and what they verify the bundle with."""

    mode: str
    bundle: Path
    trusted_key: PublicKey
    work: Path


def _note(jury: _Jury, candidate_id: str) -> None:
    """A discussion note that says what the revealed scores show."""
    speaker = jury.speaker(candidate_id)
    detail = jury.service.candidate_detail(speaker.id, candidate_id)
    rec = detail.reconciliation
    assert rec is not None  # revealed, and the speaker is not conflicted
    names = {i.code: i.name for i in jury.session.institutions}
    if "institution-gap" in rec.flags:
        low, high = sorted(names, key=lambda code: rec.institution_means[code] or 0.0)
        text = jury.text("note.institution-gap", a=names[high], b=names[low])
    else:
        mean = sum(s.total for s in detail.sheets) / len(detail.sheets)
        outlier = max(detail.sheets, key=lambda s: abs(s.total - mean))
        text = jury.text("note.member-spread", member=outlier.member_name)
    jury.act(jury.service.add_note, speaker.id, candidate_id, text, **jury.signed_by(speaker.id))


def _revise(jury: _Jury, scores: _Scores) -> int:
    """The outlier of each spread disagreement moves halfway back, and one member corrects
    a typing error on one other candidate."""
    svc, r = jury.service, scores.rubric
    done = 0
    for cid, member_id in scores.outlier.items():
        own = next(i for i in svc.worklist(member_id) if i.candidate_id == cid).scores
        target = scores.quality[cid]
        new = {k: quantise((v + target) / 2, r.scale_min, r.scale_max, r.step)
               for k, v in own.items()}  # fmt: skip
        if new != own:
            jury.act(svc.revise, member_id, cid, new, jury.text("reason.outlier"),
                     jury.passphrases[member_id])  # fmt: skip
            done += 1
    rng = jury.rng("typo")
    member = rng.choice(jury.voters)
    sealed = [i for i in svc.worklist(member.id) if i.status == "sealed"]
    quiet = [i for i in sealed if i.candidate_id not in scores.outlier]
    if quiet:
        item = rng.choice(quiet)
        criterion = rng.choice(sorted(item.scores))
        old = item.scores[criterion]
        new_value = old + r.step if old + r.step <= r.scale_max else old - r.step
        jury.act(svc.revise, member.id, item.candidate_id, {criterion: new_value},
                 jury.text("reason.typo"), jury.passphrases[member.id])  # fmt: skip
        done += 1
    return done


def _deviation(kind: str, decision: str, mention: str | None) -> tuple[str, str | None, str] | None:
    """A plausible jury decision other than the rules' one: (decision, mention, reason key)."""
    if kind == "admission":
        return {
            "waitlist": ("admit", None, "why.admit"),
            "reject": ("waitlist", None, "why.waitlist-up"),
            "admit": ("waitlist", None, "why.waitlist"),
        }.get(decision)
    if decision == "refuse":
        return "ajourne", None, "why.ajourne"
    if decision == "award":
        level = _MENTIONS.index(mention)
        if level < len(_MENTIONS) - 1:
            return "award", _MENTIONS[level + 1], "why.mention-up"
        return "award", _MENTIONS[level - 1], "why.mention-down"
    return None


def _propose(jury: _Jury) -> list[str]:
    """The rules' proposal accepted for most candidates; a justified jury decision for about
    one in twelve (at least one)."""
    svc = jury.service
    rules = {c.id: svc.rule_proposal(jury.speaker(c.id).id, c.id) for c in svc.manifest.candidates}
    kind = jury.session.kind
    debatable = {
        cid: other
        for cid, p in rules.items()
        if (other := _deviation(kind, p.decision, p.mention)) is not None
    }
    rng = jury.rng("deviations")
    count = min(len(debatable), max(1, len(rules) // 12))
    deviating = sorted(rng.sample(sorted(debatable), count))
    for cid in rules:
        speaker = jury.speaker(cid).id
        if cid in deviating:
            decision, mention, why = debatable[cid]
            jury.act(
                svc.propose, speaker, cid, decision, mention, jury.text(why),
                **jury.signed_by(speaker),
            )  # fmt: skip
        else:
            jury.act(svc.accept_rule_proposal, speaker, cid, **jury.signed_by(speaker))
    return deviating


def _approve(jury: _Jury) -> None:
    """Each institution's required approvals, by distinct present non-conflicted members,
    taken in a seeded rotation."""
    svc = jury.service
    rng = jury.rng("approvals")
    for candidate in svc.manifest.candidates:
        detail = svc.candidate_detail(jury.chair.id, candidate.id)
        conflicted = {c.member_id for c in detail.conflicts}
        for code in jury.session.institution_codes():
            able = [m for m in jury.voters if m.institution == code and m.id not in conflicted]
            needed = detail.approvals_missing[code]  # none given yet: the slot's whole count
            for member in rng.sample(able, min(needed, len(able))):
                jury.act(svc.approve, member.id, candidate.id, code, jury.passphrases[member.id])


def check_out_dir(out_dir: Path) -> None:
    """Refuse an output folder that cannot be made or written to, before anything is written
    anywhere (found only at the export, the session would already be played and closed).

    Probes with a real file, as the export will write: ``os.access`` answers for the real
    user and ignores root's rights and some network shares. Whatever the probe made (the
    folder, its missing parents) is removed again, so a refused run leaves no trace.
    """
    made = [folder for folder in (out_dir, *out_dir.parents) if not folder.exists()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".jury-desk-probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(
            f"--out {out_dir}: cannot write there ({exc.strerror}); nothing was written. "
            "Give a folder you can write to."
        ) from None
    finally:
        for folder in made:  # the deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()


def _discard_session(path: Path) -> None:
    """Remove the session file a failed simulation made, with its side files."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def simulate(
    verified: VerifiedBundle,
    data_dir: Path,
    out_dir: Path,
    *,
    signers: Mapping[str, UnlockedSigner],
    seed: int = 0,
    lang: Lang = "fr",
    signed: bool = True,
    desks: str | None = None,
    trusted_key: PublicKey | None = None,
) -> SimulationReport:
    """Play a whole session of ``verified`` in a NEW session under ``data_dir`` and export its
    signed minutes to ``out_dir``. An existing session for that bundle is never touched.
    ``signed``: a signed session (log format 2, the default), every act signed by its
    member's key; False makes an unsigned log (format 1), for tests of old sessions.

    If the run fails once its session exists (the export found a full disk, a signature
    failed, Ctrl+C), that session is removed: a simulation is only a rehearsal that the same
    seed replays exactly, and a half-done one left in the data folder would refuse every
    rerun ("already exists") and show among the desk's sessions without a PV.

    ``desks`` ("files" or "network"): every sheet is sealed on its member's own desk, one
    process per member (``rehearsal/desks.py``), in a signed session; the desks verify the
    bundle with ``trusted_key``."""
    if desks is not None:
        if trusted_key is None:
            raise UsageError("--desks: the member desks need the bundle's trusted key.")
        signed = True  # member desks sign their acts: only a signed session takes them
    manifest = verified.manifest
    check_signers(manifest, signers)  # before any session exists: a wrong key writes nothing
    path = DeliberationService.session_path(data_dir, manifest.bundle_id)
    if path.exists():
        raise UsageError(
            f"A session for {manifest.bundle_id} already exists in {data_dir}; simulate only "
            "starts new sessions. Pass --data-dir with an empty folder."
        )
    check_out_dir(out_dir)
    clock = SimulatedClock(session_start(manifest), random.Random(f"{seed}/clock"))
    service = DeliberationService.open_from_bundle(
        verified, data_dir, now=clock, scrypt=SIMULATED_SCRYPT, simulated=True, signed=signed
    )
    try:
        with service:
            jury = _Jury(service, clock, lang, seed)
            scores = _Scores(jury)
            _seat_everyone(jury)
            with contextlib.ExitStack() as stack:
                on_desks = None
                if desks is not None:
                    assert trusted_key is not None
                    work = Path(stack.enter_context(tempfile.TemporaryDirectory(
                        prefix="jury-desk-desks-")))  # fmt: skip
                    on_desks = _Desks(desks, verified.path, trusted_key, work)
                _score_and_seal(jury, scores, on_desks)
            discussed = [cid for cid, flags in jury.flags().items() if flags]
            for cid in discussed:
                _note(jury, cid)
            revisions = _revise(jury, scores)
            for cid, flags in jury.flags().items():  # a revision may raise a flag: discuss it
                if flags and cid not in discussed:
                    _note(jury, cid)
            deviations = _propose(jury)
            _approve(jury)
            jury.clock.advance(300, 600)
            head = service.close_session(jury.chair.id, jury.passphrases[jury.chair.id])
            jury.clock.advance(60, 180)
            exported = export_minutes_with(service, out_dir, lang=lang, signers=signers)
    except BaseException:
        _discard_session(path)  # closed by ``with`` first; the session this call created
        raise
    return SimulationReport(
        bundle_id=manifest.bundle_id,
        session_path=path,
        candidates=len(manifest.candidates),
        decisions=exported.minutes.statistics.decisions,
        flagged=tuple(c.id for c in exported.minutes.candidates if c.flags),
        deviations=tuple(deviations),
        revisions=revisions,
        audit_head=head,
        exported=exported,
    )
