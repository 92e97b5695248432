"""Rendering for Discord: the neutral views of bot.view as the exact text and embeds the bot sends.

Pure functions only. Discord's limits hold by construction. The package is split along its seams:

* ``measure`` — lengths as Discord counts them (UTF-16 code units), truncation, the limits;
* ``escape`` — user text echoed back (no mentions, markdown or links), engine text defused, URLs;
* ``pack`` — verbatim quote blocks under their citation, split at line, sentence or word
  boundaries when too long (later parts "(continued)"), blocks packed into few messages;
* ``markdown`` — a neutral view drawn as Discord markdown, cut between styled spans;
* ``messages`` — every text the bot sends (answers, lookups, find / toc / compare, errors, help…);
* ``cards`` — embeds within the embed limits (onboarding steps, glossary entries, /about).

Pings are prevented by ``AllowedMentions.none()`` on every send (bot.client). The names below
are the package's interface.
"""

from bot.render.cards import Card, about_card, card_of, card_text, card_to_embed, card_to_text, glossary_card, make_card, onboarding_card
from bot.render.escape import defuse_urls, escape_user_text, neutralise, safe_url
from bot.render.markdown import FOOTNOTES_CHARS, footnotes_line, render_view, span_markdown, text_markdown, text_pieces
from bot.render.measure import (
    CHOICE_NAME, ELLIPSIS, EMBED_DESCRIPTION, EMBED_FIELD_NAME, EMBED_FIELD_VALUE, EMBED_FIELDS, EMBED_FOOTER, EMBED_TITLE,
    EMBED_TOTAL, HEADING_CHARS, MAX_URL, MESSAGE_LIMIT, QUESTION_ECHO, THREAD_NAME, discord_len, one_line, truncate,
    truncate_lines,
)
from bot.render.messages import (
    ask_header, health_lines, question_line, render_answer, render_compare, render_cooldown, render_error, render_find,
    render_glossary_missing, render_help, render_not_allowed_channel, render_quotes, render_reindex_progress,
    render_reindex_result, render_toc, render_unknown_reference, render_welcome, thread_name,
)
from bot.view import NOT_INDEXED_YET
from bot.render.pack import CONTINUED, QUOTE_PREFIX, QuoteBlock, block_quote, citation_line, pack, split_plain, split_quote_block, split_spans

__all__ = [name for name in dir() if not name.startswith("_")]
