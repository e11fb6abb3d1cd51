# syntax=docker/dockerfile:1
# Multi-stage build. The runtime image drops in where the leanpoint container ran:
# HTTP on 5555, upstreams read from /etc/leanpoint/upstreams.json, non-root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig UpstreamMonitor.sln ./
COPY src/UpstreamMonitor/UpstreamMonitor.csproj src/UpstreamMonitor/
COPY src/UpstreamMonitor.Simulator/UpstreamMonitor.Simulator.csproj src/UpstreamMonitor.Simulator/
RUN dotnet restore src/UpstreamMonitor/UpstreamMonitor.csproj
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/UpstreamMonitor/UpstreamMonitor.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /etc/leanpoint && chown -R app:app /etc/leanpoint
ENV LEANPOINT_UPSTREAMS_CONFIG=/etc/leanpoint/upstreams.json \
    LEANPOINT_BIND_ADDR=0.0.0.0 \
    LEANPOINT_BIND_PORT=5555 \
    Monitor__LogFormat=json \
    DOTNET_gcServer=0
USER app
EXPOSE 5555
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD ["dotnet", "UpstreamMonitor.dll", "--version"]
ENTRYPOINT ["dotnet", "UpstreamMonitor.dll"]
