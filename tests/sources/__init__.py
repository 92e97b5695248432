"""Tests of sources/ (the tree mirrors the source tree)."""
