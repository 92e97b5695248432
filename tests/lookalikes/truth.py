"""Ground truth of a look-alike: ``<name>.truth.jsonl`` and ``<name>.footnotes.json``.

The truth lines have exactly the schema of ``../shared/corpus/pdf/*.truth.jsonl``: ``symbol``,
``scope`` (``main``, ``annex``, ``annex I``, ``annex B``, ``appendix``), ``ref`` (``12``,
``12(b)``, ``12(b)(ii)``, ``PP3``), ``heading`` (the innermost heading in the scope, ``""`` before
the first; annex labels and titles are not headings), ``page`` (where the paragraph starts, found
in the PDF by ``locate``), ``text`` (exact, without number, label or footnote marks) and, for a
paragraph with sub-paragraphs, ``full_text``: its text followed by each sub-paragraph with its
label (a sub-paragraph's own ``full_text`` starts with its label, as in the shared files).
Text comes from the document model, so it is exact by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.lookalikes.locate import Location
from tests.lookalikes.model import AnnexStart, Document, Heading, NoteRef, Para


def _children(blocks: tuple, index: int) -> list[Para]:
    """The sub-paragraphs (at any depth) right after the paragraph at ``blocks[index]``."""
    parent = blocks[index]
    out = []
    for block in blocks[index + 1 :]:
        if not isinstance(block, Para) or block.level <= parent.level or block.preambular:
            break
        out.append(block)
    return out


def truth_records(doc: Document, locations: list[Location]) -> list[dict]:
    """One record per paragraph, sub-paragraph and preambular paragraph, in reading order."""
    if len(locations) != len(doc.blocks):
        raise ValueError(f"{doc.name}: {len(locations)} locations for {len(doc.blocks)} blocks")
    scope, heading, records = "main", "", []
    for index, (block, where) in enumerate(zip(doc.blocks, locations)):
        if isinstance(block, AnnexStart):
            scope, heading = block.scope, ""
        elif isinstance(block, Heading):
            heading = block.truth
        elif isinstance(block, Para):
            record = {"symbol": doc.symbol, "scope": scope, "ref": block.ref, "heading": heading,
                      "page": where.page, "text": block.text}
            children = _children(doc.blocks, index)
            if children:
                own = f"{block.label} " if block.level else ""
                record["full_text"] = own + block.text + "".join(f" {c.label} {c.text}" for c in children)
            records.append(record)
    return records


def footnote_data(doc: Document, note_locations: dict[int, Location]) -> dict:
    """Footnote marks -> exact texts and pages, and which paragraphs cite which marks."""
    marks = doc.marks()
    scope, citations, outside = "main", [], []
    for block in doc.blocks:
        if isinstance(block, AnnexStart):
            scope = block.scope
            if block.title_note is not None:
                outside.append(marks[block.title_note.index])
        inlines = getattr(block, "inlines", ())
        cited = [marks[i.index] for i in inlines if isinstance(i, NoteRef)]
        if cited and isinstance(block, Para):
            citations.append({"scope": scope, "ref": block.ref, "marks": cited})
        elif cited:
            outside.extend(cited)
    return {
        "symbol": doc.symbol,
        "notes": {marks[i]: doc.footnotes[i].text for i in marks},
        "pages": {marks[i]: note_locations[i].page for i in marks},
        "citations": citations,
        "cited_outside_paragraphs": outside,
    }


def write_truth(records: list[dict], path: Path) -> Path:
    path = Path(path)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_json(data: dict, path: Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
