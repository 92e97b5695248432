"""Reciprocal rank fusion: agreement between retrievers wins, and scaled ids (preambles) sink."""

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
