using System.Globalization;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// Alert settings a <c>--demo-scenario</c> run needs so its alert fires within a minute (decision 1102): the detector
/// takes the demo chain's slot time, and finality counts as stalled after 8 slots instead of 16. Only keys the
/// operator left unset are supplied, so any configured value still wins.
/// </summary>
internal static class DemoScenarioDefaults
{
    public const int FinalityStallSlots = 8;

    public static IEnumerable<KeyValuePair<string, string?>> For(IConfiguration configuration, MonitorHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(host);
        KeyValuePair<string, string?>[] defaults =
        [
            new($"{AlertOptions.SectionName}:{nameof(AlertOptions.SlotMs)}", host.DemoSlotMs.ToString(CultureInfo.InvariantCulture)),
            new($"{AlertOptions.SectionName}:{nameof(AlertOptions.FinalityStallSlots)}", FinalityStallSlots.ToString(CultureInfo.InvariantCulture)),
        ];
        return defaults.Where(d => configuration[d.Key] is null);
    }
}
