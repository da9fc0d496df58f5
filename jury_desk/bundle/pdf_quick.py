"""A quick look at a PDF's structure that can only say "this one is fine".

Opening every document with pypdf was most of what the document checks cost (issue 14:
``bundle build`` 1.37x slower with them; pypdf parses the trailer and the page tree in
pure Python). Most documents are plain: classic cross-reference tables, a trailer, a
catalog, a page tree. For those, this module follows the path a reader follows to the
first page, with byte searches and a small check of each dictionary on the way: the last
``startxref``; the table it points to and the older ones along ``/Prev`` (incremental
updates, a newer entry winning); the trailer's ``/Root`` (and no ``/Encrypt``); the
catalog's ``/Pages``; the page tree's ``/Count`` and its first ``/Kids`` down to a
``/Page``; each object found at the offset the tables give, each a well-formed dictionary.

It never refuses anything: when anything is not as expected (a cross-reference stream, an
object no table lists, an encryption dictionary, a broken offset, a dictionary it does not
read…) it answers False and the caller opens the file with pypdf, which gives the verdict
and the reason. Unlike pypdf it does not read the pages after the first.
"""

from __future__ import annotations

import re

Offsets = dict[int, int | None]  # object number -> where it starts (None: free)
_TAIL = 1024  # where startxref and %%EOF must be (the spec: the last line)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ \t]*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_ENTRY_SIZE = 20  # "nnnnnnnnnn ggggg n" and a two-byte end of line, always
_TRAILER = re.compile(rb"\s*trailer\s*")
_MAX_OBJECT = 1 << 16  # a catalog or page-tree node is small; more is not "plain"
_MAX_DEPTH = 32
_MAX_SECTIONS = 64  # incremental updates (/Prev) followed at most
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\Z")
_FIRST_REF = re.compile(rb"\[\s*(\d+)\s+(\d+)\s+R\b")
_INT = re.compile(rb"\d+\Z")
# Attributes a page inherits from its tree: pypdf reads them where the tree sets them.
_INHERITED = (b"/Resources", b"/MediaBox", b"/CropBox", b"/Rotate")
# One token of a dictionary (PDF 32000-1 §7.3), after any white space or comment.
_TOKEN = re.compile(
    rb"(?:\s|%[^\r\n]*)*(?:(?P<open><<)|(?P<close>>>)|(?P<ref>\d+\s+\d+\s+R\b)"
    rb"|(?P<name>/[^\s/\[\]<>(){}%]*)|(?P<array>\[)|(?P<end>\])"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))|(?P<hex><[0-9A-Fa-f\s]*>)"
    rb"|(?P<word>(?:true|false|null)\b)|(?P<string>\((?:[^()\\]|\\.)*\)))",
    re.S,
)
_BLANK = re.compile(rb"(?:\s|%[^\r\n]*)*\Z")


def _value(text: bytes, pos: int, depth: int) -> tuple[str, int] | None:
    """The kind of the value at ``pos`` and where it ends; None when not well-formed."""
    token = _TOKEN.match(text, pos)
    if token is None or depth > _MAX_DEPTH or token.lastgroup in ("close", "end"):
        return None
    kind, pos = token.lastgroup or "", token.end()
    if kind in ("open", "array"):
        closing = "close" if kind == "open" else "end"
        while (nxt := _TOKEN.match(text, pos)) is not None and nxt.lastgroup != closing:
            if kind == "open" and nxt.lastgroup != "name":
                return None  # a dictionary's keys are names
            if kind == "open":
                pos = nxt.end()
            inner = _value(text, pos, depth + 1)
            if inner is None:
                return None
            pos = inner[1]
        return (kind, nxt.end()) if nxt is not None else None
    return kind, pos


def _dictionary(text: bytes) -> dict[bytes, bytes] | None:
    """The top-level entries (key -> the value's text) of a well-formed dictionary that is
    all of ``text``; None otherwise."""
    opening = _TOKEN.match(text)
    if opening is None or opening.lastgroup != "open":
        return None
    entries: dict[bytes, bytes] = {}
    pos = opening.end()
    while (key := _TOKEN.match(text, pos)) is not None and key.lastgroup == "name":
        value = _value(text, key.end(), 1)
        if value is None:
            return None
        entries[key["name"]] = text[key.end() : value[1]].strip()
        pos = value[1]
    if key is None or key.lastgroup != "close" or not _BLANK.match(text, key.end()):
        return None
    return entries


def _xref_table(data: bytes, at: int) -> tuple[Offsets, int] | None:
    """One table's objects and where its trailer starts; None unless a classic table."""
    if not data.startswith(b"xref", at):
        return None  # a cross-reference stream: pypdf reads those
    pos = at + 4
    while pos < len(data) and data[pos] in b" \t\r\n":
        pos += 1
    offsets: Offsets = {}
    while (sub := _SUBSECTION.match(data, pos)) is not None:
        first, count = int(sub[1]), int(sub[2])
        pos = sub.end()
        for i in range(count):
            entry = _ENTRY.match(data, pos + i * _ENTRY_SIZE)
            if entry is None:
                return None
            offsets[first + i] = int(entry[1]) if entry[3] == b"n" else None
        pos += count * _ENTRY_SIZE
    return offsets, pos


def _xref(data: bytes, at: int) -> tuple[Offsets, dict[bytes, bytes]] | None:
    """Every table from the newest back along ``/Prev`` (a newer entry wins, as in a
    reader), and the newest trailer; None when a table or a trailer is not classic."""
    offsets: Offsets = {}
    newest: dict[bytes, bytes] | None = None
    seen: set[int] = set()
    while at not in seen and len(seen) < _MAX_SECTIONS:
        seen.add(at)
        table = _xref_table(data, at)
        keyword = _TRAILER.match(data, table[1]) if table else None
        end = data.find(b"startxref", table[1], table[1] + _MAX_OBJECT) if table else -1
        if table is None or keyword is None or end < 0:
            return None
        trailer = _dictionary(data[keyword.end() : end])
        if trailer is None or b"/Encrypt" in trailer:
            return None
        for number, offset in table[0].items():
            offsets.setdefault(number, offset)
        newest = trailer if newest is None else newest
        if b"/Prev" not in trailer:
            return offsets, newest
        if not _INT.match(trailer[b"/Prev"]):
            return None
        at = int(trailer[b"/Prev"])
    return None  # a loop of /Prev, or too many updates to be plain


def _object(data: bytes, offsets: Offsets, ref: bytes | None) -> dict[bytes, bytes] | None:
    """The dictionary ``ref`` ("N G R") points to, if it is where the tables say."""
    found = _REF.match(ref) if ref else None
    at = offsets.get(int(found[1])) if found else None
    if found is None or at is None:
        return None
    head = re.compile(rb"%s\s+%s\s+obj\b" % (found[1], found[2])).match(data, at)
    end = data.find(b"endobj", at, at + _MAX_OBJECT) if head else -1
    return _dictionary(data[head.end() : end]) if head and end > 0 else None


def plainly_readable(data: bytes) -> bool:
    """True when ``data`` is a PDF with a page, as a reader would find it; False when this
    quick look cannot tell (the caller then asks pypdf)."""
    found = _STARTXREF.search(data, max(0, len(data) - _TAIL))
    xref = _xref(data, int(found[1])) if found and data.startswith(b"%PDF-") else None
    if xref is None:
        return False
    offsets, trailer = xref
    catalog = _object(data, offsets, trailer.get(b"/Root"))
    node = _object(data, offsets, catalog.get(b"/Pages")) if catalog else None
    count = node.get(b"/Count", b"") if node else b""
    if node is None or not _INT.match(count) or int(count) < 1:
        return False
    for _ in range(_MAX_DEPTH):  # down the first kids to a leaf page
        kind = node.get(b"/Type")
        if kind == b"/Page":
            return True
        if kind != b"/Pages" or any(_REF.match(node.get(a, b"")) for a in _INHERITED):
            return False
        kid = _FIRST_REF.match(node.get(b"/Kids", b""))
        node = _object(data, offsets, b"%s %s R" % (kid[1], kid[2]) if kid else None)
        if node is None:
            return False
    return False
