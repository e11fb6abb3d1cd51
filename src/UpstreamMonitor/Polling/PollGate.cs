namespace UpstreamMonitor.Polling;

/// <summary>
/// The bounded concurrency gate. It outlives rounds: a straggler keeps its slot until its job really ends, so the gate
/// caps real in-flight work across rounds. Capacity follows the configuration and the upstream count between rounds.
/// </summary>
/// <remarks>
/// A freed slot is handed to the waiting dispatcher on the releasing thread, outside the lock: the next job starts the
/// moment the previous one ends instead of queueing behind the batch's other completions on the thread pool
/// (decision 1220). A deadline that fires resumes the dispatcher on the thread pool, never on the timer's thread.
/// </remarks>
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

        // A cancelled waiter stays queued; the grant loop skips it (its claim loses the race).
        waiter.Registration = cancellationToken.UnsafeRegister(static state => ((Waiter)state!).Cancel(), waiter);
        return new ValueTask<bool>(waiter.Task);
    }

    /// <summary>Returns a slot; the oldest waiter, if any, gets it at once (and runs on this thread).</summary>
    public void Release()
    {
        Waiter? granted;
        lock (_lock)
        {
            if (_inFlight == 0)
            {
                throw new InvalidOperationException("The poll gate was released more often than it was entered.");
            }

            _inFlight--;
            granted = GrantLocked();
        }

        granted?.Grant();
    }

    /// <summary>Changes the capacity. Shrinking never cancels running jobs: new waits block until enough slots free.</summary>
    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Waiter? granted;
        lock (_lock)
        {
            _capacity = capacity;
            granted = GrantLocked();
        }

        granted?.Grant();
    }

    // One dispatcher waits at a time, so at most one waiter is live; cancelled ones are dropped on the way.
    private Waiter? GrantLocked()
    {
        while (_inFlight < _capacity && _waiters.TryDequeue(out var waiter))
        {
            if (waiter.TryClaim())
            {
                _inFlight++;
                return waiter;
            }
        }

        return null;
    }

    // Continuations run synchronously on purpose: a grant resumes the dispatcher on the releasing thread.
    private sealed class Waiter() : TaskCompletionSource<bool>(TaskCreationOptions.None)
    {
        private int _claimed;

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Whoever claims first (a grant under the gate's lock, or the cancellation) completes the wait.</summary>
        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        /// <summary>Completes a claimed grant, outside the lock: the dispatcher continues inline from here.</summary>
        public void Grant()
        {
            Registration.Dispose();
            TrySetResult(true);
        }

        public void Cancel()
        {
            if (TryClaim())
            {
                // Off the canceller's thread (the deadline timer, the host stopping): the dispatcher then closes the round.
                ThreadPool.UnsafeQueueUserWorkItem(static w => w.TrySetResult(false), this, preferLocal: false);
            }
        }
    }
}
