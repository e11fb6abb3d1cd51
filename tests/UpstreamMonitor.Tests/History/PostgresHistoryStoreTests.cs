using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;

namespace UpstreamMonitor.Tests.History;

/// <summary>The storage contract on a real PostgreSQL server: a fresh database per test.</summary>
[Collection(PostgresClusterGroup.Name)]
public sealed class PostgresHistoryStoreTests(PostgresCluster cluster) : HistoryStoreContract
{
    internal override async Task<SqlHistoryStore> CreateStoreAsync() =>
        new PostgresHistoryStore(await cluster.CreateDatabaseAsync(), "postgresql test", TimeSpan.FromSeconds(10), TimeProvider.System);

    [Fact]
    public async Task Two_monitors_migrating_one_database_at_once_both_succeed()
    {
        var connection = await cluster.CreateDatabaseAsync();
        await using var a = new PostgresHistoryStore(connection, "a", TimeSpan.FromSeconds(10), TimeProvider.System);
        await using var b = new PostgresHistoryStore(connection, "b", TimeSpan.FromSeconds(10), TimeProvider.System);

        await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));

        Assert.Equal(3, await a.SchemaVersionAsync(CancellationToken.None));
    }
}
