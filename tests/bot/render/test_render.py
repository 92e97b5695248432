"""bot.render: Discord limits by construction, verbatim quotes across splits, safe echoes, cards."""

from __future__ import annotations

import random
import re

import pytest

from bot import render as R
from bot import view as V
from index.models import Answer, Quote

LIMITS = (R.MESSAGE_LIMIT, 700, 160)
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]\n]*\]\(")


def quote(text: str, ref: str = "4", url: str = "https://example.org/A_80_999.pdf#page=5", heading: str = "II. C. Stakeholders") -> Quote:
    return Quote("A/80/999", "main", ref, text, 0.9, 5, url, heading, text)


def random_text(rng: random.Random, size: int) -> str:
    """Sentences, sub-paragraph lines, very long 'words', emoji and markdown-looking characters."""
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        kind = rng.random()
        if kind < 0.55:
            words = [rng.choice(["States", "the", "capacity-building", "non-State", "ICT", "@everyone", "*note*", "_x_", "«quoted»", "🌍", "mécanisme"]) for _ in range(rng.randint(3, 25))]
            parts.append(" ".join(words) + rng.choice([".", ";", ":", ".”", ","]) + " ")
        elif kind < 0.7:
            parts.append("\n(" + rng.choice("abcdefgh") + ") ")
        elif kind < 0.8:
            parts.append("x" * rng.randint(50, 400) + " ")
        else:
            parts.append("<@123456789012345678> " if rng.random() < 0.5 else "word " * rng.randint(1, 30))
    return "".join(parts).strip()


def blocks_of(messages: list[str]) -> list[tuple[str, str]]:
    """(citation line, quote text) for every quote piece in the messages."""
    found: list[tuple[str, list[str]]] = []
    for message in messages:
        head = None
        for line in message.split("\n"):
            if line.startswith("> "):
                assert head is not None, f"quote line outside a block: {line!r}"
                found[-1][1].append(line[2:])
            elif line == "**See also:**":
                head = None  # citation lines follow, not quotes
            elif line.startswith("**"):
                head = line
                found.append((line, []))
            elif line.strip():
                head = None
    return [(h, "\n".join(lines)) for h, lines in found]


def assert_pieces_cover(text: str, pieces: list[str]) -> None:
    """Each piece is verbatim text, in order, and only whitespace lies between them."""
    pos = 0
    for i, piece in enumerate(pieces):
        at = text.find(piece, pos)
        assert at >= 0, f"piece {i} is not verbatim: {piece[:60]!r}"
        assert text[pos:at].strip() == "", f"text lost before piece {i}: {text[pos:at]!r}"
        pos = at + len(piece)
    assert text[pos:].strip() == "", f"text lost at the end: {text[pos:]!r}"


# ---- limits and splitting ----------------------------------------------------------------

@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize("seed", range(12))
def test_long_quotes_split_within_limit_and_verbatim(limit: int, seed: int) -> None:
    rng = random.Random(seed * 31 + limit)
    text = random_text(rng, rng.choice([limit // 2, limit * 2, limit * 7]))
    messages = R.render_quotes([quote(text)], limit=limit)
    assert all(R.discord_len(m) <= limit for m in messages)
    pieces = blocks_of(messages)
    assert_pieces_cover(text, [p for _, p in pieces])
    if len(pieces) > 1:
        assert all(R.CONTINUED in head for head, _ in pieces[1:])
        assert R.CONTINUED not in pieces[0][0]


@pytest.mark.parametrize("limit", LIMITS)
def test_several_quotes_split_only_at_quote_boundaries_when_they_fit(limit: int) -> None:
    rng = random.Random(limit)
    candidates = [random_text(rng, rng.randint(20, limit // 3))[: limit // 3].strip() for _ in range(30)]
    texts = [t for t in candidates if R.discord_len(R.QuoteBlock.of(quote(t), limit).render()) <= limit][:9]
    assert len(texts) == 9
    messages = R.render_quotes([quote(t, ref=str(i + 1)) for i, t in enumerate(texts)], limit=limit)
    assert all(R.discord_len(m) <= limit for m in messages)
    pieces = blocks_of(messages)
    assert [p for _, p in pieces] == texts  # each whole, in order: none was cut
    assert len(messages) > 1


def test_split_prefers_line_then_sentence_boundaries() -> None:
    sentences = " ".join(f"Sentence number {i} is here." for i in range(200))
    pieces = [p for _, p in blocks_of(R.render_quotes([quote(sentences)]))]
    assert len(pieces) > 1
    assert all(p.endswith(".") for p in pieces)
    lines = "\n".join(f"({chr(97 + i % 26)}) item {i} without a full stop" for i in range(150))
    pieces = [p for _, p in blocks_of(R.render_quotes([quote(lines)]))]
    assert len(pieces) > 1
    assert all(p.endswith("full stop") for p in pieces)


def test_unbreakable_text_is_cut_hard_without_loss() -> None:
    text = "y" * 4500
    messages = R.render_quotes([quote(text)])
    assert all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
    assert "".join(p for _, p in blocks_of(messages)) == text


def test_length_is_counted_as_discord_counts_it() -> None:
    assert R.discord_len("🌍") == 2 and R.discord_len("é") == 1
    messages = R.render_quotes([quote("🌍" * 3000)])
    assert all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
    assert len(messages) >= 3


def test_plain_blocks_longer_than_the_limit_are_split() -> None:
    text = " ".join(["word"] * 1500)
    messages = R.pack([text], limit=R.MESSAGE_LIMIT)
    assert len(messages) == 4
    assert all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
    assert " ".join(messages).split() == text.split()


# ---- answers -----------------------------------------------------------------------------

def test_answer_has_question_then_cited_verbatim_quotes() -> None:
    q1 = quote("States expressed concern about ransomware.", ref="2")
    q2 = quote("Line one;\n(a) line two.", ref="3", url="")
    messages = R.render_answer(Answer("what about ransomware?", False, (q1, q2)))
    assert len(messages) == 1
    text = messages[0]
    assert text.startswith("**Question:** what about ransomware?")
    assert "**[A/80/999 ¶2 (p. 5)](<https://example.org/A_80_999.pdf#page=5>)** · *II. C. Stakeholders*\n> States expressed concern about ransomware." in text
    assert "**A/80/999 ¶3 (p. 5)**" in text and "](<>)" not in text  # no link without a url
    assert "> Line one;\n> (a) line two." in text


def test_answer_shows_at_most_max_quotes_and_can_omit_the_question() -> None:
    quotes = tuple(quote(f"Text {i}.", ref=str(i)) for i in range(1, 6))
    messages = R.render_answer(Answer("q", False, quotes), max_quotes=2, include_question=False)
    pieces = [(h, p) for h, p in blocks_of(messages) if p]
    assert [p for _, p in pieces] == ["Text 1.", "Text 2."]
    text = "\n".join(messages)
    assert text.count("• **[A/80/999") == 3 and "**See also:**" in text  # the rest cited, not quoted
    assert "Question" not in "".join(messages)


def test_see_also_is_citation_lines_with_links_never_text() -> None:
    from index.models import Citation

    cites = tuple(Citation("A/RES/80/16", "main", str(i), 1, f"https://example.org/r.pdf#page={i}", "Heading " + "x" * 200, 0.5)
                  for i in range(3, 12))
    answer = Answer("q", False, (quote("Text 1.", ref="1"), quote("Text 2.", ref="2")), see_also=cites)
    messages = R.render_answer(answer, max_quotes=1, include_question=False)
    text = "\n".join(messages)
    assert [p for _, p in blocks_of(messages)] == ["Text 1."]
    assert "Text 2." not in text  # the quote beyond max_quotes is cited, not quoted
    block = text.split("**See also:**\n", 1)[1].split("\n")
    assert block[0].startswith("• **[A/80/999 ¶2 (p. 5)](<https://example.org/A_80_999.pdf#page=5>)**")
    assert block[1].startswith("• **[A/RES/80/16 ¶3 (p. 1)](<https://example.org/r.pdf#page=3>)** · *Heading")
    assert len(block) == V.SEE_ALSO_LINES and all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
    alone = Answer("q", False, (quote("Text 1.", ref="1"),))
    assert "See also" not in "\n".join(R.render_answer(alone))
    plain = Answer("q", False, (quote("Text 1.", ref="1"),), see_also=(Citation("A/RES/80/16", "main", "PP2", None, ""),))
    assert R.render_answer(plain, include_question=False)[-1].endswith("**See also:**\n• **A/RES/80/16 PP2**")


def test_see_also_fits_the_limit_beside_long_quotes() -> None:
    from index.models import Citation

    cites = tuple(Citation("A/RES/80/16", "main", str(i), 1, "https://example.org/" + "p" * 400, "H" * 300) for i in range(5))
    answer = Answer("q", False, (quote("word " * 380),), see_also=cites)
    messages = R.render_answer(answer)
    assert all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
    assert "**See also:**" in messages[-1]


def test_abstention_quotes_nothing_and_points_to_para() -> None:
    answer = Answer("what is the colour of the sky?", True, message="I found no paragraph that answers this.", suggestions=("A/80/257: II. B. Rules",))
    messages = R.render_answer(answer)
    text = "\n".join(messages)
    assert not any(line.startswith(">") for line in text.split("\n"))
    assert text.count("no paragraph") + text.count("not quoting") == 1  # said once, not three times
    assert "I found no paragraph that answers this." in text
    assert "• A/80/257: II. B. Rules" in text and "Related headings" in text
    bare = "\n".join(R.render_answer(Answer("q", True)))
    assert "No paragraph answers this, so nothing is quoted." in bare  # the engine gave no reason


def test_a_lookup_abstention_is_its_message_alone() -> None:
    answer = Answer("para 2", True, mode="lookup", message="Name a document: this index has no default one.")
    assert R.render_answer(answer, include_question=False) == ["Name a document: this index has no default one."]


def test_lookup_abstention_lists_nearest_refs() -> None:
    answer = Answer("paragraph 99", True, mode="lookup", message="A/80/999 has no paragraph 99.", suggestions=("5", "4"))
    text = R.render_answer(answer)[0]
    assert "Nearest valid references:" in text and "• 5" in text
    named = Answer("paragraph 99", True, mode="lookup", message="A/80/999 has no paragraph 99. Nearest valid: 5, 4.", suggestions=("5", "4"))
    text = R.render_answer(named)[0]
    assert text.count("5") == 1 and "Nearest valid references:" not in text  # said once, in the message


def test_a_tool_answer_shows_its_summary_and_a_toc_is_not_an_abstention() -> None:
    toc = Answer("outline of A/80/999", False, mode="toc", message="A/80/999: 2 sections, 3 paragraphs.\nA. Threats — ¶1–2 (2)")
    text = "\n".join(R.render_answer(toc))
    assert "A. Threats — ¶1–2 (2)" in text and "nothing is quoted" not in text
    found = Answer("where is 'ransomware' used", False, (quote("States expressed concern about ransomware.", ref="2"),),
                   mode="find", message="“ransomware” appears 1 time in 1 paragraph of 1 document.")
    text = R.render_answer(found)[0]
    assert text.index("appears 1 time") < text.index("> States expressed concern")
    none = Answer("where is 'zzz' used", True, mode="find", message="No indexed paragraph contains “zzz”.")
    assert "No indexed paragraph contains “zzz”." in R.render_answer(none)[0]


def test_quote_text_is_never_escaped() -> None:
    raw = "Delegations noted @everyone, <@123456789012345678>, *stars* and _underscores_ [x](https://y.example)."
    text = R.render_answer(Answer("q", False, (quote(raw),)))[0]
    assert "> " + raw in text


# ---- echoed user text ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "evil",
    [
        "@everyone look",
        "@here now",
        "<@123456789012345678> hi",
        "<@&123456789012345678> role",
        "[click me](https://evil.example) and [two](<https://evil.example>)",
        "see <https://evil.example/x> or https://evil.example/y or HTTP://EVIL.EXAMPLE",
        "**bold** __u__ ~~s~~ ||spoiler|| `code`",
        "line one\n> quoted\n# heading",
    ],
)
def test_echoed_question_cannot_mention_or_link(evil: str) -> None:
    line = R.render_answer(Answer(evil, True, message="none"))[0].split("\n")[0]
    assert line.startswith("**Question:** ")
    shown = line.removeprefix("**Question:** ")
    assert not re.search(r"@(everyone|here)\b", shown)
    assert not re.search(r"<@[!&]?\d{17,20}>", shown)
    assert not MASKED_LINK.search(shown)
    assert not re.search(r"(?i)https?://", shown)  # no bare link either
    assert not re.search(r"(?<!\\)\*\*|(?<!\\)`|(?<!\\)\|\|", shown)
    assert "\n" not in shown


def test_escape_user_text_truncates_before_escaping() -> None:
    out = R.escape_user_text("a" * 1000, limit=50)
    assert R.discord_len(out) <= 50 and out.endswith(R.ELLIPSIS)


def test_engine_messages_keep_code_but_lose_links_and_mentions() -> None:
    out = R.render_error(Exception("Unknown document '[x](https://evil.example) @everyone': run `oewg build`"))
    assert not MASKED_LINK.search(out)
    assert "https://" not in out and "https:\\/\\/evil.example" in out
    assert "@everyone" not in out
    assert "`oewg build`" in out


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a.pdf#page=3", "https://example.org/a.pdf#page=3"),
        ("https://example.org/a (1).pdf", ""),
        ("https://example.org/a(1)>.pdf", "https://example.org/a%281%29%3E.pdf"),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_safe_url(url: str, expected: str) -> None:
    assert R.safe_url(url) == expected


def test_thread_name_is_short_single_line_without_mentions() -> None:
    name = R.thread_name("<@123456789012345678>  what does\nthe report say " + "about norms " * 30)
    assert len(name) <= R.THREAD_NAME and "\n" not in name and "<@" not in name
    assert name.startswith("what does the report say")
    assert R.thread_name("<@123456789012345678>") == "Question"


def test_cooldown_message_is_friendly_and_rounded_up() -> None:
    text = R.render_cooldown(2.1, 3, 10)
    assert "wait 3 s" in text and "3 questions every 10 s" in text


# ---- cards -------------------------------------------------------------------------------------

def test_make_card_enforces_every_embed_limit() -> None:
    card = R.make_card(
        title="T" * 400,
        description="\n".join(["d" * 100] * 60),
        fields=[(f"name {i} " + "n" * 300, "\n".join(["v" * 90] * 20)) for i in range(40)],
        footer="f" * 3000,
    )
    assert R.discord_len(card.title) <= R.EMBED_TITLE
    assert R.discord_len(card.description) <= R.EMBED_DESCRIPTION
    assert len(card.fields) <= R.EMBED_FIELDS
    assert all(R.discord_len(n) <= R.EMBED_FIELD_NAME and R.discord_len(v) <= R.EMBED_FIELD_VALUE for n, v in card.fields)
    assert R.discord_len(card.footer) <= R.EMBED_FOOTER
    assert card.total() <= R.EMBED_TOTAL
    embed = R.card_to_embed(card)
    assert len(embed) <= R.EMBED_TOTAL
    assert [f.name for f in embed.fields] == [n for n, _ in card.fields]


def test_make_card_shortens_the_description_when_it_alone_is_too_much() -> None:
    card = R.make_card(title="t", description="word " * 2000, fields=[("a", "b" * 1000)] * 3, footer="f" * 2000)
    assert card.total() <= R.EMBED_TOTAL and R.discord_len(card.description) <= R.EMBED_DESCRIPTION


def test_card_fields_are_never_empty() -> None:
    card = R.make_card("t", fields=[("", "")])
    assert card.fields == (("—", "—"),)


def test_card_text_has_the_same_words_as_the_embed() -> None:
    from bot import view as V

    card = V.CardView("Title", (V.text("Body text"),), (("Field", (V.text("Value"),)),), footer="Foot")
    embed = R.card_to_embed(R.card_of(card))
    text = R.card_text(card)
    for part in (embed.title, embed.description, embed.fields[0].name, embed.fields[0].value, embed.footer.text):
        assert part in text


def test_about_card_lists_documents_model_date_and_version() -> None:
    about = {
        "documents": [{"symbol": "A/80/257", "title": "Final report", "paragraphs": 120}],
        "built_at": "2025-11-01T12:00:00+00:00",
        "model": "all-MiniLM-L6-v2",
        "dim": 384,
        "format_version": 1,
        "app_version": "0.1.0",
        "paragraphs": 120,
    }
    card = R.about_card(about)
    text = "\n".join([card.title, card.description, *(f"{n}\n{v}" for n, v in card.fields)])
    for part in ("A/80/257", "Final report", "(120 paragraphs)", "2025-11-01", "all-MiniLM-L6-v2", "384", "0.1.0", "index format 1"):
        assert part in text


def test_about_card_shows_whole_titles() -> None:
    title = ("Open-ended Working Group on Security of and in the Use of Information and Communications Technologies "
             "2021-2025 established pursuant to General Assembly resolution 75/240")
    card = R.about_card({"documents": [{"symbol": "A/RES/80/16", "title": title, "paragraphs": 9}], "paragraphs": 9})
    assert title in card.fields[0][1]


def test_format_ref() -> None:
    from bot.view import format_ref

    assert [format_ref(r) for r in ("12", "12(b)", "PP3", "annex I 5", "annex 12")] == ["¶12", "¶12(b)", "PP3", "annex I ¶5", "annex ¶12"]


def test_reindex_result_lists_errors_within_the_limit() -> None:
    from types import SimpleNamespace

    report = SimpleNamespace(documents=3, skipped=1, paragraphs=420, errors=[f"bad{i}.pdf: unreadable " + "x" * 500 for i in range(9)], seconds=12.34)
    text = R.render_reindex_result(report)
    assert "3 document(s) (1 unchanged), 420 paragraphs" in text and "12.3 s" in text
    assert "9 file(s) could not be read" in text and "…and 4 more" in text
    assert R.discord_len(text) <= R.MESSAGE_LIMIT


# ---- real UN text --------------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("name", ["A_RES_80_5.md", "A_RES_80_16.md"])
def test_every_real_paragraph_renders_within_limits_and_verbatim(resolutions_dir, name: str) -> None:
    from index.parser import parse_file
    from index.quotes import whole_quote

    doc = parse_file(resolutions_dir / name)
    assert doc.paragraphs
    longest = 0
    for p in doc.paragraphs:
        q = whole_quote(p, "https://undocs.org/example.pdf#page=1", 1.0)
        messages = R.render_quotes([q])
        assert all(R.discord_len(m) <= R.MESSAGE_LIMIT for m in messages)
        assert_pieces_cover(q.text.strip(), [piece for _, piece in blocks_of(messages)])
        longest = max(longest, len(messages))
    if name == "A_RES_80_5.md":
        assert longest >= 4  # its longest paragraph (about 7,500 characters) needs several messages


def test_footnotes_are_a_line_under_the_quote_never_inside_it():
    from dataclasses import replace

    from index.models import Footnote

    q = replace(quote("States recalled the report of the group."),
                footnotes=(Footnote("2", "A/70/174."), Footnote("3", "See @everyone https://example.org/x.")))
    (msg,) = R.render_quotes([q])
    body, _, notes = msg.partition("\n\n")
    assert "A/70/174" not in body and body.endswith("> States recalled the report of the group.")
    assert notes.startswith("-# Footnotes: [2] A/70/174. · [3] See")
    assert "@everyone" not in notes  # footnote text is neutralised like any document text
    assert R.render_quotes([quote("No notes here.")])[0].count("Footnotes") == 0


def test_reindex_result_shows_the_parse_health():
    from types import SimpleNamespace

    from index.health import check_document
    from index.models import Paragraph

    def paras(*refs):
        return [Paragraph("A/RES/80/97", "main", r, "The Assembly decides to act on it.", order=i) for i, r in enumerate(refs)]

    report = SimpleNamespace(seconds=2.0, documents=2, skipped=0, paragraphs=4, errors=[], dropped=["A/RES/80/1"],
                             health=[check_document("A/RES/80/96", paras("1", "2")), check_document("A/RES/80/97", paras("1", "3"))])
    text = R.render_reindex_result(report)
    assert "Parse health: 1 of 2 document(s) numbered cleanly" in text
    assert "A/RES/80/97: main: missing 2" in text and "oewg check DOC" in text
    assert "dropped: A/RES/80/1" in text and R.discord_len(text) <= R.MESSAGE_LIMIT


def test_glossary_and_onboarding_say_when_the_paragraph_is_not_indexed_yet() -> None:
    from types import SimpleNamespace

    card = R.glossary_card(SimpleNamespace(term="PoC Directory", aliases=(), definition="d"), [])
    assert "not in the indexed documents yet" in card.fields[-1][1]
    assert R.render_quotes([], intro="**Step**", empty=R.NOT_INDEXED_YET)[0].endswith(R.NOT_INDEXED_YET)


def test_about_lists_the_content_that_cites_nothing_yet() -> None:
    about = {"documents": [], "content_problems": ["glossary term 'PoC Directory': none of the top 3 paragraphs …",
                                                    "onboarding step 'what': ref 'annex 9' in final-report does not resolve"]}
    card = R.about_card(about)
    name, value = card.fields[-1]
    assert name == "Not in the indexed documents yet (2)"
    assert "glossary term 'PoC Directory'" in value and "onboarding step 'what'" in value
    assert all(n != name for n, _ in R.about_card({"documents": []}).fields)
