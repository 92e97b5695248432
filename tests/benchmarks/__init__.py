"""Tests of benchmarks/ (the tree mirrors the source tree)."""
