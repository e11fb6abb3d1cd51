using System.Diagnostics;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;
using Xunit.Abstractions;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>A node that streams a chunked body forever is cut off at the body limit without the monitor's memory following it.</summary>
[Collection(FaultsSuite.Name)]
public sealed class EndlessBodyTests(ITestOutputHelper output)
{
    private const long MemoryBound = 64L * 1024 * 1024;

    [Fact]
    public Task Endless_chunked_body_is_refused_at_the_limit_and_memory_stays_flat() => Task.Run(async () =>
    {
        long sent = 0;
        await using var node = LoopbackFaultServer.Start(FaultBehaviors.EndlessChunkedBody(bytes => Volatile.Write(ref sent, bytes)));
        await using var poller = new PollerUnderTest([UpstreamDefinition.Create("endless_0", node.BaseUrl)], timeoutMs: 10_000, concurrency: 1);

        // Warm the client up on a normal request first, so JIT and pools are not counted as growth.
        await using (var healthy = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid())))
        {
            Assert.True((await poller.Client.GetForkChoiceAsync(UpstreamDefinition.Create("warm_0", healthy.BaseUrl), CancellationToken.None)).IsSuccess);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;

        // Sample the peak while the body streams: the bound must hold during the read, not just after it.
        long peakHeap = heapBefore;
        long peakWorkingSet = workingSetBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
            }
        });

        var result = await poller.Client.GetForkChoiceAsync(UpstreamDefinition.Create("endless_0", node.BaseUrl), CancellationToken.None);
        await sampling.CancelAsync();
        await sampler;

        output.WriteLine($"server sent {Volatile.Read(ref sent) / 1024.0 / 1024:0.0} MiB; managed heap peak +{(peakHeap - heapBefore) / 1024.0 / 1024:0.0} MiB, " +
                         $"working set peak +{(peakWorkingSet - workingSetBefore) / 1024.0 / 1024:0.0} MiB");
        Assert.False(result.IsSuccess);
        Assert.Equal(LeanApiErrorKind.TooLarge, result.Error.Kind);
        Assert.Equal("too large: the fork choice body exceeded the 8 MiB limit; stopped reading", result.Error.Message);
        Assert.True(Volatile.Read(ref sent) > LeanApiLimits.ForkChoiceBodyBytes, "the body was endless: the server got past the limit");
        Assert.InRange(peakHeap - heapBefore, long.MinValue, MemoryBound);
        Assert.InRange(peakWorkingSet - workingSetBefore, long.MinValue, MemoryBound);
    });
}
