"""A reply taller than the terminal is shown through a pager, as git shows a long log.

``/find the`` in `oewg chat` (or `oewg find the`) finds a thousand paragraphs; printed at once,
they scroll past and the summary line at the top is lost. On a terminal, a reply with more lines
than the window goes to ``$OEWG_PAGER``, else ``$PAGER``, else ``less`` (with ``LESS=FRX`` when
``LESS`` is unset, as git does: colours kept, the screen not cleared, and a reply that fits one
screen printed as it is). ``OEWG_PAGER=cat`` (or an empty value) turns paging off. A pipe or a file
is never paged. ``pager_command`` is pure (it reads the environment it is given); ``page`` runs it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from typing import Mapping

OFF = ("", "cat")


def pager_command(env: Mapping[str, str], which=shutil.which) -> list[str] | None:
    """The pager to run, as an argument list; None when paging is off or no pager is installed."""
    for name in ("OEWG_PAGER", "PAGER"):
        if name in env:
            value = env[name].strip()
            if value in OFF:
                return None
            try:
                return shlex.split(value) or None
            except ValueError:
                return None  # an unbalanced quote: print as it is rather than fail
    return ["less"] if which("less") else None


def pager_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment the pager runs in: ``LESS=FRX`` unless the user set ``LESS``."""
    out = dict(env)
    out.setdefault("LESS", "FRX")
    return out


def page(text: str, command: list[str], env: Mapping[str, str] | None = None) -> bool:
    """Show ``text`` through ``command``; False when the pager cannot be started (then the caller
    prints the text itself). Quitting the pager early (q) is not an error, and Ctrl-C while it
    reads stops feeding it but leaves it open: the pager, not this process, owns the terminal
    until it exits."""
    try:  # unbuffered: closing the pipe after Ctrl-C never blocks on a flush the pager does not read
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, bufsize=0,
                                env=pager_env(os.environ if env is None else env))
    except OSError:
        return False
    try:
        _feed(proc.stdin, text.encode("utf-8", "replace"))
    except (OSError, KeyboardInterrupt):
        pass  # the reader quit before reading everything, or Ctrl-C: the pager keeps what it has
    finally:
        try:
            proc.stdin.close()
        except OSError:
            pass
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager (less stays open); wait until it exits


def _feed(pipe, data: bytes) -> None:
    """Write all of ``data`` to an unbuffered pipe (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[pipe.write(view):]
