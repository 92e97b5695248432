"""Speed of the engine on the 55 GA resolutions: build, load, ask, lookup, `oewg para`, memory.

Prints one table:
  - cold build time of a fresh index in a temporary directory (includes loading the model),
  - index load time (``Engine.open``) and warm-up time (model + search structures),
  - warm ``ask`` latency p50/p95/max over N questions cycling through the question set
    (the first, untimed call is excluded), and one bare query embedding of the same questions
    (``encode_queries`` of the question alone): an ask should cost at most 2.5 times that,
  - ``engine.lookup`` latency p50/p95 over every reference of a few documents,
  - ``oewg para A/RES/80/16 2 --index DIR`` wall time as a subprocess (includes process start),
  - peak RSS of this process (``ru_maxrss``),
  - the machine's load average, since other processes on a 2-core box skew every latency.

    python benchmarks/speed.py [--index DIR] [--n 200] [--questions FILE] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

if __package__ in (None, ""):  # run as a file: make `benchmarks` and `index` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    LOOKUP,
    QUESTIONS,
    QuestionFileError,
    build_fresh_index,
    corpus_missing_message,
    format_table,
    load_questions,
    percentile,
    resolutions_dir,
)

LOOKUP_DOCS = ("A/RES/80/16", "A/RES/80/5", "A/RES/80/34", "A/RES/80/39", "A/RES/80/38")
PARA_RUNS = 5
ASK_P95_BAR_MS = 25.0
ASK_OVER_EMBED_BAR = 2.5  # warm ask p95 within this many bare query embeddings (p95)


def ms(seconds: float) -> float:
    return seconds * 1000.0


def time_asks(engine, questions: list[str], n: int) -> list[float]:
    """Seconds per ``engine.ask`` for n questions cycling through the list, after one untimed call."""
    engine.ask(questions[0])
    out = []
    for i in range(n):
        q = questions[i % len(questions)]
        t0 = time.perf_counter()
        engine.ask(q)
        out.append(time.perf_counter() - t0)
    return out


def time_embeddings(engine, questions: list[str], n: int) -> list[float]:
    """Seconds per bare query embedding (the question alone, as a user typed it), after one untimed call."""
    embedder = engine.embedder()
    embedder.encode_queries([questions[0]])
    out = []
    for i in range(n):
        q = questions[i % len(questions)]
        t0 = time.perf_counter()
        embedder.encode_queries([q])
        out.append(time.perf_counter() - t0)
    return out


def lookup_refs(engine, symbols: tuple[str, ...]) -> list[tuple[str, str]]:
    """(ref as a user types it, document) for every stored paragraph of the given documents."""
    out = []
    for sym in symbols:
        for p in engine.store.paragraphs_of(sym):
            ref = p.ref if p.ref.startswith("PP") else f"{p.scope} {p.ref}"
            out.append((ref, sym))
    return out


def time_lookups(engine, refs: list[tuple[str, str]]) -> list[float]:
    out = []
    for ref, doc in refs:
        t0 = time.perf_counter()
        engine.lookup(ref, doc)
        out.append(time.perf_counter() - t0)
    return out


def oewg_command() -> list[str] | None:
    exe = Path(sys.executable).parent / "oewg"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("oewg")
    return [found] if found else None


def time_para_cli(index_dir: Path, runs: int = PARA_RUNS) -> tuple[list[float], str]:
    """Wall seconds of `oewg para A/RES/80/16 2 --index DIR` runs; ([], reason) when it cannot run."""
    cmd = oewg_command()
    if cmd is None:
        return [], "the `oewg` console script is not installed"
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([*cmd, "para", "A/RES/80/16", "2", "--index", str(index_dir)],
                              capture_output=True, text=True, timeout=120)
        out.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            return [], f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"
    return out, ""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="reuse this index (the cold build is then not measured)")
    ap.add_argument("--questions", type=Path, default=QUESTIONS, help="question file (JSON lines)")
    ap.add_argument("--n", type=int, default=200, help="number of timed ask calls (default 200)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)
    if args.n < 1:
        print("--n must be at least 1", file=sys.stderr)
        return 2
    try:
        texts = [q.text for q in load_questions(args.questions) if q.kind != LOOKUP]
    except QuestionFileError as err:
        print(err, file=sys.stderr)
        return 2
    if not texts:
        print(f"{args.questions} has no search questions to time: add answerable or off-topic questions", file=sys.stderr)
        return 2

    from index.engine import Engine
    from index.errors import OEWGError

    r: dict[str, object] = {"load_avg_start": os.getloadavg()[0], "cpus": os.cpu_count()}
    tmp = None
    try:
        if args.index is None:
            missing = corpus_missing_message(resolutions_dir())
            if missing:
                print(missing, file=sys.stderr)
                return 2
            index_dir, report, secs, tmp = build_fresh_index(resolutions_dir())
            r["build_s"] = secs
            r["build_documents"] = report.documents
            r["build_paragraphs"] = report.paragraphs
            r["build_errors"] = len(report.errors)
        else:
            index_dir = args.index
        t0 = time.perf_counter()
        engine = Engine.open(index_dir)
        r["open_ms"] = ms(time.perf_counter() - t0)
        t0 = time.perf_counter()
        engine.warm()
        r["warm_s"] = time.perf_counter() - t0
        asks = [ms(s) for s in time_asks(engine, texts, args.n)]
        r.update(ask_n=len(asks), ask_p50_ms=percentile(asks, 50), ask_p95_ms=percentile(asks, 95), ask_max_ms=max(asks))
        embeds = [ms(s) for s in time_embeddings(engine, texts, args.n)]
        r.update(embed_p50_ms=percentile(embeds, 50), embed_p95_ms=percentile(embeds, 95))
        r["ask_over_embed_p95"] = r["ask_p95_ms"] / r["embed_p95_ms"] if r["embed_p95_ms"] else float("inf")
        refs = lookup_refs(engine, LOOKUP_DOCS)
        looks = [ms(s) for s in time_lookups(engine, refs)]
        r.update(lookup_n=len(looks), lookup_p50_ms=percentile(looks, 50), lookup_p95_ms=percentile(looks, 95))
        para, why = time_para_cli(index_dir)
        if para:
            r.update(para_cli_median_s=median(para), para_cli_min_s=min(para))
        else:
            r["para_cli_error"] = why
        r["peak_rss_mb"] = peak_rss_mb()
        r["load_avg_end"] = os.getloadavg()[0]
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()

    r["ask_p95_bar_ok"] = r["ask_p95_ms"] <= ASK_P95_BAR_MS
    r["ask_over_embed_bar_ok"] = r["ask_over_embed_p95"] <= ASK_OVER_EMBED_BAR
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    rows = []
    if "build_s" in r:
        rows.append(["cold build (55 resolutions, incl. model load)",
                     f"{r['build_s']:.1f} s  ({r['build_documents']} docs, {r['build_paragraphs']} paragraphs, {r['build_errors']} errors)"])
    else:
        rows.append(["cold build", "not measured (--index given)"])
    rows += [
        ["index load (Engine.open)", f"{r['open_ms']:.1f} ms"],
        ["warm-up (model + search structures)", f"{r['warm_s']:.2f} s"],
        [f"warm ask latency over {r['ask_n']} questions", f"p50 {r['ask_p50_ms']:.1f} ms  p95 {r['ask_p95_ms']:.1f} ms  max {r['ask_max_ms']:.1f} ms"],
        [f"one bare query embedding, {r['ask_n']} questions", f"p50 {r['embed_p50_ms']:.1f} ms  p95 {r['embed_p95_ms']:.1f} ms"],
        ["warm ask p95 / embedding p95", f"{r['ask_over_embed_p95']:.2f}×"],
        [f"lookup latency over {r['lookup_n']} refs", f"p50 {r['lookup_p50_ms']:.3f} ms  p95 {r['lookup_p95_ms']:.3f} ms"],
        ["`oewg para A/RES/80/16 2` (subprocess)",
         f"median {r['para_cli_median_s']:.2f} s  min {r['para_cli_min_s']:.2f} s over {PARA_RUNS} runs" if "para_cli_median_s" in r
         else f"not measured: {r['para_cli_error']}"],
        ["peak RSS (this process)", f"{r['peak_rss_mb']:.0f} MB"],
        ["machine load (1-min average, start/end)", f"{r['load_avg_start']:.2f} / {r['load_avg_end']:.2f} on {r['cpus']} CPUs"],
    ]
    print(format_table(["measure", "value"], rows))
    print(f"\n[{'PASS' if r['ask_p95_bar_ok'] else 'FAIL'}] warm ask p95 <= {ASK_P95_BAR_MS:.0f} ms")
    print(f"[{'PASS' if r['ask_over_embed_bar_ok'] else 'FAIL'}] warm ask p95 within {ASK_OVER_EMBED_BAR}× one bare query embedding (p95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
