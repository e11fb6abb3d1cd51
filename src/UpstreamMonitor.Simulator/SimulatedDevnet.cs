using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// A simulated lean devnet on loopback: every node a real listening port on 127.0.0.1, all served by one Kestrel
/// server (one listen endpoint per node, requests dispatched by local port), sharing one chain clock.
/// </summary>
public sealed class SimulatedDevnet : IAsyncDisposable
{
    /// <summary>Upper bound on shutdown: open requests are aborted first, so this is only a backstop.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly SimulatedDevnetOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FullAcceptQueueListener> _fullQueues = [];
    private readonly Dictionary<string, SimulatedNode> _nodesByName;
    private WebApplication? _server;
    private int _disposed;

    private SimulatedDevnet(SimulatedDevnetOptions options, IReadOnlyList<SimulatedNode> nodes)
    {
        _options = options;
        Nodes = nodes;
        _nodesByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        Chain = new SimulatedChain(options);
        Traffic = new DevnetTraffic(nodes.Count);
    }

    /// <summary>Every node, in name order of creation (<c>zeam_0</c>, <c>ream_0</c>, …).</summary>
    public IReadOnlyList<SimulatedNode> Nodes { get; }

    /// <summary>The shared chain: clock and roots.</summary>
    public SimulatedChain Chain { get; }

    /// <summary>Server-side counters (requests, bytes, in-flight and connection peaks).</summary>
    public DevnetTraffic Traffic { get; }

    /// <summary>The devnet's head slot now (what healthy nodes report).</summary>
    public long CurrentSlot => Chain.CurrentSlot;

    /// <summary>Starts every node and returns once all of them accept connections.</summary>
    public static async Task<SimulatedDevnet> StartAsync(SimulatedDevnetOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulated devnet options: " + string.Join(" ", errors), nameof(options));
        }

        var personas = ResolvePersonas(options);
        var nodes = personas.Select((persona, i) => new SimulatedNode(i, persona, IsAggregator(options.Seed, i, options.NodeCount))
        {
            ServesForkChoiceETag = options.ForkChoiceETags,
        }).ToArray();
        var devnet = new SimulatedDevnet(options, nodes);
        try
        {
            await devnet.StartNodesAsync(cancellationToken);
            return devnet;
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node called <paramref name="name"/>.</summary>
    public SimulatedNode this[string name] =>
        _nodesByName.TryGetValue(name, out var node) ? node : throw new KeyNotFoundException($"No simulated node named '{name}'.");

    /// <summary>Changes a node's behaviour from its next request on (soak runs flap personas).</summary>
    public void SetPersona(string nodeName, Persona persona) => SetPersona(this[nodeName], persona);

    /// <inheritdoc cref="SetPersona(string, Persona)"/>
    public void SetPersona(int nodeIndex, Persona persona)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeIndex, Nodes.Count);
        SetPersona(Nodes[nodeIndex], persona);
    }

    /// <summary>Delays every response of one node by <paramref name="latency"/> more than the others (zero restores it).</summary>
    public void SetLatency(string nodeName, TimeSpan latency) => SetLatency(this[nodeName], latency);

    /// <inheritdoc cref="SetLatency(string, TimeSpan)"/>
    public void SetLatency(int nodeIndex, TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeIndex, Nodes.Count);
        SetLatency(Nodes[nodeIndex], latency);
    }

    /// <summary>Whether a node tags its fork choice with an ETag and answers a matching <c>If-None-Match</c> with 304.</summary>
    public void SetForkChoiceETag(string nodeName, bool serves) => this[nodeName].ServesForkChoiceETag = serves;

    /// <summary>Writes leanpoint's <c>upstreams.json</c> (<c>{"upstreams":[{"name","url","path"}]}</c>) for this devnet.</summary>
    public async Task WriteUpstreamsJsonAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteStartArray("upstreams");
            foreach (var node in Nodes)
            {
                json.WriteStartObject();
                json.WriteString("name", node.Name);
                json.WriteString("url", UpstreamUrl(node));
                json.WriteString("path", LeanRoutes.HealthPath);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The URL as a devnet config writes it: <c>http://127.0.0.1:PORT</c>, no trailing slash.</summary>
    public static string UpstreamUrl(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return $"http://127.0.0.1:{node.Port}";
    }

    /// <summary>Stops every node: open requests (hung ones too) are aborted, listeners closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_server is not null)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _server.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Backstop reached: the disposal below closes whatever is left.
            }

            await _server.DisposeAsync();
        }

        foreach (var queue in _fullQueues)
        {
            queue.Dispose();
        }

        _stopping.Dispose();
    }

    private void SetPersona(SimulatedNode node, Persona persona)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if ((node.Persona == Persona.FullAcceptQueue) != (persona == Persona.FullAcceptQueue))
        {
            throw new InvalidOperationException(
                $"{node.Name}: {nameof(Persona.FullAcceptQueue)} replaces the node's listener, so it can only be assigned at start " +
                $"through {nameof(SimulatedDevnetOptions)}.{nameof(SimulatedDevnetOptions.PersonaLayout)}.");
        }

        node.Persona = persona;
    }

    private static void SetLatency(SimulatedNode node, TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        node.ExtraLatency = latency;
    }

    private async Task StartNodesAsync(CancellationToken cancellationToken)
    {
        var served = Nodes.Where(n => n.Persona != Persona.FullAcceptQueue).ToArray();
        var handler = new LeanNodeRequestHandler(
            _options, Chain, Traffic, _options.ValidatorCount ?? _options.NodeCount, _stopping.Token);

        // Full accept queues are plain sockets outside Kestrel; filling them waits on probes, so do them together.
        var queued = Nodes.Where(n => n.Persona == Persona.FullAcceptQueue).ToArray();
        var queues = await Task.WhenAll(queued.Select(_ => FullAcceptQueueListener.StartAsync(cancellationToken)));
        _fullQueues.AddRange(queues);
        for (var i = 0; i < queued.Length; i++)
        {
            queued[i].BaseUrl = NodeUrl(queues[i].Port);
        }

        if (served.Length == 0)
        {
            return;
        }

        var endpoints = new ListenOptions[served.Length];
        // The empty builder: no configuration sources, no logging providers, nothing read from the environment.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatedDevnet).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            for (var i = 0; i < served.Length; i++)
            {
                var index = i;
                var nodeIndex = served[i].Index;
                kestrel.Listen(IPAddress.Loopback, 0, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http1;
                    endpoint.Use(next => async connection =>
                    {
                        Traffic.ConnectionOpened(nodeIndex);
                        try
                        {
                            await next(connection);
                        }
                        finally
                        {
                            Traffic.ConnectionClosed(nodeIndex);
                        }
                    });
                    endpoints[index] = endpoint;
                });
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopTimeout);
        // The devnet lives inside someone else's process (a test, the monitor's --demo, the simulator program): its
        // owner handles Ctrl+C and SIGTERM, so the default console lifetime must not hook them a second time.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();

        _server = builder.Build();
        _server.Run(handler.HandleAsync);
        await _server.StartAsync(cancellationToken);

        // Kestrel writes the bound ephemeral port back into each endpoint's options.
        for (var i = 0; i < served.Length; i++)
        {
            served[i].BaseUrl = NodeUrl(endpoints[i].IPEndPoint!.Port);
        }

        handler.MapPorts(served);
    }

    private static Uri NodeUrl(int port) => new($"http://127.0.0.1:{port}/");

    private static Persona[] ResolvePersonas(SimulatedDevnetOptions options)
    {
        if (options.PersonaLayout is { } layout)
        {
            var personas = new Persona[options.NodeCount];
            for (var i = 0; i < layout.Count; i++)
            {
                personas[i] = layout[i];
            }

            return personas;
        }

        return options.UseDefaultPersonaMix ? DefaultPersonaMix.Assign(options.NodeCount, options.Seed) : new Persona[options.NodeCount];
    }

    /// <summary>About a quarter of the nodes aggregate, and always at least one, as on a real devnet; which ones follows the seed.</summary>
    private static bool IsAggregator(long seed, int index, int nodeCount)
    {
        if (index == (int)((ulong)seed % (ulong)nodeCount))
        {
            return true;
        }

        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(input, seed);
        BinaryPrimitives.WriteInt32LittleEndian(input[8..], index);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return hash[0] % 4 == 0;
    }
}

/// <summary>A host lifetime that leaves process signals to the devnet's owner.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
