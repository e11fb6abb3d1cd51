namespace UpstreamMonitor.Snapshots;

/// <summary>
/// The published finalized consensus moved below a slot it had reached (leanSpec #1001: a reorg can lower
/// latest_finalized). Kept until the finalized consensus is back at <see cref="FromSlot"/> or beyond (decision 0903).
/// </summary>
/// <param name="FromSlot">The highest finalized slot published before finality moved back.</param>
/// <param name="FromRoot">Its root.</param>
/// <param name="ToSlot">The lower finalized slot the majority reports now.</param>
/// <param name="ToRoot">Its root.</param>
/// <param name="Since">End of the round that first moved it back.</param>
/// <param name="LatestStepAt">End of the latest round that moved it back (a second step back moves it on): a pair
/// verified before then was checked against a finalized view the majority has left.</param>
public sealed record FinalityRegression(long FromSlot, string? FromRoot, long ToSlot, string ToRoot, DateTimeOffset Since, DateTimeOffset LatestStepAt);
