using System.Diagnostics;

namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>The commit the figures were taken on (<c>git rev-parse HEAD</c>), marked when the tree had other edits.</summary>
internal static class GitRevision
{
    public static async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var head = await GitAsync(["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return "unknown (not a git checkout)";
        }

        // The report files themselves are rewritten by every run; any other change means the figures are not of HEAD.
        var status = await GitAsync(["status", "--porcelain", "--", ".", ":(exclude)docs/benchmarks.md", ":(exclude)docs/benchmarks.json"], cancellationToken)
            .ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(status) ? head.Trim() : head.Trim() + " (with uncommitted changes)";
    }

    private static async Task<string?> GitAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
