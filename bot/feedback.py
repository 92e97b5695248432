"""The bot's own SQLite state: answers with their 👍/👎 votes, and the threads it started.

One small database file ([bot] feedback_db). Each answer the bot sends is recorded with
its question and the references it quoted; a vote links a voter key to an answer, one vote
per voter per answer (voting again changes the vote). The voter key is an HMAC-SHA256 of the
Discord user id under a random salt made for this database (kept in it, never exported), so
the key cannot be matched to a member by hashing the ids of a server's member list. Threads the bot created
are remembered so follow-ups there are answered after a restart. ``export_feedback_csv``
writes the votes with their question, refs and time for review, with cells that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) quoted as text.

Methods are blocking (SQLite); the bot calls them through ``asyncio.to_thread``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, TextIO

from index.errors import OEWGError
from index.integrity import sqlite_uri

SCHEMA_VERSION = 2  # 2: salted voter keys (votes from version 1 keep their unsalted keys)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("voted_at", "vote", "question", "refs", "abstained", "answer_id", "answered_at")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL,
    refs TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    voter TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, voter)
);
CREATE TABLE IF NOT EXISTS threads (
    thread_id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def voter_key(user_id: int, salt: bytes) -> str:
    """Votes are de-duplicated per user without storing the Discord user id, or anything that a
    list of ids could be hashed into: HMAC-SHA256 under the database's own random ``salt``."""
    return hmac.new(salt, f"oewg-vote:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text: a leading formula character is quoted with '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class BotStore:
    """Answers, votes and bot-created threads in one SQLite file (created on first use)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(self._connect()) as con, con:
                con.executescript(_SCHEMA)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                con.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('voter_salt', ?)", (secrets.token_hex(32),))
                (salt,) = con.execute("SELECT value FROM settings WHERE key = 'voter_salt'").fetchone()
        except sqlite3.DatabaseError as err:
            raise OEWGError(f"Cannot use {self.path} as the feedback database ({err}): move it away or set [bot] feedback_db.") from err
        self._salt = bytes.fromhex(salt)
        self._threads: set[int] | None = None

    def voter_key(self, user_id: int) -> str:
        """The key a user's votes are stored under in this database."""
        return voter_key(user_id, self._salt)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    # ---- answers and votes ---------------------------------------------------------
    def record_answer(self, question: str, refs: Iterable[str], abstained: bool, guild_id: int | None = None, channel_id: int | None = None) -> int:
        """Store an answer that was sent; returns its id (used in the vote buttons' custom_id)."""
        with closing(self._connect()) as con, con:
            cur = con.execute(
                "INSERT INTO answers (question, refs, abstained, guild_id, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (question, "; ".join(refs), int(abstained), guild_id, channel_id, _now()),
            )
            return int(cur.lastrowid)

    def vote(self, answer_id: int, user_id: int, up: bool) -> bool:
        """Record (or change) a user's vote; False when the answer is unknown (e.g. a reset database)."""
        with closing(self._connect()) as con, con:
            if con.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            con.execute(
                "INSERT INTO votes (answer_id, voter, vote, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(answer_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                (answer_id, self.voter_key(user_id), 1 if up else -1, _now()),
            )
            return True

    def tally(self, answer_id: int) -> tuple[int, int]:
        """(up, down) votes of an answer."""
        with closing(self._connect()) as con:
            row = con.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes WHERE answer_id = ?", (answer_id,)
            ).fetchone()
        return int(row[0]), int(row[1])

    # ---- threads ------------------------------------------------------------------------
    def add_thread(self, thread_id: int) -> None:
        with closing(self._connect()) as con, con:
            con.execute("INSERT OR IGNORE INTO threads (thread_id, created_at) VALUES (?, ?)", (thread_id, _now()))
        self.thread_ids().add(thread_id)

    def thread_ids(self) -> set[int]:
        """Ids of the threads the bot created (read once, then kept in memory)."""
        if self._threads is None:
            with closing(self._connect()) as con:
                self._threads = {int(r[0]) for r in con.execute("SELECT thread_id FROM threads")}
        return self._threads

    def is_bot_thread(self, thread_id: int) -> bool:
        return thread_id in self.thread_ids()


def export_feedback_csv(db_path: Path | str, out: TextIO) -> int:
    """Write every vote as CSV (header + one row a vote, oldest first) to ``out``; return the row count."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise OEWGError(f"No feedback database at {db_path}: the bot has recorded no votes yet (or set --db to [bot] feedback_db).")
    try:
        with closing(sqlite3.connect(sqlite_uri(db_path), uri=True)) as con:
            rows = con.execute(
                "SELECT v.voted_at, CASE v.vote WHEN 1 THEN 'up' ELSE 'down' END, a.question, a.refs, a.abstained, a.id, a.created_at "
                "FROM votes v JOIN answers a ON a.id = v.answer_id ORDER BY v.voted_at, a.id"
            ).fetchall()
    except sqlite3.DatabaseError as err:
        raise OEWGError(f"{db_path} is not a feedback database ({err}): check --db / [bot] feedback_db.") from err
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(v) for v in (*row[:4], "yes" if row[4] else "no", *row[5:])])
    return len(rows)
