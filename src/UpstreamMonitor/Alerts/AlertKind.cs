namespace UpstreamMonitor.Alerts;

/// <summary>What an alert is about. Wire names are snake_case (<see cref="AlertKinds.WireName(AlertKind)"/>).</summary>
public enum AlertKind
{
    FinalityStalled,
    JustificationStalled,
    HeadStalled,
    ConsensusLost,
    ForkDetected,
    UpstreamDown,
    UpstreamLagging,
    FinalityRegressed,

    /// <summary>Sent by the wiring check (<c>--alert-test</c>) only; never detected.</summary>
    AlertTest,
}

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Wire names and default severities of the alert kinds.</summary>
public static class AlertKinds
{
    /// <summary>Every detected kind (the test kind excluded), in documentation order.</summary>
    public static IReadOnlyList<AlertKind> Detected { get; } =
    [
        AlertKind.FinalityStalled, AlertKind.JustificationStalled, AlertKind.HeadStalled, AlertKind.ConsensusLost,
        AlertKind.ForkDetected, AlertKind.UpstreamDown, AlertKind.UpstreamLagging, AlertKind.FinalityRegressed,
    ];

    public static string WireName(this AlertKind kind) => kind switch
    {
        AlertKind.FinalityStalled => "finality_stalled",
        AlertKind.JustificationStalled => "justification_stalled",
        AlertKind.HeadStalled => "head_stalled",
        AlertKind.ConsensusLost => "consensus_lost",
        AlertKind.ForkDetected => "fork_detected",
        AlertKind.UpstreamDown => "upstream_down",
        AlertKind.UpstreamLagging => "upstream_lagging",
        AlertKind.FinalityRegressed => "finality_regressed",
        AlertKind.AlertTest => "alert_test",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown alert kind"),
    };

    public static string WireName(this AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    /// <summary>A stalled or split chain is critical; one node's trouble is a warning.</summary>
    public static AlertSeverity SeverityOf(AlertKind kind) => kind switch
    {
        AlertKind.FinalityStalled or AlertKind.HeadStalled or AlertKind.ConsensusLost
            or AlertKind.ForkDetected or AlertKind.FinalityRegressed => AlertSeverity.Critical,
        AlertKind.JustificationStalled or AlertKind.UpstreamDown or AlertKind.UpstreamLagging => AlertSeverity.Warning,
        _ => AlertSeverity.Info,
    };

    public static bool TryParseKind(string? text, out AlertKind kind)
    {
        foreach (var candidate in Enum.GetValues<AlertKind>())
        {
            if (string.Equals(candidate.WireName(), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryParseSeverity(string? text, out AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<AlertSeverity>())
        {
            if (string.Equals(candidate.WireName(), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }
}
