"""Which words of a question say what it is specifically about, and whether the index knows them.

Pure functions. A question's *specific terms* are its names (capitalised words inside a sentence,
joined when they follow each other: "Western Sahara"), acronyms ("AUKUS", "BBNJ"), words with
digits ("Youth4Disarmament"), years ("2050") and rare words (held by few paragraphs of the index,
or by none: "veto"). Question words, stop words and the documents' everyday vocabulary ("General Assembly",
"resolution", "States") never are. A term the thesaurus maps to the documents' wording counts as
known when that wording is in the index.

``unknown_terms`` gives the specific terms that no indexed paragraph holds: the engine then says
"None of the indexed documents mentions “veto”." instead of quoting the nearest paragraph.
``term_text`` words that message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from index.everyday import EVERYDAY_ZIPF
from index.wording import or_list

RARE_DF = 3  # a lower-case word held by at most this many paragraphs is specific
RARE_ZIPF = 2.8  # a word the index lacks is rare in English under this Zipf frequency (index.everyday)

# Words that never make a question specific: question and request words, stop words, and the
# documents' own everyday vocabulary (they are in almost every paragraph, or say nothing).
GENERIC = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each either else ever every few for from further had hadn't has hasn't have haven't having he her here hers
herself him himself his how however i if in into is isn't it it's its itself just least less let's like
many may me might more most much must mustn't my myself neither no nor not now of off on once only or other
ought our ours ourselves out over own per please quite rather really same shall she should shouldn't so
some such than that that's the their theirs them themselves then there there's these they this those
though through thus to too under until up upon us very was wasn't we were weren't what what's when where
which while who whom whose why will with within without won't would wouldn't yet you your yours yourself
ok okay hi hello thanks thank anything something everything nothing anyone someone somebody
say says said saying tell tells told telling mention mentions mentioned mentioning talk talks talked
speak speaks discuss discusses discussed discussing address addresses addressed addressing deal deals dealt
explain explains show shows know knows want wants need needs think thinks get gets got give gives given
make makes made take takes took going go goes went come comes came see seen look find found use used
happen happens happened happening done doing way ways thing things kind kinds sort lot lots part parts
actually still already just even ever really currently recently new next last first second third
year years yearly annual day days time times today date dates since until ago soon long
general assembly united nations nation un u.n. resolution resolutions decision decisions document documents
text texts paragraph paragraphs report reports session sessions state states country countries member members
government governments international world global national regional organization organizations
call calls called calling urge urges urged ask asks asked asking request requests requested decide decides decided
note notes noted welcome welcomes welcomed recall recalls recalled recognize recognizes recognise recognises
support supports supported encourage encourages encouraged invite invites invited reaffirm reaffirms
stress stresses stressed emphasize emphasizes express expresses expressed concern concerned position view views
regard regarding respect relation related relating context matter matters issue issues question questions
measure measures effort efforts action actions work works working role roles important importance need
possible right rights whether supposed allowed able planning plan plans""".split())

# Words of names that do not make a name specific: "Minamata Convention" is about Minamata.
NAME_GENERIC = frozenset("""
convention conventions treaty treaties protocol protocols agreement agreements accord conference conferences
committee council court courts republic kingdom organization organisation programme program declaration
charter statute code conduct agency office commission union group fund forum plan initiative summit
western eastern northern southern middle central east west north south new great upper lower
president minister prime secretary ambassador king queen prince general high special
sea seas ocean island islands state states nations united international world global
mr mrs ms dr""".split())

_NAME_LINKS = ("of", "de", "du", "la", "al")  # words inside a name: "Republic of Korea", "Cabo de Hornos"
_LETTER, _ALNUM = r"[^\W\d_]", r"[^\W_]"  # any script's letters ("Türkiye", "Curaçao"), and digits
_TOKEN = re.compile(rf"{_LETTER}(?:{_ALNUM}|[’'\-])*{_ALNUM}|{_LETTER}|\d+{_LETTER}{_ALNUM}*")
_SENTENCE_END = re.compile(r"[.?!:;]\s*$")
_YEAR = re.compile(r"(?<![\w/.])(?:19|20)\d\d(?![\w/])")  # "2050", "2026-2027"; not "80/2019" or "A/2019"
_DECADE = re.compile(r"(?:(?:mid|early|late)[-‐])?(?:19|20)\d0[’']?s", re.I)  # "1990s", "mid-1990s": a span of years
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_CONTRACTION = re.compile(r"(?:['’](?:ve|re|ll|d|m)|n['’]t)$", re.I)  # "they've", "we'd", "isn't": stop words


@dataclass(frozen=True)
class Term:
    """A specific term of a question."""

    text: str  # as typed: "Western Sahara", "AUKUS", "veto"
    words: tuple[str, ...]  # its words, lower case
    kind: str  # "acronym", "name", "coined" (digits inside), "year", "word" (a rare lower-case word)
    df: int  # paragraphs holding its rarest word (0: none does)
    mapped: bool = False  # the thesaurus maps it to wording the index holds
    listed: bool = False  # a name in a list with a name the index holds ("Nigeria, Senegal and Ghana")

    @property
    def known(self) -> bool:
        return self.df > 0 or self.mapped


def _is_acronym(token: str) -> bool:
    """Two capitals or more, at least half the letters: "AUKUS", "PoC", "HFCs" (not "Non-Proliferation")."""
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and 2 * upper >= len(letters)


def _words_with_starts(question: str) -> list[tuple[str, int, bool]]:
    """(token, start, starts a sentence) for each word-like token of the question."""
    out = []
    for m in _TOKEN.finditer(question):
        before = question[:m.start()]
        initial = not before.strip() or bool(_SENTENCE_END.search(before)) or before.rstrip().endswith(("\"", "“", "(", "-", "–"))
        tok = m.group(0).strip("'’-")
        if tok.lower().endswith(("'s", "’s")):
            tok = tok[:-2]  # "UN's", "else's"
        parts = tok.split("-")
        if len(parts) > 1 and _is_acronym(parts[0]) and all(p.islower() for p in parts[1:] if p):
            # "ECOSOC-accredited": the acronym, then the word it qualifies, each a token of its own
            start = m.start()
            for k, part in enumerate(parts):
                if part:
                    out.append((part, start, initial and k == 0))
                start += len(part) + 1
            continue
        out.append((tok, m.start(), initial))
    return out


def question_terms(question: str, df: Callable[[str], int], mapped: Callable[[int, int], bool] | None = None) -> list[Term]:
    """The specific terms of ``question``, in order.

    ``df(word)`` says how many indexed paragraphs hold a (lower-case) word; ``mapped(start, end)``
    says whether the thesaurus maps the question text at that span to wording the index holds.
    """
    tokens = _words_with_starts(question)
    terms: list[tuple[Term, int, int]] = []  # each with its span, for names_in_lists
    i = 0
    while i < len(tokens):
        tok, start, initial = tokens[i]
        low = tok.lower()
        if low in GENERIC or _CONTRACTION.search(low):
            i += 1
            continue
        if _DECADE.fullmatch(tok):
            terms.append((Term(tok, (low,), "year", df(low)), start, start + len(tok)))
            i += 1
            continue
        if _is_acronym(tok) or (any(c.isdigit() for c in tok) and any(c.isalpha() for c in tok)):
            kind = "acronym" if _is_acronym(tok) and not any(c.isdigit() for c in tok) else "coined"
            terms.append(_spanned(question, [tokens[i]], kind, df, mapped))
            i += 1
            continue
        capital = tok[:1].isupper() and low not in GENERIC
        nxt_capital = i + 1 < len(tokens) and tokens[i + 1][0][:1].isupper() and tokens[i + 1][0].lower() not in GENERIC
        if capital and (not initial or nxt_capital):
            j = i + 1  # a name: following capitalised words (and "of"/"de" inside) belong to it
            while j < len(tokens):
                t = tokens[j][0]
                prev_end = tokens[j - 1][1] + len(tokens[j - 1][0])
                if question[prev_end:tokens[j][1]].strip():
                    break  # punctuation between the words: "Nigeria, Senegal" are two names
                if t[:1].isupper() and t.lower() not in GENERIC and not _is_acronym(t):
                    j += 1
                elif t.lower() in _NAME_LINKS and j + 1 < len(tokens) and tokens[j + 1][0][:1].isupper():
                    j += 2
                else:
                    break
            terms.append(_spanned(question, tokens[i:j], "name", df, mapped))
            i = j
            continue
        if low not in GENERIC and len(low) > 2 and not low.isdigit():
            n = df(low)
            if n <= RARE_DF:
                terms.append(_spanned(question, [tokens[i]], "word", df, mapped))
        i += 1
    for m in _YEAR.finditer(question):  # only the years no paragraph holds: is_rare_term judges them
        if df(m.group(0)) == 0:
            terms.append((Term(m.group(0), (m.group(0),), "year", 0), m.start(), m.end()))
    terms.sort(key=lambda spanned: spanned[1])
    return names_in_lists(question, terms)


_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/\s*)$")


def names_in_lists(question: str, spanned: Sequence[tuple[Term, int, int]]) -> list[Term]:
    """The terms, with ``listed`` set on each unknown name of a list that holds a known one: in
    "countries like Nigeria, Senegal and Ghana", Ghana being indexed, the others are examples of
    what the question is about, not its subject."""
    out = [t for t, _, _ in spanned]
    names = [(k, s, e) for k, (t, s, e) in enumerate(spanned) if t.kind == "name"]
    chains: list[list[int]] = []
    for n, (k, start, _) in enumerate(names):
        joined = n > 0 and _LIST_GLUE.match(question[names[n - 1][2]:start])
        if joined:
            chains[-1].append(k)
        else:
            chains.append([k])
    for chain in chains:
        if len(chain) > 1 and any(out[k].known for k in chain):
            for k in chain:
                if not out[k].known:
                    out[k] = replace(out[k], listed=True)
    return out


def _spanned(question: str, toks: Sequence[tuple[str, int, bool]], kind: str, df: Callable[[str], int],
             mapped: Callable[[int, int], bool] | None) -> tuple[Term, int, int]:
    """A term of one or more words, with where it starts and ends in the question; a name is as
    known as its best-known word (some part of it is in the index, or mapped by the thesaurus:
    "Palestinian President"), a word as itself."""
    toks = [t for t in toks if t[0].lower() not in _NAME_LINKS]
    start, end = toks[0][1], toks[-1][1] + len(toks[-1][0])
    text = question[start:end]
    if mapped and mapped(start, end):
        return Term(text, tuple(t[0].lower() for t in toks), kind, df(toks[0][0].lower()), True), start, end
    if kind == "name":  # its distinctive words decide: "Minamata" in "Minamata Convention"
        toks = [t for t in toks if t[0].lower() not in NAME_GENERIC] or toks[:0]
        if not toks:
            return Term(text, (), kind, 1, False), start, end
        toks = [t for t in toks if not (mapped and mapped(t[1], t[1] + len(t[0])))]
        if not toks:
            return Term(text, (), kind, 1, True), start, end
    parts = [w for t in toks for w in t[0].lower().split("-") if w] if kind == "name" else [t[0].lower() for t in toks]
    counts = {w: name_df(w, df) if kind == "name" else df(w) for w in parts}  # "China-Russia": China, Russia
    missing = tuple(w for w, n in counts.items() if n == 0)
    words = missing or tuple(counts)  # the words the index lacks, if any: they decide how rare it is
    return Term(text=text, words=words, kind=kind, df=min(counts.values(), default=0)), start, end


_ADJECTIVE_ENDINGS = ("n", "an", "ian", "ean", "ese", "i", "ic", "ish", "o")


def name_forms(word: str) -> list[str]:
    """The word of a name and the adjectives the documents may write for it instead: "russia" ->
    russian, "europe" -> european, "sahel" -> sahelo ("Sahelo-Saharan"), "china" -> chinese."""
    stems = [word] + ([word[:-1]] if word[-1:] in "aey" and len(word) > 3 else [])
    return [word] + [s + e for s in stems for e in _ADJECTIVE_ENDINGS if s + e != word]


def name_df(word: str, df: Callable[[str], int]) -> int:
    """Paragraphs holding the word of a name, or else its adjective (``name_forms``): a question on
    "Europe's union" is about the European Union the documents name."""
    return df(word) or max((df(f) for f in name_forms(word)[1:]), default=0)


_SUFFIXES = ("ing", "ed", "es", "s", "ly", "er", "ers", "ation", "ations", "ment", "ments")


def word_forms(word: str) -> list[str]:
    """The word and the plain forms it may come from: "outlawing" -> outlaw, "penalising" ->
    penalise, penalize; "revisit" -> visit; "bomblets" -> bomblet."""
    w = word.lower().strip("'’")
    forms = [w]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: -len(suf)]
            forms += [base, base + "e"]
            if len(base) > 3 and base[-1] == base[-2]:
                forms.append(base[:-1])  # "dropped" -> drop
    forms += [f.replace("is", "iz") for f in forms if "is" in f]  # British -ise spellings
    forms += [f.replace("our", "or") for f in forms if "our" in f]
    if w.startswith("re") and len(w) > 5:
        forms.append(w[2:])
    return list(dict.fromkeys(forms))


def is_rare_word(word: str, vocabulary: frozenset[str]) -> bool:
    """True when neither ``word`` nor a plain form of it is a whole word of ``vocabulary`` (the
    embedding model's tokenizer, which keeps the common words of the text it learnt from whole)."""
    return not any(f in vocabulary for f in word_forms(word))


def english_zipf(word: str, zipf: Callable[[str], float]) -> float:
    """How common the word, or its commonest plain form, is in everyday English (index.everyday)."""
    return max(zipf(f) for f in word_forms(word))


RARE, UNCOMMON, EVERYDAY = "rare", "uncommon", "everyday"


def term_rarity(term: Term, vocabulary: frozenset[str], latest_year: int | None = None,
                zipf: Callable[[str], float] | None = None) -> str:
    """How strongly a term the index lacks says the documents do not cover the question: RARE,
    UNCOMMON, EVERYDAY or "".

    RARE: a name ("Haiti", "Kashmir": the documents would name it), unless a list joins it to a name
    they hold; a year later than ``latest_year`` (the newest document's): documents that plan for a
    later year write it ("2027"), so one they never write ("by 2050") is not in their plans (an
    earlier year is not: users date a treaty, "the 1945 Charter", where the documents name it); an
    acronym or coined word the model's vocabulary lacks; a word rare in English ("snapback",
    "deratification": the tokenizer splits it and, given ``zipf``, it is under ``RARE_ZIPF``).
    UNCOMMON: a word the tokenizer splits but that is common enough in English ("watchdog",
    "leftover", "rulebook"): users say in their words what the documents say in theirs, so it
    weighs only when the question matches no paragraph well (index.answering). EVERYDAY: a word as
    common in English as ``index.everyday.EVERYDAY_ZIPF`` ("enough", "feel"): it never decides,
    and an abstention does not name it as what the documents lack. "": a word the vocabulary holds
    whole ("veto"), and a nationality adjective ("Japanese atomic bomb survivors"), which
    qualifies what the question is about rather than naming it."""
    if term.kind == "name":
        return RARE if not term.listed and not is_demonym(term) else ""
    if term.kind == "year":  # a decade by its first year: "the 1990s"
        later = latest_year is not None and int(_YEAR_DIGITS.search(term.text).group(0)) > latest_year
        return RARE if later else ""
    if zipf is not None and term.kind == "word" and all(english_zipf(w, zipf) >= EVERYDAY_ZIPF for w in term.words):
        return EVERYDAY
    if not vocabulary:
        return RARE if term.kind in ("acronym", "coined") else ""
    split = [w for part in term.words for w in part.split("-") if w and is_rare_word(w, vocabulary)]
    if not split:
        return ""
    if zipf is None or term.kind != "word" or any(english_zipf(w, zipf) < RARE_ZIPF for w in split):
        return RARE
    return UNCOMMON


def is_rare_term(term: Term, vocabulary: frozenset[str], latest_year: int | None = None,
                 zipf: Callable[[str], float] | None = None) -> bool:
    """Whether the term alone says the documents do not cover the question (``term_rarity`` RARE)."""
    return term_rarity(term, vocabulary, latest_year, zipf) == RARE


_DEMONYM_ENDINGS = ("ese", "ian", "ean", "ish", "ican")


def is_demonym(term: Term) -> bool:
    """A one-word name with the ending of a nationality adjective: "Japanese", "Syrian", "Korean",
    "Turkish", "American" (not "Haiti", "Taiwan" or "Kashmir")."""
    return term.kind == "name" and len(term.words) == 1 and " " not in term.text and \
        term.words[0].endswith(_DEMONYM_ENDINGS) and len(term.words[0]) > 5


def unknown_terms(terms: Iterable[Term]) -> list[Term]:
    """The specific terms no indexed paragraph holds and the thesaurus does not map."""
    return [t for t in terms if not t.known]


def term_text(term: Term) -> str:
    """How a message names the term: “veto” for a word (quoted: "the tomorrow" would not read),
    "AUKUS" or "Western Sahara" as typed."""
    return f"“{term.text}”" if term.kind == "word" else term.text  # a year as typed too: "2050"


MENTIONS = "None of the indexed documents mentions"


def mentions_message(terms: Sequence[Term]) -> str:
    """ "None of the indexed documents mentions “veto”." (or "… mentions Rohingya or Rakhine.")"""
    return f"{MENTIONS} {or_list([term_text(t) for t in terms])}."
