"""Unit tests of the fake Discord's pure parts: limit checks, ping and link detection, faults,
command option typing, route matching and the bot config writer."""

from __future__ import annotations

import tomllib

import pytest

from fakediscord.botproc import BotSetup, bot_config, render_toml
from fakediscord.faults import FaultPlan
from fakediscord.limits import (
    allowed_mentions_problems, message_problems, payload_links, rendered_links, would_ping,
)
from fakediscord.rest import command_problems, match_route
from fakediscord.server import FakeDiscord, filter_for_intents, sent_payload
from fakediscord.recorder import RestRecord
from fakediscord.world import WorldError, command_options


def test_content_and_embed_limits():
    assert message_problems({"content": "x" * 2000}) == []
    assert message_problems({"content": "x" * 2001}) == ["content is 2001 chars (max 2000)"]
    embed = {"title": "t" * 257, "description": "d" * 4097, "fields": [{"name": "n", "value": "v" * 1025}] * 26}
    problems = message_problems({"embeds": [embed]})
    assert "embed 0 title is 257 chars (max 256)" in problems
    assert "embed 0 description is 4097 chars (max 4096)" in problems
    assert "embed 0 has 26 fields (max 25)" in problems
    assert any("field 0 value is 1025" in p for p in problems)
    assert any("embeds total" in p for p in problems)


def test_component_limits():
    row = {"type": 1, "components": [{"type": 2, "label": "L" * 81, "custom_id": "c" * 101}] * 6}
    problems = message_problems({"components": [row] * 6})
    assert "6 action rows (max 5)" in problems
    assert any("6 items" in p for p in problems)
    assert any("label is 81" in p for p in problems) and any("custom_id is 101" in p for p in problems)


def test_allowed_mentions_must_allow_nothing():
    assert allowed_mentions_problems({"content": "hi", "allowed_mentions": {"parse": []}}) == []
    assert allowed_mentions_problems({"content": "hi"}) == ["no allowed_mentions (Discord then pings every mention in the text)"]
    assert allowed_mentions_problems({"allowed_mentions": {"parse": ["users"], "roles": ["1"]}}) == [
        "allowed_mentions.parse = ['users']", "allowed_mentions.roles = ['1']"]


def test_would_ping_follows_allowed_mentions():
    text = "@everyone <@12> <@&34> `@here`"
    assert would_ping({"content": text}) == ["@everyone", "user:12", "role:34"]
    assert would_ping({"content": text, "allowed_mentions": {"parse": []}}) == []
    assert would_ping({"content": text, "allowed_mentions": {"parse": [], "users": ["12"]}}) == ["user:12"]


def test_rendered_links_ignore_code_and_escapes():
    assert rendered_links("see [docs](https://evil.example/x) now") == ["https://evil.example/x"]
    assert rendered_links("bare https://evil.example/y.") == ["https://evil.example/y."]
    assert rendered_links("`https://evil.example` and https\\://evil.example and https:\u200b//evil.example") == []
    # escaping the bracket defuses the masked link, but the bare address in it still autolinks
    assert rendered_links("\\[a](https://evil.example)") == ["https://evil.example"]
    assert rendered_links("```\n[a](https://evil.example)\n```") == []
    assert payload_links({"embeds": [{"url": "https://un.org/a", "description": "<https://b.example>"}]}) == [
        "https://b.example", "https://un.org/a"]


def test_fault_countdown_then_pass():
    plan = FaultPlan()
    route = "POST /channels/{channel_id}/messages"
    plan.fail(route, 500, times=2)
    assert [plan.take(route).status for _ in range(2)] == [500, 500]
    assert plan.take(route) is None and plan.take("GET /users/@me") is None


def test_fault_429_carries_retry_after_and_via():
    plan = FaultPlan()
    plan.fail("*", 429, retry_after=0.75)
    answer = plan.take("GET /users/@me")
    assert answer.body["retry_after"] == 0.75 and answer.headers["Via"] and answer.headers["Retry-After"] == "0.750"


def test_rate_limit_window():
    plan = FaultPlan()
    plan.rate_limit("R", limit=2, per=1.0)
    assert plan.take("R", now=10.0) is None and plan.take("R", now=10.1) is None
    limited = plan.take("R", now=10.5)
    assert limited.status == 429 and limited.body["retry_after"] == pytest.approx(0.5)
    assert plan.take("R", now=11.01) is None


def test_fault_times_must_be_positive():
    with pytest.raises(ValueError, match="times must be >= 1"):
        FaultPlan().fail("R", 500, times=0)


def test_route_matching():
    assert match_route("POST", "/interactions/1/abc/callback")[:2] == (
        "POST /interactions/{interaction_id}/{token}/callback", {"interaction_id": "1", "token": "abc"})
    assert match_route("PATCH", "/webhooks/1/tok/messages/@original")[0].endswith("@original")
    assert match_route("GET", "/nowhere") is None


def test_command_options_typed_from_schema():
    cmd = {"name": "para", "options": [
        {"name": "ref", "type": 3, "required": True}, {"name": "doc", "type": 3}, {"name": "n", "type": 4}]}
    assert command_options(cmd, {"ref": "12", "n": 2}) == [
        {"name": "ref", "type": 3, "value": "12"}, {"name": "n", "type": 4, "value": 2}]
    assert command_options(cmd, {"doc": "A/"}, focused="doc")[0]["focused"] is True
    with pytest.raises(WorldError, match="needs option"):
        command_options(cmd, {"doc": "x"})
    with pytest.raises(WorldError, match="no option"):
        command_options(cmd, {"ref": "1", "colour": "red"})


def test_command_options_refuse_what_the_client_would():
    cmd = {"name": "ask", "options": [{"name": "q", "type": 3, "required": True, "min_length": 1, "max_length": 5},
                                      {"name": "k", "type": 4, "min_value": 1, "max_value": 3}]}
    with pytest.raises(WorldError, match="q is 6 chars"):
        command_options(cmd, {"q": "x" * 6})
    with pytest.raises(WorldError, match="k = 9 > max_value 3"):
        command_options(cmd, {"q": "x", "k": 9})
    assert command_options(cmd, {"q": "x" * 6}, check_values=False)[0]["value"] == "x" * 6


def test_command_problems():
    assert command_problems({"name": "ask", "description": "Ask", "options": []}) == []
    assert command_problems({"name": "Ask", "description": ""}) == [
        "command name 'Ask' must be 1-32 lowercase characters", "/Ask description must be 1-100 chars"]


def test_intents_filter_message_content():
    msg = {"author": {"id": "1"}, "content": "hi", "mentions": [], "embeds": [{}]}
    assert filter_for_intents(msg, 0, bot_id=9) is None
    assert filter_for_intents(msg, 1 << 9, bot_id=9)["content"] == ""
    assert filter_for_intents(msg, (1 << 9) | (1 << 15), bot_id=9)["content"] == "hi"
    assert filter_for_intents({**msg, "mentions": [{"id": "9"}]}, 1 << 9, bot_id=9)["content"] == "hi"


def test_sent_payload_finds_message_bodies():
    def rec(route, body):
        return RestRecord(1, 0.0, "POST", "/", route, {}, {}, body, True, 200, None)

    assert sent_payload(rec("POST /channels/{channel_id}/messages", {"content": "a"})) == {"content": "a"}
    assert sent_payload(rec("POST /interactions/{interaction_id}/{token}/callback", {"type": 4, "data": {"content": "b"}})) == {"content": "b"}
    assert sent_payload(rec("POST /interactions/{interaction_id}/{token}/callback", {"type": 5})) is None
    assert sent_payload(rec("GET /users/@me", None)) is None


def test_bot_config_points_at_the_fake(tmp_path):
    fake = FakeDiscord(token="t")  # not started: only ids and addresses are read
    setup = BotSetup(index_dir=tmp_path / "idx", workdir=tmp_path, welcome_channel="welcome")
    parsed = tomllib.loads(render_toml(bot_config(fake, setup)))
    d = parsed["discord"]
    assert d["api_base"] == fake.api_base and d["gateway_url"] == fake.gateway_url
    assert d["guild_ids"] == [fake.world.guild_id]
    assert d["allowed_channel_ids"] == [fake.world.channel_id("questions")]
    assert d["welcome_channel_id"] == fake.world.channel_id("welcome")
    assert parsed["index"]["path"] == str(tmp_path / "idx")


def test_lengths_count_utf16_units_like_discord():
    assert message_problems({"content": "😀" * 1000}) == []  # 2000 units
    assert message_problems({"content": "😀" * 1000 + "x"}) == ["content is 2001 chars (max 2000)"]
    embed = {"title": "😀" * 129, "fields": [{"name": "n", "value": "😀" * 513}]}
    problems = message_problems({"embeds": [embed]})
    assert "embed 0 title is 258 chars (max 256)" in problems and any("value is 1026" in p for p in problems)


def test_a_message_must_show_something():
    from fakediscord.limits import is_empty_message

    assert is_empty_message({"content": ""}) and is_empty_message({"content": "  \n"}) and is_empty_message({})
    assert is_empty_message({"content": "", "embeds": [], "components": []})
    assert not is_empty_message({"content": "", "embeds": [{"title": "t"}]})
    assert not is_empty_message({"content": "x"})


def test_a_global_429_carries_the_global_flag_and_no_bucket():
    plan = FaultPlan()
    plan.fail("*", 429, retry_after=0.5, is_global=True)
    answer = plan.take("POST /channels/{channel_id}/messages")
    assert answer.body == {"message": "You are being rate limited.", "retry_after": 0.5, "global": True}
    assert answer.headers["X-RateLimit-Global"] == "true" and answer.headers["X-RateLimit-Scope"] == "global"
    assert "X-RateLimit-Bucket" not in answer.headers and answer.label == "429-global"
