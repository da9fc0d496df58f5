"""The same bundle and seed give the same session: scores, notes, revisions, decisions,
approvals and times. Only the audit chain's hashes differ, because every sealed sheet's
commitment is salted with fresh random bytes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.e2e.simkit import Bundle, Run, Signers, make_bundle, simulate, without_salted
from tests.minutes import poppler


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=10)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> dict[str, Run]:
    folder = tmp_path_factory.mktemp("runs")
    out = {
        name: simulate(bundle, signers, folder / name, "--lang", lang, seed=seed)
        for name, seed, lang in (("first", 5, "fr"), ("again", 5, "fr"), ("other", 6, "en"))
    }
    assert [r.code for r in out.values()] == [0, 0, 0], [r.stderr for r in out.values()]
    return out


def test_the_same_seed_gives_the_same_minutes_but_the_salted_chain_and_commitments(
    runs: dict[str, Run],
):
    first, again = runs["first"].minutes(), runs["again"].minutes()
    assert without_salted(first) == without_salted(again)
    assert first["audit_head"] != again["audit_head"]
    assert runs["first"].summary("Decisions") == runs["again"].summary("Decisions")


def test_another_seed_gives_other_scores_and_english_minutes_speak_english(runs: dict[str, Run]):
    def totals(run: Run) -> list[Any]:
        return [c["totals"] for c in without_salted(run.minutes())["candidates"]]

    assert totals(runs["first"]) != totals(runs["other"])
    other = runs["other"].minutes()
    assert other["lang"] == "en"
    texts = [n["text"] for c in other["candidates"] for n in c["notes"]]
    texts += [c["justification"] for c in other["candidates"] if c["decision_source"] == "jury"]
    assert texts and all(t.startswith(("Gap between", "Spread between", "The jury")) for t in texts)
    pages = poppler.page_texts(runs["other"].pv)
    assert "Minutes of the jury deliberation" in pages[0]


def test_times_follow_a_simulated_clock_within_the_bundles_validity(
    runs: dict[str, Run], bundle: Bundle
):
    minutes = runs["first"].minutes()
    issued, expires = bundle.manifest.issued_at, bundle.manifest.expires_at
    times = [a["in_at"] for a in minutes["attendance"]]
    times += [a["at"] for c in minutes["candidates"] for a in c["approvals"]]
    times.append(minutes["generated_at"])
    moments = [datetime.fromisoformat(t) for t in times]
    assert moments == sorted(moments)
    # The session's day (15 June 2026) is before this bundle was issued: the clock starts at
    # the issue time instead, so that the PV can be checked against its bundle as of its date.
    assert issued <= moments[0] and moments[-1] < expires
