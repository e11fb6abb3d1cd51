#!/usr/bin/env bash
# Soak test (not part of CI): runs the real monitor as a child process for 30 minutes against 200 simulated upstreams
# whose personas flap (healthy, hung, failing, minority fork) every 3 minutes, samples RSS, managed heap, threads,
# open fds and every round's duration, and writes docs/soak.csv and docs/soak.md with a PASS/FAIL verdict.
#
#   scripts/soak.sh                         # the committed run: 30 min, 200 upstreams
#   scripts/soak.sh --duration-minutes 5    # a quick look; any option of scripts/soak/SoakOptions.cs passes through
#
# Exit code: 0 on PASS, 1 on FAIL, 2 on bad options. Linux only (reads /proc/PID).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "soak.sh: building the monitor and the soak driver (Release)"
dotnet build src/UpstreamMonitor/UpstreamMonitor.csproj -c Release -v quiet -nologo
dotnet build scripts/soak/Soak.csproj -c Release -v quiet -nologo

SOAK_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- src 2>/dev/null; then SOAK_COMMIT="${SOAK_COMMIT}+local-changes"; fi
export SOAK_COMMIT

mkdir -p artifacts/soak
exec dotnet scripts/soak/bin/Release/net10.0/UpstreamMonitor.Soak.dll \
  --product src/UpstreamMonitor/bin/Release/net10.0/UpstreamMonitor.dll \
  --csv docs/soak.csv --summary docs/soak.md --log artifacts/soak/monitor.log "$@"
