using Microsoft.Extensions.Options;

namespace UpstreamMonitor.History;

/// <summary>Rejects history settings that cannot work, naming the setting and the value.</summary>
internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    private const string Prefix = HistoryOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{Prefix}Path is empty: give a SQLite file path, a postgres:// URL, a Host=… connection string, or 'off'.");
        }
        else if (options.Enabled && HistoryTarget.TryParse(options.Path, out _, out var error) is false)
        {
            errors.Add($"{Prefix}Path: {error}");
        }

        if (options.Enabled && options.InstanceName.Length > 200)
        {
            errors.Add($"{Prefix}Instance must be at most 200 characters (it names this monitor on every row).");
        }

        Positive(errors, nameof(options.RawRetention), options.RawRetention);
        Positive(errors, nameof(options.RollupRetention), options.RollupRetention);
        Positive(errors, nameof(options.PruneInterval), options.PruneInterval);
        Positive(errors, nameof(options.UptimeRefreshInterval), options.UptimeRefreshInterval);
        Positive(errors, nameof(options.QueryTimeout), options.QueryTimeout);
        Positive(errors, nameof(options.WriteTimeout), options.WriteTimeout);
        Positive(errors, nameof(options.RetryDelay), options.RetryDelay);
        Positive(errors, nameof(options.SlotDuration), options.SlotDuration);
        if (options.RollupRetention < options.RawRetention)
        {
            errors.Add($"{Prefix}RollupRetention ({options.RollupRetention}) must be at least RawRetention ({options.RawRetention}): rollups outlive the raw rows.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{Prefix}MaxRetryDelay ({options.MaxRetryDelay}) must be at least RetryDelay ({options.RetryDelay}).");
        }

        Range(errors, nameof(options.QueueCapacity), options.QueueCapacity, 1, 100_000);
        Range(errors, nameof(options.PruneBatchSize), options.PruneBatchSize, 1, 1_000_000);
        Range(errors, nameof(options.MaxPageSize), options.MaxPageSize, 1, 100_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{name} must be positive (got {value}).");
        }
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{name} must be between {min} and {max} (got {value}).");
        }
    }
}
