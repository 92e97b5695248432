#!/usr/bin/env bash
# Create .venv (if missing) and install the project into it. Usage: scripts/install.sh [extra]
# torch is pinned to the 2.13.0 CPU build: an unpinned torch pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip 2>/dev/null || true
spec="."
[ -n "$extra" ] && spec=".[$extra]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check "torch==2.13.0" -e "$spec" 2>&1 \
  | grep -v -e "^WARNING: Location" -e "is ignored: it is neither a file" || true
.venv/bin/python -c "import torch, sentence_transformers, faiss, discord, bm25s, pypdf" \
  || { echo "install failed: see the pip output above" >&2; exit 1; }
if [ -z "${OEWG_QUIET_INSTALL:-}" ]; then
  echo "Installed. The command is .venv/bin/oewg (every command has --help); to type just oewg, run: source .venv/bin/activate" >&2
fi
