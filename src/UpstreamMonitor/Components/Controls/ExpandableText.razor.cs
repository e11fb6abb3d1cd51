using Microsoft.AspNetCore.Components;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// A text shown on one line and expanded in place on demand. Short texts expand too: a narrow cell cuts them by width,
/// which the server cannot know, so every cut text can be read in full.
/// </summary>
public sealed partial class ExpandableText : ComponentBase
{
    [Parameter, EditorRequired]
    public string? Text { get; set; }

    /// <summary>Longer texts show this many characters and an ellipsis before they are opened.</summary>
    [Parameter]
    public int PreviewLength { get; set; } = int.MaxValue;

    private string Preview => Text is { } text && text.Length > PreviewLength ? text[..PreviewLength] + "…" : Text ?? string.Empty;
}
