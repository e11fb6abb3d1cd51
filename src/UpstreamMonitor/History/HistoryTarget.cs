using System.Diagnostics.CodeAnalysis;
using Npgsql;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.History;

internal enum HistoryBackend
{
    Sqlite,
    Postgres,
}

/// <summary>The store <see cref="HistoryOptions.Path"/> names: a SQLite file or a PostgreSQL database.</summary>
internal sealed record HistoryTarget(HistoryBackend Backend, string ConnectionString, string Display)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out HistoryTarget? target, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        target = null;
        var text = value.Trim();
        try
        {
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                target = FromPostgresUrl(text);
            }
            else if (text.Contains('=', StringComparison.Ordinal) && text.Contains("host", StringComparison.OrdinalIgnoreCase))
            {
                var builder = new NpgsqlConnectionStringBuilder(text);
                target = new HistoryTarget(HistoryBackend.Postgres, builder.ConnectionString, Describe(builder));
            }
            else if (text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                error = $"'{UrlRedaction.MaskText(text)}' is not a valid file path.";
                return false;
            }
            else
            {
                target = new HistoryTarget(HistoryBackend.Sqlite, text, System.IO.Path.GetFullPath(text));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            error = $"'{UrlRedaction.MaskText(text)}' is not a valid PostgreSQL URL or connection string: {ex.Message}";
            return false;
        }

        error = null;
        return true;
    }

    private static HistoryTarget FromPostgresUrl(string text)
    {
        var url = new Uri(text);
        var database = url.AbsolutePath.Trim('/');
        if (string.IsNullOrEmpty(url.Host) || string.IsNullOrEmpty(database))
        {
            throw new FormatException("a PostgreSQL URL needs a host and a database: postgres://user:password@host:5432/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(database),
        };
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                builder[Uri.UnescapeDataString(pair[..eq]).Replace('_', ' ')] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return new HistoryTarget(HistoryBackend.Postgres, builder.ConnectionString, Describe(builder));
    }

    // Host, port and database only: the password never reaches a log line.
    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgresql {builder.Host}:{builder.Port}/{builder.Database}";
}
