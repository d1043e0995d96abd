#!/usr/bin/env bash
# The linux-x64 tool package is compiled Native AOT, which links with clang against zlib (Debian
# packages: clang, zlib1g-dev). This makes sure they are there: already present, it says nothing;
# missing on a Debian machine as root (CI), it installs them with apt-get; otherwise it prints one
# line saying what to install. Exit 0 when the toolchain can link, 1 when it cannot (the packaging
# test then reports itself skipped with the same reason). Other platforms build no AOT package: 0.
set -uo pipefail

packages="clang zlib1g-dev"

[ "$(uname -sm)" = "Linux x86_64" ] || exit 0

# The same check the packaging test makes: clang links a program against zlib.
can_link() {
  command -v clang >/dev/null 2>&1 || return 1
  local out
  out="$(mktemp)"
  printf 'int main(void) { return 0; }\n' | clang -x c - -lz -o "$out" >/dev/null 2>&1
  local status=$?
  rm -f "$out"
  return $status
}

can_link && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the Native AOT toolchain ($packages) with apt-get..."
  log="$(mktemp)"
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >>"$log" 2>&1 \
    && can_link; then
    rm -f "$log"
    exit 0
  fi
  echo "Could not install $packages with apt-get ($(tail -n 1 "$log")); the packaging test will be skipped."
  rm -f "$log"
  exit 1
fi

echo "The Native AOT packaging test needs $packages: run 'sudo apt-get install -y $packages' (skipped until then)."
exit 1
