"""Test doubles for the Discord layer: a FakeEngine over made-up paragraphs, a FakeBot holding
what the cogs read, and MagicMock(spec=...) Discord objects whose sends are all recorded."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.config import BotSettings, Config, DiscordSettings, IndexSettings
from bot.cooldown import Cooldown
from bot.feedback import BotStore
from index.errors import UnknownDocument, UnknownReference
from index.models import Answer, DocumentMeta, Paragraph, Quote
from index.refs import parse_ref

REPORT = "A/80/999"
RES = "A/RES/80/99"
PDF = "https://example.org/A_80_999.pdf"
LONG_TEXT = " ".join(
    f"Sentence {i} explains how stakeholders with consultative status may follow plenary meetings and submit written input."
    for i in range(40)
)
PARAGRAPHS = (
    Paragraph(REPORT, "main", "1", "The working group held eleven substantive sessions in New York.", (1,), "I. Introduction", order=0),
    Paragraph(REPORT, "main", "2", "States expressed concern about ransomware attacks against hospitals and critical infrastructure.", (3,), "II. A. Threats", order=1),
    Paragraph(REPORT, "main", "3", "States recommended the following:\n(a) Strengthen capacity-building for developing countries;\n(b) Share national points of contact in the directory.", (3, 4), "II. B. Recommendations", order=2),
    Paragraph(REPORT, "main", "3(a)", "(a) Strengthen capacity-building for developing countries;", (3,), "II. B. Recommendations", parent="3", order=3),
    Paragraph(REPORT, "main", "3(b)", "(b) Share national points of contact in the directory.", (4,), "II. B. Recommendations", parent="3", order=4),
    Paragraph(REPORT, "main", "4", LONG_TEXT, (5,), "II. C. Stakeholders", order=5),
    Paragraph(REPORT, "main", "5", "Delegations noted @everyone and <@123456789012345678> appear in no UN text, yet quotes must stay verbatim.", (6,), "II. D. Oddities", order=6),
    Paragraph(REPORT, "annex I", "1", "The Global Mechanism shall hold an organizational session in March 2026.", (9,), "Elements", order=7),
    Paragraph(RES, "main", "PP1", "Recalling its previous resolutions on the law of the sea,", (), "", order=0),
    Paragraph(RES, "main", "1", "Calls upon States to protect coral reefs from bleaching caused by warming seas;", (), "", order=1),
)
DOCS = (
    DocumentMeta(REPORT, "Final report of the test working group", source_pdf=PDF, short_name="final-report"),
    DocumentMeta(RES, "Test resolution on oceans", short_name="res-oceans"),
)
_WORD = re.compile(r"[a-z]{4,}")


class FakeEngine:
    """The engine's interface over PARAGRAPHS; records each call with the thread it ran on.

    The facade's compositions (read, glossary, onboarding, …) are the real Engine's, running on
    this fake's lookup, search and documents."""

    def __init__(self, paragraphs: tuple[Paragraph, ...] = PARAGRAPHS, label: str = "fake", content: Any = None):
        from sources.content import LoadedContent

        self.paragraphs = paragraphs
        self.label = label
        self.calls: list[tuple[str, tuple, str]] = []
        self.warmed = False
        self.content = content if content is not None else LoadedContent(STEPS, TERMS)

    from index.engine import Engine as _Engine

    catalog = None  # the engine's catalog of documents beyond the index: none here
    is_document = _Engine.is_document
    names_document = _Engine.names_document
    resembles_document = _Engine.resembles_document
    split_doc_ref = _Engine.split_doc_ref
    read = _Engine.read
    quotes_for = _Engine.quotes_for
    _content_quotes = _Engine._content_quotes
    content_items = _Engine.content_items
    glossary = _Engine.glossary
    glossary_entry = _Engine.glossary_entry
    glossary_terms = _Engine.glossary_terms
    complete_terms = _Engine.complete_terms
    onboarding = _Engine.onboarding
    onboarding_quotes = _Engine.onboarding_quotes
    content_problems = _Engine.content_problems
    _content_problem = _Engine._content_problem
    del _Engine

    def _note(self, name: str, *args: Any) -> None:
        self.calls.append((name, args, threading.current_thread().name))

    # ---- documents -----------------------------------------------------------------
    def documents(self) -> list[DocumentMeta]:
        return list(DOCS)

    def resolve_document(self, name: str | None) -> DocumentMeta:
        return self._doc(name)

    def _doc(self, name: str | None) -> DocumentMeta:
        if not name:
            return DOCS[0]
        for d in DOCS:
            if name.strip().lower() in (d.symbol.lower(), d.short_name):
                return d
        raise UnknownDocument(name, [d.short_name for d in DOCS])

    def complete_documents(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        p = prefix.lower()
        return [(f"{d.symbol} — {d.title}", d.short_name) for d in DOCS if p in f"{d.symbol} {d.short_name} {d.title}".lower()][:limit]

    def complete_refs(self, doc: str | None, prefix: str, limit: int = 25) -> list[str]:
        try:
            meta = self._doc(doc)
        except UnknownDocument:
            return []
        refs = [p.ref if p.scope == "main" else f"{p.scope} {p.ref}" for p in self.paragraphs if p.symbol == meta.symbol]
        return [r for r in refs if r.startswith(prefix)][:limit]

    def about(self) -> dict:
        return {
            "documents": [{"symbol": d.symbol, "title": d.title, "paragraphs": sum(1 for p in self.paragraphs if p.symbol == d.symbol and not p.parent)} for d in DOCS],
            "built_at": "2025-11-01T12:00:00+00:00",
            "model": "all-MiniLM-L6-v2",
            "dim": 384,
            "format_version": 1,
            "app_version": "0.1.0",
            "paragraphs": sum(1 for p in self.paragraphs if not p.parent),
        }

    def warm(self) -> None:
        self._note("warm")
        self.warmed = True

    # ---- lookups ---------------------------------------------------------------------
    def lookup(self, ref: str, doc: str | None = None) -> list[Paragraph]:
        self._note("lookup", ref, doc)
        meta = self._doc(doc)
        parsed = parse_ref(ref)
        scope = parsed.scope or "main"
        mine = [p for p in self.paragraphs if p.symbol == meta.symbol and p.scope == scope]
        if parsed.is_range:
            wanted = {str(n) for n in range(int(parsed.start), int(parsed.end) + 1)}
            found = [p for p in mine if p.ref in wanted]
        else:
            found = [p for p in mine if p.ref == parsed.ref]
        if not found:
            nums = sorted({p.number for p in mine if p.number.isdigit()}, key=lambda n: abs(int(n) - int(parsed.start)) if parsed.start.isdigit() else 0)
            raise UnknownReference(meta.symbol, parsed.display(), nums[:3])
        return found

    def quote_paragraph(self, p: Paragraph) -> Quote:
        self._note("quote_paragraph", p.ref)
        return self._quote(p, 1.0)

    def _quote(self, p: Paragraph, score: float) -> Quote:
        meta = self._doc(p.symbol)
        url = f"{meta.source_pdf}#page={p.page}" if meta.source_pdf and p.page else ""
        return Quote(p.symbol, p.scope, p.ref, p.text, score, p.page, url, p.heading, p.text)

    # ---- questions -------------------------------------------------------------------
    def _ranked(self, query: str) -> list[tuple[float, Paragraph]]:
        words = set(_WORD.findall(query.lower())) - {"what", "does", "about", "report", "say", "says", "with"}
        scored = []
        for p in self.paragraphs:
            if p.parent:
                continue
            hits = len(words & set(_WORD.findall(p.text.lower())))
            if hits:
                scored.append((hits / max(1, len(words)), p))
        scored.sort(key=lambda s: (-s[0], s[1].order))
        return scored

    def search(self, query: str, k: int = 5) -> list[Quote]:
        self._note("search", query, k)
        return [self._quote(p, s) for s, p in self._ranked(query)[:k]]

    def ask(self, question: str, k: int = 5) -> Answer:
        self._note("ask", question, k)
        m = re.search(r"paragraph\s+(\d+)", question, re.I)
        if m:
            try:
                paras = self.lookup(m.group(1))
            except UnknownReference as err:
                return Answer(question, True, mode="lookup", message=str(err), suggestions=tuple(err.nearest))
            return Answer(question, False, tuple(self._quote(p, 1.0) for p in paras), mode="lookup")
        ranked = [(s, p) for s, p in self._ranked(question) if s >= 0.5][:k]
        if not ranked:
            return Answer(
                question,
                True,
                message="I found no paragraph that answers this. Try other words, or look a paragraph up by number with /para.",
                suggestions=(f"{REPORT}: II. A. Threats",),
            )
        return Answer(question, False, tuple(self._quote(p, s) for s, p in ranked))


# ---- content records (shaped like sources.content's) --------------------------------------

@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str
    refs: tuple[str, ...] = ()
    query: str = ""
    doc: str = "final-report"


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    query: str = ""
    refs: tuple[str, ...] = ()
    doc: str = "final-report"


STEPS = (
    Step("what", "What the Global Mechanism is", "A permanent forum open to all States.", refs=("annex I 1",)),
    Step("who", "Who can take part", "Organisations with consultative status can follow plenary meetings.", query="stakeholders consultative status plenary"),
    Step("how", "How to apply", "Send a request to the secretariat.", refs=("3(b)",)),
)
TERMS = (
    Term("Points of contact", ("PoC", "PoCs"), "National contacts listed in a shared directory.", refs=("3(b)",)),
    Term("Ransomware", (), "Malicious software that locks data until a ransom is paid.", query="ransomware hospitals"),
)


# ---- configuration and bot ------------------------------------------------------------------

def make_config(tmp_path: Path, **discord_overrides: Any) -> Config:
    (tmp_path / "index").mkdir(exist_ok=True)
    return Config(
        discord=DiscordSettings(**{"cooldown_seconds": 10.0, "cooldown_burst": 3, **discord_overrides}),
        index=IndexSettings(path=tmp_path / "index", sources=(tmp_path / "sources",)),
        bot=BotSettings(max_quotes=3, feedback_db=tmp_path / "feedback.sqlite"),
    )


class Clock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


BOT_ID = 900000000000000001
USER_ID = 111111111111111111
GUILD_ID = 222222222222222222
CHANNEL_ID = 333333333333333333


class FakeBot:
    """What the cogs read from the bot, without a Discord connection."""

    def __init__(self, tmp_path: Path, engine: FakeEngine | None = None, **discord_overrides: Any):
        self.config = make_config(tmp_path, **discord_overrides)
        self.engine = engine or FakeEngine()
        self.feedback = BotStore(self.config.bot.feedback_db)
        self.clock = Clock()
        self.cooldown = Cooldown(self.config.discord.cooldown_seconds, self.config.discord.cooldown_burst, self.clock)
        self.user = SimpleNamespace(id=BOT_ID, mention=f"<@{BOT_ID}>", bot=True)
        self.build_index = MagicMock()
        self.open_engine = MagicMock()

    def allowed(self, guild_id: int | None, channel_id: int | None, parent: int | None = None) -> bool:
        from bot.client import is_allowed

        return is_allowed(self.config.discord, guild_id, channel_id, parent)


# ---- Discord objects with recorded sends ----------------------------------------------------

@dataclass
class Sent:
    where: str  # "response", "followup", "edit_original", "edit_message", "channel", "thread", "reply"
    content: str | None
    kwargs: dict

    @property
    def embed(self) -> discord.Embed | None:
        return self.kwargs.get("embed")

    @property
    def view(self) -> discord.ui.View | None:
        return self.kwargs.get("view")


@dataclass
class Recorder:
    sent: list[Sent] = field(default_factory=list)

    def sender(self, where: str, result: Any = None, error: BaseException | None = None) -> AsyncMock:
        async def record(*args: Any, **kwargs: Any) -> Any:
            content = args[0] if args else kwargs.get("content")
            self.sent.append(Sent(where, content, kwargs))
            if error is not None:
                raise error
            return result

        return AsyncMock(side_effect=record)

    def texts(self, *where: str) -> list[str]:
        return [s.content for s in self.sent if s.content is not None and (not where or s.where in where)]

    def assert_no_mentions(self) -> int:
        """Every recorded send/edit passes AllowedMentions.none(); returns how many were checked."""
        checked = [s for s in self.sent if s.where != "defer"]  # a deferral carries no content
        assert checked, "nothing was sent"
        for s in checked:
            am = s.kwargs.get("allowed_mentions")
            assert isinstance(am, discord.AllowedMentions), f"{s.where} call without allowed_mentions: {s}"
            assert (am.everyone, am.users, am.roles, am.replied_user) == (False, False, False, False), f"{s.where} may ping: {am}"
            assert not s.kwargs.get("mention_author"), f"{s.where} sets mention_author={s.kwargs['mention_author']!r}: it pings the author"
        return len(checked)


def http_error(kind: type[discord.HTTPException] = discord.Forbidden, status: int = 403, message: str = "Missing Permissions") -> discord.HTTPException:
    response = MagicMock(status=status, reason=message)
    return kind(response, {"code": 50013, "message": message})


def make_thread(recorder: Recorder, thread_id: int = 444444444444444444, parent: int = CHANNEL_ID, send_error: BaseException | None = None) -> MagicMock:
    thread = MagicMock(spec=discord.Thread)
    thread.id = thread_id
    thread.parent_id = parent
    thread.send = recorder.sender("thread", error=send_error)
    return thread


def make_channel(kind: type = discord.TextChannel, channel_id: int = CHANNEL_ID, recorder: Recorder | None = None, parent: int | None = None) -> MagicMock:
    channel = MagicMock(spec=kind)
    channel.id = channel_id
    if parent is not None:
        channel.parent_id = parent
    if recorder is not None:
        channel.send = recorder.sender("channel")
    return channel


def make_member(user_id: int = USER_ID, manage_guild: bool = False, role_ids: tuple[int, ...] = ()) -> MagicMock:
    member = MagicMock(spec=discord.Member)
    member.id = user_id
    member.bot = False
    member.mention = f"<@{user_id}>"
    member.guild_permissions = discord.Permissions(manage_guild=manage_guild)
    member.roles = [SimpleNamespace(id=r) for r in role_ids]
    return member


def make_interaction(
    bot: Any,
    recorder: Recorder,
    *,
    channel: Any = None,
    user: Any = None,
    guild_id: int | None = GUILD_ID,
    thread_error: BaseException | None = None,
    thread: Any = None,
    namespace: dict | None = None,
) -> MagicMock:
    """A MagicMock(spec=discord.Interaction); ``response.is_done()`` turns true once responded."""
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = bot
    interaction.user = user or make_member()
    interaction.guild_id = guild_id
    interaction.channel = channel if channel is not None else make_channel()
    interaction.channel_id = interaction.channel.id
    interaction.type = discord.InteractionType.application_command
    interaction.command = None
    interaction.namespace = SimpleNamespace(**(namespace or {}))
    done = {"v": False}

    def responded(where: str, error: BaseException | None = None) -> AsyncMock:
        inner = recorder.sender(where, error=error)

        async def call(*args: Any, **kwargs: Any) -> Any:
            done["v"] = True
            return await inner(*args, **kwargs)

        return AsyncMock(side_effect=call)

    response = MagicMock(spec=discord.InteractionResponse)
    response.is_done = MagicMock(side_effect=lambda: done["v"])
    response.send_message = responded("response")
    response.edit_message = responded("edit_message")

    async def defer(*args: Any, **kwargs: Any) -> None:
        done["v"] = True
        recorder.sent.append(Sent("defer", None, kwargs))

    response.defer = AsyncMock(side_effect=defer)
    interaction.response = response
    followup = MagicMock(spec=discord.Webhook)
    followup.send = recorder.sender("followup")
    interaction.followup = followup
    interaction.edit_original_response = recorder.sender("edit_original")
    original = MagicMock(spec=discord.InteractionMessage)
    original.id = 555555555555555555
    if thread_error is not None:
        original.create_thread = AsyncMock(side_effect=thread_error)
    else:
        original.create_thread = AsyncMock(return_value=thread if thread is not None else make_thread(recorder))
    interaction.original_response = AsyncMock(return_value=original)
    return interaction


def make_message(
    bot: Any,
    recorder: Recorder,
    content: str,
    *,
    channel: Any = None,
    mentions_bot: bool = True,
    author_is_bot: bool = False,
    thread_error: BaseException | None = None,
    guild_id: int = GUILD_ID,
) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.id = 666666666666666666
    message.content = content
    message.author = make_member()
    message.author.bot = author_is_bot
    message.webhook_id = None
    message.guild = SimpleNamespace(id=guild_id)
    message.channel = channel if channel is not None else make_channel(recorder=recorder)
    message.mentions = [bot.user] if mentions_bot else []
    message.reply = recorder.sender("reply")
    if thread_error is not None:
        message.create_thread = AsyncMock(side_effect=thread_error)
    else:
        message.create_thread = AsyncMock(return_value=make_thread(recorder))
    return message
