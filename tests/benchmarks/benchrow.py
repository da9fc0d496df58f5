"""One machine-readable line per benchmark row; ``run_all.py`` gathers them into one table.

A bench script keeps its own human report and, for each row of the summary table, calls
``emit``, which prints (flushed)::

    BENCH {"measure": "...", "value": 1.23, "unit": "s", "baseline": 1.1, "ratio": 1.12,
           "baseline_label": "...", "goal": "<= 1.10x", "met": false}

Every value has a baseline measured in the same run (DESIGN.md §8). The goal bounds either
the ratio (``goal_ratio``) or the value itself (``goal_value``, in ``unit``); lower is better.
"""

from __future__ import annotations

import json

PREFIX = "BENCH "


def emit(
    measure: str,
    value: float,
    baseline: float,
    unit: str,
    *,
    baseline_label: str,
    goal_ratio: float | None = None,
    goal_value: float | None = None,
) -> dict[str, object]:
    ratio = value / baseline if baseline else float("inf")
    goal, met = "", None
    if goal_ratio is not None:
        goal, met = f"<= {goal_ratio:.2f}x", ratio <= goal_ratio
    elif goal_value is not None:
        goal, met = f"<= {goal_value:g} {unit}", value <= goal_value
    row = {
        "measure": measure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "baseline_label": baseline_label,
        "goal": goal,
        "met": met,
    }
    print(PREFIX + json.dumps(row, ensure_ascii=False), flush=True)
    return row


def parse(line: str) -> dict[str, object] | None:
    """The row a ``BENCH`` line carries, or None for any other line."""
    if not line.startswith(PREFIX):
        return None
    row = json.loads(line[len(PREFIX) :])
    return row if isinstance(row, dict) else None
