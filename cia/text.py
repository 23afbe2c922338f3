"""Text cleaning shared by the model and everything that accepts text.

Word documents are XML: characters that XML 1.0 forbids (most C0 control
characters, lone surrogates, U+FFFE/U+FFFF) are removed on the way in so that
no later step ever sees them.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def pattern(expression: str) -> re.Pattern[str]:
    """``re.compile(expression)``, compiled once, when first needed: a pattern that a command never uses costs
    it nothing (compiling is dearer than most searches), and one in use is never recompiled."""
    return re.compile(expression)


# XML 1.0 allows \t \n \r and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# These three are compiled on first use (:func:`pattern`): text that is already clean (every saved file)
# never needs them.
_ILLEGAL_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]"
_LINE_BREAKS = r"\r\n?|[\u2028\u2029\x85]"
_SPACES = r"[ \t\u00a0]+"


def terminal_columns(fallback: int = 80) -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it ($COLUMNS, else the terminal, else
    ``fallback``), without importing shutil (and with it lzma and bz2) on the commands that print."""
    import os
    import sys

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


def strip_illegal(text: str) -> str:
    """Remove characters that cannot appear in an XML (and so a Word) document."""
    return pattern(_ILLEGAL_XML).sub("", text)


# Characters that clean_block / clean_line would change wherever they are. Checking for them (and for
# spaces at the ends or before a line break) first lets already-clean text — every saved file — through fast.
_NOT_CLEAN_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NOT_CLEAN_LINE = re.compile("[\x00-\x1f\x7f\x85\u00a0\u2028\u2029\ud800-\udfff\ufffe\uffff]|  ")
_SPACE_BEFORE_BREAK = re.compile(r"[^\S\n]\n")


def _is_clean(text: str, chars: re.Pattern[str]) -> bool:
    if not text:
        return True
    if text[0].isspace() or text[-1].isspace() or chars.search(text):
        return False
    return "\n" not in text or not _SPACE_BEFORE_BREAK.search(text)


def clean_block(text: str) -> str:
    """Clean multi-line text: legal characters, unix line breaks, no trailing spaces, trimmed."""
    if _is_clean(text, _NOT_CLEAN_BLOCK):
        return text
    text = pattern(_LINE_BREAKS).sub("\n", strip_illegal(text))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_line(text: str) -> str:
    """Clean single-line text: as :func:`clean_block`, with line breaks and runs of spaces folded."""
    if _is_clean(text, _NOT_CLEAN_LINE):
        return text
    text = clean_block(text)
    return pattern(_SPACES).sub(" ", text.replace("\n", " ")).strip()


_NOT_A_RISK = (
    r"^(?:none|nil|nothing|n/?a|not applicable|no(?:ne)? (?:risks?|negative impacts?|issues?|adverse impacts?)"
    r"|no known risks?|no risks? (?:known|anticipated|expected|foreseen)|tbc|-+|–|—)"
    r"(?: (?:identified|known|anticipated|expected|foreseen|noted|found|at this (?:time|stage)|so far|currently))*$"
)
_DASH_BEFORE = r"\s*[-–—:,]\s*(?=identified|known|at this|so far|currently)"
_NOT_A_RISK_STARTS = ("n", "tbc", "-", "–", "—")
"""How every text that ``_NOT_A_RISK`` matches starts (``_DASH_BEFORE`` only turns characters into spaces, and
never the first one into anything ``_NOT_A_RISK`` starts with): any other text is a real risk without them."""


def is_real_risk(text: str) -> bool:
    """Whether a risk's text states a risk; "None", "N/A", "Not applicable", "None identified" … do not.

    Such texts are never listed, counted or flagged as risks (the readiness checks point them out instead).
    """
    norm = " ".join(str(text).lower().replace("\u00a0", " ").split())
    norm = norm.strip(" .!;:\"'“”‘’()[]")
    if not norm:
        return False
    if not norm.startswith(_NOT_A_RISK_STARTS):
        return True  # most risks: the patterns are not even compiled
    norm = pattern(_DASH_BEFORE).sub(" ", norm)
    return pattern(_NOT_A_RISK).match(norm) is None


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ending in an ellipsis when cut."""
    text = clean_line(text)
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"
