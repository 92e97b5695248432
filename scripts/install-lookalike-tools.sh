#!/usr/bin/env bash
# Install what the look-alike tests need to make Word-style PDFs: LibreOffice without a GUI and an
# English hyphenation dictionary (Debian packages). Does nothing when they are already there.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && [ -e /usr/share/hyphen/hyph_en_US.dic ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "no apt-get here: install LibreOffice and hyphen-en-us by hand" >&2; exit 1; }
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-writer-nogui hyphen-en-us >/dev/null
