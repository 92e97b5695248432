"""The real bot under load, through the fake Discord on 127.0.0.1: one table of figures.

Builds an index of the GA resolutions (or reuses ``--index``), starts ``oewg run`` against a
fake Discord (fakediscord), then measures from the fake's side:

  - index build time (`oewg build`, incl. model load) when the index is built here,
  - bot ready time: process start to IDENTIFY done and slash commands synced, and to the
    first /ask fully answered (embedding model loaded),
  - /para lookup latency: dispatch of the interaction to the bot's reply arriving,
  - /ask latency one at a time: dispatch to the complete answer (thread + buttons),
  - N concurrent /ask (default 50, from N members): answered, completion time, throughput,
    defer latency, answer latency p50/p95, and the bot's event-loop lag (gaps between gateway
    heartbeats sent every 25 ms, beyond the interval),
  - the bot process's RSS (current and peak) after the load.

    python benchmarks/load.py [--index DIR] [--docs N] [--n 50] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `benchmarks`, `fakediscord` and `index` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import corpus_missing_message, format_table, resolutions_dir  # noqa: E402
from fakediscord.project import FAKE_TOKEN, build_index  # noqa: E402
from fakediscord.harness import Harness  # noqa: E402
from fakediscord.load import LAG_PROBE_MS, QUESTIONS, percentile, run_load  # noqa: E402
from fakediscord import FakeDiscord  # noqa: E402
from fakediscord.botproc import BotProcess, BotSetup  # noqa: E402

LOOKUPS = 20
SEQUENTIAL_ASKS = 10
MAX_LAG_MS = 100.0


def ms(seconds: float) -> float:
    return seconds * 1000.0


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    kib = lambda k: float(fields.get(k, "0 kB").split()[0])  # noqa: E731
    return kib("VmRSS") / 1024.0, kib("VmHWM") / 1024.0


def time_lookups(h: Harness, n: int) -> list[float]:
    out = []
    for i in range(n):
        inter = h.fake.slash("para", user="owner", ref=str(1 + i % 3), doc="A/RES/80/16")
        h.fake.wait_reply(inter, 30)
        out.append(h.fake.requests(lambda r: r.params.get("token") == inter.token)[0].at - inter.dispatched_at)
    return out


def time_sequential_asks(h: Harness, n: int) -> list[float]:
    return [h.ask(QUESTIONS[i % len(QUESTIONS)], user="bob", timeout=120).seconds for i in range(n)]


def prepare_index(args, workdir: Path) -> tuple[Path, float | None, int]:
    """(index dir, build seconds or None when reused, documents)."""
    if args.index:
        return args.index, None, 0
    src = resolutions_dir()
    missing = corpus_missing_message(src)
    if missing:
        raise SystemExit(missing)
    files = sorted(src.glob("*.md"))[: args.docs] if args.docs else sorted(src.glob("*.md"))
    sources = workdir / "sources"
    sources.mkdir()
    for f in files:
        shutil.copy(f, sources / f.name)
    t0 = time.monotonic()
    done = build_index([sources], workdir / "index", timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"oewg build failed:\n{done.stderr[-2000:]}")
    return workdir / "index", time.monotonic() - t0, len(files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="reuse this index (the build is then not measured)")
    ap.add_argument("--docs", type=int, default=0, help="index only the first N resolutions (default: all 55)")
    ap.add_argument("--n", type=int, default=50, help="concurrent /ask questions (default 50)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)
    if args.n < 1:
        print("--n must be at least 1", file=sys.stderr)
        return 2
    r: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="oewg-load-") as tmp:
        work = Path(tmp)
        index_dir, build_s, docs = prepare_index(args, work)
        if build_s is not None:
            r.update(build_s=build_s, build_docs=docs)
        fake = FakeDiscord(token=FAKE_TOKEN, heartbeat_interval_ms=LAG_PROBE_MS).start()
        bot = BotProcess(fake, BotSetup(index_dir=index_dir, workdir=work / "bot", cooldown_burst=100)).start()
        try:
            h = Harness(fake, bot)
            r["ready_s"] = bot.wait_ready(120)
            h.ask("What does the Global Mechanism do?", user="owner", timeout=180)
            r["first_answer_s"] = time.monotonic() - bot.started_at
            looks = [ms(s) for s in time_lookups(h, LOOKUPS)]
            r.update(lookup_p50_ms=percentile(looks, 50), lookup_p95_ms=percentile(looks, 95))
            asks = [ms(s) for s in time_sequential_asks(h, SEQUENTIAL_ASKS)]
            r.update(ask_p50_ms=percentile(asks, 50), ask_p95_ms=percentile(asks, 95))
            load = run_load(h, args.n, heartbeat_s=LAG_PROBE_MS / 1000)
            r.update(
                load_n=load.asked, load_answered=load.answered, load_total_s=load.total_s, load_qps=load.throughput,
                load_ack_p95_ms=ms(percentile(load.ack_s, 95)), load_ack_max_ms=ms(max(load.ack_s)),
                load_done_p50_ms=ms(percentile(load.done_s, 50)) if load.done_s else None,
                load_done_p95_ms=ms(percentile(load.done_s, 95)) if load.done_s else None,
                lag_max_ms=ms(load.max_lag_s), lag_p95_ms=ms(percentile(load.lag_s, 95)) if load.lag_s else None,
                lag_samples=len(load.lag_s), deadline_misses=load.deadline_misses,
            )
            r["rss_mb"], r["rss_peak_mb"] = rss_mb(bot.proc.pid)
        finally:
            bot.stop()
            fake.stop()
    r["lag_ok"] = r["lag_max_ms"] < MAX_LAG_MS and r["load_answered"] == r["load_n"]
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    rows = []
    if "build_s" in r:
        rows.append(["index build (`oewg build`, incl. model load)", f"{r['build_s']:.1f} s ({r['build_docs']} resolutions)"])
    rows += [
        ["bot ready (start -> gateway READY + commands synced)", f"{r['ready_s']:.2f} s"],
        ["bot first answer (start -> first /ask answered)", f"{r['first_answer_s']:.1f} s"],
        [f"/para lookup latency ({LOOKUPS} lookups, dispatch -> reply)", f"p50 {r['lookup_p50_ms']:.1f} ms  p95 {r['lookup_p95_ms']:.1f} ms"],
        [f"/ask one at a time ({SEQUENTIAL_ASKS}, dispatch -> complete answer)", f"p50 {r['ask_p50_ms']:.0f} ms  p95 {r['ask_p95_ms']:.0f} ms"],
        [f"{r['load_n']} concurrent /ask: answered", f"{r['load_answered']}/{r['load_n']} in {r['load_total_s']:.2f} s ({r['load_qps']:.1f} questions/s)"],
        ["  defer latency (dispatch -> callback)", f"p95 {r['load_ack_p95_ms']:.1f} ms  max {r['load_ack_max_ms']:.1f} ms  (limit 3000 ms)"],
        ["  answer latency (dispatch -> complete answer)", f"p50 {r['load_done_p50_ms']:.0f} ms  p95 {r['load_done_p95_ms']:.0f} ms"],
        ["  event-loop lag (heartbeat gaps)", f"max {r['lag_max_ms']:.1f} ms  p95 {r['lag_p95_ms']:.1f} ms  ({r['lag_samples']} samples)"],
        ["bot RSS after the load", f"{r['rss_mb']:.0f} MB (peak {r['rss_peak_mb']:.0f} MB)"],
    ]
    print(format_table(["measure", "value"], rows))
    print(f"\n[{'PASS' if r['lag_ok'] else 'FAIL'}] all {r['load_n']} answered and event-loop lag < {MAX_LAG_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
