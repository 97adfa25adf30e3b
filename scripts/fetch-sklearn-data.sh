#!/usr/bin/env bash
# Puts UCI breast cancer (breast_cancer.csv) and sklearn's digits (digits.csv) into data/sklearn (or the directory
# given as $1), as CSV files with the label in the last column and no header line. Both come from Debian's
# python3-sklearn package: installed, or unpacked without a root install.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-data/sklearn}"
mkdir -p "${target}"
if [[ -s "${target}/breast_cancer.csv" && -s "${target}/digits.csv" ]]; then
  echo "breast cancer and digits are already in ${target}"; exit 0
fi

source=/usr/lib/python3/dist-packages/sklearn/datasets/data
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
if [[ ! -s "${source}/breast_cancer.csv" ]]; then
  if ! (cd "${work}" && apt-get download python3-sklearn >/dev/null 2>&1); then
    if [[ $(id -u) == 0 ]]; then apt-get update -qq >/dev/null 2>&1 || true; fi
    (cd "${work}" && apt-get download python3-sklearn >/dev/null 2>&1) \
      || { echo "error: could not download Debian's python3-sklearn package" >&2; exit 1; }
  fi
  dpkg -x "${work}"/python3-sklearn_*.deb "${work}/unpacked"
  source="${work}/unpacked${source}"
fi
# sklearn's breast cancer file starts with a line of its own (counts and class names): drop it
tail -n +2 "${source}/breast_cancer.csv" > "${target}/breast_cancer.csv"
gunzip -c "${source}/digits.csv.gz" > "${target}/digits.csv"
echo "breast cancer ($(wc -l < "${target}/breast_cancer.csv") records) and digits ($(wc -l < "${target}/digits.csv") records) -> ${target}"
