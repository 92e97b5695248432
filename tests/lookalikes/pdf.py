"""Export .docx files to PDF with LibreOffice (``soffice --headless --convert-to pdf``), as Word would.

Each call runs its own soffice with a private profile (``-env:UserInstallation``) in a temporary
directory, so parallel runs never share one; one soffice converts a whole batch of files.
``SofficeMissing`` / ``ConversionFailed`` carry a one-line reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

HYPHENATION_DIRS = ("/usr/share/hyphen", "/usr/share/myspell/dicts", "/usr/lib/libreoffice/share/extensions")


class SofficeMissing(Exception):
    """LibreOffice is not installed (or not on PATH)."""


class ConversionFailed(Exception):
    """soffice ran but did not produce every PDF."""


def find_soffice() -> str:
    """Path of ``soffice`` / ``libreoffice``; SofficeMissing when neither is on PATH."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise SofficeMissing("LibreOffice (soffice) is not installed: install it (apt-get install libreoffice-writer) to make the look-alike PDFs")


def hyphenation_available() -> bool:
    """Whether LibreOffice can find an English hyphenation dictionary (Debian: hyphen-en-us)."""
    return any(glob.glob(f"{d}/**/hyph_en*.dic", recursive=True) for d in HYPHENATION_DIRS)


def convert(docx_files: list[Path], outdir: Path, timeout: float = 180.0) -> list[Path]:
    """PDFs of ``docx_files`` in ``outdir`` (same stem), made by one soffice run."""
    if not docx_files:
        return []
    soffice = find_soffice()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    for target in targets:
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="lookalike-soffice-") as profile:
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)]
        # its own process group, so that a timeout ends soffice.bin too, not only the wrapper script
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionFailed(f"soffice did not finish converting {len(docx_files)} file(s) within {timeout:.0f} s") from None
    missing = [t.name for t in targets if not t.is_file() or t.stat().st_size == 0]
    if missing:
        detail = [ln for ln in (stderr + stdout).strip().splitlines() if "javaldx" not in ln]
        raise ConversionFailed(f"soffice (exit {proc.returncode}) made no PDF for {', '.join(missing)}"
                               + (f": {detail[-1]}" if detail else ""))
    return targets
