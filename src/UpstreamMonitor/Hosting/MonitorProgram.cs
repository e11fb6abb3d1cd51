using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// The process: parse the command line and environment, validate everything, then run (or print and exit).
/// Exit codes: 0 success or a graceful stop (SIGTERM, Ctrl+C), 1 a runtime failure such as a port in use,
/// 2 invalid configuration or usage.
/// </summary>
internal static partial class MonitorProgram
{
    public const int ExitOk = 0;
    public const int ExitRuntimeFailure = 1;
    public const int ExitInvalidConfiguration = 2;

    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IDemoDevnetLauncher? demoLauncher,
        CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, demoLauncher, ProcessEnvironment.Current(), configure: null, cancellationToken);

    /// <summary>The entry point with its surroundings supplied: tests pass their own environment and may swap host
    /// services through <paramref name="configure"/> (applied after the entry point's own registrations).</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IDemoDevnetLauncher? demoLauncher,
        ProcessEnvironment environment,
        Action<WebApplicationBuilder>? configure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(environment);

        var commandLine = MonitorCommandLine.Parse(args);
        if (commandLine.Help)
        {
            await stdout.WriteAsync(MonitorUsage.Render());
            return ExitOk;
        }

        if (commandLine.Version)
        {
            await stdout.WriteLineAsync(MonitorUsage.VersionLine);
            return ExitOk;
        }

        if (commandLine.UsageError is { } usageError)
        {
            // The rest of a mistyped line means little: one line and where to look, not the whole usage.
            await stderr.WriteAsync($"error: {usageError}\nsee --help\n");
            return ExitInvalidConfiguration;
        }

        if (commandLine.Errors.Count > 0)
        {
            await stderr.WriteAsync(EffectiveSettingsReport.RenderErrors(commandLine.Errors, []));
            return ExitInvalidConfiguration;
        }

        IConfigurationRoot layers;
        try
        {
            layers = MonitorConfigurationLayers.Build(environment.ContentRoot, environment.Variables, commandLine.Settings);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            var reason = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            await stderr.WriteAsync(EffectiveSettingsReport.RenderErrors([reason], []));
            return ExitInvalidConfiguration;
        }

        var configuration = ConfigurationCheck.Run(layers);
        var errors = configuration.Errors.ToList();
        if (configuration.UpstreamSource == UpstreamSourceKind.Demo && demoLauncher is null)
        {
            errors.Add($"{configuration.OriginOf(MonitorSettingTable.Demo).Name}: this build has no demo devnet; " +
                       "run the simulator (dotnet run --project src/UpstreamMonitor.Simulator) and point --upstreams-config at it");
        }

        if (errors.Count > 0)
        {
            await stderr.WriteAsync(EffectiveSettingsReport.RenderErrors(errors, configuration.Warnings));
            return ExitInvalidConfiguration;
        }

        if (commandLine.CheckConfig)
        {
            await stdout.WriteAsync(EffectiveSettingsReport.Render(configuration));
            return ExitOk;
        }

        if (commandLine.AlertTest)
        {
            return await RunAlertTestAsync(configuration, stdout, configure, cancellationToken);
        }

        return await RunHostAsync(configuration, stderr, demoLauncher, configure, cancellationToken);
    }

    /// <summary><c>--alert-test</c>: the host's own services, built but not started, send one test alert to each receiver.</summary>
    private static async Task<int> RunAlertTestAsync(
        ResolvedMonitorConfiguration configuration, TextWriter stdout, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        await using var app = MonitorApplication.Build(configuration.Configuration, configure);
        var outcome = await app.Services.GetRequiredService<AlertWiringCheck>().RunAsync(stdout, cancellationToken);
        return outcome == 0 ? ExitOk : ExitRuntimeFailure;
    }

    private static async Task<int> RunHostAsync(
        ResolvedMonitorConfiguration configuration,
        TextWriter stderr,
        IDemoDevnetLauncher? demoLauncher,
        Action<WebApplicationBuilder>? configure,
        CancellationToken cancellationToken)
    {
        var host = configuration.Settings.Host;
        UpstreamSet? demoUpstreams = null;
        DemoDevnetHandle? demo = null;
        try
        {
            await using var app = MonitorApplication.Build(configuration.Configuration, builder =>
            {
                if (configuration.UpstreamSource == UpstreamSourceKind.Demo)
                {
                    builder.Services.Replace(ServiceDescriptor.Singleton<IUpstreamSource>(_ => new StaticUpstreamSource(
                        demoUpstreams ?? throw new InvalidOperationException("The upstream source was needed before the demo devnet started."))));
                }

                configure?.Invoke(builder);
            });

            if (configuration.UpstreamSource == UpstreamSourceKind.Demo)
            {
                // The devnet follows the host's clock, so a test's fake time drives both.
                var slot = TimeSpan.FromMilliseconds(host.DemoSlotMs);
                demo = await demoLauncher!.StartAsync(host.DemoNodes!.Value, slot, app.Services.GetRequiredService<TimeProvider>(), cancellationToken);
                demoUpstreams = new UpstreamSet(demo.Upstreams, $"demo devnet ({demo.Upstreams.Count} simulated nodes)");
            }

            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MonitorProgram).FullName!);
            var upstreams = demoUpstreams ?? configuration.Upstreams ?? UpstreamSet.Empty;
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex) when (IsAddressInUse(ex))
            {
                await stderr.WriteLineAsync(
                    $"error: cannot listen on {host.BindAddress}:{host.Port}: the address is already in use " +
                    "(another process holds it; choose another with --port or LEANPOINT_BIND_PORT)");
                return ExitRuntimeFailure;
            }
            catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // SIGTERM or Ctrl+C while the host was still starting: a requested stop, not a failure.
                LogStoppedWhileStarting(logger);
                return ExitOk;
            }

            var listening = app.Urls.FirstOrDefault() ?? host.KestrelUrl;
            LogStarted(logger, MonitorUsage.Version, listening, upstreams.Count, upstreams.Origin);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitOk;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (OptionsValidationException ex)
        {
            // The entry point checks the same rules first; this only fires when a test swapped configuration.
            await stderr.WriteAsync(EffectiveSettingsReport.RenderErrors([.. ex.Failures], []));
            return ExitInvalidConfiguration;
        }
        finally
        {
            if (demo is not null)
            {
                await demo.DisposeAsync();
            }
        }
    }

    /// <summary>Kestrel's address-in-use failure, however deep it is wrapped.</summary>
    public static bool IsAddressInUse(Exception ex) =>
        ex is AddressInUseException ||
        ex.InnerException is AddressInUseException ||
        (ex.InnerException as SocketException)?.SocketErrorCode == SocketError.AddressAlreadyInUse;

    [LoggerMessage(EventId = 120, Level = LogLevel.Information,
        Message = "UpstreamMonitor {Version} listening on {Url}: {Count} upstreams from {Origin}")]
    private static partial void LogStarted(ILogger logger, string version, string url, int count, string origin);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Stopped while starting: a shutdown was requested before the host was up")]
    private static partial void LogStoppedWhileStarting(ILogger logger);
}
