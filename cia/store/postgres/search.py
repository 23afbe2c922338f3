"""Full-text search on PostgreSQL: the query for the ``tsvector`` index, and the matched words marked.

Each text of an assessment (title, details, front sections, every point, evidence, comments — the same
texts, named by the same places, as the folder store's index) is a row with its ``tsvector`` (English
configuration). A search matches the assessments holding all its words (in one text or spread over several,
as on a folder store), each word also as the start of a longer one (so the app's filter box matches while
typing); the matches say where, with the words marked ``[[…]]``.
"""

from __future__ import annotations

import re

from ..records import Match

MATCHES_SHOWN = 3
_WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ies", "ied", "ed", "es", "s", "al", "ity", "ly")


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def tsquery(text: str) -> str:
    """A ``to_tsquery`` text: every word, each also as the start of a longer word. Empty if no words."""
    return " & ".join(f"'{w}':*" for w in words(text))


def word_queries(text: str) -> list[str]:
    """One ``to_tsquery`` text per word of the search (each also as the start of a longer word)."""
    return [f"'{w}':*" for w in words(text)]


def tsquery_any(text: str) -> str:
    """A ``to_tsquery`` text matching a text that holds any of the words."""
    return " | ".join(word_queries(text))


def every_word(text: str, *, ranked: bool = False) -> tuple[str, list[str]]:
    """The one rule of a search, as SQL: a query of the ids of the assessments holding every word of the
    search in some text of them (one text or several), and its parameters. ``ranked``: each with its
    ``score``, the rank of its best matching text. Every listing, count and figure that searches uses it."""
    queries = word_queries(text)
    if not queries:
        return "SELECT t.id, 0 AS score FROM cia_texts t WHERE false", []
    score = ", max(ts_rank(t.tsv, to_tsquery('english', %s))) AS score" if ranked else ""
    each = " AND ".join("bool_or(t.tsv @@ to_tsquery('english', %s))" for _ in queries)
    sql = (f"SELECT t.id{score} FROM cia_texts t WHERE t.tsv @@ to_tsquery('english', %s) "
           f"GROUP BY t.id HAVING {each}")
    any_word = tsquery_any(text)
    return sql, [*([any_word] if ranked else []), any_word, *queries]


def _stem(word: str) -> str:
    """A rough English stem (suffixes taken off twice at most), to find in a text what the index matched."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _word_matches(word: str, query_word: str) -> bool:
    return word.startswith(query_word) or _stem(word).startswith(_stem(query_word))


def snippet(text: str, wanted: list[str], width: int = 80) -> str:
    """The text around the first matched word, every matched word inside it marked ``[[…]]``."""
    flat = " ".join(text.split())
    spans = [(m.start(), m.end()) for m in _WORD.finditer(flat)
             if any(_word_matches(m.group().casefold(), q) for q in wanted)]
    first = spans[0][0] if spans else 0
    start = 0 if first < width // 3 else flat.rfind(" ", 0, first - width // 3) + 1
    end = len(flat) if len(flat) - start <= width else flat.find(" ", start + width)
    end = len(flat) if end < 0 else end
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [flat[pos:s], f"[[{flat[s:e]}]]"]
        pos = e
    out.append(flat[pos:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(flat) else "")


def match_in(place: str, text: str, search: str) -> Match:
    return Match(place, snippet(text, words(search)))
