"""The domain core and the light commands must not load Textual, python-docx or Jinja2."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("textual", "docx", "jinja2")


def loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    modules = set(json.loads(out.strip().splitlines()[-1]))
    return {m for m in modules if m.split(".")[0] in HEAVY}


def test_core_imports_without_ui_or_document_libraries():
    assert loaded_after("import cia.model, cia.categories, cia.checks, cia.store, cia.render, cia.cli") == set()


def test_light_commands_load_nothing_heavy(sample_store):
    for args in (["list"], ["schema"], ["check", "cdp2020"], ["show", "cx2024"]):
        code = (
            "import contextlib, io\n"
            "from cia.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['--store', {str(sample_store.root)!r}, *{args!r}])"
        )
        assert loaded_after(code) == set(), args
