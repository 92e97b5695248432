"""The answer gate: its features, its scores and verdict, its weights file, and rule 5 of the answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.answer_gate import (DEFAULT_GATE, GATED, AnswerGate, GateUnavailable, gate_features, load_gate,
                               save_gate)
from index.answering import NOT_ANSWERED, Calibration, Candidate, decide
from index.embed import BUNDLED_MODEL
from index.errors import OEWGError

CAL = Calibration()


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype="float32")
    return v / np.linalg.norm(v)


def fixed_gate(bias: float, threshold: float = 0.0, model: str = "m", dim: int = 3) -> AnswerGate:
    """A gate whose score is its cosine feature plus ``bias`` (one hidden unit passing the cosine)."""
    w1 = np.zeros((2 * dim + 1, 1), dtype="float32")
    w1[-1, 0] = 1.0
    return AnswerGate(w1, np.array([1.0], dtype="float32"), np.array([1.0], dtype="float32"), bias - 1.0, threshold, model)


def test_features_are_the_product_the_distance_and_the_cosine_never_a_vector_alone():
    q, p = unit([1, 2, 2]), unit([2, 1, 2])
    f = gate_features(q, p)
    assert f.shape == (7,) and f.dtype == np.float32
    assert np.allclose(f[:3], q * p) and np.allclose(f[3:6], np.abs(q - p))
    assert f[6] == pytest.approx(float(q @ p))
    assert np.allclose(gate_features(p, q), f)  # symmetric: no side is read alone


def test_the_score_is_the_network_and_the_verdict_looks_at_the_best_three_only():
    gate = fixed_gate(bias=0.0, threshold=0.5)
    q = unit([1, 0, 0])
    near, far = unit([1, 0.2, 0]), unit([0, 1, 0])
    scores = gate.answers(q, [near, far])
    assert scores[0] == pytest.approx(float(q @ near)) and scores[1] == pytest.approx(0.0)
    assert gate.passes(scores)
    assert not gate.passes([0.1] * GATED + [0.9])  # a fourth candidate does not count
    assert gate.passes([0.1, 0.5]) and not gate.passes([0.4999])  # the threshold itself passes
    assert not gate.passes([])
    assert gate.answers(q, []) == []


def test_a_gate_fits_only_vectors_of_the_size_it_was_trained_on():
    gate = fixed_gate(bias=0.0, dim=3)
    assert gate.fits(3) and not gate.fits(4) and not gate.fits(None) and not gate.fits("3")


def test_a_saved_gate_loads_unchanged(tmp_path):
    gate = fixed_gate(bias=0.25, threshold=-1.5, model="all-MiniLM-L6-v2")
    save_gate(gate, tmp_path / "g.npz")
    back = load_gate(tmp_path / "g.npz")
    assert np.array_equal(back.w1, gate.w1) and np.array_equal(back.b1, gate.b1) and np.array_equal(back.w2, gate.w2)
    assert (back.b2, back.threshold, back.model) == (pytest.approx(gate.b2), -1.5, "all-MiniLM-L6-v2")


def _write(path, **arrays):
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize("make, says", [
    (lambda d: d / "absent.npz", "no such file"),
    (lambda d: (d / "junk.npz").write_bytes(b"not a zip at all") and d / "junk.npz", "not a readable .npz file of weights"),
    (lambda d: _write(d / "part.npz", w1=np.zeros((7, 2))), "it lacks b1, w2, b2, threshold, model"),
    (lambda d: _write(d / "shape.npz", w1=np.zeros((7, 2)), b1=np.zeros(3), w2=np.zeros(2), b2=0.0, threshold=0.0,
                      model=np.array("m")), "do not fit together"),
    (lambda d: _write(d / "nan.npz", w1=np.full((7, 2), np.nan), b1=np.zeros(2), w2=np.zeros(2), b2=0.0,
                      threshold=0.0, model=np.array("m")), "not numbers"),
])
def test_a_missing_or_damaged_weights_file_is_one_line_that_says_what_to_do(tmp_path, make, says):
    path = make(tmp_path)
    with pytest.raises(GateUnavailable) as err:
        load_gate(path)
    message = str(err.value)
    assert isinstance(err.value, OEWGError) and "\n" not in message
    assert says in message and str(path) in message
    assert "benchmarks/train_gate.py" in message and "git checkout sources/answer_gate.npz" in message
    assert 'answer_gate = "off"' in message


def test_a_pickled_object_is_refused_not_run(tmp_path):
    path = tmp_path / "pickle.npz"
    np.savez(path, w1=np.array([object()], dtype=object), b1=np.zeros(1), w2=np.zeros(1), b2=0.0, threshold=0.0,
             model=np.array("m"))
    with pytest.raises(GateUnavailable, match="not a readable .npz file of weights"):
        load_gate(path)


def test_the_bundled_gate_reads_the_bundled_models_vectors():
    gate = load_gate(DEFAULT_GATE)
    assert gate.model == BUNDLED_MODEL
    assert gate.w1.shape[0] == 2 * 384 + 1 and gate.w1.shape[1] == gate.b1.shape[0] == gate.w2.shape[0]
    assert -3.0 <= gate.threshold <= 1.0


def cand(key, cos=0.8, fused=1.0, lex=2.0, gives=frozenset()):
    return Candidate(key, cos, fused, cos, lex, frozenset(gives))


def test_rule_5_abstains_when_the_gate_finds_no_answer_and_is_silent_otherwise():
    cands = [cand(1), cand(2, 0.78, 0.95)]
    no = decide(cands, [], CAL, lambda t: False, answered=False)
    assert no.abstained and no.message == NOT_ANSWERED and not no.quotes
    for verdict in (True, None):
        d = decide(cands, [], CAL, lambda t: False, answered=verdict)
        assert not d.abstained and d.quotes[0] == 1


def test_the_rules_reasons_come_before_the_gates():
    low = decide([cand(1, cos=0.1)], [], CAL, lambda t: False, answered=False)
    assert low.abstained and low.message != NOT_ANSWERED
    typed = decide([cand(1)], [], CAL, lambda t: False, asks="vote", answered=False)
    assert typed.message.startswith("None of the paragraphs found records how States voted")


def test_the_gate_message_says_the_topic_is_covered_but_not_the_question():
    assert "on this topic" in NOT_ANSWERED and "do not seem to say" in NOT_ANSWERED and "/para" in NOT_ANSWERED


def test_the_training_questions_are_well_formed_and_name_indexed_kinds():
    from benchmarks.train_gate import TRAIN_FILE

    lines = TRAIN_FILE.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 3000
    assert {r["kind"] for r in rows} == {"ordinary", "lay", "keyword", "unanswered"}
    assert all(r["question"].strip() and r["doc"].startswith("A/RES/80/") and r["ref"] for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_no_training_question_is_a_question_the_gate_is_measured_or_calibrated_on():
    from benchmarks.common import QUESTIONS, load_questions
    from benchmarks.train_gate import CALIBRATION, TRAIN_FILE

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    trained = {norm(json.loads(line)["question"]) for line in TRAIN_FILE.read_text(encoding="utf-8").splitlines()}
    held = [q for q in load_questions(QUESTIONS) if q.split == "test"]
    for path in (CALIBRATION, *(CALIBRATION.with_name(f"blind{n}.jsonl") for n in (8, 9, 10))):
        held += load_questions(path)
    assert held and not trained & {norm(q.text) for q in held}


def test_a_threshold_given_to_the_verdict_replaces_the_gates_own():
    gate = fixed_gate(bias=0.0, threshold=0.5)
    assert gate.passes([0.3], threshold=0.2) and not gate.passes([0.3]) and not gate.passes([0.6], threshold=0.7)
