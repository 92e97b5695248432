"""How much a word can say about a topic, given how common it is in English (index.everyday)."""

from __future__ import annotations

import pytest

from index.everyday import EVERYDAY_ZIPF, TOPICAL_ZIPF, EnglishFrequency, topicality


def test_topicality_is_whole_for_uncommon_words_nothing_for_everyday_ones_and_linear_between():
    assert topicality(2.0) == topicality(TOPICAL_ZIPF) == 1.0
    assert topicality(EVERYDAY_ZIPF) == topicality(6.5) == 0.0
    middle = (TOPICAL_ZIPF + EVERYDAY_ZIPF) / 2
    assert topicality(middle) == pytest.approx(0.5)
    assert topicality(4.0) > topicality(4.5)


def test_frequencies_are_looked_up_once_per_word_whatever_its_case():
    calls = []

    def lookup(word):
        calls.append(word)
        return {"getting": 5.4, "peacekeeping": 3.3}.get(word, 0.0)

    english = EnglishFrequency(lookup)
    assert english.zipf("Getting") == english.zipf("getting") == 5.4
    assert english.topicality("getting") == 0.0 and english.topicality("peacekeeping") == 1.0
    assert calls == ["getting", "peacekeeping"]


def test_the_real_table_finds_a_newcomers_words_everyday_and_the_documents_topics_not():
    english = EnglishFrequency()  # wordfreq's English table
    for everyday, topical in (("getting", "peacekeeping"), ("never", "timetable"), ("keep", "enlarged")):
        assert english.topicality(everyday) < 0.5 < english.topicality(topical), (everyday, topical)
