#!/usr/bin/env bash
# Mutation pass over the modules that carry the promises (Discord limits, verbatim quotes, the
# reference grammar): bot/render/ and bot/view.py, index/quotes.py, index/refs.py, index/docref.py. Results: benchmarks/MUTATION.md.
#
# Runs mutmut 3 in a scratch copy of the tracked files (mutmut writes a mutants/ folder next to
# the code it mutates), with the fast unit and property tests as the killing suite.
# Usage: bash benchmarks/mutation.sh [SCRATCH_DIR]     (needs: .venv/bin/pip install mutmut)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work="${1:-/tmp/oewg-mutation}"
[ -x .venv/bin/mutmut ] || { echo "mutmut is not installed: .venv/bin/pip install mutmut" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
git ls-files | tar cf - -T - | (cd "$work" && tar xf -)
ln -s "$repo/.venv" "$work/.venv"
cat > "$work/setup.cfg" <<'EOF'
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
cd "$work"
export OEWG_CORPUS="${OEWG_CORPUS:-$repo/../shared/corpus}" OEWG_HYPOTHESIS_EXAMPLES="${OEWG_HYPOTHESIS_EXAMPLES:-20}"
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > mutmut-run.log 2>&1 || true
.venv/bin/mutmut results --all true > "$work/results.txt" 2>&1 || .venv/bin/mutmut results > "$work/results.txt" 2>&1
tr '\r' '\n' < mutmut-run.log | grep -E "^[^ ]*[0-9]+/[0-9]+" | tail -1
echo "per-mutant results: $work/results.txt ; show one with: (cd $work && .venv/bin/mutmut show NAME)"
