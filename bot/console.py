"""`oewg chat`: the bot's commands in a terminal, printing exactly the text the bot sends.

``ConsoleSession.handle`` turns one input line into the list of messages the bot would post
(the same ``bot.render`` functions); ``run_console`` is the read-print loop around it.
Cards (onboarding steps, glossary entries, /about) print as ``card_to_text``.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence, TextIO

from bot.cogs.onboard import quotes_for
from bot.render import (
    NOT_INDEXED_YET,
    about_card,
    card_to_text,
    glossary_card,
    onboarding_card,
    render_answer,
    render_error,
    render_glossary_missing,
    render_help,
    render_quotes,
    render_unknown_reference,
)
from index.errors import BadReference, OEWGError, UnknownDocument, UnknownReference
from index.refs import parse_ref
from index.userinput import clean_text, tolerate_bad_bytes

WELCOME = "OEWG console: type a question, or /help for the commands (/quit to leave)."
PROMPT = "oewg> "
ONBOARD_HINT = "[n] next · [b] back · [q] quote the paragraph · anything else leaves the guide"
QUIT = ("/quit", "/exit", "quit", "exit")


class ConsoleSession:
    """One console conversation: the current onboarding step, if any, and the engine it asks."""

    def __init__(self, engine: Any, *, onboarding: Sequence[Any] = (), glossary: Sequence[Any] = (), max_quotes: int = 3, version: str = ""):
        self.engine = engine
        self.onboarding = tuple(onboarding)
        self.glossary = tuple(glossary)
        self.max_quotes = max_quotes
        self.version = version
        self.step: int | None = None  # onboarding step shown, None when not in the guide

    def hint(self) -> str:
        return ONBOARD_HINT if self.step is not None else ""

    def handle(self, line: str) -> list[str] | None:
        """The messages the bot would send for ``line``; None means quit. Never raises."""
        text = clean_text(line).strip()
        if not text:
            return []
        if text.lower() in QUIT:
            return None
        if self.step is not None:
            key = text.lower()
            if key in ("n", "b", "q"):
                return self.onboard_key(key)
            self.step = None
        try:
            return self.dispatch(text)
        except OEWGError as err:
            return [render_error(err)]
        except Exception as err:  # a bug must not end the session: one line, no traceback
            return [f"Sorry, something went wrong ({type(err).__name__}); the session goes on. Please report what you typed."]

    def dispatch(self, text: str) -> list[str]:
        if not text.startswith("/"):
            return render_answer(self.engine.ask(text, self.max_quotes), self.max_quotes, include_question=False)
        command, _, rest = text.partition(" ")
        command, rest = command.lower(), rest.strip()
        if command == "/help":
            return [render_help("console")]
        if command == "/about":
            return [card_to_text(about_card(self.engine.about(), self.version))]
        if command == "/ask":
            return self.dispatch(rest) if rest and not rest.startswith("/") else ["Usage: /ask QUESTION"]
        if command == "/para":
            return self.para(rest)
        if command == "/glossary":
            return self.glossary_entry(rest)
        if command == "/onboard":
            return self.onboard_start()
        return [f"Unknown command {command}: type /help for the commands."]

    # ---- /para REF [DOC] -----------------------------------------------------------------
    def para(self, args: str) -> list[str]:
        if not args:
            return ["Usage: /para REF [DOC], e.g. /para 12 or /para 2 A/RES/80/16"]
        try:
            return render_quotes(self._lookup(args))
        except UnknownReference as err:
            return [render_unknown_reference(err)]
        except (BadReference, UnknownDocument) as err:
            return [render_error(err)]

    def _lookup(self, args: str) -> list:
        """``REF`` in the default document, or ``REF DOC`` / ``DOC REF`` when one word names a document.

        When nothing parses as a reference, the error names the bad reference: the words beside
        a document name when there is one (``/para -1 A/RES/80/16`` → "'-1' is not a paragraph
        reference"), else all of them.
        """
        if _is_ref(args):
            paras = self.engine.lookup(args, None)
            return [self.engine.quote_paragraph(p) for p in paras]
        last_ref, _, last_doc = args.rpartition(" ")
        first_doc, _, first_ref = args.partition(" ")
        splits = [(ref, doc) for ref, doc in ((last_ref, last_doc), (first_ref, first_doc)) if ref and doc]
        for ref, doc in splits:
            if _is_ref(ref):
                return [self.engine.quote_paragraph(p) for p in self.engine.lookup(ref, doc)]
        for ref, doc in splits:
            if self._names_document(doc):
                parse_ref(ref)  # raises BadReference naming just the reference
        parse_ref(args)  # raises BadReference for the whole
        raise AssertionError("unreachable: parse_ref accepted what _is_ref refused")  # pragma: no cover

    def _names_document(self, name: str) -> bool:
        try:
            self.engine.resolve_document(name)
            return True
        except UnknownDocument:
            return False

    # ---- /glossary TERM ----------------------------------------------------------------------
    def glossary_entry(self, term: str) -> list[str]:
        if not self.glossary:
            return ["The glossary is not available (see the note at start-up)."]
        if not term:
            return ["Usage: /glossary TERM. Terms: " + ", ".join(e.term for e in self.glossary)]
        from bot.cogs.glossary import lookup_term, suggest_terms

        entry = lookup_term(self.glossary, term)
        if entry is None:
            return [render_glossary_missing(term, suggest_terms(self.glossary, term))]
        quotes = quotes_for(self.engine, entry.refs, entry.query, entry.doc, 3, entry)
        return [card_to_text(glossary_card(entry, quotes))]

    # ---- /onboard ------------------------------------------------------------------------
    def onboard_start(self) -> list[str]:
        if not self.onboarding:
            return ["The onboarding guide is not available (see the note at start-up)."]
        self.step = 0
        return [self._card()]

    def onboard_key(self, key: str) -> list[str]:
        assert self.step is not None
        if key == "q":
            step = self.onboarding[self.step]
            quotes = quotes_for(self.engine, step.refs, step.query, step.doc, self.max_quotes, step)
            return render_quotes(quotes, intro=f"**{step.title}**: what the report says", empty=NOT_INDEXED_YET)
        self.step = min(max(self.step + (1 if key == "n" else -1), 0), len(self.onboarding) - 1)
        return [self._card()]

    def _card(self) -> str:
        assert self.step is not None
        return card_to_text(onboarding_card(self.onboarding[self.step], self.step, len(self.onboarding)))


def _is_ref(text: str) -> bool:
    try:
        parse_ref(text)
        return True
    except BadReference:
        return False


def run_console(
    engine: Any,
    input: TextIO = sys.stdin,
    output: TextIO = sys.stdout,
    *,
    onboarding: Sequence[Any] | None = None,
    glossary: Sequence[Any] | None = None,
    max_quotes: int = 3,
) -> int:
    """Read lines from ``input`` until end of input or /quit, printing the bot's replies; returns 0."""
    problems: list[str] = []
    if onboarding is None or glossary is None:
        from bot.client import load_content

        steps, entries, problems = load_content()
        onboarding = steps if onboarding is None else onboarding
        glossary = entries if glossary is None else glossary
    from bot.cogs.admin import bot_version

    session = ConsoleSession(engine, onboarding=onboarding, glossary=glossary, max_quotes=max_quotes, version=bot_version())
    tolerate_bad_bytes(input, output)
    interactive = bool(getattr(input, "isatty", lambda: False)())
    output.write(WELCOME + "\n")
    for problem in problems:
        output.write(f"note: {problem}\n")
    while True:
        if interactive:
            output.write(PROMPT)
            output.flush()
        line = input.readline()
        if not line:
            break
        replies = session.handle(line)
        if replies is None:
            break
        for message in replies:
            output.write(message + "\n\n")
        if session.hint():
            output.write(session.hint() + "\n")
        output.flush()
    return 0
