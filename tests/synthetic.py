"""Synthetic documents and a fake catalog/parser for building small test indexes without the real parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError
from index.models import DocumentMeta, Paragraph, ParsedDocument

REPORT = "A/80/999"
RES = "A/RES/80/99"
LONG_TAIL = " ".join(f"Filler clause {i} on procedural matters of the session." for i in range(40))


def report_doc() -> ParsedDocument:
    meta = DocumentMeta(symbol=REPORT, title="Final report of the test working group", source_pdf="https://example.org/A_80_999.pdf")
    p = [
        Paragraph(REPORT, "main", "1", "The working group held eleven substantive sessions in New York.", (1,), "I. Introduction", order=0),
        Paragraph(REPORT, "annex", "1", "States expressed concern about ransomware attacks against hospitals and critical infrastructure.", (3,), "A. Threats", order=1),
        Paragraph(REPORT, "annex", "2", "States recommended the following:\n(a) Strengthen capacity-building for developing countries;\n(b) Share national points of contact in the directory.", (3, 4), "B. Recommendations", order=2),
        Paragraph(REPORT, "annex", "2(a)", "(a) Strengthen capacity-building for developing countries;", (3,), "B. Recommendations", parent="2", order=3),
        Paragraph(REPORT, "annex", "2(b)", "(b) Share national points of contact in the directory.", (4,), "B. Recommendations", parent="2", order=4),
        Paragraph(REPORT, "annex", "3", "Non-governmental organizations with consultative status with the Economic and Social Council may attend the plenary sessions. " + LONG_TAIL, (4,), "C. Stakeholders", order=5),
        Paragraph(REPORT, "annex I", "1", "The Global Mechanism shall hold an organizational session in March 2026.", (9,), "Elements", order=6),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p), page_count=9)


def resolution_doc() -> ParsedDocument:
    meta = DocumentMeta(symbol=RES, title="Test resolution on oceans")
    p = [
        Paragraph(RES, "main", "PP1", "Recalling its previous resolutions on the law of the sea,", (), "", order=0),
        Paragraph(RES, "main", "1", "Calls upon States to protect coral reefs from bleaching caused by warming seas;", (), "", order=1),
        Paragraph(RES, "main", "2", "Decides to include the item in the provisional agenda of its next session.", (), "", order=2),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p))


@dataclass
class FakeCatalogEntry:
    name: str
    symbol: str
    default_scope: str
    title: str = ""
    date: str = ""
    kind: str = "report"
    aliases: tuple = ("A/AC.999/CRP.1",)

    def pdf_url(self):
        return "https://example.org/catalog.pdf"


class FakeCatalog:
    def by_symbol(self, symbol):
        return FakeCatalogEntry("final-report", REPORT, "annex") if symbol == REPORT else None


def fake_parser(docs: dict[str, ParsedDocument]):
    def parse(path: Path) -> ParsedDocument:
        if path.name not in docs:
            raise SourceError(path, "no numbered paragraphs found", "check the file")
        return docs[path.name]

    return parse




def write_sources(src: Path) -> None:
    """The files the fake parser knows (their bytes only matter for the hash)."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "report.md").write_text("report v1")
    (src / "res.md").write_text("res v1")
    (src / "broken.md").write_text("not a UN document")


def synthetic_parser():
    return fake_parser({"report.md": report_doc(), "res.md": resolution_doc()})


# ---- three dated documents for find / toc / compare ------------------------------------------

APR_24 = "A/79/900"
FINAL_25 = "A/80/900"
RES_900 = "A/RES/80/900"


def apr_2024() -> ParsedDocument:
    meta = DocumentMeta(symbol=APR_24, title="Annual progress report", date="2024-07-12", default_scope="annex")
    p = [
        Paragraph(APR_24, "annex", "1", "States recalled the framework of responsible State behaviour in the use of ICTs.", (2,), "A. Introduction", order=0),
        Paragraph(APR_24, "annex", "2", "States expressed concern about ransomware attacks against hospitals and critical infrastructure.", (2,), "B. Threats", order=1),
        Paragraph(APR_24, "annex", "3", "States recommended to keep the directory of points of contact up to date.", (3,), "C. Recommendations", order=2),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p))


def final_2025() -> ParsedDocument:
    meta = DocumentMeta(symbol=FINAL_25, title="Final report", date="2025-07-11", default_scope="annex")
    p = [
        Paragraph(FINAL_25, "main", "1", "The working group held eleven sessions.", (1,), "I. Introduction", order=0),
        Paragraph(FINAL_25, "annex", "1", "States reaffirmed the framework of responsible State  behaviour in the use of ICTs.", (3,), "A. Overview", order=1),
        Paragraph(FINAL_25, "annex", "2", "States expressed grave concern about ransomware attacks against hospitals, schools and critical infrastructure.", (3,), "B. Existing and potential threats", order=2),
        Paragraph(FINAL_25, "annex", "3", "States agreed:\n(a) To establish a Global Mechanism;\n(b) To keep the directory of points of contact up to date.", (4,), "B. Existing and potential threats", order=3),
        Paragraph(FINAL_25, "annex", "3(a)", "(a) To establish a Global Mechanism;", (4,), "B. Existing and potential threats", parent="3", order=4),
        Paragraph(FINAL_25, "annex", "3(b)", "(b) To keep the directory of points of contact up to date.", (4,), "B. Existing and potential threats", parent="3", order=5),
        Paragraph(FINAL_25, "annex", "4", "The chocolate cake recipe calls for three eggs and a cup of sugar.", (5,), "C. Other matters", order=6),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p))


def resolution() -> ParsedDocument:
    meta = DocumentMeta(symbol=RES_900, title="Security of and in the use of ICTs", date="2025-12-05")
    p = [
        Paragraph(RES_900, "main", "PP1", "Welcoming the framework of responsible\nState behaviour in the use of ICTs,", (1,), "", order=0),
        Paragraph(RES_900, "main", "1", "Decides to include in the provisional agenda of its eighty\u2011first session the item entitled “ICT security”.", (1,), "", order=1),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p))


class NoCatalog:
    """A catalog that knows no document (dates and titles come from the documents)."""

    def by_symbol(self, symbol):
        return None



def build_tools_index(root: Path, embedder) -> Path:
    """An index of apr_2024, final_2025 and resolution under ``root``; returns its directory."""
    from index.build import build_index

    src = root / "src"
    src.mkdir()
    docs = {"apr.md": apr_2024(), "final.md": final_2025(), "res.md": resolution()}
    for name in docs:
        (src / name).write_text(name)
    build_index([src], root / "index", embedder=embedder, catalog=NoCatalog(), parse=fake_parser(docs))
    return root / "index"


def build_resolution_only_index(root: Path, embedder) -> Path:
    """An index of two resolutions (A/RES/80/99 and a copy as A/RES/80/100) and no Final Report,
    so without a default document, under ``root``; returns its directory."""
    from dataclasses import replace

    from index.build import build_index

    (root / "src").mkdir()
    res = resolution_doc()
    other = replace(res, meta=replace(res.meta, symbol="A/RES/80/100"),
                    paragraphs=tuple(replace(p, symbol="A/RES/80/100") for p in res.paragraphs))
    for name in ("res.md", "other.md"):
        (root / "src" / name).write_text(name)
    build_index([root / "src"], root / "index", embedder=embedder, catalog=FakeCatalog(),
                parse=fake_parser({"res.md": res, "other.md": other}))
    return root / "index"

