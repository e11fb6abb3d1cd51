using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace UpstreamMonitor.History;

/// <summary>
/// The embedded default: one SQLite file in WAL mode (readers never block the writer), synchronous=NORMAL (a power
/// cut may lose the last rounds, never corrupt the file), one writer at a time.
/// </summary>
internal sealed class SqliteHistoryStore : SqlHistoryStore
{
    private readonly string _connectionString;

    public SqliteHistoryStore(string path, TimeSpan commandTimeout, TimeProvider timeProvider)
        : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(commandTimeout.TotalSeconds)),
        }.ToString();
    }

    public string FilePath { get; }

    public override string Display => $"sqlite {FilePath}";

    /// <summary>Extra per-connection pragmas; tests use <c>max_page_count</c> to get a real SQLITE_FULL.</summary>
    internal string? ExtraPragmas { get; set; }

    protected override string IdColumn => "INTEGER PRIMARY KEY";

    protected override string Least => "min";

    protected override string Greatest => "max";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = Command(connection, null, "PRAGMA synchronous = NORMAL;" + ExtraPragmas);
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file: set once, before the first transaction.
        await using var wal = Command(connection, null, "PRAGMA journal_mode = WAL");
        var mode = await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode on {FilePath} (journal_mode is '{mode}').");
        }
    }

    protected override void OnFailure(DbConnection? connection) => ClearPool();

    public override Task<long> SizeBytesAsync(CancellationToken cancellationToken)
    {
        long size = 0;
        foreach (var file in new[] { FilePath, FilePath + "-wal" })
        {
            var info = new FileInfo(file);
            if (info.Exists)
            {
                size += info.Length;
            }
        }

        return Task.FromResult(size);
    }

    /// <summary>Folds the WAL back into the file (for size figures and before a copy).</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        ClearPool();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
