"""index.numbered_meetings: abbreviated numbered meetings ("COP29", "13MSP") in the documents' words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from index.answer_type import holds_ordinal, numbered_events
from index.numbered_meetings import MEETINGS, meeting_abbreviations
from index.thesaurus import load_thesaurus


@pytest.mark.parametrize("text, ordinal, wording", [
    ("Why was COP29 in Baku singled out?", "twenty-ninth", "twenty-ninth session of the Conference of the Parties"),
    ("cop 31 host", "thirty-first", "thirty-first session of the Conference of the Parties"),
    ("the COP-17 of the desertification convention", "seventeenth", "seventeenth session of the Conference of the Parties"),
    ("Did the President of the 13MSP meet States not party?", "thirteenth", "thirteenth Meeting of States Parties"),
    ("MSP3 of the TPNW", "third", "third Meeting of States Parties"),
    ("ATT CSP11 Geneva", "eleventh", "eleventh Conference of States Parties"),
    ("PoA RevCon4 final report", "fourth", "fourth Review Conference"),
    ("dates of BMS9", "ninth", "ninth Biennial Meeting of States"),
    ("outcome of FfD4 in Sevilla", "fourth", "fourth International Conference on Financing for Development"),
])
def test_an_abbreviated_meeting_is_found_with_its_ordinal_and_the_documents_wording(text, ordinal, wording):
    (found,) = meeting_abbreviations(text)
    assert (found.ordinal, found.wording) == (ordinal, wording)
    assert text[found.start:found.end].replace(" ", "").replace("-", "").lower() in \
        {f"{k}{n}".lower() for k in MEETINGS for n in range(1, 40)} | {f"{n}{k}".lower() for k in MEETINGS for n in range(1, 40)}


@pytest.mark.parametrize("text", [
    "COPUOS and its subcommittees",  # another acronym that starts the same
    "document TPNW/MSP/2022/6",  # a document symbol, not a meeting
    "COP", "the MSP", "RevCon",  # no number: no ordinal to check
    "COP500",  # no word form
    "3.5MSP",  # not a count of meetings
    "COP 2026", "COP2025", "COP1999",  # a year, not a number of meetings
    "RECOP2 and TCSP11",  # a longer word ending in the letters
])
def test_other_words_symbols_and_numbers_are_not_meetings(text):
    assert meeting_abbreviations(text) == []


def test_two_meetings_are_found_left_to_right():
    found = meeting_abbreviations("ATT CSP12 after 11CSP")  # the two spellings are found by two patterns
    assert [(f.start, f.ordinal) for f in found] == [(4, "twelfth"), (16, "eleventh")]


def test_the_thesaurus_expands_an_abbreviated_meeting_into_the_documents_wording():
    added = load_thesaurus().expand("Why was COP29 in Baku singled out?").added
    assert "twenty-ninth session of the Conference of the Parties" in added


def test_an_abbreviated_meeting_is_a_numbered_event_so_rule_4_checks_its_ordinal():
    events = numbered_events("Who will host COP31?")
    assert events == [("thirty-first", "thirty-first session of the Conference of the Parties (COP31)")]
    assert holds_ordinal("the thirty-first session of the Conference of the Parties", events[0][0])
    assert not holds_ordinal("the twenty-ninth session of the Conference of the Parties", events[0][0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["COP", "MSP", "CSP", "RevCon", "BMS", "FfD", "13", "29", "-", " ", "x", "/",
                                 "COP29", "13MSP", "3.", "of"]), max_size=12).map("".join))
def test_every_meeting_found_is_a_span_of_the_text_with_a_spelled_ordinal(text):
    for m in meeting_abbreviations(text):
        span = text[m.start:m.end]
        assert span.strip() == span and any(k.lower() in span.lower() for k in MEETINGS)
        assert m.wording.startswith(m.ordinal + " ") and m.ordinal.isascii() and not any(c.isdigit() for c in m.ordinal)
