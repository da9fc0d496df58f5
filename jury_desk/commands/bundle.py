"""``jury-desk bundle ...``: the secretariat's bundle commands.

Each pair of sub-commands lives in its own module: keygen/sign in ``bundle_signing_keys``,
build in ``bundle_build``, verify/inspect in ``bundle_verify``.
"""

from __future__ import annotations

import argparse
import importlib

PARTS = ("bundle_signing_keys", "bundle_build", "bundle_verify")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("bundle", help="make, sign, verify and inspect dossier bundles")
    bsub = parser.add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    for name in PARTS:
        importlib.import_module(f"jury_desk.commands.{name}").register(bsub, common)
