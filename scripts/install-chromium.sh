#!/usr/bin/env bash
# Installs Debian's chromium (and a font for its text), which the report tests use to open the HTML reports as a
# person would. It needs root and apt-get; elsewhere it says what is missing and leaves the machine as it is: the
# browser checks then report themselves skipped, and the rest of the suite runs (`./mvnw -B verify -Pbrowser`
# makes a missing browser a failure instead).
set -euo pipefail
for name in chromium chromium-browser; do
  if command -v "${name}" >/dev/null 2>&1; then
    echo "chromium: $(command -v "${name}")"; exit 0
  fi
done
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and this is not a root shell with apt-get: the browser checks will be skipped" \
    "(install Debian's chromium, or your system's, to run them)" >&2
  exit 0
fi
echo "installing Debian's chromium for the report tests (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >/dev/null; then
  echo "could not install chromium: the browser checks will be skipped" >&2
  exit 0
fi
echo "chromium: $(command -v chromium)"
