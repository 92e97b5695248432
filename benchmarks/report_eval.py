"""Answers on a document the answer gate was never trained on: the A/80/257 look-alike, alone.

Indexes ``../shared/corpus/pdf/report_a80.pdf`` (a report laid out like the Final Report, made from
paragraphs of the 55 resolutions and reworded) in a temporary directory, then asks every question of
``benchmarks/report/report_questions.jsonl`` (65 that a helper wrote from that report's text alone:
15 ordinary, 15 lay, 15 keyword, 20 near-domain that no paragraph answers) with the rules alone and
with the answer gate, and prints per style how many were abstained on and, for the answerable ones,
how often a right paragraph is among the best three.

    python benchmarks/report_eval.py [--beside-resolutions] [--adapter off|FILE]

``--beside-resolutions`` indexes the look-alike together with the 55 resolutions its paragraphs
were reworded from: a right paragraph must then beat the resolution paragraph it came from, as the
Final Report's must beat the resolutions' in the bot's own index. ``--adapter`` picks the query
adapter (index.query_adapter; default the bundled one, ``off`` the model's vectors alone).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO, Target, corpus_dir, corpus_missing_message, format_table, matches, resolutions_dir  # noqa: E402

QUESTIONS = REPO / "benchmarks" / "report" / "report_questions.jsonl"
STYLES = ("ordinary", "lay", "keyword", "near")


def report_pdf() -> Path:
    return corpus_dir() / "pdf" / "report_a80.pdf"


def load(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tally(engine, questions: list[dict]) -> dict[str, tuple[int, int, int]]:
    """Per style: (questions, abstained, a right paragraph among the best three)."""
    out = {s: [0, 0, 0] for s in STYLES}
    for q in questions:
        row = out[q["style"]]
        row[0] += 1
        row[1] += engine.ask(q["question"]).abstained
        if q["doc"]:
            target = Target(q["doc"], q["scope"], q["ref"])
            keys = [(p.symbol, p.scope, p.ref) for p in (engine.store.paragraph(h.paragraph_id)
                                                          for h in engine.search_hits(q["question"])[:3])]
            row[2] += any(matches(k, target) for k in keys)
    return {s: tuple(v) for s, v in out.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--beside-resolutions", action="store_true", help="index the look-alike with the 55 resolutions")
    ap.add_argument("--adapter", default=None, metavar="FILE|off", help="the query adapter (default: the bundled one)")
    args = ap.parse_args(argv)
    from index.answer_gate import DEFAULT_GATE
    from index.build import build_index
    from index.engine import Engine
    from index.errors import OEWGError
    from index.query_adapter import DEFAULT_ADAPTER

    pdf = report_pdf()
    if not pdf.is_file():
        print(f"The look-alike report is not at {pdf}: place ../shared/corpus beside the repo or set OEWG_CORPUS.",
              file=sys.stderr)
        return 2
    folders = []
    if args.beside_resolutions:
        missing = corpus_missing_message(resolutions_dir())
        if missing:
            print(missing, file=sys.stderr)
            return 2
        folders.append(resolutions_dir())
    questions = load()
    with tempfile.TemporaryDirectory(prefix="oewg-report-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / pdf.name).write_bytes(pdf.read_bytes())
        try:
            build_index([src, *folders], Path(tmp) / "index")
            rows = []
            for label, gate in (("rules", None), ("rules + gate", DEFAULT_GATE)):
                engine = Engine.open(Path(tmp) / "index", gate=gate, adapter=args.adapter or DEFAULT_ADAPTER)
                engine.warm()
                for style, (n, abstained, r3) in tally(engine, questions).items():
                    rows.append([label, style, n, f"{abstained}/{n}", "—" if style == "near" else f"{r3}/{n}"])
        except OEWGError as err:
            print(err, file=sys.stderr)
            return 1
    print(format_table(["answers by", "style", "n", "abstained", "right in best 3"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
