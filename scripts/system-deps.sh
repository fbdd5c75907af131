#!/usr/bin/env bash
# What the full test suite needs beyond npm, on a Debian machine (as root): Chromium for the browser
# tests, openssl for their certificates, redis-server for the revocation tests and the bench, valgrind for the
# bench's instruction counts, and real
# Django 3.2, 4.2 and 5.2 (scripts/django.sh, never the system Python). Installs only what is missing;
# prints what it found. `npm test` runs it first (pretest). CHROMIUM_PATH, which the tests honour,
# stands in for the chromium package.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
command -v redis-server >/dev/null || need+=(redis-server)
# The instruction counts of `npm run bench` (bench/callgrind.ts).
command -v valgrind >/dev/null || need+=(valgrind)
# better-sqlite3 (the login tests' database) builds from source when no prebuilt binary downloads.
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v dpkg >/dev/null || { echo "scripts/system-deps.sh: not a Debian machine; run 'npm run test:quick' for the suites that need no system package" >&2; exit 1; }
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "scripts/system-deps.sh: missing ${need[*]}: run 'sudo apt-get install ${need[*]}'" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Chromium's launcher script can print noise on stderr; the first line is the version.
"${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null | head -1
scripts/django.sh
