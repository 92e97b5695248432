"""Cold build time of the 55 resolutions: this checkout against another commit, in one run.

Each round builds the 55 resolutions of ../shared/corpus/ga-res-80 into a fresh temporary index
in a separate process (model load included), alternating this checkout and the other commit's
code (exported with `git archive`), so that both see the same machine load. Prints a table of
the median and the ratio.

    python benchmarks/build_compare.py [--against COMMIT] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "ga-res-80"
BUILD = """
import sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from index.build import build_index
t = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    build_index([Path(sys.argv[2])], Path(d) / "index")
print(time.perf_counter() - t)
"""


def one_build(code_root: Path) -> float:
    out = subprocess.run([sys.executable, "-c", BUILD, str(code_root), str(CORPUS)], capture_output=True, text=True,
                         cwd=tempfile.gettempdir(), env={"TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                                                         "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    if out.returncode != 0:
        raise SystemExit(f"a build failed in {code_root}: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    ap.add_argument("--against", default="ba3984f", help="the commit to compare with (default: ba3984f, before the layout reader)")
    ap.add_argument("--rounds", type=int, default=3, help="builds of each (default 3)")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as d:
        old = Path(d) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.against], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        times: dict[str, list[float]] = {"this checkout": [], args.against: []}
        for _ in range(args.rounds):
            times[args.against].append(one_build(old))
            times["this checkout"].append(one_build(REPO))
    base = statistics.median(times[args.against])
    print(f"{'code':<16}{'median s':>10}{'runs':>32}")
    for name, ts in times.items():
        print(f"{name:<16}{statistics.median(ts):>10.1f}{'  '.join(f'{t:.1f}' for t in ts):>32}")
    print(f"ratio this checkout / {args.against}: {statistics.median(times['this checkout']) / base:.2f}"
          f"  (load average {Path('/proc/loadavg').read_text().split()[0] if Path('/proc/loadavg').exists() else '?'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
