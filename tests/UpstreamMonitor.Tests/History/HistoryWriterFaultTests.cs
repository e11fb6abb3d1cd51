using Microsoft.Data.Sqlite;
using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;

namespace UpstreamMonitor.Tests.History;

/// <summary>
/// The store fails in real ways (a path under a file, a full database, a lock held by another process' connection, a
/// corrupt file): the writer reports one warning, counts errors, raises the banner flag, and resumes by itself.
/// </summary>
public sealed class HistoryWriterFaultTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "um-history-faults-" + Guid.NewGuid().ToString("N")[..12]);

    public HistoryWriterFaultTests() => Directory.CreateDirectory(_folder);

    private string DbPath => Path.Combine(_folder, "history.db");

    [Fact]
    public async Task A_healthy_store_gets_every_round_and_is_not_degraded()
    {
        await using var store = new SqliteHistoryStore(DbPath, TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();

        await writer.PublishUntilWrittenAsync(3, "three batches written");

        Assert.False(writer.Health.Degraded);
        Assert.Equal(0, writer.Health.WriteErrors);
        var rounds = await store.RoundsAsync("test", new HistoryRange(0, long.MaxValue, 1000), CancellationToken.None);
        Assert.NotEmpty(rounds.Rows);
        Assert.Equal(rounds.Rows.Select(r => r.Round).Order(), rounds.Rows.Select(r => r.Round));
    }

    [Fact]
    public async Task An_unwritable_path_is_one_warning_and_writing_resumes_when_the_path_is_fixed()
    {
        // A regular file where the directory should be: fails even for root.
        var blocker = Path.Combine(_folder, "data");
        await File.WriteAllTextAsync(blocker, "not a directory");
        await using var store = new SqliteHistoryStore(Path.Combine(blocker, "history.db"), TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();

        await writer.PublishUntilDegradedAsync("store degraded");
        // Each round that arrives retries the store; the outage stays one warning.
        await HistorySnapshots.Until(() => writer.PublishRound() && writer.Health.WriteErrors >= 3, "retries counted");

        var warning = Assert.Single(writer.Warnings);
        Assert.Contains("history store sqlite", warning, StringComparison.Ordinal);
        Assert.Contains("polling and serving continue", warning, StringComparison.Ordinal);
        Assert.NotNull(writer.Health.Problem);

        File.Delete(blocker);
        await writer.PublishUntilWrittenAsync(1, "writing resumed");
        Assert.False(writer.Health.Degraded);
        // The writer counts the batch and then logs that it is writing again: wait for the line, not the counter.
        await HistorySnapshots.Until(
            () => writer.Log.Entries.Any(e => e.Message.Contains("again", StringComparison.Ordinal)), "resumed line logged");
        Assert.Single(writer.Warnings);
    }

    [Fact]
    public async Task A_full_database_reports_sqlite_full_and_resumes_when_space_is_back()
    {
        await using var store = new SqliteHistoryStore(DbPath, TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();
        await writer.PublishUntilWrittenAsync(1, "first write");

        // A real SQLITE_FULL: the database may not grow past the pages it has.
        store.ExtraPragmas = "PRAGMA max_page_count = 1;";
        SqliteConnection.ClearAllPools();
        await HistorySnapshots.Until(
            () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    writer.PublishRound();
                }

                return writer.Health.Degraded;
            },
            "database full");
        Assert.Contains("full", writer.Health.Problem!, StringComparison.OrdinalIgnoreCase);

        store.ExtraPragmas = null;
        SqliteConnection.ClearAllPools();
        await writer.PublishUntilWrittenAsync(1, "writing resumed");
        Assert.False(writer.Health.Degraded);
        Assert.Single(writer.Warnings);
    }

    [Fact]
    public async Task A_lock_held_by_another_connection_times_out_and_writing_resumes_when_released()
    {
        await using var store = new SqliteHistoryStore(DbPath, TimeSpan.FromSeconds(1), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();
        await writer.PublishUntilWrittenAsync(1, "first write");

        await using (var other = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            await writer.PublishUntilDegradedAsync("store locked");
            Assert.Contains("locked", writer.Health.Problem!, StringComparison.OrdinalIgnoreCase);
        }

        await writer.PublishUntilWrittenAsync(1, "writing resumed after the lock");
        Assert.False(writer.Health.Degraded);
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_and_a_replaced_file_is_written()
    {
        await File.WriteAllBytesAsync(DbPath, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        await using var store = new SqliteHistoryStore(DbPath, TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        await writer.StartAsync();

        await writer.PublishUntilDegradedAsync("corrupt store reported");
        Assert.Contains("not a database", writer.Health.Problem!, StringComparison.OrdinalIgnoreCase);

        // The operator moves the bad file away; the writer migrates a new one by itself.
        SqliteConnection.ClearAllPools();
        File.Move(DbPath, DbPath + ".corrupt");
        await writer.PublishUntilWrittenAsync(1, "writing resumed on a new file");
        Assert.Equal(3, await store.SchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_full_queue_drops_with_a_counter_and_one_warning_and_never_blocks()
    {
        await using var store = new SqliteHistoryStore(DbPath, TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store, queueCapacity: 4);

        // Writer not started: nothing drains, as with a store stuck on a slow disk.
        var accepted = Enumerable.Range(0, 1000).Count(_ => writer.PublishRound());

        Assert.Equal(4, accepted);
        Assert.Equal(996, writer.Health.DroppedSnapshots);
        Assert.Single(writer.QueueLog.At(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public async Task The_metric_counts_write_errors()
    {
        var blocker = Path.Combine(_folder, "data");
        await File.WriteAllTextAsync(blocker, "not a directory");
        await using var store = new SqliteHistoryStore(Path.Combine(blocker, "history.db"), TimeSpan.FromSeconds(3), TimeProvider.System);
        await using var writer = new WriterUnderTest(store);
        var metrics = new HistoryMetrics(writer.Health);
        await writer.StartAsync();
        await writer.PublishUntilDegradedAsync("degraded");

        using var body = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(body);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());

        Assert.Matches(@"(?m)^history_write_errors_total [1-9]", text);
        Assert.Contains("history_degraded 1", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
