"""Onboarding guide and glossary: the shipped files load, bad files are refused, look-ups and checks work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.errors import BadReference, OEWGError, UnknownDocument, UnknownReference
from index.models import Quote
from index.refs import parse_ref
from sources.catalog import load_catalog
from sources.content import (
    MAX_BODY,
    MAX_DEFINITION,
    ContentError,
    GlossaryEntry,
    OnboardingStep,
    check_content,
    complete_terms,
    expand_links,
    find_term,
    load_glossary,
    load_onboarding,
    mentions_any,
    tidy_text,
)

REQUIRED_TERMS = [
    "OEWG", "GGE", "APR", "CBM", "PoC Directory", "acquis", "framework of responsible State behaviour",
    "ECOSOC status", "non-objection", "First Committee", "consensus", "thematic group",
    "capacity-building", "critical infrastructure",
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def steps(catalog):
    return load_onboarding(catalog=catalog)


@pytest.fixture(scope="module")
def glossary(catalog):
    return load_glossary(catalog=catalog)


# ---- the shipped files --------------------------------------------------------------------------


def test_onboarding_has_a_full_guide(steps, catalog):
    assert 8 <= len(steps) <= 12
    assert len({s.id for s in steps}) == len(steps)
    for s in steps:
        assert s.title and s.body and len(s.body) <= MAX_BODY
        assert s.refs or s.query
        assert catalog.get(s.doc) is not None
        assert "{url:" not in s.body and "{symbol:" not in s.body
        for ref in s.refs:
            parse_ref(ref)


def test_onboarding_covers_the_topics_the_issue_lists(steps):
    text = "\n".join(s.title + "\n" + s.body for s in steps).casefold()
    for needle in ["plenary", "thematic group", "review conference", "every five years", "consultative status",
                   "non-objection", "points of contact directory", "capacity-building portal", "accredited",
                   "written", "organizational session"]:
        assert needle in text, needle


def test_onboarding_links_are_built_from_the_catalog(catalog):
    official = load_onboarding(catalog=catalog)
    texts = next(s for s in official if s.id == "texts")
    for name in ("final-report", "apr-2024", "res-80-16"):
        assert catalog.get(name).pdf_url() in texts.body
    mirrored = load_catalog(base_url="http://127.0.0.1:9")
    moved = next(s for s in load_onboarding(catalog=mirrored) if s.id == "texts")
    assert mirrored.get("final-report").pdf_url() in moved.body
    assert "documents.un.org" not in moved.body


def test_glossary_has_30_terms_including_the_required_ones(glossary):
    assert len(glossary) >= 30
    for name in REQUIRED_TERMS:
        assert find_term(glossary, name) is not None, name
    assert find_term(glossary, "acquis") is find_term(glossary, "Framework of responsible State behaviour")
    for e in glossary:
        assert e.definition and len(e.definition) <= MAX_DEFINITION
        assert e.refs or e.query


def test_glossary_definitions_are_not_copied_from_background_pages(glossary, steps):
    """Our own words: no 12-word run of a definition or step appears in the background pages."""
    background = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "background"
    if not background.is_dir():
        pytest.skip(f"background pages not found at {background}")

    def words(text: str) -> list[str]:
        text = text.casefold().replace("-", " ")
        for name in OFFICIAL_NAMES:  # proper names are quoted as they are, not copied prose
            text = text.replace(name, " ")
        return re.findall(r"\w+", text)

    bg = words(" ".join(p.read_text(encoding="utf-8") for p in background.glob("*.txt")))
    runs = {" ".join(bg[i:i + 12]) for i in range(len(bg) - 11)}
    for text in [e.definition for e in glossary] + [s.body for s in steps]:
        own = words(text)
        copied = [" ".join(own[i:i + 12]) for i in range(len(own) - 11) if " ".join(own[i:i + 12]) in runs]
        assert not copied, copied[0]


OFFICIAL_NAMES = [
    "open ended working group on security of and in the use of information and communications technologies",
    "global mechanism on developments in the field of icts in the context of international security",
    "global ict security cooperation and capacity building portal",
    "global intergovernmental points of contact directory",
]


# ---- validation of bad files --------------------------------------------------------------------

STEP = '''
[[step]]
id = "who"
title = "Who can take part"
body = "Plain words."
query = "consultative status with the Economic and Social Council"
'''


@pytest.mark.parametrize(
    "text, message",
    [
        (STEP.replace('body = "Plain words."\n', ""), r"step 'who'.*missing or empty 'body'"),
        (STEP.replace('"Plain words."', '"   "'), r"step 'who'.*missing or empty 'body'"),
        (STEP.replace('"Plain words."', '"' + "x" * (MAX_BODY + 1) + '"'), r"step 'who'.*'body' is 901 characters"),
        (STEP.replace('query = "consultative status with the Economic and Social Council"\n', ""),
         r"step 'who'.*needs paragraph 'refs' or a search 'query'"),
        (STEP + STEP, r"step 'who'.*id 'who' is used twice"),
        (STEP + 'querry = "typo"\n', r"unknown field\(s\) \['querry'\]"),
        (STEP + 'refs = ["paragraph twelve"]\n', r"step 'who'.*not a paragraph reference"),
        (STEP + 'doc = "no-such-doc"\n', r"doc 'no-such-doc' is not in the catalog"),
        (STEP.replace('"Plain words."', '"See {url:no-such-doc}."'), r"link to unknown document 'no-such-doc'"),
        (STEP.replace('id = "who"', 'id = "Who Can"'), r"id must be lower-case"),
        ('title = "Guide"\n' + STEP, r"unknown top-level key"),
        ("", r"no \[\[step\]\] entries"),
        (STEP + "[[step\n", r"not valid TOML"),
    ],
)
def test_bad_onboarding_files_are_refused(tmp_path, catalog, text, message):
    path = tmp_path / "onboarding.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=message) as info:
        load_onboarding(path, catalog=catalog)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


TERM = '''
[[term]]
term = "Consensus"
aliases = ["adopted by consensus"]
definition = "Agreement without a vote."
query = "adopted by consensus"
'''


@pytest.mark.parametrize(
    "text, message",
    [
        (TERM.replace('"Agreement without a vote."', '""'), r"term 'Consensus'.*missing or empty 'definition'"),
        (TERM.replace('"Agreement without a vote."', '"' + "y" * (MAX_DEFINITION + 1) + '"'),
         r"term 'Consensus'.*'definition' is 401 characters"),
        (TERM + TERM, r"'Consensus' is already a term or alias of 'Consensus'"),
        (TERM + TERM.replace('term = "Consensus"', 'term = "Agreement"'),
         r"term 'Agreement'.*'adopted by consensus' is already a term or alias of 'Consensus'"),
        (TERM.replace('query = "adopted by consensus"\n', ""), r"needs paragraph 'refs' or a search 'query'"),
        (TERM.replace('["adopted by consensus"]', '"adopted by consensus"'), r"'aliases' must be a list"),
        (TERM.replace('term = "Consensus"\n', ""), r"term #1.*missing or empty 'term'"),
    ],
)
def test_bad_glossary_files_are_refused(tmp_path, catalog, text, message):
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=message) as info:
        load_glossary(path, catalog=catalog)
    assert str(path) in str(info.value)


def test_missing_content_file_is_named(tmp_path, catalog):
    with pytest.raises(ContentError, match=r"glossary\.toml.*file not found"):
        load_glossary(tmp_path / "glossary.toml", catalog=catalog)


def test_step_doc_is_normalised_to_the_catalog_short_name(tmp_path, catalog):
    path = tmp_path / "onboarding.toml"
    path.write_text(STEP + 'doc = "A/RES/80/16"\nrefs = ["1"]\n', encoding="utf-8")
    [step] = load_onboarding(path, catalog=catalog)
    assert step.doc == "res-80-16" and step.refs == ("1",)


# ---- text helpers ---------------------------------------------------------------------------------


def test_tidy_text_joins_lines_and_keeps_lists():
    raw = "First line\ncontinues here.\n\n- item one\nwraps on\n- item two\n1. numbered\n"
    assert tidy_text(raw) == "First line continues here.\n\n- item one wraps on\n- item two\n1. numbered"


def test_expand_links(catalog):
    out = expand_links("Read {symbol:final-report} at {url:final-report}. {other} stays.", catalog)
    assert out == f"Read A/80/257 at {catalog.default.pdf_url()}. {{other}} stays."
    with pytest.raises(KeyError):
        expand_links("{url:nope}", catalog)


def test_mentions_any_ignores_case_hyphens_and_plurals():
    assert mentions_any("Enhancing Capacity-Building efforts", ["capacity building"])
    assert mentions_any("regional CBMs and the PoC directory", ["CBM"])
    assert not mentions_any("non-governmental organizations", ["non-objection"])
    assert not mentions_any("the normative framework", ["norm"])


# ---- find_term / complete_terms ---------------------------------------------------------------


def test_find_term_matches_terms_and_aliases(glossary):
    assert find_term(glossary, "oewg").term == "OEWG"
    assert find_term(glossary, "  Confidence Building Measures ").term == "Confidence-building measures"
    assert find_term(glossary, "CBMs").term == "Confidence-building measures"
    assert find_term(glossary, "consultative status").term == "ECOSOC consultative status"
    assert find_term(glossary, "“Non-Objection”?").term == "Non-objection basis"
    assert find_term(glossary, "thematic groups").term == "Dedicated thematic group"
    assert find_term(glossary, "points of contacts").term == "PoC Directory"
    assert find_term(glossary, "quantum teleportation") is None
    assert find_term(glossary, "   ") is None


def test_complete_terms_ranks_prefix_matches_first(glossary):
    out = complete_terms(glossary, "c")
    assert out[0].casefold().startswith("c") and all(t in [e.term for e in glossary] for t in out)
    starts = [t for t in out if t.casefold().startswith("c")]
    assert out[: len(starts)] == sorted(starts, key=str.casefold)
    assert "Capacity-building" in complete_terms(glossary, "capacity b")
    assert complete_terms(glossary, "ecosoc")[0] == "ECOSOC consultative status"
    assert "Accreditation" in complete_terms(glossary, "credit")  # substring
    assert "Confidence-building measures" in complete_terms(glossary, "cbm")  # via alias
    assert len(complete_terms(glossary, "", limit=25)) == 25
    assert complete_terms(glossary, "", limit=3) == sorted((e.term for e in glossary), key=str.casefold)[:3]
    assert complete_terms(glossary, "zzzz") == []


# ---- check_content against a fake engine ----------------------------------------------------------

PARAS = {
    ("final-report", "annex", "12"): "Relevant non-governmental organizations in consultative status with the "
                                     "Economic and Social Council may be accredited.",
    ("final-report", "annex", "13"): "Other relevant non-governmental organizations may be accredited on a "
                                     "non-objection basis.",
    ("final-report", "annex I", "3"): "The Global Mechanism will convene dedicated thematic groups.",
    ("res-80-16", "main", "1"): "Decides to endorse the final report of the open-ended working group.",
}


class FakeEngine:
    """The two Engine methods check_content uses, over a few made-up paragraphs."""

    default_scope = {"final-report": "annex", "res-80-16": "main"}

    def __init__(self, fail_search: bool = False):
        self.fail_search = fail_search
        self.searched: list[tuple[str, int]] = []

    def lookup(self, ref, doc=None):
        doc = doc or "final-report"
        if doc not in self.default_scope:
            raise UnknownDocument(doc, list(self.default_scope))
        parsed = parse_ref(ref)
        scope = parsed.scope or self.default_scope[doc]
        key = (doc, scope, parsed.ref)
        if key not in PARAS:
            raise UnknownReference(doc, ref, [k[2] for k in PARAS if k[0] == doc])
        return [PARAS[key]]

    def search(self, query, k=5):
        self.searched.append((query, k))
        if self.fail_search:
            raise OEWGError("No index at /tmp/none: run `oewg build` first.")
        words = set(re.findall(r"\w+", query.lower()))
        scored = sorted(PARAS.items(), key=lambda kv: -len(words & set(re.findall(r"\w+", kv[1].lower()))))
        return [Quote(symbol=d, scope=s, ref=r, text=t, score=1.0, page=1, url="") for (d, s, r), t in scored[:k]]


def step(**kw) -> OnboardingStep:
    base = dict(id="who", title="Who", body="b", refs=(), query="", doc="final-report", expect=())
    return OnboardingStep(**{**base, **kw})


def term(**kw) -> GlossaryEntry:
    base = dict(term="Non-objection basis", aliases=("non-objection",), definition="d", query="", refs=(), doc="final-report")
    return GlossaryEntry(**{**base, **kw})


def test_check_content_accepts_resolving_refs_and_matching_queries():
    engine = FakeEngine()
    steps = [
        step(refs=("annex 12", "annex I 3")),
        step(id="texts", doc="res-80-16", refs=("1",), query="endorse the final report", expect=("final report",)),
        step(id="who2", query="consultative status Economic and Social Council"),  # query-words rule
    ]
    terms = [
        term(query="accredited on a non-objection basis"),
        term(term="Dedicated thematic group", aliases=(), query="thematic groups of the Global Mechanism"),
        term(term="ECOSOC consultative status", aliases=(), refs=("12",)),
    ]
    assert check_content(engine, steps, terms) == []
    assert all(k == 3 for _, k in engine.searched)


def test_check_content_reports_refs_that_do_not_resolve():
    problems = check_content(
        FakeEngine(),
        [step(refs=("annex 99", "annex 12")), step(id="other", doc="apr-2024", refs=("5",))],
        [term(refs=("annex II 1",))],
    )
    assert len(problems) == 3
    assert problems[0].startswith("onboarding step 'who': ref 'annex 99' in final-report does not resolve")
    assert "Nearest valid" in problems[0]
    assert problems[1].startswith("onboarding step 'other': ref '5' in apr-2024 does not resolve")
    assert problems[2].startswith("glossary term 'Non-objection basis': ref 'annex II 1'")
    assert all("\n" not in p for p in problems)


def test_check_content_reports_queries_without_a_matching_paragraph():
    problems = check_content(
        FakeEngine(),
        [step(query="global mechanism convene", expect=("review conference",)),
         step(id="vague", query="review conference every five years intersessional")],
        [term(term="Ransomware", aliases=(), query="ransomware attacks on hospitals")],
    )
    assert len(problems) == 3
    assert problems[0].startswith("onboarding step 'who': none of the top 3 paragraphs")
    assert "'review conference'" in problems[0]
    assert problems[1].startswith("onboarding step 'vague': none of the top 3")
    assert problems[2].startswith("glossary term 'Ransomware'") and "'ransomware'" in problems[2]


def test_check_content_reports_a_failing_search():
    problems = check_content(FakeEngine(fail_search=True), [step(query="anything")], [])
    assert problems == ["onboarding step 'who': search for 'anything' failed — No index at /tmp/none: run `oewg build` first."]


def test_check_content_treats_a_bad_ref_as_a_problem_not_a_crash():
    class Strict(FakeEngine):
        def lookup(self, ref, doc=None):
            raise BadReference(ref)

    [problem] = check_content(Strict(), [step(refs=("12",))], [])
    assert "ref '12' in final-report does not resolve" in problem


def test_shipped_content_checks_clean_against_an_engine_that_knows_everything(steps, glossary):
    """Every shipped step and term passes when each search returns a paragraph with its own words."""

    class Echo:
        def lookup(self, ref, doc=None):
            return ["paragraph"]

        def search(self, query, k=5):
            return [Quote(symbol="A/80/257", scope="annex", ref="1", text=query, score=1.0, page=1, url="")]

    assert check_content(Echo(), steps, glossary) == []


# ---- pinned references, checked against the real texts ------------------------------------------


@pytest.mark.corpus
def test_pinned_resolution_refs_say_what_the_content_claims(resolutions_dir, raw_dir, steps, glossary):
    """The refs pinned to A/RES/80/16 and A/RES/75/240 point at the operative paragraphs we describe."""

    def operative(text: str, number: str) -> str:
        m = re.search(rf"(?ms)^\s*{number}\.\s*\n?(.*?)(?=^\s*{int(number) + 1}\.\s|\Z)", text)
        assert m, f"paragraph {number} not found"
        return " ".join(m.group(1).split())

    res_80_16 = (resolutions_dir / "A_RES_80_16.md").read_text(encoding="utf-8")
    res_75_240 = (raw_dir / "A_RES_75_240.txt").read_text(encoding="utf-8")
    texts = {"res-80-16": res_80_16, "res-75-240": res_75_240}
    expected = {
        ("res-80-16", "1"): "endorse the final report",
        ("res-80-16", "3"): "Capacity-Building Portal",
        ("res-75-240", "1"): "open-ended working group on security of and in the use of",
    }
    pinned = {(item.doc, ref) for item in (*steps, *glossary) for ref in item.refs}
    assert pinned and pinned <= set(expected), pinned - set(expected)
    for (doc, ref), phrase in expected.items():
        assert phrase.casefold() in operative(texts[doc], ref).casefold()


# ---- what a step or entry may cite: only paragraphs that pass the content check -------------------

# ---- what a step or entry may cite: only paragraphs that pass the content check -------------------

def cited(item, engine=None):
    """What the real engine cites for ``item`` (Engine._content_quotes over this fake's lookup and
    search), with ``LoadedContent.may_cite`` as the check."""
    from index.engine import Engine
    from sources.content import LoadedContent

    engine = engine or QuotingEngine()
    engine.content = LoadedContent()
    return Engine._content_quotes(engine, item, 3)


class QuotingEngine(FakeEngine):
    from index.engine import Engine as _Engine

    quotes_for = _Engine.quotes_for
    del _Engine

    def quote_paragraph(self, text):
        return Quote(symbol="X", scope="main", ref="1", text=text, score=1.0, page=1, url="")


def test_may_cite_only_search_hits_that_pass_the_check():
    quotes = cited(term(query="accredited on a non-objection basis"))
    assert [q.text for q in quotes] == [PARAS[("final-report", "annex", "13")]]
    # the search brings paragraphs, but none uses the term: nothing is cited
    assert cited(term(term="PoC Directory", aliases=("points of contact",), query="Global Mechanism dedicated thematic groups")) == []
    # a step's expect phrases decide the same way
    quotes = cited(step(query="Global Mechanism will convene", expect=("thematic groups",)))
    assert [q.text for q in quotes] == [PARAS[("final-report", "annex I", "3")]]
    # without expect, half of the query's own words
    assert [q.ref for q in cited(step(query="endorse final report working group"))] == ["1"]


def test_refs_come_first_and_the_query_stands_in_for_refs_that_do_not_resolve(caplog):
    engine = QuotingEngine()
    quotes = cited(step(refs=("annex 12", "annex 99")), engine)
    assert [q.text for q in quotes] == [PARAS[("final-report", "annex", "12")]]
    assert "annex 99" in caplog.text and engine.searched == []
    quotes = cited(step(refs=("annex 99",), query="non-objection basis", expect=("non-objection",)))
    assert [q.text for q in quotes] == [PARAS[("final-report", "annex", "13")]]  # the query stands in


def test_a_paragraph_that_shares_the_term_but_not_the_topic_is_not_cited():
    from sources.content import on_topic

    poc = term(term="Points of Contact Directory", aliases=("PoC Directory", "points of contact"),
               query="Global Intergovernmental Points of Contact Directory")
    military = Quote(symbol="A/RES/80/12", scope="main", ref="4", score=1.0, page=1, url="",
                     text="Invites Member States to designate national points of contact for reporting military expenditures;")
    directory = Quote(symbol="A/80/257", scope="annex", ref="40", score=1.0, page=9, url="",
                      text="The Global Intergovernmental Points of Contact Directory shall be maintained by the Secretariat.")
    assert not on_topic(poc, military)  # the term's words, but two of the query's five words
    assert on_topic(poc, directory)
    short = term(term="CBMs", aliases=("confidence-building measures",), query="confidence-building measures")
    assert on_topic(short, Quote(symbol="X", scope="main", ref="1", score=1.0, page=1, url="",
                                 text="States agreed on confidence-building measures."))  # a short query: the term decides


def test_check_content_reports_an_entry_whose_hits_are_off_topic():
    poc = term(term="Thematic groups", aliases=(), query="Global Mechanism will convene dedicated thematic groups on capacity")
    assert check_content(FakeEngine(), [], [poc]) == []  # annex I 3 has four of its six words
    off = term(term="Thematic groups", aliases=(), query="thematic groups on ransomware incidents affecting hospitals")
    [problem] = check_content(FakeEngine(), [], [off])
    assert "half of the query's words" in problem
