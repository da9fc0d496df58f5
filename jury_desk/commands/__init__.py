"""CLI sub-command groups. Each module exposes ``register(subparsers, common_parent)``;
the handler it sets (``set_defaults(handler=fn)``) takes the parsed args, returns an exit code."""
