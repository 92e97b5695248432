"""The arrows of DESIGN.md's flow, checked on the source: index/ imports nothing from sources/ or
bot/; no front end (a cog, the console, the CLI) imports another one, or reaches into the engine's
store; benchmarks import nothing from tests/; each repeated piece of the issue exists once."""

from __future__ import annotations

import ast
import re
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent


def imports(path: Path) -> set[str]:
    """Every module a file imports (at the top or inside a function)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def modules(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def offending(files: list[Path], forbidden: re.Pattern) -> list[str]:
    return [f"{p.relative_to(REPO)} imports {m}" for p in files for m in sorted(imports(p)) if forbidden.match(m)]


def test_index_imports_nothing_from_sources_or_bot():
    assert offending(modules("index"), re.compile(r"^(sources|bot)(\.|$)")) == []


def test_front_ends_do_not_import_each_other():
    cogs = modules("bot/cogs")
    assert offending(cogs, re.compile(r"^bot\.(console|cli|terminal|cogs)(\.|$)")) == []
    assert offending([REPO / "bot/console.py"], re.compile(r"^bot\.(cogs|cli|client|runner|render)(\.|$)")) == []
    assert offending([REPO / "bot/cli.py"], re.compile(r"^bot\.(cogs|client|render)(\.|$)")) == []
    # the CLI starts the console (`oewg chat`) and the bot (`oewg run`), inside those two commands only
    cli = ast.parse((REPO / "bot/cli.py").read_text(encoding="utf-8"))
    starters = {f.name for f in ast.walk(cli) if isinstance(f, ast.FunctionDef)
                for n in ast.walk(f) if isinstance(n, ast.ImportFrom) and n.module in ("bot.console", "bot.runner")}
    assert starters <= {"cmd_chat", "cmd_run"}


def test_no_front_end_reaches_into_the_engine_store():
    pattern = re.compile(r"engine\.store\b|\.engine\.store\b")
    hits = [f"{p.relative_to(REPO)}:{i}" for p in modules("bot") for i, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert hits == []


def test_benchmarks_import_nothing_from_tests():
    assert offending(modules("benchmarks"), re.compile(r"^tests(\.|$)")) == []


def test_the_fake_discord_is_a_package_of_its_own():
    assert offending(modules("fakediscord"), re.compile(r"^(tests|bot|index|sources)(\.|$)")) == []
    assert not (REPO / "tests" / "fakediscord").exists()


def test_each_repeated_piece_exists_once():
    sources = {p: p.read_text(encoding="utf-8") for d in ("bot", "index", "sources") for p in modules(d)}

    def defined(name: str) -> list[str]:
        return [str(p.relative_to(REPO)) for p, text in sources.items() if re.search(rf"^(?:    )?def {name}\(", text, re.M)]

    assert len(defined("one_line") + defined("_one_line")) == 1
    assert [p for p in defined("split_doc_ref") if p != "index/engine.py"] == ["index/docref.py"]  # the engine's delegates
    assert defined("quotes_for") == ["index/engine.py"]
    assert [p for p, text in sources.items() if re.search(r"^SOURCE_SUFFIXES|^SUPPORTED_SUFFIXES", text, re.M)] == [REPO / "index/readers.py"]
    assert "def load_content" not in (REPO / "bot/client.py").read_text()
    assert "name=\"help\"" not in (REPO / "bot/cogs/onboard.py").read_text()
