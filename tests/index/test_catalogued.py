"""A document of the catalog that the index does not hold: named as such, with how to fetch it and
the build command that adds it to this very index (and that command works)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from index.catalogued import Catalogued, rebuild_command
from index.engine import Engine
from index.errors import NotIndexed, UnknownDocument
from tests.hash_embedder import HashEmbedder
from tests.synthetic import APR_24, FINAL_25, NoCatalog, apr_2024, fake_parser, final_2025, resolution

MISSING = "A/79/901"


@dataclass(frozen=True)
class Entry:
    name: str
    symbol: str
    date: str
    kind: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, self.symbol, *self.aliases)


class Catalog:
    """The part of sources.catalog.Catalog the engine uses."""

    def __init__(self, *entries: Entry):
        self.entries = entries

    def get(self, name: str):
        key = " ".join(name.split()).casefold()
        return next((e for e in self.entries if key in (n.casefold() for n in e.names())), None)

    def name_map(self) -> dict[str, str]:
        return {n.casefold(): e.symbol for e in self.entries for n in e.names()}


CATALOG = Catalog(
    Entry("apr-2024", APR_24, "2024-07-12", "progress-report", ("APR 2024",)),
    Entry("apr-extra", MISSING, "2024-03-01", "progress-report", ("extra report",)),
    Entry("res-75-240", "A/RES/75/240", "2020-12-31", "resolution"),
    Entry("final-report", FINAL_25, "2025-07-11", "report"),
)


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path, dict]:
    """An index of the final report and a resolution only: apr_2024 is in the catalog, not indexed."""
    from index.build import build_index

    src = tmp_path / "src"
    src.mkdir()
    docs = {"final.md": final_2025(), "res.md": resolution(), "apr.md": apr_2024()}
    for name in ("final.md", "res.md"):
        (src / name).write_text(name)
    build_index([src], tmp_path / "index", embedder=HashEmbedder(), catalog=NoCatalog(), parse=fake_parser(docs))
    return src, tmp_path / "index", docs


def engine_over(index_dir: Path, fetch_dir: Path) -> Engine:
    return Engine.open(index_dir, catalog=Catalogued(CATALOG, fetch_dir))


def test_rebuild_command_adds_the_fetch_folder_to_the_folders_of_the_index(tmp_path):
    cwd = tmp_path / "repo"
    fetch = cwd / "sources"
    other = tmp_path / "corpus dir"
    assert rebuild_command(cwd / "data" / "index", [fetch, fetch], fetch, cwd) == "oewg build --index data/index"
    assert rebuild_command(cwd / "data" / "index", [fetch, other, other], fetch, cwd) == \
        f"oewg build --sources sources --sources '{other}' --index data/index"
    assert rebuild_command(Path("rel/index"), [other], fetch, cwd) == f"oewg build --sources sources --sources '{other}' --index rel/index"


def test_rebuild_command_names_a_linked_index_by_its_link(tmp_path):
    (tmp_path / ".index.v1").mkdir()
    (tmp_path / "index").symlink_to(".index.v1")
    assert rebuild_command(tmp_path / "index", [], tmp_path / "sources", tmp_path) == "oewg build --index index"


def test_catalogued_entries_by_name_symbol_alias_short_resolution_form_and_year(tmp_path):
    c = Catalogued(CATALOG, tmp_path)
    assert c.entry("apr-2024").symbol == APR_24 and c.entry("apr 2024").name == "apr-2024"
    assert c.entry("A_79_214.pdf") is None and c.entry(APR_24.replace("/", "_")).name == "apr-2024"
    assert c.entry("75/240").name == "res-75-240" and c.entry("nothing") is None
    assert [e.name for e in c.of_year("2024", "report")] == ["apr-2024", "apr-extra"]
    assert [e.name for e in c.of_year("2020", "resolution")] == ["res-75-240"] and c.of_year("2020", "report") == []


def test_a_catalog_document_the_index_lacks_says_how_to_add_it(built, tmp_path):
    src, index_dir, _ = built
    engine = engine_over(index_dir, tmp_path / "fetched")
    command = f"oewg build --sources {tmp_path / 'fetched'} --sources {src} --index {index_dir}"
    for name in ("apr-2024", "APR 2024", APR_24):
        with pytest.raises(NotIndexed) as info:
            engine.toc(name)
        assert str(info.value) == (f"apr-2024 ({APR_24}) is in the catalog but not in this index: fetch it with "
                                   f"`oewg fetch apr-2024`, then rebuild the index with `{command}`.")
        assert isinstance(info.value, UnknownDocument) and not engine.is_document(name)
    with pytest.raises(NotIndexed, match="^apr-2024"):
        engine.read("APR 2024 3")  # a name of several words is still taken for the document
    with pytest.raises(UnknownDocument, match="^Unknown document 'A/79/999'"):
        engine.toc("A/79/999")  # in neither: as before
    answer = engine.ask("what changed in paragraph 2 since the 2024 report?")
    assert answer.abstained and answer.failed
    assert answer.message.startswith(f"The 2024 reports are apr-2024 ({APR_24}) and apr-extra ({MISSING}), in the catalog "
                                     "but not in this index: fetch them with `oewg fetch apr-2024 apr-extra`")
    named = engine.ask("what does paragraph 3 of the extra report say?")
    assert named.abstained and named.mode == "lookup" and named.message.startswith(f"apr-extra ({MISSING}) is in the catalog")


def test_for_remote_users_the_message_names_the_operator_and_no_folder_of_this_machine(built, tmp_path):
    src, index_dir, _ = built
    engine = Engine.open(index_dir, catalog=Catalogued(CATALOG, tmp_path / "fetched", remote=True))
    with pytest.raises(NotIndexed) as info:
        engine.toc("apr-2024")
    message = str(info.value)
    assert message == (f"apr-2024 ({APR_24}) is in the catalog but not in this index: the bot's operator can add it "
                       "with `oewg fetch apr-2024` and a rebuild of the index.")
    assert str(src) not in message and str(index_dir) not in message and str(tmp_path) not in message


def test_the_bot_opens_its_engine_with_the_catalog_for_remote_users(built, monkeypatch):
    from bot import client

    monkeypatch.setattr("index.engine.Engine.open", classmethod(lambda cls, d, model=None, content=None, catalog=None, gate=None, adapter=None: catalog))
    catalog = client._default_open(built[1])
    assert catalog is not None and catalog.remote and catalog.entry("final-report") is not None


def test_a_year_after_the_newest_document_that_no_paragraph_holds_is_said_to_be_unmentioned(built):
    from index.store import IndexStore

    embedder = HashEmbedder()
    engine = Engine(IndexStore.open(built[1]), lambda: embedder)  # this index's documents are dated up to 2025
    assert engine.newest_year == 2025
    answer = engine.ask("Will the Global Mechanism still meet in 2050?")
    assert answer.abstained and answer.message.startswith("None of the indexed documents mentions 2050.")


def test_without_a_catalog_an_unknown_document_is_only_unknown(built):
    engine = Engine.open(built[1])
    with pytest.raises(UnknownDocument) as info:
        engine.toc("apr-2024")
    assert not isinstance(info.value, NotIndexed) and str(info.value).startswith("Unknown document 'apr-2024'.")


def test_the_build_command_the_message_gives_adds_the_fetched_document(built, tmp_path, monkeypatch, capsys):
    import index.embed
    import tests.synthetic

    src, index_dir, docs = built
    fetched = tmp_path / "fetched"
    engine = engine_over(index_dir, fetched)
    with pytest.raises(NotIndexed) as info:
        engine.toc("apr-2024")
    command = str(info.value).split("rebuild the index with `", 1)[1].rstrip("`.")
    fetched.mkdir()
    (fetched / "apr.md").write_text("apr.md")  # what `oewg fetch apr-2024` would have saved
    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    parse = fake_parser(docs)
    monkeypatch.setattr("index.build._parse_read", lambda path, data, sha, *_: parse(path))
    monkeypatch.setattr("bot.cli.load_catalog_or_none", lambda: tests.synthetic.NoCatalog())
    argv = shlex.split(command)
    assert argv[:2] == ["oewg", "build"]
    assert main([*argv[1:], "--quiet"]) == 0, capsys.readouterr().err
    after = Engine.open(index_dir, catalog=Catalogued(CATALOG, fetched))
    assert {d.symbol for d in after.documents()} == {FINAL_25, APR_24, "A/RES/80/900"}  # added, nothing dropped
    assert after.toc(APR_24).symbol == APR_24  # (its short name comes from the catalog the build reads: none here)


def test_the_catalogs_name_of_an_indexed_document_finds_it_in_every_command(built, tmp_path):
    """"final-report" is the catalog's name of a document the index holds: not "fetch it"."""
    _, index_dir, _ = built
    engine = engine_over(index_dir, tmp_path / "fetched")
    assert engine.resolve_document("final-report").symbol == FINAL_25
    assert engine.is_document("final-report")
    assert engine.toc("final-report").symbol == FINAL_25
