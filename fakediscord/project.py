"""Running this project's own commands for a fake-Discord session: the `oewg` command, building an
index with it, and the recognisable fake token (so a leak into a log line or a message is easy to
find). Shared by the end-to-end tests and ``benchmarks/load.py``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FAKE_TOKEN = "OEWG-E2E-FAKE-TOKEN.MTIzNDU2Nzg5MDEyMzQ1Njc4.c2VjcmV0LXNob3VsZC1uZXZlci1sZWFr"


def oewg_command() -> list[str]:
    """``oewg`` beside this Python, else ``python -m bot.cli``."""
    script = Path(sys.executable).with_name("oewg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def build_index(sources: list[Path], index_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """``oewg build --sources ... --index DIR --quiet``."""
    args = oewg_command() + ["build", "--index", str(index_dir), "--quiet"]
    for s in sources:
        args += ["--sources", str(s)]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)
