"""The query adapter: its move of a vector, its file, and how the engine ranks with it while the
answer decisions keep the model's own vector."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed import BUNDLED_MODEL
from index.engine import Engine
from index.errors import OEWGError
from index.query_adapter import DEFAULT_ADAPTER, AdapterUnavailable, QueryAdapter, load_adapter, save_adapter
from index.search import CANDIDATES
from index.store import IndexStore
from tests.synthetic import APR_24, FINAL_25, build_tools_index

RANSOMWARE = "What did States say about ransomware attacks against hospitals?"


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype="float32")
    return v / np.linalg.norm(v)


def steering(q: np.ndarray, target: np.ndarray, model: str = BUNDLED_MODEL) -> QueryAdapter:
    """An adapter that moves ``q`` exactly onto ``target``: q + M q = target."""
    return QueryAdapter(np.outer(target - q, q).astype("float32") / float(q @ q), model)


# ---- the adapter alone ---------------------------------------------------------------------

def test_it_moves_a_vector_by_its_matrix_and_keeps_it_of_unit_length():
    m = np.zeros((3, 3), dtype="float32")
    m[1, 0] = 1.0  # adds the first coordinate to the second
    moved = QueryAdapter(m, "m").adapt(unit([1, 0, 0]))
    assert np.allclose(moved, unit([1, 1, 0]))
    assert np.linalg.norm(moved) == pytest.approx(1.0)


def test_a_zero_matrix_leaves_the_vector_as_it_is_and_a_move_to_nothing_is_refused():
    q = unit([0.2, 0.5, 0.1])
    assert np.allclose(QueryAdapter(np.zeros((3, 3), "float32"), "m").adapt(q), q)
    assert np.allclose(QueryAdapter(-np.eye(3, dtype="float32"), "m").adapt(q), q)  # q + M q = 0


def test_it_fits_only_vectors_of_its_size():
    adapter = QueryAdapter(np.zeros((4, 4), "float32"), "m")
    assert adapter.fits(4) and not adapter.fits(384) and not adapter.fits(None)


def test_its_file_reads_back_as_written(tmp_path):
    m = np.arange(9, dtype="float32").reshape(3, 3) / 10
    save_adapter(QueryAdapter(m, "some-model"), tmp_path / "a.npz")
    back = load_adapter(tmp_path / "a.npz")
    assert np.array_equal(back.matrix, m) and back.model == "some-model"


@pytest.mark.parametrize("make, problem", [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b"not numpy at all"), "not a readable .npz"),
    (lambda p: np.savez(p, matrix=np.zeros((3, 3))), "it lacks model"),
    (lambda p: np.savez(p, matrix=np.zeros((3, 4)), model=np.array("m")), "not square"),
    (lambda p: np.savez(p, matrix=np.array(["a", "b"]), model=np.array("m")), "not a readable .npz"),
    (lambda p: np.savez(p, matrix=np.full((3, 3), np.nan), model=np.array("m")), "not numbers"),
])
def test_a_missing_or_damaged_file_says_so_in_one_line_with_the_fix(tmp_path, make, problem):
    path = tmp_path / "adapter.npz"
    make(path)
    with pytest.raises(AdapterUnavailable) as err:
        load_adapter(path)
    message = str(err.value)
    assert problem in message and str(path) in message and "\n" not in message
    assert 'query_adapter = "off"' in message and "train_adapter.py" in message
    assert isinstance(err.value, OEWGError)


def test_the_bundled_adapter_reads_and_fits_the_bundled_model():
    adapter = load_adapter(DEFAULT_ADAPTER)
    assert adapter.model == BUNDLED_MODEL and adapter.fits(384)


def test_no_training_question_is_one_the_adapter_is_measured_on():
    from benchmarks.common import QUESTIONS, load_questions
    from benchmarks.train_adapter import BLIND, asked_questions, folded, held_out_texts

    trained = {folded(text) for text, _, _ in asked_questions()}
    held = held_out_texts()
    assert len(trained) > 2500 and not trained & held
    assert {folded(q.text) for q in load_questions(QUESTIONS) if q.split == "test"} <= held
    assert {folded(q.text) for q in load_questions(BLIND / "blind18.jsonl")} <= held
    assert not {folded(q.text) for q in load_questions(BLIND / "blind17.jsonl")} <= held  # 17 is trained on


# ---- the engine with an adapter --------------------------------------------------------------

@pytest.fixture(scope="module")
def tools_index(tmp_path_factory, embedder):
    return build_tools_index(tmp_path_factory.mktemp("adapter"), embedder)


def engine_with(index_dir, embedder, adapter) -> Engine:
    return Engine(IndexStore.open(index_dir), lambda: embedder, gate=None, adapter=adapter)


def ransomware_paragraphs(engine: Engine) -> tuple[np.ndarray, int, int]:
    """The question's vector, the paragraph the model ranks first and the other report's one."""
    qvec = engine._query_vector(RANSOMWARE, engine.expand(RANSOMWARE))
    hits = engine.search_hits(RANSOMWARE, qvec=qvec)
    first = hits[0].paragraph_id
    others = {APR_24, FINAL_25} - {engine.store.paragraph(first).symbol}
    other = next(h.paragraph_id for h in hits if engine.store.paragraph(h.paragraph_id).symbol in others)
    return qvec, first, other


@pytest.mark.model
def test_the_adapted_vector_ranks_and_the_hits_keep_the_models_cosines(tools_index, embedder):
    plain = engine_with(tools_index, embedder, None)
    qvec, first, other = ransomware_paragraphs(plain)
    searcher = plain._get_searcher()
    target = searcher.best_window(qvec, other)
    steered = engine_with(tools_index, embedder, steering(qvec, target))
    hits = steered.search_hits(RANSOMWARE)
    assert hits[0].paragraph_id == other  # the adapter's vector ranked
    cosines = searcher.cosines(qvec, [h.paragraph_id for h in hits])
    for h in hits:  # what the decisions read is still the model's own cosine
        assert h.dense == pytest.approx(cosines[h.paragraph_id], abs=1e-5) and h.score == h.dense
    assert [h.paragraph_id for h in steered.search_hits(RANSOMWARE, mode="dense")][0] == other
    assert [h.paragraph_id for h in steered.search_hits(RANSOMWARE, mode="bm25")] == \
        [h.paragraph_id for h in plain.search_hits(RANSOMWARE, mode="bm25")]


@pytest.mark.model
def test_an_answer_quotes_from_the_adapters_ranking_when_the_decisions_answer_on_it(tools_index, embedder):
    plain = engine_with(tools_index, embedder, None)
    qvec, first, other = ransomware_paragraphs(plain)
    target = plain._get_searcher().best_window(qvec, other)
    before = plain.ask(RANSOMWARE)
    after = engine_with(tools_index, embedder, steering(qvec, target)).ask(RANSOMWARE)
    assert not before.abstained and not after.abstained
    ref = lambda quote: (quote.symbol, quote.scope, quote.ref)  # noqa: E731
    store = plain.store
    assert ref(before.quotes[0]) == (store.paragraph(first).symbol, store.paragraph(first).scope, store.paragraph(first).ref)
    assert ref(after.quotes[0]) == (store.paragraph(other).symbol, store.paragraph(other).scope, store.paragraph(other).ref)


@pytest.mark.model
def test_whether_to_answer_is_decided_on_the_models_own_ranking(tools_index, embedder):
    plain = engine_with(tools_index, embedder, None)
    qvec, _, _ = ransomware_paragraphs(plain)
    cake = next(pid for pid, p in plain.store.paragraph_items() if "chocolate" in p.text)
    # an adapter that sends the question to the cake recipe: the decisions on it would abstain
    steered = engine_with(tools_index, embedder, steering(qvec, plain._get_searcher().best_window(qvec, cake)))
    assert steered.search_hits(RANSOMWARE)[0].paragraph_id == cake
    answer = steered.ask(RANSOMWARE)
    assert not answer.abstained and "chocolate" not in answer.quotes[0].text  # it falls back on the model's ranking
    offtopic = "Which football club won the league in 1998?"
    off_plain, off_steered = plain.ask(offtopic), engine_with(tools_index, embedder, steering(
        plain._query_vector(offtopic, plain.expand(offtopic)), plain._get_searcher().best_window(qvec, cake))).ask(offtopic)
    assert off_plain.abstained and off_steered.abstained and off_plain.message == off_steered.message


@pytest.mark.model
@pytest.mark.parametrize("adapter", [None, "off", QueryAdapter(np.zeros((384, 384), "float32"), "another-model"),
                                     QueryAdapter(np.zeros((16, 16), "float32"), BUNDLED_MODEL)])
def test_no_adapter_or_one_trained_for_another_model_or_size_of_vector_is_not_used(tools_index, embedder, adapter):
    engine = engine_with(tools_index, embedder, adapter)
    assert engine.query_adapter() is None
    assert engine.search_hits(RANSOMWARE)[0].paragraph_id == engine_with(tools_index, embedder, None).search_hits(RANSOMWARE)[0].paragraph_id


@pytest.mark.model
def test_a_damaged_adapter_file_fails_the_first_question_in_one_line_not_the_lookups(tools_index, embedder, tmp_path):
    bad = tmp_path / "adapter.npz"
    bad.write_bytes(b"garbage")
    engine = engine_with(tools_index, embedder, bad)
    assert engine.lookup("1", FINAL_25)
    with pytest.raises(AdapterUnavailable, match="cannot be used"):
        engine.ask(RANSOMWARE)


@pytest.mark.model
def test_an_opened_engine_ranks_with_the_bundled_adapter(tools_index):
    engine = Engine.open(tools_index, gate=None)
    adapter = engine.query_adapter()
    assert adapter is not None and np.array_equal(adapter.matrix, load_adapter(DEFAULT_ADAPTER).matrix)


@pytest.mark.model
def test_the_gate_judges_the_adapters_ranking_with_the_models_own_vector_too(tools_index, embedder):
    from index.answer_gate import AnswerGate

    seen = []

    class Recording(AnswerGate):
        def answers(self, qvec, windows):
            seen.append(qvec)
            return super().answers(qvec, windows)

    dim = 384
    gate = Recording(np.zeros((2 * dim + 1, 1), "float32"), np.zeros(1, "float32"), np.zeros(1, "float32"),
                     5.0, 0.0, BUNDLED_MODEL)
    plain = engine_with(tools_index, embedder, None)
    qvec, _, other = ransomware_paragraphs(plain)
    steered = Engine(IndexStore.open(tools_index), lambda: embedder, gate=gate,
                     adapter=steering(qvec, plain._get_searcher().best_window(qvec, other)))
    assert not steered.ask(RANSOMWARE).abstained
    assert len(seen) == 2 and all(np.allclose(v, qvec, atol=1e-6) for v in seen)  # once per ranking, both times q


@pytest.mark.model
def test_both_rankings_of_a_question_share_one_bm25_retrieval(tools_index, embedder, monkeypatch):
    plain = engine_with(tools_index, embedder, None)
    qvec, _, other = ransomware_paragraphs(plain)
    steered = engine_with(tools_index, embedder, steering(qvec, plain._get_searcher().best_window(qvec, other)))
    searcher = steered._get_searcher()
    calls = []
    original = type(searcher).lexical
    monkeypatch.setattr(type(searcher), "lexical", lambda self, query, depth=CANDIDATES: calls.append(query) or original(self, query, depth))
    answer = steered.ask(RANSOMWARE)
    assert not answer.abstained and len(calls) == 1
