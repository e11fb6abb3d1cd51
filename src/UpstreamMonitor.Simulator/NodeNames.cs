namespace UpstreamMonitor.Simulator;

/// <summary>Node names as lean-quickstart writes them: the client, an underscore, and a per-client index.</summary>
public static class NodeNames
{
    /// <summary>The lean clients names cycle through.</summary>
    public static readonly IReadOnlyList<string> Clients = ["zeam", "ream", "qlean", "lantern", "ethlambda", "grandine", "gean", "nlean"];

    public static string ClientOf(int index) => Clients[index % Clients.Count];

    /// <summary><c>zeam_0</c>, <c>ream_0</c>, … <c>nlean_0</c>, <c>zeam_1</c>, …</summary>
    public static string NameOf(int index) => $"{ClientOf(index)}_{index / Clients.Count}";
}
