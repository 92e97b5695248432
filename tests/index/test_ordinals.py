"""Ordinals in figures and in words: one ordinal, found either way (index.ordinals)."""

from __future__ import annotations

import pytest

from index.answer_type import holds_ordinal, numbered_events
from index.ordinals import numeric_ordinals, ordinal_forms, spelled_ordinal
from index.thesaurus import Thesaurus


@pytest.mark.parametrize("n, word", [(1, "first"), (2, "second"), (3, "third"), (11, "eleventh"), (12, "twelfth"),
                                     (20, "twentieth"), (21, "twenty-first"), (42, "forty-second"), (80, "eightieth"),
                                     (81, "eighty-first"), (99, "ninety-ninth"), (100, "one hundredth"),
                                     (101, "one hundred and first"), (199, "one hundred and ninety-ninth")])
def test_numbers_are_spelled_as_un_documents_write_them(n, word):
    assert spelled_ordinal(n) == word


@pytest.mark.parametrize("n", [0, -1, 200, 2025])
def test_numbers_outside_the_spelled_range_have_no_word(n):
    assert spelled_ordinal(n) is None


def test_figures_are_found_as_ordinals_but_not_decimals_years_or_parts_of_words():
    text = "the 81st session, the 3RD review, 1.5th, 2025th, a21st, 11th."
    assert numeric_ordinals(text) == [(4, 8, "eighty-first"), (22, 25, "third"), (56, 60, "eleventh")]


@pytest.mark.parametrize("typed, forms", [("11th", ("11th", "eleventh")), ("Eleventh", ("eleventh", "11th")),
                                          ("twenty-first", ("twenty-first", "21st")), ("22nd", ("22nd", "twenty-second")),
                                          ("third", ("third", "3rd")), ("113th", ("113th", "one hundred and thirteenth")),
                                          ("12th", ("12th", "twelfth")), ("twelfth", ("twelfth", "12th")),
                                          ("400th", ("400th",)), ("next", ("next",))])
def test_an_ordinal_has_both_forms(typed, forms):
    assert ordinal_forms(typed) == forms


def test_a_numbered_meeting_typed_in_figures_is_held_by_a_paragraph_that_writes_it_in_words():
    (ordinal, phrase), = numbered_events("When is the 11th Review Conference?")
    assert (ordinal, phrase) == ("11th", "11th Review Conference")
    assert holds_ordinal("Decides to convene the Eleventh Review Conference in 2026", ordinal)
    assert holds_ordinal("the fourth meeting", "4th") and holds_ordinal("the 4th meeting", "fourth")
    assert not holds_ordinal("the tenth Review Conference", ordinal)


def test_the_thesaurus_maps_an_ordinal_in_figures_to_its_word():
    expansion = Thesaurus(()).expand("What is on the agenda of the 81st session?")
    assert expansion.added == ("eighty-first",)
    assert expansion.dense_text("What is on the agenda of the 81st session?") == "What is on the agenda of the eighty-first session?"
    assert Thesaurus(()).expand("the eighty-first session").added == ()  # already in words: nothing to add
