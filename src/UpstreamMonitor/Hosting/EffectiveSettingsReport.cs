using System.Globalization;
using System.Text;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// The <c>--check-config</c> output: each effective setting with where it came from, the upstream list with URLs
/// masked, warnings, and a last line that says OK; or the errors. One line per fact, columns aligned, so tests and
/// scripts can read it.
/// </summary>
internal static class EffectiveSettingsReport
{
    public const string OkLine = "configuration OK";

    public static string Render(ResolvedMonitorConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = new StringBuilder();
        text.Append(MonitorUsage.VersionLine).Append(": configuration check\n");

        text.Append("settings:\n");
        var rows = MonitorSettingTable.Values
            .Select(s => (s.Name, Value: s.Display!(configuration.Settings), Source: configuration.OriginOf(s).Label))
            .ToList();
        var nameWidth = rows.Max(r => r.Name.Length) + 2;
        var valueWidth = rows.Max(r => r.Value.Length) + 2;
        foreach (var (name, value, source) in rows)
        {
            text.Append("  ").Append(name.PadRight(nameWidth)).Append(value.PadRight(valueWidth)).Append(source).Append('\n');
        }

        if (configuration.UpstreamSource == UpstreamSourceKind.Demo)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"upstreams: demo devnet of {configuration.Settings.Host.DemoNodes} simulated nodes on 127.0.0.1 (started at run time)\n");
        }
        else if (configuration.Upstreams is { } upstreams)
        {
            text.Append(CultureInfo.InvariantCulture, $"upstreams: {upstreams.Count} from {upstreams.Origin}\n");
            var upstreamNameWidth = upstreams.Upstreams.Max(u => u.Name.Length) + 2;
            var clientWidth = upstreams.Upstreams.Max(u => u.Client.Length) + 2;
            foreach (var upstream in upstreams.Upstreams)
            {
                text.Append("  ").Append(upstream.Name.PadRight(upstreamNameWidth)).Append(upstream.Client.PadRight(clientWidth))
                    .Append(upstream.DisplayUrl).Append('\n');
            }
        }

        if (configuration.Warnings.Count > 0)
        {
            text.Append("warnings:\n");
            foreach (var warning in configuration.Warnings)
            {
                text.Append("  ").Append(warning).Append('\n');
            }
        }

        text.Append(OkLine).Append('\n');
        return text.ToString();
    }

    public static string RenderErrors(IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        var text = new StringBuilder();
        foreach (var error in errors)
        {
            text.Append("error: ").Append(error).Append('\n');
        }

        foreach (var warning in warnings)
        {
            text.Append("warning: ").Append(warning).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture,
            $"configuration invalid: {errors.Count} error{(errors.Count == 1 ? "" : "s")} (see --help)\n");
        return text.ToString();
    }
}
