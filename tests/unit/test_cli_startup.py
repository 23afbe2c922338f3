"""A command imports only its own module of the command line, and the table saying which is complete."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from cia.cli import COMMAND_MODULES, COMMANDS, _modules_for, main


def test_the_command_table_names_every_command_of_every_module() -> None:
    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:
        def add(name: str, func, help_: str, module: str = module) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
            registered[name] = module
            return argparse.ArgumentParser()
        importlib.import_module(f"cia.cli.{module}").register(add)
    assert COMMANDS == registered


@pytest.mark.parametrize("argv, modules", [
    (["check", "cdp2020"], ["drafting"]),
    (["--store", "list", "show", "x"], ["drafting"]),  # the value of --store is not the command
    (["--store=/s", "--templates", "/t", "list"], ["listing"]),
    ([], []),
    (["--store", "/s"], []),
    (["--help"], COMMAND_MODULES),
    (["no-such-command"], COMMAND_MODULES),
])
def test_only_the_named_commands_module_is_needed(argv: list[str], modules: list[str]) -> None:
    assert _modules_for(argv) == modules


def test_help_and_unknown_commands_still_see_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_check_imports_no_other_command_module(sample_store) -> None:
    script = (
        "import contextlib, io, json, sys\n"
        "from cia.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--store', {str(sample_store.root)!r}, 'check', 'cdp2020'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('cia.cli.'))))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == ["cia.cli.base", "cia.cli.drafting"]
