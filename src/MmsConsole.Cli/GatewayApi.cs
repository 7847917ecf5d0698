using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MmsConsole.Cli;

/// <summary>The gateway's HTTP API with a token. Every failure becomes a readable line and an exit
/// code (<see cref="ExitCodes"/>), never a stack trace.</summary>
public sealed class GatewayApi(HttpClient http, TextWriter error) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static GatewayApi Create(Uri baseAddress, string token, TextWriter error, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GatewayApi(http, error);
    }

    public Task<(int Code, JsonElement Body)> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<(int Code, JsonElement Body)> PostAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) });

    public Task<(int Code, JsonElement Body)> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    private async Task<(int, JsonElement)> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"mm4ctl: cannot reach the gateway at {http.BaseAddress}: {e.Message}");
            return (ExitCodes.Unreachable, default);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonElement body = default;
            if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false))
                body = JsonSerializer.Deserialize<JsonElement>(text, Json);
            if (response.IsSuccessStatusCode) return (ExitCodes.Ok, body);
            var code = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? ExitCodes.NotAllowed : ExitCodes.Refused;
            await error.WriteLineAsync($"mm4ctl: {(int)response.StatusCode} {Describe(response.StatusCode, body)}");
            return (code, body);
        }
    }

    // RFC 7807: title, detail, and each field's errors ("select: 'X': unknown selection letter").
    private static string Describe(HttpStatusCode status, JsonElement problem)
    {
        if (status == HttpStatusCode.Unauthorized) return "not signed in: the token is missing, unknown, revoked or expired (MM4CTL_TOKEN or --token)";
        if (status == HttpStatusCode.Forbidden) return "not allowed: this token's role may not do that (Viewer < Operator < Admin)";
        if (problem.ValueKind != JsonValueKind.Object) return status.ToString();
        var parts = new List<string>();
        if (problem.TryGetProperty("title", out var t)) parts.Add(t.GetString() ?? "");
        if (problem.TryGetProperty("detail", out var d)) parts.Add(d.GetString() ?? "");
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            foreach (var e in errors.EnumerateObject())
                parts.Add($"{e.Name}: {string.Join("; ", e.Value.EnumerateArray().Select(v => v.GetString()))}");
        return string.Join(" - ", parts.Where(p => p.Length > 0));
    }

    public void Dispose() => http.Dispose();
}
