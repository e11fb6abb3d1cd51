using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling;

public sealed class PollJobContextTests
{
    private static readonly UpstreamDefinition Upstream = UpstreamDefinition.Create("zeam_0", new Uri("http://127.0.0.1:5052"));

    [Fact]
    public void The_last_of_dispatcher_and_job_disposes_what_the_job_owns()
    {
        var context = new PollJobContext(Upstream, new NullOwner(), TimeSpan.FromSeconds(1), new FakeTimeProvider());

        context.Release(); // the dispatcher lets go first (round over)
        Assert.Equal(1, context.References);
        _ = context.Token; // still usable by the straggling job

        context.Release(); // the job ends
        Assert.Equal(0, context.References);
        Assert.Throws<ObjectDisposedException>(() => context.Token);
        Assert.Throws<InvalidOperationException>(context.Release);
    }

    [Fact]
    public void An_abandoned_job_is_cancelled_and_its_late_result_discarded()
    {
        var context = new PollJobContext(Upstream, new NullOwner(), TimeSpan.FromSeconds(1), new FakeTimeProvider());

        Assert.True(context.TryAbandon());

        Assert.True(context.Token.IsCancellationRequested);
        Assert.False(context.TryComplete(new PollOutcome { State = UpstreamPollState.Ok }));
        Assert.True(context.IsAbandoned);
        Assert.False(context.IsCompleted);
    }

    [Fact]
    public void A_completed_job_cannot_be_abandoned()
    {
        var context = new PollJobContext(Upstream, new NullOwner(), TimeSpan.FromSeconds(1), new FakeTimeProvider());

        Assert.True(context.TryComplete(new PollOutcome { State = UpstreamPollState.Ok, Error = "x" }));

        Assert.False(context.TryAbandon());
        Assert.False(context.Token.IsCancellationRequested);
        Assert.Equal("x", context.Outcome.Error);
    }

    [Fact]
    public void The_job_budget_runs_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var context = new PollJobContext(Upstream, new NullOwner(), TimeSpan.FromMilliseconds(400), time);

        time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.False(context.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(context.Token.IsCancellationRequested);
    }

    private sealed class NullOwner : IPollJobOwner
    {
        public void OnJobEnded(PollJobContext context, in PollOutcome outcome)
        {
        }
    }
}
