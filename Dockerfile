# syntax=docker/dockerfile:1
# Multi-stage build. The runtime image drops in where the leanpoint container ran:
# HTTP on 5555, upstreams read from /etc/leanpoint/upstreams.json (leanpoint JSON or lean-quickstart
# validator-config.yaml; edits are picked up on the next poll round), JSON logs, non-root.
#
#   docker build -t upstream-monitor .
#   docker run -p 5555:5555 -v ./upstreams.json:/etc/leanpoint/upstreams.json:ro upstream-monitor
#   docker run upstream-monitor --check-config        # validate the mounted configuration, exit 0 or 2
#
# Any flag or LEANPOINT_* variable overrides these defaults (flags > LEANPOINT_* > appsettings.json > defaults).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig UpstreamMonitor.sln ./
COPY src/UpstreamMonitor/UpstreamMonitor.csproj src/UpstreamMonitor/
COPY src/UpstreamMonitor.Simulator/UpstreamMonitor.Simulator.csproj src/UpstreamMonitor.Simulator/
RUN dotnet restore src/UpstreamMonitor/UpstreamMonitor.csproj
# The host project reaches the top-level appsettings.json and wwwroot/ through relative symlinks
# (src/UpstreamMonitor/appsettings.json -> ../../appsettings.json); COPY keeps them as symlinks.
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/UpstreamMonitor/UpstreamMonitor.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /etc/leanpoint /var/lib/upstream-monitor && chown -R app:app /etc/leanpoint /var/lib/upstream-monitor
# ASPNETCORE_HTTP_PORTS is emptied: the port comes from --port / LEANPOINT_BIND_PORT (5555 by default).
ENV LEANPOINT_UPSTREAMS_CONFIG=/etc/leanpoint/upstreams.json \
    LEANPOINT_HISTORY=/var/lib/upstream-monitor/history.db \
    LEANPOINT_LOG_FORMAT=json \
    ASPNETCORE_HTTP_PORTS=
# Server GC with dynamic adaptation (decision 0702) and GCConserveMemory=7 (decision 1210) come from the runtimeconfig
# the build writes; in a memory-capped container, DOTNET_gcServer=0 saves ~100 MiB RSS.
# History (SQLite) survives restarts on this volume; LEANPOINT_HISTORY=postgres://… shares one across monitors.
VOLUME /var/lib/upstream-monitor
USER app
EXPOSE 5555
# No HEALTHCHECK: the runtime image has no HTTP client, and `--version` would say nothing about health.
# Orchestrators should probe GET /healthz on port 5555.
ENTRYPOINT ["dotnet", "UpstreamMonitor.dll"]
