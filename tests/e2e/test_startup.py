"""Starting and stopping the real bot on the fake Discord, configured by api_base alone."""

from __future__ import annotations

import pytest

from tests.fakediscord import FakeDiscord, Note
from tests.fakediscord.botproc import BotProcess, BotSetup

pytestmark = pytest.mark.e2e


def test_api_base_alone_finds_the_gateway_and_stops_cleanly(e2e_index, tmp_path):
    with FakeDiscord(token="start.stop.token-e2e") as fake:
        setup = BotSetup(index_dir=e2e_index.path, workdir=tmp_path, gateway_in_config=False)
        bot = BotProcess(fake, setup).start()
        try:
            ready = bot.wait_ready(60)
            assert "gateway_url" not in bot.config_path.read_text()
            assert fake.requests(lambda r: r.route == "GET /gateway/bot"), "the bot asked the fake for its gateway"
            assert fake.commands(), "slash commands synced to the guild"
            assert ready < 30
        finally:
            status = bot.stop()
        assert status == 0, bot.log_tail()
        assert fake.recorder.all(Note, lambda n: n.kind == "gateway_disconnect"), "the bot closed its gateway socket"
        assert not fake.recorder.all(Note, lambda n: n.kind == "gateway_closed_by_fake")
