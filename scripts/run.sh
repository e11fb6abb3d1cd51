#!/usr/bin/env bash
# Builds and runs the monitor. With no arguments it runs against the built-in simulated devnet (--demo);
# any arguments are the monitor's own flags (./scripts/run.sh --upstreams-config upstreams.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The first build restores packages and compiles for about half a minute: say so instead of sitting silent.
echo "run.sh: building UpstreamMonitor (Release; about 30 s the first time, a few seconds after that)..."
dotnet build src/UpstreamMonitor -c Release -nologo -v quiet -clp:ErrorsOnly

if [ $# -eq 0 ]; then
  set -- --demo
fi
echo "run.sh: starting UpstreamMonitor $*"
exec dotnet src/UpstreamMonitor/bin/Release/net10.0/UpstreamMonitor.dll "$@"
