"""Editorial content: the onboarding guide and the glossary, loaded, validated and checked.

``load_onboarding`` / ``load_glossary`` read ``sources/onboarding.toml`` and
``sources/glossary.toml`` into frozen records, filling ``{url:NAME}``-style links from the
catalog and refusing bad files with a message that names the file and the entry.
``find_term``, ``complete_terms`` and ``suggest_terms`` serve /glossary. ``load_content`` gives
both files as one :class:`LoadedContent`, tolerating their absence, which the front ends hand to
the engine (``Engine.open(..., content=...)``). ``check_content`` asks an engine whether every
step and term really leads to a paragraph of the indexed documents (``oewg check-content``);
``passes_check`` is the same test for one paragraph: the engine cites a step's or term's search
results only when they pass it (``LoadedContent.may_cite``).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from index.errors import BadReference, DataFileError, OEWGError
from index.refs import parse_ref
from index.userinput import one_line
from sources.catalog import DEFAULT_SOURCES_DIR, Catalog, load_catalog

DEFAULT_ONBOARDING_PATH: Path = DEFAULT_SOURCES_DIR / "onboarding.toml"
DEFAULT_GLOSSARY_PATH: Path = DEFAULT_SOURCES_DIR / "glossary.toml"
DEFAULT_DOC = "final-report"

MAX_TITLE = 256  # Discord embed title
MAX_BODY = 900  # leaves room in one embed for the quoted paragraphs
MAX_TERM = 100  # Discord autocomplete choice name
MAX_DEFINITION = 400
MAX_QUERY = 300
CHECK_K = 3  # check_content looks at this many search hits

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LINK_RE = re.compile(r"\{(url|symbol|title):([^{}\s]+)\}")
_STEP_KEYS = {"id", "title", "body", "refs", "query", "doc", "expect"}
_TERM_KEYS = {"term", "aliases", "definition", "query", "refs", "doc"}
_STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or that the their this to with "
    "what which who how when where may can will should un".split()
)
# words too common in these texts to show, alone, that a paragraph uses a glossary term
_GENERIC = frozenset(
    "state states global international security information use first final report reports basis "
    "status measures general process session sessions group groups substantive dedicated existing "
    "potential regular perspective meetings assembly activity ict icts".split()
)


class ContentError(DataFileError):
    """An onboarding or glossary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class OnboardingStep:
    id: str
    title: str
    body: str  # plain-language text, links filled in
    refs: tuple[str, ...]  # paragraph refs in `doc` ("annex 12", "annex I 3", "12(b)")
    query: str  # search query used when refs are empty or do not resolve
    doc: str = DEFAULT_DOC  # catalog short name
    expect: tuple[str, ...] = ()  # words a quoted hit must contain (check_content); () = query words


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    aliases: tuple[str, ...]
    definition: str
    query: str
    refs: tuple[str, ...]
    doc: str = DEFAULT_DOC


class _Engine(Protocol):  # what check_content needs from index.engine.Engine
    def lookup(self, ref: str, doc: str | None = None) -> list: ...

    def search(self, query: str, k: int = 5) -> list: ...


# ---- text helpers (pure) -----------------------------------------------------------------------


def tidy_text(text: str) -> str:
    """Join wrapped lines; keep blank-line paragraph breaks and lines starting a list item."""
    paragraphs = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in para.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            if lines and not re.match(r"^(?:[-•*]|\d+[.)])\s", line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def expand_links(text: str, catalog: Catalog) -> str:
    """Fill ``{url:NAME}``, ``{symbol:NAME}`` and ``{title:NAME}`` from the catalog (KeyError on unknown NAME)."""

    def fill(m: re.Match) -> str:
        entry = catalog.get(m.group(2))
        if entry is None:
            raise KeyError(m.group(2))
        return {"url": entry.pdf_url, "symbol": lambda: entry.symbol, "title": lambda: entry.title}[m.group(1)]()

    return _LINK_RE.sub(fill, text)


def normalise_term(text: str) -> str:
    """Case-folded, hyphens and dashes as spaces, single spaces: 'Capacity-Building' -> 'capacity building'."""
    t = re.sub(r"[-‐‑–—_]", " ", text.casefold())
    return " ".join(t.split())


def _singular(text: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in text.split())


def mentions_any(text: str, phrases: Iterable[str]) -> bool:
    """True when ``text`` contains one of ``phrases`` as whole words (case, hyphens and plural -s ignored)."""
    hay = normalise_term(text)
    for phrase in phrases:
        p = normalise_term(phrase)
        if p and re.search(rf"(?<!\w){re.escape(p)}(?:s|es)?(?!\w)", hay):
            return True
    return False


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no stop words, no 1-2 letter words, no duplicates)."""
    out: list[str] = []
    for w in re.findall(r"[\w']+", normalise_term(text)):
        if len(w) > 2 and w not in _STOPWORDS and w not in out:
            out.append(w)
    return out


def term_phrases(entry: GlossaryEntry) -> list[str]:
    """What a paragraph may contain to count as using the term: the term, its aliases, its words.

    Words are split on spaces only, so "Non-objection basis" gives "non-objection" (never "non"),
    and words too common in these texts to mean anything alone ("State", "report") are left out.
    """
    phrases = [entry.term, *entry.aliases]
    for raw in entry.term.casefold().split():
        w = raw.strip("\"'()[]/,.;:")
        if len(w) > 2 and w not in _STOPWORDS and w not in _GENERIC and w not in phrases:
            phrases.append(w)
    return phrases


# ---- loading and validation --------------------------------------------------------------------


def _read_toml(path: Path) -> dict:
    return ContentError.read_toml(path)


def _items(path: Path, data: dict, key: str) -> list:
    extra = set(data) - {key}
    if extra:
        raise ContentError(path, "", f"unknown top-level key(s) {sorted(extra)}; entries go in [[{key}]] tables")
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise ContentError(path, "", f"no [[{key}]] entries")
    return items


def _str(path: Path, where: str, raw: dict, key: str, required: bool, limit: int | None = None) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ContentError(path, where, f"'{key}' must be a string")
    value = value.strip()
    if required and not value:
        raise ContentError(path, where, f"missing or empty '{key}'")
    if limit is not None and len(value) > limit:
        raise ContentError(path, where, f"'{key}' is {len(value)} characters long; the limit is {limit}")
    return value


def _str_list(path: Path, where: str, raw: dict, key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(path, where, f"'{key}' must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def _refs(path: Path, where: str, raw: dict) -> tuple[str, ...]:
    refs = _str_list(path, where, raw, "refs")
    for ref in refs:
        try:
            parse_ref(ref)
        except BadReference as err:
            raise ContentError(path, where, str(err)) from None
    return refs


def _doc(path: Path, where: str, raw: dict, catalog: Catalog) -> str:
    name = _str(path, where, raw, "doc", required=False) or DEFAULT_DOC
    entry = catalog.get(name)
    if entry is None:
        raise ContentError(path, where, f"doc '{name}' is not in the catalog (known: {', '.join(catalog.names())})")
    return entry.name


def _text(path: Path, where: str, raw: dict, key: str, limit: int, catalog: Catalog) -> str:
    text = tidy_text(_str(path, where, raw, key, required=True))
    try:
        text = expand_links(text, catalog)
    except KeyError as err:
        raise ContentError(path, where, f"link to unknown document {err.args[0]!r} in '{key}'") from None
    if len(text) > limit:
        raise ContentError(path, where, f"'{key}' is {len(text)} characters long with links filled in; the limit is {limit}")
    return text


def _where(raw: object, key: str, index: int, label: str) -> str:
    if isinstance(raw, dict) and isinstance(raw.get(key), str) and raw[key].strip():
        return f"{label} '{raw[key].strip()}'"
    return f"{label} #{index + 1}"


def load_onboarding(path: Path | None = None, *, catalog: Catalog | None = None) -> tuple[OnboardingStep, ...]:
    """Read and validate the onboarding guide (default ``sources/onboarding.toml``); raises ContentError."""
    path = Path(path) if path is not None else DEFAULT_ONBOARDING_PATH
    catalog = catalog or load_catalog()
    steps: list[OnboardingStep] = []
    for i, raw in enumerate(_items(path, _read_toml(path), "step")):
        where = _where(raw, "id", i, "step")
        if not isinstance(raw, dict):
            raise ContentError(path, where, "each [[step]] must be a table")
        unknown = set(raw) - _STEP_KEYS
        if unknown:
            raise ContentError(path, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_STEP_KEYS)}")
        step_id = _str(path, where, raw, "id", required=True)
        if not _ID_RE.match(step_id):
            raise ContentError(path, where, "id must be lower-case letters, digits and '-' (e.g. 'who-can-join')")
        if any(s.id == step_id for s in steps):
            raise ContentError(path, where, f"id '{step_id}' is used twice")
        step = OnboardingStep(
            id=step_id,
            title=_str(path, where, raw, "title", required=True, limit=MAX_TITLE),
            body=_text(path, where, raw, "body", MAX_BODY, catalog),
            refs=_refs(path, where, raw),
            query=" ".join(_str(path, where, raw, "query", required=False, limit=MAX_QUERY).split()),
            doc=_doc(path, where, raw, catalog),
            expect=_str_list(path, where, raw, "expect"),
        )
        if not step.refs and not step.query:
            raise ContentError(path, where, "needs paragraph 'refs' or a search 'query'")
        steps.append(step)
    return tuple(steps)


def load_glossary(path: Path | None = None, *, catalog: Catalog | None = None) -> tuple[GlossaryEntry, ...]:
    """Read and validate the glossary (default ``sources/glossary.toml``); raises ContentError."""
    path = Path(path) if path is not None else DEFAULT_GLOSSARY_PATH
    catalog = catalog or load_catalog()
    entries: list[GlossaryEntry] = []
    owner: dict[str, int] = {}  # normalised term or alias -> index of the entry that owns it
    for i, raw in enumerate(_items(path, _read_toml(path), "term")):
        where = _where(raw, "term", i, "term")
        if not isinstance(raw, dict):
            raise ContentError(path, where, "each [[term]] must be a table")
        unknown = set(raw) - _TERM_KEYS
        if unknown:
            raise ContentError(path, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_TERM_KEYS)}")
        entry = GlossaryEntry(
            term=" ".join(_str(path, where, raw, "term", required=True, limit=MAX_TERM).split()),
            aliases=_str_list(path, where, raw, "aliases"),
            definition=_text(path, where, raw, "definition", MAX_DEFINITION, catalog),
            query=" ".join(_str(path, where, raw, "query", required=False, limit=MAX_QUERY).split()),
            refs=_refs(path, where, raw),
            doc=_doc(path, where, raw, catalog),
        )
        if not entry.refs and not entry.query:
            raise ContentError(path, where, "needs paragraph 'refs' or a search 'query'")
        for name in (entry.term, *entry.aliases):
            key = normalise_term(name)
            if owner.get(key, i) != i:
                raise ContentError(path, where, f"'{name}' is already a term or alias of '{entries[owner[key]].term}'")
            owner[key] = i
        entries.append(entry)
    return tuple(entries)


# ---- glossary look-ups (pure) ------------------------------------------------------------------


def find_term(entries: Sequence[GlossaryEntry], text: str) -> GlossaryEntry | None:
    """The entry whose term or alias is ``text`` (case, hyphens, quotes and a plural -s ignored)."""
    key = normalise_term(text.strip().strip("\"'“”‘’?!.:;,()"))
    if not key:
        return None
    for match in (lambda n: n == key, lambda n: _singular(n) == _singular(key)):
        for entry in entries:
            if any(match(normalise_term(n)) for n in (entry.term, *entry.aliases)):
                return entry
    return None


def complete_terms(entries: Sequence[GlossaryEntry], prefix: str, limit: int = 25) -> list[str]:
    """Terms for autocomplete: those whose term or alias starts with ``prefix`` first, then substring matches."""
    key = normalise_term(prefix)
    ranked: list[tuple[int, str]] = []
    for entry in entries:
        names = [normalise_term(n) for n in (entry.term, *entry.aliases)]
        if not key:
            rank = 0
        elif names[0].startswith(key):
            rank = 0
        elif any(n.startswith(key) for n in names[1:]):
            rank = 1
        elif key in names[0]:
            rank = 2
        elif any(key in n for n in names[1:]):
            rank = 3
        else:
            continue
        ranked.append((rank, entry.term))
    ranked.sort(key=lambda r: (r[0], r[1].casefold()))
    return [term for _, term in ranked[: max(0, limit)]]


def suggest_terms(entries: Sequence[GlossaryEntry], text: str, limit: int = 5) -> list[str]:
    """Terms close to ``text``: prefix/substring matches first, then similar spellings."""
    found = complete_terms(entries, text, limit)
    if found:
        return found
    names = {n.casefold(): e.term for e in entries for n in (e.term, *e.aliases)}
    close = difflib.get_close_matches(text.casefold(), list(names), n=limit, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))


@dataclass(frozen=True)
class LoadedContent:
    """The guide and the glossary as the engine takes them (index.editorial.Content)."""

    onboarding: tuple[OnboardingStep, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def find_term(self, text: str) -> GlossaryEntry | None:
        return find_term(self.glossary, text)

    def complete_terms(self, prefix: str, limit: int = 25) -> list[str]:
        return complete_terms(self.glossary, prefix, limit)

    def suggest_terms(self, text: str, limit: int = 5) -> list[str]:
        return suggest_terms(self.glossary, text, limit)

    def may_cite(self, item: OnboardingStep | GlossaryEntry, quote: object) -> bool:
        """Whether a paragraph found by the item's query may be cited for it: it passes the
        item's content check (check_phrases), so an entry whose paragraphs are not indexed yet
        cites nothing rather than the nearest unrelated paragraph."""
        return on_topic(item, quote)


def load_content(onboarding_path: Path | None = None, glossary_path: Path | None = None,
                 *, catalog: Catalog | None = None) -> LoadedContent:
    """Both files, tolerating a bad or missing one: its problem is a line in ``problems`` (the
    command that needs it says so), never an exception."""
    problems: list[str] = []
    steps: tuple[OnboardingStep, ...] = ()
    entries: tuple[GlossaryEntry, ...] = ()
    try:
        catalog = catalog or load_catalog()
    except OEWGError as err:
        return LoadedContent(problems=(f"the onboarding guide and the glossary are unavailable: {err}",))
    try:
        steps = load_onboarding(onboarding_path, catalog=catalog)
    except OEWGError as err:
        problems.append(f"/onboard is unavailable: {err}")
    try:
        entries = load_glossary(glossary_path, catalog=catalog)
    except OEWGError as err:
        problems.append(f"/glossary is unavailable: {err}")
    return LoadedContent(steps, entries, tuple(problems))


# ---- checking against an index -----------------------------------------------------------------


def _check_refs(engine: _Engine, label: str, refs: tuple[str, ...], doc: str) -> list[str]:
    problems = []
    for ref in refs:
        try:
            found = engine.lookup(ref, doc)
        except OEWGError as err:
            problems.append(f"{label}: ref '{ref}' in {doc} does not resolve — {one_line(err)}")
            continue
        if not found:
            problems.append(f"{label}: ref '{ref}' in {doc} resolves to no paragraph")
    return problems


def check_phrases(item: OnboardingStep | GlossaryEntry) -> tuple[list[str], int]:
    """(phrases, how many of them) a paragraph found by the item's query must contain to be cited:
    for a glossary entry its term, an alias or one of the term's words; for a step one of its
    ``expect`` phrases, or else at least half of the query's own words."""
    if hasattr(item, "term"):  # a glossary entry
        return term_phrases(item), 1
    if getattr(item, "expect", ()):
        return list(item.expect), 1
    phrases = content_words(item.query)
    return phrases, max(1, math.ceil(len(phrases) / 2))


def passes_check(quote: object, phrases: Sequence[str], need: int) -> bool:
    """True when the quoted paragraph contains ``need`` of ``phrases`` (see check_content)."""
    texts = [t for t in (getattr(quote, "text", ""), getattr(quote, "full_text", "")) if t]
    return any(sum(mentions_any(t, [p]) for p in phrases) >= need for t in texts)


def on_topic(item: OnboardingStep | GlossaryEntry, quote: object) -> bool:
    """Whether a paragraph found by the item's query may be cited for it: it contains the item's
    phrases (check_phrases) and at least half of its query's content words, so that a paragraph
    that shares a term but not the topic ("national points of contact" for military spending,
    under "Points of Contact Directory") is not cited."""
    phrases, need = check_phrases(item)
    if not passes_check(quote, phrases, need):
        return False
    words = content_words(item.query)
    if len(words) < 3 or phrases == words:  # a short query, or a step already checked on its query's words
        return True
    return passes_check(quote, words, math.ceil(len(words) / 2))


def _check_query(engine: _Engine, label: str, item: OnboardingStep | GlossaryEntry) -> list[str]:
    query = item.query
    phrases, need = check_phrases(item)
    try:
        hits = engine.search(query, k=CHECK_K)
    except OEWGError as err:
        return [f"{label}: search for '{query}' failed — {one_line(err)}"]
    if not hits:
        return [f"{label}: search for '{query}' found no paragraph"]
    if any(on_topic(item, hit) for hit in hits):
        return []
    wanted = ", ".join(f"'{p}'" for p in phrases[:6])
    how = "any of" if need == 1 else f"{need} of"
    words = content_words(query)
    also = " and half of the query's words" if len(words) >= 3 and words != phrases else ""
    return [
        f"{label}: none of the top {CHECK_K} paragraphs for query '{query}' contains {how} {wanted}{also}"
        " — rephrase the query in the documents' wording or pin refs"
    ]


def check_content(engine: _Engine, steps: Sequence[OnboardingStep], glossary: Sequence[GlossaryEntry]) -> list[str]:
    """One line per problem (empty list = all good).

    Every ref must resolve with ``engine.lookup(ref, doc)`` (an OEWGError means it does not).
    Every query must bring, within ``engine.search(query, k=3)``, a paragraph that contains: for a
    glossary entry, the term, an alias or one of the term's words; for a step, one of its
    ``expect`` phrases; and in both, at least half of the query's own words (``on_topic``).
    """
    problems: list[str] = []
    for step in steps:
        label = f"onboarding step '{step.id}'"
        problems += _check_refs(engine, label, step.refs, step.doc)
        if step.query:
            problems += _check_query(engine, label, step)
    for entry in glossary:
        label = f"glossary term '{entry.term}'"
        problems += _check_refs(engine, label, entry.refs, entry.doc)
        if entry.query:
            problems += _check_query(engine, label, entry)
    return problems
