"""Questions that ask for an amount or for who holds a post, and paragraphs that give one (index.answer_type)."""

from __future__ import annotations

import pytest

from index.answer_type import AMOUNT, PERSON, asked_kind, asks_for_amount, asks_for_person, given_kinds, gives_amount, gives_person


@pytest.mark.parametrize("question", [
    "How much money has been pledged to the Trust Fund for Victims of Trafficking?",
    "What is the 2026 budget of the Arms Trade Treaty secretariat?",
    "What total amount did the Assembly appropriate for the programme budget?",
    "What is the minimum amount a country must pay to keep its vote?",
    "What yearly amount goes to the Peacebuilding Fund?",
])
def test_questions_that_ask_for_a_sum(question):
    assert asks_for_amount(question) and asked_kind(question) == AMOUNT


@pytest.mark.parametrize("question", [
    "What does the budget resolution say about peacekeeping?",
    "How is the budget for peacekeeping financed?",
    "How many States have ratified the Treaty?",
    "Who is tasked with setting up the portal?",
])
def test_questions_about_money_or_people_that_ask_for_no_figure_or_name(question):
    assert asked_kind(question) is None


@pytest.mark.parametrize("question", [
    "Who will chair the Global Mechanism?",
    "Who is the President of the General Assembly at its eightieth session?",
    "Who has been appointed to the scientific panel?",
    "Who will preside over the Review Conference?",
    "who would be elected to the Council",
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
                                  "Welcomes the work of the Open-ended Working Group (OEWG);"])
def test_offices_without_a_name_name_no_one(text):
    assert not gives_person(text) and given_kinds(text) == frozenset()
