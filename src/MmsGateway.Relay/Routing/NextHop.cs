using System.Net;
using System.Net.Sockets;

namespace MmsGateway.Relay.Routing;

/// <summary>One SMTP server to hand mail to: "[10.0.0.2]:25" (an address, as the seed's mailertable
/// writes it), "[IPv6:2001:db8::2]:25", or "mm4.example.net:25" (a host name, looked up by A/AAAA,
/// never by MX: an interconnect names its peer explicitly).</summary>
public sealed record NextHop(string Host, int Port, IPAddress? Address)
{
    public const int DefaultPort = 25;

    /// <summary>As sendmail logs it: "[10.0.0.2]" for an address, the name otherwise.</summary>
    public string Relay => Address is null ? Host : $"[{Address}]";

    public override string ToString() =>
        (Address is null ? Host : Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{Address}]" : $"[{Address}]")
        + (Port == DefaultPort ? "" : $":{Port}");

    public static bool TryParse(string text, out NextHop hop, out string error)
    {
        hop = null!;
        error = "";
        text = text.Trim();
        string host;
        var rest = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) { error = $"'{text}' has no closing ']'"; return false; }
            host = text[1..close];
            rest = text[(close + 1)..];
            if (host.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) host = host[5..];
            if (!IPAddress.TryParse(host, out var ip)) { error = $"'{host}' in '{text}' is not an IP address"; return false; }
            if (!TryPort(rest, text, out var port, out error)) return false;
            hop = new NextHop(ip.ToString(), port, ip);
            return true;
        }
        var colon = text.LastIndexOf(':');
        if (colon >= 0) { host = text[..colon]; rest = text[colon..]; }
        else host = text;
        if (!IsHostName(host)) { error = $"'{text}' is neither [address]:port nor host:port"; return false; }
        if (!TryPort(rest, text, out var p, out error)) return false;
        hop = new NextHop(host.ToLowerInvariant(), p, null);
        return true;
    }

    private static bool TryPort(string rest, string text, out int port, out string error)
    {
        port = DefaultPort;
        error = "";
        if (rest.Length == 0) return true;
        if (rest[0] == ':' && int.TryParse(rest.AsSpan(1), System.Globalization.NumberStyles.None, null, out port) && port is > 0 and <= 65535)
            return true;
        error = $"'{text}' has a bad port (1-65535 after ':')";
        return false;
    }

    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253 && !host.StartsWith('.') && !host.EndsWith('.') &&
        host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !host.Contains("..");
}
