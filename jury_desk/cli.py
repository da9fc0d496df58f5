"""The ``jury-desk`` command: the GUI by default, secretariat sub-commands otherwise.

A public interface (DESIGN.md §6): the secretariat scripts it. Every error is one clear
line on stderr with a non-zero exit (1 refused/failed, 2 usage), never a traceback.
Sub-commands live in ``jury_desk/commands/<group>.py``, each with a ``register(sub, common)``.
Building the parser imports every group, so a group imports at its top only what its
parser needs; its handlers import the rest when they run (tests/test_cli_imports.py).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from jury_desk import __version__
from jury_desk.core.errors import JuryDeskError
from jury_desk.core.quiet_warnings import silence_third_party_deprecations

COMMAND_MODULES = (
    "bundle",
    "signer_certificates",
    "member",
    "audit",
    "minutes",
    "simulate",
    "archive",
    "app",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse prints two)
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        # SUPPRESS: a sub-command's own (absent) --data-dir must not overwrite the value given
        # before the sub-command (`jury-desk --data-dir X bundle verify ...`).
        default=argparse.SUPPRESS,
        help="desk data folder (default: the user data folder, or $JURY_DESK_DATA_DIR)",
    )
    parser = _Parser(
        prog="jury-desk",
        description="Offline desk of the Mines Paris × Albert School joint jury.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"jury-desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"jury_desk.commands.{name}").register(sub, common)
    return parser


def _bare_gui_call(argv: list[str]) -> argparse.Namespace | None:
    """``jury-desk [--data-dir DIR]`` opens the app: answer it without building the
    parser of every command group, which nothing before the first window needs."""
    quick = argparse.ArgumentParser(add_help=False)
    quick.add_argument("--data-dir")
    try:
        args, rest = quick.parse_known_args(argv)
    except SystemExit:
        return None  # let the full parser say what is wrong
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    silence_third_party_deprecations()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--member-desk-process"]:  # hidden: desk_process.ARG, for the frozen app
        from jury_desk.rehearsal import desk_process

        return desk_process.main()
    args = _bare_gui_call(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    handler = getattr(args, "handler", None)
    if handler is None:
        # No sub-command: open the desktop app.
        from jury_desk.commands.app import run_gui

        handler = run_gui
    try:
        return int(handler(args) or 0)
    except JuryDeskError as exc:
        code = f" [{exc.code}]" if exc.show_code else ""
        print(f"jury-desk: {exc}{code}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (e.g. `jury-desk bundle inspect B | head`): not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not complain.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("jury-desk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, with where to look
        print(f"jury-desk: internal error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 3
