namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>Which receivers an alert goes to (the routes) and whether it is silenced now (the maintenance windows).</summary>
public sealed class AlertRouting
{
    private readonly List<string> _allReceivers;
    private readonly List<AlertRouteOptions> _routes;
    private readonly List<AlertSilenceOptions> _silences;

    public AlertRouting(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allReceivers = [.. options.EffectiveReceivers().Select(r => r.Name!)];
        _routes = options.Routes;
        _silences = options.Silences;
    }

    /// <summary>Every receiver of a matching route, each once; with no routes configured, every receiver.</summary>
    public IReadOnlyList<string> ReceiversFor(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (_routes.Count == 0)
        {
            return _allReceivers;
        }

        var kind = alert.Kind.WireName();
        var severity = alert.Severity.WireName();
        return
        [
            .. _routes
                .Where(r => Matches(r.Kinds, kind) && Matches(r.Severities, severity))
                .SelectMany(r => r.Receivers)
                .Distinct(StringComparer.Ordinal),
        ];
    }

    /// <summary>A silence covers the alert when now is in [Start, End) and its kinds and upstreams (if listed) match.</summary>
    public bool IsSilenced(AlertEvent alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var kind = alert.Kind.WireName();
        return _silences.Any(s =>
            (s.Start is null || now >= s.Start) && (s.End is null || now < s.End)
            && Matches(s.Kinds, kind)
            && (s.Upstreams.Count == 0 || alert.Upstreams.Any(u => s.Upstreams.Contains(u, StringComparer.Ordinal))));
    }

    private static bool Matches(List<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
