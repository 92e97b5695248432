# Shared by benchmarks/mutation.sh and benchmarks/mutation_layout.sh (sourced, not run):
# run_mutmut SCRATCH_DIR reads a mutmut [mutmut] section on stdin, copies the tracked files to
# SCRATCH_DIR (mutmut writes a mutants/ folder next to the code it mutates), runs mutmut 3 there
# and prints the last progress line and where the per-mutant results are.
run_mutmut() {
    local repo work
    repo=$(pwd)
    work="$1"
    [ -x .venv/bin/mutmut ] || { echo "mutmut is not installed: .venv/bin/pip install mutmut" >&2; exit 1; }
    rm -rf "$work" && mkdir -p "$work"
    git ls-files | tar cf - -T - | (cd "$work" && tar xf -)
    ln -s "$repo/.venv" "$work/.venv"
    cat > "$work/setup.cfg"
    cd "$work"
    export OEWG_CORPUS="${OEWG_CORPUS:-$repo/../shared/corpus}"
    .venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > mutmut-run.log 2>&1 || true
    .venv/bin/mutmut results --all true > "$work/results.txt" 2>&1 || .venv/bin/mutmut results > "$work/results.txt" 2>&1
    tr '\r' '\n' < mutmut-run.log | grep -E "^[^ ]*[0-9]+/[0-9]+" | tail -1
    echo "per-mutant results: $work/results.txt ; show one with: (cd $work && .venv/bin/mutmut show NAME)"
}
