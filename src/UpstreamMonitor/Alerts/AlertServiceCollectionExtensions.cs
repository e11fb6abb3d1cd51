using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.Alerts.Notifiers;
using UpstreamMonitor.Http.Alerts;
using UpstreamMonitor.Http.Metrics;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Alerts;

public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Registers detection (fed by published snapshots), the read model, the notifiers and their delivery, the
    /// <c>--alert-test</c> check and the alert metrics. Options from <c>Monitor:Alerts</c>, validated at start.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<ActiveAlerts>();
        services.AddSingleton<IAlertNotifier, WebhookNotifier>();
        services.AddSingleton<IAlertNotifier, SlackNotifier>();
        services.AddSingleton<IAlertNotifier, DiscordNotifier>();
        services.AddSingleton<IAlertNotifier, AlertmanagerNotifier>();
        services.AddSingleton<AlertSender>();
        services.AddSingleton<AlertWiringCheck>();
        services.AddSingleton(sp => new AlertMetrics(
            sp.GetService<MonitorMetrics>()?.Registry ?? Prometheus.Metrics.NewCustomRegistry(),
            sp.GetRequiredService<ActiveAlerts>(),
            sp.GetRequiredService<IOptions<AlertOptions>>().Value.EffectiveReceivers().Select(r => r.Name!)));

        // Start order: delivery, then detection (its reminders); the host stops them in reverse. Snapshots reach the
        // detector through its own observer lane.
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<AlertPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertPipeline>());
        services.AddSnapshotObserver<AlertPipeline>(AlertPipeline.SnapshotBacklog);

        AddReceiverClient(services);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(AlertsJsonContext.Default));
        return services;
    }

    private static bool IsTlsFailure(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
            or HttpRequestException { InnerException: AuthenticationException };

    private static void AddReceiverClient(IServiceCollection services)
    {
        services.AddHttpClient(AlertHttpClient.Name, client => client.Timeout = Timeout.InfiniteTimeSpan)

            // The factory's request logs print the full URL, and Slack and Discord keep their token in the path.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),

                // A receiver that redirects is misconfigured; following it could post alerts somewhere unintended.
                AllowAutoRedirect = false,
                UseCookies = false,
            })
            .AddResilienceHandler("alert-delivery", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<AlertOptions>>().Value;
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMs),
                        MaxDelay = TimeSpan.FromMinutes(1),

                        // 5xx, 408, 429, timeouts and connection failures are retried; a TLS rejection will not heal.
                        ShouldHandle = args => ValueTask.FromResult(
                            HttpClientResiliencePredicates.IsTransient(args.Outcome)
                            && !IsTlsFailure(args.Outcome.Exception)),
                    });
                }

                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage()?.Options.TryGetValue(AlertHttpClient.AttemptTimeout, out var timeout) == true
                            ? timeout
                            : AlertHttpClient.DefaultAttemptTimeout),
                });
            });
    }
}
