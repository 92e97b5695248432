"""Questions that ask for an amount or for who holds a post, and paragraphs that give one (index.answer_type)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from index.answer_type import (
    AMOUNT,
    COUNT,
    PERSON,
    VOTE,
    asked_kind,
    asks_for_amount,
    asks_for_count,
    asks_for_person,
    asks_for_vote,
    given_kinds,
    gives_amount,
    gives_count,
    gives_person,
    gives_vote,
    holds_ordinal,
    numbered_events,
)


@pytest.mark.parametrize("question", [
    "How much money has been pledged to the Trust Fund for Victims of Trafficking?",
    "What is the 2026 budget of the Arms Trade Treaty secretariat?",
    "What total amount did the Assembly appropriate for the programme budget?",
    "What is the minimum amount a country must pay to keep its vote?",
    "What yearly amount goes to the Peacebuilding Fund?",
    "Did the Assembly approve the budget, and how much is it?",
    "What is the approved programme budget of the International Criminal Court for 2026?",
    "What percentage of the regular budget is the largest contributor assessed at?",
    "What is the total approved UN regular budget for 2026?",
    "What is the estimated cumulative cost of the embargo?",
])
def test_questions_that_ask_for_a_sum(question):
    assert asks_for_amount(question) and asked_kind(question) == AMOUNT


@pytest.mark.parametrize("question", [
    "What does the budget resolution say about peacekeeping?",
    "How is the budget for peacekeeping financed?",
    "Who is tasked with setting up the portal?",
    "By what date should countries tell the UN how much they spend on their armed forces?",  # asks a date
    "Is the world wasting money on armies?",
])
def test_questions_about_money_or_people_that_ask_for_no_figure_or_name(question):
    assert asked_kind(question) is None


@pytest.mark.parametrize("question", [
    "Who will chair the Global Mechanism?",
    "Who is the President of the General Assembly at its eightieth session?",
    "Who has been appointed to the scientific panel?",
    "Who will preside over the Review Conference?",
    "who would be elected to the Council",
    "Who is the current Director-General of the OPCW?",
    "Which country will chair the 2027 Meeting of States?",
    "Who chaired the OEWG?",
    "Who presided over the review conference?",
    "Who currently serves as the High Representative for Disarmament Affairs?",
    "Which ambassador held the presidency of the Conference on Disarmament?",
    "Who is the Director General of the IAEA?",
    "Who is the current Secretary General of the United Nations?",
    "Which country currently chairs the Ad Hoc Committee on the Indian Ocean?",
])
def test_questions_that_ask_who_holds_a_post(question):
    assert asks_for_person(question) and asked_kind(question) == PERSON


@pytest.mark.parametrize("text", ["a contribution of US$ 2.5 million", "5 per cent of the budget", "$400,000",
                                  "12,500,000 to the Fund", "a sum of 3 billion", "20 % of it", "in euros"])
def test_paragraphs_that_state_a_sum(text):
    assert gives_amount(text) and AMOUNT in given_kinds(text)


@pytest.mark.parametrize("text", ["Decides to convene the ninth Biennial Meeting from 1 to 5 June 2026;",
                                  "Recalls its resolution 75/240 of 31 December 2020 and Article 19 of the Charter;",
                                  "Encourages Member States to contribute to the Trust Fund;"])
def test_dates_references_and_appeals_for_money_state_no_sum(text):
    assert not gives_amount(text)


@pytest.mark.parametrize("text", ["chaired by Mr. Burhan Gafoor", "Ambassador Gafoor of Singapore", "Burhan Gafoor (Singapore)",
                                  "elected Ms. Jones as its Chair", "the meeting, presided over by the President"])
def test_paragraphs_that_name_someone_for_a_post(text):
    assert gives_person(text) and PERSON in given_kinds(text)


@pytest.mark.parametrize("text", ["Requests the President of the General Assembly to convene a meeting;",
                                  "Requests the Secretary-General to support the Chair's work;",
                                  "Welcomes the work of the Open-ended Working Group (OEWG);",
                                  "The State of Palestine may submit a pre-recorded statement of its President;"])
def test_offices_without_a_name_name_no_one(text):
    assert not gives_person(text) and given_kinds(text) == frozenset()


@pytest.mark.parametrize("question", ["How many States have ratified the Treaty?", "What is the number of parties to it?",
                                      "Tell me how many experts sit on the group", "When will it meet, and how many times?"])
def test_questions_that_ask_for_a_number(question):
    assert asks_for_count(question) and asked_kind(question) == COUNT


@pytest.mark.parametrize("text", ["a group of 25 experts", "held eleven substantive sessions", "four 2-week sessions",
                                  "ratified by 73 States", "its seventh, eighth and ninth substantive sessions in 2024"])
def test_paragraphs_that_state_a_number(text):
    assert gives_count(text) and COUNT in given_kinds(text)


@pytest.mark.parametrize("text", ["Decides to convene the meeting from 1 to 5 June 2026;",
                                  "Recalls its resolution 75/240 and article 12, paragraph 3, of the Statute,",
                                  "Takes note of A/80/257[^3] and of the 2025 Review Conference;",
                                  "Welcomes the States that have become parties to the Statute;",
                                  "Requests a briefing at its eighty-first session and in the 21st century;"])
def test_references_dates_years_and_footnote_marks_count_nothing(text):
    assert not gives_count(text)


@pytest.mark.parametrize("question", [
    "How many countries voted in favour of the resolution on ending the embargo against Cuba?",
    "Which countries voted against the resolution on Cuba?",
    "What was the vote count on this year's resolution on the embargo?",
    "How did the vote go on resolution 80/39?",
    "Which countries sponsored resolution 80/16?",
    "Who co-sponsored the draft on the Global Mechanism?",
    "Which Member States abstained?",
    "recorded vote on the nuclear ban treaty resolution",
    "Who were the main sponsors of the text?",
])
def test_questions_that_ask_how_states_voted_or_who_sponsored(question):
    assert asks_for_vote(question) and asked_kind(question) == VOTE


@pytest.mark.parametrize("question", [
    "Which Member States in arrears were allowed to keep voting in the General Assembly?",
    "If a country can't pay its UN dues and wants to keep its vote, what is it told to send in?",
    "Which Member States lost their vote this session because of their arrears?",
    "Is there a sponsorship programme for the Treaty?",
])
def test_questions_about_the_right_to_vote_or_a_sponsorship_fund_ask_for_no_vote(question):
    assert asked_kind(question) != VOTE


@pytest.mark.parametrize("text", ["adopted by a recorded vote of 165 to 7", "Urges the co-sponsors of the 1995 resolution",
                                  "the draft resolution, sponsored by Austria", "adopted without a vote",
                                  "with 12 abstentions", "States that voted against it"])
def test_paragraphs_that_record_a_vote_or_sponsors(text):
    assert gives_vote(text) and VOTE in given_kinds(text)


@pytest.mark.parametrize("text", ["to provide funding to the Treaty sponsorship programme",
                                  "Decides that Bolivia shall be permitted to vote in the General Assembly",
                                  "Calls upon States to vote in elections"])
def test_a_sponsorship_fund_or_the_right_to_vote_records_no_vote(text):
    assert not gives_vote(text)


def test_numbered_meetings_and_conferences_are_found_with_their_ordinal():
    assert numbered_events("Where will the fourth Meeting of States Parties to the Treaty be held?") == [("fourth", "fourth Meeting")]
    assert numbered_events("dates of the ninth Biennial Meeting of States") == [("ninth", "ninth Biennial Meeting")]
    assert numbered_events("convening a fourth special session on disarmament") == [("fourth", "fourth special session")]
    assert numbered_events("the 12th Conference of States Parties and the Twenty-second Meeting") == \
        [("12th", "12th Conference"), ("twenty-second", "Twenty-second Meeting")]
    # an ordinal that numbers no event, or the Assembly's own session, is not one
    assert numbered_events("no first use, at its eightieth session, in the first place") == []


def test_an_ordinal_is_held_as_a_whole_word():
    assert holds_ordinal("Decides to convene the Fourth Meeting of States Parties", "fourth")
    assert not holds_ordinal("the fourteenth meeting", "fourth") and not holds_ordinal("the third Meeting", "fourth")

_WORDS = st.sampled_from(["how", "much", "many", "who", "will", "chair", "the", "fourth", "Meeting", "of", "12th",
                          "Conference", "resolution", "75/240", "$", "per", "cent", "June", "2026", "eleven", "and", ",", "?"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_any_text_gets_a_known_kind_and_only_ordinals_it_holds(text):
    assert asked_kind(text) in (None, AMOUNT, COUNT, PERSON)
    assert given_kinds(text) <= {AMOUNT, COUNT, PERSON}
    for ordinal, phrase in numbered_events(text):
        assert holds_ordinal(text, ordinal) and phrase in text
