"""``jury-desk`` (no sub-command) and ``jury-desk demo``: open the desktop app."""

from __future__ import annotations

import argparse

from jury_desk.core.paths import data_dir


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="open the desktop app on the demo bundle shipped in resources/demo",
    )
    demo.set_defaults(handler=run_demo)


def run_gui(args: argparse.Namespace) -> int:
    from jury_desk.gui.app import run_app

    return run_app(data_dir(args.data_dir), demo=False)


def run_demo(args: argparse.Namespace) -> int:
    from jury_desk.gui.app import run_app

    return run_app(data_dir(args.data_dir), demo=True)
