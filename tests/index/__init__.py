"""Tests of index/ (the tree mirrors the source tree)."""
