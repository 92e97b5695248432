"""`oewg chat`: the bot's commands in a terminal, the same answers as terminal text (no Discord
markdown, no Discord hints), the guide's keys, completion, and the plain line mode of a pipe."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import LEFT_GUIDE, NOT_IN_GUIDE, ONBOARD_HINT, WELCOME, ConsoleSession, completions, run_console
from bot.terminal import Terminal, plain
from sources.content import LoadedContent
from tests.fakes import STEPS, TERMS, FakeEngine
from tests.hash_embedder import HashEmbedder
from tests.synthetic import APR_24, FINAL_25, RES_900, build_tools_index

REPO = Path(__file__).resolve().parent.parent.parent
DISCORD_SIGNS = ("**", "](<", "ref:", "`ref` option", "Press Quote", "-# ", "> ")


@pytest.fixture
def session() -> ConsoleSession:
    return ConsoleSession(FakeEngine())


def say(session: ConsoleSession, line: str) -> str:
    return "\n\n".join(plain(v) for v in session.handle(line))


def assert_terminal_text(text: str) -> None:
    for sign in DISCORD_SIGNS:
        assert sign not in text, f"Discord markup {sign!r} in console text:\n{text}"


def test_a_question_is_answered_with_the_quotes_cited(session: ConsoleSession) -> None:
    text = say(session, "stakeholders consultative status plenary meetings written input")
    assert text.startswith("A/80/999 ¶4 (p. 5) — II. C. Stakeholders\n  Sentence 0 explains how stakeholders")
    assert "https://example.org/A_80_999.pdf#page=5" in text
    assert_terminal_text(text)


def test_an_abstention_is_one_line_and_the_headings(session: ConsoleSession) -> None:
    text = say(session, "the colour of the sky at dawn")
    assert text.splitlines()[0] == "I found no paragraph that answers this. Try other words, or look a paragraph up by number with /para."
    assert "Related headings you could read:\n  • A/80/999: II. A. Threats" in text
    assert text.count("no paragraph") == 1
    assert_terminal_text(text)


@pytest.mark.parametrize("line", ["/para res-oceans 1", "/para 1 res-oceans", "/para A/RES/80/99 1"])
def test_para_accepts_the_document_before_or_after_the_ref(session: ConsoleSession, line: str) -> None:
    text = say(session, line)
    assert text.startswith("A/RES/80/99 ¶1\n  Calls upon States to protect coral reefs")
    assert_terminal_text(text)


def test_para_errors_and_usage(session: ConsoleSession) -> None:
    assert say(session, "/para nonsense words").startswith("'nonsense words' is not a paragraph reference")
    assert say(session, "/para").startswith("Usage: /para [DOC] REF, e.g. /para 12 or /para A/RES/80/16 2")
    assert say(session, "/para 12 A/RES/99/1").startswith("Unknown document 'A/RES/99/1'")
    assert say(session, "/para res-oceans").startswith("res-oceans is a document: name a paragraph too, e.g. /para res-oceans 1")
    unknown = say(session, "/para 9")
    assert unknown.startswith("A/80/999 has no paragraph 9.") and "/toc A/80/999 lists them all." in unknown
    assert_terminal_text(unknown)


def test_glossary_about_and_help_in_terminal_words(session: ConsoleSession) -> None:
    text = say(session, "/glossary poc")
    assert text.startswith("Points of contact\n\nNational contacts listed in a shared directory.")
    assert "Also called\n  PoC, PoCs" in text and "A/80/999 ¶3(b) (p. 4)" in text and text.endswith("/para, e.g. /para A/80/999 3(b)")  # an example that works here
    about = say(session, "/about")
    assert "A/80/999 — Final report of the test working group (6 paragraphs)" in about
    help_text = say(session, "/help")
    for command in ("/para [DOC] REF", "/find PHRASE", "/toc [DOC]", "/compare [DOC] REF", "/glossary TERM", "/onboard", "/quit"):
        assert command in help_text
    missing = say(session, "/glossary nothing")
    assert "No glossary entry for “nothing”" in missing and "Tab" in missing
    for t in (text, about, help_text, missing):
        assert_terminal_text(t)


def test_onboarding_steps_through_with_n_b_q_and_x_leaves(session: ConsoleSession) -> None:
    first = say(session, "/onboard")
    assert first.startswith(STEPS[0].title) and "Type q to read the text." in first and "Step 1 of 3" in first
    assert session.hint() == ""  # the card's footer says the keys
    assert say(session, "b") == "This is the first step of 3: n goes on, x leaves the guide."
    assert say(session, "n").startswith(STEPS[1].title)
    assert say(session, "n").startswith(STEPS[2].title)
    assert say(session, "n") == "This is the last step of 3: b goes back, x leaves the guide."
    quoted = say(session, "q")
    assert quoted.startswith(f"{STEPS[2].title}: what the report says") and "(b) Share national points of contact" in quoted
    assert session.hint() == ONBOARD_HINT  # after the quotes, the keys are said again
    assert_terminal_text(quoted + first)
    asked = len([c for c in session.engine.calls if c[0] == "ask"])
    assert say(session, "x") == LEFT_GUIDE and session.hint() == ""
    assert len([c for c in session.engine.calls if c[0] == "ask"]) == asked  # 'x' was not searched as a question
    assert say(session, "n") == NOT_IN_GUIDE  # a guide key outside the guide is not searched
    assert len([c for c in session.engine.calls if c[0] == "ask"]) == asked


def test_anything_else_leaves_the_guide_and_is_handled(session: ConsoleSession) -> None:
    say(session, "/onboard")
    replies = say(session, "ransomware hospitals")
    assert replies.startswith(LEFT_GUIDE) and replies.count(LEFT_GUIDE) == 1  # leaving is said, once
    assert "ransomware" in replies and session.hint() == ""
    assert "ransomware" in say(session, "ransomware hospitals") and LEFT_GUIDE not in say(session, "ransomware")


def test_unknown_command_suggests_the_nearest_and_quit(session: ConsoleSession) -> None:
    assert say(session, "/frobnicate") == "Unknown command /frobnicate. Type /help for the commands."
    assert say(session, "/pra 2") == "Unknown command /pra. Did you mean /para? Type /help for the commands."
    assert session.handle("   ") == []
    assert session.handle("/quit") is None and session.handle("exit") is None


@pytest.mark.parametrize("line", ["/quit now", "/QUIT please", "/exit now"])
def test_quit_with_extra_words_quits(session: ConsoleSession, line: str) -> None:
    assert session.handle(line) is None
    out = io.StringIO()
    run_console(FakeEngine(), io.StringIO(f"{line}\n/para 2\n"), out)
    assert "Unknown command" not in out.getvalue() and "ransomware" not in out.getvalue()  # left before /para 2


def test_missing_content_is_noted_and_the_commands_say_so() -> None:
    engine = FakeEngine(content=LoadedContent(problems=("/glossary is unavailable: broken file",)))
    out = io.StringIO()
    run_console(engine, io.StringIO("/glossary poc\n/onboard\n"), out)
    text = out.getvalue()
    assert "note: /glossary is unavailable: broken file" in text
    assert "The glossary is not available (/glossary is unavailable: broken file)." in text
    assert "The onboarding guide is not available" in text


def test_run_console_reads_until_quit_and_prints_plain_text() -> None:
    out = io.StringIO()
    code = run_console(FakeEngine(), io.StringIO("/para 2\n/onboard\nn\n/quit\n/para 1\n"), out)
    text = out.getvalue()
    assert code == 0
    assert text.startswith(WELCOME)
    assert "  States expressed concern about ransomware" in text
    assert STEPS[1].title in text and "n next · b back · q quote · x leave the guide" in text
    assert "The working group held" not in text  # /para 1 came after /quit
    assert "\x1b[" not in text
    assert_terminal_text(text)


@pytest.fixture(scope="module")
def tools_engine(tmp_path_factory):
    from index.engine import Engine

    index_dir = build_tools_index(tmp_path_factory.mktemp("console-tools"), HashEmbedder())
    return Engine.open(index_dir, content=LoadedContent(STEPS, TERMS))


def test_para_range_past_the_end_in_the_console_says_where_it_ends(tools_engine) -> None:
    text = say(ConsoleSession(tools_engine), f"/para {FINAL_25} 3-6")
    assert f"{FINAL_25} ¶3 (p. 4)" in text and f"{FINAL_25} ¶4 (p. 5)" in text
    assert text.endswith(f"{FINAL_25} ends at ¶4: only ¶3–4 of 3-6 exist.")


def test_find_toc_and_compare_in_the_console(tools_engine) -> None:
    session = ConsoleSession(tools_engine)
    found = say(session, "/find responsible State behaviour")
    assert "appears" in found and "«responsible State behaviour»" in found and "first used in" in found
    one = say(session, f"/find responsible State behaviour in {FINAL_25}")
    assert f"of {FINAL_25}" in one.splitlines()[0]
    toc = say(session, f"/toc {FINAL_25}")
    assert toc.splitlines()[0].startswith(FINAL_25) and "A. Overview — ¶1" in toc
    compared = say(session, f"/compare {FINAL_25} 1 with {APR_24}")
    assert "similarity" in compared and ("[-" in compared or "{+" in compared)
    assert say(session, "/compare").startswith("Usage: /compare")
    for t in (found, toc, compared):
        assert_terminal_text(t)


def test_colours_on_a_terminal_and_markers_off_it(tools_engine) -> None:
    from bot import view as V

    found = tools_engine.find("responsible State behaviour")
    out = io.StringIO()
    Terminal(out, color=True).print(V.find_view(found))
    coloured = out.getvalue()
    assert "\x1b[" in coloured and "«" not in coloured
    assert "«" in plain(V.find_view(found)) and "\x1b[" not in plain(V.find_view(found))
    result = tools_engine.compare(FINAL_25, "1", [APR_24])
    out = io.StringIO()
    Terminal(out, color=True).print(V.compare_view(result))
    assert "\x1b[9" in out.getvalue() or "\x1b[31" in out.getvalue()  # removed words struck or red


def test_completion_of_commands_documents_refs_and_terms() -> None:
    engine = FakeEngine()
    assert [c for c, _ in completions(engine, "/pa")] == ["/para"]
    assert "/compare" in [c for c, _ in completions(engine, "/c")]
    assert [c for c, _ in completions(engine, "/para res")] == ["res-oceans"]
    assert [c for c, _ in completions(engine, "/para res-oceans P")] == ["PP1"]
    assert [c for c, _ in completions(engine, "/glossary po")] == ["Points of contact"]
    assert [c for c, _ in completions(engine, "/compare final-report 2 with res")] == ["res-oceans"]
    assert completions(engine, "a question") == []


def test_oewg_chat_in_a_pipe_prints_terminal_text(tmp_path) -> None:
    index_dir = build_tools_index(tmp_path, HashEmbedder())
    lines = [f"/para {RES_900} 1", f"/toc {RES_900}", "/find responsible State behaviour", f"/compare {FINAL_25} 1",
             "/para 99999", "/glossary", "/nonsense", "/help", "/quit"]
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--index", str(index_dir)], cwd=REPO, timeout=120,
                          input="\n".join(lines) + "\n", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert out.startswith(WELCOME) and f"{RES_900} ¶1" in out and "«responsible State behaviour»" in out
    assert "\x1b[" not in out
    assert_terminal_text(out)
    assert all(f"» {line}" in out for line in lines)  # each input echoed: the transcript reads as a dialogue
    assert out.index(f"» /para {RES_900} 1") < out.index(f"{RES_900} ¶1") < out.index(f"» /toc {RES_900}")
    assert not re.search(r"Usage: /para REF \[DOC\]", out)


class _InterruptedEngine(FakeEngine):
    """A FakeEngine whose answer to "slow question" is interrupted by Ctrl-C (KeyboardInterrupt)."""

    def ask(self, question: str, k: int = 5):
        if question == "slow question":
            raise KeyboardInterrupt
        return super().ask(question, k)


def _interactive(keys: str, tmp_path: Path, monkeypatch, engine: FakeEngine | None = None) -> tuple[int, str]:
    """Run the console as on a terminal, typing ``keys`` (``\\r`` Enter, ``\\x03`` Ctrl-C)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    import bot.console

    monkeypatch.setattr(bot.console, "HISTORY_FILE", tmp_path / "history")
    out = io.StringIO()
    with create_pipe_input() as keyboard, create_app_session(input=keyboard, output=DummyOutput()):
        keyboard.send_text(keys)
        code = run_console(engine or _InterruptedEngine(), output=out, interactive=True)
    return code, out.getvalue()


def test_ctrl_c_while_answering_cancels_the_question_and_the_console_goes_on(tmp_path, monkeypatch) -> None:
    from bot.console import CANCELLED, PRESS_AGAIN

    code, text = _interactive("slow question\r/para 2\r\x03/para 1\rdraft\x03\x03\x03", tmp_path, monkeypatch)
    assert code == 0
    assert text.count(CANCELLED) == 1 and text.index(CANCELLED) < text.index("States expressed concern about ransomware")
    assert "The working group held" in text  # /para 1 after a Ctrl-C at the empty prompt: still there
    assert text.splitlines().count(PRESS_AGAIN) == 2  # Ctrl-C on a typed line only clears it; on an empty one it says how to leave


def test_help_says_what_ctrl_c_does(session: ConsoleSession) -> None:
    assert "Ctrl-C cancels a question being answered" in say(session, "/help")


def test_a_second_ctrl_c_after_cancelling_leaves_the_console(tmp_path, monkeypatch) -> None:
    from bot.console import CANCELLED

    code, text = _interactive("slow question\r\x03/para 2\r", tmp_path, monkeypatch)
    assert code == 0 and CANCELLED in text and "ransomware" not in text  # left before /para 2


def test_ctrl_c_in_a_script_still_stops_the_console() -> None:
    with pytest.raises(KeyboardInterrupt):
        run_console(_InterruptedEngine(), io.StringIO("slow question\n/para 2\n"), io.StringIO())


def test_find_in_a_document_that_is_not_indexed_says_it_is_unknown(tools_engine) -> None:
    session = ConsoleSession(tools_engine)
    for line, name in [("/find responsible State behaviour in A/RES/80/999", "A/RES/80/999"),
                       ("/find ransomware in 80/901.", "80/901")]:
        text = say(session, line)
        assert text.startswith(f"Unknown document '{name}'. Known documents: ") and "No indexed paragraph" not in text
    # words after "in" that are no document stay part of the phrase
    assert "«framework of responsible State behaviour in the use of ICTs»" in say(session, "/find framework of responsible State behaviour in the use of ICTs")
    assert say(session, "/find ransomware in practice").startswith("No indexed paragraph contains “ransomware in practice”")
