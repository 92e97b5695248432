"""bot.view drawn on both surfaces: the same words for Discord (markdown within the limit, user
text escaped, bold and struck spans never cut across messages) and for a terminal (no markdown)."""

from __future__ import annotations

from bot import view as V
from bot.render import MESSAGE_LIMIT, discord_len, render_view, text_pieces
from bot.terminal import plain
from index.compare import DiffOp
from index.models import Answer, Quote


def quote(text="States agreed.", url="https://documents.un.org/x.pdf#page=2") -> Quote:
    return Quote("A/80/257", "annex", "12", text, 0.9, 2, url, "II. B. Rules", text, "annex")


def test_styles_on_both_surfaces():
    block = V.text(V.strong("Bold"), " ", V.Span("hit", V.HIT), " ", V.Span("gone", V.DEL), " ", V.Span("new", V.ADD),
                   " ", V.command("/para 12", "/para ref:12"), " ", V.Span("a*b_c", V.DOC))
    assert render_view((block,)) == ["**Bold** **hit** ~~gone~~ **new** `/para ref:12` a\\*b\\_c"]
    assert plain((block,)) == "Bold «hit» [-gone-] {+new+} /para 12 a*b_c"


def test_user_text_is_escaped_for_discord_and_kept_for_a_terminal():
    view = (V.question_text("@everyone [x](https://evil.example) **hi**"),)
    md = render_view(view)[0]
    assert "@everyone" not in md.replace("@\u200beveryone", "") and "\\[x]" in md and "\\*\\*hi" in md
    assert plain(view) == "Question: @everyone [x](https://evil.example) **hi**"


def test_a_long_styled_text_is_cut_between_spans_and_keeps_its_markers():
    diff = tuple(DiffOp(op, f"{op}word " * 60) for op in "=-+=-+")
    pieces = text_pieces(V.Text(V.diff_spans(diff)), 700)
    assert len(pieces) > 1
    for p in pieces:
        assert discord_len(p) <= 700
        assert p.count("~~") % 2 == 0 and p.count("**") % 2 == 0


def test_a_quote_is_verbatim_under_its_citation_everywhere():
    raw = "Delegations noted *stars*, _underscores_ and <@123456789012345678>."
    q = quote(raw)
    md = render_view(V.quotes_view([q]))[0]
    assert md.startswith("**[A/80/257 ¶12 (p. 2)](<https://documents.un.org/x.pdf#page=2>)** · *II. B. Rules*\n> " + raw)
    assert plain(V.quotes_view([q])) == f"A/80/257 ¶12 (p. 2) — II. B. Rules\n  {raw}\n  https://documents.un.org/x.pdf#page=2"


def test_see_also_is_cited_not_quoted():
    from types import SimpleNamespace

    cited = SimpleNamespace(citation=lambda: "A/80/257 ¶14 (p. 3)", url="https://documents.un.org/x.pdf#page=3", heading="C. Norms")
    answer = Answer("q", False, (quote(),))
    object.__setattr__(answer, "see_also", (cited,))
    text = plain(V.answer_view(answer, include_question=False))
    assert "See also:\n  • A/80/257 ¶14 (p. 3) · C. Norms" in text
    more = Answer("q", False, tuple(quote(f"Text {i}.") for i in range(4)))
    cited = plain(V.answer_view(more, 3, include_question=False))
    assert cited.count("Text ") == 3 and cited.endswith("See also:\n  • A/80/257 ¶12 (p. 2) · II. B. Rules")  # the 4th only cited


def test_help_differs_by_surface_only_in_how_commands_are_typed():
    discord_help = render_view(V.help_view("discord"))[0]
    console_help = plain(V.help_view("console"))
    assert "/para ref: doc:" in discord_help and "/para [DOC] REF" in console_help
    assert "/find" in discord_help and "/find PHRASE" in console_help
    assert discord_len(discord_help) <= MESSAGE_LIMIT and "**" not in console_help


def test_about_counts_paragraphs_as_the_build_does():
    about = {"documents": [{"symbol": "A/RES/80/16", "title": "T", "paragraphs": 9}], "paragraphs": 9, "subparagraphs": 4}
    text = plain((V.about_card(about, "console"),))
    assert "1 document, 9 paragraphs (and 4 sub-paragraphs) indexed" in text and "(9 paragraphs)" in text
