"""Where a search matched, shown: the texts of an assessment holding the words the folder store's index
matched, each cut to a short window around them with the words marked ``[[…]]`` (the full-text index keeps
no copy of the texts; they are kept beside it).

Words are read as the index's tokenizer reads them (``unicode61``, diacritics removed, case folded): a query
word matches a text word that equals it, or begins with it when it is long enough (:data:`PREFIX_FROM`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .index_schema import PREFIX_FROM

WINDOW = 12
"""Words shown around the match (as SQLite's ``snippet()`` was asked for)."""
_TOKEN = re.compile(r"[^\W_]+")
_BEFORE, _REST, _AFTER = r"(?<![^\W_])", r"[^\W_]*", r"(?![^\W_])"
"""A word: not inside a longer one (the rest of a longer one, for a prefix)."""


def _fold(word: str) -> str:
    word = word.casefold()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Terms:
    """The words of a search, as :func:`~cia.store.index_schema.fts_query` asks for them: each piece of a
    typed word, the last piece also as the start of a longer word."""

    def __init__(self, search: str) -> None:
        self.terms: list[tuple[str, bool]] = []
        for typed in search.split():
            pieces = _TOKEN.findall(typed)
            for i, piece in enumerate(pieces):
                self.terms.append((_fold(piece), len(typed) >= PREFIX_FROM and i == len(pieces) - 1))
        self._words = [re.compile(_BEFORE + re.escape(t) + (_REST if prefix else "") + _AFTER)
                       for t, prefix in self.terms]
        self._any = re.compile("|".join(p.pattern for p in self._words)) if self.terms else None

    def count(self, text: str, folded: str | None = None) -> int:
        """How many of the words the text holds (``folded``: the text already folded)."""
        if folded is None:
            folded = _fold(text)
        return sum(1 for (t, _prefix), word in zip(self.terms, self._words) if t in folded and word.search(folded))

    def counts(self, texts: list[tuple[str, str]]) -> list[int]:
        """:meth:`count` for each of an assessment's texts, folded together where they are plain ASCII."""
        bodies = [body for _place, body in texts]
        joined = "\x1e".join(bodies)
        if joined.isascii():
            folded = joined.lower().split("\x1e")
            if len(folded) == len(bodies):
                return [self.count(b, f) for b, f in zip(bodies, folded)]
        return [self.count(b) for b in bodies]

    def hit(self, word: str) -> bool:
        w = _fold(word)
        return any(w == t or (prefix and w.startswith(t)) for t, prefix in self.terms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text's matching words are."""
        if self._any is None:
            return []
        if text.isascii():  # folding keeps every position
            return [m.span() for m in self._any.finditer(text.lower())]
        return [m.span() for m in _TOKEN.finditer(text) if self.hit(m.group())]


def snippet(text: str, terms: Terms) -> str:
    """The text around its first matched word (at most :data:`WINDOW` words), matched words marked."""
    hits = terms.spans(text)
    words = [m.span() for m in _TOKEN.finditer(text)]
    if not words:
        return " ".join(text.split())
    first = bisect.bisect_left(words, hits[0]) if hits else 0
    start = max(0, min(first - 2, len(words) - WINDOW))
    end = min(len(words), start + WINDOW)
    begin = 0 if start == 0 else words[start][0]
    finish = len(text) if end == len(words) else words[end - 1][1]
    out, pos = [], begin
    for s, e in hits:
        if s >= begin and e <= finish:
            out += [text[pos:s], "[[", text[s:e], "]]"]
            pos = e
    out.append(text[pos:finish])
    shown = ("…" if begin else "") + "".join(out) + ("…" if finish < len(text) else "")
    return " ".join(shown.split())
