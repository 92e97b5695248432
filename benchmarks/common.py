"""Shared pieces of the benchmark scripts: the question file, the corpus, metrics, tables.

Everything here except ``build_fresh_index`` is a pure function or a plain record, so the
question-file checks in ``tests/benchmarks/test_benchmarks.py`` and both scripts (``eval.py``,
``speed.py``) use one definition of what a question, a hit and a metric are.

Question file (``benchmarks/questions.jsonl``), one JSON object a line, each with a ``split``
(``dev``: tune on it; ``test``: report it, never tune on it) and a ``style``::

    {"id": "q001", "split": "dev", "style": "ordinary", "question": "...", "doc": "A/RES/80/16",
     "scope": "main", "ref": "2",
     "opening": "Requests the Secretary-General to provide ...",          # first words, verbatim
     "alt": [{"doc": ..., "scope": ..., "ref": ..., "opening": ...}]}     # optional
    {"id": "x004", "split": "dev", "style": "near", "question": "...", "doc": null, "scope": null,
     "ref": null}                                                          # must abstain
    {"id": "l001", "split": "dev", "style": "lookup", "kind": "lookup",
     "question": "What does paragraph 2 of A/RES/80/16 say?",
     "doc": "A/RES/80/16", "scope": "main", "ref": "2"}                    # exact lookup; ref may be "3-4"

Styles of answerable questions: ``ordinary`` (a plain question), ``lay`` (a paraphrase that avoids
the paragraph's distinctive words), ``keyword`` (a short keyword query), ``oewg`` (about the OEWG,
ICT security or the Global Mechanism); of off-topic ones: ``near`` (sounds like the General
Assembly, but no indexed paragraph answers it) and ``unrelated``; lookups are ``lookup``.
The file merges the team's first 127 questions (split dev, styled by their wording) with two sets
written by people who never saw the system (``d…`` dev, ``t…`` test); a dev question whose text
repeats a test question was left out.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
MODES = ("bm25", "dense", "hybrid")

ANSWER, OFFTOPIC, LOOKUP = "answer", "offtopic", "lookup"
ANSWER_STYLES = ("ordinary", "lay", "keyword", "oewg")
OFFTOPIC_STYLES = ("near", "unrelated")
STYLES = (*ANSWER_STYLES, *OFFTOPIC_STYLES, "lookup")
SPLITS = ("dev", "test")
KIND_STYLES = {ANSWER: ANSWER_STYLES, OFFTOPIC: OFFTOPIC_STYLES, LOOKUP: ("lookup",)}
_KIND_LABEL = {ANSWER: "an answerable question", OFFTOPIC: "an off-topic question (doc null)", LOOKUP: "a lookup"}


# ---- the corpus ----------------------------------------------------------------

def corpus_dir() -> Path:
    """Where the real UN corpus lives: $OEWG_CORPUS, else ../shared/corpus beside the repo."""
    return Path(os.environ.get("OEWG_CORPUS", REPO.parent / "shared" / "corpus"))


def resolutions_dir() -> Path:
    return corpus_dir() / "ga-res-80"


def corpus_missing_message(where: Path) -> str | None:
    """One-line reason the benchmark cannot run, or None when the resolutions are there."""
    if not where.is_dir():
        return (f"The UN resolutions corpus is not at {where}: set OEWG_CORPUS to the folder that holds "
                f"ga-res-80/ (or place ../shared/corpus beside the repo), or pass --index DIR.")
    if not any(where.glob("*.md")):
        return f"{where} holds no .md resolutions: point OEWG_CORPUS at the shared corpus."
    return None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(front-matter fields, body) of a corpus file; simple ``key: value`` lines are enough here."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    fields = {}
    for line in text[3:end].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip().strip('"')
    return fields, text[end + 4:]


def corpus_symbols(folder: Path) -> dict[str, Path]:
    """Map each document symbol (from the front matter) to its file."""
    out = {}
    for path in sorted(folder.glob("*.md")):
        fields, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if fields.get("symbol"):
            out[fields["symbol"]] = path
    return out


# ---- the question file -----------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One paragraph that answers a question."""

    doc: str
    scope: str
    ref: str  # "12", "12(b)", "PP3", or a range "3-4" (lookup questions only)
    opening: str = ""  # the paragraph's first words, verbatim from the source

    @property
    def number(self) -> str:
        return top_number(self.ref)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str  # ANSWER, OFFTOPIC or LOOKUP
    targets: tuple[Target, ...] = ()  # expected first, then alternatives
    style: str = "ordinary"  # one of STYLES, agreeing with the kind
    split: str = "dev"  # one of SPLITS


class QuestionFileError(ValueError):
    """A malformed line in the question file; the message names the file, line and fix."""


def top_number(ref: str) -> str:
    """The top-level paragraph number of a ref: "12" for "12(b)(ii)", "PP3" for "PP3"."""
    return ref.split("(", 1)[0].strip()


def expand_ref(ref: str) -> list[str]:
    """A lookup ref as the list of refs it names: "3-4" -> ["3", "4"], "12(b)" -> ["12(b)"]."""
    m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", ref.strip())
    if m:
        return [str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1)]
    return [ref.strip()]


def _target(obj: dict, where: str) -> Target:
    for key in ("doc", "scope", "ref"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise QuestionFileError(f"{where}: '{key}' must be a non-empty string (e.g. \"doc\": \"A/RES/80/16\", \"scope\": \"main\", \"ref\": \"2\")")
    return Target(obj["doc"], obj["scope"], obj["ref"], obj.get("opening", "") or "")


def _style_and_split(obj: dict, kind: str, where: str) -> tuple[str, str]:
    style, split = obj.get("style"), obj.get("split")
    if split not in SPLITS:
        raise QuestionFileError(f"{where}: \"split\" must be one of {', '.join(SPLITS)}, not {split!r}")
    if style not in STYLES:
        raise QuestionFileError(f"{where}: \"style\" must be one of {', '.join(STYLES)}, not {style!r}")
    if style not in KIND_STYLES[kind]:
        raise QuestionFileError(f"{where}: style {style!r} does not fit {_KIND_LABEL[kind]}; "
                                f"use one of {', '.join(KIND_STYLES[kind])}")
    return style, split


def parse_question(obj: dict, where: str) -> Question:
    """Turn one decoded JSON line into a Question, or raise QuestionFileError saying what is wrong."""
    if not isinstance(obj, dict):
        raise QuestionFileError(f"{where}: each line must be a JSON object")
    qid, text = obj.get("id"), obj.get("question")
    if not isinstance(qid, str) or not qid:
        raise QuestionFileError(f"{where}: missing \"id\" (use q001 for answerable, x001 for off-topic, l001 for lookups)")
    if not isinstance(text, str) or not text.strip():
        raise QuestionFileError(f"{where} ({qid}): missing \"question\" text")
    here = f"{where} ({qid})"
    if obj.get("kind") == LOOKUP:
        return Question(qid, text, LOOKUP, (_target(obj, here),), *_style_and_split(obj, LOOKUP, here))
    if obj.get("kind") not in (None, ANSWER, OFFTOPIC):
        raise QuestionFileError(f"{here}: unknown kind {obj.get('kind')!r}; use \"lookup\" or leave it out")
    if obj.get("doc") is None and obj.get("ref") is None:
        if obj.get("alt"):
            raise QuestionFileError(f"{here}: an off-topic question (doc null) cannot have alternatives")
        return Question(qid, text, OFFTOPIC, (), *_style_and_split(obj, OFFTOPIC, here))
    main = _target(obj, here)
    alts = obj.get("alt") or []
    if not isinstance(alts, list):
        raise QuestionFileError(f"{here}: \"alt\" must be a list of {{doc, scope, ref}} objects")
    return Question(qid, text, ANSWER, (main, *(_target(a, f"{here} alt") for a in alts)),
                    *_style_and_split(obj, ANSWER, here))


def parse_questions(lines: Iterable[str], source: str = "questions") -> list[Question]:
    out: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise QuestionFileError(f"{source}:{n}: not valid JSON ({err.msg}); write one JSON object per line") from err
        q = parse_question(obj, f"{source}:{n}")
        if q.id in seen:
            raise QuestionFileError(f"{source}:{n}: duplicate id {q.id!r}; ids must be unique")
        seen.add(q.id)
        out.append(q)
    return out


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise QuestionFileError(f"Cannot read the question file {path} ({err.strerror}): pass --questions FILE") from err
    return parse_questions(lines, str(path))


# ---- checking expected paragraphs against the source text ---------------------------

def _norm(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split())


def scope_texts(body: str) -> dict[str, str]:
    """Split a resolution body into its numbering scopes: "main" and, after an "Annex" line, "annex".

    The footnotes after the closing ``---`` rule are dropped.
    """
    body = re.split(r"\n---\n", body, maxsplit=1)[0]
    out: dict[str, list[str]] = {"main": []}
    scope = "main"
    for line in body.splitlines():
        m = re.match(r"Annex(?: ([IVX]+))?(?:\s|$)", line)
        if m:
            scope = f"annex {m.group(1)}" if m.group(1) else "annex"
            out.setdefault(scope, [])
            continue
        out[scope].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def paragraph_text(scope_text: str, number: str) -> str | None:
    """The source text of operative paragraph ``number`` (from "N. " to the next numbered paragraph)."""
    m = re.search(rf"(?m)^{re.escape(number)}\. (?=\S)", scope_text) or re.search(
        rf"\s{re.escape(number)}\. (?=[A-Z])", scope_text)
    if not m:
        return None
    rest = scope_text[m.end():]
    nxt = re.search(rf"(?:^|\n|\s){int(number) + 1}\. (?=[A-Z])", rest)
    return _norm(rest[: nxt.start()] if nxt else rest)


def preamble_text(main_text: str) -> str:
    """The text between "The General Assembly" and operative paragraph 1 ("" when there is none)."""
    m = re.search(r"The General Assembly,?\s*\n", main_text)
    end = re.search(r"(?m)^1\. ", main_text)
    if not m or not end or end.start() < m.end():
        return ""
    return main_text[m.end():end.start()]


def preambular_count(main_text: str) -> int:
    """An upper bound on the preambular paragraphs: blank-line separated blocks of the preamble that
    start with a capital letter (page headers count too, so the exact numbering is the parser's)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", preamble_text(main_text))]
    return sum(1 for b in blocks if b[:1].isupper())


def check_target(target: Target, scopes: dict[str, str]) -> str | None:
    """None when the target paragraph exists in the source; else a one-line reason."""
    label = f"{target.doc} {target.scope} {target.ref}"
    text = scopes.get(target.scope)
    if text is None:
        return f"{label}: the source has no scope '{target.scope}' (scopes: {', '.join(scopes)})"
    refs = expand_ref(target.ref)
    for ref in refs:
        number = top_number(ref)
        if number.startswith("PP"):
            if target.scope != "main" or preambular_count(text) < int(number[2:]):
                return f"{label}: the preamble has only {preambular_count(text)} paragraphs"
            continue
        if not number.isdigit():
            return f"{label}: '{ref}' is not a paragraph number"
        para = paragraph_text(text, number)
        if para is None:
            return f"{label}: no paragraph '{number}.' in the source"
        for sub in re.findall(r"\(([a-z]+)\)", ref):
            if f"({sub}) " not in para:
                return f"{label}: paragraph {number} has no sub-paragraph ({sub})"
    if target.opening:
        first = top_number(refs[0])
        if first.startswith("PP"):
            if _norm(target.opening) not in _norm(preamble_text(text)):
                return f"{label}: opening words not found in the preamble"
        elif not (paragraph_text(text, first) or "").startswith(_norm(target.opening)):
            return f"{label}: paragraph {first} does not start with {target.opening!r}"
    return None


def ref_by_opening(paragraphs, scope: str, opening: str) -> str | None:
    """The ref of the one top-level paragraph of ``scope`` whose text starts with ``opening`` (None
    when none or several do): how a target's number is corrected mechanically when the source counts
    preambular paragraphs differently (a page break inside one), never by judging the question."""
    want = _norm(opening)
    found = [p.ref for p in paragraphs if p.scope == scope and not p.parent and _norm(p.text).startswith(want)]
    return found[0] if len(found) == 1 else None


def longest_shared_run(a: str, b: str) -> int:
    """Length in words of the longest run of consecutive words two texts share (case and punctuation ignored)."""
    ta = re.findall(r"[a-z0-9]+", a.lower())
    tb = " " + " ".join(re.findall(r"[a-z0-9]+", b.lower())) + " "
    best = 0
    for i in range(len(ta)):
        j = i + best + 1
        while j <= len(ta) and " " + " ".join(ta[i:j]) + " " in tb:
            best = j - i
            j += 1
    return best


# ---- metrics --------------------------------------------------------------------

def matches(hit: tuple[str, str, str], target: Target) -> bool:
    """A hit (symbol, scope, ref) answers a target when symbol, scope and top-level number agree."""
    symbol, scope, ref = hit
    return symbol == target.doc and scope.lower() == target.scope.lower() and top_number(ref) == target.number


def first_rank(hits: Sequence[tuple[str, str, str]], targets: Sequence[Target]) -> int | None:
    """1-based rank of the first hit that answers any target, or None."""
    for i, hit in enumerate(hits, 1):
        if any(matches(hit, t) for t in targets):
            return i
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr(ranks: Sequence[int | None]) -> float:
    return sum(1.0 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def rate(flags: Sequence[bool]) -> float:
    return sum(1 for f in flags if f) / len(flags) if flags else 0.0


def lookup_exact(quotes: Sequence[tuple[str, str, str]], target: Target) -> bool:
    """A lookup is exact when it returns exactly the paragraphs named, in order."""
    want = [(target.doc, target.scope.lower(), r) for r in expand_ref(target.ref)]
    got = [(s, sc.lower(), r) for s, sc, r in quotes]
    return got == want


def best_threshold(answerable: Sequence[float], offtopic: Sequence[float]) -> tuple[float, int]:
    """The abstention threshold that maximises answerable-answered + off-topic-abstained.

    A question is answered when its top score is >= the threshold. Candidates are midpoints
    between consecutive distinct scores (plus the ends); ties go to the higher threshold-free
    margin, i.e. the midpoint of the widest best interval. Returns (threshold, questions right).
    """
    scores = sorted(set(answerable) | set(offtopic))
    if not scores:
        return 0.0, 0
    cands = [scores[0] - 1e-6] + [(a + b) / 2 for a, b in zip(scores, scores[1:])] + [scores[-1] + 1e-6]

    def correct(t: float) -> int:
        return sum(1 for s in answerable if s >= t) + sum(1 for s in offtopic if s < t)

    best = max(correct(t) for t in cands)
    winners = [t for t in cands if correct(t) == best]
    return winners[len(winners) // 2], best


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# ---- output ----------------------------------------------------------------------

def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain aligned text table: numeric columns right-aligned, floats with 3 decimals."""
    def cell(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    body = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(headers)]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) for r in rows) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out += [line(r) for r in body]
    return "\n".join(out)


# ---- the engine (I/O) -------------------------------------------------------------

def build_fresh_index(sources: Path, model: str | None = None):
    """Build an index of ``sources`` in a new temporary directory; returns (index_dir, report, seconds, tmp)."""
    from index.build import build_index

    tmp = tempfile.TemporaryDirectory(prefix="oewg-bench-")
    index_dir = Path(tmp.name) / "index"
    t0 = time.perf_counter()
    report = build_index([sources], index_dir, model=model)
    return index_dir, report, time.perf_counter() - t0, tmp


def given_or_fresh_index(index: Path | None, model: str | None = None):
    """``index`` as (index_dir, None, None, None), or, when it is None, a fresh build of the 55
    resolutions as ``build_fresh_index`` returns it; None when the corpus is missing (its message
    printed on stderr)."""
    if index is not None:
        return index, None, None, None
    missing = corpus_missing_message(resolutions_dir())
    if missing:
        print(missing, file=sys.stderr)
        return None
    return build_fresh_index(resolutions_dir(), model)


PHRASE_PUNCTUATION = ".,;:()“”\"'‘’"


def cut_phrase(rng, texts: Sequence[str]) -> str | None:
    """1 to 6 consecutive words of a random text, without their outer punctuation; None when
    the text drawn is too short for the length drawn (the caller draws again)."""
    words = rng.choice(texts).split()
    k = rng.randint(1, 6)
    if len(words) <= k:
        return None
    i = rng.randrange(len(words) - k)
    return " ".join(words[i:i + k]).strip(PHRASE_PUNCTUATION)

