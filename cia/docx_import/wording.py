"""Recognising wording: names compared tolerantly, N/A phrases, "See first row …" references, typed bullets."""

from __future__ import annotations

import difflib
import re
import unicodedata

_GLYPHS = "•◦▪·‣⁃●○■□➤►▶➢✓\uf0b7\uf0a7\uf0d8\uf076"
_TYPED_BULLET = re.compile(rf"^\s*(?:[{_GLYPHS}]|[-–*+](?=\s))\s*")
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "‐": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def strip_typed_bullet(text: str) -> tuple[str, bool]:
    """``text`` without a bullet typed at its start ("• ", "- ", "* "): a list marker, not the author's words."""
    m = _TYPED_BULLET.match(text)
    if m and m.end() < len(text):
        return text[m.end():], True
    return text, False


def norm(text: str) -> str:
    """A name folded for comparison: case, "&", dashes, quotes, spacing around "/", glyphs and end punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).lower()
    text = text.strip(_GLYPHS + " \t\n")
    text = text.replace("&", " and ")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":;.,- ").strip()


def norm_loose(text: str) -> str:
    """As :func:`norm`, without bracketed asides ("(PSED)") or any punctuation."""
    text = re.sub(r"\([^)]*\)", " ", norm(text))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def similar(a: str, b: str) -> float:
    """0–1 similarity of two texts after :func:`norm_loose`."""
    a, b = norm_loose(a), norm_loose(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def name_candidates(text: str) -> list[str]:
    """The ways the first line of an area cell may name its area: whole, before " - ", before a question."""
    first = text.strip().split("\n", 1)[0].strip()
    out = [first]
    for sep in (" - ", " – ", " — ", ": "):
        if sep in first:
            out.append(first.split(sep, 1)[0])
    m = re.match(r"^(.*?[a-z)])\s+(Will|Does|Is|Are|How|What|Do|Has|Can)\b", first)
    if m:
        out.append(m.group(1))
    return out


# --- N/A --------------------------------------------------------------------------------------------

_NA = re.compile(
    r"^(?:n\s*/\s*a|n\.a|na|nil|not applicable(?:\b.*)?|none(?: noted| identified| known| expected| anticipated)?"
    r"|no (?:known |major |significant )?impacts?(?: (?:identified|noted|expected|anticipated))?(?:\b.*)?)[.!]?$",
    re.IGNORECASE,
)
_BARE_NA = re.compile(r"^(?:n\s*/\s*a|n\.a|na)\.?$", re.IGNORECASE)


def is_na(text: str) -> bool:
    """The paragraph says only that nothing applies: "N/A", "Not applicable to this proposal", "None noted"."""
    return bool(_NA.match(" ".join(text.split())))


def is_bare_na(text: str) -> bool:
    return bool(_BARE_NA.match(" ".join(text.split())))


# --- references to the first (cross-cutting) row -----------------------------------------------------

_PURE_REF = re.compile(
    r"^(?:please )?see (?:the )?(?:first|top) row(?: of (?:this|the) table| above)?(?: for\b.*)?[.:]?$"
    r"|^(?:please )?see (?:the )?(?:first|top) row of the .{1,80} table\b.*$"
    r"|^(?:please )?see (?:the )?cross[- ]cutting (?:themes?|row)(?: section| row| above)?[.:]?$"
    r"|^(?:please )?see (?:the )?all ?/ ?multiple (?:protected characteristics )?row\b.*$"
    r"|^as (?:per|in) (?:the )?first row\.?$"
    r"|^in addition to (?:the )?information (?:in|from) the first row\b.*\bthe following\b.*:$",
    re.IGNORECASE,
)
_LEAD_REF = re.compile(
    r"^in addition to (?:the |any )?(?:information|risks|benefits|mitigations|recommendations|impacts)\b"
    r".*\b(?:above|first row|cross[- ]cutting)\b",
    re.IGNORECASE,
)


def reference_kind(text: str, phrases: tuple[str, ...] = ()) -> str:
    """"pure" for a sentence that only points to the first row (it becomes the reference itself),
    "lead" for one that points to it and says more (kept as a point, and the reference set), else ""."""
    flat = " ".join(text.translate(_DASHES).split())
    if any(similar(flat, p) > 0.9 for p in phrases if p):
        return "pure"
    if _PURE_REF.match(flat):
        # "See first row for … . In addition, …": more than a pointer
        rest = re.split(r"(?<=[.!?])\s+", flat, maxsplit=1)
        return "lead" if len(rest) > 1 and len(rest[1]) > 3 else "pure"
    if _LEAD_REF.match(flat):
        return "lead"
    return ""


# --- evidence ---------------------------------------------------------------------------------------

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)


def looks_like_url(text: str) -> bool:
    text = text.strip().rstrip(".,;)")
    return bool(re.fullmatch(r"(?:https?://|mailto:|www\.)\S+", text, re.IGNORECASE))


def fix_url(url: str) -> str:
    """A link target as a web address: "www." gets "https://"; spaces and other characters a web address
    cannot hold are escaped (LibreOffice, for one, writes targets with their "%20" decoded)."""
    from urllib.parse import quote

    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")
