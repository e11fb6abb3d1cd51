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
    public async Task A_freed_slot_resumes_the_waiting_dispatcher_on_the_releasing_thread_before_release_returns()
    {
        var gate = new PollGate(1);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
        var resumedOn = 0;

        // The dispatcher's shape: wait for a slot, then start the next job (here: note the thread it runs on).
        async Task DispatchNextAsync()
        {
            Assert.True(await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false));
            Volatile.Write(ref resumedOn, Environment.CurrentManagedThreadId);
        }

        var dispatcher = DispatchNextAsync();
        Assert.Equal(0, Volatile.Read(ref resumedOn));

        // Released where jobs end in the product: a pool thread with no synchronization context (xunit's forbids inlining).
        var (releasingThread, resumedBeforeReturn) = await Task.Run(() =>
        {
            gate.Release();
            return (Environment.CurrentManagedThreadId, Volatile.Read(ref resumedOn));
        });

        // No thread-pool hop: the next job started inside Release (decision 1220).
        Assert.Equal(releasingThread, resumedBeforeReturn);
        Assert.True(dispatcher.IsCompletedSuccessfully);
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public async Task A_deadline_resumes_the_dispatcher_off_the_cancelling_thread_and_a_later_release_grants_nothing_to_it()
    {
        var gate = new PollGate(1);
        Assert.True(await gate.WaitAsync(CancellationToken.None));
        using var deadline = new CancellationTokenSource();
        var resumedOn = 0;

        async Task<bool> DispatchNextAsync()
        {
            var granted = await gate.WaitAsync(deadline.Token).ConfigureAwait(false);
            Volatile.Write(ref resumedOn, Environment.CurrentManagedThreadId);
            return granted;
        }

        var dispatcher = DispatchNextAsync();
        deadline.Cancel();
        var cancellingThread = Environment.CurrentManagedThreadId;

        Assert.False(await dispatcher.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotEqual(cancellingThread, Volatile.Read(ref resumedOn));

        // The cancelled waiter is skipped: the slot goes back to the gate, not to a wait that already ended.
        gate.Release();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public void Releasing_more_than_entered_is_a_bug()
    {
        var gate = new PollGate(1);

        Assert.Throws<InvalidOperationException>(gate.Release);
    }
}
