"""Where a search matched, shown: the words of a text that the folder store's index matched, marked ``[[…]]``
in a short window around them (the index keeps no copy of the texts in its full-text part, so the snippet
is cut here, from the text kept beside it).

Words are read as the index's tokenizer reads them (``unicode61``, diacritics removed, case folded): a query
word matches a text word that equals it, or begins with it when it is long enough (:data:`PREFIX_FROM`).
"""

from __future__ import annotations

import re
import unicodedata

from .index_schema import PREFIX_FROM

WINDOW = 12
"""Words shown around the match (as SQLite's ``snippet()`` was asked for)."""
_TOKEN = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    word = word.casefold()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def query_terms(search: str) -> list[tuple[str, bool]]:
    """(folded word, also as the start of a longer word) for each word of a search, as :func:`fts_query`
    builds the query: the last piece of each typed word may begin a longer one."""
    out: list[tuple[str, bool]] = []
    for typed in search.split():
        pieces = _TOKEN.findall(typed)
        for i, piece in enumerate(pieces):
            out.append((_fold(piece), len(typed) >= PREFIX_FROM and i == len(pieces) - 1))
    return out


def _hit(word: str, terms: list[tuple[str, bool]]) -> bool:
    return any(word == t or (prefix and word.startswith(t)) for t, prefix in terms)


def snippet(text: str, terms: list[tuple[str, bool]]) -> str:
    """The text around its first matched word (at most :data:`WINDOW` words), matched words marked."""
    words = [(m.start(), m.end(), _hit(_fold(m.group()), terms)) for m in _TOKEN.finditer(text)]
    if not words:
        return " ".join(text.split())
    first = next((i for i, w in enumerate(words) if w[2]), 0)
    start = max(0, min(first - 2, len(words) - WINDOW))
    end = min(len(words), start + WINDOW)
    begin = 0 if start == 0 else words[start][0]
    finish = len(text) if end == len(words) else words[end - 1][1]
    out, pos = [], begin
    for s, e, hit in words[start:end]:
        if hit:
            out += [text[pos:s], "[[", text[s:e], "]]"]
            pos = e
    out.append(text[pos:finish])
    shown = ("…" if begin else "") + "".join(out) + ("…" if finish < len(text) else "")
    return " ".join(shown.split())
