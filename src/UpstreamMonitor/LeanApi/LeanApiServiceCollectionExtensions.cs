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
    /// Registers <see cref="ILeanApiClient"/> (<see cref="DefaultLeanApiClient"/>) over two IHttpClientFactory named
    /// clients, each a <see cref="SocketsHttpHandler"/> behind a resilience pipeline holding one timeout and no retry
    /// (the next poll round is the retry). Every request but the state prefix shares one pool; a poll job sends one
    /// request at a time, so it keeps one keep-alive connection per node and a node never has two of its requests at once (zeam serves one connection at a time;
    /// decision 0520). Each request carries its own timeout (<see cref="LeanApiTimeouts"/>), read by the pipeline.
    /// </summary>
    public static IServiceCollection AddLeanApiClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeanApiClient, DefaultLeanApiClient>();

        AddNamedClient(services, LeanApiHttpClients.Node);
        AddNamedClient(services, LeanApiHttpClients.StatePrefix, LeanApiLimits.StatePrefixReceiveBufferBytes);
        return services;
    }

    /// <summary>The timeout a request runs under, set by the client on the request and read by the pipeline.</summary>
    internal static readonly HttpRequestOptionsKey<TimeSpan> TimeoutKey = new("upstream-monitor.timeout");

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
        MaxConnectionsPerServer = LeanApiLimits.ConnectionsPerNode,
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

    private static void AddNamedClient(IServiceCollection services, string name, int? receiveBufferBytes = null)
    {
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's request logging writes only at Information and below, never enabled for HttpClient here, yet
            // its scope handler pushes a log scope on every request; our own failure lines name the upstream (decision 1250).
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(receiveBufferBytes))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(name + "-timeout", (pipeline, context) =>
            {
                var polling = context.ServiceProvider.GetRequiredService<IOptionsMonitor<PollingOptions>>();
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = arguments => ValueTask.FromResult(
                        arguments.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(TimeoutKey, out var timeout)
                            ? timeout
                            : LeanApiTimeouts.Poll(polling.CurrentValue)),
                });
            });
    }
}
