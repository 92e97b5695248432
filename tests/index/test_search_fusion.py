"""Fusion of the two retrievers: reciprocal rank fusion and the weighted fusion hybrid search uses; agreement wins, preambles sink."""

from index.refs import is_preambular
from index.search import PREAMBLE_WEIGHT, RRF_K, fuse_rankings


def test_a_paragraph_both_retrievers_rank_beats_one_ranked_first_by_only_one():
    dense = [(1, 0.9), (2, 0.8)]
    lexical = [(3, 12.0), (2, 9.0)]
    fused = fuse_rankings((dense, lexical))
    assert max(fused, key=fused.get) == 2
    assert fused[1] == fused[3] == 1.0 / (RRF_K + 1)


def test_scaled_ids_fall_below_an_operative_paragraph_of_equal_standing():
    dense = [(10, 0.7), (11, 0.69)]
    lexical = [(11, 8.0), (10, 7.9)]
    plain = fuse_rankings((dense, lexical))
    assert plain[10] == plain[11]
    scaled = fuse_rankings((dense, lexical), scale={10: PREAMBLE_WEIGHT})
    assert scaled[10] == plain[10] * PREAMBLE_WEIGHT < scaled[11]


def test_scale_ignores_ids_no_retriever_returned_and_empty_rankings_fuse_to_nothing():
    assert fuse_rankings(([(1, 0.5)],), scale={99: 0.1}) == {1: 1.0 / (RRF_K + 1)}
    assert fuse_rankings(((), ())) == {}


def test_preambular_refs_are_recognised():
    assert is_preambular("PP3") and not is_preambular("3") and not is_preambular("3(a)")


# ---- weighted fusion (what hybrid search uses) ------------------------------------------------------

def test_weighted_fusion_mixes_cosine_with_bm25_relative_to_the_best():
    from index.search import DENSE_WEIGHT, fuse_scores

    dense = {1: 0.70, 2: 0.66, 3: 0.40}
    lexical = {2: 10.0, 3: 5.0}
    fused = fuse_scores(dense, lexical, 0.8)
    assert fused[1] == 0.8 * 0.70  # no shared words: the cosine alone
    assert fused[2] == 0.8 * 0.66 + 0.2 * 1.0  # the best BM25 counts in full
    assert fused[3] == 0.8 * 0.40 + 0.2 * 0.5
    assert max(fused, key=fused.get) == 2  # words and meaning together beat meaning alone
    assert fuse_scores(dense, {}, 0.8) == {k: 0.8 * v for k, v in dense.items()}
    assert fuse_scores(dense, lexical, 1.0)[1] == 0.70 and 0.5 <= DENSE_WEIGHT < 1.0


def test_weighted_fusion_scales_preambles():
    from index.search import fuse_scores

    fused = fuse_scores({10: 0.7, 11: 0.7}, {10: 5.0, 11: 5.0}, 0.8, scale={10: PREAMBLE_WEIGHT})
    assert fused[10] == fused[11] * PREAMBLE_WEIGHT


def test_cosines_in_one_product_equal_the_best_window_of_each_paragraph():
    import numpy as np

    from index.search import HybridSearcher

    s = HybridSearcher.__new__(HybridSearcher)  # only the vectors and the window map
    s.vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype="float32")
    s._windows_of = {7: [0, 1], 8: [2]}
    q = np.array([0.0, 1.0], dtype="float32")
    got = s.cosines(q, [7, 8, 9])
    assert got == {7: s.cosine(q, 7), 8: s.cosine(q, 8), 9: 0.0}
    assert abs(got[7] - 0.8) < 1e-6 and s.cosines(q, []) == {}


def test_word_parts_are_lower_case_runs_without_accents():
    from index.search import word_parts

    assert word_parts("Non-Proliferation in Türkiye's São Tomé") == ["non", "proliferation", "in", "turkiye", "sao", "tome"]
