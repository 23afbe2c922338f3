"""The app on a PostgreSQL store, driven with Pilot: a colleague's save is shown at once with compare and
reload; the list refreshes; the server going away keeps the edits and they are saved when it is back."""

from __future__ import annotations

import asyncio

import pytest
from pg_helpers import Relay, new_pg_store, options_of, pg_tcp_url

from cia.resources import samples_dir
from cia.store import open_store

pytestmark = pytest.mark.asyncio
WAIT = 30.0
"""Upper bound for an event that should come at once; the wait ends as soon as it comes."""


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


async def _next_event(app) -> None:
    """Wait until the app has dealt with the store's next event (not for a length of time)."""
    await asyncio.wait_for(app.live.handled.wait(), WAIT)
    app.live.handled.clear()


async def _listening(app) -> None:
    listener = app.store._listeners[0]
    assert await asyncio.to_thread(listener.ready.wait, WAIT)


def _modal(app, cls_name: str):
    screen = app.screen
    assert type(screen).__name__ == cls_name, app.screen_stack
    return screen


async def test_a_colleagues_save_is_shown_with_compare_and_reload(pg_server, request):
    from cia.ui.app import CiaApp

    url = new_pg_store(pg_server, request)
    open_store(url).import_file(samples_dir() / "cdp2020.json")
    app = CiaApp(open_store(url), "cdp2020")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _listening(app)
        app.live.handled.clear()
        colleague = open_store(url)
        theirs = colleague.load("cdp2020")
        theirs.introduction = "A colleague rewrote the introduction."
        colleague.save(theirs)

        await _next_event(app)
        await pilot.pause()
        modal = _modal(app, "ChoiceModal")
        assert modal.dialog_title == "Saved by a colleague"
        assert "revision" in modal.message and "Communities Delivery Plan" in modal.message

        await pilot.click("#choice-compare")
        await pilot.pause()
        help_modal = _modal(app, "HelpModal")
        assert "A colleague rewrote the introduction" in help_modal.markdown.replace("\\", "")
        assert "**Theirs:**" in help_modal.markdown and "Introduction" in help_modal.markdown
        await pilot.press("escape")
        await pilot.pause()
        _modal(app, "ChoiceModal")  # offered again after comparing
        await pilot.click("#choice-reload")
        await pilot.pause()
        session = next(s for s in app.sessions() if s.id == "cdp2020")
        assert session.assessment.introduction == "A colleague rewrote the introduction."
        assert session.assessment.revision == theirs.revision and not session.dirty

        # the reloaded copy saves over theirs normally (it is based on their revision)
        session.assessment.summary = "Mine, after reading theirs."
        session.dirty = True
        assert session.save().outcome == "saved"
        assert colleague.load("cdp2020").summary == "Mine, after reading theirs."
        colleague.close()
        app.store.close()


async def test_the_list_refreshes_when_a_colleague_adds_an_assessment(pg_server, request):
    from cia.model import new_assessment
    from cia.ui.app import CiaApp

    url = new_pg_store(pg_server, request)
    open_store(url).import_file(samples_dir() / "cx2024.json")
    app = CiaApp(open_store(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _listening(app)
        app.live.handled.clear()
        assert [s.id for s in app.screen.listing.items] == ["cx2024"]
        colleague = open_store(url)
        made = new_assessment("Added by a colleague")
        colleague.create(made)
        await _next_event(app)
        await pilot.pause()
        assert made.id in [s.id for s in app.screen.listing.items]
        colleague.close()
        app.store.close()


async def test_the_server_going_away_keeps_edits_and_saves_them_when_back(pg_server, request, pg_login,
                                                                        monkeypatch):
    import psycopg

    from cia.ui.app import CiaApp

    url = new_pg_store(pg_server, request)
    open_store(url).import_file(samples_dir() / "cdp2020.json")
    role = pg_login()
    schema = options_of(url).split("=", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}")
    port = int(dict(p.split("=") for p in pg_server.split("?", 1)[1].split("&"))["port"])
    relay = Relay(port)
    relay.start()
    monkeypatch.setattr("cia.store.postgres.notify.RETRY_SECONDS", 0.05)
    app = CiaApp(open_store(pg_tcp_url(pg_server, role, options_of(url), port=relay.port)), "cdp2020")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await _listening(app)
            app.live.handled.clear()
            relay.stop()
            await _next_event(app)
            assert app.live.unreachable
            listing = next(s for s in app.screen_stack if type(s).__name__ == "AssessmentsScreen")
            listing.reload()  # says the store cannot be read instead of failing
            assert listing.listing.items == []
            session = next(s for s in app.sessions() if s.id == "cdp2020")
            session.assessment.introduction = "Typed while the server was away."
            session.dirty = True
            session.write_recovery()
            assert session.save().outcome == "error"  # not saved, and the copy on this computer holds it
            assert app.store.read_recovery("cdp2020").introduction == "Typed while the server was away."

            relay.start()
            await _next_event(app)
            await app.workers.wait_for_complete()  # the save runs on a worker
            await pilot.pause()
            assert not app.live.unreachable and not session.dirty
            assert open_store(url).load("cdp2020").introduction == "Typed while the server was away."
            assert app.store.read_recovery("cdp2020") is None
            app.store.close()
    finally:
        relay.stop()
