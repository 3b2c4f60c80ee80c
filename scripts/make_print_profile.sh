#!/usr/bin/env bash
# Builds reporter/press/data/FOGRA39-reporter.icc, the CMYK profile print masters embed as their output intent, and
# FOGRA39-reporter-qm.icc, the same characterisation in finer tables that the layouts' colours are converted with:
# ArgyllCMS's colprof from Fogra's FOGRA39L characterisation data (offset on coated paper, ISO 12647-2:2004/Amd 1),
# as Debian's icc-profiles-free ships it under the zlib licence. The shipped file was built once with this script
# (argyll 2.3.1); run it again only to change how the profile is made (the result is not byte-identical: colprof
# stamps the date).
#   -ql  low quality tables, -nc without the measurements: 28 KB (23 KB deflated in each PDF), against 120 KB
#        for -qm and 155 KB with the measurements kept; -qm converts colours within ΔE 1.6 (median) of -ql,
#        5.1 at most, and closer to the sRGB colour asked for
#   -kr  black generation: a linear K ramp; -l300 -L95: at most 300% total ink and 95% black, as ISO 12647-2
#        coated stock allows
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/FOGRA39-reporter.ti3"
colprof -ql -nc -kr -l300 -L95 -D "FOGRA39 (ISO 12647-2 coated), 300% ink, reporter" \
  -C "Zlib licence. Built with ArgyllCMS colprof from FOGRA39L.ti3 (Fogra; icc-profiles-free)" \
  "$work/FOGRA39-reporter" >/dev/null
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/FOGRA39-reporter-qm.ti3"
colprof -qm -nc -kr -l300 -L95 -D "FOGRA39 (ISO 12647-2 coated), 300% ink, fine tables, reporter" \
  -C "Zlib licence. Built with ArgyllCMS colprof from FOGRA39L.ti3 (Fogra; icc-profiles-free)" \
  "$work/FOGRA39-reporter-qm" >/dev/null
mkdir -p reporter/press/data
cp "$work/FOGRA39-reporter.icc" "$work/FOGRA39-reporter-qm.icc" reporter/press/data/
