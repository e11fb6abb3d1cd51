namespace UpstreamMonitor.Components.Model;

/// <summary>The shapes that carry status next to its text, so status never depends on colour alone.</summary>
public enum StatusIconKind
{
    Check,
    Cross,
    Clock,
    Skip,
    InFlight,
    Pending,
    Warning,
    Fork,
}
