"""The paragraph-reference grammar and the detection of paragraph names inside questions."""

import pytest

from index.errors import BadReference
from index.refs import (MAX_RANGE, ParsedRef, cites_named, cites_paragraph_pattern, distinctive_name_words, document_by_title,
                        mentions_paragraph, names_by_title, names_more_than_paragraph, normalise_scope,
                        paragraph_of_other_document, parse_ref, parse_refs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", ParsedRef(None, "12")),
        (" 12 ", ParsedRef(None, "12")),
        ("012", ParsedRef(None, "12")),
        ("12(b)", ParsedRef(None, "12", sub=("b",))),
        ("12 (b)", ParsedRef(None, "12", sub=("b",))),
        ("12(B)(ii)", ParsedRef(None, "12", sub=("b", "ii"))),
        ("12b", ParsedRef(None, "12", sub=("b",))),
        ("12-14", ParsedRef(None, "12", end="14")),
        ("12–14", ParsedRef(None, "12", end="14")),
        ("12 to 14", ParsedRef(None, "12", end="14")),
        ("12-12", ParsedRef(None, "12")),
        ("PP3", ParsedRef(None, "PP3")),
        ("pp 3", ParsedRef(None, "PP3")),
        ("preambular paragraph 2", ParsedRef(None, "PP2")),
        ("PP3-PP6", ParsedRef(None, "PP3", "PP6")),
        ("pp 2 to 4", ParsedRef(None, "PP2", "PP4")),
        ("PP3-3", ParsedRef(None, "PP3")),
        ("para 12", ParsedRef(None, "12")),
        ("paragraph 12(a)", ParsedRef(None, "12", sub=("a",))),
        ("¶12", ParsedRef(None, "12")),
        ("annex 5", ParsedRef("annex", "5")),
        ("Annex I 5", ParsedRef("annex I", "5")),
        ("annex i, para 5", ParsedRef("annex I", "5")),
        ("annex II 3-4", ParsedRef("annex II", "3", end="4")),
        ("annex C 2(a)", ParsedRef("annex C", "2", sub=("a",))),
        ("main 4", ParsedRef("main", "4")),
    ],
)
def test_parse_ref_accepts_the_grammar(text, expected):
    assert parse_ref(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "abc", "12(b", "1-", f"1-{MAX_RANGE + 1}", "14-12", "annex I", "annex I PP2", "PP6-PP3", f"PP1-PP{MAX_RANGE + 1}", "x" * 60])
def test_parse_ref_rejects_with_a_hint(text):
    with pytest.raises(BadReference) as info:
        parse_ref(text)
    message = str(info.value)
    assert "Try 12, 12(b), 12-14, PP3" in message
    assert "\n" not in message


def test_display_and_stored_ref():
    assert parse_ref("annex I 5").display() == "annex I 5"
    assert parse_ref("12(b)(ii)").ref == "12(b)(ii)"
    assert parse_ref("12-14").display() == "12-14"
    assert parse_ref("12-14").is_range


def test_normalise_scope():
    assert normalise_scope("ANNEX i") == "annex I"
    assert normalise_scope("Annex") == "annex"
    assert normalise_scope("body") == "main"


NAMES = {"final-report": "A/80/257", "final report": "A/80/257", "a/res/80/16": "A/RES/80/16"}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What does paragraph 12 say?", (None, "12")),
        ("para 12(b) of A/RES/80/16", ("A/RES/80/16", "12(b)")),
        ("Show me paragraphs 3-5 of the final report", ("A/80/257", "3-5")),
        ("what is in annex I paragraph 5 of the final report", ("A/80/257", "annex I 5")),
        ("tell me PP2 of A/RES/80/16", ("A/RES/80/16", "PP2")),
        ("quote ¶7", (None, "7")),
    ],
)
def test_mentions_paragraph_finds_named_paragraphs(question, expected):
    assert mentions_paragraph(question, NAMES) == expected


@pytest.mark.parametrize(
    "question",
    ["what does the report say about ransomware?", "Which paragraph covers capacity-building?", "resolution 75/240 established the group", "in 2025 the group met 11 times"],
)
def test_mentions_paragraph_ignores_ordinary_questions(question):
    assert mentions_paragraph(question, NAMES) is None


@pytest.mark.parametrize("question, expected", [
    ("What does paragraph 4 of resolution 75/240 say?", ("A/RES/75/240", "4")),  # told it is not indexed
    ("paragraph 2 of res. 80/16", ("A/RES/80/16", "2")),
    ("What does paragraph 12 of the report say?", (None, "12")),
    ("What does paragraph 12 of the Report say about stakeholders?", (None, "12")),
    ("paragraph 3 in annex I", (None, "annex I 3")),
    ("paragraph 5 of the annex to resolution 80/16", ("A/RES/80/16", "annex 5")),
    ("What does paragraph 7 of OEWG say?", (None, "7")),
])
def test_a_resolution_number_names_its_document_and_generic_names_the_default(question, expected):
    assert mentions_paragraph(question, NAMES) == expected


@pytest.mark.parametrize("question", [
    "What does paragraph 58 of the SSOD-I Final Document call for?",
    "What does paragraph 4 of the Charter say?",
    "Which resolutions recall paragraph 76 of the Final Document?",
])
def test_a_paragraph_of_a_document_named_otherwise_is_searched_not_looked_up(question):
    """Not paragraph 58 of the default document: the documents may quote the one named."""
    assert mentions_paragraph(question, NAMES) is None


@pytest.mark.parametrize("question, more", [
    ("Register GGE paragraph 129 recommendations", True),
    ("paragraph 76 SSOD-I Final Document", True),
    ("GGE paragraph 129", True),
    ("What does paragraph 12 say?", False),
    ("Can I see paragraph 12?", False),
    ("Show me paragraphs 3-5", False),
    ("quote ¶7", False),
])
def test_a_query_naming_more_than_a_paragraph_is_told_apart(question, more):
    assert names_more_than_paragraph(question) is more


# ---- exact messages and boundaries (each kills mutants recorded in benchmarks/MUTATION.md) -------

HINT = "Try 12, 12(b), 12-14, PP3 or 'annex I 5'."


@pytest.mark.parametrize("text, why", [
    ("", " (it is empty)"),
    ("14-12", " (the range runs backwards)"),
    ("PP6-PP3", " (the range runs backwards)"),
    (f"1-{MAX_RANGE + 1}", f" (ranges are limited to {MAX_RANGE} paragraphs)"),
    (f"PP2-PP{MAX_RANGE + 2}", f" (ranges are limited to {MAX_RANGE} paragraphs)"),
    ("annex I PP2", " (preambular paragraphs belong to the main text)"),
    ("12(a)(i)(a)(b)", " (too many sub-paragraph levels)"),
    ("abc", ""),
])
def test_bad_references_say_exactly_what_was_typed_and_why(text, why):
    with pytest.raises(BadReference) as info:
        parse_ref(text)
    assert str(info.value) == f"'{text}' is not a paragraph reference{why}. {HINT}"
    assert info.value.ref == text


def test_a_too_long_reference_is_cut_at_40_characters_in_the_message():
    longest = "appendix XXIV, paragraphs 12345 to 12350"  # exactly 40 characters: still read
    assert len(longest) == 40 and parse_ref(longest) == ParsedRef("appendix XXIV", "12345", end="12350")
    too_long = "appendix XXXIV, paragraphs 12345 to 12350"
    with pytest.raises(BadReference) as info:
        parse_ref(too_long)
    assert str(info.value) == f"'{too_long[:40]}…' is not a paragraph reference (too long). {HINT}"


def test_range_width_is_counted_inclusively():
    assert parse_ref(f"1-{MAX_RANGE}") == ParsedRef(None, "1", end=str(MAX_RANGE))  # 30 paragraphs: allowed
    assert parse_ref(f"5-{MAX_RANGE + 4}").end == str(MAX_RANGE + 4)
    assert parse_ref("20-25").end == "25"  # the width, not the sum, is limited
    assert parse_ref(f"PP1-PP{MAX_RANGE}").end == f"PP{MAX_RANGE}"


def test_three_sub_paragraph_levels_are_allowed():
    assert parse_ref("12(a)(i)(a)") == ParsedRef(None, "12", sub=("a", "i", "a"))


def test_dashes_scopes_and_short_forms():
    assert parse_ref("12—14") == ParsedRef(None, "12", end="14")  # em dash
    assert parse_ref("main PP2") == ParsedRef("main", "PP2")
    assert parse_ref("annex I 12b") == ParsedRef("annex I", "12", sub=("b",))
    assert ParsedRef("main", "4").display() == "4" and ParsedRef("annex I", "4", end="6").display() == "annex I 4-6"
    assert [normalise_scope(s) for s in ("main", "report", "Body", "", "   ", "Main text")] == ["main"] * 6


def test_preambular_refs_are_told_apart():
    from index.refs import is_preambular

    assert is_preambular("PP3") and not is_preambular("3") and not is_preambular("3(a)") and not is_preambular("annex 3")


@pytest.mark.parametrize("question, names, expected", [
    ("what does paragraph 3 of A/RES/80/55 say", NAMES, ("A/RES/80/55", "3")),  # a symbol not in the names
    ("quote paragraph 2 of A/RES/80/16.", NAMES, ("A/RES/80/16", "2")),  # the full stop is not the symbol's
    ("paragraph 2 of alpha zeta", {"zeta": "A/1", "alpha zeta": "A/2"}, ("A/2", "2")),  # the longest name wins
    ("paragraph 4 of the apr", {"apr": "A/79/214"}, ("A/79/214", "4")),  # names of three letters count
    ("paragraph 4 of the ab", {"ab": "A/1"}, (None, "4")),  # shorter ones do not
    ("preambular paragraph 3 of A/RES/80/16", NAMES, ("A/RES/80/16", "PP3")),
    ("what do paragraphs 3 - 5 of A/RES/80/16 say", NAMES, ("A/RES/80/16", "3 - 5")),
    ("what does paragraph\n12 say", NAMES, (None, "12")),
    ("what does paragraph 123456 say", NAMES, (None, "123456")),  # every digit, for parse_ref to judge
])
def test_mentions_paragraph_details(question, names, expected):
    assert mentions_paragraph(question, names) == expected


@pytest.mark.parametrize("question, expected", [
    ("annex I 5", (None, "annex I 5")),
    ("annex 3", (None, "annex 3")),
    ("Annex I 5?", (None, "Annex I 5")),
    ("main 2", (None, "main 2")),
    ("annex I 5 of the final report", ("A/80/257", "annex I 5")),
    ("A/RES/80/16 annex 3", ("A/RES/80/16", "annex 3")),
])
def test_a_bare_reference_with_a_scope_is_a_lookup(question, expected):
    assert mentions_paragraph(question, NAMES) == expected


@pytest.mark.parametrize("question", ["12", "annex I", "what is annex I 5 about", "annexes of the final report", "annex I 5 is about what?"])
def test_a_scope_inside_a_question_or_without_a_number_is_not_a_bare_reference(question):
    assert mentions_paragraph(question, NAMES) is None


@pytest.mark.parametrize("question, expected", [
    ("What does OP2 of A/RES/80/16 say?", ("A/RES/80/16", "2")),
    ("op 3(b) of A/RES/80/16", ("A/RES/80/16", "3(b)")),
    ("the third preambular paragraph of A/RES/80/16", ("A/RES/80/16", "PP3")),
    ("3rd preambular paragraph of A/RES/80/16", ("A/RES/80/16", "PP3")),
    ("the twenty-first preambular paragraph of A/RES/80/16", ("A/RES/80/16", "PP21")),
    ("What does the second operative paragraph of the final report say?", ("A/80/257", "2")),
    ("what does the second paragraph of A/RES/80/46 say", ("A/RES/80/46", "2")),
    ("the third paragraph of the preamble of A/RES/80/16", ("A/RES/80/16", "PP3")),
    ("the third operative paragraph of the preamble of A/RES/80/16", ("A/RES/80/16", "3")),
])
def test_delegates_shorthand_and_ordinals_name_the_paragraph(question, expected):
    assert mentions_paragraph(question, NAMES) == expected


@pytest.mark.parametrize("question", ["What is the OPCW?", "the first special session paragraph", "Was the op-ed right?"])
def test_words_like_the_shorthand_are_not_references(question):
    assert mentions_paragraph(question, NAMES) is None


@pytest.mark.parametrize("question, expected", [
    ("What does paragraph 58 of the SSOD-I Final Document call for?", ("58", "SSOD-I Final Document")),
    ("operative paragraph 2 of the Arms Trade Treaty resolution", ("2", "Arms Trade Treaty resolution")),
    ("paragraph 2 of the cluster munitions resolution, please", ("2", "cluster munitions resolution")),
    ("paragraph 1 of the resolution on the Bamako Convention", ("1", "Bamako Convention resolution")),
    ("What does paragraph 12 of the report say?", None),
    ("What does paragraph 12 of the resolution say?", None),
    ("What does paragraph 12 say?", None),
])
def test_a_paragraph_of_a_document_named_by_a_name_of_its_own(question, expected):
    assert paragraph_of_other_document(question) == expected


TITLES = {"A/RES/80/46": "The Arms Trade Treaty", "A/RES/80/2": "Scale of assessments: requests under Article 19 of the Charter",
          "A/RES/80/3": "Awaza Political Declaration of the Third United Nations Conference on Landlocked Developing Countries",
          "A/RES/80/7": "Arms trade transparency", "A/RES/80/8": "Arms trade transparency and reporting"}


def test_a_title_names_the_document_it_alone_matches_best():
    assert document_by_title("Arms Trade Treaty resolution", TITLES) == "A/RES/80/46"  # "treaty" only there
    assert document_by_title("arms trade transparency resolution", TITLES) == "A/RES/80/7"  # covers more of the shorter title
    assert document_by_title("arms trade resolution", TITLES) is None  # two titles, each two words of three
    assert document_by_title("Awaza Political Declaration", TITLES) == "A/RES/80/3"
    assert document_by_title("weather resolution", TITLES) is None and document_by_title("the resolution", TITLES) is None
    assert document_by_title("trade", {"A": "Arms trade", "B": "Drug trade"}) is None  # a tie names neither
    assert [names_by_title(n) for n in ("Arms Trade Treaty resolution", "Awaza Political Declaration", "SSOD-I Final Document")] == \
        ["main", "annex", None]


def test_a_citation_counts_only_with_the_cited_documents_name_after_it():
    citing = cites_paragraph_pattern("58")
    ssod = distinctive_name_words("SSOD-I Final Document Tenth Special Session of the General Assembly")
    assert cites_named("Recalling paragraph 58 of the Final Document of the Tenth Special Session", citing, ssod)
    assert cites_named("Recalling paragraphs 57 and 58 of the Final Document of the Tenth Special Session", citing, ssod)
    assert not cites_named("in accordance with paragraph 58 of resolution 46/30", citing, ssod)
    assert not cites_named("Recalling paragraph 158 of the Final Document of the Tenth Special Session", citing, ssod)
    assert cites_paragraph_pattern("12(b)") is not None and cites_paragraph_pattern("PP3") is None
    assert "final" not in ssod and "document" not in ssod and "tenth" in ssod


@pytest.mark.parametrize("text, expected", [
    ("12", [("12", None)]),
    ("3, 5 and 7", [("3", None), ("5", None), ("7", None)]),
    ("3-5, 9", [("3-5", None), ("9", None)]),
    ("annex I 2 and 4", [("annex I 2", "annex I"), ("annex I 4", "annex I")]),
    ("PP2, 4", [("PP2", None), ("PP4", None)]),
    ("5(a)-(c)", [("5(a)", None), ("5(b)", None), ("5(c)", None)]),
    ("5(a) to (c)", [("5(a)", None), ("5(b)", None), ("5(c)", None)]),
    ("12(i)-(iv)", [("12(i)", None), ("12(ii)", None), ("12(iii)", None), ("12(iv)", None)]),
    ("2(h)-(j)", [("2(h)", None), ("2(i)", None), ("2(j)", None)]),
    ("5(a) and (c)", [("5(a)", None), ("5(c)", None)]),
    ("4; 6 & 8", [("4", None), ("6", None), ("8", None)]),
])
def test_parse_refs_reads_lists_and_sub_paragraph_ranges(text, expected):
    got = parse_refs(text)
    assert [(r.display() if not r.sub else (f"{r.scope} {r.ref}" if r.scope else r.ref), r.scope) for r in got] == expected


@pytest.mark.parametrize("text, why", [
    ("5(c)-(a)", "runs backwards"), ("3, x", "'x'"), ("1-20, 30-45", f"limited to {MAX_RANGE}"), ("5(a)-(cc)", "letter to letter"),
])
def test_parse_refs_rejects_a_bad_item_or_too_long_a_list(text, why):
    with pytest.raises(BadReference) as err:
        parse_refs(text)
    assert why in str(err.value)


@pytest.mark.parametrize("question, expected", [
    ("What do paragraphs 3 and 5 of A/RES/80/16 say?", ("A/RES/80/16", "3 and 5")),
    ("paragraphs 2, 4 and 6 of A/RES/80/16", ("A/RES/80/16", "2, 4 and 6")),
    ("paragraphs 5(a)-(c) of A/RES/80/15", ("A/RES/80/15", "5(a)-(c)")),
    ("paragraph 5(a) and (b) of A/RES/80/15", ("A/RES/80/15", "5(a) and (b)")),
    ("paragraph 3 and the annex of A/RES/80/16", ("A/RES/80/16", "3")),
])
def test_mentions_paragraph_keeps_a_list_of_paragraphs_whole(question, expected):
    assert mentions_paragraph(question, NAMES) == expected
