#!/usr/bin/env bash
# Runs every test project in Catalog.sln, then prints one closing line with the totals over all
# projects: "N passed, N failed" (", N skipped" when any). Exit code is dotnet test's.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The consent-page test drives Debian's headless Chromium; install it where missing (as root), else say what to
# install (that test then reports itself skipped with the same reason).
if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (Debian package) for the consent-page browser test"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
      || echo "could not install chromium; the browser test will be skipped"
  else
    echo "chromium is not installed: the browser test will be skipped (install it with: sudo apt-get install -y chromium)"
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test Catalog.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly ends with: "Passed!  - Failed: 0, Passed: 81, Skipped: 0, Total: 81, ...".
read -r passed failed skipped projects < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    line = $0; gsub(/,/, "", line); n = split(line, w, /[ \t]+/)
    for (i = 1; i < n; i++) {
      if (w[i] == "Failed:")  f += w[i+1]
      if (w[i] == "Passed:")  p += w[i+1]
      if (w[i] == "Skipped:") s += w[i+1]
    }
    projects++
  }
  END { printf "%d %d %d %d\n", p, f, s, projects }' "$log")

if [ "$projects" -eq 0 ] || [ "$((passed + failed))" -eq 0 ]; then
  echo "no test results were found in the output"
  [ "$status" -eq 0 ] && status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A crash or build error fails the run even when no test reported a failure.
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
