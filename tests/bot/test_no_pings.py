"""The bot never pings anyone: every call in bot/ that sends or edits a Discord message passes
``allowed_mentions=NO_MENTIONS`` (``AllowedMentions.none()``), and no reply sets
``mention_author`` to anything but False. Checked on the source itself (every call site, run or
not by other tests) and at run time on what the cogs send."""

from __future__ import annotations

import ast
from pathlib import Path

import discord
import pytest

from bot.client import NO_MENTIONS, OEWGBot
from tests.fakes import Recorder, Sent

BOT_DIR = Path(__file__).resolve().parent.parent.parent / "bot"
# Methods of discord.py objects that create or edit a message (send_message/edit_message of an
# InteractionResponse, send of a Messageable/Webhook/User, reply/edit of a Message, ...).
SENDS = {"send", "reply", "send_message", "edit_message", "edit_original_response", "edit", "edit_original_message"}


def _send_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SENDS:
            yield node


def _is_no_mentions(value: ast.expr) -> bool:
    if isinstance(value, ast.Name) and value.id == "NO_MENTIONS":
        return True
    return ast.unparse(value) in ("discord.AllowedMentions.none()", "AllowedMentions.none()")


def _kwargs_dicts(function: ast.AST, name: str) -> list[ast.Dict]:
    """Dict literals assigned to ``name`` inside ``function`` (``kwargs = {...}``)."""
    found = []
    for node in ast.walk(function):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if isinstance(getattr(node, "value", None), ast.Dict) and any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found.append(node.value)
    return found


def send_problems(source: str, filename: str) -> list[str]:
    """Every send call in ``source`` that could ping: no allowed_mentions=NO_MENTIONS (directly or
    in the ``**kwargs`` dict it is given), or a mention_author other than False."""
    tree = ast.parse(source, filename)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    problems = []
    for call in _send_calls(tree):
        where = f"{filename}:{call.lineno} {ast.unparse(call.func)}(...)"
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        mention_author = keywords.get("mention_author")
        if mention_author is not None and not (isinstance(mention_author, ast.Constant) and mention_author.value is False):
            problems.append(f"{where}: mention_author={ast.unparse(mention_author)} (it pings the author)")
        if "allowed_mentions" in keywords:
            if not _is_no_mentions(keywords["allowed_mentions"]):
                problems.append(f"{where}: allowed_mentions={ast.unparse(keywords['allowed_mentions'])}, not NO_MENTIONS")
            continue
        spread = [k.value for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)]
        function = call
        while function in parents and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = parents[function]
        ok = False
        for name in spread:
            for d in _kwargs_dicts(function, name.id):
                for key, value in zip(d.keys, d.values):
                    if isinstance(key, ast.Constant) and key.value == "allowed_mentions" and _is_no_mentions(value):
                        ok = True
                    if isinstance(key, ast.Constant) and key.value == "mention_author" and not (
                            isinstance(value, ast.Constant) and value.value is False):
                        problems.append(f"{where}: mention_author={ast.unparse(value)} in **{name.id}")
        for node in ast.walk(function):  # kwargs["mention_author"] = ... added later
            if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                    and isinstance(node.targets[0].slice, ast.Constant) and node.targets[0].slice.value == "mention_author"
                    and not (isinstance(node.value, ast.Constant) and node.value.value is False)):
                problems.append(f"{where}: mention_author={ast.unparse(node.value)} set in **kwargs")
        if not ok:
            problems.append(f"{where}: no allowed_mentions=NO_MENTIONS")
    return problems


def test_every_send_in_the_bot_passes_no_mentions_and_never_mention_author():
    files = sorted(BOT_DIR.rglob("*.py"))
    calls = sum(len(list(_send_calls(ast.parse(p.read_text())))) for p in files)
    assert calls >= 20, f"only {calls} send calls found: is the scan looking in the right place?"
    problems = [p for f in files for p in send_problems(f.read_text(), str(f.relative_to(BOT_DIR.parent)))]
    assert problems == []


@pytest.mark.parametrize("source, expected", [
    ("async def f(m):\n    await m.reply('x', allowed_mentions=NO_MENTIONS)\n", []),
    ("async def f(m):\n    await m.reply('x', mention_author=True, allowed_mentions=NO_MENTIONS)\n", ["mention_author=True"]),
    ("async def f(m):\n    await m.reply('x', mention_author=flag, allowed_mentions=NO_MENTIONS)\n", ["mention_author=flag"]),
    ("async def f(c):\n    await c.send('x')\n", ["no allowed_mentions=NO_MENTIONS"]),
    ("async def f(c):\n    await c.send('x', allowed_mentions=discord.AllowedMentions.all())\n", ["not NO_MENTIONS"]),
    ("async def f(c):\n    kw = {'allowed_mentions': NO_MENTIONS}\n    await c.send('x', **kw)\n", []),
    ("async def f(c):\n    kw: dict = {'allowed_mentions': NO_MENTIONS}\n    await c.send('x', **kw)\n", []),
    ("async def f(c):\n    kw = {}\n    await c.send('x', **kw)\n", ["no allowed_mentions=NO_MENTIONS"]),
    ("async def f(c):\n    kw = {'allowed_mentions': NO_MENTIONS}\n    kw['mention_author'] = True\n    await c.send('x', **kw)\n",
     ["set in **kwargs"]),
])
def test_the_scan_catches_what_it_claims_to(source, expected):
    problems = send_problems(source, "x.py")
    assert len(problems) == len(expected) and all(e in p for e, p in zip(expected, problems)), problems


async def test_no_mentions_allows_nothing_and_is_the_bots_default(tmp_path):
    from tests.fakes import FakeEngine, make_config

    assert (NO_MENTIONS.everyone, NO_MENTIONS.users, NO_MENTIONS.roles, NO_MENTIONS.replied_user) == (False, False, False, False)
    assert NO_MENTIONS.to_dict() == {"parse": []}  # Discord: replied_user defaults to false
    bot = OEWGBot(make_config(tmp_path), FakeEngine(), warm=False)
    assert bot.allowed_mentions.to_dict() == {"parse": []}, "a send that forgot allowed_mentions still pings nobody"


def test_the_recorder_refuses_a_reply_that_pings_its_author():
    rec = Recorder([Sent("reply", "wait", {"allowed_mentions": NO_MENTIONS, "mention_author": True})])
    with pytest.raises(AssertionError, match="mention_author"):
        rec.assert_no_mentions()
    rec = Recorder([Sent("channel", "hi", {"allowed_mentions": discord.AllowedMentions.none()})])
    assert rec.assert_no_mentions() == 1
