"""Search keys: accent- and case-insensitive, the same in SQLite and PostgreSQL.

The database compares plain ASCII-ish keys computed here, once, when a PV is archived and
when a search is typed; no collation or extension (unaccent, ICU) is needed on either
engine, so both answer the same.
"""

from __future__ import annotations

import unicodedata

# Letters NFKD does not decompose into a base letter and an accent.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
                          "ı": "i", "’": "'", "‘": "'", "-": " "})  # fmt: skip


def fold(text: str) -> str:
    """``"Chloé  O’Connor-Lefèvre"`` -> ``"chloe o'connor lefevre"``."""
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    bare = "".join(c for c in lowered if not unicodedata.combining(c))
    return " ".join(bare.split())


TOKEN_MAX = 100


def name_tokens(name: str) -> set[str]:
    """The words a name is found by: ``"Chloé O'Connor-Lefèvre"`` -> chloe, o'connor,
    oconnor, connor, lefevre (an apostrophe is typed, left out, or the part after it)."""
    words: set[str] = set()
    for word in fold(name).split():
        words.add(word)
        if "'" in word:
            words.add(word.replace("'", ""))
            words.update(part for part in word.split("'") if len(part) > 1)
    return {w[:TOKEN_MAX] for w in words if w}


def prefix_range(word: str) -> tuple[str, str]:
    """``(low, high)`` such that ``low <= token < high`` holds exactly for the tokens that
    start with ``word``, in code-point order (SQLite's BINARY, PostgreSQL's "C" collation):
    a range an index answers, unlike ``LIKE '%word%'``."""
    return word, word[:-1] + chr(ord(word[-1]) + 1)
