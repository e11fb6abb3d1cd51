using Npgsql;
using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;

namespace UpstreamMonitor.Tests.History;

/// <summary>PostgreSQL down at start and lost mid-run, on the real throw-away cluster.</summary>
[Collection(PostgresClusterGroup.Name)]
public sealed class PostgresFaultTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Down_at_start_then_up_writing_starts_by_itself()
    {
        var connection = await cluster.CreateDatabaseAsync();
        await cluster.StopAsync();
        try
        {
            await using var store = new PostgresHistoryStore(connection, "postgresql test", TimeSpan.FromSeconds(2), TimeProvider.System);
            await using var writer = new WriterUnderTest(store);
            await writer.StartAsync();
            await writer.PublishUntilDegradedAsync("degraded while down");
            Assert.Contains("open and migrate failed", writer.Health.Problem!, StringComparison.Ordinal);

            await cluster.StartAsync();
            await writer.PublishUntilWrittenAsync(1, "written once the server is up");
            Assert.False(writer.Health.Degraded);
            Assert.Single(writer.Warnings);
        }
        finally
        {
            await EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task Lost_mid_run_then_back_writing_resumes_and_last_state_is_complete()
    {
        var connection = await cluster.CreateDatabaseAsync();
        await using var store = new PostgresHistoryStore(connection, "postgresql test", TimeSpan.FromSeconds(2), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();
        await writer.PublishUntilWrittenAsync(2, "writing");

        await cluster.StopAsync();
        try
        {
            await writer.PublishUntilDegradedAsync("degraded after the loss");
        }
        finally
        {
            await cluster.StartAsync();
        }

        await writer.PublishUntilWrittenAsync(1, "resumed");
        Assert.False(writer.Health.Degraded);
        var last = await store.LastStateAsync("test", CancellationToken.None);
        Assert.Equal(["qlean_0", "ream_0", "zeam_0"], last.Upstreams.Select(u => u.Upstream));
    }

    [Fact]
    public async Task A_query_stuck_on_a_lock_times_out_with_503_material_not_a_hang()
    {
        var connection = await cluster.CreateDatabaseAsync();
        await using var store = new PostgresHistoryStore(connection, "postgresql test", TimeSpan.FromSeconds(10), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var options = Microsoft.Extensions.Options.Options.Create(new HistoryOptions { Instance = "test", QueryTimeout = TimeSpan.FromMilliseconds(300) });
        var reader = new HistoryReader(store, options, TimeProvider.System);

        await using var other = new NpgsqlConnection(connection);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE rounds IN ACCESS EXCLUSIVE MODE", other, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(() => reader.RoundsAsync(new HistoryRange(0, long.MaxValue, 10), CancellationToken.None));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    private async Task EnsureRunningAsync()
    {
        try
        {
            await cluster.StartAsync();
        }
        catch (InvalidOperationException)
        {
            // Already running.
        }
    }
}
