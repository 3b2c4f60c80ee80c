#!/usr/bin/env bash
# Installs the rivals the benchmark times reporter against, never needed by reporter itself: pandoc (Debian) for
# DOCX and typst (PyPI's Python binding of the Typst compiler, 0.15.0; neither PyPI nor Debian ship its command
# line) for PDF, and fontTools and uharfbuzz (the subsetting comparison), in bench/.venv-rivals. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pandoc >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup_rivals: installing pandoc"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends pandoc >/dev/null
fi
[ -x .venv-rivals/bin/python ] || python3 -m venv .venv-rivals
.venv-rivals/bin/python -m pip install -q --disable-pip-version-check typst==0.15.0 fonttools==4.68.0 uharfbuzz==0.57.0
echo "setup_rivals: $(pandoc --version | head -1), typst $(.venv-rivals/bin/python -c 'import importlib.metadata as m; print(m.version("typst"))')"
