"""/find, /toc and /compare through the fake Discord: the real bot's replies, bold occurrences,
paging buttons within Discord's limits, and the word diff. Expected documents and counts come
from a plain search of the corpus files. Every send is also checked at teardown for Discord's
limits and empty allowed_mentions (``discord_invariants``)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import RESOLUTIONS_DIR
from tests.e2e.conftest import INDEX_FILES
from tests.e2e.corpus_text import body, operative_numbers, without_running_headers
from fakediscord.harness import custom_ids

pytestmark = pytest.mark.e2e

UPDATE = 7


def files_containing(phrase: str) -> list[str]:
    """Symbols of the indexed corpus files whose text contains the phrase (whitespace folded)."""
    found = []
    for name in INDEX_FILES:
        text = " ".join(without_running_headers(body(RESOLUTIONS_DIR / name)).split()).lower()
        if phrase.lower() in text:
            found.append(name.removesuffix(".md").replace("_", "/"))
    return found


def test_find_names_every_document_that_uses_the_phrase(harness):
    phrase = "information and communications technologies"
    expected = files_containing(phrase)
    assert expected, "the phrase should be in the corpus"
    ex = harness.command("find", phrase=phrase)
    text = ex.messages[0]["content"]
    assert re.search(r"appears \d+ times? in \d+ paragraphs?", text) and "first used in" in text
    assert f"**{phrase}**" in text.lower() or "**" in text
    for symbol in expected:
        assert symbol in text or "Page 1 of" in str(ex.messages[0].get("components"))


def test_a_long_find_pages_with_buttons_within_the_limits(harness):
    fake = harness.fake
    ex = harness.command("find", phrase="States")
    first = ex.messages[0]
    ids = custom_ids(first)
    assert len(ids) == 3, "Back, the page number and Next under a long result"
    labels = [c.get("label") for row in first["components"] for c in row["components"]]
    assert labels[1].startswith("Page 1 of ")
    pages = int(labels[1].rsplit(" ", 1)[1])
    assert pages >= 2
    click = fake.click(first["id"], ids[2])
    fake.recorder.wait_until(lambda: fake.callbacks(click), 10)
    assert fake.callbacks(click)[0].json["type"] == UPDATE
    harness.wait_quiet()
    now = fake.world.message(int(first["id"]))
    assert now["content"] != first["content"] and len(now["content"]) <= 2000
    assert [c.get("label") for row in now["components"] for c in row["components"]][1] == f"Page 2 of {pages}"


def test_toc_lists_the_sections_of_a_resolution(harness):
    ex = harness.command("toc", doc="A/RES/80/16")
    text = ex.messages[0]["content"]
    assert text.startswith("**A/RES/80/16**") and "Preamble — PP1" in text
    last = operative_numbers(RESOLUTIONS_DIR / "A_RES_80_16.md")[-1]
    assert f"{last} (" in text or f"–{last} " in text


def test_compare_shows_a_word_diff_or_says_nothing_is_close(harness):
    ex = harness.command("compare", ref="PP1", doc="A/RES/80/16", **{"with": "A/RES/80/20"})
    text = ex.messages[0]["content"]
    assert text.startswith("**[A/RES/80/16 PP1") or text.startswith("**A/RES/80/16 PP1")
    assert "counterpart" in text or "is close to" in text
    if "counterpart" in text:  # each counterpart comes with its diff: struck or bold words
        assert "~~" in text or "**" in text.split("counterpart", 1)[1]


def test_bad_input_is_answered_privately(harness):
    ex = harness.command("find", phrase="*")
    assert ex.messages[-1]["flags"] & 64 and "Cannot search for" in ex.messages[-1]["content"]
    ex = harness.command("toc", doc="A/RES/1/1")
    assert ex.messages[-1]["flags"] & 64 and "Unknown document" in ex.messages[-1]["content"]
