#!/usr/bin/env bash
# The Debian packages some tests need, one line each below. A missing one is installed with apt-get when we
# are root (CI is); otherwise one line says what to install, and the tests that need it report themselves
# skipped with the same reason. `apt-get update` runs at most once. Never fails the run.
set -uo pipefail

updated=no

# require PACKAGES CHECK PURPOSE: PACKAGES are installed when the shell command CHECK fails.
require() {
  local packages=$1 check=$2 purpose=$3
  bash -c "$check" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $packages for $purpose (apt-get)..."
    local log
    log="$(mktemp)"
    if [ "$updated" = no ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 && updated=yes
    fi
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >>"$log" 2>&1 \
      && bash -c "$check" >/dev/null 2>&1; then
      rm -f "$log"
      return 0
    fi
    echo "Could not install $packages ($(tail -n 1 "$log")); $purpose will be skipped."
    rm -f "$log"
  else
    echo "$purpose needs $packages: run 'sudo apt-get install -y $packages' (skipped until then)."
  fi
}

require redis-server "command -v redis-server" "the Redis replica tests"
require chromium "test -x /usr/bin/chromium" "the consent-page browser test"
# The linux-x64 tool package is compiled Native AOT, which links with clang against zlib; the check is the
# packaging test's own: clang links a program with -lz. Only a Linux x64 machine builds that package.
if [ "$(uname -sm)" = "Linux x86_64" ]; then
  require "clang zlib1g-dev" "printf 'int main(void){return 0;}' | clang -x c - -lz -o /dev/null" "the Native AOT packaging test"
fi
exit 0
