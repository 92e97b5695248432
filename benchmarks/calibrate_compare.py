"""Calibrate `compare`: which similarity formula ranks true counterparts first, and the floor under
which a counterpart is not shown.

The measurement set is real: ``corpus/pdf/report_a80.pdf`` is a report laid out like A/80/257
whose paragraphs were written from paragraphs of the 55 resolutions, reworded as a report words
them ("Recognizing that …" becomes "States recognized that …"), and a few from documents that are
not in the corpus. The script indexes the 55 resolutions with that report and compares every
paragraph and sub-paragraph of the report with the resolutions, twice:

  - with all of them: the best candidate is usually the paragraph it was written from;
  - without the document that paragraph came from: the best candidate is then usually unrelated.

Each best candidate is labelled, independently of any score, by the longest run of consecutive
words it shares with the report paragraph (``benchmarks.common.longest_shared_run``): a run of at
least ``--pos`` words (default 12), or of 80% of the shorter text, means the text was carried
over — a counterpart; at most ``--neg`` words (default 6) and under half the shorter text means
it was not; pairs in between are left out as unclear. For each formula the script prints how
often the top candidate is the source paragraph, the floor that best separates counterparts
from the rest (most pairs on the right side), and precision and recall at that floor; then
precision and recall of the formula in use at the floor in use.

    python benchmarks/calibrate_compare.py [--index DIR] [--json]

``--index`` reuses an index that holds the 55 resolutions and the report (built otherwise in a
temporary directory, which takes about a minute: the model embeds every paragraph).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `benchmarks` and `index` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import best_threshold, corpus_dir, corpus_missing_message, format_table, longest_shared_run, resolutions_dir  # noqa: E402

def _linear(weight: float):
    return lambda w, c: weight * max(0.0, c) + (1.0 - weight) * w


FORMULAS = {
    "words only": _linear(0.0),
    **{f"{k / 10:.1f} cos + {1 - k / 10:.1f} words": _linear(k / 10) for k in (1, 2, 3, 4, 5)},
    "cosine only": _linear(1.0),
    "max(words, (words+cos)/2)": lambda w, c: max(w, (w + max(0.0, c)) / 2),
}
IN_USE = "0.3 cos + 0.7 words"
SOURCE_SHORTLIST = 40  # paragraphs sharing the most distinct words, searched for the longest shared run


def report_path() -> Path:
    return corpus_dir() / "pdf" / "report_a80.pdf"


def build(tmp_root: Path) -> Path:
    from index.build import build_index

    index_dir = tmp_root / "index"
    report = build_index([resolutions_dir(), report_path()], index_dir)
    if report.errors:
        raise SystemExit("; ".join(report.errors))
    return index_dir


def collect(engine, report_symbol: str) -> list[dict]:
    """For each report paragraph: its source (most shared words) and the scored candidates, both conditions."""
    from index.compare import word_tokens

    store = engine.store
    others = {d.symbol for d in store.documents()} - {report_symbol}
    corpus = [(pid, q, set(word_tokens(q.text))) for pid, q in store.paragraph_items() if q.symbol in others]
    rows = []
    for p in store.paragraphs_of(report_symbol):
        mine = set(word_tokens(p.text))
        near = sorted(((len(mine & words), pid, q) for pid, q, words in corpus if bool(q.parent) <= bool(p.parent)),
                      key=lambda t: (-t[0], t[1]))[:SOURCE_SHORTLIST]
        runs = [(longest_shared_run(p.text, q.text), pid) for _, pid, q in near]
        run, source = max(runs) if runs else (0, None)
        src_doc = store.paragraph(source).symbol if source is not None else None
        for condition, targets in (("all", others), ("source left out", others - {src_doc})):
            cands = engine.counterpart_candidates(p, targets, floor=0.0)
            rows.append({"ref": f"{p.scope} {p.ref}", "condition": condition, "source": source, "source_run": run,
                         "candidates": [(c.paragraph_id, c.words, c.cosine) for c in cands]})
    return rows


def label(a: str, b: str, pos: int, neg: int) -> bool | None:
    """True: b carries text of a over (a long shared run of words); False: it does not; None: unclear."""
    from index.compare import word_tokens

    run = longest_shared_run(a, b)
    shorter = min(len(word_tokens(a)), len(word_tokens(b)))
    if run >= pos or (shorter >= 3 and run >= 0.8 * shorter):
        return True
    if run <= neg and run < 0.5 * shorter:
        return False
    return None


def precision_recall(positives: list[float], negatives: list[float], floor: float) -> tuple[float, float]:
    kept = sum(1 for s in positives if s >= floor)
    wrong = sum(1 for s in negatives if s >= floor)
    return kept / max(1, kept + wrong), kept / max(1, len(positives))


def evaluate(engine, rows: list[dict], pos: int, neg: int) -> dict:
    store = engine.store
    out = {}
    for name, f in FORMULAS.items():
        hits = sources = 0
        positives, negatives, unclear = [], [], 0
        for row in rows:
            if not row["candidates"]:
                continue
            best = max(row["candidates"], key=lambda c: (f(c[1], c[2]), -c[0]))
            score = f(best[1], best[2])
            if row["condition"] == "all" and row["source_run"] >= pos:
                sources += 1
                hits += best[0] == row["source"]
            lab = label(row["_text"], store.paragraph(best[0]).text, pos, neg)
            if lab is None:
                unclear += 1
            else:
                (positives if lab else negatives).append(score)
        floor, right = best_threshold(positives, negatives)
        precision, recall = precision_recall(positives, negatives, floor)
        out[name] = {
            "top_is_source": hits / sources if sources else 0.0, "sources": sources,
            "floor": floor, "accuracy": right / max(1, len(positives) + len(negatives)),
            "precision": precision, "recall": recall,
            "counterparts": len(positives), "unrelated": len(negatives), "unclear": unclear,
            "_scores": (positives, negatives),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="an index of the 55 resolutions and corpus/pdf/report_a80.pdf")
    ap.add_argument("--pos", type=int, default=12, help="shared run (words) from which a pair is a counterpart")
    ap.add_argument("--neg", type=int, default=6, help="shared run (words) up to which a pair is unrelated")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import tempfile

    from index.engine import Engine

    tmp = None
    if args.index is None:
        missing = corpus_missing_message(resolutions_dir())
        if missing or not report_path().is_file():
            print(missing or f"{report_path()} is missing: point OEWG_CORPUS at the shared corpus.", file=sys.stderr)
            return 2
        tmp = tempfile.TemporaryDirectory(prefix="oewg-calibrate-")
        index_dir = build(Path(tmp.name))
    else:
        index_dir = args.index
    try:
        engine = Engine.open(index_dir)
        report = next((d.symbol for d in engine.documents() if "/RES/" not in d.symbol), None)
        if report is None:
            print(f"{index_dir} holds no report beside the resolutions: build it with {report_path()}", file=sys.stderr)
            return 2
        rows = collect(engine, report)
        texts = {f"{p.scope} {p.ref}": p.text for p in engine.store.paragraphs_of(report)}
        for row in rows:
            row["_text"] = texts[row["ref"]]
        results = evaluate(engine, rows, args.pos, args.neg)
    finally:
        if tmp is not None:
            tmp.cleanup()
    from index.compare import SIMILARITY_FLOOR

    in_use = results[IN_USE]
    in_use["floor_in_use"] = SIMILARITY_FLOOR
    in_use["precision_in_use"], in_use["recall_in_use"] = precision_recall(*in_use["_scores"], SIMILARITY_FLOOR)
    for r in results.values():
        del r["_scores"]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    table = [[name + (" (in use)" if name == IN_USE else ""), r["top_is_source"], r["floor"], r["accuracy"], r["precision"], r["recall"]]
             for name, r in results.items()]
    print(format_table(["similarity", "top = source", "best floor", "accuracy", "precision", "recall"], table))
    r = results[IN_USE]
    print(f"\nIn use: {IN_USE}, floor {r['floor_in_use']}: precision {r['precision_in_use']:.3f}, recall {r['recall_in_use']:.3f}")
    print(f"{len(rows) // 2} report paragraphs, {r['sources']} with a source among the resolutions; best candidates labelled: "
          f"{r['counterparts']} counterparts (shared run >= {args.pos} words or 80% of the shorter), "
          f"{r['unrelated']} unrelated (<= {args.neg} words and under half), {r['unclear']} unclear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
