"""Run poppler's tools on PDF bytes and parse what they print (tests only)."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

from tests.tooling import require_tool


def run(tool: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    exe = require_tool(tool)
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=120)


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    done = run("pdftotext", "-enc", "UTF-8", pdf, "-")
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\f")[:-1]


def watermarks(pdf: Path) -> list[str]:
    """Per page, the watermark text: the page's first glyphs in content order (pdftotext
    -raw), which the diagonal watermark puts one per line; "" for a page without one."""
    done = run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")
    assert done.returncode == 0, done.stderr
    marks = []
    for page in done.stdout.split("\f")[:-1]:
        glyphs = itertools.takewhile(lambda line: len(line) == 1, page.split("\n"))
        marks.append("".join(glyphs))
    return marks


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table as dicts, cut at the header's column positions (names have spaces)."""
    done = run("pdffonts", pdf)
    assert done.returncode == 0, done.stderr
    header, rule, *rows = done.stdout.splitlines()
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    names = [header[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
    return [
        {n: row[a:b].strip() for n, a, b in zip(names, starts, [*starts[1:], None], strict=True)}
        for row in rows
    ]


def signatures(pdf: Path) -> tuple[int, list[dict[str, str]]]:
    """pdfsig's report: exit code and one dict per signature. pdfsig exits 0 even when a
    digest does not match, so callers must read the 'Signature Validation' line."""
    done = run("pdfsig", pdf)
    sigs: list[dict[str, str]] = []
    for line in done.stdout.splitlines():
        if line.startswith("Signature #"):
            sigs.append({})
        elif sigs and line.strip().startswith("- "):
            key, _, value = line.strip()[2:].partition(":")
            sigs[-1][key.strip()] = value.strip() if value else "yes"
    return done.returncode, sigs


def all_signatures_valid(pdf: Path, expected: int) -> bool:
    code, sigs = signatures(pdf)
    return (
        code == 0
        and len(sigs) == expected
        and all(s.get("Signature Validation") == "Signature is Valid." for s in sigs)
        and "Total document signed" in sigs[-1]
    )


def tinted_pixels(pdf: Path, page: int, dpi: int = 20) -> int:
    """How many pixels of ``page`` are clearly red-tinted (the DEMO watermark's colour)."""
    done = subprocess.run(
        [require_tool("pdftoppm"), "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    magic, width, height, maxval, pixels = done.stdout.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255"
    rgb = pixels[: int(width) * int(height) * 3]
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 200 and rgb[i] - rgb[i + 2] > 20)
