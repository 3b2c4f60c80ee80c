#!/usr/bin/env bash
# Sets up everything reporter needs on a fresh Debian machine: the CJK and Latin fonts (Noto Serif and Sans CJK SC,
# OpenType/CFF, for the shipped layouts' Chinese; the TrueType faces for fallback and the Latin text), poppler-utils,
# (unless REPORTER_SKIP_LIBREOFFICE=1) LibreOffice Writer and its British English hyphenation patterns for the DOCX
# rendering check, (unless REPORTER_SKIP_BROWSER=1) Chromium for the preview's browser test, (unless
# REPORTER_SKIP_JAVA=1) a JDK and JAXB for the veraPDF check, and a virtualenv
# in .venv with the package, its test extras and the compiled gettext catalogs. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-noto-cjk fonts-arphic-uming fonts-wqy-microhei fonts-wqy-zenhei fonts-lxgw-wenkai
          fonts-crosextra-carlito fonts-crosextra-caladea poppler-utils)
if [ "${REPORTER_SKIP_LIBREOFFICE:-0}" != "1" ]; then
  packages+=(libreoffice-writer-nogui hyphen-en-gb)
fi
if [ "${REPORTER_SKIP_JAVA:-0}" != "1" ]; then
  packages+=(openjdk-17-jdk-headless libjaxb-java)  # veraPDF's library (tests/verapdf_check.py) and its driver
fi
if [ "${REPORTER_SKIP_BROWSER:-0}" != "1" ]; then
  packages+=(chromium)  # the preview's browser test (Playwright drives it; its own browser download is not used)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1 || true
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
# (a venv made before the distribution was named csr-reporter holds it as "reporter")
.venv/bin/python -m pip uninstall -q -y reporter >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
.venv/bin/pybabel -q compile -d reporter/i18n/locale -D reporter
# An editable install leaves the package's bytecode to be written on first import, which PYTHONDONTWRITEBYTECODE
# (set on some machines) forbids: every run would then compile the sources again (~0.1 s of each start).
.venv/bin/python -m compileall -q reporter
echo "setup: ready (.venv/bin/reporter)"
