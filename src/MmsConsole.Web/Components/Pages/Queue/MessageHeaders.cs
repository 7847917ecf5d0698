using System.Text;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>The header block of a spooled message, unfolded, for the detail drawer: read from the
/// spool as it is, never re-encoded, and at most 64 KB of it.</summary>
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

    public static async Task<IReadOnlyList<(string Name, string Value)>> ReadAsync(Stream message)
    {
        var buffer = new byte[Limit];
        var length = 0;
        int n;
        while (length < Limit && (n = await message.ReadAsync(buffer.AsMemory(length, Limit - length))) > 0) length += n;
        var text = Encoding.Latin1.GetString(buffer, 0, length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end >= 0) text = text[..end];
        var headers = new List<(string, string)>();
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var (name, value) = headers[^1];
                headers[^1] = (name, value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon > 0) headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return headers;
    }
}
