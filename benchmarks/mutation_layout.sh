#!/usr/bin/env bash
# Mutation pass over the furniture and footnote removal of the PDF layout reader
# (index/pdf_layout.py, index/layout_parse.py). Results: benchmarks/MUTATION.md.
#
# Runs mutmut 3 in a scratch copy of the tracked files (benchmarks/mutmut_run.sh), with the fast
# layout and parser tests as the killing suite. Usage: bash benchmarks/mutation_layout.sh [SCRATCH_DIR]
# (needs: .venv/bin/pip install mutmut)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/mutmut_run.sh
run_mutmut "${1:-/tmp/oewg-mutation-layout}" <<'CFG'
[mutmut]
source_paths=
    index/
also_copy=
    benchmarks/
    tests/
    sources/
    bot/
only_mutate=
    index/pdf_layout.py
    index/layout_parse.py
pytest_add_cli_args_test_selection=
    tests/index/test_pdf_layout.py
    tests/index/test_layout_parse.py
    tests/lookalikes/test_lookalikes_shared.py
    tests/index/test_parser_pdf.py
pytest_add_cli_args=
    -p
    no:cacheprovider
    -q
CFG
