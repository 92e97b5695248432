"""index.compare: the word diff rebuilds both texts, similarity in [0, 1], selection, vector cosines."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.compare import (
    COSINE_WEIGHT,
    SIMILARITY_FLOOR,
    Candidate,
    CompareResult,
    Counterpart,
    DiffOp,
    ParagraphVectors,
    new_text,
    old_text,
    select,
    similarity,
    word_diff,
    word_similarity,
    word_similarity_bound,
    word_tokens,
)
from index.models import Quote

_WORD = st.sampled_from(["the", "States", "States,", "reaffirmed", "Reaffirming", "that", "nuclear", "weapons;",
                         "weapons.", "(a)", "non‑State", "non-State", "of", "and", "2025", "“agreed”"])
_SPACE = st.sampled_from([" ", "  ", "\n", " \n "])


def texts(min_size=0):
    return st.lists(st.tuples(_WORD, _SPACE), min_size=min_size, max_size=40).map(lambda ws: "".join(w + s for w, s in ws))


def norm(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=500, deadline=None)
@given(texts(), texts())
def test_joining_kept_and_removed_gives_the_counterpart_kept_and_added_gives_the_paragraph(old, new):
    diff = word_diff(old, new)
    assert old_text(diff) == norm(old)
    assert new_text(diff) == norm(new)
    assert all(d.op in ("=", "-", "+") and d.text and d.text == norm(d.text) for d in diff)
    assert all(a.op != b.op for a, b in zip(diff, diff[1:]))  # neighbours differ: no split runs
    assert all(not (a.op == "+" and b.op == "-") for a, b in zip(diff, diff[1:]))  # removal before addition


def test_a_reworded_paragraph_reads_as_a_few_changes():
    old = "Reaffirming that nuclear disarmament and the total elimination of nuclear weapons are the only absolute guarantee,"
    new = "States reaffirmed that nuclear disarmament and the total elimination of nuclear weapons are the only absolute guarantee."
    assert word_diff(old, new) == (
        DiffOp("-", "Reaffirming"), DiffOp("+", "States reaffirmed"),
        DiffOp("=", "that nuclear disarmament and the total elimination of nuclear weapons are the only absolute"),
        DiffOp("-", "guarantee,"), DiffOp("+", "guarantee."),
    )


def test_a_lone_unchanged_word_between_two_changes_is_folded_into_them():
    diff = word_diff("alpha the beta gamma delta", "one the two gamma delta")
    assert diff == (DiffOp("-", "alpha the beta"), DiffOp("+", "one the two"), DiffOp("=", "gamma delta"))
    assert word_diff("a b c d e", "x b c y e") == (  # two unchanged words are kept as they are
        DiffOp("-", "a"), DiffOp("+", "x"), DiffOp("=", "b c"), DiffOp("-", "d"), DiffOp("+", "y"), DiffOp("=", "e"))
    assert word_diff("a b c", "a b c") == (DiffOp("=", "a b c"),)
    assert word_diff("", "new words") == (DiffOp("+", "new words"),)
    assert word_diff("old words", "") == (DiffOp("-", "old words"),)


@settings(max_examples=300, deadline=None)
@given(texts(), texts(), st.floats(-1.0, 1.0))
def test_similarity_is_in_0_1_and_the_bound_is_never_below_the_ratio(a, b, cosine):
    ta, tb = word_tokens(a), word_tokens(b)
    w = word_similarity(ta, tb)
    assert 0.0 <= w <= word_similarity_bound(Counter(ta), Counter(tb)) + 1e-12 <= 1.0 + 1e-12
    assert 0.0 <= similarity(w, cosine) <= 1.0


def test_similarity_is_the_documented_blend():
    assert similarity(1.0, 1.0) == 1.0 and similarity(0.0, -0.5) == 0.0
    assert similarity(0.5, 0.8) == pytest.approx(COSINE_WEIGHT * 0.8 + (1 - COSINE_WEIGHT) * 0.5)
    assert word_similarity(word_tokens("The State, the States."), word_tokens("the state the states")) == 1.0
    assert 0.0 < SIMILARITY_FLOOR < 1.0


def test_select_is_best_first_above_the_floor_with_a_cap_per_document():
    cands = [Candidate(1, "A", 0.9, 0.9), Candidate(2, "A", 0.8, 0.8), Candidate(3, "B", 0.7, 0.7),
             Candidate(4, "C", 0.2, 0.2), Candidate(5, "B", 0.95, 0.95), Candidate(6, "D", 0.8, 0.8)]
    assert [c.paragraph_id for c in select(cands, 0.5, 10, 1)] == [5, 1, 6]
    assert [c.paragraph_id for c in select(cands, 0.5, 10, 2)] == [5, 1, 2, 6, 3]
    assert [c.paragraph_id for c in select(cands, 0.5, 2, 2)] == [5, 1]
    assert select(cands, 0.99, 10, 3) == []


def test_paragraph_vectors_give_the_best_window_cosine_per_paragraph():
    v = np.array([[1, 0], [0, 1], [0.6, 0.8], [1, 0]], dtype="float32")
    window_para = np.array([7, 7, 3, 9])  # paragraph 7 has two windows
    pv = ParagraphVectors(v, window_para)
    cos = pv.cosines(7)
    assert cos == pytest.approx({3: 0.8, 7: 1.0, 9: 1.0})
    assert pv.cosines(3)[9] == pytest.approx(0.6)
    assert pv.cosines(42) == {} and not pv.has(42) and pv.has(3)
    assert ParagraphVectors(np.zeros((0, 2), dtype="float32"), np.zeros(0, dtype="int64")).cosines(1) == {}


def test_compare_json_has_the_design_shape():
    def q(sym, ref, text):
        return Quote(symbol=sym, scope="main", ref=ref, text=text, score=1.0, page=1, url="")

    diff = word_diff("Calls upon States", "Urges States")
    r = CompareResult(quote=q("A/2", "3", "Urges States"), ref="3", date="2025-01-01",
                      matches=(Counterpart(q("A/1", "4", "Calls upon States"), "2024-01-01", "annex 4", 0.61234, 0.5, 0.8, diff),),
                      compared_with=("A/1",))
    data = r.to_json()
    assert set(data) == {"doc", "ref", "text", "matches"}
    [m] = data["matches"]
    assert set(m) == {"doc", "ref", "date", "similarity", "text", "diff"}
    assert m["ref"] == "annex 4" and m["similarity"] == 0.6123
    assert " ".join(d["text"] for d in m["diff"] if d["op"] in "=-") == m["text"]
    assert " ".join(d["text"] for d in m["diff"] if d["op"] in "=+") == data["text"]
