"""The development question set is well-formed, and the benchmark helpers compute what they claim.

The question file is checked against the real resolutions in ../shared/corpus (skipped when
absent): every expected paragraph exists there and starts with the recorded opening words,
questions paraphrase rather than copy, and none names a paragraph number (those are lookups).
"""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from benchmarks import eval as bench_eval
from benchmarks import calibrate_compare as bench_calibrate
from benchmarks import speed as bench_speed
from benchmarks.common import (
    ANSWER,
    LOOKUP,
    OFFTOPIC,
    QUESTIONS,
    QuestionFileError,
    Target,
    best_threshold,
    check_target,
    corpus_symbols,
    expand_ref,
    first_rank,
    format_table,
    load_questions,
    longest_shared_run,
    lookup_exact,
    mrr,
    paragraph_text,
    parse_questions,
    percentile,
    preambular_count,
    recall_at,
    scope_texts,
    split_front_matter,
)
from index.refs import mentions_paragraph

MAX_COPIED_WORDS = 5  # a question may share at most this many consecutive words with its answer


@pytest.fixture(scope="module")
def questions():
    return load_questions(QUESTIONS)


@pytest.fixture(scope="module")
def sources(resolutions_dir):
    """symbol -> (front matter, scopes) of every corpus resolution."""
    out = {}
    for symbol, path in corpus_symbols(resolutions_dir).items():
        fields, body = split_front_matter(path.read_text(encoding="utf-8"))
        out[symbol] = (fields, body, scope_texts(body))
    return out


# ---- the question file ----------------------------------------------------------

def test_question_file_has_the_required_counts_and_unique_ids(questions):
    kinds = Counter(q.kind for q in questions)
    assert kinds[ANSWER] >= 70
    assert kinds[OFFTOPIC] >= 15
    assert kinds[LOOKUP] >= 8
    assert len({q.id for q in questions}) == len(questions)
    prefix = {ANSWER: "q", OFFTOPIC: "x", LOOKUP: "l"}
    assert all(q.id.startswith(prefix[q.kind]) for q in questions)
    docs = Counter(q.targets[0].doc for q in questions if q.kind == ANSWER)
    assert len(docs) >= 30
    assert docs["A/RES/80/16"] >= 3
    assert max(docs.values()) <= 8, "spread the questions over many documents"
    assert len({q.text.strip().lower() for q in questions}) == len(questions), "duplicate question text"


def test_off_topic_questions_name_no_paragraph(questions):
    for q in questions:
        if q.kind == OFFTOPIC:
            assert q.targets == ()


def test_search_questions_do_not_name_a_paragraph_and_lookups_do(questions):
    for q in questions:
        named = mentions_paragraph(q.text)
        if q.kind == LOOKUP:
            assert named is not None, f"{q.id}: the engine would not treat this as a lookup"
            assert named[0] == q.targets[0].doc, q.id
        else:
            assert named is None, f"{q.id} names a paragraph ({named}); that is a lookup, not search"


@pytest.mark.corpus
def test_every_expected_paragraph_exists_in_the_source(questions, sources):
    problems = []
    for q in questions:
        for t in q.targets:
            if t.doc not in sources:
                problems.append(f"{q.id}: {t.doc} is not in the corpus")
                continue
            why = check_target(t, sources[t.doc][2])
            if why:
                problems.append(f"{q.id}: {why}")
    assert problems == []


@pytest.mark.corpus
def test_expected_paragraphs_are_retrieval_units_of_the_project_parser(questions, resolutions_dir):
    """The engine can only find what its parser produced: each target is a parsed paragraph with that text."""
    from index.parser import parse_file

    paths = corpus_symbols(resolutions_dir)
    parsed: dict[str, dict] = {}
    problems = []
    for q in questions:
        for t in q.targets:
            if t.doc not in parsed:
                parsed[t.doc] = {(p.scope, p.ref): p for p in parse_file(paths[t.doc]).paragraphs}
            paras = parsed[t.doc]
            refs = expand_ref(t.ref)
            missing = [r for r in refs if (t.scope, r) not in paras]
            if missing:
                problems.append(f"{q.id}: the parser has no {t.doc} {t.scope} {missing}")
            elif t.opening and not normalise(paras[(t.scope, refs[0])].text).startswith(normalise(t.opening)):
                problems.append(f"{q.id}: parsed {t.doc} {t.scope} {refs[0]} does not start with {t.opening!r}")
    assert problems == []


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split())


@pytest.mark.corpus
def test_answerable_questions_carry_the_opening_words_of_their_paragraphs(questions):
    for q in questions:
        if q.kind == ANSWER:
            assert all(len(t.opening.split()) >= 5 for t in q.targets), q.id


@pytest.mark.corpus
def test_questions_paraphrase_rather_than_copy_their_paragraph(questions, sources):
    for q in questions:
        if q.kind != ANSWER:
            continue
        t = q.targets[0]
        text = paragraph_text(sources[t.doc][2][t.scope], t.number)
        assert longest_shared_run(q.text, text) <= MAX_COPIED_WORDS, f"{q.id} copies its paragraph: {q.text!r}"


@pytest.mark.corpus
def test_first_committee_and_ict_texts_are_well_covered(questions, sources):
    first = [q for q in questions if q.kind == ANSWER and "First Committee" in sources[q.targets[0].doc][1]]
    assert len(first) >= 25
    assert len({q.targets[0].doc for q in first}) >= 20


@pytest.mark.corpus
def test_off_topic_near_misses_are_not_covered_by_the_corpus(sources):
    corpus = " ".join(body.lower() for _, body, _ in sources.values())
    for term in ("bluefin", "cryptocurrenc", "antimicrobial", "seabed", "space debris", "ransomware", "tobacco",
                 "plastic", "selection of the secretary-general", "stablecoin", "permanent seat",
                 "banana", "world cup", "nginx", "iphone", "croissant"):
        assert term not in corpus, term


# ---- parsing the question file --------------------------------------------------

def test_parse_questions_reads_all_three_kinds():
    qs = parse_questions([
        '{"id": "q1", "question": "a?", "doc": "A/RES/80/16", "scope": "main", "ref": "2",'
        ' "alt": [{"doc": "A/RES/80/16", "scope": "main", "ref": "3"}]}',
        "",
        '{"id": "x1", "question": "b?", "doc": null, "scope": null, "ref": null}',
        '{"id": "l1", "kind": "lookup", "question": "para 3-4 of A/RES/80/16", "doc": "A/RES/80/16", "scope": "main", "ref": "3-4"}',
    ])
    assert [q.kind for q in qs] == [ANSWER, OFFTOPIC, LOOKUP]
    assert [t.ref for t in qs[0].targets] == ["2", "3"]
    assert qs[2].targets[0].ref == "3-4"


@pytest.mark.parametrize("lines, fragment", [
    (['{"id": "q1", "question": "a"'], "not valid JSON"),
    (['{"id": "q1", "question": "a", "doc": "A/RES/80/1", "scope": "main", "ref": "1"}'] * 2, "duplicate id"),
    (['{"id": "q1", "question": "a", "doc": "A/RES/80/1", "ref": "1"}'], "'scope' must be"),
    (['{"question": "a"}'], 'missing "id"'),
    (['{"id": "q1", "question": " "}'], 'missing "question"'),
    (['{"id": "q1", "question": "a", "kind": "quiz"}'], "unknown kind"),
    (['[1, 2]'], "JSON object"),
])
def test_malformed_question_lines_get_an_actionable_message(lines, fragment):
    with pytest.raises(QuestionFileError) as err:
        parse_questions(lines, "qs.jsonl")
    assert fragment in str(err.value)
    assert "qs.jsonl:" in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_question_file_is_explained(tmp_path):
    with pytest.raises(QuestionFileError, match="--questions"):
        load_questions(tmp_path / "nope.jsonl")


# ---- checking targets against source text -----------------------------------------

SOURCE = """United Nations

The General Assembly,

Recalling its earlier resolutions,

Noting the report,

1. Decides to do the first thing;

2. Requests the Secretary-General to act as follows:

(a) Report yearly;

(b) Consult States; 3. Invites States to reply.

Annex

1. We, the States, declare a thing.

---

[^1]: A footnote. 4. Not a paragraph.
"""


def test_scope_texts_split_main_annex_and_drop_footnotes():
    scopes = scope_texts(SOURCE)
    assert set(scopes) == {"main", "annex"}
    assert "We, the States" in scopes["annex"] and "We, the States" not in scopes["main"]
    assert "footnote" not in scopes["annex"]
    assert preambular_count(scopes["main"]) == 2


def test_paragraph_text_runs_to_the_next_number_even_inline():
    main = scope_texts(SOURCE)["main"]
    assert paragraph_text(main, "2") == "Requests the Secretary-General to act as follows: (a) Report yearly; (b) Consult States;"
    assert paragraph_text(main, "3") == "Invites States to reply."
    assert paragraph_text(main, "9") is None


@pytest.mark.parametrize("target, problem", [
    (Target("X", "main", "2", "Requests the Secretary-General"), None),
    (Target("X", "main", "2(b)"), None),
    (Target("X", "annex", "1", "We, the States"), None),
    (Target("X", "main", "1-2"), None),
    (Target("X", "main", "PP2"), None),
    (Target("X", "main", "4"), "no paragraph '4.'"),
    (Target("X", "main", "2(c)"), "no sub-paragraph (c)"),
    (Target("X", "main", "1", "Requests the Secretary-General"), "does not start with"),
    (Target("X", "annex I", "1"), "no scope 'annex I'"),
    (Target("X", "main", "PP3"), "preamble has only 2"),
    (Target("X", "main", "PP1", "Recalling its earlier"), None),
    (Target("X", "main", "PP1", "Decides to do"), "not found in the preamble"),
])
def test_check_target_finds_wrong_numbers_scopes_and_openings(target, problem):
    found = check_target(target, scope_texts(SOURCE))
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_longest_shared_run_counts_consecutive_words_ignoring_case_and_punctuation():
    assert longest_shared_run("Who endorses the Final Report?", "Decides to endorse the final report;") == 3
    assert longest_shared_run("nothing shared here", "Decides to endorse") == 0


# ---- metrics ---------------------------------------------------------------------

def test_sub_paragraph_hits_count_for_their_paragraph_and_vice_versa():
    t = Target("A/RES/80/16", "main", "12")
    assert first_rank([("A/RES/80/16", "main", "3"), ("A/RES/80/16", "main", "12(b)")], [t]) == 2
    assert first_rank([("A/RES/80/16", "main", "12")], [Target("A/RES/80/16", "main", "12(b)")]) == 1
    assert first_rank([("A/RES/80/16", "annex", "12"), ("A/RES/80/17", "main", "12")], [t]) is None
    assert first_rank([("A/RES/80/9", "main", "4")], [t, Target("A/RES/80/9", "main", "4")]) == 1


def test_recall_and_mrr():
    ranks = [1, 3, None, 5]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 3) == 0.5
    assert recall_at(ranks, 5) == 0.75
    assert mrr(ranks) == pytest.approx((1 + 1 / 3 + 1 / 5) / 4)
    assert recall_at([], 3) == 0.0 and mrr([]) == 0.0


def test_lookup_exact_expands_ranges_and_requires_the_exact_set():
    t = Target("A/RES/80/16", "main", "3-4")
    assert expand_ref("3-4") == ["3", "4"] and expand_ref("1(b)") == ["1(b)"]
    assert lookup_exact([("A/RES/80/16", "main", "3"), ("A/RES/80/16", "main", "4")], t)
    assert not lookup_exact([("A/RES/80/16", "main", "3")], t)
    assert not lookup_exact([("A/RES/80/16", "main", "1")], Target("A/RES/80/16", "main", "1(b)"))


def test_best_threshold_separates_answerable_from_off_topic():
    t, right = best_threshold([0.6, 0.7, 0.8], [0.2, 0.3, 0.5])
    assert 0.5 < t <= 0.6 and right == 6
    t, right = best_threshold([0.6, 0.4], [0.5])  # overlap: best is 2 of 3
    assert right == 2
    assert best_threshold([], []) == (0.0, 0)


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([7.0], 95) == 7.0


def test_format_table_aligns_columns():
    out = format_table(["mode", "R@3"], [["hybrid", 0.9123], ["bm25", 0.5]]).splitlines()
    assert out[0].startswith("mode") and out[2].startswith("hybrid")
    assert out[2].endswith("0.912") and out[3].endswith("0.500")
    assert len({len(line) for line in out}) == 1
    text = format_table(["measure", "value"], [["load", "6.8 ms"], ["ask p95", "12.0 ms"]]).splitlines()
    assert text[2] == "load     6.8 ms" and text[3] == "ask p95  12.0 ms"


# ---- the eval loop over a fake engine ----------------------------------------------

class FakeEngine:
    """Ranks by a table; abstains when the top score is below 0.5."""

    def __init__(self, table):
        self.table = table  # question -> [(symbol, scope, ref, score)]
        self.paras = {}
        self.store = SimpleNamespace(paragraph=lambda pid: self.paras[pid])

    def search_hits(self, query, k=5, mode="hybrid"):
        hits = []
        for sym, scope, ref, score in self.table[query][:k]:
            pid = len(self.paras)
            self.paras[pid] = SimpleNamespace(symbol=sym, scope=scope, ref=ref)
            hits.append(SimpleNamespace(paragraph_id=pid, score=score))
        return hits

    def ask(self, question, k=5, mode="hybrid"):
        hits = self.search_hits(question, k, mode)
        return SimpleNamespace(abstained=not hits or max(h.score for h in hits) < 0.5)


def test_evaluate_mode_computes_recall_abstention_and_misses():
    qs = parse_questions([
        '{"id": "q1", "question": "a", "doc": "D", "scope": "main", "ref": "2"}',
        '{"id": "q2", "question": "b", "doc": "D", "scope": "main", "ref": "5"}',
        '{"id": "x1", "question": "c", "doc": null, "scope": null, "ref": null}',
    ])
    engine = FakeEngine({
        "a": [("D", "main", "2(a)", 0.9)],
        "b": [("D", "main", "1", 0.4), ("D", "main", "3", 0.3), ("D", "main", "4", 0.3), ("D", "main", "5", 0.2)],
        "c": [("D", "main", "1", 0.7)],
    })
    r = bench_eval.evaluate_mode(engine, qs, "hybrid")
    assert (r["r1"], r["r3"], r["r5"]) == (0.5, 0.5, 1.0)
    assert r["mrr"] == pytest.approx((1 + 1 / 4) / 2)
    assert r["false_abstain"] == 0.5 and r["abstain_offtopic"] == 0.0
    assert r["top_answerable"] == [0.9, 0.4] and r["top_offtopic"] == [0.7]
    assert [m["id"] for m in r["misses"]] == ["q2"]


# ---- the scripts refuse clearly without a corpus ----------------------------------------

@pytest.mark.parametrize("script", [bench_eval, bench_speed, bench_calibrate])
def test_scripts_exit_with_a_clear_message_when_the_corpus_is_absent(script, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OEWG_CORPUS", str(tmp_path / "missing"))
    assert script.main([]) == 2
    err = capsys.readouterr().err.strip()
    assert "OEWG_CORPUS" in err and "--index" in err and "\n" not in err


def test_calibration_labels_pairs_by_the_words_they_share_in_a_row():
    report = "States reaffirmed that nuclear disarmament and the total elimination of nuclear weapons are the only absolute guarantee."
    source = "Reaffirming that nuclear disarmament and the total elimination of nuclear weapons are the only absolute guarantee,"
    other = "Convinced that the complete elimination of nuclear weapons is essential to remove the danger of nuclear war,"
    assert bench_calibrate.label(report, source, 12, 6) is True
    assert bench_calibrate.label(report, other, 12, 6) is False
    assert bench_calibrate.label("(b) Removal of deployed nuclear warheads;", "(b) Removal of deployed nuclear warheads;", 12, 6) is True
    unclear = "Noting that nuclear disarmament and the total elimination of nuclear weapons remain distant goals for many of the States present"
    assert bench_calibrate.label(report, unclear, 12, 6) is None  # 10 words in a row: neither
    assert bench_calibrate.precision_recall([0.9, 0.6, 0.4], [0.55, 0.2], 0.5) == (2 / 3, 2 / 3)


@pytest.mark.parametrize("script", [bench_eval, bench_speed])
def test_scripts_explain_a_bad_question_file(script, tmp_path, capsys):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "q1"}\n', encoding="utf-8")
    assert script.main(["--questions", str(bad)]) == 2
    assert "q.jsonl:1" in capsys.readouterr().err
