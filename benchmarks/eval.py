"""Retrieval and answer quality on the question set: BM25, dense and hybrid side by side, per split and style.

Builds an index of the 55 GA resolutions in a temporary directory (or reuses ``--index DIR``),
then for every mode and every question:
  - ranks it with ``engine.search_hits`` (no abstention) for Recall@1/3/5 and MRR (answerable only),
  - asks it with ``engine.ask`` for what a user sees: abstained or not, how many paragraphs are
    quoted, how many are only cited under "See also",
and runs the exact-lookup questions once. Every figure is printed per split (``dev``: tune on it;
``test``: report it) and per style (ordinary, lay, keyword, oewg; near and unrelated off-topic).

Misses and calibration are printed for the dev split only: the text of the test questions is not to
be read while tuning. ``--split test --misses`` lists a test split's misses, for a set whose figures
are recorded and which is read once (a blind set after its first measurement, see benchmarks/blind/). ``--markdown`` prints the README's table (hybrid, both splits, every style).

    python benchmarks/eval.py [--index DIR] [--questions FILE] [--split dev|test] [--json]
                              [--markdown] [--calibrate] [--misses] [--gate FILE|off]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median

if __package__ in (None, ""):  # run as a file: make `benchmarks` and `index` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    ANSWER,
    ANSWER_STYLES,
    LOOKUP,
    MODES,
    OFFTOPIC,
    OFFTOPIC_STYLES,
    QUESTIONS,
    SPLITS,
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
ALL_ANSWERABLE = "answerable"  # the row that pools the answerable styles
# The bars of issue 9, checked on each split (they are promised on test)
BARS = {
    "R@3 (answerable) >= 0.75": lambda s: s[ALL_ANSWERABLE]["r3"] >= 0.75,
    "R@3 (lay) >= 0.45": lambda s: s["lay"]["r3"] >= 0.45,
    "answerable wrongly abstained <= 0.05": lambda s: s[ALL_ANSWERABLE]["abstained"] <= 0.05,
    "near off-topic abstained >= 0.6": lambda s: s["near"]["abstained"] >= 0.6,
    "unrelated abstained >= 0.95": lambda s: s["unrelated"]["abstained"] >= 0.95,
    "quoted paragraphs per answer <= 2.5": lambda s: s["all"]["quotes"] <= 2.5,
}


@dataclass
class Outcome:
    """What one mode did with one question."""

    id: str
    split: str
    style: str
    kind: str
    rank: int | None = None  # 1-based rank of the first right paragraph in the top K (answerable)
    top_score: float = float("-inf")
    abstained: bool = False
    quotes: int = 0
    see_also: int = 0
    quoted_right: bool = False  # a quoted paragraph answers the question
    expected: str = ""
    got: list[str] = field(default_factory=list)
    message: str = ""


def hit_keys(engine, hits) -> list[tuple[str, str, str]]:
    out = []
    for h in hits:
        p = engine.store.paragraph(h.paragraph_id)
        out.append((p.symbol, p.scope, p.ref))
    return out


def evaluate_question(engine, q: Question, mode: str) -> Outcome:
    hits = engine.search_hits(q.text, k=K, mode=mode)
    keys = hit_keys(engine, hits)
    answer = engine.ask(q.text, k=K, mode=mode)
    quotes = [] if answer.abstained else list(answer.quotes)
    out = Outcome(q.id, q.split, q.style, q.kind, top_score=max((h.score for h in hits), default=float("-inf")),
                  abstained=answer.abstained, quotes=len(quotes),
                  see_also=0 if answer.abstained else len(getattr(answer, "see_also", ()) or ()),
                  got=[" ".join(k) for k in keys[:3]], message=answer.message)
    if q.kind == ANSWER:
        out.rank = first_rank(keys, q.targets)
        out.quoted_right = first_rank([(x.symbol, x.scope, x.ref) for x in quotes], q.targets) is not None
        t = q.targets[0]
        out.expected = f"{t.doc} {t.scope} {t.ref}"
    return out


def evaluate_mode(engine, questions: list[Question], mode: str) -> list[Outcome]:
    """Every answerable and off-topic question through one retrieval mode."""
    return [evaluate_question(engine, q, mode) for q in questions if q.kind in (ANSWER, OFFTOPIC)]


def summarise(outcomes: list[Outcome]) -> dict:
    """Figures of a group of outcomes. ``abstained`` is the share abstained: wrong for answerable
    questions, right for off-topic ones; ``quotes`` and ``see_also`` are per answer given."""
    answered = [o for o in outcomes if not o.abstained]
    ranks = [o.rank for o in outcomes if o.kind == ANSWER]
    return {
        "n": len(outcomes),
        "r1": recall_at(ranks, 1), "r3": recall_at(ranks, 3), "r5": recall_at(ranks, 5), "mrr": mrr(ranks),
        "abstained": rate([o.abstained for o in outcomes]),
        "quotes": mean(o.quotes for o in answered) if answered else 0.0,
        "see_also": mean(o.see_also for o in answered) if answered else 0.0,
        "quoted_right": rate([o.quoted_right for o in answered if o.kind == ANSWER]),
        "answerable": bool(ranks),
    }


def group_rows(outcomes: list[Outcome]) -> dict[str, dict]:
    """Per style, the answerable styles pooled, and all questions (for quotes per answer)."""
    rows: dict[str, dict] = {}
    for style in (*ANSWER_STYLES, ALL_ANSWERABLE, *OFFTOPIC_STYLES, "all"):
        if style == ALL_ANSWERABLE:
            group = [o for o in outcomes if o.kind == ANSWER]
        elif style == "all":
            group = list(outcomes)
        else:
            group = [o for o in outcomes if o.style == style]
        if group:
            rows[style] = summarise(group)
    return rows


def summary_by_split(results: dict[str, list[Outcome]], splits: tuple[str, ...]) -> dict[str, dict[str, dict[str, dict]]]:
    """split -> mode -> row name -> figures."""
    return {split: {mode: group_rows([o for o in outs if o.split == split]) for mode, outs in results.items()}
            for split in splits}


def bar_results(rows: dict[str, dict]) -> dict[str, bool]:
    out = {}
    for name, check in BARS.items():
        try:
            out[name] = bool(check(rows))
        except KeyError:  # a style missing from this split
            continue
    return out


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


def calibration(engine, questions: list[Question], results: dict[str, list[Outcome]]) -> dict[str, dict]:
    """Per mode, on dev only: the top-hit score threshold that best separates answerable from
    off-topic questions, and the questions on the wrong side of it."""
    text = {q.id: q.text for q in questions if q.split == "dev"}
    out = {}
    for mode, outs in results.items():
        dev = [o for o in outs if o.split == "dev"]
        pos = [o.top_score for o in dev if o.kind == ANSWER]
        neg = [o.top_score for o in dev if o.kind == OFFTOPIC]
        t, right = best_threshold(pos, neg)
        wrong = [f"{o.id} {o.top_score:.3f} ({o.style}) {text[o.id]}" for o in dev
                 if (o.kind == ANSWER and o.top_score < t) or (o.kind == OFFTOPIC and o.top_score >= t)]
        out[mode] = {
            "current": current_threshold(engine, mode), "best": round(t, 4), "correct": right,
            "total": len(pos) + len(neg),
            "answered_at_best": sum(1 for s in pos if s >= t), "answerable": len(pos),
            "abstained_at_best": sum(1 for s in neg if s < t), "offtopic": len(neg),
            "answerable_min": min(pos, default=None), "answerable_median": median(pos) if pos else None,
            "offtopic_median": median(neg) if neg else None, "offtopic_max": max(neg, default=None),
            "wrong_side_at_best": wrong,
        }
    return out


# ---- the answer rules of index.answering, calibrated on dev ---------------------------------------

@dataclass
class RuleRow:
    """What the answer rules see for one dev question (hybrid)."""

    answerable: bool
    near: bool
    strong: bool  # abstained whatever the thresholds: a rare specific term the index lacks (rule 1), or
    # no candidate gives the fact or the numbered event the question asks about (rule 4)
    cosine: float  # best hit's cosine
    lexical: float  # best BM25 of the top hits / ln(paragraphs)
    dense: list[float] = field(default_factory=list)  # cosines of the top hits
    fused: list[float] = field(default_factory=list)
    rank: int | None = None
    coverage: float = 1.0  # the best hit's coverage of the question's focus words (index.focus)
    held: bool = False  # the best hit holds a name the question asks about, and no term is unknown: no near miss (rule 2)


def rule_rows(engine, questions: list[Question]) -> list[RuleRow]:
    """What each dev question shows the rules of index.answering: the threshold-free ones (rules 1
    and 4) decided as the engine decides them, the scores the thresholds of rules 2 and 3 judge."""
    import math

    from index.answer_type import asked_kind, numbered_events
    from index.engine import _mapped_by
    from index.answering import stops_answer
    from index.specific_terms import question_terms

    searcher = engine._get_searcher()
    scale = math.log(max(searcher.unit_count, 2))
    cal = searcher.calibration("hybrid")
    rows = []
    for q in questions:
        if q.split != "dev" or q.kind == LOOKUP:
            continue
        exp = engine.expand(q.text)
        hits = engine.search_hits(q.text, k=K, expansion=exp)
        terms = question_terms(q.text, searcher.df, _mapped_by(exp, searcher.df))
        asks, events = asked_kind(q.text), numbered_events(q.text)
        states = [engine._states(h, asks, events) for h in hits]
        not_given = bool(hits) and ((asks is not None and not any(asks in gives for gives, _ in states))
                                    or any(not any(o in held for _, held in states) for o, _ in events))
        best = hits[0].dense if hits else 0.0
        strong = any(not t.known and stops_answer(engine.rare_term(t), best, cal) for t in terms) or not_given
        focus = engine._focus(q.text, exp, hits[0].paragraph_id, terms) if hits else None
        rows.append(RuleRow(q.kind == ANSWER, q.style == "near", strong, best, max((h.lexical for h in hits), default=0.0) / scale,
                            [h.dense for h in hits], [h.fused for h in hits],
                            first_rank(hit_keys(engine, hits), q.targets) if q.kind == ANSWER else None,
                            focus.coverage if focus else 1.0,
                            bool(focus and focus.names_held and all(t.known for t in terms))))
    return rows


def grid_abstention(rows: list[RuleRow], max_wrong: float = 0.04) -> list[tuple]:
    """(near abstained, answerable wrongly abstained, min_cosine, lexical_floor, lexical_cosine), best
    first, over a grid, keeping the settings that wrongly abstain on at most ``max_wrong`` of answerable."""
    answerable = [r for r in rows if r.answerable]
    near = [r for r in rows if r.near]
    out = []
    for mc in (0.25, 0.30, 0.33, 0.35, 0.37, 0.40):
        for floor in (0.0, 0.45, 0.50, 0.55, 0.60, 0.65):
            for lc in (0.50, 0.55, 0.60, 0.65):
                abst = lambda r: r.strong or r.cosine < mc or (r.lexical < floor and r.cosine < lc and not r.held)  # noqa: E731
                wrong = rate([abst(r) for r in answerable])
                if wrong <= max_wrong:
                    out.append((rate([abst(r) for r in near]), wrong, mc, floor, lc))
    return sorted(out, key=lambda t: (-t[0], t[1]))


def grid_focus(rows: list[RuleRow], cal, max_wrong: float = 0.04) -> list[tuple]:
    """(near abstained, answerable wrongly abstained, focus_cosine, focus_weight), best first, over a
    grid, with the other abstention rules at ``cal``'s settings, within ``max_wrong``."""
    answerable = [r for r in rows if r.answerable]
    near = [r for r in rows if r.near]
    out = []
    for fc in (0.42, 0.44, 0.46, 0.48, 0.50, 0.52, 0.54, 0.56, 0.58, 0.60):
        for fw in (0.2, 0.3, 0.4, 0.6, 0.8, 1.0):
            abst = lambda r: (r.strong or r.cosine < cal.min_cosine  # noqa: E731
                              or (r.lexical < cal.lexical_floor and r.cosine < cal.lexical_cosine and not r.held)
                              or r.cosine < fc - fw * r.coverage)
            wrong = rate([abst(r) for r in answerable])
            if wrong <= max_wrong:
                out.append((rate([abst(r) for r in near]), wrong, fc, fw))
    return sorted(out, key=lambda t: (-t[0], t[1]))


def grid_quotes(rows: list[RuleRow], min_cosine: float = 0.30, max_quotes: int = 3) -> list[tuple]:
    """(quotes per answer, share with a right paragraph quoted, quote_ratio, quote_margin) over a grid."""
    answerable = [r for r in rows if r.answerable and r.fused]
    out = []
    for ratio in (0.80, 0.85, 0.90, 0.92, 0.94, 0.96):
        for margin in (0.03, 0.05, 0.08, 0.10):
            n, right = [], 0
            for r in answerable:
                chosen = [0] + [i for i in range(1, len(r.fused)) if r.fused[i] >= ratio * r.fused[0]
                                and r.dense[i] >= r.dense[0] - margin and r.dense[i] >= min_cosine][:max_quotes - 1]
                n.append(len(chosen))
                right += r.rank is not None and r.rank - 1 in chosen
            out.append((sum(n) / len(n), right / len(answerable), ratio, margin))
    return out


HEADERS = ["style", "mode", "n", "R@1", "R@3", "R@5", "MRR", "abstained", "quotes/ans", "see-also/ans", "quote right"]


def split_table(by_mode: dict[str, dict[str, dict]]) -> str:
    """One split: a block of three rows (one per mode) for each style."""
    rows = []
    names = next(iter(by_mode.values())).keys()
    for name in names:
        for i, (mode, styles) in enumerate(by_mode.items()):
            r = styles[name]
            rank_cells = [r["r1"], r["r3"], r["r5"], r["mrr"]] if r["answerable"] and name != "all" else ["-"] * 4
            rows.append([name if i == 0 else "", mode, r["n"], *rank_cells, r["abstained"], r["quotes"], r["see_also"],
                         r["quoted_right"] if r["answerable"] and name != "all" else "-"])
    return format_table(HEADERS, rows)


def markdown_table(summary: dict[str, dict[str, dict[str, dict]]], mode: str = "hybrid") -> str:
    """The README's table: one row per split and style for ``mode``."""
    head = "| split | style | n | R@1 | R@3 | R@5 | MRR | abstained | quotes / answer | see also / answer |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    for split, by_mode in summary.items():
        for name, r in by_mode[mode].items():
            if name == "all":
                continue
            ranks = [f"{r[k]:.2f}" for k in ("r1", "r3", "r5", "mrr")] if r["answerable"] else ["—"] * 4
            label = f"**{name}**" if name == ALL_ANSWERABLE else name
            lines.append(f"| {split} | {label} | {r['n']} | " + " | ".join(ranks)
                         + f" | {r['abstained']:.2f} | {r['quotes']:.2f} | {r['see_also']:.2f} |")
    return "\n".join(lines)


def modes_markdown(summary: dict[str, dict[str, dict[str, dict]]]) -> str:
    """The three retrievers side by side, per split: answerable R@1/3/5 and MRR, abstentions, quotes."""
    lines = ["| split | mode | R@1 | R@3 | R@5 | MRR | lay R@3 | answerable wrongly abstained | near abstained | unrelated abstained | quotes / answer |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for split, by_mode in summary.items():
        for mode, rows in by_mode.items():
            a = rows.get(ALL_ANSWERABLE)
            if a is None:
                continue
            cell = lambda name, key: f"{rows[name][key]:.2f}" if name in rows else "—"  # noqa: E731
            lines.append(f"| {split} | {mode} | {a['r1']:.2f} | {a['r3']:.2f} | {a['r5']:.2f} | {a['mrr']:.2f} | "
                         f"{cell('lay', 'r3')} | {a['abstained']:.2f} | {cell('near', 'abstained')} | "
                         f"{cell('unrelated', 'abstained')} | {rows['all']['quotes']:.2f} |")
    return "\n".join(lines)


def print_report(summary: dict, counts: dict, lookup: tuple[float, list[dict]], results: dict[str, list[Outcome]],
                 show_misses: bool, calib: dict | None, text: dict[str, str], misses_split: str = "dev") -> None:
    print(f"Questions: {counts}  (k={K}; 'abstained' is wrong for answerable styles, right for near/unrelated;"
          " quotes and see-also are per answer given; 'quote right' = a quoted paragraph answers)\n")
    for split, by_mode in summary.items():
        print(f"== split {split} ==")
        print(split_table(by_mode))
        if "hybrid" in by_mode:
            print("Bars (hybrid):")
            for name, ok in bar_results(by_mode["hybrid"]).items():
                print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
        print()
    rate_, wrong = lookup
    looked_up = sum(c.get(LOOKUP, 0) for c in counts.values())
    print(f"Lookup exact-match rate: {rate_:.3f} ({looked_up} lookup questions)" if looked_up else "No lookup questions.")
    for w in wrong:
        print(f"  lookup miss {w['id']}: {w['question']!r} -> {w['got']} {w['message']}")
    if show_misses:
        for mode, outs in results.items():
            print(f"\n{mode} ({misses_split} only): answerable not in the top 3, wrongly abstained, off-topic answered")
            for o in outs:
                if o.split != misses_split:
                    continue
                if o.kind == ANSWER and (o.rank is None or o.rank > 3 or o.abstained):
                    print(f"  {o.id} [{o.style}] rank={o.rank} abstained={o.abstained} expected {o.expected} got {o.got}"
                          f"\n      {text[o.id]}" + (f"\n      -> {o.message}" if o.abstained else ""))
                elif o.kind == OFFTOPIC and not o.abstained:
                    print(f"  {o.id} [{o.style}] answered with {o.quotes} quote(s): {o.got[:o.quotes]}\n      {text[o.id]}")
    if calib:
        print("\nCalibration on dev (top-hit score; answered when top score >= threshold):")
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
    ap.add_argument("--split", choices=SPLITS, help="only this split (default: both)")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated modes (default: bm25,dense,hybrid)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    ap.add_argument("--gate", default=None, metavar="FILE|off",
                    help="the answer gate's weights (default: sources/answer_gate.npz); off: the rules alone")
    ap.add_argument("--adapter", default=None, metavar="FILE|off",
                    help="the query adapter (default: sources/query_adapter.npz); off: rank by the model alone")
    ap.add_argument("--markdown", action="store_true", help="print the README's table (hybrid, every split and style)")
    ap.add_argument("--calibrate", action="store_true", help="print dev score distributions and best thresholds")
    ap.add_argument("--misses", action="store_true",
                    help="list the dev questions each mode gets wrong (with --split test: the test questions)")
    args = ap.parse_args(argv)
    modes = tuple(m for m in args.modes.split(",") if m)
    if not modes or any(m not in MODES for m in modes):
        print(f"--modes takes a comma-separated list of {', '.join(MODES)}", file=sys.stderr)
        return 2
    if args.markdown and "hybrid" not in modes:
        print("--markdown needs the hybrid mode", file=sys.stderr)
        return 2

    try:
        questions = load_questions(args.questions)
    except QuestionFileError as err:
        print(err, file=sys.stderr)
        return 2
    if args.split:
        questions = [q for q in questions if q.split == args.split]
    splits = tuple(s for s in SPLITS if any(q.split == s and q.kind != LOOKUP for q in questions))

    from index.answer_gate import DEFAULT_GATE
    from index.engine import Engine
    from index.errors import OEWGError
    from index.query_adapter import DEFAULT_ADAPTER

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
        engine = Engine.open(index_dir, gate=args.gate or DEFAULT_GATE,  # "off": the engine runs no gate
                             adapter=args.adapter or DEFAULT_ADAPTER)
        engine.warm()
        results = {mode: evaluate_mode(engine, questions, mode) for mode in modes}
        lookup = evaluate_lookups(engine, questions)
        calib = calibration(engine, questions, results) if args.calibrate else None
        rules = rule_rows(engine, questions) if args.calibrate and "hybrid" in modes else None
        engine_cal = engine._get_searcher().calibration("hybrid")
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()

    summary = summary_by_split(results, splits)
    misses_split = "test" if args.split == "test" else "dev"
    counts = {s: {k: sum(q.split == s and q.kind == k for q in questions) for k in (ANSWER, OFFTOPIC, LOOKUP)} for s in splits}
    if args.markdown:
        print(markdown_table(summary))
        print()
        print(modes_markdown(summary))
        return 0
    if args.json:
        out = {"counts": counts, "splits": summary, "lookup_exact": lookup[0], "lookup_wrong": lookup[1],
               "bars": {s: bar_results(summary[s]["hybrid"]) for s in splits if "hybrid" in summary[s]}}
        if calib is not None:
            out["calibration"] = calib
        if args.misses:
            out["misses"] = {m: [o.__dict__ for o in outs if o.split == misses_split] for m, outs in results.items()}
        print(json.dumps(out, indent=2))
        return 0
    text = {q.id: q.text for q in questions if q.split == misses_split}
    print_report(summary, counts, lookup, results, args.misses, calib, text, misses_split)
    if rules:
        print("\nAnswer rules on dev (index.answering), hybrid:")
        print(format_table(["near abstained", "answerable wrongly abstained", "min_cosine", "lexical_floor", "lexical_cosine"],
                           [list(t) for t in grid_abstention(rules)[:8]]))
        print(format_table(["near abstained", "answerable wrongly abstained", "focus_cosine", "focus_weight"],
                           [list(t) for t in grid_focus(rules, engine_cal)[:8]]))
        print(format_table(["quotes/answer", "right one quoted", "quote_ratio", "quote_margin"],
                           [list(t) for t in sorted(grid_quotes(rules), key=lambda t: (-t[1], t[0]))[:8]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
