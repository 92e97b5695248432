"""The `oewg` command line contract of DESIGN.md: ask/para output shapes, exit statuses, no model for para."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import NO_BARS_ENV, main, quiet_model_loading, split_para_words
from index.docref import MissingReference
from index.errors import BadReference
from index.build import build_index
from tests.synthetic import REPORT, RES, FakeCatalog, build_resolution_only_index, synthetic_parser, write_sources

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("cli")
    write_sources(root / "src")
    build_index([root / "src"], root / "index", embedder=embedder, catalog=FakeCatalog(), parse=synthetic_parser())
    return root / "index"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_para_json_shape(index_dir, capsys):
    code, out, err = run(capsys, "para", "final-report", "2(b)", "--index", str(index_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"doc", "ref", "scope", "page", "heading", "text", "url", "footnotes"}
    assert data["doc"] == REPORT and data["ref"] == "2(b)" and data["scope"] == "annex" and data["page"] == 4
    assert data["text"] == "(b) Share national points of contact in the directory."
    assert data["url"].endswith("#page=4")


def test_para_accepts_multiword_refs_and_ranges(index_dir, capsys):
    code, out, _ = run(capsys, "para", REPORT, "annex", "I", "1", "--index", str(index_dir), "--json")
    assert code == 0 and json.loads(out)["scope"] == "annex I"
    code, out, _ = run(capsys, "para", REPORT, "1-3", "--index", str(index_dir), "--json")
    assert code == 0 and [d["ref"] for d in json.loads(out)] == ["1", "2", "3"]
    code, out, _ = run(capsys, "para", RES, "PP1", "--index", str(index_dir))
    assert code == 0 and "A/RES/80/99 PP1" in out and "Recalling its previous resolutions" in out


@pytest.mark.parametrize("ref", ["99999", "2(zz)", "twelve"])
def test_para_unknown_ref_exits_2_with_one_line(index_dir, capsys, ref):
    code, out, err = run(capsys, "para", "final-report", ref, "--index", str(index_dir))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    if ref != "twelve":
        assert "Nearest valid" in err


def test_para_unknown_document_exits_2(index_dir, capsys):
    code, _, err = run(capsys, "para", "A/RES/1/1", "1", "--index", str(index_dir))
    assert code == 2 and "Unknown document" in err and "A/80/999" in err and "final-report" not in err  # symbols, as cited


@pytest.fixture(scope="module")
def resolution_only_index(tmp_path_factory, embedder):
    """An index of two resolutions and no Final Report, so without a default document."""
    return build_resolution_only_index(tmp_path_factory.mktemp("cli-nodefault"), embedder)


def test_split_para_words_takes_the_document_only_when_the_words_are_not_a_ref_alone():
    assert split_para_words(["5"]) == (None, "5")
    assert split_para_words(["annex", "I", "5"]) == (None, "annex I 5")
    assert split_para_words(["PP3"]) == (None, "PP3")
    assert split_para_words(["A/RES/80/16", "12(b)"]) == ("A/RES/80/16", "12(b)")
    assert split_para_words(["final-report", "annex", "I", "5"]) == ("final-report", "annex I 5")
    with pytest.raises(BadReference, match="'twelve' is not a paragraph reference"):
        split_para_words(["twelve"])
    names = {"final-report", "a/res/80/16"}
    assert split_para_words(["12(b)", "final-report"], lambda n: n.lower() in names) == ("final-report", "12(b)")
    with pytest.raises(MissingReference):
        split_para_words(["final-report"], lambda n: n.lower() in names)


def test_para_without_a_document_reads_the_default_one(index_dir, capsys):
    code, out, err = run(capsys, "para", "2(b)", "--index", str(index_dir), "--json")
    assert code == 0, err
    assert (json.loads(out)["doc"], json.loads(out)["ref"]) == (REPORT, "2(b)")


def test_para_without_a_document_and_no_default_one_says_to_name_one(resolution_only_index, capsys):
    code, out, err = run(capsys, "para", "1", "--index", str(resolution_only_index))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"name a document: oewg para {RES} 1; indexed: {RES}, A/RES/80/100")
    code, out, err = run(capsys, "para", RES, "--index", str(resolution_only_index))
    assert code == 2 and err.strip() == f"name a paragraph too: oewg para {RES} 1 (`oewg toc {RES}` lists them)"
    code, out, err = run(capsys, "para", RES, "1", "--index", str(resolution_only_index), "--json")
    assert code == 0 and json.loads(out)["text"].startswith("Calls upon States")


def test_missing_index_is_a_one_line_error(tmp_path, capsys):
    code, _, err = run(capsys, "para", "final-report", "1", "--index", str(tmp_path / "nope"))
    assert code == 1 and "oewg build" in err and len(err.strip().splitlines()) == 1


def test_ask_json_shape(index_dir, capsys):
    code, out, err = run(capsys, "ask", "ransomware", "attacks", "on", "hospitals", "--index", str(index_dir), "--json", "--k", "2")
    assert code == 0, err
    data = json.loads(out)
    assert data["question"] == "ransomware attacks on hospitals" and data["abstained"] is False
    assert 1 <= len(data["quotes"]) <= 2
    q = data["quotes"][0]
    assert set(q) == {"doc", "ref", "scope", "page", "text", "score", "url"}
    assert (q["doc"], q["ref"], q["scope"]) == (REPORT, "1", "annex")
    assert data["message"] == "" and isinstance(data["see_also"], list)
    assert len(data["quotes"]) + len(data["see_also"]) <= 2
    for c in data["see_also"]:
        assert set(c) == {"doc", "ref", "scope", "page", "heading", "url", "score"}
        assert (c["doc"], c["ref"]) not in {(x["doc"], x["ref"]) for x in data["quotes"]}


def test_ask_plain_text_lists_see_also_as_citations_only(index_dir, capsys):
    code, out, err = run(capsys, "ask", "ransomware", "attacks", "on", "hospitals", "--index", str(index_dir), "--k", "5")
    assert code == 0, err
    code, js, _ = run(capsys, "ask", "ransomware", "attacks", "on", "hospitals", "--index", str(index_dir), "--k", "5", "--json")
    data = json.loads(js)
    assert data["see_also"], "the synthetic index has further candidates for this question"
    tail = out.split("See also:\n", 1)[1]
    for c in data["see_also"]:
        assert c["ref"] in tail
    assert len(tail.splitlines()) == len(data["see_also"])  # one line each, no quoted text


def test_ask_batch_json_lines_in_order(index_dir, capsys, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("coral reef bleaching\n\nbest pizza dough recipe\nwhat does paragraph 2 say?\n")
    code, out, _ = run(capsys, "ask", "--batch", str(questions), "--index", str(index_dir), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["question"] for r in rows] == ["coral reef bleaching", "", "best pizza dough recipe", "what does paragraph 2 say?"]
    assert rows[0]["quotes"][0]["doc"] == RES
    assert rows[1]["abstained"] is True and rows[1]["message"].startswith("The question is empty")  # line 2 is line 2
    assert rows[2]["abstained"] is True and rows[2]["quotes"] == []
    assert rows[3]["quotes"][0]["ref"] == "2"


def test_ask_plain_text_abstains_plainly(index_dir, capsys):
    code, out, _ = run(capsys, "ask", "who", "won", "the", "football", "world", "cup", "--index", str(index_dir))
    assert code == 0 and "found no paragraph" in out


def test_para_does_not_load_the_embedding_model(index_dir):
    script = (
        "import sys; from bot.cli import main; "
        f"rc = main(['para', 'final-report', '2', '--index', {str(index_dir)!r}, '--json']); "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'bm25s') if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr); sys.exit(rc if not heavy else 3)"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ref"] == "2"


def test_quiet_model_loading_sets_the_switches_read_at_import():
    env: dict[str, str] = {"HF_HUB_DISABLE_PROGRESS_BARS": "0"}
    quiet_model_loading(env)
    assert env == {"HF_HUB_DISABLE_PROGRESS_BARS": "1", "TRANSFORMERS_VERBOSITY": "error"}
    quiet_model_loading(env, all_bars=True)
    assert env == {"HF_HUB_DISABLE_PROGRESS_BARS": "1", "TQDM_DISABLE": "1", "TRANSFORMERS_VERBOSITY": "error"}


# A stand-in for index.embed.Embedder that loads like the real one (a "Loading weights" bar
# through transformers' tqdm, as sentence-transformers 6 / transformers 5 do) without the model.
FAKE_EMBEDDER_BUILD = """
import sys
import numpy as np
import index.embed
from bot.cli import main

class Embedder:
    def __init__(self, spec=None):
        from transformers.utils.logging import tqdm
        for _ in tqdm(range(3), desc="Loading weights"):
            pass
        self.name, self.dim = "all-MiniLM-L6-v2", 4

    def encode_passages(self, texts, progress=None):
        return np.ones((len(texts), self.dim), dtype="float32") / 2

    def encode_queries(self, texts):
        return np.ones((len(texts), self.dim), dtype="float32") / 2

index.embed.Embedder = Embedder
sys.exit(main(sys.argv[1:]))
"""


def test_build_quiet_prints_only_the_summary(tmp_path):
    src = tmp_path / "A_RES_80_98.md"
    src.write_text("---\nsymbol: A/RES/80/98\ntitle: \"Test\"\n---\n\nThe General Assembly,\n\n1. Decides to act;\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in NO_BARS_ENV}
    cwd = Path(__file__).resolve().parent.parent.parent

    def build(*extra, tty=False):
        argv = ["build", "--sources", str(src), "--index", str(tmp_path / (f"index{len(extra)}" + ("-tty" if tty else ""))), *extra]
        if not tty:
            return subprocess.run([sys.executable, "-c", FAKE_EMBEDDER_BUILD, *argv], capture_output=True, text=True, timeout=60, env=env, cwd=cwd)
        import fcntl
        import struct
        import termios

        watcher, terminal = os.openpty()  # stderr on a terminal, as when a person runs the build
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns wide
        try:
            proc = subprocess.run([sys.executable, "-c", FAKE_EMBEDDER_BUILD, *argv], stdout=subprocess.PIPE, stderr=terminal,
                                  text=True, timeout=60, env=env, cwd=cwd)
            os.close(terminal)
            seen = b""
            while True:
                try:
                    chunk = os.read(watcher, 65536)
                except OSError:  # the terminal is closed and drained
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            os.close(watcher)
        proc.stderr = seen.decode("utf-8", "replace")
        return proc

    loud = build(tty=True)
    assert loud.returncode == 0, loud.stderr
    assert "Reading documents" in loud.stderr and "Writing index" in loud.stderr  # the build's own steps
    assert "Loading weights" not in loud.stderr  # the model's load is not a step anyone watches
    piped = build()
    assert piped.returncode == 0 and piped.stderr == ""  # stderr to a file or pipe: no bars at all
    ask = subprocess.run([sys.executable, "-c", FAKE_EMBEDDER_BUILD, "ask", "Decides to act", "--index", str(tmp_path / "index0")],
                         capture_output=True, text=True, timeout=60, env=env, cwd=cwd)
    assert ask.returncode == 0, ask.stderr
    assert ask.stderr == ""  # a plain `oewg ask`: no progress bar, no log line
    proc = build("--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no "Loading weights: ... it/s" bar, no progress, no log lines
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Indexed 1 document(s)")
    # then the parse health table: one row per document and scope
    assert lines[2].split() == ["document", "scope", "paragraphs", "numbering", "suspicious"]
    assert lines[3].split()[:2] == ["A/RES/80/98", "main"] and " ok " in lines[3] and len(lines) == 4


# ---- oewg start without a network ---------------------------------------------------------------


@pytest.fixture
def offline_start(tmp_path, monkeypatch):
    """`oewg start` with fetching raising NoNetwork, building and the console recorded instead of run."""
    import index.build
    import sources.fetch
    from sources.fetch import NoNetwork, manual_instructions

    src = tmp_path / "sources"
    src.mkdir()
    monkeypatch.setattr("bot.cli.default_sources", lambda: src)

    def no_network(catalog, names, dest, **_):
        raise NoNetwork("Cannot reach documents.un.org: no network connection? Nothing was downloaded.",
                        manual_instructions([catalog.default], dest))

    calls: list[tuple] = []

    def build(sources, index_dir, model=None, progress=None, **_):
        calls.append(("build", [str(s) for s in sources], str(index_dir)))
        return index.build.BuildReport(documents=1, paragraphs=3, windows=3, index_dir=index_dir)

    monkeypatch.setattr(sources.fetch, "fetch_documents", no_network)
    monkeypatch.setattr(index.build, "build_index", build)
    monkeypatch.setattr("bot.cli.cmd_chat", lambda args: calls.append(("chat", args.index)) or 0)
    monkeypatch.setattr("bot.cli.cmd_run", lambda args: calls.append(("run", args.index)) or 0)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    return src, calls


def test_start_without_network_indexes_what_is_there_and_opens_the_console(offline_start, tmp_path, capsys):
    src, calls = offline_start
    (src / "A_RES_80_16.md").write_text("1. Decides.\n", encoding="utf-8")
    index = str(tmp_path / "index")
    code, out, err = run(capsys, "start", "--config", str(tmp_path / "none.toml"), "--index", index)
    assert code == 0, err
    assert "no network connection" in err and "Download these PDFs in a browser" in err  # the by-hand instructions
    assert "Traceback" not in err
    assert calls == [("build", [str(src)], index), ("chat", index)]
    assert "opening the console" in out


def test_start_without_network_starts_the_bot_when_a_token_is_configured(offline_start, tmp_path, capsys, monkeypatch):
    from types import SimpleNamespace

    src, calls = offline_start
    (src / "report.pdf").write_bytes(b"%PDF-1.4\n")
    config = tmp_path / "config.toml"
    config.write_text("# read by the stand-in below\n")
    fake = SimpleNamespace(index_path=tmp_path / "cfg-index", model=None, token_env="OEWG_TEST_TOKEN")
    monkeypatch.setattr("bot.config.load_config", lambda path: fake)
    monkeypatch.setenv("OEWG_TEST_TOKEN", "x")
    code, _, err = run(capsys, "start", "--config", str(config))
    assert code == 0, err
    assert "no network connection" in err
    assert calls == [("build", [str(src)], str(tmp_path / "cfg-index")), ("run", str(tmp_path / "cfg-index"))]


def test_start_without_network_and_nothing_to_index_stops_with_the_instructions(offline_start, tmp_path, capsys):
    src, calls = offline_start
    code, out, err = run(capsys, "start", "--config", str(tmp_path / "none.toml"), "--index", str(tmp_path / "index"))
    assert code == 1 and out == ""
    assert "no network connection" in err and str(src / "A_80_257") in err  # where to save the PDF by hand
    assert "nothing to index" in err and "Traceback" not in err
    assert calls == []


def test_a_closed_output_pipe_is_not_a_traceback(index_dir):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "para", RES, "1-2", "--index", str(index_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # like `oewg para ... | head` after head has exited
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_fetch_without_network_prints_the_instructions_one_document_a_line(offline_start, capsys):
    assert main(["fetch"]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("error: Cannot reach documents.un.org")
    assert any(line.strip().startswith("A/80/257") and "A_80_257.pdf" in line for line in lines[1:])  # its own line


def test_command_hints_in_an_answer_are_spelled_as_the_command_line_takes_them():
    from bot.cli import cli_wording
    from index.models import Answer

    answer = Answer("q", True, message="Try other words, or look a paragraph up with /para, e.g. /para 12; see /find and /toc.")
    assert cli_wording(answer).message == "Try other words, or look a paragraph up with oewg para, e.g. oewg para 12; see oewg find and oewg toc."
    kept = Answer("q", True, message="A/RES/80/16 is at https://example.org/para/1.")
    assert cli_wording(kept).message == kept.message  # a path or a link is not a command
    assert cli_wording(Answer("q", False)).message == ""


@pytest.mark.parametrize("name, why", [("missing.txt", "there is no such file"), ("folder", "it is a folder, not a file")])
def test_ask_batch_that_cannot_be_read_is_one_line_and_exit_2(index_dir, capsys, tmp_path, name, why):
    (tmp_path / "folder").mkdir()
    path = tmp_path / name
    code, out, err = run(capsys, "ask", "--batch", str(path), "--index", str(index_dir))
    assert code == 2 and out == ""
    assert err.strip() == (f"error: --batch {path}: {why}. Give a text file with one question a line "
                           "(or - to read them from standard input).")


def test_para_range_past_the_end_prints_what_exists_and_notes_the_end(index_dir, capsys):
    code, out, err = run(capsys, "para", RES, "1-5", "--index", str(index_dir), "--json")
    assert code == 0 and [d["ref"] for d in json.loads(out)] == ["1", "2"]
    assert err.strip() == f"note: {RES} ends at ¶2: only ¶1–2 of 1-5 exist."
    code, out, err = run(capsys, "para", RES, "1-5", "--index", str(index_dir))
    assert code == 0 and err == "" and "Calls upon States" in out
    assert out.rstrip().endswith(f"{RES} ends at ¶2: only ¶1–2 of 1-5 exist.")
    code, out, err = run(capsys, "para", REPORT, "annex", "I", "1-20", "--index", str(index_dir))
    assert code == 0 and out.rstrip().endswith(f"Annex I of {REPORT} ends at ¶1: only ¶1 of annex I 1-20 exists.")
    code, out, err = run(capsys, "para", REPORT, "annex", "I", "2-20", "--index", str(index_dir))
    assert code == 2 and err.startswith(f"{REPORT} has no paragraph annex I 2-20 (its annex I ends at ¶1).")


@pytest.mark.parametrize("question", ["what does paragraph 99 say?", "what does paragraph 1 of A/RES/79/1 say?",
                                      "table of contents of A/RES/79/1", "what changed in paragraph 99 since A/RES/80/99?"])
def test_ask_naming_a_document_or_paragraph_that_is_not_there_exits_2_as_para_does(index_dir, capsys, question):
    code, out, err = run(capsys, "ask", question, "--index", str(index_dir))
    assert code == 2 and ("has no paragraph" in out or "Unknown document" in out), out
    code, out, _ = run(capsys, "ask", question, "--index", str(index_dir), "--json")
    assert code == 2 and json.loads(out)["abstained"] is True


def test_ask_that_abstains_or_looks_up_a_paragraph_exits_0(index_dir, capsys):
    assert run(capsys, "ask", "what does paragraph 2 say?", "--index", str(index_dir))[0] == 0
    assert run(capsys, "ask", "who won the football world cup", "--index", str(index_dir))[0] == 0


def test_a_catalog_document_that_is_not_indexed_is_named_with_how_to_fetch_it(index_dir, capsys):
    from sources.catalog import load_catalog

    entry = load_catalog().get("apr-2024")
    start = (f"apr-2024 ({entry.symbol}) is in the catalog but not in this index: fetch it with `oewg fetch apr-2024`, "
             "then rebuild the index with `oewg build --sources ")
    for argv in (["toc", "apr-2024"], ["para", "APR 2024", "3"], ["check", "apr-2024"], ["find", "States", "--doc", "apr-2024"]):
        code, out, err = run(capsys, *argv, "--index", str(index_dir))
        assert code == 2 and out == "" and err.startswith(start), (argv, err)
        assert err.rstrip().endswith(f" --index {index_dir}`.") and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "ask", "what changed in paragraph 2 since the 2024 report?", "--index", str(index_dir))
    assert code == 2 and out.startswith(f"The 2024 report is apr-2024 ({entry.symbol}), in the catalog but not in this index")


@pytest.mark.parametrize("question, doc", [("What does resolution 80/98 say?", "A/RES/80/98"), ("What does A/RES/80/98 say?", "A/RES/80/98")])
def test_ask_what_an_unknown_document_says_is_told_it_is_unknown(index_dir, capsys, question, doc):
    code, out, err = run(capsys, "ask", question, "--index", str(index_dir))
    assert code == 2 and out.strip().startswith(f"Unknown document '{doc}'. Known documents: ") and len(out.strip().splitlines()) == 1
    assert REPORT in out and RES in out and "Related headings" not in out
    code, out, _ = run(capsys, "ask", "What does resolution 80/99 say?", "--index", str(index_dir))
    assert code == 0 and out.startswith(f"{RES} — ")  # an indexed one: its outline, as before


def test_find_ending_in_a_document_that_is_not_indexed_says_it_is_unknown(index_dir, capsys):
    code, out, err = run(capsys, "find", "ransomware", "attacks", "in", "A/RES/80/98", "--index", str(index_dir))
    assert code == 2 and out == "" and err.startswith("Unknown document 'A/RES/80/98'. Known documents: ")
    code, out, err = run(capsys, "find", "ransomware", "attacks", "in", RES, "--index", str(index_dir))
    assert code == 0 and "No indexed paragraph contains" in out  # the phrase as typed, as the contract says
    assert err.strip() == f"note: to search {RES} only: oewg find 'ransomware attacks' --doc {RES}"
    code, out, err = run(capsys, "find", "sessions", "in", "New", "York", "--index", str(index_dir))
    assert code == 0 and "«sessions in New York»" in out and err == ""
