"""The fake Discord validated against a plain discord.py 2.x client running in this process.

Each test drives a small reference bot (slash commands, a button, autocomplete, threads,
messages) through the fake and checks both sides: what discord.py saw and what the fake
recorded. If discord.py and the fake disagree about the protocol, these tests fail first.
"""

from __future__ import annotations

import asyncio
import time

import discord
import pytest
import pytest_asyncio
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from fakediscord import FakeDiscord, Note, RestRecord, would_ping
from fakediscord.gateway import GatewayRecord

pytestmark = pytest.mark.e2e

TOKEN = "VALIDATION.client.token-9f8e7d"


class ReferenceBot(commands.Bot):
    """What a typical discord.py bot does, to exercise every route the fake serves."""

    def __init__(self, fake: FakeDiscord, intents: discord.Intents) -> None:
        super().__init__(
            command_prefix="!", intents=intents, allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.05,
        )
        self.fake = fake
        self.seen_messages: list[discord.Message] = []
        self.joined: list[discord.Member] = []
        self.choices_asked: list[str] = []
        self.errors: list[BaseException] = []
        self.resumed = asyncio.Event()
        self._add_commands()

    async def setup_hook(self) -> None:
        guild = discord.Object(self.fake.world.guild_id)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen_messages.append(message)
        if self.user in message.mentions or isinstance(message.channel, discord.Thread):
            await message.channel.send(f"seen: {message.content}")

    async def on_member_join(self, member: discord.Member) -> None:
        self.joined.append(member)

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="echo text back")
        @app_commands.describe(text="what to echo", private="only you see it")
        async def echo(inter: discord.Interaction, text: str, private: bool = False) -> None:
            await inter.response.send_message(f"echo: {text}", ephemeral=private)

        @tree.command(description="defer, then answer in a thread")
        @app_commands.describe(question="the question")
        async def slow(inter: discord.Interaction, question: str) -> None:
            await inter.response.defer(thinking=True)
            await inter.followup.send(f"answer to {question}", wait=True)
            original = await inter.original_response()
            try:
                thread = await original.create_thread(name=question[:90] or "answer")
                await thread.send("details in the thread")
            except discord.Forbidden:
                await inter.followup.send("details inline (no thread allowed)")

        @tree.command(description="a message with a button")
        async def buttons(inter: discord.Interaction) -> None:
            await inter.response.send_message("step 1", view=StepView())

        @tree.command(description="autocomplete a fruit")
        @app_commands.describe(fruit="a fruit")
        async def pick(inter: discord.Interaction, fruit: str) -> None:
            await inter.response.send_message(f"picked {fruit}")

        @pick.autocomplete("fruit")
        async def fruit_choices(inter: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            self.choices_asked.append(current)
            fruits = ["apple", "apricot", "banana"]
            return [app_commands.Choice(name=f, value=f) for f in fruits if f.startswith(current)]

        @tree.command(description="send a too long message")
        async def toolong(inter: discord.Interaction) -> None:
            await inter.response.defer()
            try:
                await inter.followup.send("x" * 2001)
            except discord.HTTPException as err:
                self.errors.append(err)
                await inter.followup.send("too long was refused")

        @tree.command(description="send the same text count times into the channel")
        @app_commands.describe(count="how many messages", text="what to send")
        async def many(inter: discord.Interaction, count: int, text: str = "part") -> None:
            await inter.response.defer()
            for i in range(count):
                try:
                    await inter.channel.send(f"{text} {i}" if text != "<empty>" else "")
                except discord.HTTPException as err:
                    self.errors.append(err)
            await inter.followup.send(f"sent {count}")

        @tree.command(description="defer, then answer when the test says so")
        async def expiring(inter: discord.Interaction) -> None:
            await inter.response.defer()
            await asyncio.sleep(0.3)  # the test moves the clock on meanwhile
            try:
                await inter.followup.send("the answer")
            except discord.HTTPException as err:
                self.errors.append(err)

        @tree.command(description="answer after the deadline")
        async def late(inter: discord.Interaction) -> None:
            await asyncio.sleep(self.fake.interaction_deadline + 0.3)
            try:
                await inter.response.send_message("too late")
            except discord.HTTPException as err:
                self.errors.append(err)


class StepView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Next", custom_id="step:next")
    async def next_step(self, inter: discord.Interaction, button: discord.ui.Button) -> None:
        await inter.response.edit_message(content="step 2", view=self)


def _intents(message_content: bool = True) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = message_content
    intents.members = True
    return intents


async def _start(fake: FakeDiscord, intents: discord.Intents, monkeypatch) -> tuple[ReferenceBot, asyncio.Task]:
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    bot = ReferenceBot(fake, intents)
    task = asyncio.create_task(bot.start(TOKEN))
    await asyncio.wait_for(bot.wait_until_ready(), 15)
    return bot, task


async def _stop(bot: ReferenceBot, task: asyncio.Task) -> None:
    await bot.close()
    await asyncio.wait_for(task, 10)


@pytest_asyncio.fixture(loop_scope="function")
async def running(monkeypatch):
    """(fake, bot) with the reference bot logged in, ready and its commands synced."""
    fake = FakeDiscord(token=TOKEN, heartbeat_interval_ms=100).start()
    bot, task = await _start(fake, _intents(), monkeypatch)
    try:
        yield fake, bot
    finally:
        await _stop(bot, task)
        fake.stop()


def wait(func, *args, **kwargs):
    """Run a blocking fake helper without blocking the client's event loop."""
    return asyncio.to_thread(func, *args, **kwargs)


async def test_login_ready_and_guild_cache(running):
    fake, bot = running
    assert bot.user.id == fake.world.bot_id
    guild = bot.get_guild(fake.world.guild_id)
    assert {c.name for c in guild.text_channels} == {"questions", "general", "welcome"}
    assert {r.name for r in guild.roles} >= {"@everyone", "admin", "member"}
    assert guild.get_member(fake.world.user_id("alice")).name == "alice"
    connect = fake.recorder.all(Note)
    assert any(n.kind == "gateway_connect" and n.data["query"].get("compress") == "zlib-stream" for n in connect)
    assert fake.intents() == bot.intents.value
    assert fake.unknown_routes() == []


async def test_requests_carry_the_token_but_records_never_do(running):
    fake, _ = running
    rest = fake.requests(lambda r: r.route == "GET /users/@me")
    assert rest and all(r.authorized for r in rest)
    frames = fake.gateway_frames(lambda g: g.op == 2)
    assert frames and frames[0].d["token"] == "<the expected token>"
    assert TOKEN not in repr(fake.recorder.all(RestRecord)) + repr(fake.recorder.all(GatewayRecord))


async def test_commands_are_synced_with_their_options(running):
    fake, _ = running
    cmds = fake.commands()
    assert {"echo", "slow", "buttons", "pick"} <= set(cmds)
    assert [(o["name"], o["type"], o.get("required", False)) for o in cmds["echo"]["options"]] == [
        ("text", 3, True), ("private", 5, False)]


async def test_slash_command_reply_and_latency(running):
    fake, _ = running
    inter = await wait(fake.slash, "echo", text="hello")
    [reply] = await wait(fake.wait_reply, inter, 10)
    assert reply["content"] == "echo: hello"
    assert 0 <= fake.response_latency(inter) < 1.0
    sent = fake.sends()[-1].payload
    assert sent["allowed_mentions"] == {"parse": []} and would_ping(sent) == []


async def test_ephemeral_reply_is_flagged_and_not_echoed(running):
    fake, bot = running
    inter = await wait(fake.slash, "echo", text="secret", private=True)
    [reply] = await wait(fake.wait_reply, inter, 10)
    assert reply["flags"] & 64
    creates = fake.gateway_frames(lambda g: g.t == "MESSAGE_CREATE" and g.d["id"] == reply["id"])
    assert creates == []


async def test_slash_option_not_in_schema_is_refused(running):
    fake, _ = running
    with pytest.raises(ValueError, match="no option"):
        fake.slash("echo", text="x", colour="red")


async def test_defer_followup_replaces_loading_then_thread(running):
    fake, _ = running
    inter = await wait(fake.slash, "slow", question="What is it?")
    [answer] = await wait(fake.wait_reply, inter, 10)
    assert answer["content"] == "answer to What is it?"
    assert fake.callbacks(inter)[0].json["type"] == 5  # deferred first
    in_thread = await wait(fake.wait_bot_message, None, lambda m: "details" in m["content"], 10)
    assert in_thread["content"] == "details in the thread"
    [thread] = fake.threads()
    assert thread["id"] == answer["id"] == in_thread["channel_id"]  # a thread on the answer message
    assert fake.gateway_frames(lambda g: g.t == "THREAD_CREATE" and g.d["id"] == thread["id"])


async def test_thread_403_surfaces_as_forbidden(running):
    fake, _ = running
    fake.faults.fail("POST /channels/{channel_id}/messages/{message_id}/threads", 403)
    inter = await wait(fake.slash, "slow", question="no threads")
    replies = await wait(fake.wait_reply, inter, 10, 2)
    assert [m["content"] for m in replies] == ["answer to no threads", "details inline (no thread allowed)"]
    assert fake.threads() == []


async def test_button_click_updates_the_message(running):
    fake, _ = running
    inter = await wait(fake.slash, "buttons")
    [msg] = await wait(fake.wait_reply, inter, 10)
    click = await wait(fake.click, msg["id"], "step:next")
    await wait(fake.recorder.wait_until, lambda: fake.callbacks(click), 10)
    assert fake.callbacks(click)[0].json["type"] == 7
    assert fake.world.message(int(msg["id"]))["content"] == "step 2"


async def test_autocomplete_returns_choices(running):
    fake, bot = running
    inter = await wait(fake.autocomplete, "pick", "fruit", fruit="ap")
    record = await wait(fake.recorder.wait_until, lambda: fake.callbacks(inter), 10)
    assert record[0].json == {"type": 8, "data": {"choices": [
        {"name": "apple", "value": "apple"}, {"name": "apricot", "value": "apricot"}]}}
    assert bot.choices_asked == ["ap"]


async def test_message_mention_and_thread_follow_up(running):
    fake, bot = running
    mark = fake.recorder.mark()
    await wait(fake.mention, "are you there?")
    reply = await wait(fake.wait_bot_message, "questions", lambda m: m["content"].startswith("seen:"), 10)
    assert reply["content"].endswith("are you there?")
    assert [r.route for r in fake.requests(after=mark)] == ["POST /channels/{channel_id}/messages"]
    assert bot.seen_messages[-1].mentions[0].id == fake.world.bot_id


async def test_over_limit_message_is_refused_like_discord(running):
    fake, bot = running
    inter = await wait(fake.slash, "toolong")
    [reply] = await wait(fake.wait_reply, inter, 10)
    assert reply["content"] == "too long was refused"
    assert isinstance(bot.errors[0], discord.HTTPException) and bot.errors[0].code == 50035
    refused = [s for s in fake.sends() if s.record.status == 400]
    assert "content is 2001 chars (max 2000)" in refused[0].record.response["errors"]["_fake"]


async def test_late_interaction_answer_is_unknown(running):
    fake, bot = running
    fake.interaction_deadline = 0.2
    inter = await wait(fake.slash, "late")
    await wait(fake.recorder.wait_until, lambda: fake.callbacks(inter), 10)
    await asyncio.sleep(0.1)
    assert fake.callbacks(inter)[0].status == 404
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062


async def test_member_join_is_dispatched(running):
    fake, bot = running
    await wait(fake.member_joins, "newcomer")
    await wait(fake.recorder.wait_until, lambda: bot.joined, 5)
    assert bot.joined[0].name == "newcomer"


async def test_resume_replays_what_was_missed(running):
    fake, bot = running
    mark = fake.recorder.mark()
    assert await wait(fake.drop_gateway, 4000) == 1
    await wait(fake.user_says, "sent while the socket was down", channel="general")  # buffered, not lost
    await wait(fake.wait_resumed, 15, mark)
    await asyncio.wait_for(bot.resumed.wait(), 10)
    await wait(fake.recorder.wait_until, lambda: any(m.content.startswith("sent while") for m in bot.seen_messages), 10)
    resume = fake.gateway_frames(lambda g: g.op == 6, mark)
    assert len(resume) == 1 and resume[0].connection == 2
    inter = await wait(fake.slash, "echo", text="after resume")
    [reply] = await wait(fake.wait_reply, inter, 10)
    assert reply["content"] == "echo: after resume"


async def test_429_retry_after_is_honoured_and_nothing_lost(running):
    fake, bot = running
    fake.faults.fail("POST /channels/{channel_id}/messages", 429, times=2, retry_after=0.4)
    thread_parent = fake.world.channel_id("questions")
    started = time.monotonic()
    await wait(fake.mention, "rate limited please")
    await wait(fake.wait_bot_message, thread_parent, lambda m: "rate limited please" in m["content"], 15)
    elapsed = time.monotonic() - started
    posts = fake.requests(lambda r: r.route == "POST /channels/{channel_id}/messages")
    assert [r.status for r in posts[-3:]] == [429, 429, 200]
    assert elapsed >= 0.8
    assert posts[-1].at - posts[-2].at >= 0.39


async def test_500_twice_then_success(running):
    fake, _ = running
    fake.faults.fail("POST /interactions/{interaction_id}/{token}/callback", 500, times=2)
    inter = await wait(fake.slash, "echo", text="flaky")
    fake.interaction_deadline = 30  # discord.py backs off 1 s then 3 s
    [reply] = await wait(fake.wait_reply, inter, 20)
    assert reply["content"] == "echo: flaky"
    assert [r.status for r in fake.callbacks(inter)] == [500, 500, 200]


async def test_rate_limit_window_on_a_burst(running):
    fake, _ = running
    fake.faults.rate_limit("POST /channels/{channel_id}/messages", limit=2, per=0.5)
    for i in range(4):
        await wait(fake.mention, f"burst {i}")
    for i in range(4):
        await wait(fake.wait_bot_message, "questions", lambda m, i=i: m["content"].endswith(f"burst {i}"), 15)
    statuses = [r.status for r in fake.requests(lambda r: r.route == "POST /channels/{channel_id}/messages")]
    assert statuses.count(200) == 4 and 429 in statuses


async def test_heartbeats_are_acknowledged_at_the_interval(running):
    fake, _ = running
    await asyncio.sleep(0.6)
    gaps = fake.heartbeat_gaps()
    assert len(gaps) >= 3 and all(0.08 < g < 0.5 for g in gaps)
    acks = fake.gateway_frames(lambda g: g.op == 11)
    assert len(acks) >= len(gaps)


async def test_without_message_content_intent_only_mentions_carry_text(monkeypatch):
    fake = FakeDiscord(token=TOKEN).start()
    bot, task = await _start(fake, _intents(message_content=False), monkeypatch)
    try:
        plain = await wait(fake.user_says, "no mention here")
        await wait(fake.mention, "with mention")
        await wait(fake.recorder.wait_until, lambda: len(bot.seen_messages) == 2, 10)
        assert bot.seen_messages[0].content == "" and plain["delivered"]
        assert bot.seen_messages[1].content.endswith("with mention")
    finally:
        await _stop(bot, task)
        fake.stop()


async def test_wrong_token_fails_login(monkeypatch):
    fake = FakeDiscord(token="the-right-token").start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    client = discord.Client(intents=discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("a-wrong-token")
        assert fake.requests()[0].status == 401 and not fake.requests()[0].authorized
    finally:
        await client.close()
        fake.stop()


def test_unknown_routes_bad_ids_and_missing_auth_are_answered_and_recorded():
    import json
    import urllib.error
    import urllib.request

    def call(method: str, path: str, auth: bool = True, body: dict | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(fake.api_base + path, method=method, data=json.dumps(body).encode() if body else None)
        req.add_header("Content-Type", "application/json")
        if auth:
            req.add_header("Authorization", f"Bot {TOKEN}")
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    with FakeDiscord(token=TOKEN) as fake:
        assert call("GET", "/nowhere")[0] == 404
        assert call("GET", "/users/@me", auth=False)[0] == 401
        status, body = call("POST", "/channels/not-a-number/messages", body={"content": "x"})
        assert status == 400 and body["code"] == 50035
        assert call("GET", "/users/@me")[1]["id"] == str(fake.world.bot_id)
        assert [r.route for r in fake.unknown_routes()] == [""]
        assert [r.status for r in fake.requests()] == [404, 401, 400, 200]


# ---- as strict as Discord -----------------------------------------------------------------------

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket")
CHANNEL_MESSAGES = "POST /channels/{channel_id}/messages"


async def test_every_response_carries_rate_limit_headers(running):
    fake, _ = running
    inter = await wait(fake.slash, "slow", question="headers?")
    await wait(fake.wait_reply, inter, 10)
    await wait(fake.wait_bot_message, None, lambda m: "details" in m["content"], 10)
    records = fake.requests()
    assert len({r.route for r in records}) >= 6
    for r in records:
        if r.status != 429:
            assert all(h in r.headers for h in RATE_HEADERS), (r.route, r.headers)
            assert 0 <= int(r.headers["X-RateLimit-Remaining"]) < int(r.headers["X-RateLimit-Limit"])


async def test_discord_py_waits_on_an_exhausted_bucket_without_a_429(running):
    fake, bot = running
    fake.ratelimits.set_limit(CHANNEL_MESSAGES, limit=2, per=1.0)
    inter = await wait(fake.slash, "many", count=5)
    await wait(fake.wait_reply, inter, 20)
    posts = fake.requests(lambda r: r.route == CHANNEL_MESSAGES)
    assert [r.status for r in posts] == [200] * 5, "the headers announced the limit: no request was refused"
    assert [r.headers["X-RateLimit-Remaining"] for r in posts] == ["1", "0", "1", "0", "1"]
    assert posts[2].at - posts[0].at >= 0.9, "the client waited for the bucket to reset"
    assert bot.errors == []


async def test_a_client_ignoring_the_bucket_gets_429_with_retry_after():
    from fakediscord.ratelimits import RateLimits

    limits = RateLimits()
    limits.set_limit("R", limit=1, per=2.0)
    assert limits.take("R", {"channel_id": "1"}, now=10.0).retry_after == 0
    refused = limits.take("R", {"channel_id": "1"}, now=10.5)
    assert refused.retry_after == pytest.approx(1.5) and refused.headers["X-RateLimit-Scope"] == "user"
    assert limits.take("R", {"channel_id": "2"}, now=10.5).retry_after == 0, "another channel is another bucket"
    assert limits.take("R", {"channel_id": "1"}, now=12.0).retry_after == 0, "the window reset"


async def test_a_global_429_stops_every_request_until_it_is_over(running):
    fake, bot = running
    fake.faults.fail(CHANNEL_MESSAGES, 429, retry_after=0.6, is_global=True)
    inter = await wait(fake.slash, "many", count=3)
    await wait(fake.wait_reply, inter, 20)
    [limited] = fake.requests(lambda r: r.status == 429)
    assert limited.response["global"] is True and limited.headers["X-RateLimit-Global"] == "true"
    assert "X-RateLimit-Bucket" not in limited.headers
    later = fake.requests(lambda r: r.seq > limited.seq and "{token}" not in r.route)
    assert later and later[0].at - limited.at >= 0.55, "nothing was sent with the bot token during the global limit"
    assert [r.status for r in fake.requests(lambda r: r.route == CHANNEL_MESSAGES)] == [429, 200, 200, 200]


async def test_empty_content_is_refused_like_discord(running):
    fake, bot = running
    inter = await wait(fake.slash, "many", count=1, text="<empty>")
    await wait(fake.wait_reply, inter, 10)
    [err] = bot.errors
    assert isinstance(err, discord.HTTPException) and err.code == 50006 and err.status == 400


async def test_lengths_are_counted_in_utf16_units(running):
    fake, bot = running
    inter = await wait(fake.slash, "echo", text="😀" * 993)  # "echo: " + 993 emoji = 6 + 1986 units
    [reply] = await wait(fake.wait_reply, inter, 10)
    assert reply["content"].endswith("😀")
    inter = await wait(fake.slash, "echo", text="😀" * 998, check_values=False)  # 1004 code points, 2002 units
    await wait(fake.recorder.wait_until, lambda: fake.callbacks(inter), 10)
    assert fake.callbacks(inter)[0].status == 400
    assert "content is 2002 chars (max 2000)" in fake.callbacks(inter)[0].response["errors"]["_fake"]


async def test_an_interaction_token_expires_after_15_minutes_of_the_fakes_clock(running):
    fake, bot = running
    fake.after_next("POST /interactions/{interaction_id}/{token}/callback", lambda: fake.advance_clock(15 * 60 + 1))
    inter = await wait(fake.slash, "expiring")
    await wait(fake.recorder.wait_until, lambda: bot.errors, 10)
    [err] = bot.errors
    assert isinstance(err, discord.HTTPException) and err.status == 401 and err.code == 50027
    assert fake.callbacks(inter)[0].ok, "the deferral itself was in time"
    fresh = await wait(fake.slash, "echo", text="a new interaction has a new token")
    assert (await wait(fake.wait_reply, fresh, 10))[0]["content"].startswith("echo:")
