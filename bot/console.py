"""`oewg chat`: the bot's commands in a terminal, with the same answers drawn for a terminal.

``ConsoleSession.handle`` turns one input line into the views to print (bot.view), calling the
engine facade once; ``run_console`` is the loop around it. On a terminal it reads lines with
prompt_toolkit (history, line editing, Tab completion of commands, documents, references and
glossary terms) and prints with colours (bot.terminal); when input is not a terminal (a pipe, a
file) it reads plain lines and prints plain text, so ``printf '/para A/RES/80/16 2\\n' | oewg chat``
works in scripts.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, TextIO

from bot import view as V
from bot.pager import pager_command
from bot.terminal import Terminal
from index.docref import MissingReference, trailing_document
from index.errors import NoDefaultDocument, OEWGError, UnknownReference
from index.userinput import clean_text, tolerate_bad_bytes

WELCOME = "OEWG console: type a question, or /help for the commands (/quit or Ctrl-D to leave)."
PROMPT = "oewg> "
ONBOARD_HINT = "Guide: n next · b back · q quote the paragraph · x leave the guide"
LEFT_GUIDE = "You left the guide (/onboard starts it again)."
NOT_IN_GUIDE = "You are not in the guide: /onboard starts it."
GUIDE_KEYS = ("n", "b", "q", "x", "next", "back", "quote", "leave")
QUIT = ("/quit", "/exit", "quit", "exit")
COMMANDS = {
    "/ask": "QUESTION", "/para": "[DOC] REF", "/find": "PHRASE [in DOC]", "/toc": "[DOC]",
    "/compare": "[DOC] REF [with DOC …]", "/glossary": "TERM", "/onboard": "", "/about": "", "/help": "", "/quit": "",
}
HISTORY_FILE = Path("~/.oewg_history")
PRESS_AGAIN = "(Ctrl-C again, Ctrl-D or /quit leaves the console.)"
CANCELLED = "Cancelled. " + PRESS_AGAIN


def usage(command: str) -> V.View:
    return (V.text(f"Usage: {command} {COMMANDS[command]}".rstrip() + _example(command)),)


def _example(command: str) -> str:
    return {"/para": ", e.g. /para 12 or /para A/RES/80/16 2", "/find": ", e.g. /find \"responsible State behaviour\"",
            "/compare": ", e.g. /compare A/RES/80/44 PP5", "/glossary": ", e.g. /glossary CBM", "/ask": ""}.get(command, "")


def message(text: str) -> V.View:
    return (V.text(text),)


class ConsoleSession:
    """One console conversation: the engine it asks and the guide step shown, if any."""

    def __init__(self, engine: Any, *, max_quotes: int = 3):
        self.engine = engine
        self.max_quotes = max_quotes
        self.step: int | None = None  # onboarding step shown, None when not in the guide
        self.command = ""  # the command being handled, for examples in messages
        self.card_shown = False  # the last reply was a guide card (its footer says the keys)

    def hint(self) -> str:
        return ONBOARD_HINT if self.step is not None and not self.card_shown else ""

    def handle(self, line: str) -> list[V.View] | None:
        """The views to print for ``line``; None means quit. Never raises."""
        text = " ".join(clean_text(line).split())
        if not text:
            return []
        if text.lower() in QUIT or text.split(" ", 1)[0].lower() in ("/quit", "/exit"):  # "/quit now" quits too
            return None
        self.command = text.split(" ", 1)[0].lower() if text.startswith("/") else ""
        self.card_shown = False
        try:
            key = text.lower()
            if self.step is None:
                if key in GUIDE_KEYS:  # a guide key typed outside the guide is not a question
                    return [message(NOT_IN_GUIDE)]
                return self.dispatch(text)
            if key in ("n", "b", "q", "next", "back", "quote"):
                return self.onboard_key(key[0])
            self.step = None
            if key in ("x", "leave", "stop"):
                return [message(LEFT_GUIDE)]
            return [message(LEFT_GUIDE), *self.dispatch(text)]  # another command ends the guide: said once
        except UnknownReference as err:
            return [V.unknown_reference_view(err, "console")]
        except NoDefaultDocument as err:
            doc = err.known[0] if err.known else "A/RES/80/16"
            example = {"/toc": f"/toc {doc}", "/compare": f"/compare {doc} 2", "/find": f"/find PHRASE in {doc}"}.get(self.command, f"/para {doc} 2")
            return [message(f"Name a document, e.g. {example}: this index has no default one. Indexed: {err.shown()}")]
        except OEWGError as err:
            return [message(" ".join(str(err).split()))]
        except Exception as err:  # a bug must not end the session: one line, no traceback
            return [message(f"Sorry, something went wrong ({type(err).__name__}); the session goes on. Please report what you typed.")]

    def dispatch(self, text: str) -> list[V.View]:
        if not text.startswith("/"):
            return [V.answer_view(self.engine.ask(text, self.max_quotes), self.max_quotes, include_question=False)]
        command, _, rest = text.partition(" ")
        command, rest = command.lower(), rest.strip()
        handler = {
            "/help": lambda: [V.help_view("console")],
            "/about": lambda: [(V.about_card(self.engine.about(), "console"),)],
            "/ask": lambda: self.dispatch(rest) if rest and not rest.startswith("/") else [usage("/ask")],
            "/para": lambda: self.para(rest),
            "/find": lambda: self.find(rest),
            "/toc": lambda: [V.toc_view(self.engine.toc(rest or None))],
            "/compare": lambda: self.compare(rest),
            "/glossary": lambda: self.glossary(rest),
            "/onboard": self.onboard_start,
        }.get(command)
        if handler is None:
            near = difflib.get_close_matches(command, list(COMMANDS), n=1)
            hint = f" Did you mean {near[0]}?" if near else ""
            return [message(f"Unknown command {command}.{hint} Type /help for the commands.")]
        return handler()

    def para(self, args: str) -> list[V.View]:
        if not args:
            return [usage("/para")]
        try:
            return [V.lookup_view(self.engine.read(args))]
        except MissingReference as err:
            return [message(f"{err.doc} is a document: name a paragraph too, e.g. /para {err.doc} 1 (/toc {err.doc} lists them).")]

    def find(self, args: str) -> list[V.View]:
        """`/find PHRASE [in DOC]`: with DOC an indexed document, the phrase in it; with DOC a name
        meant as a document that is not indexed, and no paragraph holding the words as typed, the
        document is said to be unknown (as /para and /toc say it)."""
        if not args:
            return [usage("/find")]
        phrase, doc = args, None
        split = trailing_document(args)
        if split and self.engine.is_document(split[1]):
            phrase, doc = split
        result = self.engine.find(phrase, doc)
        if doc is None and split and not result.matches and self.engine.resembles_document(split[1]):
            self.engine.resolve_document(split[1])  # raises UnknownDocument (or NotIndexed): handled as for /para
        return [V.find_view(result)]

    def compare(self, args: str) -> list[V.View]:
        if not args:
            return [usage("/compare")]
        target, *others = re.split(r"(?i)\s+with\s+", args)
        with_docs = [d for part in others for d in part.replace(",", " ").split()]
        try:
            doc, ref = self.engine.split_doc_ref(target)
        except MissingReference as err:
            return [message(f"{err.doc} is a document: name a paragraph too, e.g. /compare {err.doc} 1.")]
        return [V.compare_view(self.engine.compare(doc, ref, with_docs or None))]

    def glossary(self, term: str) -> list[V.View]:
        if not term:
            terms = self.engine.glossary_terms()
            return [message("Usage: /glossary TERM" + (". Terms: " + ", ".join(terms) if terms else ""))]
        from index.editorial import UnknownTerm

        try:
            found = self.engine.glossary(term)
        except UnknownTerm as err:
            return [V.glossary_missing_view(term, err.suggestions, "console")]
        return [(V.glossary_card(found.entry, found.quotes, "console"),)]

    # ---- the guide ---------------------------------------------------------------------------
    def onboard_start(self) -> list[V.View]:
        steps = self.engine.onboarding()
        self.step = 0
        return [self._card(steps)]

    def onboard_key(self, key: str) -> list[V.View]:
        assert self.step is not None
        steps = self.engine.onboarding()
        if key == "q":
            quotes = self.engine.onboarding_quotes(self.step, self.max_quotes)
            return [V.quotes_view(quotes, intro=f"{steps[self.step].title}: what the report says", empty=V.NOT_INDEXED_YET)]
        target = self.step + (1 if key == "n" else -1)
        if not 0 <= target < len(steps):
            edge = "first" if target < 0 else "last"
            return [message(f"This is the {edge} step of {len(steps)}: " + ("n goes on" if target < 0 else "b goes back") + ", x leaves the guide.")]
        self.step = target
        return [self._card(steps)]

    def _card(self, steps) -> V.View:
        assert self.step is not None
        self.card_shown = True
        return (V.onboarding_card(steps[self.step], self.step, len(steps), "console"),)


# ---- completion ---------------------------------------------------------------------------------

def completions(engine: Any, before: str, limit: int = 25) -> list[tuple[str, str]]:
    """(completion of the last word, what to show) for the text before the cursor: commands after a
    slash, documents after /para, /toc, /compare, /find … in, references after a document, terms
    after /glossary. Pure over the engine's completions."""
    if not before.startswith("/"):
        return []
    command, space, rest = before.partition(" ")
    if not space:
        return [(c, f"{c} {COMMANDS[c]}".rstrip()) for c in COMMANDS if c.startswith(command.lower())]
    command = command.lower()
    words = rest.split(" ")
    current = words[-1]
    if command == "/glossary":
        return [(t, t) for t in engine.complete_terms(rest, limit)] if " " not in rest else []
    if command in ("/para", "/compare", "/toc") and len(words) == 1:
        docs = [(value, label) for label, value in engine.complete_documents(current, limit)]
        refs = [(r, r) for r in engine.complete_refs(None, current, limit)] if command != "/toc" else []
        return (docs + refs)[:limit]
    if command in ("/para", "/compare") and len(words) == 2 and engine.is_document(words[0]):
        return [(r, r) for r in engine.complete_refs(words[0], current, limit)]
    if (command == "/compare" and len(words) >= 3 and words[-2].lower() == "with") or (command == "/find" and len(words) >= 2 and words[-2].lower() == "in"):
        return [(value, label) for label, value in engine.complete_documents(current, limit)]
    return []


def _completer(engine: Any):
    from prompt_toolkit.completion import Completer, Completion

    class ConsoleCompleter(Completer):
        def get_completions(self, document, complete_event) -> Iterable[Completion]:
            before = document.text_before_cursor
            current = before.split(" ")[-1]
            try:
                found = completions(engine, before)
            except Exception:  # completion must never break the line being typed
                return
            for value, shown in found:
                yield Completion(value, start_position=-len(current), display=shown)

    return ConsoleCompleter()


def _prompt_reader(engine: Any):
    """A function reading one line with prompt_toolkit (None at end of input)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    try:
        path = HISTORY_FILE.expanduser()
        path.touch(exist_ok=True)
        history = FileHistory(str(path))
    except OSError:
        history = InMemoryHistory()
    session = PromptSession(history=history, completer=_completer(engine), complete_while_typing=False)

    def read(hint: str) -> str | None:
        """The line typed; None at Ctrl-D. Ctrl-C clears a line being typed (as a shell does) and,
        on an empty line, raises KeyboardInterrupt for the loop to decide."""
        try:
            return session.prompt(PROMPT, bottom_toolbar=hint or None)
        except EOFError:
            return None
        except KeyboardInterrupt:
            if session.default_buffer.text.strip():
                return ""
            raise

    return read


def run_console(engine: Any, input: TextIO = sys.stdin, output: TextIO = sys.stdout, *, max_quotes: int = 3,
                interactive: bool | None = None) -> int:
    """Read lines until end of input or /quit, printing the replies; returns 0.

    ``interactive`` (default: both ends are terminals) reads with prompt_toolkit and prints in
    colour; otherwise lines are read as they come and printed as plain text. On a terminal, Ctrl-C
    while an answer is computed cancels that question and returns to the prompt; Ctrl-C at an
    empty prompt says how to leave, and a second one in a row leaves (as Ctrl-D and /quit do).
    Without a terminal (a script), Ctrl-C stops the console (KeyboardInterrupt goes to the caller).
    """
    tolerate_bad_bytes(input, output)
    if interactive is None:
        interactive = bool(getattr(input, "isatty", lambda: False)()) and bool(getattr(output, "isatty", lambda: False)())
    term = Terminal(output, color=None if interactive else False, pager=pager_command(os.environ) if interactive else None)
    session = ConsoleSession(engine, max_quotes=max_quotes)
    term.line(WELCOME)
    for problem in engine.content_problems():
        term.line(f"note: {problem}")
    read = _prompt_reader(engine) if interactive else None
    interrupted = False  # the last key the user pressed was Ctrl-C: one more at the prompt leaves
    while True:
        if read is not None:
            try:
                line = read(session.hint())
            except KeyboardInterrupt:
                if interrupted:
                    break
                interrupted = True
                term.line(PRESS_AGAIN)
                continue
        else:
            line = input.readline() or None
        if line is None:
            break
        interrupted = False
        if read is None and line.strip():
            term.line("» " + " ".join(line.split()))  # the input in the transcript, as a terminal shows it
        try:
            replies = session.handle(line)
            if replies is None:
                break
            for view in replies:
                term.console.print()
                term.print(view)
        except KeyboardInterrupt:
            if read is None:
                raise
            interrupted = True
            term.console.print()
            term.line(CANCELLED)
        if session.hint() and read is None:
            term.line(session.hint())
        output.flush()
    return 0
