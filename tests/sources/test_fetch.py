"""The downloader against a real HTTP server on 127.0.0.1 (pytest-httpserver) serving reportlab PDFs."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import time
from urllib.request import ProxyHandler, build_opener

import pytest
from werkzeug import Response

from sources.catalog import load_catalog
from sources.fetch import (
    LOCK_NAME,
    FetchError,
    NoNetwork,
    fetch_documents,
    looks_like_html,
    manual_instructions,
    pdf_problem,
)

HTML = b"<!DOCTYPE html><html><head><title>Error</title></head><body>Document not found</body></html>"


def make_pdf(label: str, pages: int = 4) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for n in range(pages):
        for line in range(30):
            c.drawString(72, 750 - 20 * line, f"{label} page {n + 1} line {line + 1}: responsible State behaviour")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return make_pdf("A/80/257")


@pytest.fixture(scope="module")
def pdf2() -> bytes:
    return make_pdf("A/RES/80/16", pages=2)


@pytest.fixture
def opener():
    return build_opener(ProxyHandler({}))  # never route 127.0.0.1 through a proxy


@pytest.fixture
def catalog(httpserver):
    return load_catalog(base_url=httpserver.url_for("/").rstrip("/"))


def primary(httpserver, symbol: str):
    return httpserver.expect_request("/api/symbol/access", query_string={"s": symbol, "l": "en", "t": "pdf"})


def fallback(httpserver, symbol: str):
    return httpserver.expect_request("/pdf", query_string={"symbol": symbol})


def run(catalog, names, dest, opener, **kw):
    kw.setdefault("backoff", 0.01)
    return fetch_documents(catalog, names, dest, progress=False, opener=opener, **kw)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---- success, lock, re-run --------------------------------------------------------------------


def test_download_writes_pdf_lock_and_sha256(httpserver, catalog, opener, tmp_path, pdf):
    primary(httpserver, "A/80/257").respond_with_data(pdf, content_type="application/pdf")
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded", res.error
    target = tmp_path / "A_80_257.pdf"
    assert res.path == target and target.read_bytes() == pdf
    digest = hashlib.sha256(pdf).hexdigest()
    assert res.sha256 == digest
    lock = json.loads((tmp_path / LOCK_NAME).read_text())
    rec = lock["final-report"]
    assert rec["symbol"] == "A/80/257" and rec["sha256"] == digest and rec["bytes"] == len(pdf)
    assert rec["url"] == catalog.get("final-report").urls()[0] and rec["fetched_at"].endswith("Z")
    assert not list(tmp_path.glob("*.part"))


def test_redirect_to_the_file_is_followed(httpserver, catalog, opener, tmp_path, pdf):
    # documents.un.org answers the symbol address with a redirect to the file itself
    primary(httpserver, "A/80/257").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/files/N2519974.pdf")})
    )
    httpserver.expect_request("/files/N2519974.pdf").respond_with_data(pdf, content_type="application/pdf")
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded", res.error
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf


def test_rerun_downloads_nothing(httpserver, catalog, opener, tmp_path, pdf, pdf2):
    primary(httpserver, "A/80/257").respond_with_data(pdf, content_type="application/pdf")
    primary(httpserver, "A/RES/80/16").respond_with_data(pdf2, content_type="application/pdf")
    first = run(catalog, ["final-report", "res-80-16"], tmp_path, opener)
    assert [r.status for r in first] == ["downloaded", "downloaded"]
    assert len(httpserver.log) == 2
    second = run(catalog, ["final-report", "res-80-16"], tmp_path, opener)
    assert [r.status for r in second] == ["up-to-date", "up-to-date"]
    assert [r.sha256 for r in second] == [r.sha256 for r in first]
    assert len(httpserver.log) == 2, "the second run must not send any request"


def test_hand_placed_pdf_is_accepted_and_recorded_without_network(opener, tmp_path, pdf):
    cat = load_catalog(base_url=f"http://127.0.0.1:{closed_port()}")
    (tmp_path / "A_80_257.pdf").write_bytes(pdf)
    [res] = run(cat, ["final-report"], tmp_path, opener)
    assert res.status == "up-to-date"
    lock = json.loads((tmp_path / LOCK_NAME).read_text())
    assert lock["final-report"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert lock["final-report"]["url"] == ""


def test_damaged_local_file_is_downloaded_again(httpserver, catalog, opener, tmp_path, pdf):
    (tmp_path / "A_80_257.pdf").write_bytes(pdf[: len(pdf) // 2])  # no %%EOF: an interrupted copy
    primary(httpserver, "A/80/257").respond_with_data(pdf, content_type="application/pdf")
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded"
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf


# ---- failures ---------------------------------------------------------------------------------


def test_404_is_reported_and_other_documents_still_fetched(httpserver, catalog, opener, tmp_path, pdf2):
    primary(httpserver, "A/80/257").respond_with_data("Not found", status=404)
    fallback(httpserver, "A/80/257").respond_with_data("Not found", status=404)
    primary(httpserver, "A/RES/80/16").respond_with_data(pdf2, content_type="application/pdf")
    bad, good = run(catalog, ["final-report", "res-80-16"], tmp_path, opener)
    assert bad.status == "failed"
    assert "404" in bad.error and "A_80_257.pdf" in bad.error and "by hand" in bad.error
    assert "\n" not in bad.error
    assert not (tmp_path / "A_80_257.pdf").exists()
    assert good.status == "downloaded" and (tmp_path / "A_RES_80_16.pdf").read_bytes() == pdf2
    assert len(httpserver.log) == 3, "a 404 must not be retried"
    assert "final-report" not in json.loads((tmp_path / LOCK_NAME).read_text())


def test_fallback_address_used_when_primary_404s(httpserver, catalog, opener, tmp_path, pdf):
    primary(httpserver, "A/80/257").respond_with_data("Not found", status=404)
    fallback(httpserver, "A/80/257").respond_with_data(pdf, content_type="application/pdf")
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded"
    assert res.url == catalog.get("final-report").urls()[1]
    assert json.loads((tmp_path / LOCK_NAME).read_text())["final-report"]["url"] == res.url
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf


def test_html_page_is_rejected_with_a_message(httpserver, catalog, opener, tmp_path):
    primary(httpserver, "A/80/257").respond_with_data(HTML, content_type="text/html")
    fallback(httpserver, "A/80/257").respond_with_data(HTML, content_type="text/html")
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "failed"
    assert "HTML page" in res.error and "A_80_257.pdf" in res.error
    assert not (tmp_path / "A_80_257.pdf").exists() and not list(tmp_path.glob("*.part"))
    assert len(httpserver.log) == 2, "an HTML page is not retried at the same address"


def test_pdf_without_end_marker_fails_after_retries(httpserver, catalog, opener, tmp_path, pdf):
    cut = pdf[: len(pdf) - 40]  # complete as announced, but the PDF itself is cut
    primary(httpserver, "A/80/257").respond_with_data(cut, content_type="application/pdf")
    fallback(httpserver, "A/80/257").respond_with_data(cut, content_type="application/pdf")
    [res] = run(catalog, ["final-report"], tmp_path, opener, retries=1)
    assert res.status == "failed" and "incomplete" in res.error
    assert not (tmp_path / "A_80_257.pdf").exists()


# ---- resume and retry -------------------------------------------------------------------------


def test_truncated_body_is_resumed_with_range(httpserver, catalog, opener, tmp_path, pdf):
    half = len(pdf) // 2

    def handler(request):
        rng = request.headers.get("Range")
        if rng is None:
            resp = Response(pdf[:half], status=200, content_type="application/pdf")
            resp.headers["Content-Length"] = str(len(pdf))  # announce all, send half, hang up
            resp.headers["Connection"] = "close"
            return resp
        start = int(rng.split("=")[1].rstrip("-"))
        resp = Response(pdf[start:], status=206, content_type="application/pdf")
        resp.headers["Content-Range"] = f"bytes {start}-{len(pdf) - 1}/{len(pdf)}"
        return resp

    primary(httpserver, "A/80/257").respond_with_handler(handler)
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded", res.error
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf
    ranges = [req.headers.get("Range") for req, _ in httpserver.log]
    assert ranges == [None, f"bytes={half}-"]


def test_server_ignoring_range_restarts_from_zero(httpserver, catalog, opener, tmp_path, pdf):
    calls = []

    def handler(request):
        calls.append(request.headers.get("Range"))
        body = pdf[:100] if len(calls) == 1 else pdf
        resp = Response(body, status=200, content_type="application/pdf")
        resp.headers["Content-Length"] = str(len(pdf))
        resp.headers["Connection"] = "close"
        return resp

    primary(httpserver, "A/80/257").respond_with_handler(handler)
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded"
    assert calls == [None, "bytes=100-"]
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf


def test_stale_partial_file_refused_by_server_is_restarted(httpserver, catalog, opener, tmp_path, pdf):
    (tmp_path / "A_80_257.pdf.part").write_bytes(b"%PDF-" + b"x" * (len(pdf) + 10))

    def handler(request):
        if request.headers.get("Range"):
            return Response("", status=416)
        return Response(pdf, content_type="application/pdf")

    primary(httpserver, "A/80/257").respond_with_handler(handler)
    [res] = run(catalog, ["final-report"], tmp_path, opener)
    assert res.status == "downloaded"
    assert (tmp_path / "A_80_257.pdf").read_bytes() == pdf


def test_fails_twice_then_succeeds_after_backoff(httpserver, catalog, opener, tmp_path, pdf):
    def handler(request):
        if len(httpserver.log) < 2:
            return Response("busy", status=503)
        return Response(pdf, content_type="application/pdf")

    primary(httpserver, "A/80/257").respond_with_handler(handler)
    started = time.monotonic()
    [res] = run(catalog, ["final-report"], tmp_path, opener, retries=3, backoff=0.05)
    elapsed = time.monotonic() - started
    assert res.status == "downloaded"
    assert [resp.status_code for _, resp in httpserver.log] == [503, 503, 200]
    assert elapsed >= 0.05 + 0.1, "the waits between attempts double: 0.05 s then 0.1 s"


def test_retries_are_bounded(httpserver, catalog, opener, tmp_path):
    primary(httpserver, "A/80/257").respond_with_data("busy", status=503)
    fallback(httpserver, "A/80/257").respond_with_data("busy", status=503)
    [res] = run(catalog, ["final-report"], tmp_path, opener, retries=2)
    assert res.status == "failed" and "503" in res.error
    assert len(httpserver.log) == 6  # (1 + 2 retries) at each of the two addresses


# ---- no network -------------------------------------------------------------------------------


def test_no_network_fails_fast_with_by_hand_instructions(opener, tmp_path):
    cat = load_catalog(base_url=f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    with pytest.raises(NoNetwork) as info:
        fetch_documents(cat, None, tmp_path, progress=False, opener=opener)  # default retries/backoff
    assert time.monotonic() - started < 2.0
    msg = str(info.value)
    assert "no network" in info.value.summary.lower()
    for entry in cat.entries:
        assert entry.pdf_url() in msg
        assert str(tmp_path / entry.filename) in msg
    assert "oewg fetch" in msg
    assert not list(tmp_path.glob("*.pdf"))


def test_unreachable_primary_host_is_skipped_without_waiting(httpserver, opener, tmp_path, pdf, pdf2):
    dead = f"http://127.0.0.1:{closed_port()}"
    live = httpserver.url_for("/").rstrip("/")
    docs = "".join(
        f'[[document]]\nname = "{n}"\nsymbol = "{s}"\ntitle = "t"\ndate = "2025-01-01"\nkind = "report"\nlanguage = "en"\n'
        for n, s in (("final-report", "A/80/257"), ("apr-2024", "A/79/214"))
    )
    path = tmp_path / "catalog.toml"
    path.write_text(
        f'[urls]\ntemplates = ["{dead}/api?s={{symbol}}", "{live}/pdf?symbol={{symbol}}"]\n'
        f'[defaults]\ndocument = "final-report"\n{docs}',
        encoding="utf-8",
    )
    fallback(httpserver, "A/80/257").respond_with_data(pdf, content_type="application/pdf")
    fallback(httpserver, "A/79/214").respond_with_data(pdf2, content_type="application/pdf")
    started = time.monotonic()
    results = fetch_documents(load_catalog(path), None, tmp_path / "out", progress=False, opener=opener, backoff=1.0)
    assert time.monotonic() - started < 1.0, "a host that never answered must not be retried with backoff"
    assert [r.status for r in results] == ["downloaded", "downloaded"]
    assert all(r.url.startswith(live) for r in results)


def test_unknown_document_name_is_refused(catalog, opener, tmp_path):
    with pytest.raises(FetchError, match="Unknown document 'nope'.*final-report"):
        run(catalog, ["nope"], tmp_path, opener)


# ---- pure helpers -----------------------------------------------------------------------------


def test_pdf_problem_classifies_bodies(pdf):
    assert pdf_problem(pdf[:1024], pdf[-2048:]) is None
    assert "HTML page" in pdf_problem(HTML, HTML)
    assert "not a PDF" in pdf_problem(b"PK\x03\x04zipdata", b"")
    assert "incomplete" in pdf_problem(pdf[:1024], pdf[:1024])
    assert "empty" in pdf_problem(b"", b"")
    assert looks_like_html(b"  \n<html lang='en'>") and not looks_like_html(b"%PDF-1.7")


def test_manual_instructions_name_addresses_and_files(tmp_path):
    cat = load_catalog()
    text = manual_instructions(list(cat.entries), tmp_path)
    for entry in cat.entries:
        line = next(l for l in text.splitlines() if entry.pdf_url() in l)
        assert str(tmp_path / entry.filename) in line and entry.urls()[1] in line
