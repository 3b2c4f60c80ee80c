#!/usr/bin/env bash
# Set everything up (LibreOffice included, for the DOCX rendering check), then run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
