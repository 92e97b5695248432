"""Make look-alikes: .docx, PDF, truth, footnotes and manifest for (layout, seed) pairs; cached for tests.

CLI::

    python -m tests.lookalikes.make OUTDIR [--set dev|holdout] [--layout NAME ...] [--seed N ...]

``--layout``/``--seed`` make every combination (defaults: all layouts, seed 1); ``--set`` adds a
documented set (tests/lookalikes/sets.py). For each look-alike ``NAME = <layout>-s<seed>`` it
writes ``NAME.docx``, ``NAME.pdf``, ``NAME.truth.jsonl``, ``NAME.footnotes.json`` and
``NAME.manifest.json`` (layout, seed, and the hard cases that really occurred in the PDF).

``ensure_lookalikes(cache_dir, specs)`` makes each pair once: a look-alike is kept in
``cache_dir/NAME-<key>/`` where the key hashes the generator's source, the layout, the seed,
the corpus and whether hyphenation dictionaries are installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.lookalikes.content import generate
from tests.lookalikes.corpus_text import CorpusMissing, default_corpus_dir, read_pools
from tests.lookalikes.docx_writer import write_docx
from tests.lookalikes.features import observe
from tests.lookalikes.layouts import LAYOUTS, Layout, get_layout
from tests.lookalikes.locate import NotLocated, locate_blocks, locate_footnotes
from tests.lookalikes.model import Document
from tests.lookalikes.pdf import ConversionFailed, SofficeMissing, convert, find_soffice, hyphenation_available
from tests.lookalikes.pdf_lines import read_pages
from tests.lookalikes.sets import SETS
from tests.lookalikes.truth import footnote_data, truth_records, write_json, write_truth

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parents[1]
EXTENSIONS = (".docx", ".pdf", ".truth.jsonl", ".footnotes.json", ".manifest.json")


class GeneratorError(Exception):
    """A look-alike could not be made; the message says why in one line."""


@dataclass(frozen=True)
class Lookalike:
    name: str
    layout: Layout
    seed: int
    directory: Path

    def path(self, extension: str) -> Path:
        return self.directory / f"{self.name}{extension}"

    @property
    def docx(self) -> Path:
        return self.path(".docx")

    @property
    def pdf(self) -> Path:
        return self.path(".pdf")

    @property
    def truth(self) -> Path:
        return self.path(".truth.jsonl")

    @property
    def footnotes(self) -> Path:
        return self.path(".footnotes.json")

    @property
    def manifest(self) -> Path:
        return self.path(".manifest.json")

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.truth.read_text(encoding="utf-8").splitlines() if line.strip()]

    def footnote_data(self) -> dict:
        return json.loads(self.footnotes.read_text(encoding="utf-8"))

    def manifest_data(self) -> dict:
        return json.loads(self.manifest.read_text(encoding="utf-8"))


def spec_name(layout: str, seed: int) -> str:
    return f"{layout}-s{seed}"


def _finish(doc: Document, lay: Layout, seed: int, outdir: Path) -> dict:
    """Locate the document in its PDF and write truth, footnotes and manifest; a summary for the table."""
    pages = read_pages(outdir / f"{doc.name}.pdf")
    locations = locate_blocks(doc, pages, lay)
    notes = locate_footnotes(doc, pages, lay)
    records = truth_records(doc, locations)
    write_truth(records, outdir / f"{doc.name}.truth.jsonl")
    write_json(footnote_data(doc, notes), outdir / f"{doc.name}.footnotes.json")
    feats = observe(doc, lay, pages, locations)
    manifest = {"name": doc.name, "layout": asdict(lay), "seed": seed, "symbol": doc.symbol, "kind": doc.kind,
                "pages": len(pages), "paragraphs": len(records), "footnotes": len(doc.footnotes),
                "features": feats.to_json()}
    write_json(manifest, outdir / f"{doc.name}.manifest.json")
    return {"name": doc.name, "kind": doc.kind, "pages": len(pages), "paragraphs": len(records),
            "footnotes": len(doc.footnotes), "crossing": len(feats.crossing), "breaks": len(feats.breaks),
            "hyphens": len(feats.hyphens)}


def make_batch(specs: list[tuple[Layout, int]], outdir: Path, pools) -> list[dict]:
    """Write the .docx of each spec, convert them all with one soffice, then locate and write the truth."""
    docs = []
    for lay, seed in specs:
        doc = generate(lay, seed, pools)
        write_docx(doc, lay, outdir / f"{doc.name}.docx")
        docs.append((doc, lay, seed))
    convert([outdir / f"{doc.name}.docx" for doc, _, _ in docs], outdir)
    return [_finish(doc, lay, seed, outdir) for doc, lay, seed in docs]


def _batches(specs: list[tuple[Layout, int]], sizes: list[int], count: int) -> list[list[tuple[Layout, int]]]:
    """Specs spread over ``count`` batches of about equal total size (largest first)."""
    batches: list[list] = [[] for _ in range(max(1, min(count, len(specs))))]
    weights = [0] * len(batches)
    for spec, size in sorted(zip(specs, sizes), key=lambda item: -item[1]):
        k = weights.index(min(weights))
        batches[k].append(spec)
        weights[k] += size
    return [b for b in batches if b]


def _run_workers(batches: list[list[tuple[Layout, int]]], outdir: Path, corpus_dir: Path) -> list[dict]:
    """One ``python -m tests.lookalikes.make --worker`` process per batch (in parallel); their summaries."""
    procs = []
    for batch in batches:
        command = [sys.executable, "-m", "tests.lookalikes.make", str(outdir), "--worker", "--corpus", str(corpus_dir)]
        for lay, seed in batch:
            command += ["--layout-seed", f"{lay.name}:{seed}"]
        procs.append(subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    summaries, failures = [], []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode:
            lines = [ln for ln in err.strip().splitlines() if ln.strip()]
            failures.append(lines[-1].removeprefix("error: ") if lines else f"a worker exited with status {proc.returncode}")
        summaries += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if failures:
        raise GeneratorError("; ".join(failures))
    return summaries


def check_specs(specs: list[tuple[str, int]]) -> list[tuple[Layout, int]]:
    """Layouts of ``specs``; GeneratorError for an unknown name or a missing hyphenation dictionary."""
    try:
        resolved = [(get_layout(name), int(seed)) for name, seed in specs]
    except ValueError as exc:
        raise GeneratorError(str(exc)) from None
    if any(lay.hyphenation for lay, _ in resolved) and not hyphenation_available():
        raise GeneratorError("layouts with automatic hyphenation need an English hyphenation dictionary for "
                             "LibreOffice: apt-get install hyphen-en-us")
    return resolved


def build(specs: list[tuple[str, int]], outdir: Path, corpus_dir: Path | None = None, workers: int = 2) -> list[dict]:
    """Make the look-alikes of ``specs`` in ``outdir``; one summary dict per look-alike, in order.

    With ``workers`` > 1 the specs are split into that many batches, each made by its own
    process (LibreOffice and the PDF reading use one core each)."""
    resolved = list(dict.fromkeys(check_specs(specs)))
    find_soffice()
    corpus_dir = Path(corpus_dir or default_corpus_dir())
    pools = read_pools(corpus_dir)
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    sizes = [len(generate(lay, seed, pools).blocks) for lay, seed in resolved]
    batches = _batches(resolved, sizes, workers)
    summaries = make_batch(batches[0], outdir, pools) if len(batches) == 1 else _run_workers(batches, outdir, corpus_dir)
    order = {spec_name(lay.name, seed): k for k, (lay, seed) in enumerate(resolved)}
    return sorted(summaries, key=lambda s: order[s["name"]])


def _fingerprint(corpus_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted((Path(corpus_dir) / "ga-res-80").glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(str(hyphenation_available()).encode())
    return digest.hexdigest()


def cache_key(layout: Layout, seed: int, fingerprint: str) -> str:
    text = json.dumps({"layout": asdict(layout), "seed": seed, "generator": fingerprint}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def ensure_lookalikes(cache_dir: Path, specs: list[tuple[str, int]], corpus_dir: Path | None = None,
                      workers: int = 2) -> list[Lookalike]:
    """The look-alikes of ``specs``, made only where ``cache_dir`` does not already hold them."""
    corpus_dir = Path(corpus_dir or default_corpus_dir())
    resolved = check_specs(specs)
    if not (corpus_dir / "ga-res-80").is_dir():
        raise CorpusMissing(f"the UN corpus of resolutions was not found at {corpus_dir / 'ga-res-80'}")
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = _fingerprint(corpus_dir)
    wanted = [(lay, seed, cache_dir / f"{spec_name(lay.name, seed)}-{cache_key(lay, seed, fingerprint)}")
              for lay, seed in resolved]
    missing = [(lay, seed, d) for lay, seed, d in dict.fromkeys(wanted) if not (d / f"{spec_name(lay.name, seed)}.manifest.json").is_file()]
    if missing:
        with tempfile.TemporaryDirectory(prefix=".building-", dir=cache_dir) as tmp:
            build([(lay.name, seed) for lay, seed, _ in missing], Path(tmp), corpus_dir, workers)
            for lay, seed, final in missing:
                name = spec_name(lay.name, seed)
                staged = Path(tmp) / name
                staged.mkdir()
                for ext in EXTENSIONS:
                    os.replace(Path(tmp) / f"{name}{ext}", staged / f"{name}{ext}")
                for stale in cache_dir.glob(f"{name}-*"):
                    if stale != final:
                        shutil.rmtree(stale, ignore_errors=True)
                try:
                    os.rename(staged, final)
                except OSError:
                    pass  # made meanwhile by a concurrent session
    return [Lookalike(spec_name(lay.name, seed), lay, seed, d) for lay, seed, d in wanted]


def _specs(args) -> list[tuple[str, int]]:
    specs: list[tuple[str, int]] = []
    for name in args.set or ():
        specs.extend(SETS[name])
    if args.layout or args.seed or not specs:
        specs.extend((layout, seed) for layout in (args.layout or list(LAYOUTS)) for seed in (args.seed or [1]))
    return list(dict.fromkeys(specs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.lookalikes.make", description="Make Word-style UN look-alike documents with exact truth.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="a documented set (repeatable)")
    parser.add_argument("--layout", action="append", metavar="NAME", help=f"a layout (repeatable): {', '.join(LAYOUTS)}")
    parser.add_argument("--seed", action="append", type=int, metavar="N", help="a seed (repeatable)")
    parser.add_argument("--corpus", type=Path, help="the shared corpus directory (default ../shared/corpus or $OEWG_CORPUS)")
    parser.add_argument("--workers", type=int, default=2, help="parallel soffice/truth workers (default 2)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--layout-seed", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    started = time.perf_counter()
    try:
        summaries = build(_specs(args), args.outdir, args.corpus, max(1, args.workers))
    except (GeneratorError, CorpusMissing, SofficeMissing, ConversionFailed, NotLocated) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write the look-alikes to {args.outdir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    columns = ("name", "kind", "pages", "paragraphs", "footnotes", "crossing", "breaks", "hyphens")
    widths = [max(len(c), *(len(str(s[c])) for s in summaries)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for s in summaries:
        print("  ".join(str(s[c]).ljust(w) for c, w in zip(columns, widths)))
    print(f"{len(summaries)} look-alike(s) in {args.outdir} in {time.perf_counter() - started:.1f} s")
    return 0


def _worker(args) -> int:
    """Worker mode (used by ``build``): make the given layout:seed pairs, one JSON summary per line."""
    try:
        specs = check_specs([(spec.rsplit(":", 1)[0], int(spec.rsplit(":", 1)[1])) for spec in args.layout_seed])
        for summary in make_batch(specs, args.outdir, read_pools(args.corpus or default_corpus_dir())):
            print(json.dumps(summary), flush=True)
    except (GeneratorError, CorpusMissing, SofficeMissing, ConversionFailed, NotLocated) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
