"""The `oewg` command line contract of DESIGN.md: ask/para output shapes, exit statuses, no model for para."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.cli import main
from index.build import build_index
from tests.synthetic import REPORT, RES, FakeCatalog, synthetic_parser, write_sources

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
    assert set(data) == {"doc", "ref", "scope", "page", "heading", "text", "url"}
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
    assert code == 2 and "Unknown document" in err and "final-report" in err


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


def test_ask_batch_json_lines_in_order(index_dir, capsys, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("coral reef bleaching\n\nbest pizza dough recipe\nwhat does paragraph 2 say?\n")
    code, out, _ = run(capsys, "ask", "--batch", str(questions), "--index", str(index_dir), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["question"] for r in rows] == ["coral reef bleaching", "best pizza dough recipe", "what does paragraph 2 say?"]
    assert rows[0]["quotes"][0]["doc"] == RES
    assert rows[1]["abstained"] is True and rows[1]["quotes"] == []
    assert rows[2]["quotes"][0]["ref"] == "2"


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
