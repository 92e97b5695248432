"""One build at a time per index: a lock beside the index folder, held for the whole build.

The lock is an OS file lock (``filelock``: ``flock`` on Linux and macOS, ``msvcrt`` on
Windows) on ``.<name>.lock`` next to the index. The operating system releases it when its
owner exits, however it exits (even ``kill -9``), so a lock can never be left stale and no
pid has to be trusted. Who holds it (pid, host, start time) is written to
``.<name>.lock.owner`` purely so that a second build can say whom it is waiting for.
"""

from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from index.errors import BuildLocked

DEFAULT_WAIT = 600.0  # seconds a second build waits for the first one before giving up


def lock_path(index_dir: Path) -> Path:
    index_dir = Path(index_dir)
    return index_dir.parent / f".{index_dir.name}.lock"


def owner_path(index_dir: Path) -> Path:
    return lock_path(index_dir).with_name(lock_path(index_dir).name + ".owner")


def describe_owner(index_dir: Path) -> str:
    """'pid 123 on host, started 12:00:01', or '' when nothing is recorded."""
    try:
        info = json.loads(owner_path(index_dir).read_text(encoding="utf-8"))
        started = time.strftime("%H:%M:%S", time.localtime(float(info["started"])))
        return f"pid {int(info['pid'])} on {info['host']}, started {started}"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextmanager
def build_lock(index_dir: Path, wait: float = DEFAULT_WAIT, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``index_dir``; wait up to ``wait`` seconds for another build
    (telling ``notify`` once), then raise BuildLocked with a clear line."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(index_dir), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        who = describe_owner(index_dir)
        if notify is not None:
            notify(f"Another build of {index_dir} is running ({who or 'owner unknown'}): waiting for it to finish…")
        try:
            lock.acquire(timeout=max(wait, 0))
        except Timeout:
            raise BuildLocked(
                f"Another build of {index_dir} is still running ({describe_owner(index_dir) or who or 'owner unknown'}) "
                f"after {wait:.0f} s: let it finish (or stop it), then run `oewg build` again."
            ) from None
    try:
        owner_path(index_dir).write_text(
            json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}), encoding="utf-8"
        )
        yield
    finally:
        try:
            owner_path(index_dir).unlink()
        except OSError:
            pass
        lock.release()
