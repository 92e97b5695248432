"""The `oewg` parser: --version, help text on every option, document names in `fetch --help`, no
abbreviations; `oewg start` never drops documents; a French question hears that English is searched."""

from __future__ import annotations

import argparse
import json

import pytest

from bot.cli import build_parser, main
from tests.hash_embedder import HashEmbedder


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("oewg ")


def test_every_option_and_argument_has_help():
    parser = build_parser()
    missing = []
    for name, sp in {"oewg": parser, **subparsers(parser)}.items():
        for action in sp._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not (action.help or "").strip():
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_no_abbreviations_anywhere(capsys):
    parser = build_parser()
    assert parser.allow_abbrev is False and all(sp.allow_abbrev is False for sp in subparsers(parser).values())
    with pytest.raises(SystemExit) as done:
        main(["ask", "question", "--mode", "bm25"])  # not read as --model
    err = capsys.readouterr().err
    assert done.value.code == 2 and "oewg ask: error: unrecognized arguments: --mode" in err
    assert err.startswith("usage: oewg ask")  # the command's own usage, not the top-level one


def test_an_unknown_command_gets_the_nearest_and_para_without_a_reference_an_example(capsys):
    with pytest.raises(SystemExit) as done:
        main(["chta"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "unknown command 'chta'. Did you mean 'chat'?" in err and "check-content" in err
    with pytest.raises(SystemExit):
        main(["para"])
    err = capsys.readouterr().err
    assert "give the paragraph to look up, e.g. `oewg para 12`" in err and "[DOC], REF" not in err
    with pytest.raises(SystemExit) as done:
        main(["compare"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("usage: oewg compare")
    assert "give the paragraph to compare, e.g. `oewg compare 12` or `oewg compare A/RES/80/44 PP5`" in err
    assert "oewg para" not in err and "[DOC], REF" not in err


def test_fetch_help_lists_the_document_names(capsys):
    with pytest.raises(SystemExit):
        main(["fetch", "--help"])
    out = capsys.readouterr().out
    from sources.catalog import load_catalog

    for name in load_catalog().names():
        assert name in out


def test_para_and_compare_usage_put_the_document_first(capsys):
    for command in ("para", "compare"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"oewg {command} [DOC] REF" in capsys.readouterr().out


def _res(src, n):
    src.mkdir(exist_ok=True)
    (src / f"A_RES_80_9{n}.md").write_text(f"---\nsymbol: A/RES/80/9{n}\n---\n\nThe General Assembly,\n\n1. Decides to act;\n", encoding="utf-8")


def test_start_never_drops_documents(tmp_path, monkeypatch, capsys):
    """`oewg start --index DIR` over an index built from other sources keeps every document."""
    import index.embed
    import bot.cli
    from sources import fetch

    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    demo = tmp_path / "demo"
    for n in (1, 2, 3):
        _res(tmp_path / "corpus", n)
    assert main(["build", "--sources", str(tmp_path / "corpus"), "--index", str(demo), "--quiet"]) == 0
    sources = tmp_path / "sources"
    _res(sources, 1)
    monkeypatch.setattr(bot.cli, "default_sources", lambda: sources)
    monkeypatch.setattr(fetch, "fetch_documents", lambda *a, **k: [])
    opened = []
    monkeypatch.setattr(bot.cli, "cmd_chat", lambda args: opened.append(args.index) or 0)
    _res(sources, 4)  # a new document in sources/
    capsys.readouterr()
    assert main(["start", "--index", str(demo), "--config", str(tmp_path / "none.toml")]) == 0
    out = capsys.readouterr().out
    assert "Indexed 4 document(s) (3 unchanged)" in out and "dropped" not in out  # sources/ added, nothing lost
    assert opened == [str(demo)]
    for symbol in ("A/RES/80/93", "A/RES/80/94"):
        assert main(["toc", symbol, "--index", str(demo), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["doc"] == symbol
    # files of the index gone from their folder: start leaves the index as it is, and says which
    (tmp_path / "corpus" / "A_RES_80_92.md").unlink()
    assert main(["start", "--index", str(demo), "--config", str(tmp_path / "none.toml")]) == 0
    err = capsys.readouterr().err
    assert "holds 1 document(s) that are not in" in err and "A/RES/80/92" in err
    assert main(["toc", "A/RES/80/92", "--index", str(demo), "--json"]) == 0


def test_start_over_an_index_of_an_older_format_rebuilds_it_with_every_document(tmp_path, monkeypatch, capsys):
    """After an upgrade that changes the index format, `oewg start` rebuilds from scratch, and still
    from the folders the old index was built from, not from sources/ alone."""
    import index.embed
    import bot.cli
    from index.store import FORMAT_VERSION, MANIFEST
    from sources import fetch

    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    demo = tmp_path / "demo"
    for n in (1, 2):
        _res(tmp_path / "corpus", n)
    assert main(["build", "--sources", str(tmp_path / "corpus"), "--index", str(demo), "--quiet"]) == 0
    manifest = json.loads((demo / MANIFEST).read_text())
    manifest["format_version"] = FORMAT_VERSION - 1
    (demo / MANIFEST).write_text(json.dumps(manifest))
    sources = tmp_path / "sources"
    _res(sources, 3)
    monkeypatch.setattr(bot.cli, "default_sources", lambda: sources)
    monkeypatch.setattr(fetch, "fetch_documents", lambda *a, **k: [])
    monkeypatch.setattr(bot.cli, "cmd_chat", lambda args: 0)
    capsys.readouterr()
    assert main(["start", "--index", str(demo), "--config", str(tmp_path / "none.toml")]) == 0
    assert "Indexed 3 document(s) (0 unchanged)" in capsys.readouterr().out  # rebuilt: nothing reused, nothing lost
    for symbol in ("A/RES/80/91", "A/RES/80/92", "A/RES/80/93"):
        assert main(["toc", symbol, "--index", str(demo), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["doc"] == symbol


def test_a_question_in_french_hears_that_english_is_searched(tmp_path):
    from index.engine import Engine
    from tests.synthetic import build_tools_index

    engine = Engine.open(build_tools_index(tmp_path, HashEmbedder()))
    engine._embedder = HashEmbedder()
    answer = engine.ask("Quelle est la date de la première session du mécanisme mondial ?")
    assert answer.abstained and "searched in English" in answer.message and "French" in answer.message
    english = engine.ask("What is the colour of the sky at dawn over the sea?")
    assert "searched in English" not in english.message
