"""bot.pager and Terminal: a view taller than the terminal goes through the pager; a short one, a
pipe or a file never does; paging is turned off by OEWG_PAGER=cat or an empty value."""

from __future__ import annotations

import io
import sys

import pytest

from bot import view as V
from bot.pager import page, pager_command, pager_env
from bot.terminal import Terminal


class FakeTty(io.StringIO):
    """A terminal as rich sees one: isatty() true (its size comes from the width given)."""

    def isatty(self) -> bool:
        return True


def long_view(lines: int) -> V.View:
    return tuple(V.text(f"line {i}") for i in range(lines))


def recorder(tmp_path):
    """A pager command that writes what it is given to a file (and the LESS it saw)."""
    out = tmp_path / "paged.txt"
    script = f"import os, sys; open({str(out)!r}, 'w').write(os.environ.get('LESS', '') + '|' + sys.stdin.read())"
    return [sys.executable, "-c", script], out


@pytest.mark.parametrize("env, expected", [
    ({"OEWG_PAGER": "most -s", "PAGER": "more"}, ["most", "-s"]),
    ({"PAGER": "more"}, ["more"]),
    ({"OEWG_PAGER": "cat", "PAGER": "more"}, None),
    ({"PAGER": ""}, None),
    ({"PAGER": "less 'unbalanced"}, None),
    ({}, ["less"]),
])
def test_the_pager_is_the_users_choice_else_less(env, expected):
    assert pager_command(env, which=lambda name: f"/usr/bin/{name}") == expected


def test_without_less_and_without_a_choice_nothing_pages():
    assert pager_command({}, which=lambda name: None) is None


def test_less_keeps_colours_and_the_screen_unless_the_user_set_less():
    assert pager_env({})["LESS"] == "FRX" and pager_env({"LESS": "-M"})["LESS"] == "-M"


def test_a_view_taller_than_the_terminal_is_paged_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "20")
    monkeypatch.delenv("LESS", raising=False)
    command, out = recorder(tmp_path)
    screen = FakeTty()
    Terminal(screen, color=False, width=80, pager=command).print(long_view(50))
    less, paged = out.read_text().split("|", 1)
    assert less == "FRX" and "line 0" in paged and "line 49" in paged
    assert screen.getvalue() == ""  # the pager showed it, not the terminal directly


def test_a_short_view_a_pipe_and_a_missing_pager_print_directly(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "20")
    command, out = recorder(tmp_path)
    screen = FakeTty()
    Terminal(screen, color=False, width=80, pager=command).print(long_view(5))
    assert "line 4" in screen.getvalue() and not out.exists()
    pipe = io.StringIO()
    Terminal(pipe, color=False, pager=command).print(long_view(50))
    assert "line 49" in pipe.getvalue() and not out.exists()
    missing = FakeTty()
    Terminal(missing, color=False, width=80, pager=[str(tmp_path / "no-such-pager")]).print(long_view(50))
    assert "line 49" in missing.getvalue()  # the pager cannot start: printed as it is


def test_a_pager_that_quits_early_is_not_an_error():
    assert page("x\n" * 200_000, [sys.executable, "-c", "import sys; sys.stdin.read(10)"]) is True
    assert page("x", ["/no/such/pager"]) is False


def test_ctrl_c_while_feeding_the_pager_leaves_it_open_until_it_exits(monkeypatch):
    import bot.pager as pager

    class Pipe:
        closed = False

        def write(self, data):
            raise KeyboardInterrupt  # Ctrl-C reaches this process too while less reads

        def close(self):
            self.closed = True

    class Proc:
        def __init__(self, *args, **kwargs):
            self.stdin, self.waited = Pipe(), False
            started.append(self)

        def wait(self):
            self.waited = True

    started: list = []
    monkeypatch.setattr(pager.subprocess, "Popen", Proc)
    try:
        shown = page("x\n" * 100, ["less"])
    except KeyboardInterrupt:  # escaping would also stop pytest itself
        pytest.fail("Ctrl-C escaped page() while the pager was still open")
    assert shown is True
    assert started[0].stdin.closed and started[0].waited


def test_the_whole_text_reaches_the_pager_through_partial_writes():
    from bot.pager import _feed

    class Slow:
        def __init__(self):
            self.got = b""

        def write(self, data):
            self.got += bytes(data[:3])
            return min(3, len(data))

    pipe = Slow()
    _feed(pipe, b"0123456789")
    assert pipe.got == b"0123456789"
