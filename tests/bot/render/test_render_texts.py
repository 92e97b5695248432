"""The bot's own texts, exactly: who asked, the cooldown, help for each surface, abstentions,
/reindex progress and results, glossary misses, and the cards (onboarding, glossary, about) as
the console prints them. The console and Discord show these words; the mutation pass
(benchmarks/MUTATION.md) showed that nothing else pinned their logic (counts, cut-offs,
fallbacks, which document a step cites)."""

from __future__ import annotations

from types import SimpleNamespace

from bot import render as R
from index.models import Answer, Quote


def quote(url: str = "https://x/a.pdf#page=5", heading: str = "B. Threats") -> Quote:
    return Quote("A/80/257", "annex", "12", "t", 1.0, 5, url, heading, "t", "annex")


def test_ask_header_says_who_asked_only_when_known():
    assert R.ask_header("q", "<@1>") == "<@1> asked: **Question:** q"
    assert R.ask_header("q") == "**Question:** q"


def test_cooldown_rounds_the_wait_up_and_counts_the_limit():
    assert R.render_cooldown(0.2, 1, 10) == "Easy there! Please wait 1 s before asking again (the limit is 1 question every 10 s)."
    assert R.render_cooldown(2.1, 3, 60.0) == "Easy there! Please wait 3 s before asking again (the limit is 3 questions every 60 s)."


def test_help_fits_its_surface():
    console, discord_help = R.render_help("console"), R.render_help()
    assert "/quit" in console and "`/para [DOC] REF`" in console and "/ask question:" not in console
    assert "`/ask question:`" in discord_help and "/quit" not in discord_help and discord_help == R.render_help("discord")


def test_abstentions_list_at_most_five_suggestions_of_200_characters():
    suggestions = tuple(f"A/RES/80/{i}: " + "h" * 300 for i in range(7))
    text = "\n".join(R.render_answer(Answer("q", True, mode="search", message="Nothing.", suggestions=suggestions), include_question=False))
    bullets = [line for line in text.split("\n") if line.startswith("• ")]
    assert len(bullets) == 5 and all(R.discord_len(b) == 2 + 200 for b in bullets)
    assert text.startswith("Nothing.\n\nRelated headings you could read:\n")
    lookup = R.render_answer(Answer("q", True, mode="lookup", message="No paragraph 99.", suggestions=("4", "3")), include_question=False)
    assert lookup == ["No paragraph 99.\n\nNearest valid references:\n• 4\n• 3"]  # the reason once, then what to read


def test_unknown_reference_points_to_the_autocomplete():
    assert R.render_unknown_reference(Exception("A/RES/80/16 has no paragraph 9.")) == (
        "A/RES/80/16 has no paragraph 9.\nStart typing in the `ref` option to see the valid references.")


def test_reindex_progress_and_results():
    assert R.render_reindex_progress("parse", 1, 4) == "Reindexing… Reading documents 1/4"
    assert R.render_reindex_progress("embed", 0, 0) == "Reindexing… Embedding paragraphs"
    assert R.render_reindex_progress("write", 1, 1) == "Reindexing… Writing the index 1/1"
    assert R.render_reindex_progress("other_stage", 2, 3) == "Reindexing… other\\_stage 2/3"

    def report(errors, **kw):
        return SimpleNamespace(documents=3, skipped=1, paragraphs=40, errors=errors, **kw)

    assert R.render_reindex_result(report([], seconds=2.25)) == (
        "Reindex finished in 2.2 s: 3 document(s) (1 unchanged), 40 paragraphs. New questions use the new index.")
    assert R.render_reindex_result(report([])).startswith("Reindex finished in 0.0 s:")
    five = R.render_reindex_result(report([f"file{i}.pdf: bad " + "x" * 400 for i in range(5)], seconds=1))
    lines = five.split("\n")
    assert lines[1] == "5 file(s) could not be read:" and len(lines) == 7 and "more" not in five
    assert all(R.discord_len(line) == 2 + 300 for line in lines[2:])
    six = R.render_reindex_result(report([f"file{i}.pdf: bad" for i in range(6)], seconds=1)).split("\n")
    assert six[-1] == "…and 1 more (see the bot's log)." and len(six) == 8


def test_glossary_misses_echo_the_term_safely_and_suggest_five():
    text = R.render_glossary_missing("x" * 150, [f"T{i}" for i in range(7)])
    assert text == (f"No glossary entry for “{'x' * 99}…”. Did you mean: T0, T1, T2, T3, T4? "
                    "Start typing in the `term` option to see the entries.")
    assert R.render_glossary_missing("zz", []) == "No glossary entry for “zz”. Start typing in the `term` option to see the entries."


def test_card_citations_link_only_when_there_is_an_address():
    def cited(q):
        return R.glossary_card(SimpleNamespace(term="X", aliases=(), definition="D"), [q]).fields[0][1]

    assert cited(quote()) == "[A/80/257 ¶12 (p. 5)](https://x/a.pdf#page=5) · B. Threats"
    assert cited(quote(url="")) == "A/80/257 ¶12 (p. 5) · B. Threats"
    assert cited(quote(heading=" ")) == "[A/80/257 ¶12 (p. 5)](https://x/a.pdf#page=5)"
    assert cited(quote(heading="h" * 100)).endswith(" · " + "h" * 79 + "…")


def test_card_to_embed_keeps_every_part():
    card = R.make_card("T", "D", [("N", "V")], footer="F", url="https://un.org/x")
    embed = R.card_to_embed(card)
    assert (embed.title, embed.description, embed.url, embed.colour.value, embed.footer.text) == ("T", "D", "https://un.org/x", 0x009EDB, "F")
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [("N", "V", False)]
    assert R.card_to_embed(R.make_card("T")).description is None


def test_onboarding_cards_say_where_the_report_says_it():
    step = SimpleNamespace(title="T", body="B", refs=("1", "annex I 5"), query="", doc="A/RES/80/16")
    assert R.card_to_text(R.onboarding_card(step, 1, 11)) == (
        "**T**\n\nB\n\n**In the report**\n¶1, annex I ¶5 of A/RES/80/16. Press **Quote the paragraph** to read the text."
        "\n\n*Step 2 of 11 · Back and Next move through the guide*")
    own = SimpleNamespace(title="T", body="B", refs=("PP3",), query="", doc="")
    assert "PP3 of the report." in R.card_to_text(R.onboarding_card(own, 0, 3))
    searched = SimpleNamespace(title="T", body="B", refs=(), query="points of contact", doc="")
    assert "read the paragraphs about “points of contact”" in R.card_to_text(R.onboarding_card(searched, 0, 3))
    bare = R.onboarding_card(SimpleNamespace(title="T", body="B", refs=(), query="", doc=""), 0, 3)
    assert bare.fields == ()


def test_glossary_cards():
    entry = SimpleNamespace(term="PoC", aliases=("points of contact", ""), definition="D")
    assert R.card_to_text(R.glossary_card(entry, [])) == (
        "**PoC**\n\nD\n\n**Also called**\npoints of contact\n\n**Where the report uses it**\n"
        "The paragraphs on this term are not in the indexed documents yet.\n\n*Read a paragraph in full with /para, e.g. /para ref:12*")
    cited = R.card_to_text(R.glossary_card(SimpleNamespace(term="X", aliases=(), definition="D"), [quote()]))
    q = quote()
    assert cited.endswith(f"/para ref:{q.ref} doc:{q.symbol}*")  # the example is a paragraph this index holds
    plain = R.glossary_card(SimpleNamespace(term="X", aliases=(), definition="D"), [quote()])
    assert [n for n, _ in plain.fields] == ["Where the report uses it"]
    assert plain.fields[0][1] == "[A/80/257 ¶12 (p. 5)](https://x/a.pdf#page=5) · B. Threats"
    two = R.glossary_card(SimpleNamespace(term="X", aliases=(), definition="D"), [quote(), quote(url="")])
    assert two.fields[0][1] == "[A/80/257 ¶12 (p. 5)](https://x/a.pdf#page=5) · B. Threats\nA/80/257 ¶12 (p. 5) · B. Threats"


def test_about_cards():
    about = {"documents": [{"symbol": "A/RES/80/16", "title": "T", "paragraphs": 4}, {"symbol": "A/RES/80/1"}],
             "built_at": "2025", "model": "m", "dim": 384, "format_version": 2, "app_version": "0.1.0", "paragraphs": 4}
    text = R.card_to_text(R.about_card(about))
    assert "**Documents indexed**\n**A/RES/80/16** — T (4 paragraphs)\n**A/RES/80/1**\n\n" in text
    assert "**Embedding model**\nm (384 dimensions)" in text and "**Version**\noewg-bot 0.1.0 · index format 2" in text
    assert "4 paragraphs indexed." in text and "**Index built**\n2025" in text
    assert "Final Report (A/80/257)" not in text  # it is not indexed: the card does not claim it
    report = R.card_to_text(R.about_card({"documents": [{"symbol": "A/80/257", "title": "Final report"}]}))
    assert "I answer questions about the OEWG 2021–2025 Final Report (A/80/257) and related UN documents" in report
    assert R.card_to_text(R.about_card({})) == (
        "**About this bot**\n\nI answer questions about the UN documents listed below "
        "with verbatim, cited paragraphs: 0 documents, 0 paragraphs indexed. I never paraphrase; every quote is the "
        "documents' own text, linked to the official PDF (to the quoted page when the document's pages are known)."
        "\n\n**Documents indexed**\nNone: run `oewg build`.\n\n"
        "**Index built**\nunknown\n\n**Embedding model**\nunknown\n\n**Version**\noewg-bot unknown")
    assert R.card_to_text(R.about_card({"app_version": "9.9"})).endswith("**Version**\noewg-bot 9.9")
    assert "**?**" in R.card_to_text(R.about_card({"documents": [{}]}))
    long_title = R.card_to_text(R.about_card({"documents": [{"symbol": "S", "title": "t" * 130}]}))
    assert f"**S** — {'t' * 130}" in long_title  # whole titles (the issue: A/RES/80/16's was cut)
    subs = R.card_to_text(R.about_card({"documents": [{"symbol": "S", "paragraphs": 9}], "paragraphs": 9, "subparagraphs": 3}))
    assert "1 document, 9 paragraphs (and 3 sub-paragraphs) indexed." in subs


def test_where_the_bot_answers_and_the_welcome():
    assert R.render_not_allowed_channel([1, 2]) == "I only answer in <#1>, <#2>."
    assert R.render_not_allowed_channel([]) == "I do not answer here."
    assert R.render_not_allowed_channel(list(range(12))).count("<#") == 10
    assert R.render_welcome("<@5>") == ("Welcome, <@5>! New to the OEWG Final Report? Run `/onboard` for a step-by-step guide "
                                        "to taking part in the Global Mechanism, or ask me anything with `/ask`.")
