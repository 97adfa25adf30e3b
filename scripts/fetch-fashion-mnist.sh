#!/usr/bin/env bash
# Puts the four gzipped Fashion-MNIST IDX files into data/fashion-mnist (or the directory given as $1).
# Order of sources: an installed Debian package, the Debian package unpacked without a root install, then the
# official download where the machine has internet.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-data/fashion-mnist}"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
mkdir -p "${target}"

have_all() { for f in "${files[@]}"; do [[ -s "$1/$f" ]] || return 1; done; }

if have_all "${target}"; then echo "Fashion-MNIST is already in ${target}"; exit 0; fi

installed=/usr/share/datasets/fashion-mnist
if have_all "${installed}"; then
  cp "${installed}"/*.gz "${target}/"
  echo "copied Fashion-MNIST from ${installed}"
  exit 0
fi

if command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
  work=$(mktemp -d)
  trap 'rm -rf "${work}"' EXIT
  if ! (cd "${work}" && apt-get download dataset-fashion-mnist >/dev/null 2>&1); then
    if [[ $(id -u) == 0 ]]; then apt-get update -qq >/dev/null 2>&1 || true; fi
    (cd "${work}" && apt-get download dataset-fashion-mnist >/dev/null 2>&1) || true
  fi
  deb=$(ls "${work}"/dataset-fashion-mnist_*.deb 2>/dev/null | head -1 || true)
  if [[ -n "${deb}" ]]; then
    dpkg -x "${deb}" "${work}/unpacked"
    cp "${work}/unpacked${installed}"/*.gz "${target}/"
    echo "unpacked Fashion-MNIST from Debian's dataset-fashion-mnist package into ${target}"
    exit 0
  fi
fi

base=http://fashion-mnist.s3-website.eu-central-1.amazonaws.com
for f in "${files[@]}"; do
  curl -fsSL --retry 2 -o "${target}/${f}" "${base}/${f}" || { echo "error: could not obtain ${f}" >&2; exit 1; }
done
echo "downloaded Fashion-MNIST into ${target}"
