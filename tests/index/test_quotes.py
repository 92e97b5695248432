"""Quotes are verbatim: whole paragraphs, or best sentences of long ones joined with an ellipsis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Paragraph
from index.quotes import ELLIPSIS, MAX_QUOTE_CHARS, is_verbatim, make_quote, pieces, segments, shorten, whole_quote

LONG = " ".join(
    [f"Sentence {i} talks about topic {i} in general terms and at some length for padding." for i in range(30)]
    + ["The Group stressed that ransomware attacks on hospitals are a grave concern."]
    + [f"Closing sentence {i} is here to pad the paragraph further." for i in range(10)]
)


def test_short_paragraph_is_quoted_whole():
    text = "Decides to endorse the final report;"
    assert shorten(text, "anything") == text


def test_long_paragraph_is_shortened_to_the_best_sentence():
    out = shorten(LONG, "What about ransomware against hospitals?")
    assert len(LONG) > MAX_QUOTE_CHARS
    assert "ransomware attacks on hospitals" in out
    assert out.startswith(ELLIPSIS) and out.endswith(ELLIPSIS)
    assert len(out) < len(LONG)
    assert is_verbatim(out, LONG)


def test_segments_cover_sub_paragraph_lines():
    text = "Decides that:\n(a) The first item;\n(b) The second item."
    spans = segments(text)
    assert [text[a:b] for a, b in spans] == ["Decides that:", "(a) The first item;", "(b) The second item."]


def test_is_verbatim_detects_altered_text():
    assert not is_verbatim(f"{ELLIPSIS} ransomware attacks on schools {ELLIPSIS}", LONG)
    assert pieces(f"a {ELLIPSIS} b") == ["a", "b"]


def test_make_and_whole_quote_carry_the_citation():
    p = Paragraph(symbol="A/80/257", scope="annex", ref="12", text=LONG, pages=(5, 6), heading="B. Threats")
    q = make_quote(p, "https://x/A_80_257.pdf#page=5", 0.7, "ransomware")
    assert q.full_text == LONG and q.page == 5 and is_verbatim(q.text, LONG)
    assert q.citation() == "A/80/257 annex ¶12 (p. 5)"
    w = whole_quote(Paragraph(symbol="A/RES/80/16", scope="main", ref="PP2", text="Recalling also,"), "", 1.0)
    assert w.text == "Recalling also," and w.citation() == "A/RES/80/16 PP2"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200), min_size=1, max_size=40),
    st.text(max_size=50),
)
def test_shortened_quotes_are_always_verbatim(sentences, query):
    text = ". ".join(sentences)
    out = shorten(text, query)
    assert is_verbatim(out, text)
    assert len(out) <= max(MAX_QUOTE_CHARS, 0) + 20 or out == text
