"""benchmarks/train_gate.py: the training pairs, the threshold rule, the question files it reads."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import common, train_gate as tg
from index.answer_gate import AnswerGate


def unit(v):
    v = np.asarray(v, dtype="float32")
    return v / np.linalg.norm(v)


def asked(answerable, gold, abstained=False, gated=True, extra=()):
    q = unit([1, 0, 0])
    windows = [unit([1, 0.1 * i, 0]) for i in range(len(gold))]
    return tg.Asked("q", answerable, abstained, gated, q, windows, list(gold), list(extra))


def test_pairs_take_the_expected_paragraph_as_positive_and_the_best_others_as_negatives():
    a = asked(True, [False, True, False, False, False])
    x, y = tg.pairs([a])
    assert y.tolist() == [1.0, 0.0, 0.0, 0.0]  # one positive (ranked 2nd), the best three others
    assert x.shape == (4, 7)
    assert np.allclose(x[0][-1], float(a.qvec @ a.windows[1]))  # the positive is the expected paragraph


def test_an_expected_paragraph_not_ranked_is_still_a_positive_and_unanswered_ones_have_none():
    missed = asked(True, [False, False], extra=[unit([0, 1, 0])])
    _, y = tg.pairs([missed])
    assert y.tolist() == [1.0, 0.0, 0.0]
    _, y = tg.pairs([asked(False, [False] * 5)])
    assert y.tolist() == [0.0, 0.0, 0.0]


def cosine_gate() -> AnswerGate:
    w1 = np.zeros((7, 1), dtype="float32")
    w1[-1, 0] = 1.0
    return AnswerGate(w1, np.array([1.0], "float32"), np.array([1.0], "float32"), -1.0, 0.0, "m")


def test_the_threshold_is_the_highest_that_adds_at_most_the_allowed_share_of_wrong_abstentions(monkeypatch):
    gate = cosine_gate()
    q = unit([1, 0, 0])

    def one(answerable, cos, abstained=False):
        w = unit([cos, np.sqrt(max(0.0, 1 - cos * cos)), 0])
        return (gate, tg.Asked("q", answerable, abstained, not abstained, q, [w], [answerable], []))

    monkeypatch.setattr(tg, "THRESHOLDS", (0.1, 0.3, 0.5, 0.7, 0.9))
    monkeypatch.setattr(tg, "ADDED_WRONG", 0.0)
    judged = [one(True, 0.95), one(True, 0.6), one(True, 0.2, abstained=True), one(False, 0.4), one(False, 0.8)]
    threshold, grid = tg.calibrate(judged)
    assert threshold == 0.5  # 0.7 would abstain on the answerable question at cosine 0.6
    assert grid[0] == ["rules", "0/2", "1/3"]
    assert ["0.5", "1/2", "1/3"] == [str(c) for c in grid[3]]
    monkeypatch.setattr(tg, "ADDED_WRONG", 0.34)  # one more of three allowed
    assert tg.calibrate(judged)[0] == 0.9


def test_the_training_file_reads_unanswered_questions_as_having_no_target():
    questions = tg.training_questions()
    assert len(questions) >= 3000
    assert any(not targets for _, targets in questions) and any(targets for _, targets in questions)
    assert all(t.doc.startswith("A/RES/80/") for _, targets in questions for t in targets)


def test_a_given_index_is_used_and_a_missing_corpus_is_one_message(monkeypatch, tmp_path, capsys):
    assert common.given_or_fresh_index(tmp_path) == (tmp_path, None, None, None)
    monkeypatch.setattr(common, "resolutions_dir", lambda: tmp_path / "nowhere")
    assert common.given_or_fresh_index(None) is None
    assert "nowhere" in capsys.readouterr().err
