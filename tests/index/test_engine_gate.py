"""The engine runs the answer gate on the best candidates of a searched question (rule 5)."""

from __future__ import annotations

import numpy as np
import pytest

from index.answer_gate import AnswerGate, GateUnavailable
from index.answering import NOT_ANSWERED
from index.build import build_index
from index.embed import BUNDLED_MODEL
from index.engine import Engine
from index.store import IndexStore
from tests.synthetic import REPORT, FakeCatalog, synthetic_parser, write_sources

pytestmark = pytest.mark.model

QUESTION = "What does the report say about ransomware against hospitals?"


def constant_gate(score: float, model: str = BUNDLED_MODEL, dim: int = 384, sure: float = float("inf")) -> AnswerGate:
    """A gate that gives every candidate ``score`` (threshold 0): it always or never passes, and
    is sure when ``score`` reaches ``sure``."""
    return AnswerGate(np.zeros((2 * dim + 1, 1), dtype="float32"), np.zeros(1, dtype="float32"),
                      np.zeros(1, dtype="float32"), score, 0.0, model, sure)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("engine-gate")
    write_sources(root / "src")
    build_index([root / "src"], root / "index", embedder=embedder, catalog=FakeCatalog(), parse=synthetic_parser())
    return root / "index"


def engine_with(index_dir, embedder, gate, adapter=None) -> Engine:
    """The engine with ``gate`` and, unless given, no query adapter: one ranking, one gate verdict."""
    return Engine(IndexStore.open(index_dir), lambda: embedder, gate=gate, adapter=adapter)


def test_a_gate_that_finds_no_answer_abstains_with_its_reason(index_dir, embedder):
    answer = engine_with(index_dir, embedder, constant_gate(-5.0)).ask(QUESTION)
    assert answer.abstained and answer.message == NOT_ANSWERED and not answer.quotes
    assert not getattr(answer, "see_also", ())


def test_a_gate_that_finds_one_lets_the_rules_answer(index_dir, embedder):
    answer = engine_with(index_dir, embedder, constant_gate(5.0)).ask(QUESTION)
    assert not answer.abstained and (answer.quotes[0].symbol, answer.quotes[0].ref) == (REPORT, "1")


@pytest.mark.parametrize("gate", [None, "off", constant_gate(-5.0, model="another-model"), constant_gate(-5.0, dim=16)])
def test_no_gate_or_one_trained_for_another_model_or_size_of_vector_is_not_run(index_dir, embedder, gate):
    engine = engine_with(index_dir, embedder, gate)
    assert engine.answer_gate() is None
    assert not engine.ask(QUESTION).abstained


def test_the_gate_reads_the_questions_vector_and_each_candidates_best_window(index_dir, embedder):
    seen = []

    class Recording(AnswerGate):
        def answers(self, qvec, windows):
            seen.append((qvec, windows))
            return super().answers(qvec, windows)

    base = constant_gate(5.0)
    engine = engine_with(index_dir, embedder, Recording(base.w1, base.b1, base.w2, base.b2, base.threshold, base.model))
    engine.ask(QUESTION)
    (qvec, windows), = seen
    expansion = engine.expand(QUESTION)
    assert np.allclose(qvec, embedder.encode_queries([expansion.dense_text(QUESTION)])[0])
    hits = engine.search_hits(QUESTION)
    searcher = engine._get_searcher()
    assert 1 <= len(windows) <= 3
    for hit, window in zip(hits, windows):
        assert float(window @ qvec) == pytest.approx(hit.dense, abs=1e-5)


def test_a_damaged_gate_file_fails_the_first_question_in_one_line_not_the_lookups(index_dir, embedder, tmp_path):
    bad = tmp_path / "gate.npz"
    bad.write_bytes(b"\x00garbage")
    engine = engine_with(index_dir, embedder, bad)
    assert engine.read("1", REPORT).quotes  # a lookup never reads the gate
    with pytest.raises(GateUnavailable) as err:
        engine.ask(QUESTION)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_the_bundled_gate_is_the_default_of_an_opened_engine(index_dir):
    engine = Engine.open(index_dir)
    gate = engine.answer_gate()
    assert gate is not None and gate.model == BUNDLED_MODEL


def test_bm25_alone_has_no_vectors_and_runs_no_gate(index_dir, embedder):
    engine = engine_with(index_dir, embedder, constant_gate(-5.0))
    assert not engine.ask(QUESTION, mode="bm25").abstained
    assert engine.ask(QUESTION, mode="dense").message == NOT_ANSWERED  # dense has them: gated


def test_warming_up_loads_the_model_before_it_reads_a_damaged_gate(index_dir, embedder, tmp_path):
    bad = tmp_path / "gate.npz"
    bad.write_bytes(b"\x00garbage")
    engine = engine_with(index_dir, embedder, bad)
    with pytest.raises(GateUnavailable):
        engine.warm()
    assert engine._embedder is embedder


def test_a_near_miss_is_answered_only_when_the_gate_is_sure(index_dir, embedder, monkeypatch):
    from index.answering import NEAR_MISS, Calibration

    def engine(gate):
        e = engine_with(index_dir, embedder, gate)
        # a near-miss bar no wording clears: every searched question is a near miss for rule 2
        monkeypatch.setattr(e._get_searcher(), "calibration",
                            lambda mode="hybrid": Calibration(min_cosine=0.1, lexical_floor=50.0, lexical_cosine=0.99,
                                                              focus_cosine=0.0))
        return e

    assert engine(constant_gate(5.0)).ask(QUESTION).message == NEAR_MISS  # passes, but is not sure
    assert engine(constant_gate(5.0, sure=6.0)).ask(QUESTION).message == NEAR_MISS
    sure = engine(constant_gate(5.0, sure=5.0)).ask(QUESTION)
    assert not sure.abstained and (sure.quotes[0].symbol, sure.quotes[0].ref) == (REPORT, "1")
