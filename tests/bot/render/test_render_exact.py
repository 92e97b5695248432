"""bot.render at its boundaries, with exact expected values: where each length is counted, where
each cut falls, what each fallback keeps. Written against the mutants the mutation pass left
alive (benchmarks/MUTATION.md): each test pins a behaviour a property test cannot see, such as a
message split earlier than it needs to be, or a fallback that drops the link."""

from __future__ import annotations

import pytest

from bot import render as R
from index.models import Answer, Quote

LINKED = "https://documents.un.org/api/symbol/access?s=A/80/257&l=en&t=pdf#page=5"


def quote(text: str = "Text.", ref: str = "12", url: str = LINKED, heading: str = "II. B. Rules") -> Quote:
    return Quote("A/80/257", "annex", ref, text, 0.9, 5, url, heading, text, "annex")


# ---- lengths ---------------------------------------------------------------------------------------

def test_lengths_are_whole_utf16_counts():
    assert R.discord_len("ab") == 2 and type(R.discord_len("ab")) is int
    assert R.discord_len("😀") == 2 and R.discord_len("\uffff") == 1 and R.discord_len("\U00010000") == 2


@pytest.mark.parametrize("text, budget, spans", [
    ("x" * 300, 100, [(0, 100), (100, 200), (200, 300)]),  # a BMP character costs 1
    ("😀" * 20, 10, [(0, 5), (5, 10), (10, 15), (15, 20)]),  # an astral one costs 2
    ("\uffff" * 20, 10, [(0, 10), (10, 20)]),  # U+FFFF is the last BMP character
    ("\U00010000" * 20, 10, [(0, 5), (5, 10), (10, 15), (15, 20)]),  # U+10000 the first astral one
    ("😀😀", 1, [(0, 1), (1, 2)]),  # a character wider than the budget still moves on, alone
    ("abcd", 1, [(0, 1), (1, 2), (2, 3), (3, 4)]),  # a budget of one: one character a span
])
def test_spans_are_as_long_as_the_budget_allows(text, budget, spans):
    assert R.split_spans(text, lambda i: budget) == spans


# ---- where cuts fall -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, budget, spans", [
    ("aaaa bbbb", 4, [(0, 4), (5, 9)]),  # a space right at the budget is used
    ("aaaa bbbb", 6, [(0, 4), (5, 9)]),  # the only space, however early
    ("a bcdefgh", 2, [(0, 1), (2, 4), (4, 6), (6, 8), (8, 9)]),  # a space at index 1
    ("ab\ncd efghij", 7, [(0, 2), (3, 5), (6, 12)]),  # a line break at a third of the room is good enough
    ("ab\n" + "word " * 10, 30, [(0, 27), (28, 53)]),  # one far earlier is not: a space later wins
    ("ab cdefghijklmnopqrstuvwxyz", 12, [(0, 2), (3, 15), (15, 27)]),  # an early space beats a hard cut
    ("A. Bcdefghijk lmnop", 15, [(0, 13), (14, 19)]),  # an early sentence end does not
    ("x" * 12 + " " + "y" * 20, 10, [(0, 10), (10, 12), (13, 23), (23, 33)]),
    ("a\nbc defgh", 5, [(0, 1), (2, 4), (5, 10)]),  # at tiny budgets one character is a third
    ("a" * 9 + " " + "bbbb\nccc dddddddddd", 9, [(0, 9), (10, 14), (15, 18), (19, 28), (28, 29)]),  # a third of this part
    ("abc\ndefg hijklmnop", 12, [(0, 8), (9, 18)]),  # a line break before a third is too early
    ("ab\n\n\n\ncdef ghijkl", 12, [(0, 10), (11, 17)]),  # where the break starts counts, not where it ends
])
def test_cuts_fall_at_the_best_boundary_within_the_budget(text, budget, spans):
    assert R.split_spans(text, lambda i: budget) == spans


def test_line_cost_is_charged_for_line_breaks_only():
    text = ("x" * 9 + "\n") * 300
    [first, *_] = R.split_plain(text, 2000)
    assert first == ("x" * 9 + "\n") * 199 + "x" * 9  # 1999 characters: line breaks cost 1, like others
    spans = R.split_spans("ab\ncd\nef", lambda i: 5, line_cost=2)
    assert spans == [(0, 2), (3, 5), (6, 8)]


def test_every_part_of_a_split_quote_but_the_last_is_full():
    text = " ".join(f"word{i:04d}" for i in range(1500))  # 13 499 characters, words of 8
    parts = R.split_quote_block(R.QuoteBlock.of(quote(text)))
    assert len(parts) >= 7
    assert all(R.MESSAGE_LIMIT - R.discord_len(p) <= 10 for p in parts[:-1]), [R.discord_len(p) for p in parts]


def test_a_block_of_exactly_the_limit_is_one_message():
    block = R.QuoteBlock.of(quote("x"))
    fill = "y" * (R.MESSAGE_LIMIT - R.discord_len(block.render()) + 1)
    block = R.QuoteBlock.of(quote(fill))
    assert R.discord_len(block.render()) == R.MESSAGE_LIMIT and R.split_quote_block(block) == [block.render()]
    one_more = R.QuoteBlock.of(quote(fill + "y"))
    parts = R.split_quote_block(one_more)
    assert len(parts) == 2 and R.discord_len(parts[0]) == R.MESSAGE_LIMIT


# ---- heads of quote blocks ------------------------------------------------------------------------------

def test_a_head_up_to_a_third_of_the_limit_keeps_its_link_and_heading():
    q = quote(heading="h")
    head = R.citation_line(q)
    limit = 3 * R.discord_len(head)
    assert R.QuoteBlock.of(q, limit).head == head
    assert R.QuoteBlock.of(q, limit - 3).head == "**A/80/257 ¶12 (p. 5)**", "over a third: no link, no heading"
    assert R.QuoteBlock.of(q, 4 * R.discord_len(head) - 1).head == head


def test_the_continued_head_shortens_only_when_it_would_take_over_a_third():
    q = quote("word " * 200)
    continued = f"**{q.citation()}** {R.CONTINUED}"
    assert R.QuoteBlock.of(q, 3 * R.discord_len(continued)).continued_head == continued
    assert R.QuoteBlock.of(q, 3 * R.discord_len(continued) - 1).continued_head == f"**{q.citation()}**"
    parts = R.split_quote_block(R.QuoteBlock.of(q, 100), 100)
    assert len(parts) > 2 and all(p.startswith(f"**{q.citation()}**\n> ") for p in parts[1:])


def test_citation_line_without_link_has_no_link():
    q = quote()
    assert R.citation_line(q, link=False) == "**A/80/257 ¶12 (p. 5)** · *II. B. Rules*"
    assert R.citation_line(q, link=False, heading=False) == "**A/80/257 ¶12 (p. 5)**"
    assert R.citation_line(q).startswith(f"**[A/80/257 ¶12 (p. 5)](<{R.safe_url(LINKED)}>)**")


# ---- truncation -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, limit, out", [
    ("abc", 3, "abc"),  # exactly the limit: unchanged
    ("abcdef", 4, "abc…"),
    ("abc", 1, "…"),
    ("abc", 0, ""),
    ("aaa bbb ccc ddd", 14, "aaa bbb ccc…"),  # cut at the last space
    ("abcde fghijkl", 11, "abcde fghi…"),  # a space at half the length is too early to cut at
    ("abcd efghijkl", 11, "abcd efghi…"),
    ("😀😀😀", 4, "😀…"),
    ("abcdefgh  ijklmnop", 11, "abcdefgh…"),  # no space before the ellipsis
])
def test_truncate_exactly(text, limit, out):
    assert R.truncate(text, limit) == out


@pytest.mark.parametrize("text, limit, out", [
    ("aaaa\nbbbb\ncccc", 14, "aaaa\nbbbb\ncccc"),
    ("aaaa\nbbbb\ncccc", 11, "aaaa\nbbbb\n…"),  # 9 kept + "\n…": exactly the limit
    ("aaaa\nbbbb\ncccc", 10, "aaaa\n…"),
    ("aa a\nbbbb\ncccc", 11, "aa a\nbbbb\n…"),  # lines, not words
    ("aaa bbb ccc ddd eee fff ggg\nshort\nx", 12, "aaa bbb…"),  # the first line alone is too long
])
def test_truncate_lines_exactly(text, limit, out):
    assert R.truncate_lines(text, limit) == out


# ---- escaping -----------------------------------------------------------------------------------------------

def test_escapes_exactly():
    assert R.escape_user_text("a\x00b") == "ab"
    assert R.escape_user_text("[a](b) *c* @everyone https://x.y") == "\\[a](b) \\*c\\* @\u200beveryone https:\\/\\/x.y"
    assert R.neutralise("see [x](https://e.org) `code`") == "see \\[x]\\(https:\\/\\/e.org) `code`"
    assert R.thread_name("a\x00b <@123456789012345678>") == "ab"


def test_safe_url_encodes_what_would_end_the_link_and_bounds_the_length():
    assert R.safe_url("https://x.org/a<b>(c)[d]") == "https://x.org/a%3Cb%3E%28c%29%5Bd%5D"
    longest = "https://x.org/" + "a" * (R.MAX_URL - 14)
    assert R.safe_url(longest) == longest and R.safe_url(longest + "a") == ""


# ---- answers and lookups -------------------------------------------------------------------------------------

def test_render_answer_shows_three_quotes_by_default():
    answer = Answer("q", False, tuple(quote(f"Text {i}.", ref=str(i)) for i in range(1, 6)))
    text = "\n".join(R.render_answer(answer))
    assert [f"> Text {i}." in text for i in range(1, 6)] == [True, True, True, False, False]
    assert text.split("**See also:**")[1].count("¶") == 2  # the other two cited, not quoted


def test_an_answer_without_quotes_is_never_an_empty_reply():
    [message] = R.render_answer(Answer("q", abstained=False, quotes=()), include_question=False)
    assert message == "No paragraph answers this, so nothing is quoted."


def test_the_limit_reaches_the_heads_of_an_answer():
    long_head = quote("The text.", heading="h" * 140)
    [message] = R.render_answer(Answer("q", False, (long_head,)), include_question=False, limit=300)
    assert message == "**A/80/257 ¶12 (p. 5)**\n> The text."


def test_render_quotes_intro_and_nothing_to_quote():
    q = quote("The text.")
    assert R.render_quotes([q]) == [f"{R.citation_line(q)}\n> The text."]
    assert R.render_quotes([q], intro="Intro")[0].startswith("**Intro**\n\n**[")
    assert R.render_quotes([]) == ["No paragraph to quote."]
    assert R.render_quotes([], intro="Intro") == ["**Intro**\n\nNo paragraph to quote."]
    long_head = quote("The text.", heading="h" * 140)
    assert R.render_quotes([long_head], limit=300)[0].startswith("**A/80/257 ¶12 (p. 5)**\n"), "the limit reaches the heads"


# ---- cards -----------------------------------------------------------------------------------------------------

def test_make_card_defaults_and_url():
    card = R.make_card("")
    assert (card.title, card.description, card.fields, card.footer, card.url) == ("—", "", (), "", "")
    many = R.make_card("t", fields=[(f"f{i}", "v" * 1000) for i in range(25)], url="https://un.org/x")
    assert many.url == "https://un.org/x" and len(many.fields) < 25, "trimming fields keeps the link"
    wide = R.make_card("t", description="w " * 3000, fields=[("a", "b" * 1000)] * 3, footer="f" * 2000, url="https://un.org/x")
    assert wide.url == "https://un.org/x" and wide.footer == "f" * 2000


def test_make_card_keeps_a_card_of_exactly_6000_and_drops_one_field_at_a_time():
    fields = [("n" * 10, "v" * 990)] * 5  # 5000
    exact = R.make_card("t" * 100, "d" * 890, fields, footer="f" * 10)  # 100 + 890 + 10 + 5000 = 6000
    assert exact.total() == R.EMBED_TOTAL and len(exact.fields) == 5
    over = R.make_card("t" * 100, "d" * 891, fields, footer="f" * 10)
    assert len(over.fields) == 4 and over.description == "d" * 891


def test_a_description_too_long_for_the_total_is_cut_to_fill_it():
    card = R.make_card("t" * 256, "\n".join(["d" * 99] * 41), footer="f" * 2048)
    assert R.EMBED_TOTAL - 100 <= card.total() <= R.EMBED_TOTAL, card.total()
