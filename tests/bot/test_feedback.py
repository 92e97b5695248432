"""bot.feedback: answers, votes and threads survive in SQLite; votes export as CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from bot.feedback import CSV_COLUMNS, BotStore, export_feedback_csv
from index.errors import OEWGError


def test_votes_are_stored_with_question_refs_and_time(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "feedback.sqlite"
    store = BotStore(db)
    a1 = store.record_answer("what about ransomware?", ["A/80/999 ¶2 (p. 3)", "A/80/999 ¶3 (p. 3)"], False, 1, 2)
    a2 = store.record_answer("sky colour?", [], True)
    assert a2 == a1 + 1
    assert store.vote(a1, 42, up=True) and store.vote(a1, 43, up=False) and store.vote(a2, 42, up=False)
    assert store.tally(a1) == (1, 1)
    out = io.StringIO()
    assert export_feedback_csv(db, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = [r for r in rows if r["answer_id"] == str(a1)]
    assert {r["vote"] for r in first} == {"up", "down"}
    assert all(r["question"] == "what about ransomware?" and r["refs"] == "A/80/999 ¶2 (p. 3); A/80/999 ¶3 (p. 3)" for r in first)
    assert all(r["abstained"] == "no" and r["voted_at"][:4].isdigit() and "T" in r["voted_at"] for r in first)
    assert [r["abstained"] for r in rows if r["answer_id"] == str(a2)] == ["yes"]


def test_voting_again_changes_the_vote_not_the_count(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "f.sqlite")
    a = store.record_answer("q", ["x"], False)
    store.vote(a, 7, up=True)
    store.vote(a, 7, up=False)
    assert store.tally(a) == (0, 1)


def test_vote_on_unknown_answer_is_refused(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "f.sqlite")
    assert store.vote(999, 7, up=True) is False
    assert store.tally(999) == (0, 0)


def test_user_ids_are_not_stored(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    store = BotStore(db)
    store.vote(store.record_answer("q", [], False), 123456789012345678, up=True)
    with sqlite3.connect(db) as con:
        dump = "\n".join(con.iterdump())
    assert "123456789012345678" not in dump and store.voter_key(123456789012345678) in dump


def test_threads_are_remembered_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    store = BotStore(db)
    store.add_thread(555)
    assert store.is_bot_thread(555) and not store.is_bot_thread(556)
    assert BotStore(db).is_bot_thread(555)


def test_export_of_missing_database_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(OEWGError, match="No feedback database at .*recorded no votes yet"):
        export_feedback_csv(tmp_path / "none.sqlite", io.StringIO())


def test_export_of_a_non_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not sqlite at all " * 100)
    with pytest.raises(OEWGError, match="is not a feedback database"):
        export_feedback_csv(bogus, io.StringIO())


def test_empty_database_exports_only_the_header(tmp_path: Path) -> None:
    BotStore(tmp_path / "f.sqlite")
    out = io.StringIO()
    assert export_feedback_csv(tmp_path / "f.sqlite", out) == 0
    assert out.getvalue().strip() == ",".join(CSV_COLUMNS)
