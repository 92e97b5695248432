"""User-facing errors. Each carries a one-line message that says what went wrong and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from index.wording import and_list


class OEWGError(Exception):
    """Base class: ``str(err)`` is a complete, actionable one-line message."""


class SourceError(OEWGError):
    """A source file could not be read or has no usable paragraphs."""

    def __init__(self, path: Path | str, problem: str, hint: str):
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        super().__init__(f"{self.path}: {problem} — {hint}")


class DataFileError(OEWGError):
    """A project data file (catalog, onboarding guide, glossary) is missing or malformed.

    The message names the file and the entry; subclasses say which file to fix in ``fix``.
    """

    fix = "fix the file"

    def __init__(self, path: Path | str, where: str, problem: str):
        self.path = str(path)
        self.where = where
        self.problem = problem
        at = f" [{where}]" if where else ""
        super().__init__(f"{self.path}{at}: {problem} — {self.fix} and try again.")

    @classmethod
    def read_toml(cls, path: Path) -> dict:
        """The TOML file at ``path`` as a dict; a missing, unreadable or invalid file raises this
        class with the file named and the TOML error on one line."""
        import tomllib

        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise cls(path, "", "file not found") from None
        except (OSError, UnicodeDecodeError) as err:
            raise cls(path, "", f"cannot read it ({err})") from None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise cls(path, "", f"not valid TOML ({' '.join(str(err).split())})") from None


class IndexProblem(OEWGError):
    """The index cannot be used as it is; the message says to (re)build it with `oewg build`."""


class IndexMissing(IndexProblem):
    """No index at the configured path."""


class IndexMismatch(IndexProblem):
    """The index on disk was built with another model or format version."""


class IndexDamaged(IndexProblem):
    """A file of the index is missing, truncated, overwritten, or disagrees with the others."""

    def __init__(self, index_dir: Path | str, problem: str):
        self.index_dir = str(index_dir)
        self.problem = " ".join(problem.split())
        super().__init__(
            f"The index at {self.index_dir} is damaged ({self.problem}): rebuild it with `oewg build --index {self.index_dir}`."
        )


class ModelUnavailable(OEWGError):
    """The configured embedding model is neither bundled, nor a folder here, nor loadable from the hub."""

    def __init__(self, spec: str, problem: str):
        self.spec = spec
        problem = " ".join(problem.split())
        if len(problem) > 160:
            problem = problem[:159] + "…"
        super().__init__(
            f"Cannot load the embedding model '{spec}' ({problem}): give a model folder on this machine, a model "
            "name the Hugging Face hub has (with internet access), or leave the model unset for the bundled all-MiniLM-L6-v2."
        )


class BuildLocked(OEWGError):
    """Another build of the same index holds its lock."""


class UnknownDocument(OEWGError):
    def __init__(self, name: str, known: list[str]):
        self.name = name
        self.known = known
        super().__init__(f"Unknown document '{name}'. Known documents: {self.shown()}")

    def shown(self, limit: int = 8) -> str:
        """The first indexed documents, and how many there are in all when the list is cut."""
        more = f", … ({len(self.known)} in all)" if len(self.known) > limit else ""
        return ", ".join(self.known[:limit]) + more


class NotIndexed(UnknownDocument):
    """Documents the catalog names (``entries``: records with ``name`` and ``symbol``) that this index
    does not hold; the message says how to fetch them and the build command that adds them (with
    ``rebuild`` empty, that the bot's operator can: for users on Discord)."""

    def __init__(self, name: str, known: list[str], entries: Sequence, rebuild: str, asked: str = ""):
        self.name = name
        self.known = known
        self.entries = tuple(entries)
        names = " ".join(e.name for e in self.entries)
        each = [f"{e.name} ({e.symbol})" for e in self.entries]
        listed = and_list(each)
        one = len(self.entries) == 1
        it = "it" if one else "them"
        if asked:
            head = f"{asked[0].upper()}{asked[1:]} {'is' if one else 'are'} {listed}, in the catalog but not in this index"
        else:
            head = f"{listed} {'is' if one else 'are'} in the catalog but not in this index"
        if rebuild:
            OEWGError.__init__(self, f"{head}: fetch {it} with `oewg fetch {names}`, then rebuild the index with `{rebuild}`.")
        else:  # users who cannot run commands on the bot's machine (Discord): who can, and how, without its paths
            OEWGError.__init__(self, f"{head}: the bot's operator can add {it} with `oewg fetch {names}` and a rebuild of the index.")


class NoDefaultDocument(UnknownDocument):
    """No document was named and the index has no default one (the Final Report is not indexed)."""

    def __init__(self, known: list[str]):
        self.name = ""
        self.known = known
        OEWGError.__init__(
            self,
            f"Name a document: this index has no default one (the Final Report is not indexed). "
            f"Indexed: {self.shown()}",
        )


class BadReference(OEWGError):
    """A paragraph reference that does not follow the grammar (``12``, ``12(b)``, ``12-14``, ``PP3``, ``annex I 5``)."""

    def __init__(self, ref: str, why: str = ""):
        self.ref = ref
        extra = f" ({why})" if why else ""
        super().__init__(
            f"'{ref}' is not a paragraph reference{extra}. Try 12, 12(b), 12-14, PP3 or 'annex I 5'."
        )


class UnknownReference(OEWGError):
    """A reference the document does not hold; ``ends`` says where its part ends when the reference
    lies past that ("it ends at ¶4", "its annex I ends at ¶15")."""

    def __init__(self, symbol: str, ref: str, nearest: list[str], ends: str = ""):
        self.symbol = symbol
        self.ref = ref
        self.nearest = nearest
        near = f" Nearest valid: {', '.join(nearest)}." if nearest else ""
        super().__init__(f"{symbol} has no paragraph {ref}{f' ({ends})' if ends else ''}.{near}")


class NothingIndexed(OEWGError):
    """No source file could be indexed; ``errors`` says why, file by file."""

    def __init__(self, message: str, errors: list[str]):
        super().__init__(message)
        self.errors = list(errors)


class WouldDropDocuments(OEWGError):
    """A build that keeps documents (``oewg start``) found documents of the index that the sources
    no longer hold; nothing was written."""

    def __init__(self, index_dir: Path | str, dropped: list[str], sources: list) -> None:
        self.index_dir = str(index_dir)
        self.dropped = list(dropped)
        shown = ", ".join(self.dropped[:8]) + (f" and {len(self.dropped) - 8} more" if len(self.dropped) > 8 else "")
        where = " ".join(f"--sources {s}" for s in sources) or "--sources DIR"
        super().__init__(
            f"The index at {self.index_dir} holds {len(self.dropped)} document(s) that are not in {', '.join(map(str, sources))}"
            f" ({shown}): it was left as it is. To rebuild it from those files alone, run `oewg build {where} --index {self.index_dir}`."
        )
