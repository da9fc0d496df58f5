"""The published JSON Schema of minutes.json, generated from the pydantic model.

``python -m jury_desk.minutes.schema`` rewrites ``resources/schema/minutes.schema.json``;
a test fails when the shipped file is not the one the model generates.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jury_desk.core.resources import resource_path
from jury_desk.core.strict_json import dumps_pretty
from jury_desk.minutes.model import FORMAT, Minutes

SCHEMA_ID = "https://jury-desk.invalid/schema/jury-desk-minutes-1.json"


def minutes_json_schema() -> dict[str, Any]:
    schema = Minutes.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "description": f"minutes.json, format {FORMAT!r}, the machine-readable jury minutes",
        **schema,
    }


def schema_bytes() -> bytes:
    return dumps_pretty(minutes_json_schema())


def shipped_schema_path() -> Path:
    return resource_path("schema", "minutes.schema.json")


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_schema_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(schema_bytes())
    print(f"wrote {out}")
