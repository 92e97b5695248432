#!/usr/bin/env bash
# Mutation pass over the furniture and footnote removal of the PDF layout reader
# (index/pdf_layout.py, index/layout_parse.py). Results: benchmarks/MUTATION.md.
#
# Runs mutmut 3 in a scratch copy of the tracked files, with the fast layout and parser tests
# as the killing suite. Usage: bash benchmarks/mutation_layout.sh [SCRATCH_DIR]
# (needs: .venv/bin/pip install mutmut)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work="${1:-/tmp/oewg-mutation-layout}"
[ -x .venv/bin/mutmut ] || { echo "mutmut is not installed: .venv/bin/pip install mutmut" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
git ls-files | tar cf - -T - | (cd "$work" && tar xf -)
ln -s "$repo/.venv" "$work/.venv"
cat > "$work/setup.cfg" <<'CFG'
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
    tests/lookalikes/test_lookalikes_shared.py
    tests/index/test_parser_pdf.py
pytest_add_cli_args=
    -p
    no:cacheprovider
    -q
CFG
cd "$work"
export OEWG_CORPUS="${OEWG_CORPUS:-$repo/../shared/corpus}"
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > mutmut-run.log 2>&1 || true
.venv/bin/mutmut results --all true > "$work/results.txt" 2>&1 || .venv/bin/mutmut results > "$work/results.txt" 2>&1
tr '\r' '\n' < mutmut-run.log | grep -E "^[^ ]*[0-9]+/[0-9]+" | tail -1
echo "per-mutant results: $work/results.txt ; show one with: (cd $work && .venv/bin/mutmut show NAME)"
