#!/usr/bin/env bash
# Runs every test project in Catalog.sln, then prints one closing line with the totals over all
# projects: "N passed, N failed" (", N skipped" when any). Exit code is dotnet test's.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages some tests need (Redis, Chromium, the Native AOT toolchain): installed where missing, or one
# line says what to install; the tests that need a missing one report themselves skipped, the rest still run.
./eng/test-prerequisites.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test Catalog.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly ends with: "Passed!  - Failed: 0, Passed: 81, Skipped: 0, Total: 81, ...".
read -r passed failed skipped projects < <(awk '
  /(Passed|Failed|Skipped)! +- +Failed:/ {
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
