"""Retrieval quality on the development question set: BM25, dense and hybrid side by side.

Builds an index of the 55 GA resolutions in a temporary directory (or reuses ``--index DIR``),
then for every mode ranks each answerable question with ``engine.search_hits`` (no abstention)
for Recall@1/3/5 and MRR, asks every question with ``engine.ask`` for the abstention rates,
and runs the exact-lookup questions once. ``--calibrate`` prints the top-hit scores of
answerable vs off-topic questions per mode and the threshold that best separates them.

    python benchmarks/eval.py [--index DIR] [--questions FILE] [--json] [--calibrate] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from statistics import median

if __package__ in (None, ""):  # run as a file: make `benchmarks` and `index` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    ANSWER,
    LOOKUP,
    MODES,
    OFFTOPIC,
    QUESTIONS,
    Question,
    QuestionFileError,
    best_threshold,
    build_fresh_index,
    corpus_missing_message,
    first_rank,
    format_table,
    load_questions,
    lookup_exact,
    mrr,
    rate,
    recall_at,
    resolutions_dir,
)

K = 5


def hit_keys(engine, hits) -> list[tuple[str, str, str]]:
    out = []
    for h in hits:
        p = engine.store.paragraph(h.paragraph_id)
        out.append((p.symbol, p.scope, p.ref))
    return out


def evaluate_mode(engine, questions: list[Question], mode: str) -> dict:
    """Ranks, abstentions and top scores of one retrieval mode over the answerable and off-topic questions."""
    answerable = [q for q in questions if q.kind == ANSWER]
    offtopic = [q for q in questions if q.kind == OFFTOPIC]
    ranks, top_answerable, misses = [], [], []
    for q in answerable:
        hits = engine.search_hits(q.text, k=K, mode=mode)
        keys = hit_keys(engine, hits)
        r = first_rank(keys, q.targets)
        ranks.append(r)
        top_answerable.append(max((h.score for h in hits), default=float("-inf")))
        if r is None or r > 3:
            misses.append({"id": q.id, "question": q.text, "rank": r,
                           "expected": f"{q.targets[0].doc} {q.targets[0].scope} {q.targets[0].ref}",
                           "got": [" ".join(k) for k in keys[:3]]})
    top_offtopic = []
    for q in offtopic:
        hits = engine.search_hits(q.text, k=K, mode=mode)
        top_offtopic.append(max((h.score for h in hits), default=float("-inf")))
    false_abstain = [engine.ask(q.text, k=K, mode=mode).abstained for q in answerable]
    abstain = [engine.ask(q.text, k=K, mode=mode).abstained for q in offtopic]
    return {
        "r1": recall_at(ranks, 1), "r3": recall_at(ranks, 3), "r5": recall_at(ranks, 5), "mrr": mrr(ranks),
        "abstain_offtopic": rate(abstain), "false_abstain": rate(false_abstain),
        "top_answerable": top_answerable, "top_offtopic": top_offtopic, "misses": misses,
    }


def evaluate_lookups(engine, questions: list[Question]) -> tuple[float, list[dict]]:
    lookups = [q for q in questions if q.kind == LOOKUP]
    ok, wrong = [], []
    from index.errors import OEWGError

    for q in lookups:
        try:
            answer = engine.ask(q.text)
        except OEWGError as err:  # a lookup that raises counts as a miss, with its message
            ok.append(False)
            wrong.append({"id": q.id, "question": q.text, "got": [], "message": str(err)})
            continue
        keys = [(x.symbol, x.scope, x.ref) for x in answer.quotes]
        good = answer.mode == "lookup" and not answer.abstained and lookup_exact(keys, q.targets[0])
        ok.append(good)
        if not good:
            wrong.append({"id": q.id, "question": q.text, "got": [" ".join(k) for k in keys], "message": answer.message})
    return rate(ok), wrong


def current_threshold(engine, mode: str) -> float | None:
    try:
        return float(engine._get_searcher().threshold(mode))
    except Exception:  # the engine may not expose it
        return None


def calibration(engine, questions: list[Question], results: dict[str, dict]) -> dict[str, dict]:
    """Per mode: current and best abstention threshold, score summaries, and the questions on the wrong side."""
    answerable = [q for q in questions if q.kind == ANSWER]
    offtopic = [q for q in questions if q.kind == OFFTOPIC]
    out = {}
    for mode, r in results.items():
        pos, neg = r["top_answerable"], r["top_offtopic"]
        t, right = best_threshold(pos, neg)
        wrong = [f"{q.id} {s:.3f} (answerable) {q.text}" for q, s in zip(answerable, pos) if s < t]
        wrong += [f"{q.id} {s:.3f} (off-topic) {q.text}" for q, s in zip(offtopic, neg) if s >= t]
        out[mode] = {
            "current": current_threshold(engine, mode),
            "best": round(t, 4), "correct": right, "total": len(pos) + len(neg),
            "answered_at_best": sum(1 for s in pos if s >= t), "answerable": len(pos),
            "abstained_at_best": sum(1 for s in neg if s < t), "offtopic": len(neg),
            "answerable_min": min(pos, default=None), "answerable_median": median(pos) if pos else None,
            "offtopic_median": median(neg) if neg else None, "offtopic_max": max(neg, default=None),
            "wrong_side_at_best": wrong,
        }
    return out


def print_report(summary: dict, show_misses: bool, calib: dict | None) -> None:
    n = summary["counts"]
    print(f"Questions: {n['answerable']} answerable over {n['documents']} documents, "
          f"{n['offtopic']} off-topic, {n['lookup']} lookups  (k={K})\n")
    rows = [[m, r["r1"], r["r3"], r["r5"], r["mrr"], r["abstain_offtopic"], r["false_abstain"]]
            for m, r in summary["modes"].items()]
    print(format_table(["mode", "R@1", "R@3", "R@5", "MRR", "abstain(off-topic)", "false-abstain(answerable)"], rows))
    print(f"\nLookup exact-match rate: {summary['lookup_exact']:.3f} ({n['lookup']} questions)")
    for w in summary["lookup_wrong"]:
        print(f"  lookup miss {w['id']}: {w['question']!r} -> {w['got']} {w['message']}")
    print("\nBars:")
    for name, ok in summary["bars"].items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    if show_misses:
        for mode, r in summary["modes"].items():
            print(f"\n{mode}: questions not answered in the top 3")
            for m in r["misses"]:
                print(f"  {m['id']} rank={m['rank']} expected {m['expected']} got {m['got']}\n      {m['question']}")
    if calib:
        print("\nCalibration (top-hit score; a question is answered when its top score >= threshold):")
        rows = [[m, c["current"] if c["current"] is not None else "?", c["best"],
                 f"{c['answered_at_best']}/{c['answerable']}", f"{c['abstained_at_best']}/{c['offtopic']}",
                 c["answerable_min"], c["answerable_median"], c["offtopic_median"], c["offtopic_max"]]
                for m, c in calib.items()]
        print(format_table(["mode", "current", "best", "answered", "abstained", "ans.min", "ans.median",
                            "off.median", "off.max"], rows))
        for mode, c in calib.items():
            for line in c["wrong_side_at_best"]:
                print(f"  {mode} wrong side of {c['best']}: {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="reuse this index instead of building one in a temp dir")
    ap.add_argument("--questions", type=Path, default=QUESTIONS, help="question file (JSON lines)")
    ap.add_argument("--model", default=None, help="embedding model for a fresh build (default: bundled)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    ap.add_argument("--calibrate", action="store_true", help="print score distributions and best thresholds")
    ap.add_argument("--misses", action="store_true", help="list questions each mode misses in its top 3")
    args = ap.parse_args(argv)

    try:
        questions = load_questions(args.questions)
    except QuestionFileError as err:
        print(err, file=sys.stderr)
        return 2

    from index.engine import Engine
    from index.errors import OEWGError

    tmp = None
    try:
        if args.index is None:
            missing = corpus_missing_message(resolutions_dir())
            if missing:
                print(missing, file=sys.stderr)
                return 2
            print(f"Building an index of {resolutions_dir()} in a temporary directory…", file=sys.stderr)
            index_dir, report, secs, tmp = build_fresh_index(resolutions_dir(), args.model)
            print(f"  {report.documents} documents, {report.paragraphs} paragraphs, {len(report.errors)} errors "
                  f"in {secs:.1f} s", file=sys.stderr)
            for e in report.errors:
                print(f"  error: {e}", file=sys.stderr)
        else:
            index_dir = args.index
        engine = Engine.open(index_dir)
        engine.warm()
        results = {mode: evaluate_mode(engine, questions, mode) for mode in MODES}
        lookup_rate, lookup_wrong = evaluate_lookups(engine, questions)
        calib = calibration(engine, questions, results) if args.calibrate else None
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()

    answerable = [q for q in questions if q.kind == ANSWER]
    h = results["hybrid"]
    summary = {
        "counts": {
            "answerable": len(answerable), "offtopic": sum(q.kind == OFFTOPIC for q in questions),
            "lookup": sum(q.kind == LOOKUP for q in questions),
            "documents": len({q.targets[0].doc for q in answerable}),
        },
        "modes": {m: {k: v for k, v in r.items() if k not in ("top_answerable", "top_offtopic")}
                  for m, r in results.items()},
        "lookup_exact": lookup_rate,
        "lookup_wrong": lookup_wrong,
        "bars": {
            "hybrid R@3 beats bm25 and dense": h["r3"] > results["bm25"]["r3"] and h["r3"] > results["dense"]["r3"],
            "hybrid R@3 >= 0.9": h["r3"] >= 0.9,
        },
    }
    if calib is not None:
        summary["calibration"] = calib
    if args.json:
        if not args.misses:
            for r in summary["modes"].values():
                r.pop("misses", None)
        print(json.dumps(summary, indent=2))
    else:
        print_report(summary, args.misses, calib)
    return 0


if __name__ == "__main__":
    sys.exit(main())
