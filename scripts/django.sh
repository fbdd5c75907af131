#!/usr/bin/env bash
# Real Django 3.2, 4.2 and 5.2 for the interop tests, from Debian's own packages, never installed into the
# system Python: each series is `apt-get download`ed from its suite (bookworm, trixie, sid) through a
# private sources list and apt state, then `dpkg -x`ed into .cache/django/<series>/ (git-ignored).
#
#   scripts/django.sh            fetch what is missing, then print each series' version
#   scripts/django.sh --path 5.2 print the PYTHONPATH for one series (fetching it first if needed)
#
# Run a series with: PYTHONPATH="$(scripts/django.sh --path 4.2)" /usr/bin/python3 -c 'import django'
# The sources are the machine's own /etc/apt/sources.list.d/debian.sources with only the suite changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${DJANGO_CACHE:-$root/.cache/django}"
python=/usr/bin/python3
series_all=(3.2 4.2 5.2)

suite_of() {
  case "$1" in
    3.2) echo bookworm ;;
    4.2) echo trixie ;;
    5.2) echo sid ;;
    *) echo "unknown Django series '$1' (known: ${series_all[*]})" >&2; exit 2 ;;
  esac
}

site_packages() { echo "$cache/$1/usr/lib/python3/dist-packages"; }

installed_version() {
  PYTHONPATH="$(site_packages "$1")" PYTHONNOUSERSITE=1 "$python" -S -c \
    'import sys; sys.path[:0] = [p for p in sys.argv[1:]]; import django; print(django.get_version())' \
    "$(site_packages "$1")" 2>/dev/null
}

fetch() {
  local series="$1" suite apt_dir
  suite="$(suite_of "$series")"
  apt_dir="$cache/.apt-$suite"
  mkdir -p "$apt_dir/etc" "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  # The stanza of the machine's main archive (the one whose suites include the release itself, not
  # -security), with the suite replaced.
  local release
  release="$(. /etc/os-release && echo "$VERSION_CODENAME")"
  awk -v suite="$suite" -v release="$release" 'BEGIN { RS = ""; ORS = "\n\n" }
    $0 ~ ("\nSuites:([^\n]* )?" release "([ \n]|$)") { gsub(/\nSuites:[^\n]*/, "\nSuites: " suite); print }' \
    /etc/apt/sources.list.d/debian.sources >"$apt_dir/etc/debian.sources"
  [ -s "$apt_dir/etc/debian.sources" ] || { echo "no Debian main archive in /etc/apt/sources.list.d/debian.sources" >&2; exit 1; }
  # Dir::State::status: without it apt reads the machine's dpkg status, and once the system has its own
  # python3-django (say from bookworm-security) it asks the private sources for that version and fails.
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/etc"
    -o "Dir::State=$apt_dir/state" -o "Dir::State::status=/dev/null" -o "Dir::Cache=$apt_dir/cache"
    -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=/dev/null" -o "APT::Default-Release=" -o "APT::Sandbox::User=root")
  apt-get "${opts[@]}" -qq update
  local packages=(python3-django python3-asgiref python3-sqlparse)
  [ "$series" = 3.2 ] && packages+=(python3-tz)
  rm -f "$apt_dir/debs"/*.deb
  (cd "$apt_dir/debs" && apt-get "${opts[@]}" -qq download "${packages[@]}")
  rm -rf "$cache/$series"
  mkdir -p "$cache/$series"
  for deb in "$apt_dir/debs"/*.deb; do dpkg -x "$deb" "$cache/$series"; done
  local got
  got="$(installed_version "$series")" || { echo "Django $series did not import after extraction" >&2; exit 1; }
  case "$got" in "$series".*) ;; *) echo "suite $suite gave Django $got, not $series.x" >&2; exit 1 ;; esac
}

ensure() { installed_version "$1" >/dev/null || fetch "$1" >&2; }

if [ "${1:-}" = --path ]; then
  ensure "${2:?--path takes a series: ${series_all[*]}}"
  site_packages "$2"
  exit 0
fi
for series in "${series_all[@]}"; do
  ensure "$series"
  echo "django $series: $(installed_version "$series") ($(site_packages "$series"))"
done
