"""Train the query adapter (index.query_adapter); writes sources/query_adapter.npz.

Training questions (answerable ones only): ``benchmarks/train/gate_questions.jsonl`` (written by
helpers from the 55 resolutions' paragraphs alone), the dev split of ``benchmarks/questions.jsonl``
and blind sets 1–17. Never trained on: the ``test`` split, blind sets 18 and above, and the report
look-alike's questions; a training question that one of those repeats word for word (helpers
converge on the same questions) is left out.

Each question's vector is the engine's (its thesaurus terms replaced by the documents' words). A
paragraph scores by its best window (with or without its context, as it ranks in index.search).
The adapter is ``q -> normalize(q + B A q)`` with A: dim -> RANK and B: RANK -> dim, B starting at
zero (the identity); the loss is the cross-entropy of the expected paragraph among every paragraph
of the index at temperature TAU. AdamW (lr 1e-3, weight decay 1e-2), EPOCHS epochs of batches of 64.
The file holds the mean of ``B A`` over five seeds, one dim × dim matrix.

Before it writes the file the script measures, in five folds over the documents, how the adapter
does on documents it was never trained on: trained on the questions about the other four fifths
of the resolutions, it ranks the held-out fifth's questions by their vectors alone (Recall@3 of
the dense ranking, before and after). That is the figure to expect on a new document; on the
indexed resolutions themselves it does better, for it has learnt their paragraphs too.

    python benchmarks/train_adapter.py [--index DIR] [--out sources/query_adapter.npz] [--no-folds]

Needs torch (installed with sentence-transformers); the engine at run time needs only numpy.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from benchmarks.common import (ANSWER, QUESTIONS, REPO, Target, format_table,  # noqa: E402
                               given_or_fresh_index, load_questions, matches)
from benchmarks.train_gate import TRAIN_FILE  # noqa: E402
from index.query_adapter import DEFAULT_ADAPTER, QueryAdapter, save_adapter  # noqa: E402

BLIND = REPO / "benchmarks" / "blind"
HELD_FROM = 18  # blind sets from this one on are never trained on
TRAIN_BLIND = tuple(BLIND / f"blind{n}.jsonl" for n in range(1, HELD_FROM))
REPORT_QUESTIONS = REPO / "benchmarks" / "report" / "report_questions.jsonl"
RANK, EPOCHS, BATCH, LR, DECAY, TAU = 32, 10, 64, 1e-3, 1e-2, 0.05
SEEDS = (0, 1, 2, 3, 4)
FOLDS = 5


def held_out_texts() -> set[str]:
    """The questions the adapter is measured on (lower case, spaces folded): ``test``, blind 18 and
    above, the report look-alike's."""
    held = [q.text for q in load_questions(QUESTIONS) if q.split == "test"]
    for path in BLIND.glob("blind*.jsonl"):
        if int(path.stem.removeprefix("blind")) >= HELD_FROM:
            held += [q.text for q in load_questions(path)]
    held += [json.loads(line)["question"] for line in REPORT_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {folded(t) for t in held}


def folded(text: str) -> str:
    return " ".join(text.lower().split())


def asked_questions() -> list[tuple[str, tuple[Target, ...], str]]:
    """(text, targets, style) of every answerable training question that no held-out set repeats."""
    out = [(o["question"], (Target(o["doc"], o["scope"], o["ref"]),), o["kind"])
           for o in map(json.loads, TRAIN_FILE.read_text(encoding="utf-8").splitlines()) if o["kind"] != "unanswered"]
    files = [(QUESTIONS, "dev")] + [(path, None) for path in TRAIN_BLIND]
    for path, split in files:
        out += [(q.text, q.targets, q.style) for q in load_questions(path)
                if q.kind == ANSWER and (split is None or q.split == split)]
    held = held_out_texts()
    return [row for row in out if folded(row[0]) not in held]


def unit_of_targets(store, unit_ids, targets) -> list[int]:
    """Positions in ``unit_ids`` of the retrieval units that answer ``targets``, the first target's first."""
    pos = {int(pid): i for i, pid in enumerate(unit_ids)}
    units = [(pos[pid], p) for pid, p in store.paragraph_items() if pid in pos]
    out: list[int] = []
    for t in targets:
        out += [i for i, p in units if i not in out and matches((p.symbol, p.scope, p.ref), t)]
    return out


class Trainer:
    """Window vectors of the index and the training questions' vectors and expected units."""

    def __init__(self, vectors: np.ndarray, window_unit: np.ndarray, units: int):
        import torch

        self.torch = torch
        keep = window_unit >= 0
        self.windows = torch.tensor(vectors[keep])
        self.window_unit = torch.tensor(window_unit[keep])
        self.units = units

    def unit_scores(self, q):
        """(batch, units): each unit's best window cosine with each question vector."""
        sims = q @ self.windows.T
        out = self.torch.full((q.shape[0], self.units), -2.0)
        return out.scatter_reduce(1, self.window_unit.expand(q.shape[0], -1), sims, reduce="amax")

    def train(self, qvecs: np.ndarray, gold: np.ndarray, seed: int) -> np.ndarray:
        """One adapter's ``B A`` (dim × dim), trained on ``qvecs`` with expected units ``gold``."""
        torch = self.torch
        torch.manual_seed(seed)
        dim = qvecs.shape[1]
        a = torch.nn.Linear(dim, RANK, bias=False)
        b = torch.nn.Linear(RANK, dim, bias=False)
        torch.nn.init.zeros_(b.weight)
        opt = torch.optim.AdamW([*a.parameters(), *b.parameters()], lr=LR, weight_decay=DECAY)
        x, y = torch.tensor(qvecs), torch.tensor(gold)
        for _ in range(EPOCHS):
            order = torch.randperm(len(y))
            for start in range(0, len(y), BATCH):
                batch = order[start:start + BATCH]
                q = torch.nn.functional.normalize(x[batch] + b(a(x[batch])), dim=-1)
                loss = torch.nn.functional.cross_entropy(self.unit_scores(q) / TAU, y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
        return (b.weight @ a.weight).detach().numpy().astype("float32")

    def recall3(self, qvecs: np.ndarray, answers: list[list[int]], matrix: np.ndarray | None) -> float:
        """Recall@3 of the dense ranking of ``qvecs`` (moved by ``matrix`` when given)."""
        if not len(answers):
            return float("nan")
        adapter = QueryAdapter(matrix, "") if matrix is not None else None
        moved = np.vstack([adapter.adapt(q) for q in qvecs]) if adapter else qvecs
        with self.torch.no_grad():
            top = self.unit_scores(self.torch.tensor(moved)).topk(3, dim=1).indices.tolist()
        return sum(bool(set(t) & set(a)) for t, a in zip(top, answers)) / len(answers)

    def mean_matrix(self, qvecs: np.ndarray, gold: np.ndarray) -> np.ndarray:
        return np.mean([self.train(qvecs, gold, seed) for seed in SEEDS], axis=0)


def document_folds(trainer: Trainer, qvecs, answers, docs, styles) -> list[list]:
    """Rows (fold, questions, R@3 before, after, lay before, after), trained on the other folds' documents."""
    fold = [zlib.crc32(d.encode()) % FOLDS for d in docs]
    gold = np.array([a[0] for a in answers])
    rows = []
    for f in range(FOLDS):
        tr = [i for i, k in enumerate(fold) if k != f]
        te = [i for i, k in enumerate(fold) if k == f]
        lay = [i for i in te if styles[i] == "lay"]
        m = trainer.train(qvecs[tr], gold[tr], SEEDS[0])
        rows.append([f, len(te), trainer.recall3(qvecs[te], [answers[i] for i in te], None),
                     trainer.recall3(qvecs[te], [answers[i] for i in te], m), len(lay),
                     trainer.recall3(qvecs[lay], [answers[i] for i in lay], None),
                     trainer.recall3(qvecs[lay], [answers[i] for i in lay], m)])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="reuse this index of the 55 resolutions (default: build one)")
    ap.add_argument("--out", type=Path, default=DEFAULT_ADAPTER, help="where to write the adapter")
    ap.add_argument("--no-folds", action="store_true", help="skip the held-out-documents measurement")
    args = ap.parse_args(argv)
    from index.engine import Engine
    from index.errors import OEWGError

    found = given_or_fresh_index(args.index)
    if found is None:
        return 2
    index_dir, _, _, tmp = found
    try:
        engine = Engine.open(index_dir, gate=None, adapter=None)
        engine.warm()
        searcher = engine._get_searcher()
        store = engine.store
        questions = asked_questions()
        print(f"Embedding {len(questions)} training questions…", file=sys.stderr)
        texts = [engine.expand(text).dense_text(text) for text, _, _ in questions]
        qvecs = np.asarray(engine.embedder().encode_queries(texts), dtype="float32")
        unit_pos = {int(pid): i for i, pid in enumerate(searcher.unit_ids)}
        window_unit = np.array([unit_pos.get(int(pid), -1) for pid in searcher.window_para], dtype="int64")
        answers = [unit_of_targets(store, searcher.unit_ids, targets) for _, targets, _ in questions]
        model = store.manifest["model"]
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()
    kept = [i for i, a in enumerate(answers) if a]
    if len(kept) < len(answers):
        print(f"{len(answers) - len(kept)} questions name no paragraph of this index; left out.", file=sys.stderr)
    qvecs, answers = qvecs[kept], [answers[i] for i in kept]
    styles = [questions[i][2] for i in kept]
    docs = [questions[i][1][0].doc for i in kept]
    trainer = Trainer(searcher.vectors, window_unit, len(searcher.unit_ids))
    if not args.no_folds:
        rows = document_folds(trainer, qvecs, answers, docs, styles)
        total = sum(r[1] for r in rows)
        lay = sum(r[4] for r in rows)
        mean = [sum(r[i] * r[n] for r in rows) / max(sum(r[n] for r in rows), 1) for i, n in ((2, 1), (3, 1), (5, 4), (6, 4))]
        table = [[r[0], r[1], f"{r[2]:.3f}", f"{r[3]:.3f}", r[4], f"{r[5]:.3f}", f"{r[6]:.3f}"] for r in rows]
        table.append(["all", total, f"{mean[0]:.3f}", f"{mean[1]:.3f}", lay, f"{mean[2]:.3f}", f"{mean[3]:.3f}"])
        print("On documents it was not trained on (dense ranking, Recall@3, without → with the adapter):")
        print(format_table(["fold", "questions", "R@3 without", "R@3 with", "lay", "lay without", "lay with"], table))
    matrix = trainer.mean_matrix(qvecs, np.array([a[0] for a in answers]))
    save_adapter(QueryAdapter(matrix, model), args.out)
    print(f"Wrote {args.out} ({len(kept)} questions, rank {RANK} × {len(SEEDS)} seeds).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
