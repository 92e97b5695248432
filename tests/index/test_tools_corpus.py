"""find, toc and compare on an index of the 55 real resolutions, checked against the corpus text.

The plain search is tests/phrase_oracle.py (fold, str.find): no FTS, no regular expressions.
Against the corpus files themselves, a phrase's count in a document is bounded by two plain
searches of the source text (front matter, footnotes, [^N] marks, running titles, paragraph
numbers and the closing "plenary meeting" line left out, spacing artefacts such as
"confidence- building" joined as the documents' text normalisation does):

- at least its occurrences inside source lines that end like a paragraph (".;:,"): each of
  those lines lies inside one stored paragraph;
- at most its occurrences in all the source text joined: find cannot invent an occurrence.

A page break can cut a paragraph across lines (and a heading is a line of its own), so the two
bounds differ for some phrases; for most they meet, and find must equal them.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from benchmarks.common import cut_phrase, split_front_matter
from bot.cli import main, split_para_words
from index.compare import SIMILARITY_FLOOR, new_text, old_text
from index.engine import Engine
from index.find import chronological_key
from index.refs import parse_ref
from index.textnorm import fix_spaced_hyphens
from tests.phrase_oracle import fold, plain_spans
from tests.index.test_parser_corpus import running_titles, source_lines

pytestmark = [pytest.mark.corpus, pytest.mark.model]

BAR_PHRASE = "provisional agenda of its eighty-first session"
_ENDS_PARAGRAPH = re.compile(r"[.;:,][’”\"')\]]*(?:\s*\d{1,3})?$")


@pytest.fixture(scope="module")
def engine(corpus_index):
    def no_model():
        raise AssertionError("find, toc and compare must not load the embedding model")

    from index.store import IndexStore

    return Engine(IndexStore.open(corpus_index), no_model)


_MARKS = re.compile(r"(?<=[a-z;,.:)”’\]])\d{1,3}(?=\s|$)|(?<=[,;.”)]) \d{1,3}(?= |$)|(?<=[,;.”)] )\d{1,3}(?=[a-z])")


def without_marks(folded: str) -> str:
    """A folded text without what may be a footnote mark: digits glued to a word or a comma, or
    after a comma and a space to the next word ("parties, 8and")."""
    return _MARKS.sub("", folded)


def _count(folded: str, needle: str) -> int:
    """Whole-word occurrences of a folded needle in a folded text (the oracle's rule)."""
    n = pos = 0
    while (j := folded.find(needle, pos)) >= 0:
        end = j + len(needle)
        before = j == 0 or not (folded[j - 1].isalnum() or folded[j - 1] == "_") or not needle[0].isalnum()
        after = end == len(folded) or not (folded[end].isalnum() or folded[end] == "_") or not needle[-1].isalnum()
        if before and after:
            n += 1
            pos = end
        else:
            pos = j + 1
    return n


@pytest.fixture(scope="module")
def corpus_text(resolutions_dir):
    """symbol -> (date, folded body joined, folded lines that end like a paragraph)."""
    out = {}
    for path in sorted(resolutions_dir.glob("*.md")):
        fields, _ = split_front_matter(path.read_text(encoding="utf-8"))
        lines = source_lines(path)
        titles = set(running_titles(path))
        start = next(i for i, ln in enumerate(lines) if ln.startswith("The General Assembly"))
        body = []
        for ln in lines[start + 1:]:
            if not ln or ln in titles or re.fullmatch(r"(Annex|Appendix)( [IVXL]+)?", ln):
                continue
            if re.search(r"\bplenary meeting\b", ln) and len(ln.split()) <= 8:
                continue
            body.append(fold(fix_spaced_hyphens(re.sub(r"^\d{1,3}\.\s+", "", ln)))[0])
        complete = [b for b in body if _ENDS_PARAGRAPH.search(b) and not re.search(r"\s\d{1,3}\.\s", b)]
        out[fields["symbol"]] = (fields.get("date", ""), " ".join(body), complete)
    assert len(out) == 55
    return out


def random_phrases(texts: list[str], n: int, seed: int) -> list[str]:
    """n phrases of 1 to 6 words cut from the texts, without their outer punctuation."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        phrase = cut_phrase(rng, texts)
        if phrase is not None and re.search(r"[A-Za-z]{3}", phrase) and "*" not in phrase:
            out.append(phrase)
    return out


# ---- find ---------------------------------------------------------------------------------

def test_the_bar_phrase_is_found_in_exactly_the_36_resolutions_that_contain_it(corpus_index, corpus_text, capsys):
    code = main(["find", BAR_PHRASE, "--index", str(corpus_index), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    needle = fold(BAR_PHRASE)[0]
    containing = {sym for sym, (_, joined, _) in corpus_text.items() if _count(joined, needle)}
    assert len(containing) == 36
    assert {d["doc"] for d in data["documents"]} == containing
    for m in data["matches"]:
        assert [" ".join(m["text"][s:e].split()).replace("\u2011", "-") for s, e in m["spans"]] == [BAR_PHRASE] * len(m["spans"])
    for d in data["documents"]:
        assert d["count"] == _count(corpus_text[d["doc"]][1], needle)


def test_spans_are_exact_and_every_paragraph_is_found_for_random_phrases(engine):
    units = [p for _, p in engine.store.paragraph_items() if not p.parent]
    phrases = random_phrases([p.text for p in units], 120, seed=11)
    prefixes = [w[:5] + "*" for w in random_phrases([p.text for p in units], 30, seed=12) if w[:5].isalpha()]
    for phrase in phrases + prefixes + ["States", "the", "non-State", "confidence-building measures", "nuclear-weapon-free zone*"]:
        result = engine.find(phrase)
        got = {(m.quote.symbol, m.quote.scope, m.quote.ref): list(m.spans) for m in result.matches}
        want = {p.key(): spans for p in units if (spans := plain_spans(p.text, phrase))}
        assert got == want, phrase
        assert result.total == sum(len(s) for s in want.values())


def test_counts_per_document_agree_with_a_plain_search_of_the_corpus_text(engine, corpus_text):
    lines = [line for _, _, complete in corpus_text.values() for line in complete]
    phrases = random_phrases(lines, 150, seed=5)
    tight = 0
    for phrase in phrases:
        got = {d.symbol: d.count for d in engine.find(phrase).documents}
        needle = fold(phrase)[0]
        exact = True
        for sym, (_, joined, complete) in corpus_text.items():
            # the build moves a text file's footnote marks ("weapons,3 and") into footnotes: the
            # bounds hold for the text with and without every such mark
            low = min(sum(_count(line, needle) for line in complete), sum(_count(without_marks(line), needle) for line in complete))
            high = max(_count(joined, needle), _count(without_marks(joined), needle))
            assert low <= got.get(sym, 0) <= high, (phrase, sym, low, got.get(sym, 0), high)
            exact &= low == high
        tight += exact
    assert tight >= 0.6 * len(phrases)  # the bounds meet for most phrases: the check is not vacuous


def test_documents_come_oldest_first_by_the_date_of_the_corpus(engine, corpus_text):
    result = engine.find("General Assembly")
    dates = [d.date for d in result.documents]
    assert dates == [corpus_text[d.symbol][0] for d in result.documents]
    assert [chronological_key(d.date, d.symbol) for d in result.documents] == sorted(
        chronological_key(d.date, d.symbol) for d in result.documents)
    assert len(set(dates)) > 3 and result.first.quote.symbol == result.documents[0].symbol


# ---- toc ----------------------------------------------------------------------------------

def test_toc_lists_every_stored_reference_of_every_document_once_and_each_resolves(engine):
    for meta in engine.documents():
        toc = engine.toc(meta.symbol)
        stored = [(p.scope, p.ref) for p in engine.store.paragraphs_of(meta.symbol)]
        assert toc.refs() == stored and len(set(stored)) == len(stored), meta.symbol
        assert sum(s.count for s in toc.sections) == sum(1 for p in engine.store.paragraphs_of(meta.symbol) if not p.parent)
        for scope, ref in toc.refs():  # the words `oewg para DOC ...` would be given
            words = [ref] if scope == "main" else [*scope.split(), ref]
            doc, typed = split_para_words([meta.symbol, *words])
            [p] = engine.lookup(parse_ref(typed), doc)
            assert (p.scope, p.ref) == (scope, ref)


@pytest.mark.parametrize("symbol", ["A/RES/80/3", "A/RES/80/11"])
def test_toc_refs_resolve_with_oewg_para(corpus_index, capsys, symbol):
    code = main(["toc", symbol, "--index", str(corpus_index), "--json"])
    data = json.loads(capsys.readouterr()[0])
    assert code == 0 and data["doc"] == symbol
    for section in data["sections"]:
        for ref in section["refs"]:
            words = [ref] if section["scope"] == "main" else [*section["scope"].split(), ref]
            code = main(["para", symbol, *words, "--index", str(corpus_index), "--json"])
            out, err = capsys.readouterr()
            assert code == 0, err
            assert (json.loads(out)["scope"], json.loads(out)["ref"]) == (section["scope"], ref)


# ---- compare --------------------------------------------------------------------------------

def test_compare_counterparts_are_ranked_above_the_floor_and_their_diffs_rebuild_both_texts(engine):
    paras = [p for _, p in engine.store.paragraph_items()]
    sample = paras[::9] + [p for p in paras if p.parent][::5]
    with_matches = 0
    for p in sample:
        r = engine.compare(p.symbol, engine.store.typed_ref(p))
        sims = [m.similarity for m in r.matches]
        assert sims == sorted(sims, reverse=True) and all(SIMILARITY_FLOOR <= s <= 1.0 for s in sims)
        assert len({m.quote.symbol for m in r.matches}) == len(r.matches) and p.symbol not in {m.quote.symbol for m in r.matches}
        for m in r.matches:
            assert old_text(m.diff) == " ".join(m.quote.text.split())
            assert new_text(m.diff) == " ".join(p.text.split())
        with_matches += bool(r.matches)
    assert with_matches >= len(sample) // 5  # resolutions share much agreed language


def test_a_formula_paragraph_has_the_same_formula_as_its_closest_counterpart(engine):
    found = engine.find(BAR_PHRASE)
    first = found.matches[0]
    r = engine.compare(first.quote.symbol, first.quote.ref)
    holders = {m.quote.symbol for m in found.matches}
    assert r.matches and r.matches[0].quote.symbol in holders
    assert plain_spans(r.matches[0].quote.text, BAR_PHRASE)


def test_compare_runs_without_the_model(corpus_index, capsys):
    code = main(["compare", "A/RES/80/16", "2", "--index", str(corpus_index), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["doc"] == "A/RES/80/16"
