"""The development question set is well-formed, and the benchmark helpers compute what they claim.

The question file is checked against the real resolutions in ../shared/corpus (skipped when
absent): every expected paragraph exists there and starts with the recorded opening words,
questions paraphrase rather than copy, and none names a paragraph number (those are lookups).
"""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

import pytest

from benchmarks import eval as bench_eval
from benchmarks import calibrate_compare as bench_calibrate
from benchmarks import speed as bench_speed
from benchmarks.common import (
    ANSWER,
    KIND_STYLES,
    LOOKUP,
    OFFTOPIC,
    QUESTIONS,
    SPLITS,
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
    ref_by_opening,
    scope_texts,
    split_front_matter,
)
from index.refs import mentions_paragraph

MAX_COPIED_WORDS = 5  # a question may share at most this many consecutive words with its answer


BLIND = sorted((QUESTIONS.parent / "blind").glob("blind*.jsonl"))


@pytest.fixture(scope="module")
def questions():
    return load_questions(QUESTIONS)


@pytest.fixture(scope="module", params=[QUESTIONS, *BLIND], ids=lambda path: path.name)
def every_question(request):
    """The question file and each blind set (benchmarks/blind/): the same checks hold for all."""
    return load_questions(request.param)


def test_question_ids_are_unique_across_the_question_file_and_the_blind_sets():
    ids = Counter(q.id for path in [QUESTIONS, *BLIND] for q in load_questions(path))
    assert len(BLIND) >= 6 and [i for i, n in ids.items() if n > 1] == []


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
    assert len(questions) >= 250
    assert kinds[ANSWER] >= 70
    assert kinds[OFFTOPIC] >= 15
    assert kinds[LOOKUP] >= 8
    assert len({q.id for q in questions}) == len(questions)
    styles = Counter(q.style for q in questions)
    assert styles["lay"] >= 60 and styles["near"] >= 40 and styles["unrelated"] >= 15
    assert all(styles[s] >= 20 for s in ("ordinary", "keyword", "oewg"))
    for split in SPLITS:
        docs = Counter(q.targets[0].doc for q in questions if q.kind == ANSWER and q.split == split)
        assert len(docs) >= 30, split
        assert docs["A/RES/80/16"] >= 3, split
    # ids only in messages: the text of test questions is not to be read while tuning
    texts = Counter(q.text.strip().lower() for q in questions)
    assert [q.id for q in questions if texts[q.text.strip().lower()] > 1] == [], "duplicate question text"


def test_every_line_has_a_style_that_fits_its_kind_and_a_split(every_question):
    for q in every_question:
        assert q.split in SPLITS, q.id
        assert q.style in KIND_STYLES[q.kind], q.id


def test_the_question_file_has_both_splits_and_lookups_only_in_dev(questions):
    assert {q.split for q in questions} == set(SPLITS)
    assert all(q.split == "dev" for q in questions if q.kind == LOOKUP)


@pytest.mark.parametrize("path", BLIND, ids=lambda path: path.name)
def test_blind_sets_are_test_splits_only(path):
    assert {q.split for q in load_questions(path)} == {"test"}


def test_off_topic_questions_name_no_paragraph(every_question):
    for q in every_question:
        if q.kind == OFFTOPIC:
            assert q.targets == ()


def test_search_questions_do_not_name_a_paragraph_and_lookups_do(every_question):
    wrong = []
    for q in every_question:
        named = mentions_paragraph(q.text)
        if q.kind == LOOKUP:
            if named is None or named[0] != q.targets[0].doc:
                wrong.append(f"{q.id}: the engine would not treat this as a lookup of {q.targets[0].doc}")
        elif named is not None:
            wrong.append(f"{q.id} names a paragraph; that is a lookup, not search")
    assert wrong == []


@pytest.mark.corpus
def test_every_expected_paragraph_exists_in_the_source(every_question, sources):
    problems = []
    for q in every_question:
        for t in q.targets:
            if t.doc not in sources:
                problems.append(f"{q.id}: {t.doc} is not in the corpus")
                continue
            why = check_target(t, sources[t.doc][2])
            if why:
                problems.append(f"{q.id}: {why}")
    assert problems == []


@pytest.mark.corpus
def test_expected_paragraphs_are_retrieval_units_of_the_project_parser(every_question, resolutions_dir):
    """The engine can only find what its parser produced: each target is a parsed paragraph with that text."""
    from index.parser import parse_file

    paths = corpus_symbols(resolutions_dir)
    parsed: dict[str, dict] = {}
    problems = []
    for q in every_question:
        for t in q.targets:
            if t.doc not in parsed:
                parsed[t.doc] = {(p.scope, p.ref): p for p in parse_file(paths[t.doc]).paragraphs}
            paras = parsed[t.doc]
            refs = expand_ref(t.ref)
            missing = [r for r in refs if (t.scope, r) not in paras]
            if missing:
                problems.append(f"{q.id}: the parser has no {t.doc} {t.scope} {missing}")
            elif t.opening and not normalise(paras[(t.scope, refs[0])].text).startswith(normalise(without_marks(t.opening))):
                fix = ref_by_opening(paras.values(), t.scope, t.opening)
                problems.append(f"{q.id}: parsed {t.doc} {t.scope} {refs[0]} does not start with its opening"
                                + (f" (the paragraph that does is {fix})" if fix else ""))
    assert problems == []


def without_marks(opening: str) -> str:
    """An opening copied from the source with its footnote marks ("invitation[^7] to"), as the parser
    keeps the text: the marks go to the paragraph's footnotes."""
    return re.sub(r"\[\^\d+\]", "", opening)


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split())


@pytest.mark.corpus
def test_answerable_questions_carry_the_opening_words_of_their_paragraphs(every_question):
    short = [q.id for q in every_question if q.kind == ANSWER and not all(len(t.opening.split()) >= 5 for t in q.targets)]
    assert short == []


@pytest.mark.corpus
def test_lay_questions_paraphrase_rather_than_copy_their_paragraph(every_question, sources):
    copied = []
    for q in every_question:
        if q.kind != ANSWER or q.style != "lay":
            continue
        t = q.targets[0]
        text = paragraph_text(sources[t.doc][2][t.scope], t.number) if not t.number.startswith("PP") else ""
        if longest_shared_run(q.text, text or "") > MAX_COPIED_WORDS:
            copied.append(q.id)
    assert copied == [], "these lay every_question copy their paragraph"


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
        '{"split": "dev", "style": "ordinary", "id": "q1", "question": "a?", "doc": "A/RES/80/16", "scope": "main", "ref": "2",'
        ' "alt": [{"doc": "A/RES/80/16", "scope": "main", "ref": "3"}]}',
        "",
        '{"split": "dev", "style": "near", "id": "x1", "question": "b?", "doc": null, "scope": null, "ref": null}',
        '{"split": "dev", "style": "lookup", "id": "l1", "kind": "lookup", "question": "para 3-4 of A/RES/80/16", "doc": "A/RES/80/16", "scope": "main", "ref": "3-4"}',
    ])
    assert [q.kind for q in qs] == [ANSWER, OFFTOPIC, LOOKUP]
    assert [t.ref for t in qs[0].targets] == ["2", "3"]
    assert qs[2].targets[0].ref == "3-4"


@pytest.mark.parametrize("lines, fragment", [
    (['{"split": "dev", "style": "ordinary", "id": "q1", "question": "a"'], "not valid JSON"),
    (['{"split": "dev", "style": "ordinary", "id": "q1", "question": "a", "doc": "A/RES/80/1", "scope": "main", "ref": "1"}'] * 2, "duplicate id"),
    (['{"split": "dev", "style": "ordinary", "id": "q1", "question": "a", "doc": "A/RES/80/1", "ref": "1"}'], "'scope' must be"),
    (['{"question": "a"}'], 'missing "id"'),
    (['{"split": "dev", "style": "ordinary", "id": "q1", "question": " "}'], 'missing "question"'),
    (['{"split": "dev", "style": "ordinary", "id": "q1", "question": "a", "kind": "quiz"}'], "unknown kind"),
    (['[1, 2]'], "JSON object"),
])
def test_malformed_question_lines_get_an_actionable_message(lines, fragment):
    with pytest.raises(QuestionFileError) as err:
        parse_questions(lines, "qs.jsonl")
    assert fragment in str(err.value)
    assert "qs.jsonl:" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("extra, fragment", [
    ('"split": "train", "style": "ordinary"', '"split" must be one of dev, test'),
    ('"style": "ordinary"', '"split" must be one of'),
    ('"split": "dev", "style": "chatty"', '"style" must be one of'),
    ('"split": "dev"', '"style" must be one of'),
    ('"split": "dev", "style": "near"', "does not fit an answerable question"),
])
def test_unknown_or_missing_styles_and_splits_are_refused(extra, fragment):
    line = '{"id": "q1", "question": "a", "doc": "A/RES/80/1", "scope": "main", "ref": "1", ' + extra + "}"
    with pytest.raises(QuestionFileError) as err:
        parse_questions([line], "qs.jsonl")
    assert fragment in str(err.value) and "qs.jsonl:1 (q1)" in str(err.value)


def test_off_topic_and_lookup_styles_must_fit_their_kind():
    with pytest.raises(QuestionFileError, match="does not fit an off-topic question"):
        parse_questions(['{"id": "x1", "split": "dev", "style": "lay", "question": "b?", "doc": null, "scope": null, "ref": null}'])
    with pytest.raises(QuestionFileError, match="does not fit a lookup"):
        parse_questions(['{"id": "l1", "kind": "lookup", "split": "dev", "style": "near", "question": "para 2 of A/RES/80/1",'
                         ' "doc": "A/RES/80/1", "scope": "main", "ref": "2"}'])
    [q] = parse_questions(['{"id": "x1", "split": "test", "style": "unrelated", "question": "b?", "doc": null, "scope": null, "ref": null}'])
    assert (q.kind, q.style, q.split) == (OFFTOPIC, "unrelated", "test")


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


def test_ref_by_opening_finds_the_one_paragraph_that_starts_with_the_opening():
    paras = [SimpleNamespace(scope="main", ref="PP9", parent="", text="Noting the discussions on emerging technologies,"),
             SimpleNamespace(scope="main", ref="PP10", parent="", text="Recalling its resolution 79/1,"),
             SimpleNamespace(scope="main", ref="PP11", parent="", text="Recalling  its resolution 78/2,"),
             SimpleNamespace(scope="annex", ref="1", parent="", text="Noting the discussions again")]
    assert ref_by_opening(paras, "main", "Noting the  discussions on") == "PP9"
    assert ref_by_opening(paras, "annex", "Noting the discussions") == "1"
    assert ref_by_opening(paras, "main", "Recalling its resolution") is None  # two start so: no guess
    assert ref_by_opening(paras, "main", "Decides") is None


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
        """Abstains under 0.5; quotes the hits of 0.5 or more, cites the others."""
        hits = self.search_hits(question, k, mode)
        abstained = not hits or max(h.score for h in hits) < 0.5
        quoted = [self.paras[h.paragraph_id] for h in hits if h.score >= 0.5]
        quotes = [SimpleNamespace(symbol=p.symbol, scope=p.scope, ref=p.ref) for p in quoted]
        return SimpleNamespace(abstained=abstained, quotes=quotes, see_also=[h for h in hits if h.score < 0.5], message="")


def test_evaluate_mode_computes_recall_abstention_and_misses():
    qs = parse_questions([
        '{"split": "dev", "style": "ordinary", "id": "q1", "question": "a", "doc": "D", "scope": "main", "ref": "2"}',
        '{"split": "dev", "style": "ordinary", "id": "q2", "question": "b", "doc": "D", "scope": "main", "ref": "5"}',
        '{"split": "dev", "style": "near", "id": "x1", "question": "c", "doc": null, "scope": null, "ref": null}',
    ])
    engine = FakeEngine({
        "a": [("D", "main", "2(a)", 0.9)],
        "b": [("D", "main", "1", 0.4), ("D", "main", "3", 0.3), ("D", "main", "4", 0.3), ("D", "main", "5", 0.2)],
        "c": [("D", "main", "1", 0.7)],
    })
    outcomes = bench_eval.evaluate_mode(engine, qs, "hybrid")
    assert [o.rank for o in outcomes] == [1, 4, None]
    assert [o.abstained for o in outcomes] == [False, True, False]
    assert [o.top_score for o in outcomes] == [0.9, 0.4, 0.7]
    rows = bench_eval.group_rows(outcomes)
    r = rows["answerable"]
    assert (r["r1"], r["r3"], r["r5"]) == (0.5, 0.5, 1.0)
    assert r["mrr"] == pytest.approx((1 + 1 / 4) / 2)
    assert r["abstained"] == 0.5 and rows["near"]["abstained"] == 0.0
    assert rows["answerable"]["quotes"] == 1.0 and rows["answerable"]["see_also"] == 0.0  # per answer given
    assert rows["answerable"]["quoted_right"] == 1.0
    assert rows["all"]["n"] == 3 and rows["ordinary"]["n"] == 2


def test_misses_are_listed_for_the_split_asked_for_only(capsys):
    mk = lambda i, split: bench_eval.Outcome(i, split, "lay", "answer", rank=None, abstained=True, quotes=0)
    results = {"hybrid": [mk("d1", "dev"), mk("t1", "test")]}
    summary = bench_eval.summary_by_split(results, ("dev", "test"))
    for split, shown, hidden in (("dev", "d1", "t1"), ("test", "t1", "d1")):
        bench_eval.print_report(summary, {}, (1.0, []), results, True, None, {"d1": "dev question", "t1": "test question"}, split)
        out = capsys.readouterr().out
        assert f"({split} only)" in out and f"  {shown} [lay]" in out and f"  {hidden} [lay]" not in out


def test_rows_are_per_style_and_split_and_bars_read_them():
    mk = lambda i, split, style, kind, rank, abst, nq: bench_eval.Outcome(i, split, style, kind, rank=rank, abstained=abst, quotes=nq)
    outs = [mk("a", "dev", "lay", "answer", 1, False, 2), mk("b", "dev", "lay", "answer", None, True, 0),
            mk("c", "test", "ordinary", "answer", 2, False, 1), mk("d", "test", "near", "offtopic", None, True, 0),
            mk("e", "test", "unrelated", "offtopic", None, True, 0)]
    summary = bench_eval.summary_by_split({"hybrid": outs}, ("dev", "test"))
    assert summary["dev"]["hybrid"]["lay"]["r3"] == 0.5 and summary["dev"]["hybrid"]["lay"]["abstained"] == 0.5
    assert "near" not in summary["dev"]["hybrid"] and summary["test"]["hybrid"]["near"]["abstained"] == 1.0
    bars = bench_eval.bar_results(summary["test"]["hybrid"])
    assert bars["R@3 (answerable) >= 0.75"] and bars["near off-topic abstained >= 0.6"]
    assert "R@3 (lay) >= 0.45" not in bars  # no lay question in that split: no verdict
    table = bench_eval.markdown_table(summary)
    assert "| dev | lay | 2 | 0.50 | 0.50 | 0.50 | 0.50 | 0.50 | 2.00 | 0.00 |" in table
    assert "| test | near | 1 | — | — | — | — | 1.00 |" in table


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
    bad.write_text('{"split": "dev", "style": "ordinary", "id": "q1"}\n', encoding="utf-8")
    assert script.main(["--questions", str(bad)]) == 2
    assert "q.jsonl:1" in capsys.readouterr().err


def test_rule_grids_pick_settings_within_the_wrong_abstention_budget():
    R = bench_eval.RuleRow
    rows = [R(True, False, False, 0.70, 2.0, [0.70, 0.69, 0.50], [1.0, 0.95, 0.6], 2),
            R(True, False, False, 0.45, 0.3, [0.45, 0.44], [1.0, 0.99], 1),
            R(False, True, True, 0.80, 3.0), R(False, True, False, 0.50, 0.2), R(False, True, False, 0.28, 0.1)]
    best = bench_eval.grid_abstention(rows, max_wrong=0.0)
    assert best and all(wrong == 0.0 for _, wrong, *_ in best)
    near, _, mc, floor, lc = best[0]
    assert near == 2 / 3  # the strong term and the low cosine; the 0.50 one costs the 0.45 answerable
    quotes = {(ratio, margin): (n, right) for n, right, ratio, margin in bench_eval.grid_quotes(rows)}
    assert quotes[(0.90, 0.03)] == (2.0, 1.0)  # both rows quote their second hit, the right one for row 1
    assert quotes[(0.96, 0.03)] == (1.5, 0.5)  # row 1's second hit is too far: only row 2 quotes two


def test_focus_grid_keeps_the_settings_within_budget_and_ranks_by_near_abstained():
    from index.answering import Calibration

    R = bench_eval.RuleRow
    rows = [R(True, False, False, 0.50, 2.0, coverage=0.9), R(True, False, False, 0.40, 2.0, coverage=0.2),
            R(False, True, False, 0.52, 2.0, coverage=0.0), R(False, True, False, 0.44, 2.0, coverage=0.1)]
    best = bench_eval.grid_focus(rows, Calibration(min_cosine=0.3, lexical_floor=0.0), max_wrong=0.0)
    assert best and all(wrong == 0.0 for _, wrong, *_ in best)
    near, _, fc, fw = best[0]
    assert near == 1.0 and 0.52 < fc and fc - fw * 0.2 <= 0.40  # both near ones, and not the 0.40 answerable


def test_the_grids_exempt_a_question_whose_best_paragraph_holds_its_name_from_the_near_miss_rule():
    R = bench_eval.RuleRow
    named = R(True, False, False, 0.50, 0.1, held=True)  # "What does the GA say about Ukraine?": low BM25, name held
    plain = R(True, False, False, 0.50, 0.1)
    [with_name] = [t for t in bench_eval.grid_abstention([named], max_wrong=0.0) if t[2:] == (0.30, 0.55, 0.60)]
    assert with_name[1] == 0.0  # answered: the held name exempts it
    assert (0.30, 0.55, 0.60) not in [t[2:] for t in bench_eval.grid_abstention([plain], max_wrong=0.0)]
