#!/usr/bin/env bash
# What `npm test` needs from the system (run first, as `pretest`). On Debian as root (CI, .ci/run) it
# installs what is missing with apt-get; elsewhere it names what is missing and fails, pointing at
# `npm run test:quick` (everything that needs no system package).
#
#   need             used by        satisfied by                                   Debian package
#   Chromium         test/e2e       $CHROMIUM_PATH, else /usr/bin/chromium         chromium
#   Django           test/interop   $DJANGO_PYTHON, else /usr/bin/python3, that    python3-django
#                                   can `import django`
set -euo pipefail

# An override that does not work is the user's to fix: say so rather than install around it.
if [ -n "${CHROMIUM_PATH:-}" ] && [ ! -x "$CHROMIUM_PATH" ]; then
  echo "CHROMIUM_PATH is set but $CHROMIUM_PATH is not an executable (unset it to use Debian's chromium)" >&2; exit 1
fi
if [ -n "${DJANGO_PYTHON:-}" ] && ! "$DJANGO_PYTHON" -c 'import django' 2>/dev/null; then
  echo "DJANGO_PYTHON is set but $DJANGO_PYTHON cannot import django (unset it to use Debian's python3-django)" >&2; exit 1
fi
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
"${DJANGO_PYTHON:-/usr/bin/python3}" -c 'import django' 2>/dev/null || missing+=(python3-django)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ -r /etc/debian_version ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "npm test: installing ${missing[*]} (Debian packages the tests need)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

{
  echo "npm test needs these system packages, which are missing: ${missing[*]}"
  if [ -r /etc/debian_version ]; then
    echo "  install them:  sudo apt-get install -y ${missing[*]}   (or run npm test as root)"
  else
    echo "  install Chromium and a Python with Django, then set CHROMIUM_PATH and DJANGO_PYTHON"
  fi
  echo "  or run \`npm run test:quick\`: every test that needs no system package"
} >&2
exit 1
