using System.Text;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Hosting;

/// <summary><c>--help</c> and <c>--version</c> text, generated from <see cref="MonitorSettingTable"/>.</summary>
internal static class MonitorUsage
{
    public static string Version => ProductVersion.Current;

    public static string VersionLine => $"UpstreamMonitor {Version}";

    public static string Render()
    {
        var text = new StringBuilder();
        text.Append(VersionLine).Append(": monitors a Lean Ethereum devnet (leanpoint-compatible).\n\n");
        text.Append("Usage: UpstreamMonitor [options]\n\nOptions:\n");
        var rows = MonitorSettingTable.All.Where(s => s.Flag is not null).ToList();
        var width = rows.Max(s => s.Usage!.Length) + 2;
        foreach (var setting in rows)
        {
            text.Append("  ").Append(setting.Usage!.PadRight(width)).Append(setting.Meaning).Append('\n');
            var details = new List<string>();
            if (setting.EnvironmentVariable is { } variable)
            {
                details.Add($"env {variable}");
            }

            if (setting.ConfigurationPath is { } path)
            {
                details.Add($"appsettings {path}");
            }

            if (setting.DefaultText.Length > 0)
            {
                details.Add($"default {setting.DefaultText}");
            }

            if (details.Count > 0)
            {
                text.Append("  ").Append(new string(' ', width)).Append('[').Append(string.Join("; ", details)).Append("]\n");
            }
        }

        text.Append('\n')
            .Append("Precedence, highest first: flags, LEANPOINT_* environment variables, appsettings.json (Monitor section), defaults.\n")
            .Append("ASP.NET Core configuration arguments work too: --Monitor:PollMs=4000, --Serilog:MinimumLevel:Default=Debug.\n")
            .Append("Upstreams come from --demo, else from the highest of: an upstreams file, Monitor:Upstreams, --lean-url.\n")
            .Append("Exit codes: 0 success (or stopped by SIGTERM/Ctrl+C), 1 runtime failure (e.g. port in use), 2 invalid configuration.\n");
        return text.ToString();
    }
}
