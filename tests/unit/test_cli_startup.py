"""A command imports only its own module of the command line, and the table saying which is complete."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from cia.cli import COMMAND_MODULES, COMMANDS, _needed, build_parser, main


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
    assert _needed(argv)[0] == modules


@pytest.mark.parametrize("argv, command", [
    (["check", "cdp2020"], "check"),
    (["--store", "list", "show", "x"], "show"),
    (["templates", "list"], "templates"),
    (["-h", "check"], None),  # help before the command: the whole list
    (["no-such-command"], None),
    ([], None),
])
def test_only_the_named_command_is_built(argv: list[str], command: str | None) -> None:
    assert _needed(argv)[1] == command
    subparsers = next(a for a in build_parser(argv)._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == ([command] if command else [] if not argv else list(COMMANDS))


def _help(argv: list[str], parser: argparse.ArgumentParser, capsys) -> str:
    with pytest.raises(SystemExit) as info:
        parser.parse_args(argv)
    assert info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_commands_help_is_the_same_when_only_it_is_built(command: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    whole = _help([command, "--help"], build_parser(None), capsys)
    assert whole.startswith(f"usage: cia {command} ")
    assert _help([command, "--help"], build_parser([command, "--help"]), capsys) == whole


def test_a_command_parses_the_same_when_only_it_is_built() -> None:
    for argv in (["check", "cdp2020", "--json"], ["show", "-rf"], ["--store", "/s", "summary", "x", "--set", "t"],
                 ["templates", "list"], ["risk", "cdp2020", "r1", "--rating", "high"], ["new", "--title", "T"]):
        whole = vars(build_parser(None).parse_args(argv))
        alone = vars(build_parser(argv).parse_args(argv))
        assert alone == whole, argv


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


def test_show_and_check_run_with_the_cycle_collector_paused_and_switch_it_back_on(sample_store, monkeypatch,
                                                                                   capsys) -> None:
    import gc

    import cia.render

    seen: list[bool] = []
    real = cia.render.show
    monkeypatch.setattr(cia.render, "show", lambda a: (seen.append(gc.isenabled()), real(a))[1])
    store = ["--store", str(sample_store.root)]
    assert gc.isenabled()
    assert main([*store, "show", "cdp2020"]) == 0
    assert seen == [False] and gc.isenabled()
    assert main([*store, "check", "no-such-assessment"]) == 3 and gc.isenabled()  # however the command ends
    assert "Communities Delivery Plan" in capsys.readouterr().out
    gc.disable()
    try:  # a caller that had paused it itself keeps it paused
        main([*store, "show", "cdp2020"])
        assert not gc.isenabled()
    finally:
        gc.enable()
