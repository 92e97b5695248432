"""benchmarks/report_eval.py: its question file, and how it counts abstentions and right paragraphs."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pytest

from benchmarks import report_eval


def test_the_question_file_has_every_style_and_answerable_targets_in_the_look_alike():
    questions = report_eval.load()
    assert Counter(q["style"] for q in questions) == {"ordinary": 15, "lay": 15, "keyword": 15, "near": 20}
    assert len({q["id"] for q in questions}) == len(questions)
    assert all((q["doc"] is None) == (q["style"] == "near") for q in questions)
    truth = report_eval.report_pdf().with_suffix(".truth.jsonl")
    if not truth.is_file():
        pytest.skip(f"the look-alike's truth file is not at {truth} (place ../shared/corpus beside the repo)")
    refs = {(r["symbol"], r["scope"], r["ref"]) for r in map(json.loads, truth.read_text(encoding="utf-8").splitlines())}
    assert all((q["doc"], q["scope"], q["ref"]) in refs for q in questions if q["doc"])


@dataclass
class P:
    symbol: str
    scope: str
    ref: str


@dataclass
class H:
    paragraph_id: int


class FakeEngine:
    """Abstains on questions containing "no"; ranks paragraph 2 first, then 1."""

    class store:
        @staticmethod
        def paragraph(pid):
            return P("A/80/257", "main", str(pid))

    def ask(self, question):
        return type("A", (), {"abstained": "no" in question.split()})()

    def search_hits(self, question):
        return [H(2), H(1), H(7), H(9)]


def test_tally_counts_abstentions_and_a_right_paragraph_in_the_best_three():
    qs = [{"style": "ordinary", "question": "yes", "doc": "A/80/257", "scope": "main", "ref": "1"},
          {"style": "ordinary", "question": "no", "doc": "A/80/257", "scope": "main", "ref": "9"},
          {"style": "near", "question": "no", "doc": None, "scope": None, "ref": None}]
    t = report_eval.tally(FakeEngine(), qs)
    assert t["ordinary"] == (2, 1, 1)  # ref 9 ranks fourth: not in the best three
    assert t["near"] == (1, 1, 0) and t["lay"] == (0, 0, 0)
