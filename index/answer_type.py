"""Whether a question asks for an amount of money, a number, who holds a post or how States voted, and whether a paragraph gives it.

Pure functions. "How much has been pledged to the Trust Fund?" or "What is the 2026 budget of
the secretariat?" is answered only by a paragraph that states a sum; a paragraph about the fund
that states none is on the topic but does not answer, and quoting it would look like an answer.
The same holds for "How many States are parties to the Treaty?" (a paragraph that gives no number
does not say) and for "Who will chair the Global Mechanism?": resolutions seldom name people, and
a paragraph that names no one for a post does not say who. Nor is "How many countries voted in favour
of the Cuba resolution?" or "Who sponsored resolution 80/16?" answered by a paragraph that records
no vote and names no sponsor: a resolution's text seldom does. index.answering abstains then ("None
of the paragraphs found gives the amount asked for…", "… gives the number…", "… names who…",
"… records how States voted…").
"""

from __future__ import annotations

import re

from index.numbered_meetings import meeting_abbreviations
from index.ordinals import SPELLED_BELOW_HUNDRED, ordinal_forms
from index.textnorm import MONTH_NAMES

_MODIFIER = (r"(?:total|minimum|maximum|overall|yearly|annual|approved|(?:19|20)\d\d|regular|exact|programme|program|"
             r"proposed|estimated|cumulative|projected|expected|average|combined|net|un|u\.n\.|united nations)")
_HEAD = r"(?:^\s*|[,;:?(]\s*|\b(?:and|or|but|also|tell me|tell us)\s+)"  # where a question's own "how much" starts, not "tell them how much"
_ASKS_AMOUNT = re.compile(
    _HEAD + r"how much\b"
    r"|\bhow many (?:dollars|euros|francs)\b"
    r"|\bwhat(?:'s|’s| is| was| are| were| will be)? (?:the )?(?:" + _MODIFIER + r" ){0,4}"
    r"(?:amount|sum|budget|cost|costs|appropriation|level of funding|funding level)\b"
    r"|\b(?:total|minimum|yearly|annual) (?:amount|appropriation|sum)\b"
    r"|\bwhat (?:percentage|per ?cent|share of the (?:budget|costs?|expenses))\b",
    re.IGNORECASE,
)
_GIVES_AMOUNT = re.compile(
    r"\$|US\$|\b(?:dollars|euros|francs)\b|\bper cent\b|\bpercent\b|%"
    r"|\b\d[\d,.]*\s*(?:million|billion|thousand)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b",
    re.IGNORECASE,
)


def asks_for_amount(question: str) -> bool:
    """"How much money…", "What is the total amount…", "What is the 2026 budget of…", "What percentage…"."""
    return bool(_ASKS_AMOUNT.search(question))


def gives_amount(text: str) -> bool:
    """The text states a sum: a currency, a percentage, or a figure in thousands or more."""
    return bool(_GIVES_AMOUNT.search(text))


_ROLE = (r"(?:chair|chairs|chairperson|chairman|co-chairs?|president|head|leader|director[- ]general|"
         r"secretary[- ]general|executive director|high commissioner|high representative|special rapporteur|special envoy|judges?)")
_ASKS_PERSON = re.compile(
    r"\bwho (?:will|is going to|would|shall|is to|are to)? ?(?:chairs?|chaired|presides?|presided|leads?|led|heads?|headed|"
    r"co-chairs?|co-chaired)\b"
    r"|\bwho (?:will|would|shall) be (?:the )?(?:next |new )?(?:" + _ROLE + r"|elected|appointed|nominated|selected)\b"
    r"|\bwho (?:is|was|are|were) (?:the )?(?:current |present |new |next )?(?:person|people|persons|" + _ROLE + r")\b"
    r"|\bwho (?:has|have|had) been (?:appointed|elected|nominated|named|selected|chosen)\b"
    r"|\bwho (?:currently |now |presently )?(?:serves|served|acts|acted|sits) as\b"
    r"|\bwhich (?:ambassador|diplomat|official|person|individual|judge|expert)s? (?:is|was|were|are|will|held|holds|chairs|chaired|led|leads|heads|headed)\b"
    r"|\bwhich (?:country|state|member state|delegation) (?:(?:will|is to|is going to|would) (?:chair|preside|lead|head)"
    r"|(?:currently |now )?(?:chairs|chaired|presides|presided over|leads|led|heads|headed))\b",
    re.IGNORECASE,
)
_GIVES_PERSON = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr|H\.\s?E)\.?\s+[A-Z]|\bAmbassador\s+[A-Z]"
    r"|\b(?:chaired|presided over|co-chaired|headed|led) by\b"
    r"|\bas (?:its |the )?(?:Chair|Chairperson|Chairman|President|Co-Chairs?)\b"  # "elected … as its Chair", not "a statement of its President"
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+ \((?:[A-Z][a-z]+ ?)+\)"
)

_LATER_ORDINALS = "|".join(SPELLED_BELOW_HUNDRED[1:20])  # "second" … "twentieth": after "first", to 20
# no spelled ordinal begins another ("sixth", "sixtieth"), so the order of the alternatives is free
_ORDINAL = "(?:" + "|".join(SPELLED_BELOW_HUNDRED) + r"|\d+(?:st|nd|rd|th))"
_ASKS_COUNT = re.compile(_HEAD + r"how many\b|\bwhat (?:is the )?number of\b", re.IGNORECASE)
_MONTH = rf"(?:{MONTH_NAMES})"
_NOT_A_COUNT = re.compile(  # numbers that count nothing: references, dates, years, numbered sessions
    r"\b(?:resolutions?|decisions?|articles?|paragraphs?|annex(?:es)?|chapters?|rules?|principles?|protocols?|"
    r"sections?|items?|goals?|targets?|documents?|sessions?|No\.)\s+[\w/.\-]*\d[\w/.\-]*(?:\s*(?:,|and|to)\s*[\w/.\-]*\d[\w/.\-]*)*"
    r"|\b[A-Z]{1,5}(?:/[\w.\-]+)+"
    r"|\b\d{1,2}(?:\s*(?:to|and|-|–)\s*\d{1,2})?\s+" + _MONTH + r"\b|\b" + _MONTH + r"\s+\d{1,2}\b"
    r"|\b(?:1[89]|20)\d\d\b|\b\d+/\d+\b|\[\^?\d+\]"
    r"|\b" + _ORDINAL + r"\b",  # "its eighty-first session", "the 21st century": an order, not a count
    re.IGNORECASE,
)
_COUNT = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                    r"hundred|thousand|million|billion|dozen)\b", re.IGNORECASE)


def asks_for_count(question: str) -> bool:
    """"How many States have ratified…", "What is the number of…"."""
    return bool(_ASKS_COUNT.search(question))


# ordinals that number several events count them: "its tenth and eleventh substantive sessions"
_ENUMERATED = re.compile(r"\b(?:" + _LATER_ORDINALS + r")\s+(?:[\w-]+\s+){0,2}"
                         r"(?:sessions|meetings|conferences|rounds|cycles|reviews)\b", re.IGNORECASE)


def gives_count(text: str) -> bool:
    """The text states a number that counts something: "25 experts", "eleven substantive sessions",
    "its tenth and eleventh substantive sessions" (not "resolution 75/240", "1 to 5 June 2026",
    "article 12" or "its eighty-first session")."""
    return bool(_COUNT.search(_NOT_A_COUNT.sub(" ", text)) or _ENUMERATED.search(text))


def asks_for_person(question: str) -> bool:
    """"Who will chair…", "Who is the President of…", "Who has been appointed to…", "Who currently
    serves as…", "Which ambassador held…"."""
    return bool(_ASKS_PERSON.search(question))


def gives_person(text: str) -> bool:
    """The text names someone for a post: "Mr. …", "Ambassador …", "chaired by", "as its Chair",
    "Burhan Gafoor (Singapore)"."""
    return bool(_GIVES_PERSON.search(text))


_ASKS_VOTE = re.compile(  # the record of a vote or of a text's sponsors; not "allowed to vote" (Article 19)
    r"\bvot(?:ed|ing) (?:in favou?r|for|against|no|yes)\b|\babstained\b"
    r"|\bvote (?:count|tally|breakdown|results?)\b|\bvoting (?:record|results?|pattern|breakdown)\b|\brecorded vote\b"
    r"|\bhow did (?:the )?(?:vote|voting) go\b|\b(?:what|how) was the vote\b|\bresults? of the vote\b"
    r"|\b(?:who|which [\w -]{1,30}?) (?:sponsored|co-sponsored|cosponsored|tabled)\b"
    r"|\b(?:main |lead |original )?(?:co-?)?sponsors (?:of|were|are)\b",
    re.IGNORECASE,
)
_GIVES_VOTE = re.compile(
    r"\brecorded vote\b|\bvot(?:ed|es?|ing) (?:in favou?r|for|against)\b|\babstentions?\b|\babstained\b"
    r"|\b(?:co-?)?sponsor(?:s|ed)?\b|\btabled\b|\bwithout a vote\b|\bby consensus\b",
    re.IGNORECASE,
)


def asks_for_vote(question: str) -> bool:
    """"How many countries voted in favour…", "What was the vote count…", "Who sponsored…"."""
    return bool(_ASKS_VOTE.search(question))


def gives_vote(text: str) -> bool:
    """The text records a vote or a text's sponsors: "recorded vote", "voted against", "the
    co-sponsors of the 1995 resolution", "adopted without a vote" (not a "sponsorship programme")."""
    return bool(_GIVES_VOTE.search(text))


AMOUNT, COUNT, PERSON, VOTE = "amount", "count", "person", "vote"


def asked_kind(question: str) -> str | None:
    """What kind of fact the question asks for, when only a paragraph stating one can answer it:
    VOTE, AMOUNT, COUNT, PERSON, or None (any paragraph on the topic may). A vote's record comes
    first: "How many countries voted against…" asks for the vote, not any number."""
    if asks_for_vote(question):
        return VOTE
    if asks_for_amount(question):
        return AMOUNT
    if asks_for_person(question):
        return PERSON
    if asks_for_count(question):
        return COUNT
    return None


def given_kinds(text: str) -> frozenset[str]:
    """The kinds of fact the text states, of those :func:`asked_kind` knows."""
    checks = ((AMOUNT, gives_amount), (COUNT, gives_count), (PERSON, gives_person), (VOTE, gives_vote))
    return frozenset(k for k, gives in checks if gives(text))


# events a resolution numbers ("the ninth Biennial Meeting", "the third Review Conference"); not
# "session": "its eightieth session" is when the Assembly speaks, rarely what a question is about
_EVENT = r"(?:meeting|meetings|conference|conferences|review|summit|decade|cycle|round|special session)"
_NUMBERED_EVENT = re.compile(r"\b(" + _ORDINAL + r")\s+(?:[\w-]+\s+){0,2}" + _EVENT + r"\b", re.IGNORECASE)


def numbered_events(question: str) -> list[tuple[str, str]]:
    """(ordinal, phrase) for each numbered meeting, conference, review… the question names:
    "the fourth Meeting of States Parties" -> ("fourth", "fourth Meeting"); abbreviated too
    (index.numbered_meetings): "COP31" -> ("thirty-first", "thirty-first session of the
    Conference of the Parties (COP31)")."""
    spelled = [(m.group(1).lower(), m.group(0)) for m in _NUMBERED_EVENT.finditer(question)]
    short = [(a.ordinal, f"{a.wording} ({question[a.start:a.end]})") for a in meeting_abbreviations(question)]
    return spelled + short


def holds_ordinal(text: str, ordinal: str) -> bool:
    """The text holds that ordinal as a word ("fourth", "12th"), in figures or in words ("11th"
    and "Eleventh" are one ordinal, index.ordinals)."""
    return any(re.search(r"\b" + re.escape(form) + r"\b", text, re.IGNORECASE) is not None
               for form in ordinal_forms(ordinal))
