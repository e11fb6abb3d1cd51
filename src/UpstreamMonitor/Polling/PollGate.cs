namespace UpstreamMonitor.Polling;

/// <summary>
/// The bounded concurrency gate. It outlives rounds: a straggler keeps its slot until its job really ends, so the gate
/// caps real in-flight work across rounds. Capacity follows the configuration and the upstream count between rounds.
/// </summary>
internal sealed class PollGate
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiters = new();
    private int _capacity;
    private int _inFlight;

    public PollGate(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Capacity
    {
        get
        {
            lock (_lock)
            {
                return _capacity;
            }
        }
    }

    /// <summary>Slots held by running jobs, stragglers from earlier rounds included.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Takes a slot, waiting for one to free up. Returns false (without a slot) when <paramref name="cancellationToken"/>
    /// fires first: for the dispatcher that is the round deadline, not an error.
    /// </summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inFlight < _capacity)
            {
                _inFlight++;
                return ValueTask.FromResult(true);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromResult(false);
            }

            waiter = new Waiter();
            _waiters.Enqueue(waiter);
        }

        // A cancelled waiter stays queued; the grant loop skips it (its TrySetResult loses the race).
        waiter.Registration = cancellationToken.UnsafeRegister(static state => ((Waiter)state!).TrySetResult(false), waiter);
        return new ValueTask<bool>(waiter.Task);
    }

    /// <summary>Returns a slot; the oldest waiter, if any, gets it at once.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_inFlight == 0)
            {
                throw new InvalidOperationException("The poll gate was released more often than it was entered.");
            }

            _inFlight--;
            GrantLocked();
        }
    }

    /// <summary>Changes the capacity. Shrinking never cancels running jobs: new waits block until enough slots free.</summary>
    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        lock (_lock)
        {
            _capacity = capacity;
            GrantLocked();
        }
    }

    private void GrantLocked()
    {
        // Continuations run asynchronously, so completing a waiter under the lock never runs the dispatcher inline here.
        while (_inFlight < _capacity && _waiters.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult(true))
            {
                _inFlight++;
                waiter.Registration.Dispose();
            }
        }
    }

    private sealed class Waiter() : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration { get; set; }
    }
}
