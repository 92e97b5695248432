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


def test_the_sure_bar_is_the_lowest_that_lifts_no_unanswered_question(monkeypatch):
    gate = cosine_gate()
    q = unit([1, 0, 0])

    def lifted(answerable, cos):
        w = unit([cos, np.sqrt(max(0.0, 1 - cos * cos)), 0])
        return (gate, tg.Asked("q", answerable, True, False, q, [w], [answerable], [], lifted=True))

    monkeypatch.setattr(tg, "THRESHOLDS", (0.1, 0.3, 0.5, 0.7, 0.9))
    monkeypatch.setattr(tg, "ADDED_ANSWERED", 0.0)
    never = (gate, tg.Asked("q", False, True, False, q, [unit([1, 0, 0])], [False], []))  # not liftable: ignored
    judged = [lifted(True, 0.95), lifted(True, 0.8), lifted(False, 0.6), never]
    sure, grid = tg.calibrate_sure(judged, threshold=0.3)
    assert sure == 0.7  # 0.5 would answer the unanswered question at cosine 0.6
    assert grid[0] == [0.9, "0/2", "1/2"] and grid[-1] == [0.5, "1/2", "2/2"]
    assert tg.calibrate_sure(judged, threshold=0.9)[0] == 0.9  # never under the gate's threshold
    assert tg.calibrate_sure([lifted(False, 0.99)], threshold=0.1)[0] == float("inf")  # none qualifies


def test_a_questions_fold_depends_on_its_text_alone():
    def named(text):
        return tg.Asked(text, True, False, True, unit([1, 0, 0]), [], [], [])

    questions = [named(f"question {i}") for i in range(50)]
    folds = [tg.fold(a) for a in questions]
    assert set(folds) == set(range(tg.FOLDS))  # every fold gets questions
    assert [tg.fold(a) for a in questions[1:]] == folds[1:]  # removing one moves no other
    assert tg.fold(named("question 7")) == folds[7]


def test_the_always_sure_gate_passes_and_is_sure_of_any_candidate():
    gate = tg.always_sure(3, "m")
    scores = gate.answers(unit([1, 0, 0]), [unit([0, 1, 0])])
    assert gate.fits(3) and gate.passes(scores) and gate.is_sure(scores)


def test_the_gate_is_the_mean_of_one_network_per_seed():
    pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 7)).astype("float32")
    y = (x[:, -1] > 0).astype("float32")
    gate = tg.train(x, y, "m")
    ones = [tg.train_one(x, y, "m", seed) for seed in tg.SEEDS]
    assert gate.w1.shape == (7, tg.HIDDEN * len(tg.SEEDS))
    assert np.allclose(gate.score(x), np.mean([g.score(x) for g in ones], axis=0), atol=1e-4)
    assert not np.allclose(ones[0].score(x), ones[1].score(x))  # the seeds differ


def test_a_printed_grid_keeps_the_rows_where_counts_change_and_marks_the_chosen_one():
    grid = [["rules", "1/4", "0/3"], [0.1, "1/4", "0/3"], [0.2, "1/4", "0/3"], [0.3, "2/4", "1/3"], [0.4, "2/4", "1/3"]]
    assert tg.steps(grid, 0.4) == [["rules", "1/4", "0/3"], [0.3, "2/4", "1/3"], ["0.400 ←", "2/4", "1/3"]]


@pytest.mark.model
def test_asking_again_with_an_always_sure_gate_tells_which_abstentions_it_lifts(tmp_path, embedder, monkeypatch):
    from index.answering import NEAR_MISS, Calibration
    from index.build import build_index
    from index.engine import Engine
    from index.store import IndexStore
    from tests.synthetic import FakeCatalog, synthetic_parser, write_sources

    write_sources(tmp_path / "src")
    build_index([tmp_path / "src"], tmp_path / "index", embedder=embedder, catalog=FakeCatalog(), parse=synthetic_parser())
    near_misses = Calibration(min_cosine=0.1, lexical_floor=50.0, lexical_cosine=0.99, focus_cosine=0.0)

    def engine(gate):
        e = Engine(IndexStore.open(tmp_path / "index"), lambda: embedder, gate=gate)
        monkeypatch.setattr(e._get_searcher(), "calibration", lambda mode="hybrid": near_misses)
        return e

    question = [("What does the report say about ransomware against hospitals?", ())]
    plain = engine(None)
    assert plain.ask(question[0][0]).message == NEAR_MISS
    (asked,) = tg.ask_all(plain, question, engine(tg.always_sure(embedder.dim, plain.store.manifest["model"])))
    assert asked.abstained and asked.lifted and not asked.gated
    (alone,) = tg.ask_all(plain, question)
    assert alone.abstained and not alone.lifted
