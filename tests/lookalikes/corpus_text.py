"""Real UN sentences for the look-alikes, read from the corpus's resolutions at generation time.

``read_pools(corpus_dir)`` reads ``ga-res-80/*.md`` and sorts what it finds into pools: preambular
paragraphs, operative paragraphs, operative paragraphs that introduce sub-paragraphs (ending
with ``:``), sub-paragraphs, footnote bodies, resolution titles and the PDF addresses of the
resolutions. ``pools_from_texts`` is the pure part. Nothing read here is stored in the repository.

The extraction is noisy (labels lost, footnote marks glued to words, page breaks inside
paragraphs), so a text is kept only when it is clean: no marks glued to words, balanced
brackets, a capital first letter and the punctuation its kind ends with.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def default_corpus_dir() -> Path:
    """The shared corpus beside the repository (``OEWG_CORPUS`` overrides, as in tests/conftest.py)."""
    return Path(os.environ.get("OEWG_CORPUS", REPO.parent / "shared" / "corpus"))


class CorpusMissing(Exception):
    """The corpus of resolutions is not where the generator looks for it."""


@dataclass(frozen=True)
class Pools:
    """Texts to build documents from, each tuple in a stable order."""

    preambular: tuple[str, ...]
    operative: tuple[str, ...]
    parents: tuple[str, ...]
    subs: tuple[str, ...]
    footnotes: tuple[str, ...]
    titles: tuple[str, ...]
    pdf_urls: tuple[str, ...]


_FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]:\s*(.*)$")
_INLINE_MARK = re.compile(r"\[\^\d+\]")
_OPERATIVE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_SUB = re.compile(r"^\(([a-z]{1,4})\)\s+(\S.*)$")
# a footnote mark the extraction glued to a word: "Secretary-General;5", "Declaration,2", "Bodies.3"
_GLUED_MARK = re.compile(r"[a-z)\]”’][.,;:]?\d{1,3}(?![\d/])")
# ... or left beside a word with a space ("disarmament, 3 calling", "the Treaty 4 that", "States 7
# that"; "Article 19 of" is kept), and a word split at its hyphen ("nuclear- weapon-free")
_SPACED_MARK = re.compile(
    r"[,;:)”] \d{1,3} [a-z]"
    r"|\b(?!(?:Article|Action|Section|Chapter|Part|Principle|Rule|Goal|Target|Step|Phase|Annex)\b)(?:[A-Z][a-z]+|agenda) \d{1,3} [a-z]"
    r"|\w- (?!and\b|or\b|to\b)[a-z]"
)
_PLENARY = re.compile(r"^\d+(st|nd|rd|th) plenary meeting")
_BAD_CHARS = re.compile(r"[\[\]*#|_<>\\@{}~^`=+]|\.\.\.|\s[,;:.]")
_END = {"preambular": (",",), "operative": (";", "."), "parents": (":",), "subs": (";", ".", "; and", "; or")}


def _clean(text: str) -> str:
    """Marks removed, whitespace collapsed; a non-breaking hyphen (U+2011) typed as Word types a hyphen."""
    text = unicodedata.normalize("NFC", _INLINE_MARK.sub("", text)).replace("\u2011", "-").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("“") == text.count("”")


def _acceptable(text: str, kind: str) -> bool:
    return (
        40 <= len(text) <= 1600
        and text[0].isupper()
        and text.endswith(_END[kind])
        and _balanced(text)
        and not _GLUED_MARK.search(text)
        and not _SPACED_MARK.search(text)
        and not _BAD_CHARS.search(text)
        and text.isprintable()
    )


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` lines of the YAML front matter (unquoted) and the body after it."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    try:
        end = lines.index("---", 1)
    except ValueError:
        return {}, text
    meta = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"').strip()
    return meta, "\n".join(lines[end + 1 :])


def _footnote_bodies(body: str) -> list[str]:
    """Footnote definitions ``[^N]: text`` with their indented continuation lines."""
    notes: list[list[str]] = []
    open_note = False
    for line in body.splitlines():
        match = _FOOTNOTE_DEF.match(line)
        if match:
            notes.append([match.group(2)])
            open_note = True
        elif open_note and line.startswith("    ") and line.strip():
            notes[-1].append(line.strip())
        elif line.strip():
            open_note = False
    return [_clean(" ".join(parts)) for parts in notes]


def _chunks(body: str) -> list[str]:
    """Paragraph texts of the body (blank-line separated), page-break splits joined again."""
    text_lines = [ln for ln in body.splitlines() if not _FOOTNOTE_DEF.match(ln) and not ln.startswith("    ")]
    raw = [" ".join(block.split("\n")) for block in re.split(r"\n\s*\n", "\n".join(text_lines))]
    chunks: list[str] = []
    for block in (_clean(b) for b in raw):
        if not block:
            continue
        starts_paragraph = block.startswith("The General Assembly") or _OPERATIVE.match(block) or _SUB.match(block)
        if chunks and not starts_paragraph and (block[0].islower() or not chunks[-1].endswith((",", ";", ":", "."))):
            chunks[-1] = f"{chunks[-1]} {block}"
        else:
            chunks.append(block)
    return chunks


def resolution_texts(body: str) -> dict[str, list[str]]:
    """Sort one resolution's paragraphs into preambular, operative, parents and subs."""
    out: dict[str, list[str]] = {"preambular": [], "operative": [], "parents": [], "subs": []}
    chunks = _chunks(body)
    start = next((i for i, c in enumerate(chunks) if c.startswith("The General Assembly")), None)
    if start is None:
        return out
    seen_operative = False
    in_subs = False
    for chunk in chunks[start + 1 :]:
        if chunk == "---" or _PLENARY.match(chunk) or chunk.startswith("---"):
            break
        op, sub = _OPERATIVE.match(chunk), _SUB.match(chunk)
        if op:
            seen_operative = True
            text = op.group(2)
            in_subs = text.endswith(":")
            kind = "parents" if in_subs else "operative"
        elif sub and seen_operative:
            text, kind = sub.group(2), "subs"
        elif not seen_operative:
            text, kind = chunk, "preambular"
        elif in_subs:
            text, kind = chunk, "subs"  # a sub-paragraph whose label the extraction lost
        else:
            continue
        if _acceptable(text, kind):
            out[kind].append(text)
    return out


def pools_from_texts(texts: list[str]) -> Pools:
    """Pools from the contents of corpus ``.md`` files (pure)."""
    acc: dict[str, list[str]] = {k: [] for k in ("preambular", "operative", "parents", "subs", "footnotes", "titles", "pdf_urls")}
    for text in texts:
        meta, body = split_front_matter(text)
        for kind, items in resolution_texts(body).items():
            acc[kind].extend(items)
        for note in _footnote_bodies(body):
            if 4 <= len(note) <= 400 and note.endswith(".") and _balanced(note) and "[^" not in note and note.isprintable():
                acc["footnotes"].append(note)
        title = re.sub(r"\s*[:;,]\s*$", "", meta.get("title", "")).strip()
        if 12 <= len(title) <= 200 and _balanced(title) and title.isprintable():
            acc["titles"].append(title)
        if meta.get("source_pdf", "").startswith("https://"):
            acc["pdf_urls"].append(meta["source_pdf"])
    return Pools(**{k: tuple(dict.fromkeys(v)) for k, v in acc.items()})


def read_pools(corpus_dir: Path) -> Pools:
    """Pools from ``corpus_dir/ga-res-80/*.md``; CorpusMissing when the directory is absent or empty."""
    folder = Path(corpus_dir) / "ga-res-80"
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not files:
        raise CorpusMissing(f"the UN corpus of resolutions was not found at {folder} (set OEWG_CORPUS or place ../shared/corpus beside the repository)")
    pools = pools_from_texts([f.read_text(encoding="utf-8") for f in files])
    short = [k for k, v in vars(pools).items() if len(v) < 8]
    if short:
        raise CorpusMissing(f"the corpus at {folder} gives too few texts for look-alikes ({', '.join(short)})")
    return pools
