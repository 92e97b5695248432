"""Did-you-mean for words no indexed paragraph holds (index.spelling)."""

from __future__ import annotations

from index.spelling import did_you_mean, index_words, suggestion

VOCAB = index_words(["Capacity-building for developing countries; the building of trust.",
                     "The report of the Global Mechanism and the government's writing; windows."])
ZIPF = {"capcity": 0.0, "bulding": 1.6, "devloping": 0.0, "goverment": 2.7, "recieve": 2.8, "wilting": 2.4,
        "windowsill": 2.5, "repot": 1.8}.get


def zipf(word: str) -> float:
    return ZIPF(word, 4.0)


def test_the_index_words_are_grouped_by_length_in_lower_case():
    assert "capacity-building" in VOCAB[len("capacity-building")] and "mechanism" in VOCAB[9]
    assert all(w == w.lower() and len(w) == n for n, ws in VOCAB.items() for w in ws)
    assert "of" not in VOCAB.get(2, ())  # shorter than three letters: left out


def test_a_slip_gets_the_closest_index_word():
    assert suggestion("devloping", VOCAB, zipf) == "developing"
    assert suggestion("Bulding", VOCAB, zipf) == "building"
    assert suggestion("goverment", VOCAB, zipf) == "government"  # an English-looking slip, one letter off


def test_an_english_word_a_long_word_away_or_the_word_itself_gets_none():
    assert suggestion("wilting", VOCAB, zipf) is None  # a word of its own, not a slip of "writing"
    assert suggestion("windowsill", VOCAB, zipf) is None
    assert suggestion("mechanism", VOCAB, zipf) is None  # the index has it: nothing to suggest
    assert suggestion("zebra", VOCAB, zipf) is None
    assert suggestion("ceveloping", VOCAB, zipf) is None  # another first letter: not looked for


def test_the_sentence_lists_each_suggestion_once_or_is_empty():
    assert did_you_mean(["capcity", "devloping", "Devloping"], VOCAB, zipf) in (
        " Did you mean “developing”?", " Did you mean “capacity-building” or “developing”?")
    assert did_you_mean(["bulding", "devloping"], VOCAB, zipf) == " Did you mean “building” or “developing”?"
    assert did_you_mean(["wilting", "zebra"], VOCAB, zipf) == ""
