"""Word-style UN look-alike documents for testing the PDF and .docx readers.

A look-alike is a ``.docx`` in UN layout (written with python-docx from real UN sentences read
from ``../shared/corpus/ga-res-80`` at generation time), its PDF (exported by LibreOffice, as
Word would), and exact ground truth per paragraph. The generator is independent of the
project's parser. See ``tests/lookalikes/README.md``.
"""
