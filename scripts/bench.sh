#!/usr/bin/env bash
# The benchmark suite (tests/UpstreamMonitor.Benchmarks), all against the simulated devnet on 127.0.0.1.
#   ./scripts/bench.sh            full run (~12 min): writes docs/benchmarks.md and docs/benchmarks.json
#   ./scripts/bench.sh --smoke    tiny N, well under a minute: proves every scenario runs (CI); exits non-zero if any fails
#   ./scripts/bench.sh --scenario transfer    one scenario (see --list); with --out DIR to write a report elsewhere
# Installs wrk (Debian package) when missing: the API-under-load scenario drives it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench.sh: installing wrk (Debian package)"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

# 1000 simulated nodes, their accepted sockets and the monitor's pooled connections live in one process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

dotnet build tests/UpstreamMonitor.Benchmarks -c Release -nologo -v quiet
driver=(dotnet tests/UpstreamMonitor.Benchmarks/bin/Release/net10.0/UpstreamMonitor.Benchmarks.dll)

has() { local want=$1; shift; for a in "$@"; do [ "$a" = "$want" ] && return 0; done; return 1; }

if has --smoke "$@"; then
  # The smoke run writes its (meaningless) figures to a scratch folder: docs/ keeps the last full run's.
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  "${driver[@]}" --out "$out" "$@"
elif has --out "$@" || has --list "$@" || has --help "$@" || has --scenario "$@"; then
  "${driver[@]}" "$@"
else
  "${driver[@]}" --out docs "$@"
fi
