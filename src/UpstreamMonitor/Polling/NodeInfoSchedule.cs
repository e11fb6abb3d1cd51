namespace UpstreamMonitor.Polling;

/// <summary>
/// When one upstream's optional node routes are read (decision 0904): at its first answer, after it recovers from an
/// error, then every N rounds; a route that answered 404 is left out until <see cref="NotServedRetry"/> has passed or
/// the upstream reconnects. Owned by the registry, so touched by the poller only.
/// </summary>
internal sealed class NodeInfoSchedule
{
    /// <summary>How long a 404 stands before the route is asked again (a node upgraded in place).</summary>
    public static readonly TimeSpan NotServedRetry = TimeSpan.FromHours(6);

    private static readonly NodeInfoRoutes[] Routes = [NodeInfoRoutes.Identity, NodeInfoRoutes.Version, NodeInfoRoutes.Syncing, NodeInfoRoutes.Genesis];

    private readonly DateTimeOffset?[] _notServedAt = new DateTimeOffset?[Routes.Length];
    private bool _due = true;
    private long _lastReadRound;

    // A deferred read already fetched genesis: while the rest is due, genesis is not asked again.
    private bool _genesisReadWhileDue;

    /// <summary>The routes this round's job reads after a successful fork choice; <see cref="NodeInfoRoutes.None"/> in most rounds.</summary>
    public NodeInfoRoutes Plan(long roundNumber, int everyRounds, DateTimeOffset now)
    {
        if (!_due && roundNumber - _lastReadRound < Math.Max(1, everyRounds))
        {
            return NodeInfoRoutes.None;
        }

        var routes = _due && _genesisReadWhileDue ? NodeInfoRoutes.All & ~NodeInfoRoutes.Genesis : NodeInfoRoutes.All;
        for (var i = 0; i < Routes.Length; i++)
        {
            if (_notServedAt[i] is { } at && now - at < NotServedRetry)
            {
                routes &= ~Routes[i];
            }
        }

        return routes;
    }

    /// <summary>A job read (some of) the routes it was given.</summary>
    public void Record(NodeInfoReading reading, long roundNumber, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Deferred)
        {
            _genesisReadWhileDue |= ((reading.Answered | reading.NotServed) & NodeInfoRoutes.Genesis) != 0;
        }
        else
        {
            _due = false;
            _genesisReadWhileDue = false;
            _lastReadRound = roundNumber;
        }

        for (var i = 0; i < Routes.Length; i++)
        {
            if ((reading.NotServed & Routes[i]) != 0)
            {
                _notServedAt[i] = now;
            }
            else if ((reading.Answered & Routes[i]) != 0)
            {
                _notServedAt[i] = null;
            }
        }
    }

    /// <summary>The upstream failed: once it answers again it may be another build (a restart, an upgrade), so read it all.</summary>
    public void Failed()
    {
        _due = true;
        _genesisReadWhileDue = false;
        Array.Clear(_notServedAt);
    }
}
