"""Tests of bot/render/ (the tree mirrors the source tree)."""
