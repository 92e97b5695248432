"""Rendering for a terminal: the neutral views of bot.view drawn with rich.

Headings and citations in bold, found occurrences highlighted, removed words red and struck,
added words green, citations clickable (links to the PDF page). When the output is not a terminal
(a pipe, a file) or ``NO_COLOR`` is set, no colour or control code is written: occurrences are
marked «like this», removed words [-like this-] and added ones {+like this+} (as ``git diff
--word-diff``), so the text still says everything. Never any Discord markdown. On a terminal, a
view taller than the window goes through the pager given (bot.pager).
"""

from __future__ import annotations

import os
import sys
from typing import Sequence, TextIO

from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Text as RichText

from bot import view as V
from bot.pager import page

HIT_OPEN, HIT_CLOSE = "«", "»"
DEL_OPEN, DEL_CLOSE, ADD_OPEN, ADD_CLOSE = "[-", "-]", "{+", "+}"
STYLES = {
    V.STRONG: Style(bold=True), V.EM: Style(italic=True), V.HIT: Style(bold=True, color="yellow"),
    V.DEL: Style(color="red", strike=True), V.ADD: Style(color="green", bold=True), V.CODE: Style(color="cyan"),
    V.COMMAND: Style(color="cyan", bold=True),
}
MARKERS = {V.HIT: (HIT_OPEN, HIT_CLOSE), V.DEL: (DEL_OPEN, DEL_CLOSE), V.ADD: (ADD_OPEN, ADD_CLOSE)}
DIM = Style(dim=True)


class _Console(Console):
    """rich's Console, leaving a closed pipe (``oewg para … | head``) to the caller: rich would exit 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


class Terminal:
    """Prints views to ``file``: styled on a terminal, plain (with markers) otherwise."""

    def __init__(self, file: TextIO | None = None, *, color: bool | None = None, width: int | None = None,
                 pager: list[str] | None = None):
        file = file if file is not None else sys.stdout
        tty = bool(getattr(file, "isatty", lambda: False)())
        self.pager = pager if tty else None  # a pipe or a file is never paged
        self.styled = (tty and not os.environ.get("NO_COLOR")) if color is None else color
        self.console = _Console(file=file, force_terminal=self.styled, no_color=not self.styled, color_system="auto" if self.styled else None,
                               highlight=False, markup=False, emoji=False, soft_wrap=not tty, width=width if tty else 10_000)

    # ---- pieces ---------------------------------------------------------------------------
    def rich_text(self, block: V.Text, indent: str = "") -> RichText:
        out = RichText(indent)
        for span in block.spans:
            style = STYLES.get(span.style) if self.styled else None
            t = span.text
            if not self.styled and span.style in MARKERS:
                a, b = MARKERS[span.style]
                t = f"{a}{t}{b}"
            if span.url and self.styled:
                style = (style or Style()) + Style(link=span.url)
            out.append(t, style=style)
        if block.small and self.styled:
            out.stylize(DIM)
        return out

    def renderables(self, view: Sequence[V.Block]) -> list[RichText | str]:
        """The view as lines and blank lines between its blocks."""
        out: list[RichText | str] = []
        for block in view:
            nested = isinstance(block, V.Text) and block.nested
            if out and not nested:
                out.append("")
            out += self._block(block)
        return out

    def _block(self, block: V.Block) -> list[RichText | str]:
        if isinstance(block, V.Text):
            return [self.rich_text(block, "  " if block.indent else "")]
        if isinstance(block, V.Bullets):
            lines = [self.rich_text(block.label)] if block.label is not None else []
            return lines + [self.rich_text(item, "  • ") for item in block.items]
        if isinstance(block, V.QuoteView):
            return self._quote(block)
        if isinstance(block, V.CardView):
            return self._card(block)
        return []

    def _quote(self, block: V.QuoteView) -> list[RichText | str]:
        q = block.quote
        head = RichText()
        head.append(q.citation(), style=(Style(bold=True, link=q.url) if q.url else Style(bold=True)) if self.styled else None)
        if q.heading.strip():
            head.append(f" — {' '.join(q.heading.split())}", style=Style(italic=True) if self.styled else None)
        lines: list[RichText | str] = [head]
        lines += [RichText("  " + line) for line in q.text.splitlines()]
        if q.url:
            lines.append(RichText(f"  {q.url}", style=DIM if self.styled else None))
        notes = V.footnotes_text(q) if block.footnotes else None
        if notes is not None:
            lines.append(self.rich_text(notes, "  "))
        return lines

    def _card(self, card: V.CardView) -> list[RichText | str]:
        title = RichText(card.title, style=Style(bold=True, underline=True) if self.styled else None)
        lines: list[RichText | str] = [title]
        for b in card.description:
            lines += ["", *self._block(b)]
        for name, blocks in card.fields:
            lines += ["", RichText(name, style=Style(bold=True) if self.styled else None)]
            for b in blocks:
                lines += [self.rich_text(b, "  ") if isinstance(b, V.Text) else x for x in ([b] if isinstance(b, V.Text) else self._block(b))]
        if card.footer:
            lines += ["", RichText(card.footer, style=DIM if self.styled else None)]
        return lines

    # ---- output ---------------------------------------------------------------------------
    def print(self, view: Sequence[V.Block]) -> None:
        """Print a view; on a terminal with a pager, one taller than the window is paged."""
        if self.pager is None:
            self._print(view)
            return
        with self.console.capture() as captured:
            self._print(view)
        shown = captured.get()
        if shown.count("\n") < self.console.height - 1 or not page(shown, self.pager):
            self.console.file.write(shown)
            self.console.file.flush()

    def _print(self, view: Sequence[V.Block]) -> None:
        for line in self.renderables(view):
            if isinstance(line, RichText) and self.console.is_terminal:
                plain_text = line.plain
                indent = len(plain_text) - len(plain_text.lstrip(" "))
                if indent:  # wrapped lines keep the indent on a terminal
                    line = line[indent:]
                    self.console.print(Padding(line, (0, 0, 0, indent)))
                    continue
            self.console.print(line)

    def line(self, text: str, *, error: bool = False) -> None:
        self.console.print(RichText(text, style=Style(color="red") if (error and self.styled) else None))


def plain(view: Sequence[V.Block]) -> str:
    """A view as the plain text a pipe gets (no colour, markers instead)."""
    import io

    buf = io.StringIO()
    Terminal(buf, color=False).print(view)
    return buf.getvalue().rstrip("\n")
