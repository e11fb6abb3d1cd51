using System.Globalization;
using System.Text.Json.Nodes;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>Fork-choice bodies: a well-formed one in the spec shape, and mutations of it that a node might send.</summary>
internal static class ForkChoiceBodies
{
    public const string RootA = "0x8a2f6f0ab6bb1bd5b5b5d1c8a2b8e1f7c3d4e5f60718293a4b5c6d7e8f901234";
    public const string RootB = "0x9b3e7e1bc7cc2ce6c6c6e2d9b3c9f2e8d4e5f6071829304b5c6d7e8f90123456";
    public const string RootC = "0xac4f8f2cd8dd3df7d7d7f3eac4dae3f9e5f60718293a415c6d7e8f9012345678";

    public const long FinalizedSlot = 36;
    public const long JustifiedSlot = 37;
    public const long HeadSlot = 38;

    /// <summary>Finalized 36/A, justified 37/B, head 38/C, four validators.</summary>
    public static string Valid() => Build().ToJsonString();

    /// <summary>The valid body with one change applied to its JSON tree.</summary>
    public static string With(Action<JsonObject> mutate)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        var body = Build();
        mutate(body);
        return body.ToJsonString();
    }

    /// <summary>The valid body with the raw JSON text of the finalized slot replaced (for numbers JsonNode won't write).</summary>
    public static string WithRawFinalizedSlot(string rawSlot) =>
        Valid().Replace(
            "\"finalized\":{\"slot\":" + FinalizedSlot.ToString(CultureInfo.InvariantCulture),
            "\"finalized\":{\"slot\":" + rawSlot,
            StringComparison.Ordinal);

    private static JsonObject Build() => new()
    {
        ["nodes"] = new JsonArray(
            Node(RootA, FinalizedSlot, "0x" + new string('1', 64)),
            Node(RootB, JustifiedSlot, RootA),
            Node(RootC, HeadSlot, RootB)),
        ["head"] = RootC,
        ["justified"] = new JsonObject { ["slot"] = JustifiedSlot, ["root"] = RootB },
        ["finalized"] = new JsonObject { ["slot"] = FinalizedSlot, ["root"] = RootA },
        ["safe_target"] = RootB,
        ["validator_count"] = 4,
    };

    private static JsonObject Node(string root, long slot, string parent) => new()
    {
        ["root"] = root,
        ["slot"] = slot,
        ["parent_root"] = parent,
        ["proposer_index"] = slot % 4,
        ["weight"] = 4,
    };
}
