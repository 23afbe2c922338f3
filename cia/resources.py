"""Where the bundled files are: prose templates and sample assessments.

In a source checkout (or an editable install) they are the repository's
``templates/`` and ``cia_store/`` folders; in a built wheel they are packaged as
``cia/_templates`` and ``cia/_samples``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_dir(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def templates_dir() -> Path:
    """Folder of Jinja2 prose templates."""
    return _first_dir(_PACKAGE / "_templates", _PACKAGE.parent / "templates")


def samples_dir() -> Path:
    """Folder of the bundled sample assessments used by ``cia demo``."""
    return _first_dir(_PACKAGE / "_samples", _PACKAGE.parent / "cia_store")
