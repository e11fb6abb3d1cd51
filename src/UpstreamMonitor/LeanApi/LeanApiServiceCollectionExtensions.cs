using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.LeanApi;

public static class LeanApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILeanApiClient"/> (<see cref="DefaultLeanApiClient"/>) over three IHttpClientFactory named
    /// clients, each a <see cref="SocketsHttpHandler"/> behind a resilience pipeline holding one timeout and no retry
    /// (the next poll round is the retry). Timeouts follow <see cref="PollingOptions.TimeoutMs"/> as it changes.
    /// </summary>
    public static IServiceCollection AddLeanApiClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeanApiClient, DefaultLeanApiClient>();

        AddNamedClient(services, LeanApiHttpClients.Poll, LeanApiTimeouts.Poll);
        AddNamedClient(services, LeanApiHttpClients.StatePrefix, LeanApiTimeouts.Poll, LeanApiLimits.StatePrefixReceiveBufferBytes);
        AddNamedClient(services, LeanApiHttpClients.Aggregator, LeanApiTimeouts.Aggregator);
        AddNamedClient(services, LeanApiHttpClients.Download, LeanApiTimeouts.Download);
        return services;
    }

    /// <summary>The handler every lean API request goes through (decision 0200).</summary>
    internal static SocketsHttpHandler CreateHandler(int? receiveBufferBytes = null)
    {
        var handler = CreateHandler();

        // Connect ourselves (as SocketsHttpHandler would) to note in the request's progress that connecting began and
        // finished: a timeout can then say "connecting" (host down, SYN dropped) rather than "waiting for the response".
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var progress = ExchangeProgress.Of(context.InitialRequestMessage);
            progress?.MarkConnecting();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (receiveBufferBytes is { } size)
            {
                // A small receive window, set before connecting: once the state prefix is read and the connection
                // closed, the node has pushed only a window's worth of its megabytes.
                socket.ReceiveBufferSize = size;
            }

            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                progress?.MarkConnected();
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

        return handler;
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // Connection set-up is bounded separately so a black-holed SYN never outlives the longest request budget.
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        MaxConnectionsPerServer = LeanApiLimits.MaxConnectionsPerNode,
        MaxResponseHeadersLength = LeanApiLimits.ResponseHeadersKiB,

        // Abandoned bodies (the state prefix, error pages) close the connection instead of being drained.
        MaxResponseDrainSize = 0,

        // A redirect is reported, not followed: the monitor contacts only what is configured.
        AllowAutoRedirect = false,

        // Size limits count wire bytes; decompression would let a small body inflate past them.
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,

        // Devnet nodes are reached directly; a proxy from the environment would also see their credentials.
        UseProxy = false,
    };

    private static void AddNamedClient(
        IServiceCollection services, string name, Func<PollingOptions, TimeSpan> timeoutOf, int? receiveBufferBytes = null)
    {
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(receiveBufferBytes))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(name + "-timeout", (pipeline, context) =>
            {
                var monitorOptions = context.ServiceProvider.GetRequiredService<IOptionsMonitor<PollingOptions>>();
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = _ => ValueTask.FromResult(timeoutOf(monitorOptions.CurrentValue)),
                });
            });
    }
}
