"""The `oewg` command line: fetch, build, ask, para, chat, run, start, check-content, feedback.

A thin front end over the engine: it parses arguments, calls one function, prints, and
maps errors to exit statuses (0 ok, 1 failure, 2 unknown reference or usage error).
Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from index.errors import BadReference, NoDefaultDocument, NothingIndexed, OEWGError, UnknownDocument, UnknownReference
from index.refs import parse_ref

DEFAULT_INDEX = os.environ.get("OEWG_INDEX", "data/index")
MAX_K = 50


def k_value(text: str) -> int:
    """``--k``: a whole number of quotes from 1 to MAX_K (argparse prints the message and exits 2)."""
    try:
        k = int(text)
    except ValueError:
        k = 0
    if not 1 <= k <= MAX_K or text.strip() != str(k):
        raise argparse.ArgumentTypeError(f"--k must be a whole number of quotes from 1 to {MAX_K}, not {text!r}")
    return k


def default_sources() -> Path:
    from sources.catalog import DEFAULT_SOURCES_DIR

    return DEFAULT_SOURCES_DIR


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


# ---- text output for the terminal ----------------------------------------

def format_quote_plain(q) -> str:
    head = q.citation() + (f" — {q.heading}" if q.heading else "")
    lines = [head, *("  " + line for line in q.text.splitlines())]
    if q.url:
        lines.append(f"  {q.url}")
    return "\n".join(lines)


def format_answer_plain(answer) -> str:
    if answer.abstained:
        out = [answer.message or "No paragraph answers this."]
        if answer.suggestions:
            out.append("Related: " + "; ".join(answer.suggestions))
        return "\n".join(out)
    out = "\n\n".join(format_quote_plain(q) for q in answer.quotes)
    see_also = getattr(answer, "see_also", ())
    if see_also:
        lines = ["See also:"] + [f"  {c.citation()}" + (f" — {c.heading}" if c.heading else "") + (f"  {c.url}" if c.url else "")
                                 for c in see_also]
        out += "\n\n" + "\n".join(lines)
    return out


def answer_json(answer) -> dict:
    """The `oewg ask --json` object: the answer (``quotes`` quoted, ``see_also`` only cited), and why it
    abstained (``message``)."""
    return {**answer.to_json(), "message": answer.message}


def paragraph_json(engine, p) -> dict:
    return {"doc": p.symbol, "ref": p.ref, "scope": p.scope, "page": p.page, "heading": p.heading,
            "text": p.text, "url": engine.store.url_for(p), "footnotes": [f.to_json() for f in p.footnotes]}


# ---- commands ----------------------------------------------------------------

# Switches read when the libraries are imported: Hugging Face Hub and transformers progress bars
# (the "Loading weights" bar of transformers 5 goes through them), any other tqdm bar, and
# transformers' informational logging.
QUIET_ENV = {"HF_HUB_DISABLE_PROGRESS_BARS": "1", "TQDM_DISABLE": "1", "TRANSFORMERS_VERBOSITY": "error"}


def quiet_model_loading(environ=os.environ) -> None:
    """Silence the progress bars and chatter of loading the embedding model (for `build --quiet`).

    Sets the switches in ``environ`` before the lazy import of sentence-transformers happens;
    libraries already imported in this process are switched off through their own functions.
    """
    environ.update(QUIET_ENV)
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

    def progress(stage: str, done: int, total: int) -> None:
        if args.quiet:
            return
        bar = bars.get(stage)
        if bar is None:
            label = {"parse": "Reading documents", "embed": "Embedding windows", "write": "Writing index"}.get(stage, stage)
            bar = bars[stage] = tqdm(total=total, desc=label, unit="", file=sys.stderr, leave=True)
        bar.total = total
        bar.n = done
        bar.refresh()

    if args.quiet:
        quiet_model_loading()
    sources = [Path(s) for s in args.sources] if args.sources else [default_sources()]
    try:
        report = build_index(sources, Path(args.index), model=args.model, progress=progress, notify=_err)
    except NothingIndexed as err:
        for line in err.errors:
            _err(f"error: {line}")
        raise
    finally:
        for bar in bars.values():
            bar.close()
    for line in report.errors:
        _err(f"error: {line}")
    print(
        f"Indexed {report.documents} document(s) ({report.skipped} unchanged), {report.paragraphs} paragraphs, "
        f"{report.windows} windows in {report.seconds:.1f} s -> {args.index}"
        + (f"; {len(report.errors)} file(s) skipped (see errors above)" if report.errors else "")
    )
    if report.dropped:
        shown = ", ".join(report.dropped[:10]) + (f" and {len(report.dropped) - 10} more" if len(report.dropped) > 10 else "")
        print(f"{len(report.dropped)} document(s) of the previous index are no longer in the sources and were dropped: {shown}")
    print_health(report.health)
    return 0


def print_health(reports) -> None:
    """The parse health table, then one line on what to do when something is wrong."""
    from index.health import health_table

    print()
    print("\n".join(health_table(reports)))
    if any(not r.ok for r in reports):
        print("Numbering problems above: check those documents with `oewg check DOC` and `oewg para DOC REF`;"
              " a PDF that parses badly can often be replaced by the .docx of the same symbol (put both in the sources).")


def cmd_check(args) -> int:
    """`oewg check [DOC]`: the parse health report from the index; exit 1 on numbering problems."""
    from index.health import check_document
    from index.store import IndexStore, natural_key

    store = IndexStore.open(Path(args.index))
    metas = [store.resolve_document(args.doc)] if args.doc else sorted(store.documents(), key=lambda m: natural_key(m.symbol))
    reports = []
    for meta in metas:
        stored = store.stored(meta.symbol)
        reports.append(check_document(meta.symbol, store.paragraphs_of(meta.symbol), stored.warnings, stored.page_count))
    print_health(reports)
    return 1 if any(not r.ok for r in reports) else 0


def _open_engine(args):
    from index.engine import Engine

    return Engine.open(Path(args.index), model=getattr(args, "model", None))


def cmd_ask(args) -> int:
    engine = _open_engine(args)
    if args.batch:
        # undecodable bytes become U+FFFD: a bad line is still answered, and so is every other one
        src = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="replace")
        with src:
            for line in src:
                q = line.strip()
                if not q:
                    continue
                answer = engine.ask(q, k=args.k)
                if args.json:
                    print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
                else:
                    print(f"Q: {q}\n{format_answer_plain(answer)}\n", flush=True)
        return 0
    question = " ".join(args.question)
    if not question.strip():
        _err("usage: oewg ask QUESTION (or --batch FILE)")
        return 2
    answer = engine.ask(question, k=args.k)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
    else:
        print(format_answer_plain(answer))
    return 0


def split_para_words(words: list[str]) -> tuple[str | None, str]:
    """(document or None, reference) from `oewg para [DOC] REF` words.

    The words are a reference alone ("5", "annex I 5", "PP3") when they parse as one; otherwise
    the first word names the document and the rest is the reference.
    """
    whole = " ".join(words)
    try:
        parse_ref(whole)
        return None, whole
    except BadReference:
        if len(words) == 1:
            return None, whole
        return words[0], " ".join(words[1:])


def no_default_document_line(err: NoDefaultDocument, ref: str) -> str:
    """One line telling the user to name a document, with an example and the indexed ones."""
    example = err.known[0] if err.known else "A/RES/80/16"
    return f"name a document: oewg para {example} {ref}; indexed: {err.shown()}"


def cmd_para(args) -> int:
    engine = _open_engine(args)
    doc, ref = split_para_words([args.doc, *args.ref])
    if doc is None and ref.lower() in engine.store.document_names():
        _err(f"name a paragraph too: oewg para {ref} 5")
        return 2
    try:
        paras = engine.lookup(parse_ref(ref), doc)
    except NoDefaultDocument as err:
        _err(no_default_document_line(err, ref))
        return 2
    except (UnknownReference, UnknownDocument, BadReference) as err:
        _err(str(err))
        return 2
    if args.json:
        items = [paragraph_json(engine, p) for p in paras]
        print(json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False))
    else:
        print("\n\n".join(format_quote_plain(engine.quote_paragraph(p)) for p in paras))
    return 0


def cmd_chat(args) -> int:
    from bot.console import run_console

    engine = _open_engine(args)
    return run_console(engine) or 0


def cmd_run(args) -> int:
    from bot.runner import run_bot

    return run_bot(Path(args.config))


def cmd_fetch(args) -> int:
    from sources.catalog import load_catalog
    from sources.fetch import fetch_documents

    catalog = load_catalog(base_url=args.base_url)
    dest = Path(args.dest) if args.dest else default_sources()
    results = fetch_documents(catalog, args.names or None, dest, progress=not args.quiet)
    failed = [r for r in results if r.status == "failed"]
    for r in results:
        line = f"{r.status:>10}  {r.name}  {r.path}"
        print(line if r.status != "failed" else f"{line}  {r.error}")
    return 1 if failed else 0


def cmd_check_content(args) -> int:
    from sources.content import check_content, load_glossary, load_onboarding

    engine = _open_engine(args)
    problems = check_content(engine, load_onboarding(), load_glossary())
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)" if problems else "All onboarding steps and glossary entries resolve to indexed paragraphs.")
    return 1 if problems else 0


def cmd_feedback(args) -> int:
    from bot.feedback import export_feedback_csv

    if args.out == "-":
        n = export_feedback_csv(Path(args.db), sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            n = export_feedback_csv(Path(args.db), out)
    _err(f"{n} vote(s) exported")
    return 0


def cmd_start(args) -> int:
    """Fetch the Final Report if needed, build the index, then run the bot (token set) or the console.

    Without a network the by-hand instructions are printed and the files already in sources/
    are indexed; only when there is nothing to index does it stop (status 1).
    """
    from bot.config import load_config
    from index.build import discover
    from sources.catalog import load_catalog
    from sources.fetch import NoNetwork, fetch_documents

    config = load_config(Path(args.config)) if Path(args.config).is_file() else None
    dest = default_sources()
    catalog = load_catalog()
    names = args.names or [catalog.default.name]
    offline = False
    try:
        results = fetch_documents(catalog, names, dest, progress=True)
    except NoNetwork as err:
        _err(str(err))
        results, offline = [], True
    for r in results:
        if r.status == "failed":
            _err(f"error: {r.error}")
    index_dir = Path(config.index_path if config else args.index)
    if not (dest.is_dir() and discover([dest])):
        _err(f"No PDF, .txt or .md file in {dest}: nothing to index. Place the PDFs there by hand (see above) and run `oewg start` again.")
        return 1
    if offline:
        _err(f"Indexing the files already in {dest}.")
    args.sources, args.index, args.quiet, args.model = [str(dest)], str(index_dir), False, (config.model if config else None)
    cmd_build(args)
    token_env = config.token_env if config else "DISCORD_TOKEN"
    if config and os.environ.get(token_env):
        return cmd_run(args)
    print(f"No Discord token in ${token_env}: opening the console instead (type /help).")
    return cmd_chat(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oewg", description="Questions and exact paragraph lookup over the OEWG Final Report and related UN documents.")
    sub = p.add_subparsers(dest="command", required=True)

    def with_index(sp):
        sp.add_argument("--index", default=DEFAULT_INDEX, help=f"index directory (default: {DEFAULT_INDEX}, or $OEWG_INDEX)")
        sp.add_argument("--model", default=None, help="embedding model name or path (default: the one the index was built with)")

    sp = sub.add_parser("fetch", help="download the catalog's documents into sources/")
    sp.add_argument("names", nargs="*", help="catalog short names (default: all)")
    sp.add_argument("--dest", default=None, help="download folder (default: the sources/ folder)")
    sp.add_argument("--base-url", default=None, help="replace the document server's address (for mirrors and tests)")
    sp.add_argument("--quiet", action="store_true")
    sp.set_defaults(func=cmd_fetch)

    sp = sub.add_parser("build", help="parse and index every PDF / .docx / .txt / .md in the source folders")
    sp.add_argument("--sources", action="append", help="a folder (or file) to index; repeatable (default: sources/)")
    with_index(sp)
    sp.add_argument("--quiet", action="store_true", help="no progress bars")
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("ask", help="answer a question with verbatim quoted paragraphs")
    sp.add_argument("question", nargs="*")
    sp.add_argument("--batch", help="file with one question a line ('-' = stdin)")
    sp.add_argument("--k", type=k_value, default=5, help=f"how many quotes at most, 1 to {MAX_K} (default 5)")
    sp.add_argument("--json", action="store_true", help="print JSON (one object a line with --batch)")
    with_index(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("para", help="exact paragraph lookup: oewg para [DOC] REF")
    sp.add_argument("doc", help="document symbol (A/RES/80/16) or short name (final-report); "
                                "may be left out when the index has a default document (the Final Report)")
    sp.add_argument("ref", nargs="*", help="12, 12(b), 12-14, PP3, 'annex I 5'")
    sp.add_argument("--json", action="store_true")
    with_index(sp)
    sp.set_defaults(func=cmd_para)

    sp = sub.add_parser("chat", help="the bot's commands in this terminal")
    with_index(sp)
    sp.set_defaults(func=cmd_chat)

    sp = sub.add_parser("run", help="start the Discord bot")
    sp.add_argument("--config", default="config.toml")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("start", help="fetch the Final Report, build the index, then run the bot or the console")
    sp.add_argument("names", nargs="*", help="catalog short names to fetch (default: the Final Report)")
    sp.add_argument("--config", default="config.toml")
    sp.add_argument("--index", default=DEFAULT_INDEX)
    sp.set_defaults(func=cmd_start)

    sp = sub.add_parser("check", help="the parse health report: numbering per scope and suspicious paragraphs (exit 1 on numbering problems)")
    sp.add_argument("doc", nargs="?", default=None, help="one document (symbol or short name; default: every document)")
    sp.add_argument("--index", default=DEFAULT_INDEX, help=f"index directory (default: {DEFAULT_INDEX}, or $OEWG_INDEX)")
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser("check-content", help="verify every onboarding step and glossary entry cites an indexed paragraph")
    with_index(sp)
    sp.set_defaults(func=cmd_check_content)

    sp = sub.add_parser("feedback", help="export the 👍/👎 votes as CSV")
    sp.add_argument("--db", default="data/feedback.sqlite")
    sp.add_argument("--out", default="-", help="CSV file ('-' = stdout)")
    sp.set_defaults(func=cmd_feedback)
    return p


def main(argv: list[str] | None = None) -> int:
    from index.userinput import tolerate_bad_bytes

    tolerate_bad_bytes(sys.stdin, sys.stdout, sys.stderr)
    args = build_parser().parse_args(argv)
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
