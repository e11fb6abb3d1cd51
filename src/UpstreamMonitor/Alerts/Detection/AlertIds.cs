using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UpstreamMonitor.Alerts.Detection;

/// <summary>Occurrence ids: short, stable for one occurrence, distinct for the next occurrence of the same key.</summary>
internal static class AlertIds
{
    public static string For(string key, AlertKind kind, DateTimeOffset firstSeen)
    {
        var material = string.Create(CultureInfo.InvariantCulture, $"{key}|{firstSeen.ToUnixTimeMilliseconds()}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return kind.WireName() + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }
}
