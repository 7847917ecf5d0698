namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>What the detail drawer reads from a spooled message's header block (read by the relay's
/// SpooledHeaders: as spooled, never re-encoded, at most 64 KB of it).</summary>
public static class MessageHeaders
{
    private const int Limit = 64 * 1024;

    /// <summary>How the message reached us, from our own (first) Received: header: "TLSv1.3", or "none".</summary>
    public static string Tls(IReadOnlyList<(string Name, string Value)> headers)
    {
        if (headers.Count == 0 || !headers[0].Name.Equals("Received", StringComparison.OrdinalIgnoreCase)) return "none";
        var value = headers[0].Value;
        var at = value.IndexOf("(using TLSv", StringComparison.Ordinal);
        if (at < 0) return "none";
        var start = at + "(using ".Length;
        var end = value.IndexOf(' ', start);
        return end < 0 ? "none" : value[start..end];
    }
}
