"""The document catalog: the shipped catalog.toml is valid, lookups work, bad catalogs are refused."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from index.errors import OEWGError
from index.refs import parse_ref
from sources.catalog import (
    DEFAULT_CATALOG_PATH,
    DEFAULT_SOURCES_DIR,
    KINDS,
    CatalogError,
    load_catalog,
    symbol_filename,
)

# The documents the issue asks for, by symbol.
REQUIRED_SYMBOLS = {
    "A/80/257", "A/77/275", "A/78/265", "A/79/214", "A/75/816",
    "A/65/201", "A/68/98", "A/70/174", "A/76/135",
    "A/RES/75/240", "A/RES/76/19", "A/RES/79/237", "A/RES/80/16",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_shipped_catalog_lists_every_required_document(catalog):
    assert {e.symbol for e in catalog.entries} == REQUIRED_SYMBOLS
    assert DEFAULT_SOURCES_DIR == Path(__file__).resolve().parent.parent.parent / "sources"


def test_default_is_the_final_report_with_annex_scope(catalog):
    final = catalog.default
    assert (final.name, final.symbol, final.default_scope) == ("final-report", "A/80/257", "annex")
    assert "A/AC.292/2025/CRP.1" in final.aliases
    assert parse_ref(f"{final.default_scope} 12").scope == "annex"


def test_entries_are_complete_and_names_unique(catalog):
    names = [e.name for e in catalog.entries]
    assert len(names) == len(set(names))
    files = [e.filename for e in catalog.entries]
    assert len(files) == len(set(files))
    for e in catalog.entries:
        assert e.title and e.kind in KINDS and e.language == "en"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.date)
        assert e.filename == e.symbol.replace("/", "_") + ".pdf"
        assert (e.kind == "resolution") == e.symbol.startswith("A/RES/")


def test_every_url_is_built_from_the_templates(catalog):
    raw = tomllib.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    templates = raw["urls"]["templates"]
    for e in catalog.entries:
        expected = [t.format(symbol=e.symbol, lang=e.language, name=e.name) for t in templates]
        assert e.urls() == expected
        assert e.pdf_url() == expected[0]
    assert catalog.default.urls() == [
        "https://documents.un.org/api/symbol/access?s=A/80/257&l=en&t=pdf",
        "https://undocs.org/pdf?symbol=A/80/257",
    ]


def test_base_url_replaces_only_the_host(catalog):
    local = load_catalog(base_url="http://127.0.0.1:8123")
    for e, l in zip(catalog.entries, local.entries):
        for official, rebased in zip(e.urls(), l.urls()):
            assert rebased.startswith("http://127.0.0.1:8123/")
            assert rebased.split("/", 3)[3] == official.split("/", 3)[3]
    with_prefix = load_catalog(base_url="http://127.0.0.1:8123/mirror/")
    assert with_prefix.default.pdf_url() == "http://127.0.0.1:8123/mirror/api/symbol/access?s=A/80/257&l=en&t=pdf"
    with pytest.raises(OEWGError, match="absolute address"):
        load_catalog(base_url="127.0.0.1:8123")


@pytest.mark.parametrize(
    "query, symbol",
    [
        ("final-report", "A/80/257"),
        ("FINAL-REPORT", "A/80/257"),
        ("a/80/257", "A/80/257"),
        ("a/ac.292/2025/crp.1", "A/80/257"),
        ("APR-2024", "A/79/214"),
        ("  a/res/80/16 ", "A/RES/80/16"),
        ("80/16", "A/RES/80/16"),
        ("gge 2015", "A/70/174"),
    ],
)
def test_get_by_name_symbol_or_alias_case_insensitive(catalog, query, symbol):
    assert catalog.get(query).symbol == symbol


def test_unknown_names_give_none(catalog):
    assert catalog.get("A/80/999") is None and catalog.get("") is None
    assert catalog.by_symbol("a/res/75/240").name == "res-75-240"
    assert catalog.by_symbol("final-report") is None  # by_symbol takes symbols only


def test_name_map_covers_names_symbols_and_aliases(catalog):
    m = catalog.name_map()
    assert m["final-report"] == m["a/80/257"] == m["a/ac.292/2025/crp.1"] == "A/80/257"
    assert len(m) == sum(len(e.names()) for e in catalog.entries)


def test_meta_carries_catalog_facts(catalog):
    meta = catalog.default.meta(path="sources/A_80_257.pdf", sha256="ab")
    assert (meta.symbol, meta.short_name, meta.default_scope) == ("A/80/257", "final-report", "annex")
    assert meta.source_pdf == catalog.default.pdf_url() and meta.sha256 == "ab"


def test_symbol_filename():
    assert symbol_filename("A/RES/80/16") == "A_RES_80_16.pdf"
    assert symbol_filename("A/AC.292/2025/CRP.1") == "A_AC.292_2025_CRP.1.pdf"


# ---- malformed catalogs -------------------------------------------------------------------------

GOOD_DOC = """
[[document]]
name = "final-report"
symbol = "A/80/257"
title = "Final report"
date = "2025-07-11"
kind = "report"
language = "en"
"""
HEAD = """
[urls]
templates = ["https://documents.un.org/api/symbol/access?s={symbol}&l={lang}&t=pdf"]
[defaults]
document = "final-report"
"""


@pytest.mark.parametrize(
    "text, message",
    [
        (HEAD + GOOD_DOC.replace('kind = "report"', 'kind = "memo"'), r"document 'final-report'.*kind 'memo'"),
        (HEAD + GOOD_DOC.replace('title = "Final report"\n', ""), r"document 'final-report'.*missing or empty 'title'"),
        (HEAD + GOOD_DOC.replace('"A/80/257"', '"A 80 257"'), r"not a UN document symbol"),
        (HEAD + GOOD_DOC.replace('"2025-07-11"', '"11 July 2025"'), r"ISO date"),
        (HEAD + GOOD_DOC + 'colour = "blue"\n', r"unknown field\(s\) \['colour'\]"),
        (HEAD + GOOD_DOC + GOOD_DOC.replace('"A/80/257"', '"A/80/258"'), r"name 'final-report' is also used"),
        (HEAD.replace('"final-report"', '"apr-2099"') + GOOD_DOC, r"default document 'apr-2099' is not in the catalog"),
        (HEAD.replace("{symbol}", "{sym}") + GOOD_DOC, r"unknown placeholder"),
        (HEAD.replace("https://documents.un.org/api/symbol/access?s=", "ftp://x/") + GOOD_DOC, r"http\(s\) address"),
        (GOOD_DOC, r"\[urls\] table"),
        (HEAD, r"no \[\[document\]\] entries"),
        (HEAD + "[[document\n", r"not valid TOML"),
    ],
)
def test_malformed_catalog_is_refused_with_file_and_entry(tmp_path, text, message):
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message) as info:
        load_catalog(path)
    msg = str(info.value)
    assert str(path) in msg and "\n" not in msg


def test_missing_catalog_file(tmp_path):
    with pytest.raises(CatalogError, match="file not found"):
        load_catalog(tmp_path / "nope.toml")


def test_minimal_catalog_loads(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(HEAD + GOOD_DOC, encoding="utf-8")
    cat = load_catalog(path)
    assert len(cat) == 1 and cat.default.name == "final-report" and cat.default.default_scope == "main"
