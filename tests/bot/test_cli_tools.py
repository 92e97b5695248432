"""`oewg find`, `oewg toc`, `oewg compare`: the --json shapes of DESIGN.md, plain text, exit statuses,
and no embedding model loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.cli import main
from bot.terminal import plain
from bot.view import Text, diff_spans
from index.compare import DiffOp
from tests.synthetic import APR_24 as APR, FINAL_25 as FINAL, RES_900 as RES, build_tools_index

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, embedder):
    return build_tools_index(tmp_path_factory.mktemp("cli-tools"), embedder)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_find_json_shape(index_dir, capsys):
    code, out, err = run(capsys, "find", "responsible", "State", "behaviour", "--index", str(index_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"query", "total", "documents", "matches"}
    assert data["query"] == "responsible State behaviour" and data["total"] == 3
    assert [d["doc"] for d in data["documents"]] == [APR, FINAL, RES]
    assert all(set(d) == {"doc", "title", "date", "count"} for d in data["documents"])
    for m in data["matches"]:
        assert set(m) == {"doc", "date", "ref", "scope", "page", "heading", "text", "url", "spans"}
        assert all(" ".join(m["text"][s:e].split()) == "responsible State behaviour" for s, e in m["spans"])


def test_find_plain_marks_each_occurrence_and_names_the_first_use(index_dir, capsys):
    code, out, _ = run(capsys, "find", "ransomware attacks", "--index", str(index_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("“ransomware attacks” appears 2 times") and "first used in A/79/900 of 2024-07-12" in lines[0]
    assert "expressed concern about «ransomware attacks» against hospitals" in out
    assert out.index(APR) < out.index(FINAL)


def test_find_in_one_document(index_dir, capsys):
    code, out, _ = run(capsys, "find", "States", "--doc", APR, "--index", str(index_dir), "--json")
    assert code == 0 and {m["doc"] for m in json.loads(out)["matches"]} == {APR}


@pytest.mark.parametrize("argv", [["find", "*"], ["find", "States", "--doc", "A/RES/1/1"], ["toc", "A/RES/1/1"],
                                  ["compare", FINAL, "99"], ["compare", FINAL, "1-3"], ["compare", "A/RES/1/1", "1"],
                                  ["compare", FINAL, "2", "--with", FINAL], ["compare", FINAL, "2", "--with", "nope"],
                                  ["compare", FINAL, "twelve"], ["toc"]])
def test_bad_input_exits_2_with_one_line(index_dir, capsys, argv):
    code, out, err = run(capsys, *argv, "--index", str(index_dir))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unknown_document_names_the_nearest_first(index_dir, capsys):
    _, _, err = run(capsys, "toc", "A/RES/80/9000", "--index", str(index_dir))
    assert err.startswith("Unknown document 'A/RES/80/9000'. Known documents: A/RES/80/900")


def test_toc_json_shape_lists_every_reference_once(index_dir, capsys):
    code, out, err = run(capsys, "toc", FINAL, "--index", str(index_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"doc", "title", "sections"} and data["doc"] == FINAL
    assert all(set(s) == {"heading", "scope", "first", "last", "count", "refs"} for s in data["sections"])
    refs = [(s["scope"], r) for s in data["sections"] for r in s["refs"]]
    assert refs == [("main", "1"), ("annex", "1"), ("annex", "2"), ("annex", "3"), ("annex", "3(a)"), ("annex", "3(b)"), ("annex", "4")]


def test_toc_plain_one_line_per_section(index_dir, capsys):
    code, out, _ = run(capsys, "toc", RES, "--index", str(index_dir))
    assert code == 0
    assert out.splitlines() == [f"{RES} (2025-12-05) — Security of and in the use of ICTs", "Preamble — PP1 (1)", "Operative part — ¶1 (1)"]


def test_compare_json_shape_and_the_diffs_rebuild_both_texts(index_dir, capsys):
    code, out, err = run(capsys, "compare", FINAL, "2", "--index", str(index_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"doc", "ref", "text", "matches"} and (data["doc"], data["ref"]) == (FINAL, "2")
    assert data["matches"] and data["matches"][0]["doc"] == APR
    sims = [m["similarity"] for m in data["matches"]]
    assert sims == sorted(sims, reverse=True) and all(0 <= s <= 1 for s in sims)
    for m in data["matches"]:
        assert set(m) == {"doc", "ref", "date", "similarity", "text", "diff"}
        assert " ".join(d["text"] for d in m["diff"] if d["op"] in "=-") == " ".join(m["text"].split())
        assert " ".join(d["text"] for d in m["diff"] if d["op"] in "=+") == " ".join(data["text"].split())


def test_compare_plain_and_with(index_dir, capsys):
    code, out, _ = run(capsys, "compare", FINAL, "1", "--with", RES, APR, "--index", str(index_dir))
    assert code == 0
    assert out.startswith(f"{FINAL} ¶1 (p. 3) — A. Overview\n")
    assert "— similarity " in out and "[-recalled-] {+reaffirmed+}" in out
    code, out, _ = run(capsys, "compare", FINAL, "1", "--with", RES, "--index", str(index_dir), "--json")
    assert {m["doc"] for m in json.loads(out)["matches"]} == {RES}


def test_format_diff_plain_marks_removed_and_added_words():
    diff = (DiffOp("=", "States"), DiffOp("-", "recalled"), DiffOp("+", "reaffirmed"))
    assert plain((Text(diff_spans(diff)),)) == "States [-recalled-] {+reaffirmed+}"


@pytest.mark.parametrize("argv, allowed", [
    (["find", "States", "--json"], ()),
    (["toc", FINAL, "--json"], ()),
    (["compare", FINAL, "2", "--json"], ("faiss",)),  # the stored vectors are read from the FAISS file
])
def test_the_tools_do_not_load_the_embedding_model(index_dir, argv, allowed):
    heavy = [m for m in ("torch", "sentence_transformers", "faiss", "bm25s") if m not in allowed]
    script = (
        "import sys; from bot.cli import main; "
        f"rc = main({argv + ['--index', str(index_dir)]!r}); "
        f"heavy = [m for m in {heavy!r} if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr); sys.exit(rc if not heavy else 3)"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)
