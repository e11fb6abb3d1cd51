using UpstreamMonitor.History;

namespace UpstreamMonitor.Tests.History;

/// <summary>The storage contract on SQLite: a fresh file per test.</summary>
public sealed class SqliteHistoryStoreTests : HistoryStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "um-history-" + Guid.NewGuid().ToString("N")[..12]);

    internal override Task<SqlHistoryStore> CreateStoreAsync() =>
        Task.FromResult<SqlHistoryStore>(new SqliteHistoryStore(Path.Combine(_folder, "history.db"), TimeSpan.FromSeconds(5), TimeProvider.System));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_file_is_in_wal_mode()
    {
        var path = ((SqliteHistoryStore)Store).FilePath;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }
}
