"""Download the catalog's PDFs into ``sources/``: resumable, retried, verified, recorded in a lock file.

``fetch_documents`` is the one entry point (``oewg fetch`` calls it). For each document it
skips a file that is already there and valid, otherwise downloads into ``<file>.part`` (resuming
with an HTTP Range request when a partial file exists), retries 5xx / dropped connections with
exponential backoff, moves on to the fallback address when the primary one fails, checks that
what arrived is a complete PDF (``%PDF-`` magic, full Content-Length, ``%%EOF`` near the end) and
records its sha256 in ``fetch.lock.json``. When the network is unreachable on the first request
it stops at once with instructions for placing the PDFs by hand.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, build_opener

from tqdm import tqdm

from index.errors import OEWGError
from sources.catalog import Catalog, CatalogEntry

LOCK_NAME = "fetch.lock.json"
PART_SUFFIX = ".part"
CHUNK_SIZE = 64 * 1024
EOF_WINDOW = 2048  # "%%EOF" must appear within this many bytes of the end
USER_AGENT = "oewg-bot/0.1 (UN document fetcher)"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_UNREACHABLE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.EADDRNOTAVAIL})


class FetchError(OEWGError):
    """A download problem the user has to act on; ``str(err)`` says what to do."""


class NoNetwork(FetchError):
    """The document servers could not be reached at all; the message says how to fetch by hand."""

    def __init__(self, summary: str, instructions: str):
        self.summary = summary
        self.instructions = instructions
        super().__init__(f"{summary}\n{instructions}" if instructions else summary)


@dataclass
class FetchResult:
    name: str
    path: Path
    status: str  # "downloaded" | "up-to-date" | "failed"
    sha256: str = ""
    error: str = ""
    url: str = ""  # address the file came from ("" when it was already there)
    bytes: int = 0


# ---- pure checks -----------------------------------------------------------------------------


def looks_like_html(head: bytes) -> bool:
    """True when the start of a body is an HTML page (the usual error page instead of a PDF)."""
    h = head.lstrip()[:512].lower()
    return h.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in h


def pdf_problem(head: bytes, tail: bytes) -> str | None:
    """Why bytes that start with ``head`` and end with ``tail`` are not a complete PDF, or None."""
    if not head.startswith(b"%PDF-"):
        if looks_like_html(head):
            return "the server sent an HTML page, not a PDF"
        if not head:
            return "the server sent an empty file"
        return f"the file is not a PDF (it starts with {head[:16]!r})"
    if b"%%EOF" not in tail[-EOF_WINDOW:]:
        return "the PDF is incomplete (no %%EOF marker at its end)"
    return None


def file_pdf_problem(path: Path) -> str | None:
    """``pdf_problem`` for a file on disk."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - EOF_WINDOW))
        tail = fh.read()
    return pdf_problem(head, tail)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manual_instructions(entries: list[CatalogEntry], dest: Path) -> str:
    """How to place the PDFs by hand: one line per document, address -> file path."""
    lines = [f"Download these PDFs in a browser and save each one under {dest}/ with the name shown:"]
    for e in entries:
        alt = e.urls()[1:]
        extra = f"  (or {alt[0]})" if alt else ""
        lines.append(f"  {e.symbol:<14} {e.pdf_url()}{extra}  ->  {dest / e.filename}")
    lines.append("Then run `oewg fetch` again to verify them and record their hashes, and `oewg build` to index them.")
    return "\n".join(lines)


# ---- lock file -------------------------------------------------------------------------------


def read_lock(dest: Path) -> dict:
    """The lock file's content ({name: {symbol, url, sha256, bytes, fetched_at}}), {} if absent."""
    path = dest / LOCK_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged lock only costs a re-check of the files
    return data if isinstance(data, dict) else {}


def write_lock(dest: Path, lock: dict) -> None:
    """Write the lock file atomically."""
    path = dest / LOCK_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _lock_record(entry: CatalogEntry, url: str, digest: str, size: int) -> dict:
    return {
        "symbol": entry.symbol,
        "url": url,
        "sha256": digest,
        "bytes": size,
        "fetched_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


# ---- one HTTP attempt ------------------------------------------------------------------------


class _Permanent(Exception):
    """This address will not give the document (404, HTML page...): try the next address."""


class _Transient(Exception):
    """Worth retrying the same address after a pause (5xx, dropped connection, truncated body)."""


class _Unreachable(_Transient):
    """The connection could not be made at all (refused, DNS failure, no route)."""


def _is_unreachable(reason: object) -> bool:
    if isinstance(reason, (socket.gaierror, ConnectionRefusedError, TimeoutError)):
        return True
    return isinstance(reason, OSError) and reason.errno in _UNREACHABLE_ERRNOS


def _content_range_start(value: str | None) -> int | None:
    m = re.match(r"\s*bytes\s+(\d+)-\d+/(?:\d+|\*)", value or "")
    return int(m.group(1)) if m else None


class _Downloader:
    """Runs the attempts of one fetch_documents call; remembers which hosts answered and which are dead."""

    def __init__(self, opener, timeout: float, progress: bool):
        self.opener = opener
        self.timeout = timeout
        self.progress = progress
        self.answered: set[str] = set()  # hosts that answered in this run (even with an error status)
        self.dead: set[str] = set()  # hosts that could not be reached before ever answering

    @property
    def contacted(self) -> bool:
        return bool(self.answered)

    def attempt(self, url: str, part: Path, label: str) -> int:
        """Download (or resume) ``url`` into ``part``; return the total size. Raises _Permanent/_Transient."""
        offset = part.stat().st_size if part.exists() else 0
        request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/pdf,*/*"})
        if offset:
            request.add_header("Range", f"bytes={offset}-")
        host = urlsplit(url).netloc
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except HTTPError as err:
            self.answered.add(host)
            err.close()
            if err.code == 416 and offset:
                part.unlink(missing_ok=True)  # our partial file does not fit this server's copy
                raise _Transient("the server refused to resume; starting again") from None
            if err.code in RETRY_STATUS:
                raise _Transient(f"HTTP {err.code} {err.reason} from {url}") from None
            raise _Permanent(f"HTTP {err.code} {err.reason} from {url}") from None
        except URLError as err:
            cls = _Unreachable if _is_unreachable(err.reason) else _Transient
            raise cls(f"cannot connect to {host} ({err.reason})") from None
        except (HTTPException, OSError) as err:
            raise _Transient(f"connection to {host} failed ({err!r})") from None
        self.answered.add(host)
        with response:
            return self._receive(response, url, part, offset, label)

    def _receive(self, response, url: str, part: Path, offset: int, label: str) -> int:
        status = getattr(response, "status", 200)
        if offset and status == 206:
            start = _content_range_start(response.headers.get("Content-Range"))
            if start != offset:
                part.unlink(missing_ok=True)
                raise _Transient(f"the server resumed at the wrong place ({response.headers.get('Content-Range')})")
            mode = "ab"
        else:
            offset, mode = 0, "wb"  # a plain 200: the server ignored the Range header, start over
        length_header = response.headers.get("Content-Length")
        length = int(length_header) if length_header and length_header.isdigit() else None
        total = offset + length if length is not None else None
        received = offset
        with part.open(mode) as out, tqdm(
            total=total, initial=offset, unit="B", unit_scale=True, unit_divisor=1024,
            desc=label, file=sys.stderr, disable=not self.progress, leave=True,
        ) as bar:
            checked = offset > 0  # a resumed body is checked as a whole at the end
            head = b""
            while True:
                try:
                    chunk = response.read(CHUNK_SIZE)
                except (HTTPException, OSError) as err:
                    raise _Transient(f"the connection dropped after {received} bytes ({err!r})") from None
                if not checked:
                    head += chunk[: 512 - len(head)]
                    if len(head) >= 5 or not chunk:
                        checked = True
                        if not head.startswith(b"%PDF-"):
                            out.close()
                            part.unlink(missing_ok=True)
                            raise _Permanent(f"{pdf_problem(head, b'')} at {url}")
                if not chunk:
                    break
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
        if total is not None and received < total:
            raise _Transient(f"the download was cut short ({received} of {total} bytes)")
        if total is not None and received > total:
            part.unlink(missing_ok=True)
            raise _Transient(f"the server sent more bytes than announced ({received} > {total})")
        problem = file_pdf_problem(part) if received else "the server sent an empty file"
        if problem:
            if total is None and received and problem.startswith("the PDF is incomplete"):
                raise _Transient(f"{problem}; resuming")  # no Content-Length: may have been cut short
            part.unlink(missing_ok=True)
            raise _Transient(f"{problem} at {url}")
        return received


# ---- the entry point -------------------------------------------------------------------------


def _select(catalog: Catalog, names: list[str] | None) -> list[CatalogEntry]:
    if not names:
        return list(catalog.entries)
    chosen: list[CatalogEntry] = []
    for name in names:
        entry = catalog.get(name)
        if entry is None:
            raise FetchError(f"Unknown document '{name}'. Known documents: {', '.join(catalog.names())}.")
        if entry not in chosen:
            chosen.append(entry)
    return chosen


def _existing_ok(entry: CatalogEntry, target: Path, lock: dict) -> str | None:
    """sha256 of a valid file already at ``target`` (recorded or placed by hand), else None."""
    if not target.is_file():
        return None
    digest = sha256_file(target)
    record = lock.get(entry.name)
    if isinstance(record, dict) and record.get("sha256") == digest:
        return digest
    return None if file_pdf_problem(target) else digest


def fetch_documents(
    catalog: Catalog,
    names: list[str] | None,
    dest: Path,
    *,
    progress: bool = True,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
    opener=None,
) -> list[FetchResult]:
    """Fetch the named documents (None = all) into ``dest``; one FetchResult per document.

    A document that fails (404 everywhere, HTML instead of PDF, truncated after all retries) is
    reported with status "failed" and an actionable ``error``; the others are still fetched.
    Raises FetchError for an unknown name or an unwritable ``dest``, and NoNetwork when the very
    first request cannot connect to any address (with by-hand download instructions).
    ``opener`` is anything with ``open(request, timeout=...)`` (default: a urllib opener).
    """
    entries = _select(catalog, names)
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FetchError(f"Cannot create the download folder {dest} ({err.strerror}); choose a writable folder.") from None
    lock = read_lock(dest)
    downloader = _Downloader(opener or build_opener(), timeout, progress)
    results: list[FetchResult] = []
    for i, entry in enumerate(entries):
        target = dest / entry.filename
        digest = _existing_ok(entry, target, lock)
        if digest is not None:
            if not (isinstance(lock.get(entry.name), dict) and lock[entry.name].get("sha256") == digest):
                lock[entry.name] = _lock_record(entry, "", digest, target.stat().st_size)
                write_lock(dest, lock)
            results.append(FetchResult(entry.name, target, "up-to-date", digest, bytes=target.stat().st_size))
            continue
        result = _fetch_one(downloader, entry, target, retries, backoff)
        if result is None:  # nothing answered: no network
            missing = [e for e in entries[i:] if _existing_ok(e, dest / e.filename, lock) is None]
            hosts = sorted({urlsplit(u).netloc for u in entry.urls()})
            raise NoNetwork(
                f"Cannot reach {' or '.join(hosts)}: no network connection? Nothing was downloaded.",
                manual_instructions(missing, dest),
            )
        if result.status == "downloaded":
            lock[entry.name] = _lock_record(entry, result.url, result.sha256, result.bytes)
            write_lock(dest, lock)
        results.append(result)
    return results


def _fetch_one(dl: _Downloader, entry: CatalogEntry, target: Path, retries: int, backoff: float) -> FetchResult | None:
    """Try every address of ``entry`` with retries; None when no server could be contacted at all."""
    part = target.with_name(target.name + PART_SUFFIX)
    problems: list[str] = []
    for n, url in enumerate(entry.urls()):
        if n > 0:
            part.unlink(missing_ok=True)  # never resume one server's bytes from another
        host = urlsplit(url).netloc
        if host in dl.dead:
            problems.append(f"{host} could not be reached earlier in this run")
            continue
        last = ""
        for attempt in range(max(0, retries) + 1):
            try:
                size = dl.attempt(url, part, entry.filename)
            except _Unreachable as err:
                last = str(err)
                if host not in dl.answered:
                    dl.dead.add(host)  # never reached: do not wait for it, try the next address
                    break
            except _Transient as err:
                last = str(err)
            except _Permanent as err:
                last = str(err)
                break
            else:
                os.replace(part, target)
                return FetchResult(entry.name, target, "downloaded", sha256_file(target), url=url, bytes=size)
            if attempt < retries:
                time.sleep(backoff * (2 ** attempt))
        problems.append(last)
    if not dl.contacted:
        return None
    error = (
        f"{entry.symbol} ({entry.name}): no valid PDF — {'; '.join(problems)}. "
        f"Download it by hand from {entry.pdf_url()} and save it as {target}, then run `oewg fetch` again."
    )
    return FetchResult(entry.name, target, "failed", error=error)
