"""The users' words mapped to the documents' words: query expansion for both retrievers.

``sources/thesaurus.toml`` lists lay words, acronyms and older names (``terms``) with the wording
the UN documents use (``means``); ``load_thesaurus`` reads and checks it (one-line
``ThesaurusError`` naming the file and entry). ``harvest_acronyms`` finds the acronyms the indexed
documents define themselves ("Arms Trade Treaty (ATT)"), and ``Thesaurus.with_acronyms`` adds
them. ``Thesaurus.expand`` is pure: the phrases a question's words stand for, which the engine adds
to the BM25 query and to the text it embeds.

Matching: whole words, case-insensitive, a hyphen and a space are the same, a plural -s / -es is
allowed; a term with two or more capitals ("NPT", "PoC", "LAWS") matches only as written, so
"laws" or "who" in lower case are not taken for "LAWS" or "WHO". An ordinal in figures stands for
the word the documents write ("81st" for "eighty-first", index.ordinals), and an abbreviated
numbered meeting for the documents' wording ("COP29" for "twenty-ninth session of the Conference
of the Parties", index.numbered_meetings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from index.errors import DataFileError
from index.numbered_meetings import meeting_abbreviations
from index.ordinals import numeric_ordinals

DEFAULT_THESAURUS_PATH = Path(__file__).resolve().parent.parent / "sources" / "thesaurus.toml"
MAX_TERM_CHARS = 100
MAX_MEANS_CHARS = 300
_ENTRY_KEYS = {"terms", "means"}


class ThesaurusError(DataFileError):
    """sources/thesaurus.toml is missing or malformed; the message names the file and entry."""

    fix = "fix the thesaurus file (sources/thesaurus.toml)"


def normalise_key(text: str) -> str:
    """Lower case, hyphens and dashes as spaces, single spaces: the key a term is found by."""
    return " ".join(re.sub(r"[-‐‑–—]", " ", text.casefold()).split())


def case_sensitive(term: str) -> bool:
    """A term with two or more capitals (an acronym: "NPT", "PoC") matches only as written."""
    return sum(ch.isupper() for ch in term) >= 2


def _pattern(term: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s\-‐‑–—]+", term.strip()) if p]
    return r"[\s\-‐‑–—]+".join(parts)


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    means: tuple[str, ...]
    source: str = "thesaurus"  # "thesaurus", or "defined in the documents" for harvested acronyms


@dataclass(frozen=True)
class Match:
    """A term found in a question, where, and the document wording it stands for."""

    term: str  # as typed in the question
    start: int
    end: int
    means: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    matches: tuple[Match, ...]
    added: tuple[str, ...]  # phrases to add to the query, in order, none already in the question

    def text(self, question: str) -> str:
        """The question with the added phrases after it: what BM25 gets (its words and theirs)."""
        return f"{question} ({'; '.join(self.added)})" if self.added else question

    def dense_text(self, question: str) -> str:
        """The question with each term replaced by the first wording it stands for: what the
        embedding model gets (one sentence in the documents' words; measured better for the
        model than the added phrases, see README)."""
        out, pos = [], 0
        for m in self.matches:
            out += [question[pos:m.start], m.means[0]]
            pos = m.end
        return "".join(out) + question[pos:]


class Thesaurus:
    """Compiled entries; ``expand`` finds their terms in a question."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self.entries = tuple(entries)
        self._exact: dict[str, Entry] = {}
        self._folded: dict[str, Entry] = {}
        for e in self.entries:
            for t in e.terms:
                if case_sensitive(t):
                    self._exact.setdefault(" ".join(re.split(r"[\s\-‐‑–—]+", t.strip())), e)
                else:
                    self._folded.setdefault(normalise_key(t), e)
        self._rx_exact = self._compile([t for e in self.entries for t in e.terms if case_sensitive(t)], 0)
        self._rx_folded = self._compile([t for e in self.entries for t in e.terms if not case_sensitive(t)], re.I)

    @staticmethod
    def _compile(terms: list[str], flags: int) -> re.Pattern | None:
        if not terms:
            return None
        alts = "|".join(_pattern(t) for t in sorted(set(terms), key=len, reverse=True))
        # an acronym (matched as written) also modifies a lower-case word: "ECOSOC-accredited", "ICT-related"
        after = r"(?!\w)(?!-(?![a-z]))" if not flags & re.I else r"(?![\w-])"
        return re.compile(rf"(?<![\w-])({alts})(?:s|es|'s)?{after}", flags)

    def __len__(self) -> int:
        return len(self.entries)

    def knows(self, word: str) -> bool:
        """True when ``word`` (as typed) is a term of some entry."""
        return self._lookup(word) is not None

    def _lookup(self, typed: str) -> Entry | None:
        exact = " ".join(re.split(r"[\s\-‐‑–—]+", typed.strip()))
        if exact in self._exact:
            return self._exact[exact]
        return self._folded.get(normalise_key(typed))

    def matches(self, question: str) -> list[Match]:
        """Terms of the question, left to right; a longer term wins over the terms inside it. An
        ordinal in figures is a term too, standing for its word ("81st" -> "eighty-first"), and so is
        an abbreviated numbered meeting ("COP29" -> "twenty-ninth session of the Conference of the Parties")."""
        found: list[Match] = [Match(question[a:b], a, b, (word,)) for a, b, word in numeric_ordinals(question)]
        found += [Match(question[m.start:m.end], m.start, m.end, (m.wording,)) for m in meeting_abbreviations(question)]
        for rx, exact in ((self._rx_exact, True), (self._rx_folded, False)):
            if rx is None:
                continue
            for m in rx.finditer(question):
                typed = m.group(1)
                entry = self._exact.get(" ".join(re.split(r"[\s\-‐‑–—]+", typed))) if exact else self._folded.get(normalise_key(typed))
                if entry is not None:
                    found.append(Match(typed, m.start(), m.end(), entry.means))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[Match] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue  # inside a longer (or earlier) term
            kept.append(m)
        return kept

    def expand(self, question: str) -> Expansion:
        """The phrases the question's terms stand for, leaving out those the question already has."""
        matches = self.matches(question)
        have = normalise_key(question)
        added: list[str] = []
        for m in matches:
            for phrase in m.means:
                key = normalise_key(phrase)
                if key and key not in have and phrase not in added:
                    added.append(phrase)
        return Expansion(tuple(matches), tuple(added))

    def with_acronyms(self, acronyms: Mapping[str, str]) -> "Thesaurus":
        """This thesaurus plus entries for acronyms the documents define (those it lacks)."""
        extra = [Entry((acr,), (long,), "defined in the documents") for acr, long in sorted(acronyms.items())
                 if acr not in self._exact and normalise_key(acr) not in self._folded]
        return Thesaurus((*self.entries, *extra)) if extra else self


# ---- acronyms the documents define ------------------------------------------------------------

_DEFINED = re.compile(r"((?:[A-Z][\w’'‑-]*|of|the|on|and|for|in|to|de|des|du|la|le|et)(?:[ ‑-](?:[A-Z][\w’'‑-]*|of|the|on|and|for|in|to|against|de|des|du|la|le|et))*)\s+\(([A-Z][A-Za-z]{1,9}[0-9]?)\)")
_SMALL = frozenset("of the on and for in to against de des du la le et".split())


def _initials(words: list[str]) -> list[str]:
    """Initial letters of the words and of their hyphenated parts ("Non-Proliferation" → N, P)."""
    out = []
    for w in words:
        for part in re.split(r"[‑-]", w):
            if part:
                out.append(part[0].upper())
    return out


def long_form(words: list[str], acronym: str) -> str | None:
    """The shortest tail of ``words`` whose initials spell ``acronym`` (small words may be
    skipped), starting on a capitalised word; None when none does."""
    # "PoA": the lower-case letters stand for small words ("Programme of Action")
    letters = [c for c in acronym if c.isupper()] if not acronym.isupper() else [c for c in acronym if c.isalpha()]
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        if not tail[0][:1].isupper():
            continue
        initials = _initials([w for w in tail if w.lower() not in _SMALL])
        if initials == letters:
            return " ".join(tail)
        if len(initials) > len(letters) + 2:
            break
    return None


def harvest_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronyms defined in ``texts`` as "Long Name (LN)", mapped to their long name (the first
    definition found wins; one whose initials do not spell the acronym is ignored)."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            acronym = m.group(2)
            if acronym in found or sum(ch.isupper() for ch in acronym) < 2:
                continue
            long = long_form(m.group(1).split(), acronym)
            if long:
                found[acronym] = long
    return found


# ---- loading ----------------------------------------------------------------------------------

def _strings(path: Path, where: str, raw: dict, key: str, limit: int) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ThesaurusError(path, where, f"'{key}' must be a non-empty list of non-empty strings")
    out = tuple(" ".join(v.split()) for v in value)
    for v in out:
        if len(v) > limit:
            raise ThesaurusError(path, where, f"'{v[:40]}…' in '{key}' is {len(v)} characters long; the limit is {limit}")
    return out


def parse_thesaurus(data: dict, path: Path | str = DEFAULT_THESAURUS_PATH) -> Thesaurus:
    """Check decoded TOML and compile it; raises ThesaurusError naming the entry and the problem."""
    path = Path(path)
    extra = set(data) - {"entry"}
    if extra:
        raise ThesaurusError(path, "", f"unknown top-level key(s) {sorted(extra)}; entries go in [[entry]] tables")
    items = data.get("entry")
    if not isinstance(items, list) or not items:
        raise ThesaurusError(path, "", "no [[entry]] tables")
    entries: list[Entry] = []
    owner: dict[str, int] = {}
    for i, raw in enumerate(items):
        where = f"entry #{i + 1}"
        if not isinstance(raw, dict):
            raise ThesaurusError(path, where, "each [[entry]] must be a table")
        if isinstance(raw.get("terms"), list) and raw["terms"] and isinstance(raw["terms"][0], str):
            where = f"entry #{i + 1} '{raw['terms'][0]}'"
        unknown = set(raw) - _ENTRY_KEYS
        if unknown:
            raise ThesaurusError(path, where, f"unknown field(s) {sorted(unknown)}; allowed: terms, means")
        terms = _strings(path, where, raw, "terms", MAX_TERM_CHARS)
        means = _strings(path, where, raw, "means", MAX_MEANS_CHARS)
        for t in terms:
            if not re.search(r"\w", t):
                raise ThesaurusError(path, where, f"term {t!r} has no letters")
            key = t if case_sensitive(t) else normalise_key(t)
            if owner.get(key, i) != i:
                raise ThesaurusError(path, where, f"term '{t}' is already a term of entry #{owner[key] + 1}")
            owner[key] = i
        entries.append(Entry(terms, means))
    return Thesaurus(entries)


def load_thesaurus(path: Path | str | None = None) -> Thesaurus:
    """Read and check the thesaurus (default ``sources/thesaurus.toml``); raises ThesaurusError."""
    path = Path(path) if path is not None else DEFAULT_THESAURUS_PATH
    return parse_thesaurus(ThesaurusError.read_toml(path), path)
