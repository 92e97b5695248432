"""Starting and stopping the real bot on the fake Discord, configured by api_base alone.

The bot is stopped right after it is ready, while it is still loading the search model in the
background: it must still exit at once with status 0 (the warm-up runs in a daemon thread).
Timeouts are generous: on a shared 2-core machine starting Python with torch can take long,
and how long it takes is measured by ``benchmarks/load.py``, not asserted here.
"""

from __future__ import annotations

import time

import pytest

from fakediscord import FakeDiscord, Note
from fakediscord.botproc import BotProcess, BotSetup

pytestmark = pytest.mark.e2e

STOP_GRACE_S = 60.0  # SIGINT, then this long before SIGTERM: a clean stop is far quicker


def test_api_base_alone_finds_the_gateway_and_stops_cleanly(e2e_index, tmp_path):
    with FakeDiscord(token="start.stop.token-e2e") as fake:
        setup = BotSetup(index_dir=e2e_index.path, workdir=tmp_path, gateway_in_config=False)
        bot = BotProcess(fake, setup).start()
        try:
            bot.wait_ready(180)
            assert "gateway_url" not in bot.config_path.read_text()
            assert fake.requests(lambda r: r.route == "GET /gateway/bot"), "the bot asked the fake for its gateway"
            assert fake.commands(), "slash commands synced to the guild"
        finally:
            stopping = time.monotonic()
            status = bot.stop(timeout=STOP_GRACE_S)
            took = time.monotonic() - stopping
        assert status == 0, bot.log_tail()
        assert took < STOP_GRACE_S, "SIGINT stopped the bot: it did not need SIGTERM"
        assert fake.recorder.all(Note, lambda n: n.kind == "gateway_disconnect"), "the bot closed its gateway socket"
        assert not fake.recorder.all(Note, lambda n: n.kind == "gateway_closed_by_fake")
