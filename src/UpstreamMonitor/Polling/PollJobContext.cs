using System.Diagnostics.CodeAnalysis;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>Who is told when a job really ends (its round): frees the gate slot and records the outcome.</summary>
internal interface IPollJobOwner
{
    void OnJobEnded(PollJobContext context, in PollOutcome outcome);
}

/// <summary>
/// One dispatched job's shared state. The dispatcher and the job each hold a reference; whichever lets go last disposes
/// what the job owns (its cancellation source and timer), so a straggler that outlives its round leaks nothing and the
/// dispatcher never disposes a source the job is still using.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Refcounted: the last Release() disposes it.")]
internal sealed class PollJobContext
{
    private const int Running = 0;
    private const int Completed = 1;
    private const int Abandoned = 2;

    private readonly CancellationTokenSource _cancellation;
    private int _state;
    private int _references = 2;
    private PollOutcome _outcome;

    public PollJobContext(UpstreamDefinition upstream, IPollJobOwner owner, TimeSpan jobBudget, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Upstream = upstream ?? throw new ArgumentNullException(nameof(upstream));
        Owner = owner ?? throw new ArgumentNullException(nameof(owner));
        JobBudget = jobBudget;

        // The job's own budget runs on the injected clock; the round deadline cancels it explicitly (see TryAbandon).
        _cancellation = new CancellationTokenSource(jobBudget, timeProvider);
        StartedAt = timeProvider.GetTimestamp();
    }

    public UpstreamDefinition Upstream { get; }

    public IPollJobOwner Owner { get; }

    public TimeSpan JobBudget { get; }

    /// <summary>Whether this job also asks the aggregator question (every N rounds, after the fork choice).</summary>
    public bool AskAggregator { get; init; }

    /// <summary>The optional node routes this job reads after a successful fork choice (rarely; decision 0904).</summary>
    public NodeInfoRoutes NodeInfo { get; init; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) at dispatch.</summary>
    public long StartedAt { get; }

    /// <summary>Cancelled when the job budget runs out or the round abandons the job. Valid while a reference is held.</summary>
    public CancellationToken Token => _cancellation.Token;

    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    public bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>The job's result; meaningful only once <see cref="IsCompleted"/>.</summary>
    public PollOutcome Outcome => _outcome;

    /// <summary>Live references (dispatcher, job): 0 once everything the job owned is disposed.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Records the job's result unless the round already abandoned it; a late result is discarded.</summary>
    public bool TryComplete(in PollOutcome outcome)
    {
        if (Volatile.Read(ref _state) != Running)
        {
            return false;
        }

        // The outcome is written before the state flips; readers check the state first (the CAS is a full fence).
        _outcome = outcome;
        return Interlocked.CompareExchange(ref _state, Completed, Running) == Running;
    }

    /// <summary>At the round deadline: marks the job abandoned (if it has not completed) and cancels it.</summary>
    public bool TryAbandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Running) != Running)
        {
            return false;
        }

        // The dispatcher still holds its reference here, so the source cannot have been disposed yet.
        _cancellation.Cancel();
        return true;
    }

    /// <summary>Called by the job as it ends, while it still holds its reference: cancels whatever it left running.</summary>
    public void CancelOutstanding() => _cancellation.Cancel();

    /// <summary>Drops one reference; the last one disposes what the job owned.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _cancellation.Dispose();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"Poll job context for {Upstream.Name} was released more than twice.");
        }
    }
}
