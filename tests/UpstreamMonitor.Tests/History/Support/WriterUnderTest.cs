using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UpstreamMonitor.History;
using UpstreamMonitor.Tests.Polling.Support;

namespace UpstreamMonitor.Tests.History.Support;

/// <summary>The real queue, writer and health over a given store, with fast retries, for the fault tests.</summary>
internal sealed class WriterUnderTest : IAsyncDisposable
{
    private long _round;

    public WriterUnderTest(IHistoryStore store, int queueCapacity = 256)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new HistoryOptions
        {
            Path = "unused-the-store-is-given",
            Instance = "test",
            QueueCapacity = queueCapacity,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            WriteTimeout = TimeSpan.FromSeconds(3),
        });
        Store = store;
        Queue = new HistoryQueue(Options, Health, QueueLog);
        Writer = new HistoryWriterService(Queue, store, Health, Options, TimeProvider.System, Log);
    }

    public IOptions<HistoryOptions> Options { get; }

    public IHistoryStore Store { get; }

    public HistoryHealth Health { get; } = new();

    public ListLogger<HistoryWriterService> Log { get; } = new();

    public ListLogger<HistoryQueue> QueueLog { get; } = new();

    public HistoryQueue Queue { get; }

    public HistoryWriterService Writer { get; }

    public Task StartAsync() => Writer.StartAsync(CancellationToken.None);

    /// <summary>Publishes the next devnet round to the queue, as the poller would.</summary>
    public bool PublishRound() => Queue.Offer(HistorySnapshots.Devnet(Interlocked.Increment(ref _round)));

    /// <summary>Publishes rounds until the writer has written <paramref name="batches"/> more batches.</summary>
    public async Task PublishUntilWrittenAsync(int batches, string what)
    {
        var target = Health.BatchesWritten + batches;
        await HistorySnapshots.Until(
            () =>
            {
                PublishRound();
                return Health.BatchesWritten >= target;
            },
            what);
    }

    public async Task PublishUntilDegradedAsync(string what) =>
        await HistorySnapshots.Until(
            () =>
            {
                PublishRound();
                return Health.Degraded;
            },
            what);

    public IReadOnlyList<string> Warnings => Log.At(LogLevel.Warning);

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
    }
}
