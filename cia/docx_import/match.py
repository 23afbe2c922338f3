"""Matching what a document says against the template editions: areas, categories, template text, edition.

All names, questions, column headings and guidance come from the editions (``cia.editions``);
nothing here keeps its own copy of the template.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from .. import editions as _editions
from .wording import name_candidates, norm, norm_loose, similar

AREA_THRESHOLD = 0.86


def editions() -> dict[str, object]:
    return dict(_editions.EDITIONS)


def get_edition(key: str):  # type: ignore[no-untyped-def]
    return _editions.get_edition(key)


def default_edition() -> str:
    return _editions.DEFAULT_EDITION


@dataclass
class AreaMatch:
    area: object
    """The AreaDef."""
    score: float
    rest: str
    """What the first line says after the name (a definition after " - ", a question), if anything."""


def _names(area) -> list[str]:  # type: ignore[no-untyped-def]
    names = [area.name]
    names.extend(getattr(area, "aliases", ()) or ())
    if area.kind == "cross_cutting":
        names += ["All / multiple protected characteristics", "Cross Cutting themes", "Cross cutting",
                  "All protected characteristics", "Multiple protected characteristics"]
    if area.kind == "staff":
        names += ["Impact on SCC Staff", "SCC Staff", "Staff", "Workforce", "SCC employees"]
    return names


@lru_cache(maxsize=64)
def _name_table(areas) -> tuple[dict[str, object], tuple[tuple[str, object], ...]]:  # type: ignore[no-untyped-def]
    """(exact folded name -> area, (folded name, area) pairs) for a category's areas."""
    exact: dict[str, object] = {}
    pairs = []
    for area in areas:
        for name in _names(area):
            n = norm_loose(name)
            if n:
                exact.setdefault(n, area)
                pairs.append((n, area))
    return exact, tuple(pairs)


def match_area(text: str, areas) -> AreaMatch | None:  # type: ignore[no-untyped-def]
    """The template area an area cell's first line names, tolerantly (case, "&", "/ ", colons, a question)."""
    return _match_area(text, tuple(areas))


@lru_cache(maxsize=4096)
def _match_area(text: str, areas) -> AreaMatch | None:  # type: ignore[no-untyped-def]
    exact, pairs = _name_table(areas)
    best: AreaMatch | None = None
    first_line = text.strip().split("\n", 1)[0]
    for candidate in name_candidates(text):
        c = norm_loose(candidate)
        if not c:
            continue
        for n, area in ([(c, exact[c])] if c in exact else pairs):
            if c == n:
                score = 1.0
            elif c.startswith(n + " ") and len(n) >= 4:
                score = 0.95
            else:
                matcher = difflib.SequenceMatcher(None, c, n, autojunk=False)
                if matcher.real_quick_ratio() < AREA_THRESHOLD or matcher.quick_ratio() < AREA_THRESHOLD:
                    continue
                score = matcher.ratio()
            if score >= AREA_THRESHOLD and (best is None or score > best.score):
                rest = first_line.strip()[len(candidate.strip()):].strip(" -–—:")
                best = AreaMatch(area=area, score=score, rest=rest)
            if score == 1.0:
                break
    return best


def category_score(names: list[str], category) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for n in names if match_area(n, category.areas) is not None)


def match_category_title(text: str, edition) -> object | None:  # type: ignore[no-untyped-def]
    """The category a heading or title row names ("Public Sector Equality Duty (PSED)", "➤ Workforce …")."""
    t = norm_loose(text.split(" – ")[0].split(" - ")[0])
    if not t:
        return None
    best, best_score = None, 0.0
    for category in edition.categories:
        for name in (category.title, category.short_title, category.key.replace("_", " ")):
            n = norm_loose(name)
            if not n:
                continue
            score = 1.0 if t == n else (0.95 if t.startswith(n) or n.startswith(t) and len(t) > 3 else similar(t, n))
            if score > best_score:
                best, best_score = category, score
    return best if best_score >= 0.8 else None


# --- template text -----------------------------------------------------------------------------------

FIXED_TEMPLATE_TEXT = (
    "Community Impact Assessment",
    "Staffordshire County Council",
    "Completing a CIA",
    "Completing the CIA template",
    "This table describes what is required when completing the key sections of your assessment.",
    "Please note:",
    "Please consider:",
    "Submitting a CIA",
    "Evidence Base",
    "Sign-off",
)


@lru_cache(maxsize=1)
def template_texts() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every sentence of template wording in every edition: (exact forms, long forms for fuzzy matching)."""
    texts: list[str] = list(FIXED_TEMPLATE_TEXT)
    for edition in editions().values():
        g = edition.guidance
        texts += list(g.completing) + list(g.please_note)
        texts += [g.evidence, g.categories_instruction, g.submitting]
        texts += [str(getattr(g, name, "") or "") for name in ("completing_heading", "template_table_heading",
                                                                 "template_table_intro", "evidence_label",
                                                                 "submitting_heading")]
        for name, lines in g.columns.items():
            texts.append(name)
            texts += list(lines)
        texts += [edition.title]
        for category in edition.categories:
            texts += [category.title, category.short_title, category.description, category.prompts_intro,
                      category.area_column, category.evidence_label or ""]
            texts += list(category.prompts) + list(category.notes)
            if category.groups_column:
                texts.append(category.groups_column)
    exact = frozenset(norm_loose(t) for t in texts if t)
    long = tuple(dict.fromkeys(norm_loose(t) for t in texts if t and len(t) > 25))
    return exact, long


def is_template_text(text: str) -> bool:
    """The paragraph is the template's own wording (guidance, a description, a prompt), not the author's."""
    return _is_template_text(text)


@lru_cache(maxsize=8192)
def _is_template_text(text: str) -> bool:
    exact, long = template_texts()
    t = norm_loose(text)
    if not t:
        return True
    if t in exact:
        return True
    for sep in (" – ", " - "):
        if sep in text:
            head, tail = text.split(sep, 1)
            if norm_loose(head) in exact and (norm_loose(tail) in exact or _close(norm_loose(tail), long)):
                return True
    return len(t) > 25 and _close(t, long)


@lru_cache(maxsize=1)
def _long_words() -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((known, frozenset(known.split())) for known in template_texts()[1])


def _close(t: str, long: tuple[str, ...]) -> bool:
    """Nearly the same as one of the template's long sentences (editions reword them slightly)."""
    cutoff = 0.75 if len(t) > 150 else 0.82
    words = frozenset(t.split())
    for known, known_words in _long_words():
        if not (cutoff * len(known) <= len(t) <= len(known) / cutoff):
            continue
        # a cheap test first: sentences this alike share most of their words
        if len(words & known_words) < 0.6 * max(len(words), len(known_words)):
            continue
        s = difflib.SequenceMatcher(None, t, known, autojunk=False)
        if s.real_quick_ratio() >= cutoff and s.quick_ratio() >= cutoff and s.ratio() >= cutoff:
            return True
    return False


def is_question_of(text: str, area) -> bool:  # type: ignore[no-untyped-def]
    """The text is the area's guiding question or definition (in any edition)."""
    t = norm(text)
    if not t:
        return False
    for edition in editions().values():
        for category in edition.categories:
            for other in category.areas:
                if norm(other.name) != norm(area.name) and other.key != area.key:
                    continue
                for known in (other.question, other.description):
                    if known and (norm(known) == t or similar(known, text) > 0.9):
                        return True
    return False


def any_question(text: str) -> bool:
    t = norm(text)
    for edition in editions().values():
        for category in edition.categories:
            for area in category.areas:
                if area.question and (norm(area.question) == t or similar(area.question, text) > 0.9):
                    return True
    return False


# --- which edition -----------------------------------------------------------------------------------


@dataclass
class TableEvidence:
    """What one category table shows, for recognising the edition."""

    names: list[str]
    has_groups: bool
    questions: int
    column_texts: list[str]
    title: str = ""


def edition_scores(tables: list[TableEvidence], labels: list[str], front: bool) -> dict[str, float]:
    """How well each edition explains the document (higher is better)."""
    scores: dict[str, float] = {}
    for key, edition in editions().items():
        score = 0.0
        covered: set[tuple[str, str]] = set()
        for t in tables:
            best_cat, best_hits = None, -1
            for category in edition.categories:
                hits = category_score(t.names, category)
                if hits > best_hits:
                    best_cat, best_hits = category, hits
            if best_cat is None:
                continue
            score += 2 * best_hits - (len(t.names) - best_hits)
            if bool(best_cat.groups_column) != t.has_groups:
                score -= 4
            if best_cat.groups_column and t.has_groups:
                score += sum(0.5 for c in t.column_texts if norm(c) == norm(best_cat.groups_column))
            for name in t.names:
                m = match_area(name, best_cat.areas)
                if m is not None:
                    covered.add((best_cat.key, m.area.key))
            if t.questions:
                with_q = sum(1 for a in best_cat.areas if a.question)
                # guiding questions under the area names belong to the editions that print them
                score += 3 * t.questions if with_q else -3 * t.questions
            elif any(a.question for a in best_cat.areas) and len(t.names) > 2:
                score -= 1
        missing = sum(1 for c in edition.categories for a in c.required_areas if (c.key, a.key) not in covered)
        score -= 0.5 * missing
        for label in labels:
            if any(norm(label) == norm(v) for v in edition.labels.values()):
                score += 0.5
        if front and edition.front_sections:
            score += 1
        elif front and not edition.front_sections:
            score -= 1
        scores[key] = score
    return scores
