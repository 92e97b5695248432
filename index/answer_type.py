"""Whether a question asks for an amount of money or for who holds a post, and whether a paragraph gives it.

Pure functions. "How much has been pledged to the Trust Fund?" or "What is the 2026 budget of
the secretariat?" is answered only by a paragraph that states a sum; a paragraph about the fund
that states none is on the topic but does not answer, and quoting it would look like an answer.
The same holds for "Who will chair the Global Mechanism?": resolutions seldom name people, and a
paragraph that names no one, no chair and no presidency, does not say who. index.answering
abstains then ("None of the paragraphs found gives the amount asked for…", "… says who").
"""

from __future__ import annotations

import re

_MODIFIER = r"(?:total|minimum|maximum|overall|yearly|annual|approved|(?:19|20)\d\d|regular|exact)"
_ASKS_AMOUNT = re.compile(
    r"\bhow much\b"
    r"|\bhow many (?:dollars|euros|francs)\b"
    r"|\bwhat(?:'s|’s| is| was| are| were| will be)? (?:the )?(?:" + _MODIFIER + r" ){0,3}"
    r"(?:amount|sum|budget|cost|costs|appropriation|level of funding|funding level)\b"
    r"|\b(?:total|minimum|yearly|annual) (?:amount|appropriation|sum)\b",
    re.IGNORECASE,
)
_GIVES_AMOUNT = re.compile(
    r"\$|US\$|\b(?:dollars|euros|francs)\b|\bper cent\b|\bpercent\b|%"
    r"|\b\d[\d,.]*\s*(?:million|billion|thousand)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b",
    re.IGNORECASE,
)


def asks_for_amount(question: str) -> bool:
    """"How much money…", "What is the total amount…", "What is the 2026 budget of…"."""
    return bool(_ASKS_AMOUNT.search(question))


def gives_amount(text: str) -> bool:
    """The text states a sum: a currency, a percentage, or a figure in thousands or more."""
    return bool(_GIVES_AMOUNT.search(text))


_ASKS_PERSON = re.compile(
    r"\bwho (?:will|is going to|would|shall|is to|are to)? ?(?:chair|preside|lead|head|co-chair)\b"
    r"|\bwho (?:will|would|shall) be (?:the )?(?:chair|chairs|president|head|elected|appointed|nominated|selected)\b"
    r"|\bwho (?:is|was|are|were) (?:the )?(?:person|people|persons|chair|chairs|chairperson|president|head|leader|judges?)\b"
    r"|\bwho (?:has|have|had) been (?:appointed|elected|nominated|named|selected|chosen)\b",
    re.IGNORECASE,
)
_GIVES_PERSON = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr|H\.\s?E)\.?\s+[A-Z]|\bAmbassador\s+[A-Z]"
    r"|\b(?:chaired|presided over|co-chaired|headed|led) by\b"
    r"|\b(?:as|its) (?:Chair|Chairperson|Chairman|President|Co-Chairs?)\b"
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+ \((?:[A-Z][a-z]+ ?)+\)"
)


def asks_for_person(question: str) -> bool:
    """"Who will chair…", "Who is the President of…", "Who has been appointed to…"."""
    return bool(_ASKS_PERSON.search(question))


def gives_person(text: str) -> bool:
    """The text names someone for a post: "Mr. …", "Ambassador …", "chaired by", "as its Chair",
    "Burhan Gafoor (Singapore)"."""
    return bool(_GIVES_PERSON.search(text))


AMOUNT, PERSON = "amount", "person"


def asked_kind(question: str) -> str | None:
    """What kind of fact the question asks for, when only a paragraph stating one can answer it:
    AMOUNT, PERSON, or None (any paragraph on the topic may)."""
    if asks_for_amount(question):
        return AMOUNT
    if asks_for_person(question):
        return PERSON
    return None


def given_kinds(text: str) -> frozenset[str]:
    """The kinds of fact the text states, of those :func:`asked_kind` knows."""
    return frozenset(k for k, gives in ((AMOUNT, gives_amount), (PERSON, gives_person)) if gives(text))
