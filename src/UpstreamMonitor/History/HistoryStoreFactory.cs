namespace UpstreamMonitor.History;

/// <summary>Builds the store <see cref="HistoryOptions.Path"/> names.</summary>
internal static class HistoryStoreFactory
{
    public static SqlHistoryStore Create(HistoryOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!HistoryTarget.TryParse(options.Path, out var target, out var error))
        {
            throw new InvalidOperationException($"{HistoryOptions.SectionName}:Path: {error}");
        }

        return target.Backend switch
        {
            HistoryBackend.Postgres => new PostgresHistoryStore(target.ConnectionString, target.Display, options.WriteTimeout, timeProvider),
            _ => new SqliteHistoryStore(target.ConnectionString, options.WriteTimeout, timeProvider),
        };
    }
}
