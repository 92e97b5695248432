"""The one engine object every front end talks to: everything a user can ask is one call here.

=====================  =====================================================================
``ask(question, k)``   an answer: quotes, or an abstention saying why (a question not in
                       English is told the documents are searched in English)
``read(text, doc)``    look up and quote: "12", "A/RES/80/16 2", "2 A/RES/80/16" (:class:`Lookup`)
``glossary(term)``     an entry and the paragraphs using it (:class:`GlossaryAnswer`)
``onboarding()``       the guide's steps; ``onboarding_quotes(i, k)`` a step's paragraphs
``find`` / ``toc`` /   the agreed-language tools (FindResult, Toc, CompareResult)
``compare``
``about()``            documents, paragraph counts, index date, model, version
``check(doc)``         the parse health of the indexed documents
completions            ``complete_documents``, ``complete_refs``, ``complete_terms``
=====================  =====================================================================

It knows nothing of Discord, the terminal or ``sources/``: the editorial content (guide and
glossary) is handed to it by the caller. It wraps an opened on-disk index (SQLite paragraphs,
FAISS vectors, BM25) and a lazily loaded embedding model; front ends never reach past it.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

from index.compare import SIMILARITY_FLOOR, Candidate, CompareResult, Counterpart, NotOneParagraph, NothingToCompare, select, word_diff
from index.counterparts import CounterpartFinder
from index.docref import Lookup, list_note, looks_like_symbol, split_doc_ref
from index.editorial import Content, ContentUnavailable, GlossaryAnswer, NoContent, UnknownTerm
from index.catalogued import Catalogued, rebuild_command
from index.errors import (BadReference, IndexMismatch, IndexProblem, NoDefaultDocument, NotIndexed, OEWGError,
                          UnknownDocument, UnknownReference)
from index.everyday import EnglishFrequency
from index.answer_gate import DEFAULT_GATE, GATED, AnswerGate, load_gate
from index.query_adapter import DEFAULT_ADAPTER, QueryAdapter, load_adapter
from index.answer_type import asked_kind, given_kinds, holds_ordinal, numbered_events
from index.answering import Candidate as AnswerCandidate, Focus, decide
from index.focus import coverage, focus_words, uncovered
from index.find import FindResult, compile_phrase, group_matches
from index.intents import FindIntent, Intent, TocIntent, recognise
from index.language import foreign_language, language_note
from index.models import Answer, Citation, DocumentMeta, Paragraph, Quote
from index.quotes import make_quote, shorten, whole_quote
from index.refs import (ParsedRef, cites_named, cites_paragraph_pattern, distinctive_name_words, document_by_title, mentions_paragraph, names_by_title,
                        names_more_than_paragraph, paragraph_of_other_document, parse_refs)
from index.search import HybridSearcher, SearchHit
from index.spelling import did_you_mean, index_words
from index.specific_terms import MENTIONS, question_terms, term_rarity
from index.store import IndexStore, natural_key
from index.thesaurus import Expansion, Thesaurus, harvest_acronyms, load_thesaurus
from index.toc import Toc, build_toc
from index.userinput import clean_text

log = logging.getLogger("oewg.engine")

DEFAULT_K = 5
MAX_QUESTION_CHARS = 1000
TOOL_QUOTES = 10  # quotes an answer from find carries (the result holds every match)
COMPARE_LIMIT = 10  # counterparts shown at most
RELATED_MIN_COSINE = 0.45  # an abstention offers a heading only from a paragraph at least this close


class Engine:
    """Answer questions and look up paragraphs over one index directory."""

    def __init__(self, store: IndexStore, embedder_factory: Callable[[], object] | None = None, *,
                 content: Content | None = None, thesaurus: Thesaurus | Path | str | None = None,
                 catalog: Catalogued | None = None, gate: AnswerGate | Path | str | None = DEFAULT_GATE,
                 adapter: QueryAdapter | Path | str | None = DEFAULT_ADAPTER):
        self.store = store
        self.content: Content = content if content is not None else NoContent()
        self.catalog = catalog  # documents known beyond the index: an unknown one of them says how to add it
        self._embedder_factory = embedder_factory
        self._thesaurus_given = thesaurus  # a Thesaurus, or the file to load on first use (None: the default file)
        self._thesaurus: Thesaurus | None = None
        self._gate_given = gate  # an AnswerGate, its weights file (read on first use), or None / "off": no gate
        self._gate: AnswerGate | None = None
        self._gate_read = False
        self._adapter_given = adapter  # a QueryAdapter, its file (read on first use), or None / "off": rank by the model alone
        self._adapter: QueryAdapter | None = None
        self._adapter_read = False
        self._embedder = None
        self._lock = threading.Lock()
        self._searcher: HybridSearcher | None = None
        self._counterparts: CounterpartFinder | None = None
        self._english = EnglishFrequency()  # how everyday a question's words are (index.everyday)
        self._words: dict[int, tuple[str, ...]] | None = None  # the index's words by length, for did-you-mean (index.spelling)

    # ---- opening -------------------------------------------------------
    @classmethod
    def open(cls, index_dir: Path | str, model: str | None = None, *, content: Content | None = None,
             thesaurus: Path | str | None = None, catalog: Catalogued | None = None,
             gate: AnswerGate | Path | str | None = DEFAULT_GATE,
             adapter: QueryAdapter | Path | str | None = DEFAULT_ADAPTER) -> "Engine":
        """Open an index; the embedding model is loaded on first use (lookups never load it).

        ``model`` overrides the model recorded in the manifest only if it names the same
        model (e.g. a local path to it); a different model raises IndexMismatch. ``content`` is
        the onboarding guide and glossary (``sources.content.load_content()``); without it the
        engine answers everything else. ``thesaurus`` is the file of the users' words (default
        sources/thesaurus.toml), read on the first question or ``warm()`` (lookups never read it);
        a bad one raises ThesaurusError then, one line naming the entry. ``catalog`` names the
        documents that can be fetched (index.catalogued): asking for one the index lacks says how
        to add it (NotIndexed) instead of only that it is unknown. ``gate`` is the answer gate's
        weights file (index.answer_gate; default sources/answer_gate.npz), read on the first question
        or ``warm()``; None or "off" runs without it. A damaged file raises GateUnavailable then.
        ``adapter`` is the query adapter's file (index.query_adapter; default
        sources/query_adapter.npz), read likewise; None or "off" ranks by the model's vectors alone.
        A damaged file raises AdapterUnavailable then.
        """
        from index.embed import Embedder

        store = IndexStore.open(Path(index_dir))
        model_spec = model or store.manifest["model"]
        store.check_model(model_spec)
        return cls(store, lambda: Embedder(model_spec), content=content,
                   thesaurus=Path(thesaurus) if thesaurus is not None else None, catalog=catalog, gate=gate,
                   adapter=adapter)

    def embedder(self):
        with self._lock:
            if self._embedder is None:
                if self._embedder_factory is None:
                    raise RuntimeError("this engine was opened without an embedding model")
                embedder = self._embedder_factory()
                dim = getattr(embedder, "dim", None)
                if dim is not None and dim != self.store.manifest.get("dim"):
                    raise IndexMismatch(
                        f"The index at {self.store.given} holds {self.store.manifest.get('dim')}-dimensional vectors but the "
                        f"model '{getattr(embedder, 'name', '?')}' makes {dim}-dimensional ones: rebuild with `oewg build`."
                    )
                self._embedder = embedder
            return self._embedder

    def warm(self) -> None:
        """Load the model, the thesaurus and the search structures now rather than on the first question."""
        self._get_searcher()
        self.thesaurus()
        self._english.zipf("warm")
        self._index_words()
        self.embedder().encode_queries(["warm up"])
        self.answer_gate()  # after the model: a damaged gate file (GateUnavailable) leaves the model loaded
        self.query_adapter()

    def answer_gate(self) -> AnswerGate | None:
        """The answer gate (index.answer_gate), read once; None when turned off, or when it was
        trained for another embedding model than the index's (its vectors would mean nothing to it)."""
        with self._lock:
            if not self._gate_read:
                self._gate, self._gate_read = self._model_bound(self._gate_given, AnswerGate, load_gate, "answer gate"), True
            return self._gate

    def query_adapter(self) -> QueryAdapter | None:
        """The query adapter (index.query_adapter), read once; None when turned off, or when it was
        trained for another embedding model than the index's."""
        with self._lock:
            if not self._adapter_read:
                self._adapter = self._model_bound(self._adapter_given, QueryAdapter, load_adapter, "query adapter")
                self._adapter_read = True
            return self._adapter

    def _model_bound(self, given, kind: type, load: Callable, what: str):
        """``given`` (an object of ``kind``, its file, or None / "off") as an object, or None when
        off or trained for another model or size of vector than the index's (logged)."""
        found = None if given is None or given == "off" else given if isinstance(given, kind) else load(given)
        model, dim = self.store.manifest.get("model"), self.store.manifest.get("dim")
        if found is not None and (found.model != model or not found.fits(dim)):
            log.info("%s skipped: trained for %s, the index uses %s (%s dimensions)", what, found.model, model, dim)
            return None
        return found

    def _rank_vector(self, qvec):
        """The vector that ranks (the query adapter's move of ``qvec``), or None: ``qvec`` ranks."""
        adapter = self.query_adapter() if qvec is not None else None
        return adapter.adapt(qvec) if adapter is not None else None

    def _get_searcher(self) -> HybridSearcher:
        with self._lock:
            if self._searcher is None:
                self._searcher = HybridSearcher(self.store)
            return self._searcher

    def thesaurus(self) -> Thesaurus:
        """The users' words (given, else sources/thesaurus.toml), plus the acronyms the indexed
        documents define. Pass ``Thesaurus()`` to the constructor for none."""
        with self._lock:
            if self._thesaurus is None:
                given = self._thesaurus_given
                base = given if isinstance(given, Thesaurus) else load_thesaurus(given)
                texts = (p.text for _, p in self.store.paragraph_items() if not p.parent)
                self._thesaurus = base.with_acronyms(harvest_acronyms(texts))
            return self._thesaurus

    def expand(self, question: str) -> Expansion:
        """The document wording the question's words stand for (index.thesaurus)."""
        return self.thesaurus().expand(question)

    # ---- questions -----------------------------------------------------
    def ask(self, question: str, k: int = DEFAULT_K, mode: str = "hybrid") -> Answer:
        """Answer a question with verbatim quotes, or abstain (see :meth:`_ask`). A question that is
        searched but is not in English is not quoted on: the answer says that the documents are
        searched in English (an English index matched on French words quotes by chance)."""
        answer = self._ask(question, k, mode)
        if answer.mode == "search":
            language = foreign_language(answer.question)
            if language:
                answer = replace(answer, abstained=True, quotes=(), message=language_note(language))
                if hasattr(answer, "see_also"):
                    answer = replace(answer, see_also=())
        return answer

    def _ask(self, question: str, k: int = DEFAULT_K, mode: str = "hybrid") -> Answer:
        """Answer a question with verbatim quotes, or abstain.

        A question that names a paragraph ("what does paragraph 12 say", "para 12(b) of
        A/RES/80/16") is answered by exact lookup. ``mode`` is "hybrid", "bm25" or "dense"
        (the single retrievers exist for evaluation). A malformed, unknown or too wide reference
        is an abstention whose message says why, never an exception.
        """
        question = clean_text(question)
        q = " ".join(question.split())
        if not q:
            return Answer(question=question, abstained=True, message="The question is empty: ask about something the documents cover, or use /para 12.")
        if len(q) > MAX_QUESTION_CHARS:
            return Answer(
                question=question[:MAX_QUESTION_CHARS],
                abstained=True,
                message=f"That question is {len(q)} characters long; please keep it under {MAX_QUESTION_CHARS}.",
            )
        names = self.document_names()
        intent = recognise(q, names)
        if intent is not None:
            return self._answer_with_tool(q, intent)
        named = mentions_paragraph(q, names)
        if named is None:
            other = paragraph_of_other_document(q)
            return self._answer_by_search(q, k, mode) if other is None else self._answer_other_document(q, *other, k, mode)
        doc, ref = named
        if doc is None and self.store.default_document() is None and names_more_than_paragraph(q):
            return self._answer_by_search(q, k, mode)  # "Register GGE paragraph 129 recommendations"
        return self._answer_lookup(q, doc, ref)

    def _answer_other_document(self, q: str, ref: str, name: str, k: int, mode: str) -> Answer:
        """A paragraph of a document named by a name of its own: looked up in the indexed resolution
        whose title that name gives ("paragraph 2 of the Arms Trade Treaty resolution"; a
        declaration's paragraphs are its resolution's annex), else quoted where the indexed
        paragraphs cite it ("Recalling paragraph 58 of the Final Document…"), else an honest no."""
        scope = names_by_title(name)
        symbol = document_by_title(name, {d.symbol: d.title for d in self.store.documents()}) if scope else None
        if symbol is not None:
            if scope == "annex":  # a declaration's paragraph, else the resolution's own
                answer = self._answer_lookup(q, symbol, f"annex {ref}")
                if not answer.failed:
                    return answer
            return self._answer_lookup(q, symbol, ref)
        if scope is not None:
            return Answer(question=q, abstained=True, mode="lookup", failed=True, message=(
                f"No indexed document's title names the {name}: name the resolution by its number, "
                f"as in \"paragraph {ref} of 80/16\"."))
        citing = cites_paragraph_pattern(ref)
        if citing is None or mode == "bm25":
            return self._answer_by_search(q, k, mode)
        expansion = self.expand(name)
        words = distinctive_name_words(" ".join((name, *expansion.added)))
        searcher = self._get_searcher()
        qvec = self._query_vector(q, self.expand(q))
        found = sorted(((searcher.cosine(qvec, pid), pid) for pid, p in self.store.paragraph_items()
                        if not p.parent and cites_named(p.text, citing, words)), reverse=True)
        if not found:
            return Answer(question=q, abstained=True, message=(
                f"No indexed paragraph cites paragraph {ref} of the {name}, which is not an indexed document: "
                f"to look a paragraph up by number, name an indexed one (/para 12 A/RES/80/16)."))
        hits = [SearchHit(pid, cos, cos, 0.0, cos) for cos, pid in found[:max(k, 1)]]
        cal = searcher.calibration(mode)
        close = [h for h in hits[:cal.max_quotes] if h.dense >= hits[0].dense - cal.quote_margin]
        quotes = tuple(self._quote_hit(h, q) for h in close)
        see_also = tuple(self._cite_hit(h) for h in hits[len(close):])
        return Answer(question=q, abstained=False, quotes=quotes, mode="search", see_also=see_also)

    def _answer_lookup(self, q: str, doc: str | None, ref: str) -> Answer:
        """The paragraphs ``ref`` names in ``doc``, or an abstention that says why not."""
        try:
            paras = self.lookup(ref, doc)
        except (UnknownReference, UnknownDocument, BadReference) as err:
            return Answer(question=q, abstained=True, mode="lookup", message=str(err),
                          suggestions=tuple(getattr(err, "nearest", ()) or ()), failed=True)
        quotes = tuple(self.quote_paragraph(p) for p in paras)
        return Answer(question=q, abstained=False, quotes=quotes, mode="lookup",
                      message=list_note(parse_refs(clean_text(ref)), quotes))

    def _answer_by_search(self, q: str, k: int, mode: str) -> Answer:
        """Search, then index.answering decides: abstain (and why), quote, or only cite.

        Whether to answer is decided on the ranking by the model's own vector, on which the
        decisions were calibrated. With a query adapter (index.query_adapter) the answer then
        quotes from the adapter's ranking, when the same decisions answer on it too."""
        searcher = self._get_searcher()
        expansion = self.expand(q)
        bm25 = mode == "bm25"
        qvec = None if bm25 else self._query_vector(q, expansion)
        text = expansion.text(q)
        terms = question_terms(q, searcher.df, _mapped_by(expansion, searcher.df))
        lexical = searcher.lexical(text) if mode == "hybrid" else None  # both rankings below share it
        hits = searcher.search(text, qvec, k=k, mode=mode, lexical=lexical)
        decision = self._decide_on(q, expansion, terms, hits, qvec, mode)
        if decision.abstained:
            message = decision.message
            if message.startswith(MENTIONS):  # a word no paragraph holds may be a typo of one they do
                message += did_you_mean([t.text for t in terms if not t.known and t.kind in ("word", "name")],
                                        self._index_words(), self._english.zipf)
            return Answer(question=q, abstained=True, message=message,
                          suggestions=tuple(self.related_headings(hits)))
        rank_vec = self._rank_vector(qvec)
        if rank_vec is not None:
            ranked = searcher.search(text, qvec, k=k, mode=mode, rank_vec=rank_vec, lexical=lexical)
            if [h.paragraph_id for h in ranked] != [h.paragraph_id for h in hits]:
                again = self._decide_on(q, expansion, terms, ranked, qvec, mode)
                if not again.abstained:
                    decision, hits = again, ranked
        by_id = {h.paragraph_id: h for h in hits}
        quotes = tuple(self._quote_hit(by_id[pid], text) for pid in decision.quotes)
        see_also = tuple(self._cite_hit(by_id[pid]) for pid in decision.see_also)
        return Answer(question=q, abstained=False, quotes=quotes, mode="search", see_also=see_also)

    def _decide_on(self, q: str, expansion: Expansion, terms, hits: list[SearchHit], qvec, mode: str):
        """index.answering's decision over one ranking of the question's candidates."""
        searcher = self._get_searcher()
        cal = searcher.calibration(mode)
        scale = math.log(max(searcher.unit_count, 2))  # BM25 scores in units of ln(paragraphs): see index.answering
        events = numbered_events(q)
        asks = asked_kind(q)
        bm25 = mode == "bm25"  # no cosines: the BM25 score's own threshold, and quotes by fused score alone
        cands = [AnswerCandidate(h.paragraph_id, 1.0 if bm25 else h.dense, h.fused, h.score, h.lexical / scale,
                                 *self._states(h, asks, events))
                 for h in hits if not bm25 or h.score >= searcher.threshold(mode)]
        focus = self._focus(q, expansion, cands[0].key, terms) if cands else None
        answered, sure = self._gate_verdict(qvec, cands)
        return decide(cands, terms, cal, self.rare_term, check_cosine=not bm25, focus=focus, asks=asks,
                      events=events, answered=answered, sure=sure)

    def _gate_verdict(self, qvec, cands: Sequence[AnswerCandidate]) -> tuple[bool | None, bool]:
        """Whether the answer gate finds an answer among the best candidates (None: no gate, or no
        vector), and whether it is sure of one (index.answer_gate: rules 2 and 3 then yield)."""
        gate = self.answer_gate()
        if gate is None or qvec is None or not cands:
            return None, False
        searcher = self._get_searcher()
        windows = [w for w in (searcher.best_window(qvec, c.key) for c in cands[:GATED]) if w is not None]
        scores = gate.answers(qvec, windows)
        return gate.passes(scores), gate.is_sure(scores)

    def rare_term(self, term) -> str:
        """How strongly a term no paragraph holds says the documents do not cover the question
        (index.specific_terms.term_rarity: the model's vocabulary, the newest document's year, and
        how common the word is in everyday English)."""
        embedder = self.embedder()
        vocabulary = embedder.vocabulary() if hasattr(embedder, "vocabulary") else frozenset()
        return term_rarity(term, vocabulary, self.newest_year, self._english.zipf)

    @cached_property
    def newest_year(self) -> int | None:
        """The year of the newest indexed document (its date), None when none is dated: a later year
        no paragraph holds is not in the documents' plans (index.specific_terms.is_rare_term)."""
        return latest_year(d.date for d in self.store.documents())

    def _index_words(self) -> dict[int, tuple[str, ...]]:
        """Every word of the indexed paragraphs and titles, for did-you-mean (read once)."""
        if self._words is None:
            texts = [p.text for _, p in self.store.paragraph_items()] + [d.title or "" for d in self.store.documents()]
            self._words = index_words(texts)
        return self._words

    def _states(self, hit: SearchHit, asks: str | None, events: Sequence[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
        """The kinds of fact the hit's paragraph states (read only when the question asks for one),
        and which of the events' ordinals it holds."""
        if asks is None and not events:
            return frozenset(), frozenset()
        text = self.store.paragraph(hit.paragraph_id).text
        return (given_kinds(text) if asks is not None else frozenset()), frozenset(o for o, _ in events if holds_ordinal(text, o))

    def _focus(self, q: str, expansion: Expansion, pid: int, terms: Sequence = ()) -> Focus:
        """How much of the question's focus words the paragraph ``pid`` (with its title and headings)
        covers, and whether it holds one of the names among the question's ``terms``."""
        searcher = self._get_searcher()
        words = focus_words(q, searcher.stems, searcher.stem_df, searcher.unit_count, _mapped_wording(expansion),
                            self._english.topicality)
        held = searcher.unit_stems(pid)
        p = self.store.paragraph(pid)
        names_held = any(t.kind == "name" and t.words and all(set(searcher.stems(w)) <= held for w in t.words)
                         for t in terms if t.known)
        return Focus(coverage(words, held), tuple(w.text for w in uncovered(words, held)),
                     _about(self.store.document(p.symbol).title or p.heading), names_held)

    def _cite_hit(self, hit: SearchHit) -> Citation:
        p = self.store.paragraph(hit.paragraph_id)
        return Citation(symbol=p.symbol, scope=p.scope, ref=p.ref, page=p.page, url=self.store.url_for(p),
                        heading=p.heading, score=hit.score, default_scope=self.store.default_scope_of(p.symbol))

    def _answer_with_tool(self, q: str, intent: Intent) -> Answer:
        """Answer a question that asks for find, toc or compare with that tool (see index.intents)."""
        try:
            if isinstance(intent, FindIntent):
                found = self.find(intent.phrase, intent.doc)
                quotes = tuple(replace(m.quote, text=shorten(m.quote.text, found.query)) for m in found.matches[:TOOL_QUOTES])
                return Answer(question=q, abstained=not found.matches, quotes=quotes, mode="find",
                              message=found.summary(), result=found)
            if isinstance(intent, TocIntent):
                toc = self.toc(intent.doc)
                outline = "\n".join([toc.summary(), *(toc.section_label(s) for s in toc.sections)])
                return Answer(question=q, abstained=False, mode="toc", message=outline, result=toc)
            with_docs = list(intent.with_docs)
            for year, kind in intent.with_years:
                with_docs += self.documents_of_year(year, kind)
            compared = self.compare(intent.doc, intent.ref, with_docs or None)
            quotes = tuple(replace(m.quote, score=m.similarity) for m in compared.matches)
            return Answer(question=q, abstained=not compared.matches, quotes=quotes, mode="compare",
                          message=compared.summary(), result=compared)
        except OEWGError as err:  # what the question names is not there (or cannot be read: the index's fault)
            mode = "find" if isinstance(intent, FindIntent) else "toc" if isinstance(intent, TocIntent) else "compare"
            return Answer(question=q, abstained=True, mode=mode, message=str(err),
                          suggestions=tuple(getattr(err, "nearest", ()) or ()), failed=not isinstance(err, IndexProblem))

    def documents_of_year(self, year: str, kind: str = "report") -> list[str]:
        """Symbols of the documents dated ``year``: resolutions for kind "resolution", the others for
        "report". Raises UnknownDocument naming the indexed documents when there is none."""
        found = [d.symbol for d in self.store.documents() if d.date.startswith(year)
                 and (self.store.kind_of(d.symbol) == "resolution" or "/RES/" in d.symbol) == (kind == "resolution")]
        if not found:
            known = self.store.known_names()
            listed = self.catalog.of_year(year, kind) if self.catalog is not None else []
            if listed:
                raise NotIndexed(f"the {year} {kind}", known, listed, self._rebuild_command(),
                                 asked=f"the {year} {kind}{'s' if len(listed) > 1 else ''}")
            raise UnknownDocument(f"the {year} {kind}", known)
        return found

    def search_hits(self, query: str, k: int = DEFAULT_K, mode: str = "hybrid",
                    expansion: Expansion | None = None, qvec=None) -> list[SearchHit]:
        """The ranked paragraphs for a query in the documents' words (index.thesaurus: BM25 gets
        the added phrases, the model the question with its terms replaced), without abstention.
        ``qvec``: the query's vector when the caller has it already (see :meth:`_query_vector`)."""
        searcher = self._get_searcher()
        expansion = expansion or self.expand(query)
        if qvec is None and mode in ("hybrid", "dense"):
            qvec = self._query_vector(query, expansion)
        if mode == "bm25":
            return searcher.search(expansion.text(query), None, k=k, mode=mode)
        return searcher.search(expansion.text(query), qvec, k=k, mode=mode, rank_vec=self._rank_vector(qvec))

    def _query_vector(self, query: str, expansion: Expansion):
        """The vector the model gives the query, its thesaurus terms replaced by the documents' words."""
        return self.embedder().encode_queries([expansion.dense_text(query)])[0]

    def search(self, query: str, k: int = DEFAULT_K) -> list[Quote]:
        """Top paragraphs for a query, without abstention (used by onboarding steps and the glossary)."""
        return [self._quote_hit(h, query) for h in self.search_hits(query, k=k)]

    def _quote_hit(self, hit: SearchHit, query: str) -> Quote:
        p = self.store.paragraph(hit.paragraph_id)
        return make_quote(p, self.store.url_for(p), hit.score, query, self.store.default_scope_of(p.symbol))

    def related_headings(self, hits: list[SearchHit], limit: int = 3) -> list[str]:
        """Headings of the nearest paragraphs, offered with an abstention: only paragraphs whose
        cosine says they are on the question's topic (RELATED_MIN_COSINE), so that a question
        about pizza is not sent to "Global context and shared commitments"."""
        seen: list[str] = []
        for h in hits:
            if h.dense < RELATED_MIN_COSINE:
                continue
            p = self.store.paragraph(h.paragraph_id)
            label = f"{p.symbol}: {p.heading}" if p.heading else ""
            if label and label not in seen:
                seen.append(label)
            if len(seen) >= limit:
                break
        return seen

    # ---- exact lookup ----------------------------------------------------
    def resolve_document(self, name: str | None) -> DocumentMeta:
        """The indexed document ``name`` names (the default one for None). Raises NoDefaultDocument,
        NotIndexed for a document of the catalog the index lacks, else UnknownDocument."""
        try:
            return self.store.resolve_document(name)
        except NoDefaultDocument:
            raise
        except UnknownDocument as err:
            entry = self.catalog.entry(name) if self.catalog is not None and name else None
            if entry is None:
                raise
            if entry.symbol != name:  # the catalog's name of an indexed document ("res-80-16")
                try:
                    return self.store.resolve_document(entry.symbol)
                except UnknownDocument:
                    pass
            raise NotIndexed(name, err.known, [entry], self._rebuild_command()) from None

    def document_names(self) -> dict[str, str]:
        """Lower-cased names -> symbol of the indexed documents, and of the catalog's (so that a
        question naming a catalog document the index lacks is told so, not answered from another)."""
        names = self.catalog.names() if self.catalog is not None else {}
        return {**names, **self.store.document_names()}

    def _rebuild_command(self) -> str:
        """The `oewg build` that adds what `oewg fetch` downloaded to this index (index.catalogued);
        "" for remote users (the message then names the operator, not this machine's folders)."""
        if self.catalog.remote:
            return ""
        folders = [Path(d.path).parent for d in self.store.documents() if d.path]
        return rebuild_command(self.store.given, folders, self.catalog.fetch_dir, Path.cwd())

    def lookup(self, ref: str | ParsedRef, doc: str | None = None) -> list[Paragraph]:
        """Paragraphs named by ``ref`` in ``doc`` (symbol or short name; default document if None);
        ``ref`` may be a list ("3, 5 and 7", "5(a)-(c)").

        Raises BadReference for a malformed ref, UnknownDocument, or UnknownReference with the
        nearest valid references.
        """
        meta = self.resolve_document(clean_text(doc) if doc else doc)
        parsed = [ref] if isinstance(ref, ParsedRef) else parse_refs(clean_text(ref))
        found: list[Paragraph] = []
        for one in parsed:  # a list ("3, 5 and 7"): each item in the order named, none twice
            found += [p for p in self.store.lookup(meta, one) if p not in found]
        return found

    def is_document(self, name: str) -> bool:
        """Whether ``name`` (symbol, short name, alias) names an indexed document."""
        try:
            self.resolve_document(name)
            return True
        except UnknownDocument:
            return False

    def names_document(self, name: str) -> bool:
        """Whether ``name`` names an indexed document or one of the catalog (which the index may lack)."""
        return self.is_document(name) or (self.catalog is not None and self.catalog.entry(name) is not None)

    def resembles_document(self, name: str) -> bool:
        """Whether ``name`` is meant as a document: an indexed one, one of the catalog, or a name
        shaped like a UN symbol (A/RES/80/999). `/find PHRASE in NAME` with such a NAME that is not
        indexed is told so, instead of searching "PHRASE in NAME"."""
        return self.names_document(name) or looks_like_symbol(name)

    def split_doc_ref(self, text: str) -> tuple[str | None, str]:
        """(document or None, reference) from "REF", "DOC REF" or "REF DOC" (see index.docref); a
        document of the catalog counts, so that resolving it says it is not indexed."""
        return split_doc_ref(clean_text(text), self.names_document)

    def read(self, text: str, doc: str | None = None) -> Lookup:
        """Look paragraphs up and quote them whole: ``text`` is "REF", "DOC REF" or "REF DOC"
        (or the reference alone when ``doc`` is given; no document means the default one).

        Raises BadReference, MissingReference (a document alone), NoDefaultDocument,
        UnknownDocument, or UnknownReference with the nearest valid references.
        """
        text = clean_text(text)
        if doc is not None and doc.strip():
            ref = " ".join(text.split())
        else:
            doc, ref = self.split_doc_ref(text)
        paras = self.lookup(ref, doc)
        symbol = paras[0].symbol if paras else self.resolve_document(doc).symbol
        quotes = tuple(self.quote_paragraph(p) for p in paras)
        parsed = parse_refs(clean_text(ref))
        return Lookup(doc=symbol, ref=ref, quotes=quotes, note=list_note(parsed, quotes),
                      is_range=len(parsed) > 1 or parsed[0].is_range)

    def quotes_for(self, refs: Sequence[str], query: str, doc: str | None, k: int = 3,
                   cites: Callable[[Quote], bool] | None = None) -> list[Quote]:
        """The paragraphs a guide step or glossary entry cites: its refs (those that resolve), else
        the top ``k`` search results for its query that ``cites`` accepts (the content's check:
        an entry whose paragraphs are not indexed yet cites nothing, never the nearest unrelated
        paragraph)."""
        quotes: list[Quote] = []
        for ref in refs:
            try:
                quotes += [self.quote_paragraph(p) for p in self.lookup(ref, doc or None)]
            except OEWGError as err:
                log.warning("content ref %r in %r does not resolve: %s", ref, doc, err)
        if not quotes and query:
            quotes = [q for q in self.search(query, k) if cites is None or cites(q)]
        return quotes

    def _content_quotes(self, item, k: int) -> list[Quote]:
        quotes = self.quotes_for(item.refs, item.query, item.doc, k, lambda q: self.content.may_cite(item, q))
        if not quotes:
            log.info("content %r cites no indexed paragraph yet", getattr(item, "id", None) or getattr(item, "term", "?"))
        return quotes

    # ---- the guide and the glossary ----------------------------------------------
    def glossary(self, term: str, k: int = 3) -> GlossaryAnswer:
        """The glossary entry for ``term`` (case, hyphens, plural ignored) and the paragraphs that use it.

        Raises UnknownTerm with the closest terms, or ContentUnavailable when there is no glossary.
        """
        entry = self.glossary_entry(term)
        return GlossaryAnswer(entry, tuple(self._content_quotes(entry, k)))

    def glossary_entry(self, term: str):
        """The glossary entry for ``term`` without its paragraphs (fast: no search). Raises
        UnknownTerm with the closest terms, or ContentUnavailable when there is no glossary."""
        if not self.content.glossary:
            raise ContentUnavailable(self._content_problem("glossary"))
        entry = self.content.find_term(clean_text(term))
        if entry is None:
            raise UnknownTerm(term, self.content.suggest_terms(clean_text(term)))
        return entry

    def glossary_terms(self) -> list[str]:
        return [e.term for e in self.content.glossary]

    def content_items(self) -> tuple[tuple, tuple]:
        """(the guide's steps, the glossary's entries), either () when not loaded: what
        ``sources.content.check_content`` checks against this index."""
        return tuple(self.content.onboarding), tuple(self.content.glossary)

    def complete_terms(self, prefix: str, limit: int = 25) -> list[str]:
        """Glossary terms for autocomplete."""
        return self.content.complete_terms(clean_text(prefix), limit)

    def onboarding(self) -> tuple:
        """The guide's steps, in order; raises ContentUnavailable when there is no guide."""
        if not self.content.onboarding:
            raise ContentUnavailable(self._content_problem("onboarding guide"))
        return tuple(self.content.onboarding)

    def onboarding_quotes(self, index: int, k: int = 3) -> list[Quote]:
        """The paragraphs step ``index`` of the guide cites (IndexError for a step that is not there)."""
        return self._content_quotes(self.onboarding()[index], k)

    def content_problems(self) -> tuple[str, ...]:
        """What went wrong loading the guide and the glossary (one line each; () when all is well)."""
        return tuple(self.content.problems)

    def _content_problem(self, what: str) -> str:
        why = "; ".join(self.content.problems)
        return f"The {what} is not available" + (f" ({why})." if why else ".")

    def quote_paragraph(self, p: Paragraph) -> Quote:
        return whole_quote(p, self.store.url_for(p), 1.0, self.store.default_scope_of(p.symbol))

    def documents(self) -> list[DocumentMeta]:
        return self.store.documents()

    def complete_documents(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, value) pairs for autocomplete of documents."""
        return self.store.complete_documents(prefix, limit)

    def complete_refs(self, doc: str | None, prefix: str, limit: int = 25) -> list[str]:
        """Valid references of a document that start with ``prefix`` (for autocomplete)."""
        try:
            meta = self.resolve_document(doc)
        except UnknownDocument:
            return []
        return self.store.complete_refs(meta, prefix, limit)

    # ---- finding and comparing ---------------------------------------------------
    def find(self, phrase: str, doc: str | None = None) -> FindResult:
        """Every paragraph that contains ``phrase`` (see index.find), oldest document first.

        ``doc`` limits the search to one document. Candidates come from the full-text index and
        are verified on the stored text, so every span is exact. Raises BadPhrase, UnknownDocument.
        """
        compiled = compile_phrase(clean_text(phrase))  # undecodable bytes typed in a terminal: U+FFFD, not a crash
        only = self.resolve_document(doc).symbol if doc is not None and doc.strip() else None
        found = []
        for pid in self.store.fts_match(compiled.fts_query):
            p = self.store.paragraph(pid)
            if p.parent or (only and p.symbol != only):
                continue
            spans = tuple(compiled.spans(p.text))
            if spans:
                meta = self.store.document(p.symbol)
                found.append((self.quote_paragraph(p), meta.date, meta.title, p.order, spans))
        return group_matches(compiled.text, found, scope_doc=only)

    def _get_counterparts(self) -> CounterpartFinder:
        """The compare candidates' finder, with the stored vectors read from the FAISS file on first use."""
        with self._lock:
            if self._counterparts is None:
                self._counterparts = CounterpartFinder.open(self.store)
            return self._counterparts

    def compare(self, doc: str | None, ref: str, with_docs: list[str] | tuple[str, ...] | None = None,
                limit: int = COMPARE_LIMIT, per_doc: int | None = None) -> CompareResult:
        """The closest counterparts of one paragraph in the other indexed documents, best first.

        ``with_docs`` narrows the documents compared with. Candidates come from the stored vectors
        and from shared wording (FTS5 BM25); similarity is defined in index.compare; nothing under
        the floor is kept. ``per_doc`` (default 1, or 3 when ``with_docs`` names documents) caps the
        counterparts taken from one document. Raises BadReference, NotOneParagraph (a range),
        UnknownDocument, UnknownReference, NothingToCompare.
        """
        meta = self.resolve_document(doc)
        refs = [ref] if isinstance(ref, ParsedRef) else parse_refs(ref)
        parsed = refs[0]
        if len(refs) > 1 or parsed.is_range:
            raise NotOneParagraph(ref if isinstance(ref, str) else parsed.display(),
                                  ParsedRef(parsed.scope, parsed.start, None, parsed.sub).display())
        [p] = self.store.lookup(meta, parsed)
        if with_docs:
            targets = {self.resolve_document(d).symbol for d in with_docs} - {meta.symbol}
            if not targets:
                raise NothingToCompare(f"{meta.symbol} cannot be compared with itself: name another document (or none, to compare with all).")
        else:
            targets = {d.symbol for d in self.store.documents()} - {meta.symbol}
        if per_doc is None:
            per_doc = 3 if with_docs else 1
        scored = self.counterpart_candidates(p, targets)
        matches = []
        for cand in select(scored, SIMILARITY_FLOOR, limit, per_doc):
            c = self.store.paragraph(cand.paragraph_id)
            matches.append(Counterpart(quote=self.quote_paragraph(c), date=self.store.document(c.symbol).date,
                                       ref=self.store.typed_ref(c), similarity=cand.similarity, words=cand.words,
                                       cosine=cand.cosine, diff=word_diff(c.text, p.text)))
        return CompareResult(quote=self.quote_paragraph(p), ref=self.store.typed_ref(p), date=meta.date,
                             matches=tuple(matches), compared_with=tuple(sorted(targets)))

    def counterpart_candidates(self, p: Paragraph, targets: set[str], floor: float = SIMILARITY_FLOOR) -> list[Candidate]:
        """Scored candidates for ``p`` in the documents ``targets`` (see index.counterparts)."""
        return self._get_counterparts().candidates(p, targets, floor)

    def toc(self, doc: str | None = None) -> Toc:
        """The map of a document (the default one if None): its sections with ranges and every reference."""
        meta = self.resolve_document(doc)
        paras = self.store.paragraphs_of(meta.symbol)
        sections = build_toc(paras, self.store.kind_of(meta.symbol))
        return Toc(symbol=meta.symbol, title=meta.title, date=meta.date,
                   default_scope=self.store.default_scope_of(meta.symbol), sections=sections)

    def about(self) -> dict:
        """Documents indexed, index date, model, version: for /about and `oewg chat`."""
        return self.store.about()

    def check(self, doc: str | None = None) -> list:
        """The parse health report (index.health) of one document, or of every document."""
        from index.health import check_document

        metas = [self.resolve_document(doc)] if doc else sorted(self.store.documents(), key=lambda m: natural_key(m.symbol))
        reports = []
        for meta in metas:
            stored = self.store.stored(meta.symbol)
            reports.append(check_document(meta.symbol, self.store.paragraphs_of(meta.symbol), stored.warnings, stored.page_count))
        return reports


def _about(title: str) -> str:
    """A document title as a message names it: without the trailing " :" of UN titles."""
    return " ".join(title.split()).rstrip(" :;,.")


def _mapped_wording(expansion: Expansion) -> Callable[[int, int], tuple[str, ...]]:
    """The document wording the thesaurus maps the question text at (start, end) to."""
    def wording(start: int, end: int) -> tuple[str, ...]:
        for m in expansion.matches:
            if m.start <= start and end <= m.end + 3:  # "+3": the plural or 's after the term
                return m.means
        return ()
    return wording


_LINKING = frozenset("of the and for in on to a an at by with de".split())


def latest_year(dates) -> int | None:
    """The year of the newest of the documents' dates ("2025-12-05"), None when none has one."""
    years = [int(d[:4]) for d in dates if d and d[:4].isdigit()]
    return max(years, default=None)


def held_wording(phrase: str, df) -> bool:
    """Whether the index holds every word of ``phrase`` but the linking ones: "Islamic Republic of
    Iran" needs "iran" too, not just "republic"."""
    words = [w for w in re.findall(r"[\w’'-]+", phrase) if w.lower() not in _LINKING]
    return bool(words) and all(df(w.lower()) > 0 for w in words)


def _mapped_by(expansion: Expansion, df) -> Callable[[int, int], bool]:
    """Whether the question text at (start, end) lies in a thesaurus term whose document wording
    the index holds (so a lay word like "nukes" is not taken for a word the documents lack, while
    "Iran" mapped to "Islamic Republic of Iran" is, when no paragraph names Iran)."""
    wording = _mapped_wording(expansion)

    def mapped(start: int, end: int) -> bool:
        return any(held_wording(phrase, df) for phrase in wording(start, end))
    return mapped
