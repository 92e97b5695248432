"""How exactly the parser reads Word-made look-alike PDFs (and their .docx), against ground truth.

For every look-alike with a ``*.truth.jsonl`` (``../shared/corpus/pdf/`` and any folder given):
truth paragraphs found with the right scope, exact text (whitespace aside; a sub-paragraph's text
may start with its label; a parent's text may include its sub-paragraphs with labels), right
page, right heading (the innermost one), records that are not paragraphs of the document, and
whether the PDF and the .docx readings agree paragraph by paragraph.

    python benchmarks/parse_truth.py [DIR ...] [--misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.models import ParsedDocument  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pdf"


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class TruthScore:
    name: str
    total: int = 0
    found: int = 0
    exact: int = 0
    pages: int = 0
    headings: int = 0
    extra: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def rate(self, n: int) -> float:
        return n / self.total if self.total else 1.0


def accepted_texts(truth: dict) -> set[str]:
    """The texts a record may have for a truth line (see the module docstring)."""
    texts = {_norm(truth["text"]), _norm(truth.get("full_text") or truth["text"])}
    label = re.search(r"(\([a-z]+\))$", truth["ref"])
    if label:
        texts |= {f"{label.group(1)} {t}" for t in list(texts)}
    return texts


def score(doc: ParsedDocument, truth_lines: list[dict], name: str = "", check_pages: bool = True) -> TruthScore:
    s = TruthScore(name or doc.meta.symbol, total=len(truth_lines))
    got = {(p.scope, p.ref): p for p in doc.paragraphs}
    for t in truth_lines:
        p = got.get((t["scope"], t["ref"]))
        where = f"{t['scope']} {t['ref']}"
        if p is None:
            s.misses.append(f"{where}: not found")
            continue
        s.found += 1
        if _norm(p.text) in accepted_texts(t):
            s.exact += 1
        else:
            s.misses.append(f"{where}: text {_norm(p.text)[:160]!r} != {_norm(t.get('full_text') or t['text'])[:160]!r}")
        if not check_pages or p.page == t["page"]:
            s.pages += 1
        else:
            s.misses.append(f"{where}: page {p.page} != {t['page']}")
        if p.heading == t["heading"]:
            s.headings += 1
        else:
            s.misses.append(f"{where}: heading {p.heading!r} != {t['heading']!r}")
    known = {(t["scope"], t["ref"]) for t in truth_lines}
    s.extra = [f"{sc} {ref}" for sc, ref in got if (sc, ref) not in known]
    return s


def score_footnotes(doc: ParsedDocument, notes: dict) -> tuple[int, int, list[str]]:
    """(citations right, citations, misses) against a ``*.footnotes.json``: every paragraph that
    cites a footnote carries it, with its exact text."""
    got = {(p.scope, p.ref): p for p in doc.paragraphs}
    right, total, misses = 0, 0, []
    for c in notes.get("citations", []):
        for mark in c["marks"]:
            total += 1
            p = got.get((c["scope"], c["ref"]))
            have = {f.mark: f.text for f in p.footnotes} if p else {}
            want = _norm(notes["notes"][mark])
            if _norm(have.get(mark, "")) == want:
                right += 1
            else:
                misses.append(f"{c['scope']} {c['ref']}: footnote {mark} {have.get(mark, 'missing')[:80]!r} != {want[:80]!r}")
    return right, total, misses


def read_truth(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lookalikes(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(source file, truth file) for every PDF and .docx that has a truth file beside it."""
    out = []
    for d in dirs:
        for truth in sorted(Path(d).glob("*.truth.jsonl")):
            stem = truth.name[: -len(".truth.jsonl")]
            for suffix in (".pdf", ".docx"):
                src = truth.with_name(stem + suffix)
                if src.exists():
                    out.append((src, truth))
    return out


def main(argv: list[str] | None = None) -> int:
    from index.pages import compare_readings
    from index.parser import parse_file

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    ap.add_argument("dirs", nargs="*", type=Path, help="folders with *.truth.jsonl look-alikes (default: ../shared/corpus/pdf)")
    ap.add_argument("--misses", action="store_true", help="list every paragraph that is not exact")
    args = ap.parse_args(argv)
    dirs = args.dirs or [DEFAULT_DIR]
    pairs = lookalikes(dirs)
    if not pairs:
        print(f"no look-alikes with truth files in {', '.join(map(str, dirs))}", file=sys.stderr)
        return 1
    rows = [("look-alike", "paragraphs", "found", "exact", "pages", "headings", "not paragraphs", "footnotes", "pdf = docx")]
    notes_right = notes_total = 0
    parsed: dict[Path, ParsedDocument] = {}
    totals = TruthScore("all")
    for src, truth in pairs:
        doc = parse_file(src)
        parsed[src] = doc
        s = score(doc, read_truth(truth), src.name, check_pages=src.suffix == ".pdf")
        twin = src.with_suffix(".docx") if src.suffix == ".pdf" else None
        agree = "—"
        if twin is not None and twin.exists():
            diffs = compare_readings(doc, parse_file(twin))
            agree = "yes" if not diffs else f"{len(diffs)} differ"
        notes_file = truth.with_name(truth.name.replace(".truth.jsonl", ".footnotes.json"))
        foot = "—"
        if notes_file.exists():
            right, total, fmisses = score_footnotes(doc, json.loads(notes_file.read_text(encoding="utf-8")))
            notes_right, notes_total = notes_right + right, notes_total + total
            foot = f"{right}/{total}"
            s.misses += fmisses
        rows.append((src.name, str(s.total), f"{s.found}", f"{s.exact} ({s.rate(s.exact):.0%})",
                     f"{s.pages}" if src.suffix == ".pdf" else "n/a", f"{s.headings}", str(len(s.extra)), foot, agree))
        for attr in ("total", "found", "exact", "pages", "headings"):
            setattr(totals, attr, getattr(totals, attr) + getattr(s, attr))
        totals.extra += s.extra
        if args.misses:
            for m in s.misses + [f"{e}: not a paragraph of the document" for e in s.extra]:
                print(f"  {src.name}: {m}")
    rows.append(("all", str(totals.total), str(totals.found), f"{totals.exact} ({totals.rate(totals.exact):.1%})",
                 str(totals.pages), f"{totals.headings} ({totals.rate(totals.headings):.1%})", str(len(totals.extra)),
                 f"{notes_right}/{notes_total}" if notes_total else "—", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
