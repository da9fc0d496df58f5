"""``bundle inspect`` proofreads the sealed scholarship flags for the secretariat (issue 11).

Shown only when asked (``--blind-values``): without a pinned reveal key from the bundle's
own blind-fields.json, each value checked against its commitment. Sealed to the chair's
key, nothing in the bundle can be read:
``bundle build`` keeps the values and salts beside it (B.blind-values.json, 0600, never in
the bundle), and ``inspect --blind-values`` checks every commitment against them, and says
plainly that the envelopes themselves cannot be checked without the chair's key. An edited
or foreign file is refused in one line (exit 1); a usage mistake is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jury_desk.cli import main
from tests.bundle import test_builder
from tests.bundle.test_builder import _cli_args, _one_line
from tests.bundle.test_reveal_pin_build import made, pin  # noqa: F401  (fixture)

src = test_builder.src  # the fixture: a copy of resources/examples (C001..C003)
#: candidates.csv of the examples: scholarship oui, non, oui
CSV_FLAGS = {"C001": True, "C002": False, "C003": True}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pinned(src, made, tmp_path, capsys) -> Path:  # noqa: F811
    """A bundle whose flags are sealed to the chair's pinned reveal key, built by the CLI."""
    pin(src, made)
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 0
    said = capsys.readouterr().out
    kept = tmp_path / "b.blind-values.json"
    assert f"Wrote {kept}: the scholarship flags sealed to the chair's key" in said
    assert "Keep it at the secretariat" in said
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.name.encode() not in out.read_bytes()
    return out


def test_a_pinned_bundle_is_proofread_against_the_kept_values(pinned, capsys):
    kept = pinned.with_name("b.blind-values.json")
    code, out, err = run(capsys, "bundle", "inspect", str(pinned))
    assert (code, err) == (0, "")
    assert out.count("scholarship sealed until the reveal") == 3
    assert "Not checked: the blind fields are sealed until the reveal. Add --blind-values " in out
    assert "with the .blind-values.json that `bundle build` wrote beside the bundle" in out
    code, _, err = run(capsys, "bundle", "inspect", str(pinned), "--blind-values")
    assert code == 2 and "to the chair's key; give the .blind-values.json" in _one_line(err)

    code, out, err = run(capsys, "bundle", "inspect", str(pinned), "--blind-values", str(kept))
    assert (code, err) == (0, "")
    assert "Candidates:  3 (2 scholarship holders)" in out
    assert "C001: Camille Lefèvre (scholarship holder, checked against its commitment" in out
    assert "(not a scholarship holder, checked against its commitment" in out
    assert f"Blind fields: every value read from {kept} opens its commitment" in out
    assert "Not checked: the envelopes sealed to the chair's key" in out
    assert "non délibéré — renvoyé" in out

    code, out, _ = run(
        capsys, "bundle", "inspect", str(pinned), "--blind-values", str(kept), "--json"
    )
    flags = json.loads(out)["blind_fields"]
    assert flags["values"] == CSV_FLAGS and flags["source"] == str(kept)
    assert flags["not_checked"].startswith("the envelopes sealed to the chair's key")


def test_an_edited_or_foreign_values_file_is_refused_in_one_line(pinned, tmp_path, capsys):
    kept = pinned.with_name("b.blind-values.json")
    doc = json.loads(kept.read_text())
    doc["candidates"]["C002"]["scholarship"] = True  # the secretariat's file, edited
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc))
    code, out, err = run(capsys, "bundle", "inspect", str(pinned), "--blind-values", str(edited))
    assert (code, out) == (1, "")
    line = _one_line(err)
    assert "inspect.blind-values" in line and "C002" in line and "is not this bundle's" in line
    del doc["candidates"]["C003"]
    edited.write_text(json.dumps(doc))
    code, out, err = run(capsys, "bundle", "inspect", str(pinned), "--blind-values", str(edited))
    assert (code, out) == (1, "") and "exactly the manifest's candidates" in _one_line(err)
    code, _, err = run(
        capsys, "bundle", "inspect", str(pinned), "--blind-values", str(tmp_path / "none.json")
    )
    assert code == 2 and "no such file" in _one_line(err)


def test_an_unpinned_bundle_shows_its_own_values_checked(src, tmp_path, capsys):
    out_file = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out_file)) == 0
    assert "blind-values" not in capsys.readouterr().out  # the values are in the bundle
    assert not out_file.with_name("b.blind-values.json").exists()
    code, out, err = run(capsys, "bundle", "inspect", str(out_file))
    assert (code, err) == (0, "")  # shown only when asked (the screen may be seen by others)
    assert "checked against its commitment;" not in out
    assert "Add --blind-values to show them" in out
    code, out, err = run(capsys, "bundle", "inspect", str(out_file), "--blind-values")
    assert (code, err) == (0, "")
    assert out.count("checked against its commitment;") == 3
    assert "every value read from documents/blind-fields.json opens its commitment" in out
    assert "Not checked" not in out
    code, out, _ = run(capsys, "bundle", "inspect", str(out_file), "--json", "--blind-values")
    assert json.loads(out)["blind_fields"]["values"] == CSV_FLAGS


def test_build_refuses_to_replace_kept_values_without_force(src, made, tmp_path, capsys):  # noqa: F811
    pin(src, made)
    kept = tmp_path / "b.blind-values.json"
    kept.write_text("the values of an earlier build")
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 2
    assert f"{kept} already exists; add --force" in _one_line(capsys.readouterr().err)
    assert not out.exists() and kept.read_text() == "the values of an earlier build"
    assert main(_cli_args(src, out, "--force")) == 0
    assert json.loads(kept.read_text())["format"] == "jury-desk-blind-fields/1"
