#!/usr/bin/env bash
# Mutation pass over the modules that carry the promises (Discord limits, verbatim quotes, the
# reference grammar): bot/render/ and bot/view.py, index/quotes.py, index/refs.py, index/docref.py. Results: benchmarks/MUTATION.md.
#
# Runs mutmut 3 in a scratch copy of the tracked files (benchmarks/mutmut_run.sh), with the fast unit and property tests as the killing suite.
# Usage: bash benchmarks/mutation.sh [SCRATCH_DIR]     (needs: .venv/bin/pip install mutmut)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/mutmut_run.sh
export OEWG_HYPOTHESIS_EXAMPLES="${OEWG_HYPOTHESIS_EXAMPLES:-20}"
run_mutmut "${1:-/tmp/oewg-mutation}" <<'EOF'
[mutmut]
source_paths=
    bot/
    index/
    sources/
only_mutate=
    bot/render/measure.py
    bot/render/escape.py
    bot/render/pack.py
    bot/render/markdown.py
    bot/render/messages.py
    bot/render/cards.py
    bot/view.py
    index/quotes.py
    index/refs.py
    index/docref.py
pytest_add_cli_args_test_selection=
    tests/bot/render/
    tests/bot/test_view.py
    tests/index/test_quotes.py
    tests/index/test_quotes_exact.py
    tests/index/test_refs.py
    tests/index/test_docref.py
    tests/bot/test_bad_input.py
    tests/bot/test_console.py
    tests/bot/cogs/
pytest_add_cli_args=
    -p
    no:cacheprovider
    -q
EOF
