"""Limits shared by the model and the store, in a module light enough for the listing path to import."""

from __future__ import annotations

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest assessment file the store reads. The model refuses any assessment that would not fit in one
(as the store writes it: indented UTF-8 JSON), so whatever validates can always be saved and read back."""

MAX_DEPTH = 64
"""Deepest nesting of brackets an assessment file may have; a valid assessment nests about ten deep."""


def size_text(n: int) -> str:
    """A byte count as a person reads it: 812 bytes, 14.2 KB, 200.0 MB."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
