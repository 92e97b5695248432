"""The document catalog, the downloader and the editorial content (onboarding guide, glossary)."""
