"""The document catalog: which UN documents the bot knows, and where their official PDFs live.

``load_catalog`` reads ``sources/catalog.toml`` and validates it into a ``Catalog`` of
``CatalogEntry`` records. The download address templates live only in the ``[urls]`` table of
that file; ``base_url`` swaps their host so that tests (and mirrors) can serve the PDFs from
elsewhere. Pure loading and validation: nothing here touches the network.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from index.errors import DataFileError, OEWGError
from index.models import MAIN_SCOPE, DocumentMeta

DEFAULT_SOURCES_DIR: Path = Path(__file__).resolve().parent
DEFAULT_CATALOG_PATH: Path = DEFAULT_SOURCES_DIR / "catalog.toml"

KINDS = ("report", "progress-report", "gge-report", "resolution")
PLACEHOLDERS = frozenset({"symbol", "lang", "name"})

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_SYMBOL_RE = re.compile(r"^[A-Z]+(?:/[A-Za-z0-9.\-]+)+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG_RE = re.compile(r"^[a-z]{2}$")
_SCOPE_RE = re.compile(r"^(main|annex(?: [IVXLC]+| [A-Z])?)$")
_ENTRY_KEYS = {"name", "symbol", "title", "date", "kind", "language", "default_scope", "aliases", "note"}


class CatalogError(DataFileError):
    """The catalog file is missing or malformed; the message names the file and the entry."""

    fix = "fix the catalog file"


def symbol_filename(symbol: str, suffix: str = ".pdf") -> str:
    """Local file name for a document symbol: ``A/RES/80/16`` -> ``A_RES_80_16.pdf``."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "_", symbol.strip()).strip("_") + suffix


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


@dataclass(frozen=True)
class CatalogEntry:
    """One document of the catalog."""

    name: str  # "final-report"
    symbol: str  # "A/80/257"
    title: str
    date: str  # ISO date
    kind: str  # "report" | "progress-report" | "gge-report" | "resolution"
    language: str  # "en"
    default_scope: str = MAIN_SCOPE  # "annex" for the final report
    aliases: tuple[str, ...] = ()
    filename: str = ""  # derived from the symbol when empty
    note: str = ""
    url_templates: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self.filename:
            object.__setattr__(self, "filename", symbol_filename(self.symbol))

    def urls(self) -> list[str]:
        """Download addresses in the order to try them: the primary ODS address, then fallbacks."""
        values = {"symbol": quote(self.symbol, safe="/"), "lang": self.language, "name": self.name}
        return [_fill(t, values) for t in self.url_templates]

    def pdf_url(self) -> str:
        """The official address to cite (the primary template)."""
        urls = self.urls()
        return urls[0] if urls else ""

    def names(self) -> tuple[str, ...]:
        """Every name this document answers to: short name, symbol, aliases."""
        return (self.name, self.symbol, *self.aliases)

    def meta(self, path: str = "", sha256: str = "") -> DocumentMeta:
        """The index's record for this document, as known before parsing."""
        return DocumentMeta(
            symbol=self.symbol,
            title=self.title,
            date=self.date,
            source_pdf=self.pdf_url(),
            short_name=self.name,
            default_scope=self.default_scope,
            path=path,
            sha256=sha256,
        )


@dataclass(frozen=True)
class Catalog:
    """All catalog entries, with lookup by short name, symbol or alias."""

    entries: tuple[CatalogEntry, ...]
    default: CatalogEntry
    url_templates: tuple[str, ...] = ()
    path: str = ""

    def get(self, name_or_symbol: str) -> CatalogEntry | None:
        """The entry named by a short name, symbol or alias (case-insensitive), or None."""
        key = " ".join(name_or_symbol.split()).casefold()
        if not key:
            return None
        for entry in self.entries:
            if any(key == n.casefold() for n in entry.names()):
                return entry
        return None

    def by_symbol(self, symbol: str) -> CatalogEntry | None:
        key = symbol.strip().upper()
        for entry in self.entries:
            if entry.symbol.upper() == key:
                return entry
        return None

    def names(self) -> list[str]:
        """Short names in catalog order."""
        return [e.name for e in self.entries]

    def name_map(self) -> dict[str, str]:
        """Lower-cased short names, symbols and aliases -> symbol (what ``mentions_paragraph`` takes)."""
        out: dict[str, str] = {}
        for entry in self.entries:
            for n in entry.names():
                out[n.casefold()] = entry.symbol
        return out

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


# ---- loading and validation ----------------------------------------------------------------


def rebase_url(template: str, base_url: str) -> str:
    """Replace scheme and host of ``template`` by those of ``base_url`` (its path is prefixed)."""
    base = urlsplit(base_url)
    if not base.scheme or not base.netloc:
        raise OEWGError(f"Bad base address '{base_url}': give an absolute address like http://127.0.0.1:8000.")
    t = urlsplit(template)
    path = base.path.rstrip("/") + t.path
    return urlunsplit((base.scheme, base.netloc, path, t.query, t.fragment))


def _check_template(path: Path, template: object) -> str:
    if not isinstance(template, str) or not template.strip():
        raise CatalogError(path, "urls", "each address template must be a non-empty string")
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as err:
        raise CatalogError(path, "urls", f"bad address template '{template}': {err}") from None
    unknown = fields - PLACEHOLDERS
    if unknown:
        raise CatalogError(
            path, "urls",
            f"address template '{template}' uses unknown placeholder(s) {sorted(unknown)}; allowed: {sorted(PLACEHOLDERS)}",
        )
    if "symbol" not in fields:
        raise CatalogError(path, "urls", f"address template '{template}' must contain {{symbol}}")
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CatalogError(path, "urls", f"address template '{template}' must be an http(s) address")
    return template


def _req_str(path: Path, where: str, raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(path, where, f"missing or empty '{key}'")
    return value.strip()


def _parse_entry(path: Path, index: int, raw: object, templates: tuple[str, ...]) -> CatalogEntry:
    where = f"document #{index + 1}"
    if not isinstance(raw, dict):
        raise CatalogError(path, where, "each [[document]] must be a table")
    if isinstance(raw.get("name"), str):
        where = f"document '{raw['name']}'"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise CatalogError(path, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_ENTRY_KEYS)}")
    name = _req_str(path, where, raw, "name")
    if not _NAME_RE.match(name):
        raise CatalogError(path, where, "name must be 2-40 lower-case letters, digits or '-' (e.g. 'apr-2024')")
    symbol = _req_str(path, where, raw, "symbol")
    if not _SYMBOL_RE.match(symbol):
        raise CatalogError(path, where, f"'{symbol}' is not a UN document symbol like A/80/257 or A/RES/80/16")
    title = _req_str(path, where, raw, "title")
    date = _req_str(path, where, raw, "date")
    if not _DATE_RE.match(date):
        raise CatalogError(path, where, f"date '{date}' must be an ISO date like 2025-07-11")
    kind = _req_str(path, where, raw, "kind")
    if kind not in KINDS:
        raise CatalogError(path, where, f"kind '{kind}' must be one of {', '.join(KINDS)}")
    language = _req_str(path, where, raw, "language")
    if not _LANG_RE.match(language):
        raise CatalogError(path, where, f"language '{language}' must be a two-letter code like 'en'")
    scope = raw.get("default_scope", MAIN_SCOPE)
    if not isinstance(scope, str) or not _SCOPE_RE.match(scope):
        raise CatalogError(path, where, f"default_scope '{scope}' must be 'main', 'annex' or like 'annex I'")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise CatalogError(path, where, "aliases must be a list of non-empty strings")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise CatalogError(path, where, "note must be a string")
    return CatalogEntry(
        name=name, symbol=symbol, title=title, date=date, kind=kind, language=language,
        default_scope=scope, aliases=tuple(" ".join(a.split()) for a in aliases), note=note,
        url_templates=templates,
    )


def parse_catalog(data: dict, path: Path | str = "<catalog>", base_url: str | None = None) -> Catalog:
    """Validate already-parsed TOML data into a Catalog (raises CatalogError)."""
    path = Path(path)
    urls = data.get("urls")
    if not isinstance(urls, dict) or not isinstance(urls.get("templates"), list) or not urls["templates"]:
        raise CatalogError(path, "urls", "needs a [urls] table with a non-empty 'templates' list")
    templates = tuple(_check_template(path, t) for t in urls["templates"])
    if base_url:
        templates = tuple(rebase_url(t, base_url) for t in templates)
    docs = data.get("document")
    if not isinstance(docs, list) or not docs:
        raise CatalogError(path, "", "no [[document]] entries")
    entries = tuple(_parse_entry(path, i, raw, templates) for i, raw in enumerate(docs))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for n in entry.names():
            key = n.casefold()
            if seen.get(key, i) != i:
                other = entries[seen[key]]
                raise CatalogError(path, f"document '{entry.name}'", f"name '{n}' is also used by document #{seen[key] + 1} ('{other.name}')")
            seen[key] = i
        if any(e.filename == entry.filename for e in entries[:i]):
            raise CatalogError(path, f"document '{entry.name}'", f"file name {entry.filename} is not unique")
    defaults = data.get("defaults", {})
    default_name = defaults.get("document") if isinstance(defaults, dict) else None
    if not isinstance(default_name, str) or not default_name:
        raise CatalogError(path, "defaults", "needs [defaults] document = \"<short name>\"")
    catalog = Catalog(entries=entries, default=entries[0], url_templates=templates, path=str(path))
    default = catalog.get(default_name)
    if default is None:
        raise CatalogError(path, "defaults", f"default document '{default_name}' is not in the catalog")
    return Catalog(entries=entries, default=default, url_templates=templates, path=str(path))


def load_catalog(path: Path | None = None, base_url: str | None = None) -> Catalog:
    """Read and validate the catalog (default: ``sources/catalog.toml`` beside this module).

    ``base_url`` (e.g. ``http://127.0.0.1:8000``) replaces the host of every address template.
    Raises CatalogError with the file and entry named when the catalog is missing or malformed.
    """
    path = Path(path) if path is not None else DEFAULT_CATALOG_PATH
    return parse_catalog(CatalogError.read_toml(path), path, base_url)
