"""Tests of bot/ (the tree mirrors the source tree)."""
