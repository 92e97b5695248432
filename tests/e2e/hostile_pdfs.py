"""Hostile PDF files, generated on the fly: corrupt, encrypted, image-only (no text layer),
empty (0 bytes), and a long but valid 200-page document in UN layout."""

from __future__ import annotations

import io
import random
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LONG_SYMBOL = "A/TEST/200"
TOPICS = ("confidence-building measures", "capacity-building", "international law", "norms of responsible behaviour",
          "existing and potential threats", "regular institutional dialogue")


def long_paragraph(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return (f"The Group considered item {n} on {topic} and recommended that States continue to exchange "
            f"views on {topic} in paragraph number {n} of this long test document.")


def _text_pdf(pages: list[list[str]], symbol: str) -> bytes:
    """A PDF whose pages carry a running header (symbol, page marker) and the given lines."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    total = len(pages)
    for i, lines in enumerate(pages, start=1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, symbol)
        c.drawString(480, 800, f"{i}/{total}")
        c.setFont("Helvetica", 11)
        y = 760
        for line in lines:
            for chunk in _wrap(line, 90):
                c.drawString(72, y, chunk)
                y -= 14
            y -= 8
        c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return out + [line] if line else out


def long_pdf(pages: int = 200, per_page: int = 2) -> bytes:
    """A valid ``pages``-page document with ``pages * per_page`` numbered paragraphs."""
    body = []
    n = 0
    for p in range(pages):
        lines = []
        if p == 0:
            lines += [LONG_SYMBOL, "Long test document for the bot's end-to-end tests"]
        for _ in range(per_page):
            n += 1
            lines.append(f"{n}. {long_paragraph(n)}")
        body.append(lines)
    return _text_pdf(body, LONG_SYMBOL)


def encrypted_pdf(password: str = "s3cret") -> bytes:
    reader = PdfReader(io.BytesIO(_text_pdf([["1. A paragraph nobody can read without the password."]], "A/TEST/ENC")))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages with drawings and no text at all, like a scan without OCR."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    rng = random.Random(7)
    for _ in range(pages):
        for _ in range(300):
            c.setFillGray(rng.random())
            c.rect(rng.uniform(40, 520), rng.uniform(40, 780), 12, 4, stroke=0, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def corrupt_pdf() -> bytes:
    """A PDF header, then garbage and a truncated body."""
    rng = random.Random(13)
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R" + bytes(rng.randrange(256) for _ in range(4000))


HOSTILE = {
    "corrupt.pdf": corrupt_pdf,
    "encrypted.pdf": encrypted_pdf,
    "image-only.pdf": image_only_pdf,
    "empty.pdf": bytes,
}


def write_hostile(folder: Path) -> dict[str, Path]:
    """Write the four bad PDFs and the 200-page one into ``folder``; name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, make in HOSTILE.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    paths["long-200-pages.pdf"] = folder / "long-200-pages.pdf"
    paths["long-200-pages.pdf"].write_bytes(long_pdf())
    return paths
