"""``jury-desk`` (no sub-command) and ``jury-desk demo``: open the desktop app; ``demo
--headless OUT`` plays the demo session without a window (``commands/simulate.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="open the desktop app on the demo bundle shipped in resources/demo",
    )
    demo.add_argument(
        "--headless",
        type=Path,
        metavar="OUT",
        help="no window: simulate the demo admission session and write minutes.json and the "
        "signed PV (watermarked DEMO and SIMULATION) to OUT",
    )
    demo.set_defaults(handler=run_demo)


def run_gui(args: argparse.Namespace) -> int:
    from jury_desk.core.paths import data_dir
    from jury_desk.gui.app import run_app

    return run_app(data_dir(args.data_dir), demo=False)


def run_demo(args: argparse.Namespace) -> int:
    if args.headless is not None:
        from jury_desk.commands.simulate import run_demo_headless

        return run_demo_headless(args)
    from jury_desk.core.paths import data_dir
    from jury_desk.gui.app import run_app

    return run_app(data_dir(args.data_dir), demo=True)
