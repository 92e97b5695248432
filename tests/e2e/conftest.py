"""Fixtures for the end-to-end tests: a small real index, and one bot process on a fake Discord
shared by the whole session (the embedding model loads once, in the bot).

Every test that uses ``harness`` is also checked, at teardown, for what must hold on every
send: Discord's limits, empty ``allowed_mentions``, no late interaction answers, no request
Discord would refuse, the token in no message, and the bot still running.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_corpus
from fakediscord import FakeDiscord
from fakediscord.botproc import BotProcess, BotSetup
from fakediscord.harness import Harness
from fakediscord.project import FAKE_TOKEN, build_index, oewg_command  # noqa: F401  (tests import them from here too)

# A few real resolutions: the one endorsing the Final Report, and two others.
INDEX_FILES = ("A_RES_80_16.md", "A_RES_80_1.md", "A_RES_80_20.md")
HEARTBEAT_MS = 100  # short, so heartbeat gaps sample the bot's event-loop lag often


def require_bot() -> None:
    for module in ("bot.runner", "index.build"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not in the tree yet: the end-to-end tests need the bot and the index builder")


@dataclass(frozen=True)
class BuiltIndex:
    path: Path
    sources: Path
    seconds: float


@pytest.fixture(scope="session")
def e2e_index(tmp_path_factory) -> BuiltIndex:
    """A small real index over a few resolutions (sources copied to a temp folder /reindex may grow)."""
    require_bot()
    corpus = require_corpus() / "ga-res-80"
    root = tmp_path_factory.mktemp("e2e-index")
    sources = root / "sources"
    sources.mkdir()
    for name in INDEX_FILES:
        shutil.copy(corpus / name, sources / name)
    started = time.monotonic()
    done = build_index([sources], root / "index")
    seconds = time.monotonic() - started
    assert done.returncode == 0, f"oewg build failed: {done.stderr[-2000:]}"
    return BuiltIndex(root / "index", sources, seconds)


@pytest.fixture(scope="session")
def harness(e2e_index, tmp_path_factory):
    """The bot process connected to a fake Discord, warmed up by a first answered question."""
    fake = FakeDiscord(token=FAKE_TOKEN, heartbeat_interval_ms=HEARTBEAT_MS).start()
    setup = BotSetup(
        index_dir=e2e_index.path, workdir=tmp_path_factory.mktemp("e2e-bot"), welcome_channel="welcome",
        extra={"index": {"sources": [e2e_index.sources]}},
    )
    bot = BotProcess(fake, setup).start()
    try:
        h = Harness(fake, bot)
        h.ready_seconds = bot.wait_ready(120)
        h.ask("What does the Global Mechanism do?", user="owner", timeout=120)
        h.first_answer_seconds = time.monotonic() - bot.started_at
        yield h
    finally:
        bot.stop()
        fake.stop()


@pytest.fixture(autouse=True)
def discord_invariants(request):
    """After each test using ``harness``: no send broke a rule; faults and deadlines reset."""
    if "harness" not in request.fixturenames:
        yield
        return
    h: Harness = request.getfixturevalue("harness")
    mark = h.fake.recorder.mark()
    yield
    h.fake.faults.clear()
    h.fake.ratelimits.clear()
    h.fake.interaction_deadline = 3.0
    try:
        h.wait_quiet(0.3, timeout=20)
    except TimeoutError:
        pass
    problems = h.invariant_problems(after=mark)
    assert not problems, "what the bot sent broke Discord's rules:\n" + "\n".join(problems)
