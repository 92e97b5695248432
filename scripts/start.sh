#!/usr/bin/env bash
# Install, fetch the Final Report, build the index, then start the bot (token set) or the console.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/oewg start "$@"
