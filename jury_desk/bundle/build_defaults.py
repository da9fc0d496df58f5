"""The bundle builder's file name and default, apart from the builder itself: the CLI's
help text names them, and ``jury-desk --help`` must not import pydantic to say so."""

RECORD_FILE = "record.toml"  # a graduation candidate's academic record, in their folder
DEFAULT_VALID_DAYS = 30
