using UpstreamMonitor.Polling;

namespace UpstreamMonitor.Tests.Polling;

public sealed class PollGateTests
{
    [Fact]
    public async Task Waits_for_a_free_slot_and_hands_it_over_on_release()
    {
        var gate = new PollGate(2);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
        Assert.True(await gate.WaitAsync(CancellationToken.None));

        var third = gate.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(2, gate.InFlight);

        gate.Release();

        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, gate.InFlight);
    }

    [Fact]
    public async Task A_cancelled_wait_returns_false_and_takes_no_slot()
    {
        var gate = new PollGate(1);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
        using var deadline = new CancellationTokenSource();

        var waiting = gate.WaitAsync(deadline.Token).AsTask();
        await deadline.CancelAsync();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        gate.Release();
        Assert.Equal(0, gate.InFlight);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Growing_the_gate_admits_waiters_and_shrinking_never_evicts_running_work()
    {
        var gate = new PollGate(1);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
        var second = gate.WaitAsync(CancellationToken.None).AsTask();

        gate.Resize(2);
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));

        gate.Resize(1);
        Assert.Equal(2, gate.InFlight);
        var third = gate.WaitAsync(CancellationToken.None).AsTask();
        gate.Release();
        Assert.False(third.IsCompleted); // still one in flight at capacity 1
        gate.Release();
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Releasing_more_than_entered_is_a_bug()
    {
        var gate = new PollGate(1);

        Assert.Throws<InvalidOperationException>(gate.Release);
    }
}
