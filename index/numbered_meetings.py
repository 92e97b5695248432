"""Numbered meetings written short: "COP29", "13MSP", "CSP11", "RevCon4", "BMS9", "FfD4".

Delegates write a numbered meeting the way its own papers abbreviate it; General Assembly
resolutions spell it out: "the twenty-ninth session of the Conference of the Parties", "the
Thirteenth Meeting of States Parties", "the Fourth Review Conference". ``meeting_abbreviations``
finds such abbreviations in a question and gives the documents' wording, with its ordinal:
the thesaurus adds the wording to the query (index.thesaurus), and rule 4 of index.answering
checks the ordinal (index.answer_type.numbered_events), so a question on COP31 is not answered
with the paragraphs on COP29.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ordinals import spelled_ordinal

# abbreviation (as delegates write it, matched in any case) -> the documents' wording, "{}" the ordinal
MEETINGS = {
    "COP": "{} session of the Conference of the Parties",
    "MSP": "{} Meeting of States Parties",
    "CSP": "{} Conference of States Parties",
    "RevCon": "{} Review Conference",
    "BMS": "{} Biennial Meeting of States",
    "FfD": "{} International Conference on Financing for Development",
}
_NAMES = "|".join(MEETINGS)
_BY_KEY = {k.casefold(): v for k, v in MEETINGS.items()}
# "COP29", "COP 29", "COP-29", "MSP13"; or the number first: "13MSP", "4RevCon"
_AFTER = re.compile(r"(?<!\w)(" + _NAMES + r")[\s-]?(\d{1,3})(?!\w)", re.IGNORECASE)
_BEFORE = re.compile(r"(?<![\w.,])(\d{1,2})-?(" + _NAMES + r")(?!\w)", re.IGNORECASE)  # not "3.5MSP"


@dataclass(frozen=True)
class MeetingAbbreviation:
    """An abbreviated numbered meeting found in a text."""

    start: int
    end: int
    ordinal: str  # in words, as the documents write it: "twenty-ninth"
    wording: str  # "twenty-ninth session of the Conference of the Parties"


def meeting_abbreviations(text: str) -> list[MeetingAbbreviation]:
    """Each abbreviated numbered meeting of ``text``, left to right (a number with no word form,
    over 199, is left alone)."""
    found = []
    for rx, name_group, number_group in ((_AFTER, 1, 2), (_BEFORE, 2, 1)):
        for m in rx.finditer(text):
            ordinal = spelled_ordinal(int(m.group(number_group)))
            if ordinal is None:
                continue
            wording = _BY_KEY[m.group(name_group).casefold()].format(ordinal)
            found.append(MeetingAbbreviation(m.start(), m.end(), ordinal, wording))
    return sorted(found, key=lambda a: a.start)
