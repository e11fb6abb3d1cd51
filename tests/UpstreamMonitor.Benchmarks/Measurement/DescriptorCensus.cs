namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// Open file descriptors of this process by kind (what <c>ls -l /proc/self/fd</c> shows): a creep in one kind names
/// its cause (sockets: connections; pipes and eventfds: the runtime's wake-ups; files: something opened per round).
/// </summary>
internal sealed record DescriptorCensus(int Sockets, int Pipes, int EventPolls, int EventFds, int Files, int Other)
{
    public int Total => Sockets + Pipes + EventPolls + EventFds + Files + Other;

    public static DescriptorCensus? CaptureSelf()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return null;
        }

        var targets = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(entry).LinkTarget is { } target)
                {
                    targets.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed between listing and reading (the enumeration's own descriptor, a recycled socket).
            }
        }

        return Of(targets);
    }

    public static DescriptorCensus Of(IEnumerable<string> linkTargets)
    {
        ArgumentNullException.ThrowIfNull(linkTargets);
        int sockets = 0, pipes = 0, eventPolls = 0, eventFds = 0, files = 0, other = 0;
        foreach (var target in linkTargets)
        {
            if (target.StartsWith("socket:", StringComparison.Ordinal))
            {
                sockets++;
            }
            else if (target.StartsWith("pipe:", StringComparison.Ordinal))
            {
                pipes++;
            }
            else if (target.StartsWith("anon_inode:[eventpoll]", StringComparison.Ordinal))
            {
                eventPolls++;
            }
            else if (target.StartsWith("anon_inode:[eventfd]", StringComparison.Ordinal))
            {
                eventFds++;
            }
            else if (target.StartsWith('/'))
            {
                files++;
            }
            else
            {
                other++;
            }
        }

        return new DescriptorCensus(sockets, pipes, eventPolls, eventFds, files, other);
    }

    public override string ToString() =>
        $"{Sockets} sockets, {Pipes} pipes, {EventPolls} epoll, {EventFds} eventfd, {Files} files, {Other} other";
}
