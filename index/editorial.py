"""The editorial content as the engine sees it (onboarding guide, glossary), and what it answers.

The engine does not read ``sources/``: the caller loads the content there
(``sources.content.load_content``) and hands the engine an object with this shape. Records only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

from index.errors import OEWGError
from index.models import Quote


class Content(Protocol):
    """Onboarding steps, glossary entries, and the problems met loading them (one line each)."""

    onboarding: Sequence[Any]  # steps with title, body, refs, query, doc
    glossary: Sequence[Any]  # entries with term, aliases, definition, refs, query, doc
    problems: Sequence[str]

    def find_term(self, text: str) -> Any | None: ...

    def complete_terms(self, prefix: str, limit: int = 25) -> list[str]: ...

    def suggest_terms(self, text: str, limit: int = 5) -> list[str]: ...

    def may_cite(self, item: Any, quote: Quote) -> bool:
        """Whether a paragraph that the item's query found may be cited for the step or entry."""
        ...


@dataclass(frozen=True)
class NoContent:
    """Content that is not there (an engine opened without it)."""

    onboarding: tuple = ()
    glossary: tuple = ()
    problems: tuple[str, ...] = field(default=("the onboarding guide and the glossary were not loaded",))

    def find_term(self, text: str) -> None:
        return None

    def complete_terms(self, prefix: str, limit: int = 25) -> list[str]:
        return []

    def suggest_terms(self, text: str, limit: int = 5) -> list[str]:
        return []

    def may_cite(self, item: Any, quote: Quote) -> bool:
        return False  # there are no steps or entries to cite for


class ContentUnavailable(OEWGError):
    """The guide or the glossary could not be loaded; the message says which and why."""


class UnknownTerm(OEWGError):
    """No glossary entry for a term; ``suggestions`` are the closest terms."""

    def __init__(self, term: str, suggestions: Sequence[str]):
        self.term = term
        self.suggestions = tuple(suggestions)
        near = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No glossary entry for “{' '.join(term.split())[:100]}”.{near}")


@dataclass(frozen=True)
class GlossaryAnswer:
    """A glossary entry and the paragraphs that use the term."""

    entry: Any
    quotes: tuple[Quote, ...]
