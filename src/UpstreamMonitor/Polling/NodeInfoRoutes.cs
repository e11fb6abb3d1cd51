namespace UpstreamMonitor.Polling;

/// <summary>The optional node routes a job may read after its fork choice (decision 0904), as a set.</summary>
[Flags]
internal enum NodeInfoRoutes
{
    None = 0,

    /// <summary><c>/lean/v0/node/identity</c>: version and peer id.</summary>
    Identity = 1,

    /// <summary><c>/lean/v0/node/version</c>: asked only when identity gave no version.</summary>
    Version = 2,

    /// <summary><c>/lean/v0/node/syncing</c>.</summary>
    Syncing = 4,

    /// <summary><c>/lean/v0/genesis</c>: the network's genesis time.</summary>
    Genesis = 8,

    All = Identity | Version | Syncing | Genesis,

    /// <summary>Not a route: the round's budget held back the other routes, so they stay due (<see cref="NodeInfoRoundBudget"/>).</summary>
    Deferred = 16,
}
