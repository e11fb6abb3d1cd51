#!/usr/bin/env bash
# Soak test (not part of CI): runs the real monitor as a child process for 30 minutes against 200 simulated upstreams
# whose personas flap (healthy, hung, failing, minority fork) every 3 minutes, samples RSS, managed heap, threads,
# open fds and every round's duration, and writes docs/soak.csv and docs/soak.md with a PASS/FAIL verdict.
#
#   scripts/soak.sh                         # the committed run: 30 min, 200 upstreams
#   scripts/soak.sh --duration-minutes 5    # a quick look; any option of scripts/soak/SoakOptions.cs passes through
#
# Exit code: 0 on PASS, 1 on FAIL, 2 on bad options. Linux only (reads /proc/PID). Installs dotnet-counters (the .NET
# diagnostics tool) into artifacts/tools for the managed-heap figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out=artifacts/soak
mkdir -p "$out" artifacts/tools
if [ ! -x artifacts/tools/dotnet-counters ]; then
  dotnet tool install dotnet-counters --tool-path artifacts/tools >/dev/null
fi

# Published into artifacts/ so a rebuild of the working tree during the run cannot replace the running binaries.
echo "soak.sh: publishing the monitor and building the soak driver (Release)"
dotnet publish src/UpstreamMonitor/UpstreamMonitor.csproj -c Release -o "$out/monitor" -v quiet -nologo
dotnet publish scripts/soak/Soak.csproj -c Release -o "$out/driver" -v quiet -nologo

SOAK_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- src 2>/dev/null; then SOAK_COMMIT="${SOAK_COMMIT}+local-changes"; fi
export SOAK_COMMIT

exec dotnet "$out/driver/UpstreamMonitor.Soak.dll" \
  --product "$out/monitor/UpstreamMonitor.dll" --counters artifacts/tools/dotnet-counters \
  --csv docs/soak.csv --summary docs/soak.md --log "$out/monitor.log" --work "$out" "$@"
