using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

/// <summary>Small helpers the simulator tests share: a fixed fake clock and typed GETs against one node.</summary>
internal static class DevnetTestClient
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider NewClock() => new(Epoch);

    public static SimulatedDevnetOptions Options(int nodes, FakeTimeProvider clock, params Persona[] layout) => new()
    {
        NodeCount = nodes,
        TimeProvider = clock,
        SlotDuration = TimeSpan.FromMilliseconds(250),
        StateSizeBytes = 4096,
        PersonaLayout = layout.Length > 0 ? layout : null,
        UseDefaultPersonaMix = false,
    };

    public static HttpClient NewHttpClient(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    public static Task<HttpResponseMessage> GetAsync(this HttpClient http, SimulatedNode node, string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.BaseUrl, path));
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        return http.SendAsync(request);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, SimulatedNode node, string path)
    {
        using var response = await http.GetAsync(node, path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
