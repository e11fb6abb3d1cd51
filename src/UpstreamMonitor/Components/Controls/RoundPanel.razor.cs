using System.Globalization;
using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>The last round: duration against its budget, job counters and gate capacity.</summary>
public sealed partial class RoundPanel : ComponentBase
{
    [Parameter]
    public RoundStatistics? Round { get; set; }

    [Parameter]
    public int GateInFlight { get; set; }

    private double BudgetPercent => Round is { Budget.Ticks: > 0 } round
        ? round.Duration.TotalMilliseconds / round.Budget.TotalMilliseconds * 100
        : 0;

    private string BarWidth => string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(BudgetPercent, 0, 100):0.#}%");

    /// <summary>Past three quarters of the budget the next slow upstream will push the round into its deadline.</summary>
    private string BarCss => BudgetPercent switch
    {
        >= 100 => "over",
        >= 75 => "high",
        _ => "normal",
    };
}
