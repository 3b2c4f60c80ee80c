#!/usr/bin/env bash
# Set everything up, then build the shipped example (case 36, CETC) in zh, en and zh+en as DOCX and PDF into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTER_SKIP_LIBREOFFICE="${REPORTER_SKIP_LIBREOFFICE:-1}" bash scripts/setup.sh
.venv/bin/reporter build cases/bluebook-2021/036-cetc.yaml --lang zh,en,zh+en --out out
