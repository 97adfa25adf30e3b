#!/usr/bin/env bash
# Installs Debian's docker-compose, with which the tests check docker-compose.yml (`docker-compose config`). It needs
# root and apt-get; elsewhere it says so and leaves the machine as it is: the tests then check the file's wiring
# themselves and report the `docker-compose config` check skipped.
set -euo pipefail
if command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose: $(command -v docker-compose)"; exit 0
fi
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "docker-compose is missing and this is not a root shell with apt-get: its check will be skipped" >&2
  exit 0
fi
echo "installing Debian's docker-compose for the compose file's check (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose; } >/dev/null; then
  echo "could not install docker-compose: its check will be skipped" >&2
  exit 0
fi
echo "docker-compose: $(command -v docker-compose)"
