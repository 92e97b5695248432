"""The `oewg` command line: fetch, build, ask, para, find, toc, compare, chat, run, start, check-content, feedback.

A thin front end over the engine: it parses arguments, calls one function, prints, and
maps errors to exit statuses (0 ok, 1 failure — and numbering problems for `check` —, 2 usage
error or a document or paragraph that is not indexed, for every command: `ask` too, when its
question names one; a `--batch` run answers every line and exits 0).
Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from pathlib import Path

from index.docref import MissingReference, split_doc_ref
from index.errors import BadReference, NoDefaultDocument, NothingIndexed, OEWGError, UnknownDocument, UnknownReference

DEFAULT_INDEX = os.environ.get("OEWG_INDEX", "data/index")
MAX_K = 50


def k_value(text: str) -> int:
    """``--k``: a whole number of paragraphs to rank, from 1 to MAX_K (argparse prints the message and exits 2)."""
    try:
        k = int(text)
    except ValueError:
        k = 0
    if not 1 <= k <= MAX_K or text.strip() != str(k):
        raise argparse.ArgumentTypeError(f"--k must be a whole number of paragraphs from 1 to {MAX_K}, not {text!r}")
    return k


def default_sources() -> Path:
    from sources.catalog import DEFAULT_SOURCES_DIR

    return DEFAULT_SOURCES_DIR


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


# ---- output ------------------------------------------------------------------------

def _terminal():
    from bot.pager import pager_command
    from bot.terminal import Terminal

    return Terminal(sys.stdout, pager=pager_command(os.environ))


def cli_wording(answer):
    """The answer with the engine's command hints as this command line spells them (`/para 12`
    becomes `oewg para 12`): the same message reads right in each surface."""
    from dataclasses import replace

    if not answer.message:
        return answer
    return replace(answer, message=re.sub(r"(?<![\w/<])/(para|find|toc|compare)\b", r"oewg \1", answer.message))


def _show(view) -> None:
    _terminal().print(view)


def answer_json(answer) -> dict:
    """The `oewg ask --json` object: the answer (``quotes`` quoted, ``see_also`` only cited), and why it
    abstained (``message``)."""
    return {**answer.to_json(), "message": answer.message}


# ---- commands ----------------------------------------------------------------

# Switches read when the libraries are imported: Hugging Face Hub and transformers progress bars
# (the "Loading weights" bar of transformers 5 goes through them), any other tqdm bar, and
# transformers' informational logging.
QUIET_ENV = {"HF_HUB_DISABLE_PROGRESS_BARS": "1", "TRANSFORMERS_VERBOSITY": "error"}
NO_BARS_ENV = {**QUIET_ENV, "TQDM_DISABLE": "1"}


def quiet_model_loading(environ=os.environ, *, all_bars: bool = False) -> None:
    """Silence the progress bars and chatter of loading the embedding model: nobody watches it
    (two seconds), so no command shows a bar for it; `oewg build` shows bars of its own steps.

    Sets the switches in ``environ`` before the lazy import of sentence-transformers happens;
    libraries already imported in this process are switched off through their own functions.
    ``all_bars`` switches off every tqdm bar too (`build --quiet`).
    """
    environ.update(NO_BARS_ENV if all_bars else QUIET_ENV)
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()


def cmd_build(args) -> int:
    from tqdm import tqdm

    from index.build import build_index

    bars: dict[str, tqdm] = {}

    watched = not args.quiet and sys.stderr.isatty()  # bars only where a person watches the build

    def progress(stage: str, done: int, total: int) -> None:
        if not watched:
            return
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():  # the step before is over: its bar closes
                other.close()
            label = {"parse": "Reading documents", "embed": "Embedding windows", "write": "Writing index"}.get(stage, stage)
            bar = bars[stage] = tqdm(total=total, desc=label, unit="", file=sys.stderr, leave=True)
        bar.total = total
        bar.n = done
        bar.refresh()
        if total and done >= total:  # the step is over: its bar closes now, not when the next one starts
            bar.close()

    quiet_model_loading(all_bars=args.quiet)
    sources = [Path(s) for s in args.sources] if args.sources else [default_sources()]
    try:
        report = build_index(sources, Path(args.index), model=args.model, progress=progress, notify=_err,
                             catalog=load_catalog_or_none(), keep_documents=getattr(args, "keep_documents", False))
    except NothingIndexed as err:
        for line in err.errors:
            _err(f"error: {line}")
        raise
    finally:
        for bar in bars.values():
            bar.close()
    for line in report.errors:
        _err(f"error: {line}")
    subs = f" (and {report.subparagraphs} sub-paragraphs)" if report.subparagraphs else ""
    print(
        f"Indexed {report.documents} document(s) ({report.skipped} unchanged), {report.paragraphs} paragraphs{subs}, "
        f"{report.windows} windows in {report.seconds:.1f} s -> {args.index}"
        + (f"; {len(report.errors)} file(s) skipped (see errors above)" if report.errors else "")
    )
    if report.dropped:
        shown = ", ".join(report.dropped[:10]) + (f" and {len(report.dropped) - 10} more" if len(report.dropped) > 10 else "")
        print(f"{len(report.dropped)} document(s) of the previous index are not in these sources and were dropped: {shown}")
    print_health(report.health, focus=set(report.parsed))
    if report.errors:  # the index is written without them; a script running the build should notice
        _err(f"{len(report.errors)} file(s) could not be indexed (named above): the index holds the others. "
             "Fix or remove those files and build again.")
        return 1
    return 0


def _documents(n: int) -> str:
    return f"{n} other document" if n == 1 else f"{n} other documents"


def print_health(reports, focus: set[str] | None = None, *, after_build: bool = True) -> None:
    """The parse health table, then one line on what to do when something is wrong.

    With ``focus`` (the documents a build read anew), other documents are left out of the table
    when they are clean, and counted on one line instead."""
    from index.health import health_table

    shown = [r for r in reports if focus is None or r.symbol in focus or not r.clean]
    print()
    if shown:
        print("\n".join(health_table(shown)))
    hidden = len(reports) - len(shown)
    if hidden:
        print(f"{_documents(hidden)} unchanged since the last build, with no numbering problems "
              "(`oewg check` lists every document).")
    if any(not r.ok for r in reports):
        first = "check those documents with `oewg check DOC` and `oewg para DOC REF`" if after_build else \
            "read the paragraphs around them with `oewg para DOC REF` and compare them with the source"
        print(f"Numbering problems above: {first}; a PDF that parses badly can often be replaced by the .docx of"
              " the same symbol (put both in the sources), and a number the document itself skips can be left as it is.")


def load_catalog_or_none():
    """The project catalog, or None when it cannot be read (local files are still indexed)."""
    from sources.catalog import load_catalog

    try:
        return load_catalog()
    except OEWGError as err:
        _err(f"note: the catalog is not used ({err})")
        return None


def cmd_check(args) -> int:
    """`oewg check [DOC]`: the parse health report from the index; exit 1 on numbering problems, 2
    for a document the index does not hold."""
    try:
        reports = _open_engine(args).check(args.doc)
    except UnknownDocument as err:
        _err(str(err))
        return 2
    print_health(reports, after_build=False)
    return 1 if any(not r.ok for r in reports) else 0


def _open_engine(args, *, content: bool = False):
    """The engine over ``--index``, knowing the catalog (a document of it that the index lacks is
    named with how to fetch it); with ``content``, the onboarding guide and glossary too."""
    from index.catalogued import Catalogued
    from index.engine import Engine
    from sources.catalog import load_catalog

    loaded = None
    if content:
        from sources.content import load_content

        loaded = load_content()
    try:
        catalog = Catalogued(load_catalog(), default_sources())
    except OEWGError:  # a broken catalog is `oewg build`'s and `oewg fetch`'s to report; lookups go on without it
        catalog = None
    return Engine.open(Path(args.index), model=getattr(args, "model", None), content=loaded, catalog=catalog)


def open_batch(path: str):
    """The question file of ``oewg ask --batch`` ('-' = stdin), or None after a one-line message
    saying why it cannot be read. Undecodable bytes become U+FFFD: a bad line is still answered,
    and so is every other one."""
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        why = "there is no such file"
    except IsADirectoryError:
        why = "it is a folder, not a file"
    except OSError as err:
        why = f"it cannot be read ({err.strerror or err})"
    _err(f"error: --batch {path}: {why}. Give a text file with one question a line (or - to read them from standard input).")
    return None


def cmd_ask(args) -> int:
    from bot import view as V

    quiet_model_loading()
    engine = _open_engine(args)  # the index is read here, the model only on the first question
    if args.batch:
        src = open_batch(args.batch)
        if src is None:
            return 2
        with src:
            for line in src:
                q = line.strip()
                if not q and not args.json:
                    continue
                answer = engine.ask(q, k=args.k)  # a blank line too, with --json: output line N answers input line N
                if args.json:
                    print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
                else:
                    print(f"Q: {q}", flush=True)
                    _show(V.answer_view(cli_wording(answer), args.k, include_question=False))
                    print(flush=True)
        return 0
    question = " ".join(args.question)
    if not question.strip():
        _err("usage: oewg ask QUESTION (or --batch FILE)")
        return 2
    answer = engine.ask(question, k=args.k)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
    else:
        _show(V.answer_view(cli_wording(answer), args.k, include_question=False))
    return 2 if answer.failed else 0  # a document or paragraph that is not there: as `oewg para` says it


def split_para_words(words: list[str], is_document=lambda name: False) -> tuple[str | None, str]:
    """(document or None, reference) from `oewg para [DOC] REF` words (index.docref decides)."""
    return split_doc_ref(" ".join(words), is_document)


def no_default_document_line(err: NoDefaultDocument, ref: str, command: str = "para") -> str:
    """One line telling the user to name a document, with an example and the indexed ones."""
    example = err.known[0] if err.known else "A/RES/80/16"
    return f"name a document: oewg {command} {example}{' ' + ref if ref else ''}; indexed: {err.shown()}"


def cmd_para(args) -> int:
    from bot import view as V

    engine = _open_engine(args)
    words = " ".join([args.doc, *args.ref])
    try:
        found = engine.read(words)
    except MissingReference as err:
        _err(f"name a paragraph too: oewg para {err.doc} 1 (`oewg toc {err.doc}` lists them)")
        return 2
    except NoDefaultDocument as err:
        _err(no_default_document_line(err, words))
        return 2
    except (UnknownReference, UnknownDocument, BadReference) as err:
        _err(str(err))
        return 2
    if args.json:
        _print_json(found.to_json())
        if found.note:  # stdout stays one JSON value
            _err(f"note: {found.note}")
    else:
        _show(V.lookup_view(found))
    return 0


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False))


def cmd_find(args) -> int:
    """`oewg find PHRASE [--doc DOC]`. The phrase is searched as typed; when nothing holds it and it
    ends with "in NAME" (the console's `/find PHRASE in DOC`), a NAME meant as a document is said
    to be unknown (exit 2), or, when indexed, `--doc` is suggested."""
    from index.docref import trailing_document
    from index.find import BadPhrase

    engine = _open_engine(args)
    phrase = " ".join(args.phrase)
    try:
        result = engine.find(phrase, args.doc)
        split = trailing_document(phrase) if args.doc is None and not result.matches else None
        if split and engine.is_document(split[1]):
            _err(f"note: to search {split[1]} only: oewg find {shlex.quote(split[0])} --doc {shlex.quote(split[1])}")
        elif split and engine.resembles_document(split[1]):
            engine.resolve_document(split[1])  # raises UnknownDocument (or NotIndexed)
    except (BadPhrase, UnknownDocument) as err:
        _err(str(err))
        return 2
    if args.json:
        _print_json(result.to_json())
    else:
        from bot import view as V

        _show(V.find_view(result))
    return 0


def cmd_toc(args) -> int:
    engine = _open_engine(args)
    try:
        toc = engine.toc(args.doc)
    except NoDefaultDocument as err:
        _err(no_default_document_line(err, "", "toc"))
        return 2
    except UnknownDocument as err:
        _err(str(err))
        return 2
    if args.json:
        _print_json(toc.to_json())
    else:
        from bot import view as V

        _show(V.toc_view(toc))
    return 0


def cmd_compare(args) -> int:
    from index.compare import NotOneParagraph, NothingToCompare

    engine = _open_engine(args)
    try:
        doc, ref = engine.split_doc_ref(" ".join([args.doc, *args.ref]))
        result = engine.compare(doc, ref, args.with_docs or None)
    except MissingReference as err:
        _err(f"name a paragraph too: oewg compare {err.doc} 1")
        return 2
    except NoDefaultDocument as err:
        _err(no_default_document_line(err, ref, "compare"))
        return 2
    except (UnknownReference, UnknownDocument, BadReference, NothingToCompare, NotOneParagraph) as err:
        _err(str(err))
        return 2
    if args.json:
        _print_json(result.to_json())
    else:
        from bot import view as V

        _show(V.compare_view(result))
    return 0


def cmd_chat(args) -> int:
    from bot.console import run_console

    quiet_model_loading()
    engine = _open_engine(args, content=True)
    return run_console(engine) or 0


def cmd_run(args) -> int:
    from bot.runner import run_bot

    quiet_model_loading()
    return run_bot(Path(args.config))


def cmd_fetch(args) -> int:
    from sources.catalog import load_catalog
    from sources.fetch import NoNetwork, fetch_documents

    catalog = load_catalog(base_url=args.base_url)
    dest = Path(args.dest) if args.dest else default_sources()
    try:
        results = fetch_documents(catalog, args.names or None, dest, progress=not args.quiet and sys.stderr.isatty())
    except NoNetwork as err:  # what to download by hand, one document a line (as `oewg start` prints it)
        _err(f"error: {err}")
        return 1
    failed = [r for r in results if r.status == "failed"]
    for r in results:
        line = f"{r.status:>10}  {r.name}  {r.path}"
        print(line if r.status != "failed" else f"{line}  {r.error}")
    return 1 if failed else 0


def cmd_check_content(args) -> int:
    from sources.content import check_content, load_glossary, load_onboarding

    quiet_model_loading()
    engine = _open_engine(args)
    problems = check_content(engine, load_onboarding(), load_glossary())
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)" if problems else "All onboarding steps and glossary entries resolve to indexed paragraphs.")
    return 1 if problems else 0


def cmd_feedback(args) -> int:
    import io

    from bot.feedback import export_feedback_csv

    rows = io.StringIO()
    n = export_feedback_csv(Path(args.db), rows)  # all read before anything is written: a failure leaves no file
    if args.out == "-":
        sys.stdout.write(rows.getvalue())
    else:
        Path(args.out).write_text(rows.getvalue(), encoding="utf-8", newline="")
    _err(f"{n} vote(s) exported")
    return 0


def cmd_start(args) -> int:
    """Fetch the Final Report if needed, build the index, then run the bot (token set) or the console.

    Without a network the by-hand instructions are printed and the files already in sources/
    are indexed; only when there is nothing to index does it stop (status 1).
    """
    from bot.config import load_config
    from index.build import discover
    from index.errors import WouldDropDocuments
    from index.readers import describe_suffixes
    from sources.catalog import load_catalog
    from sources.fetch import NoNetwork, fetch_documents

    config = load_config(Path(args.config)) if Path(args.config).is_file() else None
    dest = default_sources()
    catalog = load_catalog()
    names = args.names or [catalog.default.name]
    offline = False
    try:
        results = fetch_documents(catalog, names, dest, progress=sys.stderr.isatty())
    except NoNetwork as err:
        _err(str(err))
        results, offline = [], True
    for r in results:
        if r.status == "failed":
            _err(f"error: {r.error}")
    index_dir = Path(args.index or (config.index_path if config else DEFAULT_INDEX))
    if not (dest.is_dir() and discover([dest])):
        if (index_dir / "manifest.json").is_file():
            _err(f"No {describe_suffixes()} file in {dest}: using the index at {index_dir} as it is.")
        else:
            _err(f"No {describe_suffixes()} file in {dest}: nothing to index. Place the PDFs there by hand (see above) and run `oewg start` again.")
            return 1
    else:
        if offline:
            _err(f"Indexing the files already in {dest}.")
        folders = [dest, *(f for f in indexed_folders(index_dir) if f.resolve() != dest.resolve())]
        args.sources, args.index, args.quiet, args.model = [str(f) for f in folders], str(index_dir), False, (config.model if config else None)
        args.keep_documents = True  # start never drops documents an index was built with elsewhere
        try:
            cmd_build(args)
        except WouldDropDocuments as err:
            _err(f"note: {err}")
    args.index = str(index_dir)
    token_env = config.token_env if config else "DISCORD_TOKEN"
    if config and os.environ.get(token_env):
        return cmd_run(args)
    print(f"No Discord token in ${token_env}: opening the console instead (type /help).")
    return cmd_chat(args)


def _version() -> str:
    from index.store import app_version

    return app_version() or "unknown"


def _fetch_epilog() -> str:
    """The catalog's document names, for `oewg fetch --help`."""
    try:
        from sources.catalog import load_catalog

        catalog = load_catalog()
    except Exception as err:  # the help must print even when the catalog is broken
        return f"The catalog cannot be read ({' '.join(str(err).split())})."
    names = ", ".join(e.name for e in catalog.entries)
    return f"Documents (NAME): {names}. Default: all of them. Example: oewg fetch final-report apr-2024"


class _Parser(argparse.ArgumentParser):
    """argparse without abbreviations (`--mode` is an error, never read as `--model`); an unknown
    command gets the nearest one suggested, and a missing paragraph reference is said plainly."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        import difflib

        wrong = re.match(r"argument COMMAND: invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if wrong:
            choices = re.findall(r"'([^']+)'", wrong.group(2))
            near = difflib.get_close_matches(wrong.group(1), choices, n=1)
            message = f"unknown command '{wrong.group(1)}'." + (f" Did you mean '{near[0]}'?" if near else "") + \
                      f" The commands: {', '.join(choices)}."
        elif message.endswith("required: [DOC], REF"):
            if self.prog.endswith(" compare"):
                message = "give the paragraph to compare, e.g. `oewg compare 12` or `oewg compare A/RES/80/44 PP5`"
            else:
                message = "give the paragraph to look up, e.g. `oewg para 12` or `oewg para A/RES/80/16 2`"
        super().error(message)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line parsed; an option the command does not take is refused with that
    command's own usage (not the top-level one)."""
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def indexed_folders(index_dir: Path) -> list[Path]:
    """The folders the documents of an existing index were read from (those still there), so that
    `oewg start` adds sources/ to an index built elsewhere instead of rebuilding it from sources/ alone.
    Read from the index's database alone: an index of an older format, which the build then
    rebuilds from scratch, still names its folders."""
    from index.store import document_paths

    return sorted({Path(p).parent for p in document_paths(index_dir) if Path(p).is_file()})


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="oewg", description="Questions and exact paragraph lookup over the OEWG Final Report and related UN documents.",
                epilog="Run `oewg COMMAND --help` for the options of a command.")
    p.add_argument("--version", action="version", version=f"oewg {_version()}", help="print the version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def with_index(sp, model: bool = True):
        sp.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR", help=f"index directory (default: {DEFAULT_INDEX}, or $OEWG_INDEX)")
        if model:
            sp.add_argument("--model", default=None, metavar="NAME", help="embedding model name or path (default: the one the index was built with)")

    def json_flag(sp, what: str):
        sp.add_argument("--json", action="store_true", help=f"print {what} as JSON, for scripts")

    sp = sub.add_parser("fetch", help="download the catalog's documents into sources/", epilog=_fetch_epilog())
    sp.add_argument("names", nargs="*", metavar="NAME", help="catalog short names (default: all; listed below)")
    sp.add_argument("--dest", default=None, metavar="DIR", help="download folder (default: the sources/ folder)")
    sp.add_argument("--base-url", default=None, metavar="URL", help="replace the document server's address (for mirrors and tests)")
    sp.add_argument("--quiet", action="store_true", help="no progress bars (there are none when stderr is not a terminal)")
    sp.set_defaults(func=cmd_fetch)

    sp = sub.add_parser("build", help="parse and index every PDF / .docx / .txt / .md in the source folders")
    sp.add_argument("--sources", action="append", metavar="DIR", help="a folder (or file) to index; repeatable (default: sources/)")
    with_index(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bars")
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("ask", help="answer a question with verbatim quoted paragraphs")
    sp.add_argument("question", nargs="*", metavar="QUESTION", help="the question, in plain English words")
    sp.add_argument("--batch", metavar="FILE", help="file with one question a line ('-' = stdin)")
    sp.add_argument("--k", type=k_value, default=5,
                    help=f"how many paragraphs to rank, 1 to {MAX_K} (default 5): at most 3 are quoted, the rest listed under See also")
    sp.add_argument("--json", action="store_true", help="print JSON (one object a line with --batch)")
    with_index(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("para", help="exact paragraph lookup: oewg para [DOC] REF", usage="oewg para [DOC] REF [--json] [--index DIR]")
    sp.add_argument("doc", metavar="[DOC]", help="document symbol (A/RES/80/16) or short name (final-report); "
                                                "may be left out when the index has a default document (the Final Report)")
    sp.add_argument("ref", nargs="*", metavar="REF", help="12, 12(b), 12-14, '3, 5', 5(a)-(c), PP3, 'annex I 5'")
    json_flag(sp, "the paragraph (a list of them for a range)")
    with_index(sp, model=False)
    sp.set_defaults(func=cmd_para)

    sp = sub.add_parser("find", help="every paragraph that contains a phrase, oldest document first")
    sp.add_argument("phrase", nargs="+", metavar="PHRASE", help="the phrase (case, line breaks, hyphen and quote variants do not matter; word* for any ending)")
    sp.add_argument("--doc", default=None, metavar="DOC", help="only this document (symbol or short name)")
    json_flag(sp, "every match with its spans")
    with_index(sp, model=False)
    sp.set_defaults(func=cmd_find)

    sp = sub.add_parser("toc", help="a document's headings with their paragraph ranges: oewg toc [DOC]")
    sp.add_argument("doc", nargs="?", default=None, metavar="DOC", help="document symbol or short name (default: the Final Report)")
    json_flag(sp, "the sections with every reference")
    with_index(sp, model=False)
    sp.set_defaults(func=cmd_toc)

    sp = sub.add_parser("compare", help="a paragraph's closest counterparts in the other documents, with a word diff",
                        usage="oewg compare [DOC] REF [--with DOC ...] [--json] [--index DIR]")
    sp.add_argument("doc", metavar="[DOC]", help="document symbol or short name; may be left out for the Final Report")
    sp.add_argument("ref", nargs="*", metavar="REF", help="12, 12(b), PP3, 'annex I 5'")
    sp.add_argument("--with", dest="with_docs", action="extend", nargs="+", default=[], metavar="DOC",
                    help="compare only with these documents (default: all the others)")
    json_flag(sp, "the counterparts with their diffs")
    with_index(sp, model=False)
    sp.set_defaults(func=cmd_compare)

    sp = sub.add_parser("chat", help="the bot's commands in this terminal (type /help there)")
    with_index(sp)
    sp.set_defaults(func=cmd_chat)

    sp = sub.add_parser("run", help="start the Discord bot")
    sp.add_argument("--config", default="config.toml", metavar="FILE", help="the bot's configuration file (default: config.toml; see config.example.toml)")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("start", help="fetch the Final Report, build the index (never dropping documents), then run the bot or the console")
    sp.add_argument("names", nargs="*", metavar="NAME", help="catalog short names to fetch (default: the Final Report)")
    sp.add_argument("--config", default="config.toml", metavar="FILE", help="the bot's configuration file, used when it exists (default: config.toml)")
    sp.add_argument("--index", default=None, metavar="DIR", help=f"index directory (default: [index] path of the config, else {DEFAULT_INDEX})")
    sp.set_defaults(func=cmd_start)

    sp = sub.add_parser("check", help="the parse health report: numbering per scope and suspicious paragraphs (exit 1 on numbering problems)")
    sp.add_argument("doc", nargs="?", default=None, metavar="DOC", help="one document (symbol or short name; default: every document)")
    with_index(sp, model=False)
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser("check-content", help="verify every onboarding step and glossary entry cites an indexed paragraph")
    with_index(sp)
    sp.set_defaults(func=cmd_check_content)

    sp = sub.add_parser("feedback", help="export the 👍/👎 votes as CSV")
    sp.add_argument("--db", default="data/feedback.sqlite", metavar="FILE", help="the bot's feedback database ([bot] feedback_db; default: data/feedback.sqlite)")
    sp.add_argument("--out", default="-", metavar="FILE", help="CSV file ('-' = stdout)")
    sp.set_defaults(func=cmd_feedback)
    return p


def main(argv: list[str] | None = None) -> int:
    from index.userinput import tolerate_bad_bytes

    tolerate_bad_bytes(sys.stdin, sys.stdout, sys.stderr)
    args = parse_args(argv)
    try:
        return args.func(args)
    except OEWGError as err:
        _err(f"error: {' '.join(str(err).split())}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `oewg para ... | head` closed the pipe: not an error worth a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as err:  # a bug: still one line, never a traceback (OEWG_DEBUG=1 shows it)
        if os.environ.get("OEWG_DEBUG"):
            raise
        detail = " ".join(str(err).split())[:300]
        _err(f"error: unexpected {type(err).__name__}: {detail} (run again with OEWG_DEBUG=1 for details, and please report it)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
