"""Tests of bot/cogs/ (the tree mirrors the source tree)."""
