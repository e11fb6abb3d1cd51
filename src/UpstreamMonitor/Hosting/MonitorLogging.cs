using System.Globalization;
using Serilog;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// Serilog console logging: readable text by default, one compact JSON object per line (<c>--log-format json</c>) for
/// containers. Levels and per-category overrides come from the <c>Serilog</c> section of appsettings.json.
/// </summary>
internal static class MonitorLogging
{
    public const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static bool IsJson(string? format) => string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="format"/> names a console format (<c>text</c> or <c>json</c>).</summary>
    public static bool IsFormat(string? format) =>
        IsJson(format) || string.Equals(format, "text", StringComparison.OrdinalIgnoreCase);

    /// <summary>The formatter a console line is written with.</summary>
    public static ITextFormatter CreateFormatter(string? format) =>
        IsJson(format)
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter(TextTemplate, CultureInfo.InvariantCulture);

    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, string? format)
    {
        ArgumentNullException.ThrowIfNull(logger);
        // A port in use is reported by the entry point in one line; the host's own stack trace of it would bury that line.
        logger.ReadFrom.Configuration(configuration).Enrich.FromLogContext()
            .Filter.ByExcluding(e => e.Exception is { } ex && MonitorProgram.IsAddressInUse(ex));
        return IsJson(format)
            ? logger.WriteTo.Console(CreateFormatter(format))
            : logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
    }
}
