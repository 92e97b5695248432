"""`oewg para` on an index of the 55 real resolutions: every numbered paragraph, exactly as in the source
(524 on one line compared whole; 146 over several lines or pages compared from their marker on),
footnote marks apart: the build keeps a text file's marks as the paragraph's footnotes.

Expected numbers and single-line texts come from the independent reading of the source files
in tests/index/test_parser_corpus.py, not from the parser, so a paragraph lost, merged or altered
between parsing, storage and lookup fails here.
"""

from __future__ import annotations

import difflib
import json

import pytest

from bot.cli import main
from index.parser import parse_file
from tests.conftest import RESOLUTIONS_DIR
from tests.index.test_parser_corpus import CORPUS_FILES, loose, running_titles, source_lines, source_markers

pytestmark = [pytest.mark.corpus, pytest.mark.model]


def marks_removed(original: str, stored: str, marks: list[str]) -> bool:
    """Whether ``stored`` is ``original`` with some footnote marks (``marks``, each maybe with a
    space beside it) taken out and nothing else changed: the build moves text files' marks into
    footnotes."""
    cuts = {c for m in marks for c in (m, " " + m, m + " ")}
    ops = difflib.SequenceMatcher(None, original, stored, autojunk=False).get_opcodes()
    return all(tag == "equal" or (tag == "delete" and original[i1:i2] in cuts) for tag, i1, i2, _, _ in ops)


def same_text(original: str, data: dict) -> bool:
    return data["text"] == original or marks_removed(original, data["text"], [f["mark"] for f in data["footnotes"]])


def para(capsys, index, *argv):
    code = main(["para", *argv, "--index", str(index), "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def expected_paragraphs(name: str):
    """(scope, number, text or None, source segment) for every numbered paragraph of the source.

    text: the paragraph when it sits on one line. segment: the source from the paragraph's
    marker to the next one, running headers left out: a paragraph over several lines (and
    pages) must start it and lie inside it (a heading or the closing lines may follow).
    """
    path = RESOLUTIONS_DIR / name
    lines = source_lines(path)
    headers = set(running_titles(path))
    markers = sorted((idx, scope, n, text) for scope, found in source_markers(path).items() for n, idx, text in found)
    for k, (idx, scope, n, text) in enumerate(markers):
        same_line_next = k + 1 < len(markers) and markers[k + 1][0] == idx
        following = next((ln for ln in lines[idx + 1:] if ln), "")
        single = same_line_next or following.startswith(f"{n + 1}. ")
        stop = markers[k + 1][0] if k + 1 < len(markers) else len(lines)
        rest = [ln for ln in lines[idx + 1:stop] if ln and ln not in headers]
        yield scope, n, (text if single else None), " ".join([text, *rest])


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_numbered_paragraph_is_returned_by_oewg_para_with_its_exact_text(corpus_index, capsys, name):
    doc = parse_file(RESOLUTIONS_DIR / name)
    symbol = doc.meta.symbol
    parsed = {(p.scope, p.ref): p.text for p in doc.paragraphs}
    checked = 0
    last: dict[str, int] = {}
    for scope, n, source_text, segment in expected_paragraphs(name):
        ref = str(n) if scope == "main" else f"{scope} {n}"
        code, data, err = para(capsys, corpus_index, symbol, *ref.split())
        assert code == 0, f"{symbol} {ref}: {err}"
        assert (data["doc"], data["scope"], data["ref"]) == (symbol, scope, str(n))
        assert same_text(parsed[(scope, str(n))], data)  # stored and returned byte for byte (footnote marks apart)
        if source_text is not None:
            assert same_text(loose(source_text), {**data, "text": loose(data["text"])}), f"{symbol} {ref}"
        else:
            got, src = loose(data["text"]), loose(segment)
            assert any(same_text(src[:k], {**data, "text": got}) for k in range(len(got), min(len(src), len(got) + 40) + 1)), \
                f"{symbol} {ref}: not the source text from its marker on"
        checked += 1
        last[scope] = max(last.get(scope, 0), n)
    assert checked > 0
    for p in doc.paragraphs:  # the parser may infer a number the source left out (A/RES/80/3 2)
        if p.ref.isdigit():
            last[p.scope] = max(last.get(p.scope, 0), int(p.ref))
    for scope, n in last.items():  # one past the last paragraph is unknown: exit 2, one line
        ref = str(n + 1) if scope == "main" else f"{scope} {n + 1}"
        code, _, err = para(capsys, corpus_index, symbol, *ref.split())
        assert code == 2 and err.strip() and "\n" not in err.strip() and "Traceback" not in err


def test_sub_paragraphs_and_ranges_are_returned_exactly(corpus_index, capsys):
    total = 0
    for name in CORPUS_FILES:
        doc = parse_file(RESOLUTIONS_DIR / name)
        for p in doc.paragraphs:
            if not p.parent:
                continue
            ref = p.ref if p.scope == "main" else f"{p.scope} {p.ref}"
            code, data, err = para(capsys, corpus_index, doc.meta.symbol, *ref.split())
            assert code == 0, err
            assert same_text(p.text, data) and data["ref"] == p.ref
            total += 1
    assert total >= 50
    code, data, _ = para(capsys, corpus_index, "A/RES/80/16", "1-3")
    assert code == 0 and [d["ref"] for d in data] == ["1", "2", "3"]


def test_preambular_ranges_are_returned_in_order(corpus_index, capsys):
    doc = parse_file(RESOLUTIONS_DIR / "A_RES_80_16.md")
    preamble = [p for p in doc.paragraphs if p.ref.startswith("PP")]
    assert len(preamble) >= 3
    code, data, err = para(capsys, corpus_index, "A/RES/80/16", "PP1-PP3")
    assert code == 0, err
    assert [d["ref"] for d in data] == [p.ref for p in preamble[:3]]
    assert all(same_text(p.text, d) for p, d in zip(preamble, data))
    code, data, err = para(capsys, corpus_index, "A/RES/80/16", f"PP1-PP{len(preamble) + 1}")  # past the end:
    assert code == 0 and [d["ref"] for d in data] == [p.ref for p in preamble]  # what exists, and where it ends
    assert err.strip() == (f"note: The preamble of A/RES/80/16 ends at PP{len(preamble)}: only PP1–PP{len(preamble)} "
                           f"of PP1-PP{len(preamble) + 1} exist.")
    code, _, err = para(capsys, corpus_index, "A/RES/80/16", f"PP{len(preamble) + 1}-PP{len(preamble) + 3}")
    assert code == 2 and f"its preamble ends at PP{len(preamble)}" in err
