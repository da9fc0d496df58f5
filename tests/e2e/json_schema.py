"""Validate a JSON document against the shipped minutes schema (tests only).

The project has no JSON Schema library; this checks the keywords pydantic emits in
resources/schema/minutes.schema.json and fails on any other, so that a new keyword cannot
be silently ignored. Of the formats, it checks the two the schema uses (date, date-time).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_ANNOTATIONS = {"title", "description", "default", "$schema", "$id", "$defs"}
_OBJECT_KEYS = {"properties", "required", "additionalProperties", "patternProperties"}
_PY_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number"):
        allowed = int if kind == "integer" else int | float
        return isinstance(value, allowed) and not isinstance(value, bool)
    return isinstance(value, _PY_TYPES[kind])


def _format_ok(value: str, fmt: str) -> bool:
    parse = {"date": date.fromisoformat, "date-time": datetime.fromisoformat}
    if fmt not in parse:
        raise AssertionError(f"format {fmt!r} is not checked by this validator")
    try:
        parsed = parse[fmt](value)
    except ValueError:
        return False
    return fmt == "date" or parsed.tzinfo is not None


def _scalar_ok(value: Any, key: str, rule: Any) -> bool:
    """A string or number keyword; True when it does not apply to the value's type."""
    if key in ("pattern", "minLength", "maxLength", "format"):
        if not isinstance(value, str):
            return True
        if key == "pattern":
            return re.search(rule, value) is not None
        if key == "format":
            return _format_ok(value, rule)
        return len(value) >= rule if key == "minLength" else len(value) <= rule
    if not _is(value, "number"):
        return True
    return {
        "minimum": value >= rule,
        "maximum": value <= rule,
        "exclusiveMinimum": value > rule,
        "exclusiveMaximum": value < rule,
    }[key]


def _object(value: dict[str, Any], schema: dict[str, Any], root: dict, at: str) -> list[str]:
    out = [f"{at}: missing {name}" for name in schema.get("required", []) if name not in value]
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        matched = [sub for p, sub in patterns.items() if re.search(p, name)]
        if name in known:
            out += errors(item, known[name], root, f"{at}.{name}")
        for sub in matched:
            out += errors(item, sub, root, f"{at}.{name}")
        if name in known or matched:
            continue
        if extra is False:
            out.append(f"{at}: unexpected property {name!r}")
        elif isinstance(extra, dict):
            out += errors(item, extra, root, f"{at}.{name}")
    return out


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Every violation of ``schema`` by ``value``, as 'path: problem'."""
    out: list[str] = []
    if isinstance(value, dict) and _OBJECT_KEYS & set(schema):
        out += _object(value, schema, root, at)
    for key, rule in schema.items():
        if key in _ANNOTATIONS or key in _OBJECT_KEYS:
            continue
        if key == "$ref":
            target = root
            for part in rule.removeprefix("#/").split("/"):
                target = target[part]
            out += errors(value, target, root, at)
        elif key == "type":
            kinds = [rule] if isinstance(rule, str) else rule
            if not any(_is(value, kind) for kind in kinds):
                out.append(f"{at}: not of type {rule}")
        elif key == "anyOf":
            if all(errors(value, option, root, at) for option in rule):
                out.append(f"{at}: matches none of anyOf")
        elif key in ("enum", "const"):
            if value not in (rule if key == "enum" else [rule]):
                out.append(f"{at}: {value!r} is not {key} {rule!r}")
        elif key == "propertyNames":
            if isinstance(value, dict):
                out += [e for name in value for e in errors(name, rule, root, f"{at}[{name!r}]")]
        elif key == "items":
            if isinstance(value, list):
                out += [e for i, v in enumerate(value) for e in errors(v, rule, root, f"{at}[{i}]")]
        elif key in ("minItems", "maxItems"):
            if isinstance(value, list) and not (
                len(value) >= rule if key == "minItems" else len(value) <= rule
            ):
                out.append(f"{at}: {key} {rule} fails ({len(value)} items)")
        elif key in ("pattern", "minLength", "maxLength", "format", "minimum", "maximum",
                     "exclusiveMinimum", "exclusiveMaximum"):  # fmt: skip
            if not _scalar_ok(value, key, rule):
                out.append(f"{at}: {key} {rule!r} fails for {value!r}")
        else:
            raise AssertionError(f"keyword {key!r} is not checked by this validator")
    return out


def violations(document: Any, schema: dict[str, Any]) -> list[str]:
    return errors(document, schema, schema)
