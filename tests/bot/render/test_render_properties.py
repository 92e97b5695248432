"""Property tests (hypothesis) for every Discord limit bot.render promises: for any input, every
message is at most 2000 UTF-16 units (or the limit asked for), nothing of a quote is lost or
rewritten across splits, and every card fits the embed limits — checked against the fake
Discord's own, independent limit checks too."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bot import render as R
from index.models import Answer, Quote
from fakediscord.limits import message_problems

# OEWG_HYPOTHESIS_EXAMPLES lowers the count for the mutation pass (benchmarks/mutation.sh).
PROPS = settings(max_examples=int(os.environ.get("OEWG_HYPOTHESIS_EXAMPLES", "75")), deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

# Text that stresses the limits: astral emoji (2 UTF-16 units), combining marks, newlines,
# tabs, markdown and mention syntax, long unbroken runs and ordinary words.
PIECES = st.sampled_from([
    "States", "the", "capacity-building", " ", " ", "\n", "\n\n", ".", ";", ": ", "(a) ", "🌍", "😀", "é", "e\u0301",
    "*", "_", "`", "~", "|", ">", "[x](https://e.x)", "<@123456789012345678>", "@everyone", "\t", "…", "«", "”",
    "x" * 60, "𝐀" * 30, "word " * 12,
])
TEXT = st.lists(PIECES, max_size=120).map("".join) | st.text(max_size=600)
LONG_TEXT = st.lists(PIECES, min_size=20, max_size=400).map("".join)
LIMITS = st.integers(min_value=40, max_value=R.MESSAGE_LIMIT) | st.just(R.MESSAGE_LIMIT)
# With a citation above each quote piece, a message needs room for a head and some text: the
# smallest limit the tests render quotes at (Discord's is 2000).
QUOTE_LIMITS = st.integers(min_value=120, max_value=R.MESSAGE_LIMIT) | st.just(R.MESSAGE_LIMIT)


def utf16(text: str) -> int:
    """An independent count of UTF-16 code units."""
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def quotes_st(max_size: int = 4):
    return st.lists(st.builds(
        lambda text, ref, heading, url: Quote("A/80/257", "annex", ref, text, 0.9, 5, url, heading, text, "annex"),
        text=LONG_TEXT | TEXT.filter(lambda t: t.strip()),
        ref=st.sampled_from(["1", "12", "12(b)(ii)", "PP3"]),
        heading=TEXT,
        url=st.sampled_from(["", "https://documents.un.org/A_80_257.pdf#page=5", "https://x/" + "a" * 600, "javascript:alert(1)"]),
    ), min_size=1, max_size=max_size)


def assert_covers(text: str, pieces: list[str]) -> None:
    """The pieces are ``text`` in order with only whitespace left out between them."""
    pos = 0
    for piece in pieces:
        at = text.find(piece, pos)
        assert at >= 0, f"not verbatim: {piece[:60]!r}"
        assert text[pos:at].strip() == "", f"lost: {text[pos:at]!r}"
        pos = at + len(piece)
    assert text[pos:].strip() == "", f"lost at the end: {text[pos:]!r}"


def quote_pieces(messages: list[str], citation: str) -> list[str]:
    """The block-quoted text under each head naming ``citation``, in order."""
    out: list[str] = []
    for message in messages:
        current: list[str] | None = None
        for line in message.split("\n"):
            if line.startswith("**") and citation in line:
                current = []
                out.append("")
            elif line.startswith("> ") and current is not None:
                current.append(line[2:])
                out[-1] = "\n".join(current)
            elif not line.startswith("> "):
                current = None
    return out


# ---- measuring and trimming -----------------------------------------------------------------------

@PROPS
@given(TEXT)
def test_discord_len_counts_utf16_units(text):
    assert R.discord_len(text) == utf16(text)


@PROPS
@given(TEXT, st.integers(min_value=0, max_value=400))
def test_truncate_fits_and_keeps_a_prefix(text, limit):
    out = R.truncate(text, limit)
    assert utf16(out) <= limit
    if utf16(text) <= limit:
        assert out == text
    elif limit >= 1:
        assert out.endswith(R.ELLIPSIS) and text.startswith(out[:-1])


@PROPS
@given(TEXT, st.integers(min_value=1, max_value=400))
def test_truncate_lines_fits(text, limit):
    out = R.truncate_lines(text, limit)
    assert utf16(out) <= limit
    if utf16(text) <= limit:
        assert out == text


# ---- splitting and packing ---------------------------------------------------------------------------

@PROPS
@given(LONG_TEXT | TEXT, LIMITS)
def test_split_plain_fits_and_loses_nothing(text, limit):
    parts = R.split_plain(text, limit)
    assert all(utf16(p) <= limit for p in parts)
    assert_covers(text, parts)


@PROPS
@given(LONG_TEXT, st.integers(min_value=2, max_value=300), st.integers(min_value=0, max_value=3))
def test_split_spans_respect_every_budget(text, first, line_cost):
    budget = lambda i: first if i == 0 else first + 7  # noqa: E731 - a varying budget
    spans = R.split_spans(text, budget, line_cost)
    for i, (a, b) in enumerate(spans):
        cost = utf16(text[a:b]) + line_cost * text[a:b].count("\n")
        room = max(budget(i) - line_cost, 1)
        assert cost <= room or b - a == 1, (i, cost, room)
    assert_covers(text, [text[a:b] for a, b in spans])
    assert all(b > a for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


@PROPS
@given(st.lists(TEXT | LONG_TEXT, max_size=8), LIMITS)
@example(["a" * 1000, "b" * 999], R.MESSAGE_LIMIT)  # 1000 + "\n\n" + 999 = 2001: two messages
@example(["a" * 999, "b" * 999], R.MESSAGE_LIMIT)  # 2000 exactly: one message
def test_pack_fits_every_message_and_keeps_blocks_in_order(blocks, limit):
    messages = R.pack(blocks, limit)
    assert all(utf16(m) <= limit for m in messages)
    assert all(m.strip() for m in messages)
    kept = [b for b in blocks if b.strip()]
    if all(utf16(b) <= limit for b in kept):
        assert "\n\n".join(messages) == "\n\n".join(kept), "whole blocks, in order, only joined"
        # as few messages as fit: the block that starts a message never fitted after the one before
        k = 0
        for i, m in enumerate(messages):
            start = k
            while "\n\n".join(kept[start:k]) != m:
                k += 1
                assert k <= len(kept), "a message is not a run of whole blocks"
            if i + 1 < len(messages):
                assert utf16(m) + 2 + utf16(kept[k]) > limit
    else:
        assert_covers("\n\n".join(kept), [p for m in messages for p in m.split("\n\n")])


def test_pack_counts_the_blank_line_between_blocks():
    assert R.pack(["a" * 1000, "b" * 999]) == ["a" * 1000, "b" * 999]
    assert R.pack(["a" * 999, "b" * 999]) == ["a" * 999 + "\n\n" + "b" * 999]


@PROPS
@given(quotes_st(1), QUOTE_LIMITS)
def test_a_quote_split_over_messages_is_verbatim_and_each_part_fits(quotes, limit):
    [q] = quotes
    block = R.QuoteBlock.of(q, limit)
    parts = R.split_quote_block(block, limit)
    assert all(utf16(p) <= limit for p in parts)
    assert parts[0].startswith(block.head) and all(p.startswith(block.continued_head) for p in parts[1:])
    assert_covers(q.text.strip(), quote_pieces(parts, q.citation()))


# ---- answers, lookups, errors --------------------------------------------------------------------------

@PROPS
@given(TEXT, quotes_st(), st.integers(min_value=1, max_value=5), st.booleans(), QUOTE_LIMITS)
def test_every_answer_message_fits_and_quotes_stay_verbatim(question, quotes, max_quotes, include_question, limit):
    refs = [f"¶{q.ref}" if not q.ref.startswith("PP") else q.ref for q in quotes]
    assume(len(set(refs)) == len(refs))  # one citation per quote, so its pieces can be found again
    answer = Answer(question=question, abstained=False, quotes=tuple(quotes))
    messages = R.render_answer(answer, max_quotes, include_question=include_question, limit=limit)
    assert messages and all(utf16(m) <= limit for m in messages)
    assert all(message_problems({"content": m}) == [] for m in messages if limit == R.MESSAGE_LIMIT)
    for q in quotes[:max_quotes]:
        assert_covers(q.text.strip(), quote_pieces(messages, q.citation()))


@PROPS
@given(TEXT, TEXT, st.lists(TEXT, max_size=8), st.sampled_from(["search", "lookup"]))
def test_every_abstention_fits(question, message, suggestions, mode):
    answer = Answer(question=question, abstained=True, mode=mode, message=message, suggestions=tuple(suggestions))
    messages = R.render_answer(answer)
    assert messages and all(utf16(m) <= R.MESSAGE_LIMIT for m in messages)


@PROPS
@given(quotes_st(6), TEXT)
def test_every_lookup_message_fits(quotes, intro):
    messages = R.render_quotes(quotes, intro=intro)
    assert messages and all(utf16(m) <= R.MESSAGE_LIMIT for m in messages)


@PROPS
@given(LONG_TEXT | TEXT)
def test_errors_and_unknown_references_fit_in_one_message(text):
    assert utf16(R.render_error(Exception(text))) <= R.MESSAGE_LIMIT
    assert utf16(R.render_unknown_reference(Exception(text))) <= R.MESSAGE_LIMIT


@PROPS
@given(LONG_TEXT | TEXT)
def test_echoed_user_text_is_one_line_that_pings_and_links_nothing(text):
    line = R.question_line(text)
    assert "\n" not in line and utf16(line) <= R.MESSAGE_LIMIT
    assert not re.search(r"(?<!\\)<@[!&]?\d+>", line)
    assert not re.search(r"(?<![\\\w])https?://", line)


@PROPS
@given(LONG_TEXT | TEXT)
def test_thread_names_are_one_short_line(question):
    name = R.thread_name(question)
    assert 1 <= utf16(name) <= R.THREAD_NAME and "\n" not in name and name.strip()


@PROPS
@given(st.lists(TEXT, max_size=12), st.integers(min_value=0, max_value=99), st.floats(min_value=0, max_value=1e5))
def test_reindex_results_fit(errors, documents, seconds):
    class Report:
        pass

    report = Report()
    report.documents, report.skipped, report.paragraphs, report.errors, report.seconds = documents, 0, 10, errors, seconds
    assert utf16(R.render_reindex_result(report)) <= R.MESSAGE_LIMIT


@PROPS
@given(TEXT)
def test_safe_urls_are_http_and_bounded(url):
    out = R.safe_url(url)
    assert out == "" or (re.fullmatch(r"https?://\S+", out) and not set(out) & set("<>()[]") and utf16(out) <= R.MAX_URL)


# ---- cards -------------------------------------------------------------------------------------------------

CARD_FIELDS = st.lists(st.tuples(TEXT | LONG_TEXT, TEXT | LONG_TEXT), max_size=30)


@PROPS
@given(TEXT | LONG_TEXT, LONG_TEXT | TEXT, CARD_FIELDS, TEXT | LONG_TEXT, TEXT)
def test_every_card_fits_every_embed_limit(title, description, fields, footer, url):
    card = R.make_card(title, description, fields, footer, url)
    assert 1 <= utf16(card.title) <= R.EMBED_TITLE
    assert utf16(card.description) <= R.EMBED_DESCRIPTION
    assert len(card.fields) <= R.EMBED_FIELDS
    for name, value in card.fields:
        assert name.strip() and value.strip()
        assert utf16(name) <= R.EMBED_FIELD_NAME and utf16(value) <= R.EMBED_FIELD_VALUE
    assert utf16(card.footer) <= R.EMBED_FOOTER
    assert card.total() <= R.EMBED_TOTAL
    embed = R.card_to_embed(card).to_dict()
    assert message_problems({"embeds": [embed]}) == [], "the fake Discord's own checks agree"


@PROPS
@given(TEXT | LONG_TEXT, TEXT | LONG_TEXT, st.lists(TEXT, max_size=30), quotes_st(5))
def test_glossary_and_onboarding_cards_fit(term, definition, aliases, quotes):
    class Entry:
        pass

    entry = Entry()
    entry.term, entry.definition, entry.aliases = term, definition, tuple(aliases)
    entry.title, entry.body, entry.refs, entry.query, entry.doc = term, definition, tuple(aliases[:5]), term, ""
    for card in (R.glossary_card(entry, quotes), R.onboarding_card(entry, 0, 11)):
        assert message_problems({"embeds": [R.card_to_embed(card).to_dict()]}) == []
