"""The index on disk: a SQLite database of documents and paragraphs, a FAISS file, a manifest.

Layout of an index directory (``data/index`` by default)::

    manifest.json      format version, model name and dimension, build date, document hashes
    paragraphs.sqlite  documents, paragraphs, the window -> paragraph map of the vectors, and
                       the full-text index of paragraph texts (FTS5 table paragraphs_fts)
    vectors.faiss      one normalised vector per embedding window (inner product = cosine)

``index_dir`` itself is a symbolic link to a versioned sibling directory, so a rebuild is
published with one atomic rename and readers that opened the previous version keep it.
Opening reads documents and paragraphs into memory (a few MB), never the model or FAISS.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexDamaged, IndexMismatch, NoDefaultDocument, OEWGError, UnknownDocument, UnknownReference
from index.integrity import DB, INDEX_FILES, MANIFEST, VECTORS, check_files, check_rows, file_record, read_manifest, sqlite_uri
from index.models import MAIN_SCOPE, DocumentMeta, Footnote, Paragraph
from index.refs import ParsedRef, is_preambular

FORMAT_VERSION = 4  # 2: windows embedded with the document title as context; 3: footnotes, heading path, full-text index (FTS5);
# 4: each titled paragraph's windows also embedded without the context (windows.bare)

SCHEMA = """
CREATE TABLE documents (
    symbol TEXT PRIMARY KEY, title TEXT, date TEXT, source_pdf TEXT, short_name TEXT,
    default_scope TEXT, path TEXT, sha256 TEXT, page_count INTEGER, aliases TEXT, kind TEXT,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, scope TEXT NOT NULL, ref TEXT NOT NULL,
    parent TEXT NOT NULL, heading TEXT NOT NULL, pages TEXT NOT NULL, text TEXT NOT NULL,
    ord INTEGER NOT NULL, inferred INTEGER NOT NULL, heading_path TEXT NOT NULL, footnotes TEXT NOT NULL,
    UNIQUE (symbol, scope, ref)
);
CREATE TABLE windows (id INTEGER PRIMARY KEY, paragraph_id INTEGER NOT NULL, text TEXT NOT NULL, bare INTEGER NOT NULL);
"""
# Full-text index of every paragraph's text (sub-paragraphs included), rowid = paragraph id.
# Contentless: the texts themselves are in `paragraphs`; matches are verified against them.
FTS_TABLE = "paragraphs_fts"
FTS_SCHEMA = f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');"


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("oewg-bot")
    except Exception:  # not installed (running from a checkout)
        return "0.0.0+local"


@dataclass(frozen=True)
class StoredDocument:
    meta: DocumentMeta
    aliases: tuple[str, ...]
    kind: str
    page_count: int
    warnings: tuple[str, ...] = ()  # what the parser noticed (numbering jumps, inferred numbers ...)


class IndexStore:
    """Read side of an index directory: documents and paragraphs in memory, paths to the rest."""

    def __init__(self, root: Path, manifest: dict, documents: list[StoredDocument], paragraphs: list[Paragraph], ids: list[int],
                 given: Path | None = None):
        self.root = root  # the version directory read (pinned at open)
        self.given = given or root  # the index path as the user named it, for messages
        self.manifest = manifest
        self._docs = {d.meta.symbol: d for d in documents}
        self._paras: dict[int, Paragraph] = dict(zip(ids, paragraphs))
        self._by_key: dict[tuple[str, str, str], int] = {p.key(): i for i, p in self._paras.items()}
        self._names = self._build_names()
        self._fts_con: sqlite3.Connection | None = None  # opened on the first full-text query
        self._fts_lock = threading.Lock()
        self._children: dict[int, list[int]] | None = None  # paragraph id -> sub-paragraph ids, built on first use
        self._fts_df: dict[str, int] | None = None  # word -> paragraphs holding it, read on first use

    # ---- opening ---------------------------------------------------------
    @classmethod
    def open(cls, index_dir: Path) -> "IndexStore":
        """Open and check an index directory: manifest, files and rows must agree (``index.integrity``).

        Raises IndexMissing when there is no index, IndexMismatch for another format, and
        IndexDamaged (one line saying to run `oewg build`) for any damage.
        """
        given = Path(index_dir)
        root = given.resolve()  # pin the version now: a rebuild may swap the link meanwhile
        manifest = read_manifest(root, given, FORMAT_VERSION)
        check_files(root, manifest, given)
        try:
            con = sqlite3.connect(sqlite_uri(root / DB), uri=True)
            try:
                doc_rows = con.execute(
                    "SELECT symbol, title, date, source_pdf, short_name, default_scope, path, sha256, page_count, aliases, kind, warnings "
                    "FROM documents"
                ).fetchall()
                rows = con.execute(
                    "SELECT id, symbol, scope, ref, parent, heading, pages, text, ord, inferred, heading_path, footnotes "
                    "FROM paragraphs ORDER BY id"
                ).fetchall()
                window_count, first_window, last_window = con.execute("SELECT count(*), min(id), max(id) FROM windows").fetchone()
                targets = {r[0] for r in con.execute("SELECT DISTINCT paragraph_id FROM windows")}
            finally:
                con.close()
            docs = [
                StoredDocument(
                    meta=DocumentMeta(symbol=r[0], title=r[1], date=r[2], source_pdf=r[3], short_name=r[4],
                                      default_scope=r[5], path=r[6], sha256=r[7]),
                    aliases=tuple(json.loads(r[9] or "[]")), kind=r[10] or "", page_count=r[8] or 0,
                    warnings=tuple(json.loads(r[11] or "[]")),
                )
                for r in doc_rows
            ]
            paras = [
                Paragraph(symbol=r[1], scope=r[2], ref=r[3], parent=r[4], heading=r[5], pages=tuple(json.loads(r[6])),
                          text=r[7], order=r[8], inferred=bool(r[9]), heading_path=r[10],
                          footnotes=tuple(Footnote(f["mark"], f["text"]) for f in json.loads(r[11])))
                for r in rows
            ]
        except (sqlite3.Error, ValueError, TypeError) as err:
            raise IndexDamaged(given, f"{DB} cannot be read: {err}") from err
        check_rows(
            manifest, given, symbols={d.meta.symbol for d in docs}, paragraph_ids=[r[0] for r in rows],
            window_count=window_count, window_ids=(first_window, last_window), window_targets=targets,
            top_level={r[0] for r in rows if not r[4]},
        )
        return cls(root, manifest, docs, paras, [r[0] for r in rows], given)

    def check_model(self, spec: str | None) -> None:
        """Refuse a model other than the one the index was built with."""
        from index.embed import resolve_model

        name, _ = resolve_model(spec)
        built = self.manifest.get("model")
        if name != built:
            raise IndexMismatch(
                f"The index at {self.given} was built with the model '{built}' but '{name}' is configured: "
                f"rebuild with `oewg build` (or configure the model '{built}')."
            )

    # ---- documents -------------------------------------------------------
    def _build_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for sym, d in self._docs.items():
            candidates = [sym, d.meta.short_name, *d.aliases, sym.replace("/", "_")]
            m = re.fullmatch(r"A/RES/(\d+/\d+)", sym)
            if m:
                candidates.append(m.group(1))
            for c in candidates:
                if c:
                    names.setdefault(c.lower(), sym)
        return names

    def document_names(self) -> dict[str, str]:
        """Lower-cased names (symbols, short names, aliases) -> symbol."""
        return dict(self._names)

    def documents(self) -> list[DocumentMeta]:
        return [d.meta for d in self._docs.values()]

    def stored(self, symbol: str) -> StoredDocument:
        """A document with what the index keeps beside its metadata (aliases, kind, pages, warnings)."""
        return self._docs[symbol]

    def document(self, symbol: str) -> DocumentMeta:
        """The stored document with this exact symbol (KeyError if none)."""
        return self._docs[symbol].meta

    def kind_of(self, symbol: str) -> str:
        """The document's kind from the catalog ("resolution", "report", ...; "" when unknown)."""
        doc = self._docs.get(symbol)
        return doc.kind if doc else ""

    def default_document(self) -> DocumentMeta | None:
        for d in self._docs.values():
            if d.meta.short_name == "final-report":
                return d.meta
        if len(self._docs) == 1:
            return next(iter(self._docs.values())).meta
        return None

    def resolve_document(self, name: str | None) -> DocumentMeta:
        if name is None or not name.strip():
            meta = self.default_document()
            if meta is None:
                raise NoDefaultDocument(self._known_names())
            return meta
        key = " ".join(name.split()).lower().removesuffix(".pdf")
        sym = self._names.get(key) or self._names.get(key.replace("_", "/"))
        if sym is None:
            raise UnknownDocument(name, self.nearest_names(name))
        return self._docs[sym].meta

    def nearest_names(self, name: str) -> list[str]:
        """Every name of ``known_names``, those that look most like ``name`` first."""
        import difflib

        known = self._known_names()
        key = " ".join(name.split()).lower()
        scored = []
        for i, shown in enumerate(known):
            sym = self._names.get(shown.lower(), shown)
            labels = {shown.lower(), sym.lower(), *(n for n, s in self._names.items() if s == sym)}
            best = max(difflib.SequenceMatcher(None, key, label).ratio() for label in labels)
            scored.append((-round(best, 6), i, shown))
        return [shown for _, _, shown in sorted(scored)]

    def known_names(self) -> list[str]:
        """Names to show in messages (the Final Report first, then in natural order)."""
        return self._known_names()

    def _known_names(self) -> list[str]:
        """Names to show in messages: the symbols (what users see cited), the Final Report first, then
        in natural order (80/2 before 80/10)."""
        docs = sorted(self._docs.values(), key=lambda d: (d.meta.short_name != "final-report", _natural(d.meta.symbol)))
        return [d.meta.symbol for d in docs]

    def complete_documents(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        p = prefix.strip().lower()
        out = []
        for d in sorted(self._docs.values(), key=lambda d: (d.meta.short_name != "final-report", d.meta.symbol)):
            value = d.meta.short_name or d.meta.symbol
            label = f"{d.meta.symbol} — {d.meta.title}" if d.meta.title else d.meta.symbol
            hay = " ".join([value, d.meta.symbol, d.meta.title, *d.aliases]).lower()
            if not p or p in hay:
                out.append((label[:100], value[:100]))
            if len(out) >= limit:
                break
        return out

    # ---- paragraphs --------------------------------------------------------
    def paragraph(self, pid: int) -> Paragraph:
        return self._paras[pid]

    def id_of(self, p: Paragraph) -> int | None:
        return self._by_key.get(p.key())

    def paragraph_items(self) -> list[tuple[int, Paragraph]]:
        return list(self._paras.items())

    def paragraphs_of(self, symbol: str) -> list[Paragraph]:
        return sorted((p for p in self._paras.values() if p.symbol == symbol), key=lambda p: p.order)

    def paragraph_count(self) -> int:
        return len(self._paras)

    def id_of_ref(self, symbol: str, scope: str, ref: str) -> int | None:
        return self._by_key.get((symbol, scope, ref))

    def sub_ids(self, pid: int) -> list[int]:
        """Ids of the sub-paragraphs of a paragraph, in document order."""
        if self._children is None:
            children: dict[int, list[int]] = {}
            for i, q in sorted(self._paras.items(), key=lambda kv: kv[1].order):
                parent = self._by_key.get((q.symbol, q.scope, q.parent)) if q.parent else None
                if parent is not None:
                    children.setdefault(parent, []).append(i)
            self._children = children
        return list(self._children.get(pid, ()))

    def typed_ref(self, p: Paragraph) -> str:
        """The reference as a user types it for `oewg para` in its document: "12", "PP3", "annex I 5"."""
        default = self._scope_for(self._docs[p.symbol].meta, ParsedRef(scope=None, start="1"))
        return p.ref if is_preambular(p.ref) or p.scope == default else f"{p.scope} {p.ref}"

    # ---- full-text index ---------------------------------------------------------
    def _fts_connection(self) -> sqlite3.Connection:
        """One read-only connection to this version's database, opened on first use."""
        if self._fts_con is None:
            self._fts_con = sqlite3.connect(sqlite_uri(self.root / DB), uri=True, check_same_thread=False)
        return self._fts_con

    def _fts_rows(self, sql: str, args: tuple) -> list[tuple]:
        with self._fts_lock:
            try:
                return self._fts_connection().execute(sql, args).fetchall()
            except sqlite3.OperationalError as err:
                raise IndexMismatch(f"The full-text index at {self.given} cannot be read ({err}): rebuild with `oewg build`.") from err

    def fts_match(self, query: str) -> list[int]:
        """Ids of the paragraphs (sub-paragraphs included) matching an FTS5 query."""
        if not query:
            return []
        return [r[0] for r in self._fts_rows(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (query,))]

    def fts_ranked(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(paragraph id, BM25 score, higher is better) of the best ``limit`` matches of an FTS5 query."""
        if not query:
            return []
        rows = self._fts_rows(
            f"SELECT rowid, bm25({FTS_TABLE}) AS s FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY s LIMIT ?",
            (query, limit))
        return [(r[0], -r[1]) for r in rows]

    def fts_document_frequencies(self) -> dict[str, int]:
        """How many paragraphs hold each indexed word (read once, from an fts5vocab view)."""
        if self._fts_df is None:
            with self._fts_lock:
                con = self._fts_connection()
                con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, {FTS_TABLE}, 'row')")
                self._fts_df = dict(con.execute("SELECT term, doc FROM temp.fts_vocab").fetchall())
        return self._fts_df

    def fts_rows(self) -> int:
        """How many paragraphs the full-text index holds."""
        return self._fts_rows(f"SELECT count(*) FROM {FTS_TABLE}_docsize", ())[0][0]

    def default_scope_of(self, symbol: str) -> str:
        """The scope a lookup without one uses in this document ("annex" for the Final Report)."""
        doc = self._docs.get(symbol)
        return (doc.meta.default_scope if doc else "") or MAIN_SCOPE

    def url_for(self, p: Paragraph) -> str:
        d = self._docs.get(p.symbol)
        if d is None or not d.meta.source_pdf:
            return ""
        return f"{d.meta.source_pdf}#page={p.page}" if p.page else d.meta.source_pdf

    def _scope_for(self, meta: DocumentMeta, parsed: ParsedRef) -> str:
        if parsed.start.startswith("PP"):
            return MAIN_SCOPE
        if parsed.scope:
            return parsed.scope
        scope = meta.default_scope or MAIN_SCOPE
        if scope != MAIN_SCOPE and not any(k[0] == meta.symbol and k[1] == scope for k in self._by_key):
            return MAIN_SCOPE
        return scope

    def lookup(self, meta: DocumentMeta, parsed: ParsedRef) -> list[Paragraph]:
        """The paragraphs ``parsed`` names in the document; UnknownReference (with the nearest valid
        references) when there is none. A range must start at a paragraph that exists; one that
        runs past the last paragraph of its part gives the paragraphs up to that last one."""
        scope = self._scope_for(meta, parsed)
        sym = meta.symbol
        if parsed.is_range:
            prefix = "PP" if is_preambular(parsed.start) else ""
            start, end = int(parsed.start.removeprefix("PP")), int(parsed.end.removeprefix("PP"))
            names = [f"{prefix}{n}" for n in range(start, end + 1)]
            found = [self._paras[self._by_key[(sym, scope, r)]] for r in names if (sym, scope, r) in self._by_key]
            missing_ends = [r for r in (names[0], names[-1]) if (sym, scope, r) not in self._by_key]
            last = self.last_number(sym, scope, preambular=bool(prefix)) if missing_ends else None
            past_end = last is not None and start <= last < end
            if missing_ends and not (past_end and names[0] not in missing_ends):
                shown = _with_scope(scope, meta, f"{parsed.start}-{parsed.end}")
                ends = _ends(meta, scope, prefix, last) if last is not None and start > last else ""
                raise UnknownReference(sym, shown, self.nearest(meta, scope, missing_ends[0]), ends)
            return found
        pid = self._by_key.get((sym, scope, parsed.ref))
        if pid is None:
            prefix = "PP" if is_preambular(parsed.start) else ""
            last = self.last_number(sym, scope, preambular=bool(prefix))
            asked = _number(parsed.start)
            ends = _ends(meta, scope, prefix, last) if last is not None and asked is not None and asked > last else ""
            raise UnknownReference(sym, _with_scope(scope, meta, parsed.ref), self.nearest(meta, scope, parsed.ref), ends)
        return [self._paras[pid]]

    def last_number(self, symbol: str, scope: str, *, preambular: bool = False) -> int | None:
        """The highest paragraph number of a document's scope (of its preamble with ``preambular``),
        None when it has none."""
        numbers = [_number(r) for (s, sc, r) in self._by_key if s == symbol and sc == scope and "(" not in r
                   and is_preambular(r) == preambular]
        return max((n for n in numbers if n is not None), default=None)

    def nearest(self, meta: DocumentMeta, scope: str, ref: str, limit: int = 5) -> list[str]:
        """Valid references closest to an unknown one, closest first, in display form."""
        refs = [(p.scope, p.ref) for p in self.paragraphs_of(meta.symbol)]
        return [
            _with_scope(s, meta, r) if s == scope else (f"{s} {r}" if s != MAIN_SCOPE else f"main {r}")
            for s, r in nearest_refs(refs, scope, ref, limit)
        ]

    def complete_refs(self, meta: DocumentMeta, prefix: str, limit: int = 25) -> list[str]:
        p = " ".join(prefix.lower().split())
        default = self._scope_for(meta, ParsedRef(scope=None, start="1"))
        shown = [
            (f"{para.scope} {para.ref}" if para.scope != default and not para.ref.startswith("PP") else para.ref)
            for para in self.paragraphs_of(meta.symbol)
        ]
        starts = [s for s in shown if s.lower().startswith(p)]
        if len(starts) < limit:
            starts += [s for s in shown if p and p in s.lower() and s not in starts]
        return starts[:limit]

    def about(self) -> dict:
        """Documents (whole titles, paragraph counts), index date, model, version. Paragraphs are
        counted as the build counts them: sub-paragraphs apart (``subparagraphs``)."""
        counts: dict[str, int] = {}
        subs = 0
        for p in self._paras.values():
            if not p.parent:
                counts[p.symbol] = counts.get(p.symbol, 0) + 1
            else:
                subs += 1
        docs = [
            {"symbol": d.meta.symbol, "title": d.meta.title, "short_name": d.meta.short_name, "paragraphs": counts.get(s, 0)}
            for s, d in sorted(self._docs.items(), key=lambda item: _natural(item[0]))
        ]
        return {
            "documents": docs,
            "built_at": self.manifest.get("built_at", ""),
            "model": self.manifest.get("model", ""),
            "dim": self.manifest.get("dim", 0),
            "format_version": self.manifest.get("format_version"),
            "app_version": app_version(),
            "paragraphs": sum(counts.values()),
            "subparagraphs": subs,
            "path": str(self.root),
        }


def _natural(text: str) -> tuple:
    """Sort key that orders the numbers inside ``text`` by value: A/RES/80/2 before A/RES/80/10."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", text.lower()))


natural_key = _natural  # the public name, for other modules


def _number(ref: str) -> int | None:
    """12 for "12" and "PP12"; None for anything else."""
    digits = ref[2:] if is_preambular(ref) else ref
    return int(digits) if digits.isdigit() else None


def nearest_refs(refs: list[tuple[str, str]], scope: str, ref: str, limit: int = 5) -> list[tuple[str, str]]:
    """The (scope, ref) pairs of ``refs`` (document order) closest to the unknown ``ref``, closest first.

    For an unknown sub-paragraph ("2(zz)", "2(a)(zz)") its closest existing ancestor comes
    first, then that ancestor's sub-paragraphs; then top-level paragraphs of ``scope`` by
    numeric distance (ties: the lower number first) with the same number in another scope
    counting as distance 0. Preambular refs ("PP3") are only compared with preambular refs.
    """
    out: list[tuple[str, str]] = []
    parts = ref.split("(")
    for depth in range(len(parts) - 1, 0, -1):
        ancestor = "(".join(parts[:depth])
        if (scope, ancestor) in refs:
            children = [
                (s, r) for s, r in refs
                if s == scope and r.startswith(ancestor + "(") and r[len(ancestor):].count("(") == 1
            ]
            out = [(scope, ancestor), *children]
            break
    number = parts[0]
    asked = _number(number)
    preambular = is_preambular(number)
    tops = [(s, r) for s, r in refs if s == scope and "(" not in r and is_preambular(r) == preambular
            and _number(r) is not None and (s, r) not in out]
    if asked is None:
        return (out + tops)[:limit]
    by_distance = sorted(tops, key=lambda sr: (abs(_number(sr[1]) - asked), _number(sr[1])))[:3]
    ranked = [((abs(_number(r) - asked), 0, _number(r)), (s, r)) for s, r in by_distance]
    if not preambular:
        others = sorted({s for s, r in refs if s != scope and r == number})
        ranked += [((0, 1, asked), (s, number)) for s in others]
    out += [sr for _, sr in sorted(ranked) if sr not in out]
    return out[:limit]


def _ends(meta: DocumentMeta, scope: str, prefix: str, last: int) -> str:
    """Where a part of a document ends, for a reference past it: "it ends at ¶4", "its preamble
    ends at PP3", "its annex I ends at ¶15"."""
    if prefix:
        return f"its preamble ends at PP{last}"
    if scope == (meta.default_scope or MAIN_SCOPE):
        return f"it ends at ¶{last}"
    return f"its {'main text' if scope == MAIN_SCOPE else scope} ends at ¶{last}"


def _with_scope(scope: str, meta: DocumentMeta, ref: str) -> str:
    if ref.startswith("PP") or scope == (meta.default_scope or MAIN_SCOPE):
        return ref
    return f"{scope} {ref}"


# ---- writing -------------------------------------------------------------

def write_index_dir(
    target: Path,
    documents: list[StoredDocument],
    paragraphs: list[Paragraph],
    windows: list[tuple[int, str, bool]],
    vectors,
    manifest: dict,
) -> None:
    """Write a complete index into an empty directory ``target``.

    ``windows`` holds (index into ``paragraphs``, window text, bare) aligned row for row with
    ``vectors``; ``bare`` marks a window embedded without the paragraph's context (index.build).
    """
    import faiss
    import numpy as np

    target.mkdir(parents=True, exist_ok=False)
    con = sqlite3.connect(target / DB)
    try:
        con.executescript(SCHEMA)
        con.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(d.meta.symbol, d.meta.title, d.meta.date, d.meta.source_pdf, d.meta.short_name, d.meta.default_scope,
              d.meta.path, d.meta.sha256, d.page_count, json.dumps(list(d.aliases)), d.kind, json.dumps(list(d.warnings)))
             for d in documents],
        )
        con.executemany(
            "INSERT INTO paragraphs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i, p.symbol, p.scope, p.ref, p.parent, p.heading, json.dumps(list(p.pages)), p.text, p.order,
              int(p.inferred), p.heading_path, json.dumps([f.to_json() for f in p.footnotes]))
             for i, p in enumerate(paragraphs)],
        )
        con.executemany("INSERT INTO windows VALUES (?,?,?,?)", [(i, pi, t, int(b)) for i, (pi, t, b) in enumerate(windows)])
        write_fts(con, paragraphs)
        con.commit()
    finally:
        con.close()
    vecs = np.ascontiguousarray(vectors, dtype="float32")
    index = faiss.IndexFlatIP(int(manifest["dim"]))
    if len(vecs):
        index.add(vecs)
    faiss.write_index(index, str(target / VECTORS))
    # The manifest comes last and vouches for the files above: a version without it is incomplete.
    complete = {
        **manifest,
        "counts": {"documents": len(documents), "paragraphs": len(paragraphs), "windows": len(windows)},
        "files": {name: file_record(target / name) for name in (DB, VECTORS)},
    }
    partial = target / (MANIFEST + ".partial")
    partial.write_text(json.dumps(complete, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(partial, target / MANIFEST)


# ---- versions and publishing ------------------------------------------------

_STAMP = r"\d{8}-\d{6}-\d{6}-\d+"


def version_dirs(index_dir: Path) -> list[Path]:
    """The version folders of exactly this index name (``.index.<stamp>`` for ``index``, never
    those of a sibling like ``index.v2``), oldest first."""
    index_dir = Path(index_dir)
    pattern = re.compile(rf"\.{re.escape(index_dir.name)}\.(?:{_STAMP}|legacy-\d+)")
    if not index_dir.parent.is_dir():
        return []
    found = [p for p in index_dir.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def is_complete(version: Path) -> bool:
    """True when ``version`` is a complete index that opens and passes every check."""
    try:
        IndexStore.open(version)
        return True
    except OEWGError:
        return False


def check_target(index_dir: Path) -> None:
    """Refuse to build into a path that holds something other than an index (before any work)."""
    index_dir = Path(index_dir)
    if index_dir.is_symlink() or not index_dir.exists():
        return
    if not index_dir.is_dir():
        raise OEWGError(f"{index_dir} is a file, not an index folder: choose another --index (or [index] path), or move the file away.")
    entries = {p.name for p in index_dir.iterdir()}
    if entries and not entries & INDEX_FILES:
        raise OEWGError(f"{index_dir} is a folder that does not hold an index: choose another --index (or [index] path), or move it away.")


def write_fts(con: sqlite3.Connection, paragraphs: list[Paragraph]) -> None:
    """Create and fill the full-text index: one row per paragraph, rowid = its position in ``paragraphs``."""
    from index.find import searchable_text

    con.execute(FTS_SCHEMA)
    con.executemany(f"INSERT INTO {FTS_TABLE} (rowid, text) VALUES (?, ?)",
                    [(i, searchable_text(p.text)) for i, p in enumerate(paragraphs)])


def publish(index_dir: Path, built: Path, keep: int = 2) -> None:
    """Atomically point ``index_dir`` at the freshly built directory, keeping the previous one.

    ``built`` must be a sibling of ``index_dir``. "Previous" is the version ``index_dir`` pointed
    to before, if it is complete, else the newest complete one; every other version of this name
    (older ones, and folders left half-written by a build that was killed) is removed. Call it
    only while holding the build lock (``index.buildlock``).
    """
    index_dir = Path(index_dir)
    parent = index_dir.parent
    old_target = index_dir.resolve() if index_dir.is_symlink() and index_dir.exists() else None
    if index_dir.exists() and not index_dir.is_symlink():
        check_target(index_dir)
        # an index from before symlinked versions (or copied by hand): move it aside first
        legacy = parent / f".{index_dir.name}.legacy-{time.time_ns()}"
        os.rename(index_dir, legacy)
        old_target = legacy
    tmp_link = parent / f".{index_dir.name}.link-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(built.name, tmp_link)
    os.replace(tmp_link, index_dir)
    others = [v for v in version_dirs(index_dir) if v.resolve() != built.resolve()]
    complete = [v for v in others if is_complete(v)]
    previous = [v for v in complete if old_target is not None and v.resolve() == old_target]
    kept = (previous or complete[-1:])[: max(0, keep - 1)]
    for old in others:
        if old in kept:
            continue
        if ".legacy-" in old.name and {p.name for p in old.iterdir()} - INDEX_FILES:
            continue  # a folder moved aside that holds more than an index: never delete what is not ours
        shutil.rmtree(old, ignore_errors=True)


def new_version_dir(index_dir: Path) -> Path:
    """A fresh, not yet existing sibling directory to build the next version in."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}-{os.getpid()}"
    return index_dir.parent / f".{index_dir.name}.{stamp}"


def read_vectors(index_dir: Path):
    """(faiss index, window -> paragraph id array, window -> bare array) of an opened index;
    IndexDamaged if they disagree. A bare window was embedded without its paragraph's context (its
    document title and headings): it only ranks (index.search); the others also decide."""
    import faiss
    import numpy as np

    root = Path(index_dir)
    try:
        index = faiss.read_index(str(root / VECTORS))
        con = sqlite3.connect(sqlite_uri(root / DB), uri=True)
        try:
            rows = con.execute("SELECT paragraph_id, bare FROM windows ORDER BY id").fetchall()
        finally:
            con.close()
    except (RuntimeError, sqlite3.Error) as err:
        raise IndexDamaged(root, f"cannot read the vectors: {err}") from err
    if index.ntotal != len(rows):
        raise IndexDamaged(root, f"{VECTORS} holds {index.ntotal} vectors for {len(rows)} windows")
    return index, np.array([r[0] for r in rows], dtype="int64"), np.array([bool(r[1]) for r in rows], dtype=bool)


def read_windows(index_dir: Path) -> list[tuple[int, str, bool]]:
    """(paragraph id, window text, bare) of every window, in vector order."""
    con = sqlite3.connect(sqlite_uri(Path(index_dir) / DB), uri=True)
    try:
        return [(r[0], r[1], bool(r[2])) for r in con.execute("SELECT paragraph_id, text, bare FROM windows ORDER BY id")]
    finally:
        con.close()


def document_paths(index_dir: Path) -> list[str]:
    """The source path of every document an index holds, read from its SQLite file alone, so that
    an index of another format (or whose vectors are damaged) still tells where its documents came
    from; [] when there is no readable database."""
    db = Path(index_dir) / DB
    if not db.is_file():
        return []
    try:
        con = sqlite3.connect(sqlite_uri(db), uri=True)
        try:
            return [r[0] for r in con.execute("SELECT path FROM documents") if r[0]]
        finally:
            con.close()
    except sqlite3.Error:
        return []
