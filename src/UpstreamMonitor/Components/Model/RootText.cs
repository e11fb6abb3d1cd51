namespace UpstreamMonitor.Components.Model;

/// <summary>Block roots shortened the way operators compare them: the first and last few hex digits.</summary>
internal static class RootText
{
    /// <summary><c>0x</c> + 64 hex → <c>0x1a2b3c…7d8e</c>; anything shorter than that is returned as is.</summary>
    public static string Abbreviate(string? root)
    {
        if (string.IsNullOrEmpty(root))
        {
            return "—";
        }

        var prefix = root.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        return root.Length - prefix <= 12 ? root : $"{root[..(prefix + 6)]}…{root[^4..]}";
    }
}
