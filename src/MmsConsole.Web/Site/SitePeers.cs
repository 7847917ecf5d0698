using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Hosting;

namespace MmsConsole.Web.Site;

/// <summary>The other nodes of the site as the console reaches them: their API (from the shared node list), a ticket
/// for the user who asked, a short timeout. A node that is stale or does not answer is reported as such, by name,
/// never taken for an empty one.</summary>
public sealed class SitePeers(IHttpClientFactory http, NodeDirectory directory, NodeIdentity self, NodeTicket tickets)
{
    public const string Client = "site-peers";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Self => self.Name;

    /// <summary>Whether the console speaks for several nodes (a shared registry).</summary>
    public bool IsSite => directory.IsSite;

    public Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken ct) => directory.ListAsync(ct);

    /// <summary>The node named <paramref name="name"/>, or null.</summary>
    public async Task<NodeView?> FindAsync(string name, CancellationToken ct) =>
        (await NodesAsync(ct).ConfigureAwait(false)).FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sends a request to <paramref name="node"/> as <paramref name="user"/>; the reply's JSON, or why there is none.</summary>
    public async Task<PeerReply<T>> SendAsync<T>(NodeView node, HttpMethod method, string pathAndQuery, object? body, ClaimsPrincipal user, string source, CancellationToken ct)
    {
        if (node.Stale) return PeerReply<T>.Failed($"{node.Name} is not beating (last heartbeat {node.HeartbeatAt:HH:mm:ss} UTC)");
        if (node.Api is not { Length: > 0 } api) return PeerReply<T>.Failed($"{node.Name} has not said where its API is yet");
        using var request = new HttpRequestMessage(method, new Uri(new Uri(api.TrimEnd('/') + "/"), pathAndQuery.TrimStart('/')));
        request.Headers.Add(NodeTicket.Header, tickets.For(user, source, self.Name));
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.CreateClient(Client).SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                return PeerReply<T>.Failed($"{node.Name} answered {(int)response.StatusCode}: {Detail(problem)}", (int)response.StatusCode);
            }
            return PeerReply<T>.Of((await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token).ConfigureAwait(false))!);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return PeerReply<T>.Failed($"{node.Name} did not answer within {Timeout.TotalSeconds:F0} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return PeerReply<T>.Failed($"{node.Name} unreachable ({e.GetBaseException().Message})");
        }
    }

    // A problem document's detail (or title), not the whole JSON, in a line the NOC reads.
    private static string Detail(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in new[] { "detail", "title" })
                if (doc.RootElement.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } text) return text;
        }
        catch (JsonException) { }
        return body.Length > 200 ? body[..200] : body;
    }
}

/// <summary>A peer's answer, or the reason there is none (<see cref="Error"/>).</summary>
public sealed record PeerReply<T>(T? Value, string? Error, int? Status = null)
{
    public static PeerReply<T> Of(T value) => new(value, null);

    public static PeerReply<T> Failed(string error, int? status = null) => new(default, error, status);
}
