"""`oewg chat`: the console prints exactly the text the bot would send."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cogs.ask import AskCog
from bot.cogs.para import ParaCog
from bot.console import ONBOARD_HINT, WELCOME, ConsoleSession, run_console
from bot.render import about_card, card_to_text, glossary_card, onboarding_card, render_help
from tests.fakes import STEPS, TERMS, FakeBot, FakeEngine, Recorder, make_interaction


@pytest.fixture
def session() -> ConsoleSession:
    return ConsoleSession(FakeEngine(), onboarding=STEPS, glossary=TERMS)


async def test_question_prints_what_the_bot_posts_in_the_thread(tmp_path: Path, session: ConsoleSession) -> None:
    bot = FakeBot(tmp_path)
    rec = Recorder()
    cog = AskCog(bot)
    question = "stakeholders consultative status plenary meetings written input"
    await cog.ask.callback(cog, make_interaction(bot, rec), question=question)
    assert session.handle(question) == rec.texts("thread")


async def test_para_prints_what_the_bot_sends(tmp_path: Path, session: ConsoleSession) -> None:
    bot = FakeBot(tmp_path)
    for args, ref, doc in (("/para 3", "3", None), ("/para PP1 res-oceans", "PP1", "res-oceans"), ("/para 9", "9", None)):
        rec = Recorder()
        cog = ParaCog(bot)
        await cog.para.callback(cog, make_interaction(bot, rec), ref=ref, doc=doc)
        assert session.handle(args) == rec.texts(), args


@pytest.mark.parametrize("line", ["/para res-oceans 1", "/para 1 res-oceans"])
def test_para_accepts_the_document_before_or_after_the_ref(session: ConsoleSession, line: str) -> None:
    assert session.handle(line)[0].startswith("**A/RES/80/99 ¶1**")


def test_para_errors(session: ConsoleSession) -> None:
    assert session.handle("/para nonsense words")[0].startswith("'nonsense words' is not a paragraph reference")
    assert session.handle("/para")[0].startswith("Usage: /para REF [DOC]")


def test_glossary_about_and_help_print_the_card_text(session: ConsoleSession) -> None:
    quotes = [FakeEngine().quote_paragraph(FakeEngine().lookup("3(b)")[0])]
    assert session.handle("/glossary poc") == [card_to_text(glossary_card(TERMS[0], quotes))]
    assert session.handle("/about") == [card_to_text(about_card(FakeEngine().about()))]
    assert session.handle("/help") == [render_help("console")]
    assert "No glossary entry for “nothing”" in session.handle("/glossary nothing")[0]


def test_onboarding_steps_through_with_n_b_q(session: ConsoleSession) -> None:
    assert session.handle("/onboard") == [card_to_text(onboarding_card(STEPS[0], 0, 3))]
    assert session.hint() == ONBOARD_HINT
    assert session.handle("b") == [card_to_text(onboarding_card(STEPS[0], 0, 3))]
    assert session.handle("n") == [card_to_text(onboarding_card(STEPS[1], 1, 3))]
    assert session.handle("n") == [card_to_text(onboarding_card(STEPS[2], 2, 3))]
    quoted = session.handle("q")
    assert "> (b) Share national points of contact in the directory." in quoted[0]
    assert session.handle("b") == [card_to_text(onboarding_card(STEPS[1], 1, 3))]
    answer = session.handle("ransomware hospitals")  # anything else leaves the guide
    assert session.hint() == "" and "ransomware" in answer[0]
    assert session.handle("n")[0].startswith("I could not find a paragraph")  # 'n' is a question again


def test_unknown_command_and_quit(session: ConsoleSession) -> None:
    assert session.handle("/frobnicate") == ["Unknown command /frobnicate: type /help for the commands."]
    assert session.handle("   ") == []
    assert session.handle("/quit") is None


def test_run_console_reads_until_quit() -> None:
    out = io.StringIO()
    code = run_console(FakeEngine(), io.StringIO("/para 2\n/onboard\nn\n/quit\n/para 1\n"), out, onboarding=STEPS, glossary=TERMS)
    text = out.getvalue()
    assert code == 0
    assert text.startswith(WELCOME)
    assert "> States expressed concern about ransomware" in text
    assert card_to_text(onboarding_card(STEPS[1], 1, 3)) in text and ONBOARD_HINT in text
    assert "The working group held" not in text  # /para 1 came after /quit


def test_run_console_notes_missing_content(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.client

    monkeypatch.setattr(bot.client, "load_content", lambda: ((), (), ["/glossary is unavailable: broken file"]))
    out = io.StringIO()
    run_console(FakeEngine(), io.StringIO("/glossary poc\n"), out)
    assert "note: /glossary is unavailable: broken file" in out.getvalue()
    assert "The glossary is not available" in out.getvalue()


def test_para_with_an_unknown_document_names_it(session: ConsoleSession) -> None:
    assert session.handle("/para 12 A/RES/99/1")[0].startswith("Unknown document 'A/RES/99/1'")


def test_para_with_a_document_when_the_index_has_no_default_one(session: ConsoleSession) -> None:
    from index.errors import UnknownDocument

    real_lookup = session.engine.lookup

    def lookup(ref, doc=None):
        if doc is None:
            raise UnknownDocument("(none given)", ["res-oceans"])
        return real_lookup(ref, doc)

    session.engine.lookup = lookup
    assert session.handle("/para 1 res-oceans")[0].startswith("**A/RES/80/99 ¶1**")
    assert session.handle("/para 1")[0].startswith("Unknown document '(none given)'")
