"""``Registry.look_again``: what a process that runs on (the app) uses to notice editions published since it
read them, keeping what it had when a database store cannot be reached."""

from __future__ import annotations

from pathlib import Path

from cia.editions.registry import Registry
from cia.store.errors import StoreError

EDITION = """\
id = "shire-2024"
version = 1
title = "Shire template"
extends = "2024"
"""


def test_a_folder_is_read_again_only_when_its_files_are_not_the_ones_it_had(tmp_path: Path) -> None:
    registry = Registry()
    registry.add_dir(tmp_path / "templates")
    assert "shire-2024" not in registry.ids()  # the folder is not there yet
    assert registry.look_again() is False
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "shire-2024@1.toml").write_text(EDITION, encoding="utf-8")
    assert registry.look_again() is True
    assert registry.get("shire-2024").title == "Shire template"
    assert registry.look_again() is False  # nothing new: nothing read again


def test_a_database_stores_rows_are_read_again_and_kept_when_it_cannot_be_reached() -> None:
    rows: list[tuple[str, str]] = []
    down = False

    def read() -> list[tuple[str, str]]:
        if down:
            raise StoreError("the database server does not answer")
        return list(rows)

    registry = Registry()
    registry.add_stored("the test table", read)
    assert "shire-2024" not in registry.ids()
    rows.append(("shire-2024@1", EDITION))
    assert registry.look_again() is True
    loaded = registry.get("shire-2024")
    down = True
    assert registry.look_again() is False
    assert registry.ids()[-1] == "shire-2024" and registry.get("shire-2024") is loaded  # kept, still loaded
    down = False
    rows.append(("shire-2024@2", EDITION.replace("version = 1", "version = 2")))
    assert registry.look_again() is True
    assert registry.versions("shire-2024") == [1, 2] and registry.get("shire-2024", 1) is loaded
