"""Train the answer gate (index.answer_gate) and choose its threshold; writes sources/answer_gate.npz.

Training questions: ``benchmarks/train/gate_questions.jsonl`` (3,248 questions that helpers wrote
from the 55 resolutions' paragraphs alone, never seeing the system or an evaluation set: for each
paragraph one it answers, in ordinary or lay words; for every second one a keyword query that finds
it; and questions and queries on a paragraph's topic that no paragraph of its resolution answers;
four that repeat a question of ``test`` or blind sets 7–9 word for word were left out), the dev
split of ``benchmarks/questions.jsonl`` and blind sets 1–6. The threshold is chosen on questions
each judged by a gate that was not trained on them: dev and blind sets 1–6 by five gates trained
on the other four fifths of all training questions, and blind set 7 (never trained on) by the
final gate. It is the highest threshold at which the gate abstains on at most 2% more of their
answerable questions than the rules do. ``test`` and blind sets 8 and 9 are neither trained nor
calibrated on.

For each question the engine (without a gate) ranks ten paragraphs. Positives: the expected
paragraph (up to two rows of it, the retrieved ones first); negatives: the best three retrieved
paragraphs that are not it (for an unanswered question, the best three). Features are those of
``index.answer_gate.gate_features``. The network: one hidden layer of 128 ReLU units, dropout 0.2,
AdamW (lr 1e-3, weight decay 1e-2), 15 epochs of batches of 64, positives weighted by the ratio of
negatives to positives. The gate is the mean of five such networks trained with seeds 0–4
(``index.answer_gate.averaged_gate``), and so is each fold's: one network's threshold moved
between −1.5 and −1.0 when one training question of 3,248 changed; the mean of five moves a
grid step (0.05) or none. A question's fold is a hash of its text, so adding or removing one
question moves no other. A rerun on the same index gives the same weights.

The gate's ``sure`` bar (rules 2 and 3 of index.answering yield to a candidate scoring it) is
then the lowest score on the grid, at or over the threshold, at which lifting those rules answers
none of the unanswered questions judged out of fold (the helpers' included: over 1,400 of them),
each question's lifting found by asking it again with a gate that is always sure.

    python benchmarks/train_gate.py [--index DIR] [--out sources/answer_gate.npz]

Needs torch (installed with sentence-transformers); the engine at run time needs only numpy.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from benchmarks.common import (ANSWER, OFFTOPIC, REPO, QUESTIONS, Target, format_table,  # noqa: E402
                               given_or_fresh_index, load_questions, matches)
from index.answer_gate import DEFAULT_GATE, GATED, AnswerGate, averaged_gate, gate_features, save_gate  # noqa: E402

TRAIN_FILE = REPO / "benchmarks" / "train" / "gate_questions.jsonl"
BLIND = REPO / "benchmarks" / "blind"
TRAIN_BLIND = tuple(BLIND / f"blind{n}.jsonl" for n in range(1, 7))
CALIBRATION = BLIND / "blind7.jsonl"
RANKED = 10
NEGATIVES = 3
POSITIVES = 2
HIDDEN, EPOCHS, BATCH, LR, DECAY, DROPOUT = 128, 15, 64, 1e-3, 1e-2, 0.2
SEEDS = (0, 1, 2, 3, 4)  # the gate is the mean of one network per seed
FOLDS = 5
ADDED_WRONG = 0.02  # the share of answerable questions the gate may add to the rules' abstentions
ADDED_ANSWERED = 0.0  # the share of unanswered questions its sure bar may answer against rules 2 and 3
THRESHOLDS = tuple(round(-3.0 + 0.05 * i, 2) for i in range(121))  # -3.0 … 3.0


@dataclass
class Asked:
    """One question as the engine without a gate sees it."""

    text: str
    answerable: bool
    abstained: bool  # the rules abstained (or it was answered by lookup or a tool: not gated)
    gated: bool  # a searched answer, which the gate would judge
    qvec: np.ndarray
    windows: list  # best window vector of each ranked paragraph with windows
    gold: list  # per ranked paragraph: is it the expected one
    gold_windows: list  # best windows of expected paragraphs not ranked
    lifted: bool = False  # the rules abstained, but would answer if the gate were sure (rules 2 and 3 only)


def training_questions(path: Path = TRAIN_FILE) -> list[tuple[str, tuple[Target, ...]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        targets = () if o["kind"] == "unanswered" else (Target(o["doc"], o["scope"], o["ref"]),)
        out.append((o["question"], targets))
    return out


def file_questions(path: Path, split: str | None = None) -> list[tuple[str, tuple[Target, ...]]]:
    return [(q.text, q.targets if q.kind == ANSWER else ()) for q in load_questions(path)
            if q.kind in (ANSWER, OFFTOPIC) and (split is None or q.split == split)]


def always_sure(dim: int, model: str) -> AnswerGate:
    """A gate that passes and is sure of every candidate: asking with it tells which abstentions
    the gate's sure bar could lift."""
    return AnswerGate(np.zeros((2 * dim + 1, 1), "float32"), np.zeros(1, "float32"), np.zeros(1, "float32"),
                      0.0, -math.inf, model, -math.inf)


def ask_all(engine, questions, sure_engine=None) -> list[Asked]:
    """Each question ranked by ``engine`` (no gate); ``sure_engine`` (the same index with
    ``always_sure``) tells which of its abstentions a sure gate lifts."""
    searcher = engine._get_searcher()
    store = engine.store
    rows = [(pid, p.symbol, p.scope, p.ref) for pid, p in store.paragraph_items()]
    out = []
    for text, targets in questions:
        answer = engine.ask(text)
        expansion = engine.expand(text)
        qvec = engine._query_vector(text, expansion)
        hits = engine.search_hits(text, k=RANKED, expansion=expansion, qvec=qvec)
        windows, gold, ranked = [], [], set()
        for h in hits:
            w = searcher.best_window(qvec, h.paragraph_id)
            if w is None:
                continue
            p = store.paragraph(h.paragraph_id)
            windows.append(w)
            gold.append(any(matches((p.symbol, p.scope, p.ref), t) for t in targets))
            ranked.add(h.paragraph_id)
        extra = [searcher.best_window(qvec, pid) for pid, sym, scope, ref in rows
                 if pid not in ranked and any(matches((sym, scope, ref), t) for t in targets)]
        lifted = answer.abstained and sure_engine is not None and not sure_engine.ask(text).abstained
        out.append(Asked(text, bool(targets), answer.abstained, answer.mode == "search" and not answer.abstained,
                         qvec, windows, gold, [w for w in extra if w is not None], lifted))
    return out


def pairs(asked: list[Asked]) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for a in asked:
        if a.answerable:
            pos = [w for w, g in zip(a.windows, a.gold) if g] + a.gold_windows
            for w in pos[:POSITIVES]:
                x.append(gate_features(a.qvec, w))
                y.append(1.0)
        for w in [w for w, g in zip(a.windows, a.gold) if not g][:NEGATIVES]:
            x.append(gate_features(a.qvec, w))
            y.append(0.0)
    return np.array(x, dtype="float32"), np.array(y, dtype="float32")


def train(x: np.ndarray, y: np.ndarray, model: str) -> AnswerGate:
    """The mean of one network per seed of SEEDS."""
    return averaged_gate([train_one(x, y, model, seed) for seed in SEEDS])


def train_one(x: np.ndarray, y: np.ndarray, model: str, seed: int) -> AnswerGate:
    import torch

    torch.set_num_threads(1)  # batches this small train faster on one thread
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Dropout(DROPOUT),
                              torch.nn.Linear(HIDDEN, 1))
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=DECAY)
    X, Y = torch.tensor(x), torch.tensor(y)
    share = float(Y.mean())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - share) / share))
    for _ in range(EPOCHS):
        net.train()
        order = torch.randperm(len(Y))
        for i in range(0, len(Y), BATCH):
            b = order[i:i + BATCH]
            loss = loss_fn(net(X[b]).squeeze(-1), Y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    first, last = net[0], net[3]
    return AnswerGate(first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy(),
                      last.weight.detach().numpy()[0].copy(), float(last.bias.detach()[0]), 0.0, model)


def abstains(gate: AnswerGate, a: Asked, scores: list[float], threshold: float) -> bool:
    """Whether the rules, or the gate at ``threshold`` given its ``scores`` of ``a``, abstain."""
    return a.abstained or (a.gated and not gate.passes(scores, threshold))


def calibrate(judged: list[tuple[AnswerGate, Asked]]) -> tuple[float, list[list]]:
    """The highest threshold at which the gate adds at most ADDED_WRONG of the answerable questions
    to those the rules abstain on; and the grid. Each question is judged by a gate not trained on it,
    which scores it once for every threshold of the grid."""
    scored = [(g, a, g.answers(a.qvec, a.windows[:GATED]) if a.gated else []) for g, a in judged]
    answerable = [x for x in scored if x[1].answerable]
    offtopic = [x for x in scored if not x[1].answerable]
    rules_wrong = sum(a.abstained for _, a, _ in answerable)
    grid, best = [], THRESHOLDS[0]
    for t in THRESHOLDS:
        wrong = sum(abstains(g, a, s, t) for g, a, s in answerable)
        right = sum(abstains(g, a, s, t) for g, a, s in offtopic)
        grid.append([t, f"{right}/{len(offtopic)}", f"{wrong}/{len(answerable)}"])
        if wrong - rules_wrong <= ADDED_WRONG * len(answerable):
            best = t
    grid.insert(0, ["rules", f"{sum(a.abstained for _, a, _ in offtopic)}/{len(offtopic)}", f"{rules_wrong}/{len(answerable)}"])
    return best, grid


def calibrate_sure(judged: list[tuple[AnswerGate, Asked]], threshold: float) -> tuple[float, list[list]]:
    """The lowest score of the grid, at or over ``threshold``, at which lifting rules 2 and 3 for a
    candidate scoring it answers at most ADDED_ANSWERED of the unanswered questions (inf: none
    qualifies); and the grid (unanswered answered, answerable answered, by lifting)."""
    lifted = [(a.answerable, g.answers(a.qvec, a.windows[:GATED])) for g, a in judged if a.lifted]
    offtopic = sum(not a.answerable for _, a in judged)
    grid, best = [], math.inf
    for t in reversed([t for t in THRESHOLDS if t >= threshold]):
        lost = sum(not answerable and any(s >= t for s in scores) for answerable, scores in lifted)
        gained = sum(answerable and any(s >= t for s in scores) for answerable, scores in lifted)
        grid.append([t, f"{lost}/{offtopic}", f"{gained}/{sum(a for a, _ in lifted)}"])
        if lost > ADDED_ANSWERED * offtopic:
            break
        best = t
    return best, grid


def steps(grid: list[list], chosen: float) -> list[list]:
    """The rows of a grid where its counts change, and the chosen one (marked): a 121-row grid
    printed as the dozen rows that say something."""
    out, last = [], None
    for row in grid:
        if row[1:] != last or row[0] == chosen:
            out.append([f"{row[0]:.3f} ←" if row[0] == chosen else row[0], *row[1:]])
        last = row[1:]
    return out


def fold(a: Asked) -> int:
    """A question's fold: a hash of its text, so that no other question moves when one is added."""
    return zlib.crc32(a.text.encode("utf-8")) % FOLDS


def out_of_fold(train_asked: list[Asked], judged: list[Asked], model: str) -> list[tuple[AnswerGate, Asked]]:
    """Each of ``judged`` (a part of ``train_asked``, by identity) paired with a gate trained on the
    other folds (``fold``)."""
    out = []
    for f in range(FOLDS):
        held = {id(a) for a in train_asked if fold(a) == f}
        gate = train(*pairs([a for a in train_asked if id(a) not in held]), model)
        out += [(gate, a) for a in judged if id(a) in held]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="reuse this index of the 55 resolutions (default: build one)")
    ap.add_argument("--out", type=Path, default=DEFAULT_GATE, help="where to write the weights")
    args = ap.parse_args(argv)
    from index.engine import Engine
    from index.errors import OEWGError

    found = given_or_fresh_index(args.index)
    if found is None:
        return 2
    index_dir, _, _, tmp = found
    try:
        engine = Engine.open(index_dir, gate=None, adapter=None)  # the gate decides on the model's own ranking
        engine.warm()
        model = engine.store.manifest["model"]
        sure_engine = Engine.open(index_dir, gate=always_sure(int(engine.store.manifest["dim"]), model), adapter=None)
        written = training_questions()
        asked_sets = [file_questions(QUESTIONS, "dev")] + [file_questions(p) for p in TRAIN_BLIND]
        print(f"Ranking {len(written) + sum(map(len, asked_sets))} training questions…", file=sys.stderr)
        helpers = ask_all(engine, written, sure_engine)
        evaluated = [a for qs in asked_sets for a in ask_all(engine, qs, sure_engine)]
        every = helpers + evaluated
        x, y = pairs(every)
        print(f"{len(y)} pairs, {int(y.sum())} positive; training {len(SEEDS)} networks, and as many per fold…",
              file=sys.stderr)
        gate = train(x, y, model)
        calibration = [(gate, a) for a in ask_all(engine, file_questions(CALIBRATION), sure_engine)]
        every_judged = out_of_fold(every, every, model)
        evaluated_ids = {id(a) for a in evaluated}
        judged = [(g, a) for g, a in every_judged if id(a) in evaluated_ids] + calibration
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()
    threshold, grid = calibrate(judged)
    print(f"Threshold on dev, blind 1–6 (out of fold) and {CALIBRATION.name} (off-topic abstained, answerable abstained):")
    print(format_table(["threshold", "off-topic", "answerable"], steps(grid, threshold)))
    sure, sure_grid = calibrate_sure(every_judged + calibration, threshold)
    print("Sure bar on every training question (out of fold) and the calibration set "
          "(unanswered answered, answerable answered, by lifting rules 2 and 3):")
    print(format_table(["sure", "unanswered", "answerable"], steps(sure_grid, sure)))
    gate = AnswerGate(gate.w1, gate.b1, gate.w2, gate.b2, threshold, gate.model, sure)
    save_gate(gate, args.out)
    print(f"Wrote {args.out} (threshold {threshold}, sure {sure}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
