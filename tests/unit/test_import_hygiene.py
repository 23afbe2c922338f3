"""The domain core and the light commands must not load Textual, python-docx or Jinja2."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("textual", "docx", "jinja2")


def modules_after(code: str) -> set[str]:
    """Every module a fresh Python has loaded once ``code`` has run."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def loaded_after(code: str) -> set[str]:
    return {m for m in modules_after(code) if m.split(".")[0] in HEAVY}


def command(store, args: list[str]) -> str:
    """The code that runs ``cia --store STORE ARGS`` in-process, its output discarded."""
    return ("import contextlib, io\n"
            "from cia.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    main(['--store', {str(store.root)!r}, *{args!r}])")


def test_core_imports_without_ui_or_document_libraries():
    assert loaded_after("import cia.model, cia.categories, cia.checks, cia.store, cia.render, cia.cli") == set()


def test_light_commands_load_nothing_heavy(sample_store):
    for args in (["list"], ["schema"], ["check", "cdp2020"], ["show", "cx2024"]):
        assert loaded_after(command(sample_store, args)) == set(), args


def test_reading_commands_do_not_load_what_only_writing_needs(sample_store):
    # shutil brings lzma and bz2; tempfile is for writing; the app loads on its own paths only
    for args in (["check", "cdp2020"], ["show", "cx2024"]):
        modules = modules_after(command(sample_store, args))
        assert not modules & {"lzma", "bz2", "tempfile", "socket", "cia.ui", "cia.export"}, args


def test_reading_commands_do_not_load_what_only_editing_and_history_need(sample_store):
    # difflib (and heapq) match edited risks and show revisions; cia.workflow changes an assessment's status;
    # argparse parsers of other commands are not built, so their modules stay unimported
    for args in (["check", "cdp2020"], ["show", "cx2024"], ["check", "cx2024", "--json"]):
        modules = modules_after(command(sample_store, args))
        unwanted = {"difflib", "heapq", "cia.workflow", "cia.history", "cia.impacts", "cia.register",
                    "cia.cli.listing", "cia.cli.review", "cia.cli.files"}
        assert not modules & unwanted, (args, modules & unwanted)


def test_showing_compiles_no_pattern_only_checking_needs(sample_store):
    code = (
        "import contextlib, io\n"
        "from cia.cli import main\n"
        "from cia import checks, text\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--store', {str(sample_store.root)!r}, 'show', 'cdp2020'])\n"
        "print(text.pattern.cache_info().currsize)\n"
        "checks.personal_details('call 01785 223121 or write to ann@example.org')\n"
        "print(text.pattern.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    shown, checked = (int(n) for n in out.split()[-2:])
    assert checked == shown + 4  # the four personal-details patterns were compiled only when checking


def test_the_apps_first_screen_does_not_load_the_model(sample_store):
    sample_store.list()  # the index is in place (building it reads every file through the model)
    code = (
        "import asyncio\n"
        "from cia.store import Store\n"
        "from cia.ui.app import CiaApp\n"
        "async def main():\n"
        f"    app = CiaApp(Store({str(sample_store.root)!r}))\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'AssessmentsScreen'\n"
        "asyncio.run(main())\n"
    )
    modules = modules_after(code)
    assert not modules & {"pydantic", "cia.model", "cia.checks", "cia.ui.screens.assessment", "docx", "jinja2"}
