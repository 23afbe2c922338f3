"""The text views of cia show and cia check: wrapping a paragraph that fits skips textwrap, with the same lines."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from cia.render import _wrap


def _textwrap_only(text: str, indent: str, width: int, bullet: str = "") -> list[str]:
    lines: list[str] = []
    first_prefix = indent + bullet
    rest_prefix = indent + " " * len(bullet)
    for i, para in enumerate(text.split("\n")):
        if not para.strip():
            lines.append("")
            continue
        lines.extend(textwrap.wrap(para, width=width, initial_indent=first_prefix if i == 0 else rest_prefix,
                                   subsequent_indent=rest_prefix, break_long_words=True, break_on_hyphens=False)
                     or [first_prefix])
    return lines


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -–\t\r\n\x0b\x0c\u00a0\u3000é")), max_size=40),
       st.sampled_from(["", "  ", "    "]), st.integers(min_value=6, max_value=30), st.sampled_from(["", "• ", "- "]))
def test_wrapping_gives_textwraps_lines(text: str, indent: str, width: int, bullet: str) -> None:
    assert _wrap(text, indent, width, bullet) == _textwrap_only(text, indent, width, bullet)


def test_a_short_paragraph_is_one_line_and_a_long_one_is_wrapped() -> None:
    assert _wrap("Residents  keep access.", "  ", 40, "• ") == ["  • Residents  keep access."]
    assert _wrap("Residents keep access. \u00a0", "", 40) == ["Residents keep access. "]  # as textwrap has it
    assert _wrap("one two three four", "", 9) == ["one two", "three", "four"]
