"""The texts the bot sends, as Discord messages: answers, lookups, find / toc / compare, errors,
help, cooldown, thread names, reindex progress and results. Each ``render_*`` returns messages
within Discord's 2000-character limit (most go through a neutral view of bot.view)."""

from __future__ import annotations

from typing import Any, Sequence

from discord.utils import escape_markdown

from bot import view as V
from bot.render.escape import _MENTION_SYNTAX, neutralise
from bot.render.markdown import render_view, text_markdown
from bot.render.measure import MESSAGE_LIMIT, THREAD_NAME, one_line, truncate, truncate_lines
from index.models import Answer, Quote


def question_line(question: str) -> str:
    return text_markdown(V.question_text(question))


def render_answer(answer: Answer, max_quotes: int = 3, *, include_question: bool = True, limit: int = MESSAGE_LIMIT) -> list[str]:
    """An answer as messages: the question (optional), then each quote with its citation, or
    one abstention message that quotes nothing."""
    return render_view(V.answer_view(answer, max_quotes, include_question=include_question), limit)


def render_quotes(quotes: Sequence[Quote], intro: str = "", *, limit: int = MESSAGE_LIMIT, empty: str = V.NO_QUOTE) -> list[str]:
    """Quotes (a /para lookup, an onboarding step's paragraphs) as messages, after an optional
    intro; each quote's footnotes on a small line under it; ``empty`` when there is none."""
    return render_view(V.quotes_view(quotes, intro, empty), limit)


def render_find(result: Any, limit: int = MESSAGE_LIMIT) -> list[str]:
    """/find: the summary, each document oldest first with its count, each paragraph with the
    occurrences in bold; as many messages (pages) as it takes."""
    return render_view(V.find_view(result), limit)


def render_toc(toc: Any, limit: int = MESSAGE_LIMIT) -> list[str]:
    return render_view(V.toc_view(toc), limit)


def render_compare(result: Any, limit: int = MESSAGE_LIMIT) -> list[str]:
    """/compare: the paragraph, the summary, each counterpart with ~~removed~~ and **added** words."""
    return render_view(V.compare_view(result), limit)


def render_error(err: Exception) -> str:
    """A user-ready error (OEWGError) as one safe message."""
    return truncate(neutralise(str(err)), MESSAGE_LIMIT)


def render_unknown_reference(err: Exception) -> str:
    """An unknown or malformed reference, with the nearest valid ones when known."""
    return truncate("\n".join(text_markdown(b) for b in V.unknown_reference_view(err, "discord")), MESSAGE_LIMIT)


def render_glossary_missing(term: str, suggestions: Sequence[str]) -> str:
    return truncate(text_markdown(V.glossary_missing_view(term, suggestions, "discord")[0]), MESSAGE_LIMIT)


def render_cooldown(retry_after: float, burst: int, seconds: float) -> str:
    return V.cooldown_text(retry_after, burst, seconds)


def render_not_allowed_channel(channel_ids: Sequence[int]) -> str:
    places = ", ".join(f"<#{c}>" for c in channel_ids[:10])
    return f"I only answer in {places}." if places else "I do not answer here."


def thread_name(question: str) -> str:
    """A thread title from the question: one line, no mention syntax, at most 100 characters."""
    text = one_line(_MENTION_SYNTAX.sub("", question).replace("\x00", ""))
    return truncate(text, THREAD_NAME) or "Question"


def ask_header(question: str, user_mention: str = "") -> str:
    """The message a /ask thread starts from."""
    who = f"{user_mention} asked: " if user_mention else ""
    return f"{who}{question_line(question)}"


def render_help(surface: str = "discord") -> str:
    """What the bot can do, in one message."""
    return render_view(V.help_view(surface))[0]


def render_welcome(member_mention: str) -> str:
    return (
        f"Welcome, {member_mention}! New to the OEWG Final Report? Run `/onboard` for a step-by-step guide "
        "to taking part in the Global Mechanism, or ask me anything with `/ask`."
    )


def render_reindex_progress(stage: str, done: int, total: int) -> str:
    label = {"parse": "Reading documents", "embed": "Embedding paragraphs", "write": "Writing the index"}.get(stage, stage)
    amount = f" {done}/{total}" if total else ""
    return f"Reindexing… {escape_markdown(label)}{amount}"


def render_reindex_result(report: Any, paragraphs_now: int | None = None) -> str:
    lines = [
        f"Reindex finished in {getattr(report, 'seconds', 0.0):.1f} s: {report.documents} document(s) "
        f"({report.skipped} unchanged), {report.paragraphs} paragraphs. New questions use the new index."
    ]
    errors = list(getattr(report, "errors", []) or [])
    if errors:
        lines.append(f"{len(errors)} file(s) could not be read:")
        lines += [f"• {neutralise(truncate(one_line(e), 300))}" for e in errors[:5]]
        if len(errors) > 5:
            lines.append(f"…and {len(errors) - 5} more (see the bot's log).")
    dropped = list(getattr(report, "dropped", []) or [])
    if dropped:
        lines.append(f"{len(dropped)} document(s) no longer in the sources were dropped: "
                     + neutralise(truncate(", ".join(dropped), 300)))
    lines += health_lines(list(getattr(report, "health", []) or []))
    return truncate_lines("\n".join(lines), MESSAGE_LIMIT)


def health_lines(reports: Sequence[Any], limit: int = 5) -> list[str]:
    """The parse health report in a few lines: clean documents counted, problems listed."""
    if not reports:
        return []
    bad = [r for r in reports if not r.ok]
    flagged = [r for r in reports if r.ok and r.suspicious]
    lines = [f"Parse health: {len(reports) - len(bad)} of {len(reports)} document(s) numbered cleanly"
             + (f", {sum(len(r.suspicious) for r in reports)} suspicious paragraph(s)" if any(r.suspicious for r in reports) else "") + "."]
    for r in bad[:limit]:
        lines.append(f"• {neutralise(r.symbol)}: {neutralise(truncate('; '.join(r.numbering_problems), 300))}")
    for r in flagged[: max(0, limit - len(bad))]:
        lines.append(f"• {neutralise(r.symbol)}: {neutralise(truncate(str(r.suspicious[0]), 200))}")
    if bad or flagged:
        lines.append("Run `oewg check DOC` on the server for the details.")
    return lines
