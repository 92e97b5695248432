"""The thesaurus: matching the users' words, expansion, the acronyms the documents define, bad files."""

from __future__ import annotations

import pytest

from index.thesaurus import (
    DEFAULT_THESAURUS_PATH,
    Entry,
    Thesaurus,
    ThesaurusError,
    harvest_acronyms,
    load_thesaurus,
    long_form,
    parse_thesaurus,
)

TH = Thesaurus([
    Entry(("hacking", "cyberattack", "cyber attack"), ("malicious ICT activities",)),
    Entry(("killer robots",), ("lethal autonomous weapons systems",)),
    Entry(("LAWS",), ("lethal autonomous weapons systems",)),
    Entry(("WHO",), ("World Health Organization",)),
    Entry(("PoC", "point of contact"), ("points of contact",)),
    Entry(("nukes",), ("nuclear weapons",)),
    Entry(("US",), ("United States of America",)),
])


def test_terms_match_whole_words_case_insensitively_with_plurals_and_hyphens():
    assert [m.term for m in TH.matches("Hacking and cyber-attacks on banks")] == ["Hacking", "cyber-attack"]
    assert TH.expand("What about cyberattacks?").added == ("malicious ICT activities",)
    assert TH.matches("shacking up") == []  # inside another word: no
    assert [m.means for m in TH.matches("killer robots")] == [("lethal autonomous weapons systems",)]


def test_acronyms_match_only_as_written():
    assert TH.matches("who decides on laws?") == []
    assert [m.term for m in TH.matches("What does the WHO say about LAWS?")] == ["WHO", "LAWS"]
    assert [m.term for m in TH.matches("the PoC directory")] == ["PoC"]
    assert TH.matches("tell us more") == [] and [m.term for m in TH.matches("the US position")] == ["US"]


def test_an_acronym_matches_where_it_qualifies_a_lower_case_word_but_not_inside_a_longer_name():
    assert [m.term for m in TH.matches("PoC-related rules and US-based firms")] == ["PoC", "US"]
    assert TH.matches("the US-UK talks") == [] and TH.matches("a PoC-2 list") == []
    assert [m.term for m in TH.matches("nukes-free zones")] == []  # a lower-case term still needs a whole word


def test_expansion_adds_each_phrase_once_and_not_what_the_question_has():
    exp = TH.expand("killer robots, LAWS and lethal autonomous weapons systems")
    assert exp.added == ()  # the question already says it
    exp = TH.expand("killer robots or LAWS and nukes")
    assert exp.added == ("lethal autonomous weapons systems", "nuclear weapons")
    assert exp.text("q?") == "q? (lethal autonomous weapons systems; nuclear weapons)"
    assert TH.expand("nothing here").text("nothing here") == "nothing here"


def test_a_longer_term_wins_over_the_terms_inside_it():
    th = Thesaurus([Entry(("critical infrastructure",), ("critical infrastructure",)), Entry(("infrastructure",), ("roads",))])
    assert [m.term for m in th.matches("critical infrastructure")] == ["critical infrastructure"]


def test_acronyms_defined_in_the_documents_are_harvested_when_their_initials_spell_them():
    texts = ["Welcomes the work of the International Atomic Energy Agency (IAEA) and the",
             "States parties to the Treaty on the Non-Proliferation of Nuclear Weapons (NPT) and",
             "the Global Intergovernmental Points of Contact Directory (PoC Directory) and",
             "the Arms Trade Treaty (ATT), and the Programme of Action (PoA)", "resolution 2200 A (XXI)"]
    found = harvest_acronyms(texts)
    assert found["IAEA"] == "International Atomic Energy Agency"
    assert found["ATT"] == "Arms Trade Treaty" and found["PoA"] == "Programme of Action"
    assert "NPT" not in found  # its initials do not spell it: left to the thesaurus file
    assert "XXI" not in found
    assert long_form("the Arms Trade Treaty".split(), "ATT") == "Arms Trade Treaty"
    th = TH.with_acronyms(found)
    assert th.expand("ATT reports").added == ("Arms Trade Treaty",)
    assert TH.with_acronyms({"LAWS": "something else"}) is TH  # the file's entry wins


def test_the_project_thesaurus_loads_and_covers_the_cyber_vocabulary_first():
    th = load_thesaurus()
    assert len(th) >= 100
    for lay, expected in [("hacking", "malicious ICT activities"), ("cyberattack", "malicious ICT activities"),
                          ("cyber", "ICTs"), ("PoC", "points of contact"), ("CBMs", "confidence-building measures"),
                          ("ransomware", "malicious ICT activities"), ("killer robots", "lethal autonomous weapons systems"),
                          ("nukes", "nuclear weapons"), ("landmines", "anti-personnel mines"),
                          ("cluster bombs", "cluster munitions"), ("ECOSOC", "Economic and Social Council"),
                          ("IAEA", "International Atomic Energy Agency"), ("CTBT", "Comprehensive Nuclear-Test-Ban Treaty"),
                          ("UNRWA", "United Nations Relief and Works Agency for Palestine Refugees in the Near East"),
                          ("NPT", "Treaty on the Non-Proliferation of Nuclear Weapons")]:
        assert expected in th.expand(f"what about {lay}?").added, lay


@pytest.mark.parametrize("text, fragment", [
    ("[[entry]]\nterms = ['a']\n", "'means' must be a non-empty list"),
    ("[[entry]]\nterms = []\nmeans = ['x']\n", "'terms' must be a non-empty list"),
    ("[[entry]]\nterms = ['a']\nmeans = ['x']\nnote = 'y'\n", "unknown field(s) ['note']"),
    ("[[entry]]\nterms = ['Hack']\nmeans = ['x']\n[[entry]]\nterms = ['hack']\nmeans = ['y']\n", "already a term of entry #1"),
    ("[[entry]]\nterms = ['--']\nmeans = ['x']\n", "has no letters"),
    ("terms = ['a']\n", "unknown top-level key(s)"),
    ("", "no [[entry]] tables"),
    ("[[entry]\n", "not valid TOML"),
])
def test_a_bad_thesaurus_is_one_line_naming_the_file_and_entry(tmp_path, text, fragment):
    path = tmp_path / "thesaurus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThesaurusError) as err:
        load_thesaurus(path)
    message = str(err.value)
    assert fragment in message and str(path) in message and "\n" not in message
    assert "fix the thesaurus file" in message


def test_a_missing_thesaurus_is_named(tmp_path):
    with pytest.raises(ThesaurusError, match="file not found"):
        load_thesaurus(tmp_path / "nope.toml")


def test_the_default_path_is_the_sources_file():
    assert DEFAULT_THESAURUS_PATH.name == "thesaurus.toml" and DEFAULT_THESAURUS_PATH.parent.name == "sources"
    assert isinstance(parse_thesaurus({"entry": [{"terms": ["x"], "means": ["y"]}]}), Thesaurus)


def test_the_model_gets_the_question_in_the_documents_words_and_bm25_both():
    q = "Is the UN discussing killer robots and nukes?"
    exp = TH.expand(q)
    assert exp.dense_text(q) == "Is the UN discussing lethal autonomous weapons systems and nuclear weapons?"
    assert exp.text(q) == q + " (lethal autonomous weapons systems; nuclear weapons)"
    assert TH.expand("plain").dense_text("plain") == "plain"
