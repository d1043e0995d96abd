#!/usr/bin/env bash
# The replica tests run against a real redis-server (Debian's package). Installs it where it is missing and we
# are root (CI is); otherwise says in one line what to install, and those tests report themselves skipped.
# Sourced or run by eng/test.sh; never fails the run itself.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server for the replica tests (apt-get)..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; } >/dev/null 2>&1 \
      || echo "Could not install redis-server with apt-get; the Redis replica tests will be skipped."
  else
    echo "redis-server is not installed: the Redis replica tests will be skipped (install it with: sudo apt-get install redis-server)."
  fi
fi
