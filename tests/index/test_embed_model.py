"""Which embedding model a setting names, and the one-line error for one that cannot be loaded (index.embed)."""

from __future__ import annotations

import pytest

from index.embed import BUNDLED_MODEL, Embedder, resolve_model
from index.errors import ModelUnavailable, OEWGError


def test_the_bundled_model_a_folder_and_a_hub_name_resolve_to_what_is_loaded(tmp_path):
    name, location = resolve_model(None)
    assert name == BUNDLED_MODEL and location
    assert resolve_model(f"sentence-transformers/{BUNDLED_MODEL}")[0] == BUNDLED_MODEL
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert resolve_model(str(folder)) == ("my-model", str(folder.resolve()))
    assert resolve_model("sentence-transformers/all-mpnet-base-v2") == ("all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2")


@pytest.mark.parametrize("spec", ["./nosuch-model", "/nonexistent/models/x", "~/nonexistent-model-folder"])
def test_a_path_that_is_no_folder_is_refused_at_once_with_one_line(spec):
    with pytest.raises(ModelUnavailable) as err:
        resolve_model(spec)
    message = str(err.value)
    assert "\n" not in message and f"'{spec}' (no such folder)" in message and "bundled all-MiniLM-L6-v2" in message
    assert isinstance(err.value, OEWGError)  # the front ends print it as one line


def test_a_file_is_not_a_model_folder(tmp_path):
    f = tmp_path / "model.bin"
    f.write_bytes(b"x")
    with pytest.raises(ModelUnavailable, match="a file, not a model folder"):
        resolve_model(str(f))


@pytest.mark.model
def test_a_hub_name_that_cannot_be_loaded_offline_is_one_line_not_an_unexpected_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailable) as err:
        Embedder("nosuch-org/nosuch-model")
    assert "\n" not in str(err.value) and "'nosuch-org/nosuch-model'" in str(err.value)
