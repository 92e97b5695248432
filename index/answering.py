"""What an answer shows: abstain (and why), which paragraphs to quote, which only to cite.

Pure functions over the ranked hits of one question, the question's specific terms
(index.specific_terms) and a few thresholds calibrated on the dev split of
``benchmarks/questions.jsonl`` (``python benchmarks/eval.py --split dev --modes hybrid --calibrate``
prints the grids they were chosen from):

1. A specific term of the question that no indexed paragraph holds means the documents do not
   cover the question when it is a name ("Haiti", "Kashmir": the documents would name it, unless
   a list joins it to a name they hold, or the thesaurus maps it to their wording: "Havana" is
   Cuba) or is rare in English (an acronym like "AUKUS", a word like "snapback"): abstain, "None
   of the indexed documents mentions Haiti." A word the model's tokenizer splits that English
   still uses ("watchdog", "leftover") weighs the same only when the best cosine is under
   ``uncommon_cosine`` (0.55, chosen on dev, blind sets 1–6 and the helpers' training questions:
   above it, the rest of the question matches a paragraph, and the word is the user's for the
   documents' "Organisation for the Prohibition of Chemical Weapons"). A common word missing
   from the index ("veto") is not enough alone (users say in their words what the documents say
   in theirs), but when rule 2 or 3 abstains it is named the same way, unless it is an everyday
   word ("enough"), which says nothing of what the documents lack.
2. When the best paragraph's cosine similarity is under ``min_cosine``, nothing answers; when no
   paragraph shares much wording with the question (BM25 under ``lexical_floor``, see below) and the best
   cosine is only middling (under ``lexical_cosine``), the nearest paragraphs are a near miss —
   unless the best one holds a name the question asks about and the question has no word the
   index lacks ("What does the GA say about Ukraine?": one rare word scores low in BM25 however
   well it matches; "the weather in Geneva tomorrow" stays a near miss).
BM25 scores grow with the log of the number of paragraphs (their IDF does), so the lexical test
divides them by ln(paragraphs indexed). Calibrated on dev (1,420 paragraphs): ``min_cosine``
0.30, ``lexical_floor`` 0.55 (a BM25 score of 4.0 there) with ``lexical_cosine`` 0.60
abstained on 24 of 38 near-domain questions for 6 of 193 answerable ones.

3. When the best paragraph shares little of the question's focus (index.focus: the question's
   content words weighted by their rarity in the index and in everyday English), the cosine must
   clear a higher bar: abstain when it is under ``focus_cosine - focus_weight * coverage``. A
   question the best paragraph does not cover at all needs a cosine of 0.46. Calibrated on dev
   and on the first blind question set (benchmarks/blind/blind1.jsonl; 93 near-domain questions
   in all): 0.46 with any weight from 0.3 to 1.4 abstained on 61 of the 93 for 9 of 233 answerable
   ones (0.6 is the middle of that range).

4. A question that asks for an amount ("How much has been pledged…?", "What is the 2026 budget
   of…?") is answered only by a paragraph that states a sum, one that asks how many only by one
   that gives a number, and one that asks who holds a post ("Who will chair…?") only by one that
   names someone for it, one that asks how States voted or who sponsored a text only by one that
   records a vote or sponsors (index.answer_type); when none of the candidates does, abstain: a paragraph on the fund that gives no figure is on the topic
   but does not answer. Likewise a question about "the fourth Meeting of States Parties" that
   only finds paragraphs on the third: none holds "fourth", so none is about it. When one does
   give the fact, the quotes that give it come first; when none of the quotes rule 6 chose gives
   it, the best-ranked candidate that does is quoted first (the others stay as they were).

5. When the answer gate (index.answer_gate, a small network over the question's and the
   paragraphs' vectors, trained on helper-written questions) judges that none of the best three
   candidates answers, abstain: the paragraphs are on the topic ("Who chairs the Global
   Mechanism?" finds the paragraphs that set it up) but do not say what is asked. When it is sure
   one of them answers (its score clears the gate's ``sure`` bar), rules 2 (the near miss) and 3
   (the focus) yield to it: a lay paraphrase shares little of its paragraph's wording but the gate,
   trained on such paraphrases, recognises the pair. Rule 1, the cosine floor and rule 4 still hold.

6. Otherwise the best paragraph is quoted, and so are the next ones that stay close to it in
   fused score (``quote_ratio``) and in cosine (``quote_margin``), up to ``max_quotes``; the rest
   of the ranked hits go to "See also" as citations only. On dev, 0.90 and 0.08 quote 1.8
   paragraphs an answer and keep a right paragraph among them as often as quoting 2 (0.88).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from index.specific_terms import EVERYDAY, RARE, UNCOMMON, Term, mentions_message

MAX_NAMED = 2  # more common words than this missing from the index: the question is off-topic, say so plainly
NOT_GIVEN = {
    "amount": "None of the paragraphs found gives the amount asked for: the indexed documents do not seem to state it.",
    "count": "None of the paragraphs found gives the number asked for: the indexed documents do not seem to state it.",
    "person": "None of the paragraphs found names who holds that post: the indexed documents do not seem to say.",
    "vote": "None of the paragraphs found records how States voted or who sponsored the text: the indexed documents do not seem to say.",
}
TRY_OTHER = " Try other words, or look a paragraph up by number with /para."
NOTHING_ANSWERS = "I found no paragraph that answers this." + TRY_OTHER
NOT_ANSWERED = ("The paragraphs found are on this topic, but none of them seems to answer the question: "
                "the indexed documents do not seem to say." + TRY_OTHER)
NEAR_MISS = ("The nearest paragraphs share little of the question's wording and not enough of its meaning to quote: "
             "the indexed documents do not seem to cover this." + TRY_OTHER)


@dataclass(frozen=True)
class Calibration:
    """Thresholds of the decisions, per retrieval mode (see benchmarks/eval.py --calibrate)."""

    min_cosine: float = 0.30  # best paragraph's cosine under this: abstain
    lexical_floor: float = 0.55  # no paragraph's BM25 score reaches this many times ln(paragraphs)…
    lexical_cosine: float = 0.60  # … and the best cosine is under this: abstain (a near miss)
    quote_ratio: float = 0.90  # a further quote keeps at least this share of the best fused score
    quote_margin: float = 0.08  # … and a cosine at most this far under the best one
    max_quotes: int = 3
    focus_cosine: float = 0.46  # the cosine needed when the best paragraph covers none of the question's focus…
    focus_weight: float = 0.6  # … less this times the share it covers (index.focus)
    uncommon_cosine: float = 0.55  # a word the model splits but English uses ("watchdog") abstains under this cosine


@dataclass(frozen=True)
class Candidate:
    """One ranked hit, as the decision sees it."""

    key: object  # what the caller uses to find the paragraph again (a paragraph id)
    cosine: float  # dense similarity of the question and the paragraph (best window)
    fused: float  # the mode's ranking score
    score: float  # the calibrated score shown with the quote (cosine, or BM25 for bm25 mode)
    lexical: float = 0.0  # BM25 score of the question and the paragraph, divided by ln(paragraphs indexed)
    gives: frozenset = frozenset()  # the kinds of fact the paragraph states (index.answer_type: "amount", "count", "person")
    ordinals: frozenset = frozenset()  # the ordinals of the question's numbered events it holds ("fourth")


@dataclass(frozen=True)
class Focus:
    """How much of the question's focus the best paragraph covers (index.focus), and what it lacks."""

    coverage: float = 1.0
    missing: tuple[str, ...] = ()  # the question's focus words that paragraph lacks, most informative first
    about: str = ""  # what that paragraph is about (its document's title)
    names_held: bool = False  # it holds a name the question asks about ("Ukraine"): wording shared enough


@dataclass(frozen=True)
class Decision:
    abstained: bool
    message: str = ""
    quotes: tuple = ()  # keys of the candidates to quote, best first
    see_also: tuple = ()  # keys of the candidates to cite only, best first


def focus_message(focus: Focus) -> str:
    """ "The nearest paragraphs, in “Nuclear disarmament”, do not mention “enlarged”, so none is quoted. …" """
    where = f", in “{focus.about}”," if focus.about else ""
    what = f"do not mention “{focus.missing[0]}”" if focus.missing else "do not cover what the question is about"
    return f"The nearest paragraphs{where} {what}, so none is quoted." + TRY_OTHER


def stops_answer(rarity: str | bool, best_cosine: float, cal: Calibration) -> bool:
    """Whether an unknown term of this rarity (index.specific_terms.term_rarity; True is RARE)
    alone makes the answer an abstention, given the best paragraph's cosine."""
    return rarity is True or rarity == RARE or (rarity == UNCOMMON and best_cosine < cal.uncommon_cosine)


def abstention_reason(terms: Sequence[Term], best_cosine: float, best_lexical: float, cal: Calibration,
                      rare: callable, focus: Focus | None = None, sure: bool = False) -> str:
    """Why to abstain, or "" to answer. ``rare(term)`` says how rare an unknown term is
    (index.specific_terms.term_rarity): RARE, not a word any reader would use for something the
    documents say in other words; UNCOMMON, a word the model splits but English uses ("watchdog"),
    which counts as rare only when the best paragraph's cosine is under ``uncommon_cosine``.
    ``sure``: the answer gate is sure a candidate answers, so rules 2 and 3 do not abstain."""
    unknown = [t for t in terms if not t.known]
    rarity = [rare(t) for t in unknown]
    strong = [t for t, r in zip(unknown, rarity) if stops_answer(r, best_cosine, cal)]
    if strong:
        return mentions_message(strong)
    nameable = [t for t, r in zip(unknown, rarity) if r != EVERYDAY]  # not "None … mentions “enough”"
    named = mentions_message(nameable) if nameable and len(unknown) <= MAX_NAMED else ""
    if best_cosine < cal.min_cosine:
        return named or NOTHING_ANSWERS
    held = focus is not None and focus.names_held and not unknown  # the name, and nothing the index lacks
    if sure:
        return ""
    if best_lexical < cal.lexical_floor and best_cosine < cal.lexical_cosine and not held:
        return named or NEAR_MISS
    if focus is not None and best_cosine < cal.focus_cosine - cal.focus_weight * focus.coverage:
        return named or focus_message(focus)
    return ""


def typed_first(cands: Sequence[Candidate], asks: str | None) -> list[Candidate]:
    """The candidates, those that give what the question asks for (index.answer_type) first, each
    group in its ranking order: "How many…" shows the quote with the number first."""
    if asks is None:
        return list(cands)
    return sorted(cands, key=lambda c: asks not in c.gives)


def choose_quotes(cands: Sequence[Candidate], cal: Calibration) -> tuple[tuple, tuple]:
    """(keys to quote, keys to cite) from candidates ranked best first; the first is always quoted."""
    if not cands:
        return (), ()
    best = cands[0]
    quotes = [best.key]
    rest = []
    for c in cands[1:]:
        close = (c.fused >= cal.quote_ratio * best.fused and c.cosine >= best.cosine - cal.quote_margin
                 and c.cosine >= cal.min_cosine)
        if close and len(quotes) < cal.max_quotes:
            quotes.append(c.key)
        else:
            rest.append(c.key)
    return tuple(quotes), tuple(rest)


def decide(cands: Sequence[Candidate], terms: Sequence[Term], cal: Calibration, rare: callable,
           check_cosine: bool = True, focus: Focus | None = None, asks: str | None = None,
           events: Sequence[tuple[str, str]] = (), answered: bool | None = None, sure: bool = False) -> Decision:
    """Abstain with a reason, or the quotes and the see-also citations. ``check_cosine`` is False
    for a retriever without cosines (BM25 alone), whose own threshold the caller applies.
    ``focus`` is the best candidate's coverage of the question's focus words (None: not checked).
    ``asks``: the kind of fact the question asks for (index.answer_type.asked_kind); when no
    candidate states one, nothing found answers it (rule 4). ``events``: the (ordinal, phrase) of
    each numbered meeting or conference the question names; when no candidate holds an ordinal,
    the documents found are about another one (rule 4). ``answered``: the answer gate's verdict on
    the best candidates (index.answer_gate); False abstains (rule 5), None when no gate was run.
    ``sure``: the gate is sure one of them answers; rules 2 and 3 yield (rule 5)."""
    best_cos = cands[0].cosine if cands else float("-inf")
    best_lex = max((c.lexical for c in cands), default=0.0)
    if not cands:
        reason = abstention_reason(terms, best_cos, best_lex, cal, rare) or NOTHING_ANSWERS
        return Decision(True, reason)
    reason = abstention_reason(terms, best_cos if check_cosine else 1.0, best_lex, cal, rare,
                               focus if check_cosine else None, sure)  # no cosine: no cosine bar to raise
    if reason:
        return Decision(True, reason)
    if asks is not None and not any(asks in c.gives for c in cands):
        return Decision(True, NOT_GIVEN[asks] + TRY_OTHER)
    for ordinal, phrase in events:
        if not any(ordinal in c.ordinals for c in cands):
            return Decision(True, f"None of the paragraphs found is about the {phrase}: the indexed documents do not "
                                  f"seem to mention it." + TRY_OTHER)
    if answered is False:
        return Decision(True, NOT_ANSWERED)
    quotes, see_also = choose_quotes(cands, cal)
    if asks is not None:  # the ones that give the asked fact come first, quoted even when they rank lower
        by_key = {c.key: c for c in cands}
        if not any(asks in by_key[k].gives for k in quotes):
            giver = next(c.key for c in cands if asks in c.gives)  # rule 4 passed: there is one
            quotes = (giver, *quotes[:cal.max_quotes - 1])
            see_also = tuple(c.key for c in cands if c.key not in quotes)
        quotes = tuple(c.key for c in typed_first([by_key[k] for k in quotes], asks))
    return Decision(False, "", quotes, see_also)
