"""Speed of the engine on the 55 GA resolutions: build, load, ask, lookup, `oewg para`, memory.

Prints one table:
  - cold build time of a fresh index in a temporary directory (includes loading the model),
  - index load time (``Engine.open``) and warm-up time (model + search structures),
  - warm ``ask`` latency p50/p95/max over N questions cycling through the question set
    (the first, untimed call is excluded), and one bare query embedding of the same questions
    (``encode_queries`` of the question alone): an ask should cost at most 2.5 times that,
  - ``engine.lookup`` latency p50/p95 over every reference of a few documents,
  - warm ``engine.find`` p50/p95/max over N phrases cut from the paragraphs (1–6 words, some
    ``word*``), ``engine.compare`` over N paragraphs and sub-paragraphs, ``engine.toc`` over every
    document (the first, untimed call of each loads what it needs),
  - the full-text index: its build time (the same ``write_fts`` the build runs, into a scratch
    database), its rows and its share of paragraphs.sqlite, and the rows of every table,
  - ``oewg para A/RES/80/16 2`` and ``oewg find`` wall time as subprocesses (includes process start),
  - peak RSS of this process (``ru_maxrss``),
  - the machine's load average, since other processes on a 2-core box skew every latency.

    python benchmarks/speed.py [--index DIR] [--n 200] [--questions FILE] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
    cut_phrase,
    corpus_missing_message,
    format_table,
    load_questions,
    percentile,
    resolutions_dir,
)

LOOKUP_DOCS = ("A/RES/80/16", "A/RES/80/5", "A/RES/80/34", "A/RES/80/39", "A/RES/80/38")
PARA_RUNS = 5
ASK_P95_BAR_MS = 25.0
FIND_P95_BAR_MS = 50.0
COMPARE_P95_BAR_MS = 50.0
TOC_ROUNDS = 5
FIND_CLI_PHRASE = "provisional agenda of its eighty-first session"
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


def sample_phrases(engine, n: int, seed: int = 1) -> list[str]:
    """n phrases of 1 to 6 words cut from stored paragraphs; every fifth a word prefix with ``*``."""
    rng = random.Random(seed)
    texts = [p.text for _, p in engine.store.paragraph_items() if not p.parent]
    out: list[str] = []
    while len(out) < n:
        phrase = cut_phrase(rng, texts)
        if phrase is None:
            continue
        if len(out) % 5 == 4:
            head = phrase.split()[0][:5] if phrase else ""
            phrase = head + "*" if head.isalpha() else ""
        if any(c.isalpha() for c in phrase):
            out.append(phrase)
    return out


def timed(fn, items) -> list[float]:
    """Seconds per call of fn(item), after one untimed call on the first item."""
    fn(items[0])
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t0)
    return out


def compare_targets(engine, n: int, seed: int = 2) -> list[tuple[str, str]]:
    """(document, ref as typed) for n stored paragraphs and sub-paragraphs drawn at random."""
    rng = random.Random(seed)
    paras = [p for _, p in engine.store.paragraph_items()]
    return [(p.symbol, engine.store.typed_ref(p)) for p in (rng.choice(paras) for _ in range(n))]


def fts_build_seconds(engine) -> tuple[float, int]:
    """(seconds, bytes) to write the full-text index of this index's paragraphs into a scratch database."""
    import sqlite3
    import tempfile

    from index.store import write_fts

    paras = [engine.store.paragraph(pid) for pid in sorted(pid for pid, _ in engine.store.paragraph_items())]
    with tempfile.TemporaryDirectory(prefix="oewg-fts-") as tmp:
        path = Path(tmp) / "fts.sqlite"
        con = sqlite3.connect(path)
        try:
            t0 = time.perf_counter()
            write_fts(con, paras)
            con.commit()
            secs = time.perf_counter() - t0
        finally:
            con.close()
        return secs, path.stat().st_size


def index_size(index_dir: Path) -> dict:
    """Rows of each table, bytes of each file, and the bytes the full-text index takes in the database."""
    import sqlite3

    from index.store import DB, FTS_TABLE, VECTORS

    root = Path(index_dir).resolve()
    con = sqlite3.connect(f"file:{root / DB}?mode=ro", uri=True)
    try:
        rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "paragraphs", "windows")}
        rows[FTS_TABLE] = con.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
        try:
            fts_bytes = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (f"{FTS_TABLE}%",)).fetchone()[0] or 0
        except sqlite3.OperationalError:  # SQLite built without the dbstat table
            fts_bytes = None
    finally:
        con.close()
    return {"rows": rows, "db_bytes": (root / DB).stat().st_size, "vectors_bytes": (root / VECTORS).stat().st_size,
            "fts_bytes": fts_bytes}


def time_cli(args: list[str], runs: int = PARA_RUNS) -> tuple[list[float], str]:
    """Wall seconds of `oewg ARGS` runs; ([], reason) when it cannot run."""
    cmd = oewg_command()
    if cmd is None:
        return [], "the `oewg` console script is not installed"
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)
        out.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            return [], f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"
    return out, ""


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
        phrases = sample_phrases(engine, args.n)
        finds = [ms(x) for x in timed(engine.find, phrases)]
        r.update(find_n=len(finds), find_p50_ms=percentile(finds, 50), find_p95_ms=percentile(finds, 95), find_max_ms=max(finds))
        targets = compare_targets(engine, args.n)
        compares = [ms(x) for x in timed(lambda t: engine.compare(*t), targets)]
        r.update(compare_n=len(compares), compare_p50_ms=percentile(compares, 50), compare_p95_ms=percentile(compares, 95),
                 compare_max_ms=max(compares))
        docs = [d.symbol for d in engine.documents()] * TOC_ROUNDS
        tocs = [ms(x) for x in timed(engine.toc, docs)]
        r.update(toc_n=len(tocs), toc_p50_ms=percentile(tocs, 50), toc_p95_ms=percentile(tocs, 95))
        r["fts_build_s"], r["fts_scratch_bytes"] = fts_build_seconds(engine)
        r["index"] = index_size(index_dir)
        find_cli, why = time_cli(["find", FIND_CLI_PHRASE, "--index", str(index_dir), "--json"])
        if find_cli:
            r.update(find_cli_median_s=median(find_cli))
        else:
            r["find_cli_error"] = why
        r["peak_rss_mb"] = peak_rss_mb()
        r["load_avg_end"] = os.getloadavg()[0]
    except OEWGError as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()

    r["ask_p95_bar_ok"] = r["ask_p95_ms"] <= ASK_P95_BAR_MS
    r["find_p95_bar_ok"] = r["find_p95_ms"] <= FIND_P95_BAR_MS
    r["compare_p95_bar_ok"] = r["compare_p95_ms"] <= COMPARE_P95_BAR_MS
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
        [f"warm find latency over {r['find_n']} phrases", f"p50 {r['find_p50_ms']:.1f} ms  p95 {r['find_p95_ms']:.1f} ms  max {r['find_max_ms']:.1f} ms"],
        [f"warm compare latency over {r['compare_n']} paragraphs", f"p50 {r['compare_p50_ms']:.1f} ms  p95 {r['compare_p95_ms']:.1f} ms  max {r['compare_max_ms']:.1f} ms"],
        [f"toc latency over {r['toc_n']} documents", f"p50 {r['toc_p50_ms']:.2f} ms  p95 {r['toc_p95_ms']:.2f} ms"],
        ["full-text index build (write_fts, all paragraphs)", f"{r['fts_build_s'] * 1000:.0f} ms  ({r['fts_scratch_bytes'] / 1024:.0f} KB on its own)"],
        ["index rows", ", ".join(f"{t} {n}" for t, n in r["index"]["rows"].items())],
        ["index size", f"paragraphs.sqlite {r['index']['db_bytes'] / 1024:.0f} KB"
         + (f" (full-text index {r['index']['fts_bytes'] / 1024:.0f} KB)" if r["index"]["fts_bytes"] is not None else "")
         + f", vectors.faiss {r['index']['vectors_bytes'] / 1024:.0f} KB"],
        [f"`oewg find \"{FIND_CLI_PHRASE}\" --json` (subprocess)",
         f"median {r['find_cli_median_s']:.2f} s over {PARA_RUNS} runs" if "find_cli_median_s" in r else f"not measured: {r['find_cli_error']}"],
        ["peak RSS (this process)", f"{r['peak_rss_mb']:.0f} MB"],
        ["machine load (1-min average, start/end)", f"{r['load_avg_start']:.2f} / {r['load_avg_end']:.2f} on {r['cpus']} CPUs"],
    ]
    print(format_table(["measure", "value"], rows))
    print(f"\n[{'PASS' if r['ask_p95_bar_ok'] else 'FAIL'}] warm ask p95 <= {ASK_P95_BAR_MS:.0f} ms")
    print(f"[{'PASS' if r['find_p95_bar_ok'] else 'FAIL'}] warm find p95 <= {FIND_P95_BAR_MS:.0f} ms")
    print(f"[{'PASS' if r['compare_p95_bar_ok'] else 'FAIL'}] warm compare p95 <= {COMPARE_P95_BAR_MS:.0f} ms")
    print(f"[{'PASS' if r['ask_over_embed_bar_ok'] else 'FAIL'}] warm ask p95 within {ASK_OVER_EMBED_BAR}× one bare query embedding (p95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
