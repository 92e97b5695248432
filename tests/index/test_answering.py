"""Specific terms of a question, and the answer decisions: abstain (and why), quote, cite."""

from __future__ import annotations

import pytest

from index.answering import (
    NEAR_MISS,
    NOTHING_ANSWERS,
    Calibration,
    Candidate,
    Focus,
    choose_quotes,
    decide,
    focus_message,
    stops_answer,
    typed_first,
)
from index.engine import latest_year
from index.specific_terms import (
    EVERYDAY,
    RARE,
    UNCOMMON,
    Term,
    is_demonym,
    is_rare_term,
    is_rare_word,
    mentions_message,
    name_df,
    name_forms,
    question_terms,
    term_rarity,
    unknown_terms,
    word_forms,
)

DF = {"security": 40, "council": 37, "permanent": 6, "members": 50, "limiting": 2, "myanmar": 1,
      "human": 60, "situation": 18, "convention": 200, "cluster": 9, "munitions": 30, "ghana": 1, "treaty": 100, "signed": 20, "ban": 12, "refugees": 9}
VOCAB = frozenset("veto taiwan the security council what does say about nigeria milan scatter visit outlaw penalize bomb".split())


def df(word: str) -> int:
    return DF.get(word.lower(), 0)


def test_names_acronyms_and_rare_words_are_specific_but_question_and_everyday_words_are_not():
    terms = question_terms("What does the General Assembly say about limiting the use of the veto by the "
                           "permanent members of the Security Council?", df)
    assert [(t.text, t.kind) for t in terms] == [("limiting", "word"), ("veto", "word"), ("Security Council", "name")]
    assert [t.text for t in unknown_terms(terms)] == ["veto"]


def test_names_join_capitalised_words_but_stop_at_punctuation_and_skip_their_generic_words():
    terms = question_terms("Does the UN support the treaty that Nigeria, Senegal and Ghana signed?", df)
    assert [t.text for t in terms] == ["Nigeria", "Senegal", "Ghana"]
    [t] = question_terms("What does the General Assembly say about the Minamata Convention?", df)
    assert (t.text, t.words, t.known) == ("Minamata Convention", ("minamata",), False)  # "Convention" is known, not decisive
    [t] = question_terms("Rohingya refugees in Western Sahara", df)[-1:]
    assert t.text == "Western Sahara" and not t.known
    assert [t.kind for t in question_terms("AUKUS and Youth4Disarmament", df)] == ["acronym", "coined"]
    assert question_terms("Is the UN's work on it new?", df) == []  # UN is everyday vocabulary


def test_a_term_the_thesaurus_maps_to_indexed_wording_is_known():
    q = "Does the UN ban nukes?"
    start = q.index("nukes")
    [t] = question_terms(q, df, lambda a, b: a == start)
    assert t.mapped and t.known and unknown_terms([t]) == []


def test_rare_in_english_means_the_models_vocabulary_splits_every_form_of_the_word():
    assert "outlaw" in word_forms("outlawing") and "penalize" in word_forms("penalising") and "visit" in word_forms("revisit")
    assert not is_rare_word("outlawing", VOCAB) and not is_rare_word("penalising", VOCAB) and not is_rare_word("revisit", VOCAB)
    assert is_rare_word("rohingya", VOCAB) and is_rare_word("snapback", VOCAB)
    veto = Term("veto", ("veto",), "word", 0)
    assert not is_rare_term(veto, VOCAB) and is_rare_term(Term("AUKUS", ("aukus",), "acronym", 0), VOCAB)
    assert is_rare_term(Term("AUKUS", ("aukus",), "acronym", 0), frozenset())  # no vocabulary: acronyms only
    assert not is_rare_term(veto, frozenset())


def test_a_year_no_paragraph_holds_is_a_term_and_decides_only_after_the_newest_document():
    years = {"2026": 3, "1968": 1}
    terms = question_terms("Security Council plans since 1945: by 2050, for 2026-2027, in resolution 80/2019?",
                           lambda w: years.get(w, df(w)))
    assert [(t.text, t.kind, t.known) for t in terms if t.kind == "year"] == [("1945", "year", False), ("2050", "year", False),
                                                                            ("2027", "year", False)]
    by_text = {t.text: t for t in terms}
    assert is_rare_term(by_text["2050"], VOCAB, 2025) and is_rare_term(by_text["2027"], VOCAB, 2025)
    assert not is_rare_term(by_text["1945"], VOCAB, 2025)  # an earlier year: the documents may name the treaty instead
    assert not is_rare_term(by_text["2050"], VOCAB, None)  # documents without dates: no year decides
    d = decide([cand(1, 0.9, 1.0)], terms, CAL, lambda t: is_rare_term(t, VOCAB, 2025))
    assert d.abstained and d.message == "None of the indexed documents mentions 2050 or 2027."


def test_the_newest_document_s_year_comes_from_the_dates_that_have_one():
    assert latest_year(["2025-12-05", None, "", "2024-01-01"]) == 2025
    assert latest_year([None, "undated"]) is None


def test_the_message_names_what_the_documents_do_not_mention():
    assert mentions_message([Term("veto", ("veto",), "word", 0)]) == "None of the indexed documents mentions “veto”."
    assert mentions_message([Term("Rohingya", ("rohingya",), "name", 0), Term("Rakhine", ("rakhine",), "name", 0)]) == \
        "None of the indexed documents mentions Rohingya or Rakhine."
    three = [Term(w, (w,), "word", 0) for w in ("a", "b", "c")]
    assert mentions_message(three) == "None of the indexed documents mentions “a”, “b” or “c”."


def rare(term: Term) -> bool:
    return is_rare_term(term, VOCAB)


CAL = Calibration(min_cosine=0.30, lexical_floor=0.55, lexical_cosine=0.60, quote_ratio=0.85, quote_margin=0.08, max_quotes=3)


def cand(key, cos, fused, lex=1.0):
    return Candidate(key, cos, fused, cos, lex)


def test_a_rare_unknown_term_abstains_whatever_the_scores():
    terms = [Term("AUKUS", ("aukus",), "acronym", 0)]
    d = decide([cand(1, 0.9, 1.0)], terms, CAL, rare)
    assert d.abstained and d.message == "None of the indexed documents mentions AUKUS." and d.quotes == ()


def test_a_common_unknown_word_alone_does_not_abstain_but_names_itself_when_the_scores_do():
    veto = [Term("veto", ("veto",), "word", 0)]
    assert not decide([cand(1, 0.55, 1.0, lex=2.0)], veto, CAL, rare).abstained
    low = decide([cand(1, 0.25, 1.0, lex=2.0)], veto, CAL, rare)
    assert low.abstained and low.message == "None of the indexed documents mentions “veto”."
    near = decide([cand(1, 0.5, 1.0, lex=0.3)], veto, CAL, rare)
    assert near.abstained and "veto" in near.message


def test_low_cosine_or_a_near_miss_abstains_with_the_plain_reasons():
    assert decide([cand(1, 0.29, 1.0)], [], CAL, rare).message == NOTHING_ANSWERS
    assert decide([cand(1, 0.59, 1.0, lex=0.5)], [], CAL, rare).message == NEAR_MISS
    assert not decide([cand(1, 0.61, 1.0, lex=0.5)], [], CAL, rare).abstained  # close in meaning: answer
    assert not decide([cand(1, 0.45, 1.0, lex=0.6)], [], CAL, rare).abstained  # shares wording: answer
    assert decide([], [], CAL, rare).message == NOTHING_ANSWERS
    assert not decide([cand(1, 0.1, 1.0)], [], CAL, rare, check_cosine=False).abstained  # BM25 alone: no cosine test


def test_quotes_are_the_best_and_those_close_to_it_the_rest_are_cited():
    cands = [cand("a", 0.70, 1.00), cand("b", 0.66, 0.90), cand("c", 0.55, 0.95), cand("d", 0.69, 0.80), cand("e", 0.68, 0.88)]
    quotes, see_also = choose_quotes(cands, CAL)
    assert quotes == ("a", "b", "e")  # c is too far in cosine, d in fused score
    assert see_also == ("c", "d")
    quotes, _ = choose_quotes(cands, Calibration(quote_ratio=0.85, quote_margin=0.08, max_quotes=2))
    assert quotes == ("a", "b")
    assert choose_quotes([], CAL) == ((), ())
    d = decide(cands, [], CAL, rare)
    assert not d.abstained and d.quotes == ("a", "b", "e") and d.see_also == ("c", "d")


@pytest.mark.parametrize("cos", [0.3, 0.5])
def test_a_further_quote_needs_the_minimum_cosine_too(cos):
    quotes, see_also = choose_quotes([cand("a", cos, 1.0), cand("b", cos - 0.01, 1.0)], Calibration(min_cosine=0.4))
    assert quotes == (("a", "b") if cos - 0.01 >= 0.4 else ("a",))


def test_the_less_of_the_questions_focus_the_best_paragraph_covers_the_higher_the_cosine_must_be():
    cal = Calibration(min_cosine=0.30, lexical_floor=0.0, focus_cosine=0.54, focus_weight=0.8)
    none = Focus(0.0, ("enlarged", "seats"), "Report of the International Criminal Court")
    d = decide([cand(1, 0.50, 1.0, lex=2.0)], [], cal, rare, focus=none)
    assert d.abstained and d.quotes == ()
    assert d.message == ("The nearest paragraphs, in “Report of the International Criminal Court”, do not mention “enlarged”, "
                         "so none is quoted. Try other words, or look a paragraph up by number with /para.")
    assert not decide([cand(1, 0.55, 1.0, lex=2.0)], [], cal, rare, focus=none).abstained  # close enough in meaning
    third = Focus(1 / 3, ("enlarged",), "x")
    assert not decide([cand(1, 0.31, 1.0, lex=2.0)], [], cal, rare, focus=third).abstained  # 0.54 - 0.8/3 < 0.31
    assert decide([cand(1, 0.27, 1.0, lex=2.0)], [], cal, rare, focus=third).abstained
    assert not decide([cand(1, 0.40, 1.0, lex=2.0)], [], cal, rare).abstained  # no focus given: not checked
    assert not decide([cand(1, 0.1, 1.0)], [], cal, rare, check_cosine=False, focus=none).abstained  # BM25 alone
    unreachable = Calibration(lexical_floor=0.0, focus_cosine=2.0, focus_weight=0.0)
    assert decide([cand(1, 0.9, 1.0)], [], unreachable, rare, focus=none).abstained
    assert not decide([cand(1, 0.9, 1.0)], [], unreachable, rare, check_cosine=False, focus=none).abstained


def test_an_unknown_term_is_named_before_the_focus_reason():
    veto = [Term("veto", ("veto",), "word", 0)]
    cal = Calibration(lexical_floor=0.0)
    d = decide([cand(1, 0.45, 1.0, lex=2.0)], veto, cal, rare, focus=Focus(0.0, ("limiting",), "Nuclear disarmament"))
    assert d.abstained and d.message == "None of the indexed documents mentions “veto”."
    assert focus_message(Focus(0.2)) == ("The nearest paragraphs do not cover what the question is about, so none is quoted. "
                                         "Try other words, or look a paragraph up by number with /para.")


def test_a_name_the_index_lacks_abstains_unless_a_list_joins_it_to_a_known_name_or_it_is_a_nationality():
    [taiwan] = question_terms("What is the General Assembly's position on the security situation of Taiwan?", df)[-1:]
    assert taiwan.kind == "name" and not taiwan.known and not is_rare_word("taiwan", VOCAB)  # a whole word of the model…
    assert is_rare_term(taiwan, VOCAB)  # … but a name the documents would use
    d = decide([cand(1, 0.9, 1.0)], [taiwan], CAL, rare)
    assert d.abstained and d.message == "None of the indexed documents mentions Taiwan."
    listed = question_terms("Does the UN support the treaty that Nigeria, Senegal and Ghana signed?", df)
    assert [(t.text, t.listed) for t in listed] == [("Nigeria", True), ("Senegal", True), ("Ghana", False)]
    assert not any(rare(t) for t in listed if not t.known) and not decide([cand(1, 0.6, 1.0)], listed, CAL, rare).abstained
    alone = question_terms("Nigeria, Senegal or Mali?", df)
    assert [t.listed for t in alone] == [False, False, False] and all(rare(t) for t in alone)  # no known name in the list
    [japanese] = [t for t in question_terms("Does the UN mention the Japanese atomic bomb survivors?", df) if t.kind == "name"]
    assert is_demonym(japanese) and not rare(japanese)
    assert not is_demonym(taiwan) and not is_demonym(Term("Caspian Sea", ("caspian",), "name", 0))


def test_an_acronym_joined_to_a_word_is_the_acronym_then_the_word():
    q = "What did ECOSOC-accredited organizations get?"
    terms = question_terms(q, df, lambda a, b: (a, b) == (q.index("ECOSOC"), q.index("ECOSOC") + 6))
    assert [(t.text, t.kind, t.known) for t in terms] == [("ECOSOC", "acronym", True), ("accredited", "word", False)]
    [t] = question_terms("the Non-Proliferation Treaty", df)  # a name in parts is not split
    assert t.text == "Non-Proliferation Treaty"


def test_a_name_with_accents_or_another_script_s_letters_is_one_term():
    terms = question_terms("Does it mention Curaçao, Türkiye or Genève?", df)
    assert [(t.text, t.kind) for t in terms] == [("Curaçao", "name"), ("Türkiye", "name"), ("Genève", "name")]


def test_the_thesaurus_makes_a_place_s_other_name_known():
    q = "Does the UN want the American blockade on Havana lifted?"
    spans = {(q.index("Havana"), q.index("Havana") + 6)}
    terms = question_terms(q, df, lambda a, b: (a, b) in spans)
    assert {t.text: t.known for t in terms if t.kind == "name"} == {"American": False, "Havana": True}


def test_a_question_asking_for_an_amount_or_a_person_needs_a_candidate_that_states_one():
    bare = [cand(1, 0.8, 1.0), cand(2, 0.78, 0.95)]
    d = decide(bare, [], CAL, rare, asks="amount")
    assert d.abstained and d.message.startswith("None of the paragraphs found gives the amount asked for")
    assert decide(bare, [], CAL, rare, asks="person").message.startswith("None of the paragraphs found names who holds that post")
    stated = [cand(1, 0.8, 1.0), Candidate(2, 0.78, 0.95, 0.78, 1.0, frozenset({"amount"}))]
    d = decide(stated, [], CAL, rare, asks="amount")
    assert not d.abstained and d.quotes == (2, 1)  # the one that states a sum is quoted first
    assert decide(stated, [], CAL, rare, asks="person").abstained  # an amount does not say who
    far = [cand(1, 0.8, 1.0), cand(2, 0.79, 0.97), Candidate(3, 0.81, 0.6, 0.81, 1.0, frozenset({"count"}))]
    d = decide(far, [], CAL, rare, asks="count")  # the paragraph with the number ranks too low to be quoted by score
    assert not d.abstained and d.quotes[0] == 3 and 3 not in d.see_also and set(d.quotes) | set(d.see_also) == {1, 2, 3}
    assert decide(bare, [], CAL, rare, asks="count").message.startswith("None of the paragraphs found gives the number asked for")
    assert not decide(bare, [], CAL, rare).abstained  # asks nothing in particular: any paragraph on the topic


def test_a_question_asking_how_states_voted_needs_a_candidate_that_records_a_vote():
    bare = [cand(1, 0.8, 1.0), cand(2, 0.78, 0.95)]
    d = decide(bare, [], CAL, rare, asks="vote")
    assert d.abstained and d.message.startswith("None of the paragraphs found records how States voted or who sponsored")
    voted = [cand(1, 0.8, 1.0), Candidate(2, 0.78, 0.95, 0.78, 1.0, frozenset({"vote"}))]
    d = decide(voted, [], CAL, rare, asks="vote")
    assert not d.abstained and d.quotes == (2, 1)


def test_a_numbered_meeting_no_candidate_holds_the_ordinal_of_abstains_and_names_it():
    third = [Candidate(1, 0.8, 1.0, 0.8, 1.0, ordinals=frozenset())]
    d = decide(third, [], CAL, rare, events=[("fourth", "fourth Meeting")])
    assert d.abstained and d.message.startswith("None of the paragraphs found is about the fourth Meeting:")
    fourth = third + [Candidate(2, 0.75, 0.95, 0.75, 1.0, ordinals=frozenset({"fourth"}))]
    assert not decide(fourth, [], CAL, rare, events=[("fourth", "fourth Meeting")]).abstained
    assert not decide(third, [], CAL, rare).abstained  # no numbered event asked about


def test_candidates_that_give_what_is_asked_come_first_in_their_order():
    plain = [cand(1, 0.8, 1.0), cand(3, 0.7, 0.8)]
    counted = [Candidate(2, 0.75, 0.9, 0.75, 1.0, frozenset({"count"})), Candidate(4, 0.6, 0.7, 0.6, 1.0, frozenset({"count"}))]
    ranked = [plain[0], counted[0], plain[1], counted[1]]
    assert [c.key for c in typed_first(ranked, "count")] == [2, 4, 1, 3]
    assert [c.key for c in typed_first(ranked, None)] == [1, 2, 3, 4]
    assert [c.key for c in typed_first(ranked, "amount")] == [1, 2, 3, 4]  # none gives one: the order stays
    d = decide(ranked, [], CAL, rare, asks="count")
    assert not d.abstained and d.quotes[0] == 2  # quoted first; the abstention rules judged the best-ranked one


def test_a_thesaurus_term_is_known_only_when_the_index_holds_all_of_its_wording():
    from index.engine import _mapped_by, held_wording
    from index.thesaurus import Entry, Thesaurus

    held = {"republic": 40, "islamic": 2, "nuclear": 90, "weapons": 80, "cuba": 5}.get
    df = lambda w: held(w.lower(), 0)  # noqa: E731  (as the index counts words: in lower case)
    assert held_wording("nuclear weapons", df) and held_wording("Cuba", df)
    assert not held_wording("Islamic Republic of Iran", df)  # "iran" is in no paragraph
    assert not held_wording("of the", df)  # nothing but linking words holds nothing
    th = Thesaurus([Entry(("Iran",), ("Islamic Republic of Iran",)), Entry(("nukes",), ("nuclear weapons",))])
    q = "Do nukes worry Iran?"
    mapped = _mapped_by(th.expand(q), df)
    assert mapped(q.index("nukes"), q.index("nukes") + 5) and not mapped(q.index("Iran"), q.index("Iran") + 4)
    [iran] = [t for t in question_terms(q, df, mapped) if t.text == "Iran"]
    assert not iran.known and rare(iran)  # so the answer is "None of the indexed documents mentions Iran."


def test_a_best_paragraph_holding_a_name_the_question_asks_about_is_no_near_miss():
    low_wording = [cand(1, 0.52, 1.0, lex=0.49)]  # one rare name scores low in BM25
    assert decide(low_wording, [], CAL, rare, focus=Focus(1.0)).message == NEAR_MISS
    assert not decide(low_wording, [], CAL, rare, focus=Focus(1.0, names_held=True)).abstained
    assert decide([cand(1, 0.25, 1.0, lex=0.49)], [], CAL, rare, focus=Focus(1.0, names_held=True)).abstained  # still too far
    weather = [Term("weather", ("weather",), "word", 0), Term("tomorrow", ("tomorrow",), "word", 0)]
    assert decide(low_wording, weather, CAL, rare, focus=Focus(1.0, names_held=True)).abstained  # "in Geneva tomorrow"


ZIPF = {"watchdog": 3.2, "leftover": 3.4, "snapback": 1.5, "deratification": 0.0, "veto": 3.9, "rulebook": 2.7}


def zipf(word: str) -> float:
    return ZIPF.get(word, 0.0)


def test_a_word_the_model_splits_is_rare_only_when_english_rarely_uses_it_either():
    word = lambda w: Term(w, (w,), "word", 0)  # noqa: E731
    assert term_rarity(word("snapback"), VOCAB, None, zipf) == RARE
    assert term_rarity(word("watchdog"), VOCAB, None, zipf) == UNCOMMON  # split by the tokenizer, common in English
    assert term_rarity(word("leftover"), VOCAB, None, zipf) == UNCOMMON
    assert term_rarity(word("rulebook"), VOCAB, None, zipf) == RARE  # under RARE_ZIPF (2.8)
    assert term_rarity(word("veto"), VOCAB, None, zipf) == ""  # the vocabulary holds it whole
    assert term_rarity(word("watchdog"), VOCAB) == RARE  # no frequencies: the vocabulary alone decides
    assert term_rarity(Term("GSTE", ("gste",), "acronym", 0), VOCAB, None, lambda w: 9.0) == RARE  # an acronym never weighs less
    assert is_rare_term(word("snapback"), VOCAB, None, zipf) and not is_rare_term(word("watchdog"), VOCAB, None, zipf)


def test_an_uncommon_word_abstains_only_when_no_paragraph_matches_the_question_well():
    watchdog = [Term("watchdog", ("watchdog",), "word", 0)]
    uncommon = lambda t: UNCOMMON  # noqa: E731
    assert stops_answer(UNCOMMON, CAL.uncommon_cosine - 0.01, CAL) and not stops_answer(UNCOMMON, CAL.uncommon_cosine, CAL)
    assert stops_answer(RARE, 0.99, CAL) and stops_answer(True, 0.99, CAL) and not stops_answer("", 0.0, CAL)
    assert not decide([cand(1, 0.7, 1.0, lex=2.0)], watchdog, CAL, uncommon).abstained
    low = decide([cand(1, 0.5, 1.0, lex=2.0)], watchdog, CAL, uncommon)
    assert low.abstained and low.message == "None of the indexed documents mentions “watchdog”."


def test_contractions_are_stop_words_and_a_decade_is_a_year():
    texts = [t.text for t in question_terms("Must countries stick to the deals they've signed, as we’d hoped?", df)]
    assert "stick" in texts and not any(("'" in x or "’" in x) for x in texts)
    years = lambda q: [t for t in question_terms(q, df) if t.kind == "year"]  # noqa: E731
    [t] = years("Which decisions of the early 1990s?")
    assert t.text == "1990s"
    [t] = years("What law of the mid-1990s?")
    assert t.text == "mid-1990s"
    assert not is_rare_term(t, VOCAB, 2025) and is_rare_term(years("plans for the 2030s")[0], VOCAB, 2025)


def test_a_name_is_known_when_the_index_holds_its_adjective():
    held = {"russian": 14, "european": 2, "sahelo": 2, "chinese": 3}
    look = lambda w: held.get(w, df(w))  # noqa: E731
    assert name_forms("russia")[:1] == ["russia"] and "russian" in name_forms("russia") and "chinese" in name_forms("china")
    assert name_df("europe", look) == 2 and name_df("sahel", look) == 2 and name_df("haiti", look) == 0
    names = lambda q: [t for t in question_terms(q, look) if t.kind == "name"]  # noqa: E731
    [t] = names("Has Europe's union decided to help?")
    assert t.known
    [t] = names("Are steps part of the China-Russia draft treaty?")
    assert t.known  # each part of a hyphenated name: China (Chinese), Russia (Russian)
    [t] = names("Are steps part of the China-Haiti draft treaty?")
    assert not t.known and t.words == ("haiti",)


def test_an_everyday_word_the_index_lacks_never_decides_and_is_not_named():
    everyday = lambda w: {"enough": 5.6, "veto": 3.9}.get(w, 0.0)  # noqa: E731
    enough = Term("enough", ("enough",), "word", 0)
    veto = Term("veto", ("veto",), "word", 0)
    assert term_rarity(enough, VOCAB, None, everyday) == EVERYDAY and term_rarity(enough, frozenset(), None, everyday) == EVERYDAY
    assert term_rarity(veto, VOCAB, None, everyday) == ""
    rarity = lambda t: term_rarity(t, VOCAB, None, everyday)  # noqa: E731
    low = decide([cand(1, 0.25, 1.0, lex=2.0)], [enough], CAL, rarity)
    assert low.abstained and low.message == NOTHING_ANSWERS  # not "None of the indexed documents mentions “enough”."
    both = decide([cand(1, 0.25, 1.0, lex=2.0)], [enough, veto], CAL, rarity)
    assert both.message == "None of the indexed documents mentions “veto”."
    assert not decide([cand(1, 0.7, 1.0, lex=2.0)], [enough], CAL, rarity).abstained
