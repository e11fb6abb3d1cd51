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
public static class MonitorLogging
{
    public const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static bool IsJson(string? format) => string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The formatter a console line is written with.</summary>
    public static ITextFormatter CreateFormatter(string? format) =>
        IsJson(format)
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter(TextTemplate, CultureInfo.InvariantCulture);

    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, string? format)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.ReadFrom.Configuration(configuration).Enrich.FromLogContext();
        return IsJson(format)
            ? logger.WriteTo.Console(CreateFormatter(format))
            : logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
    }
}
