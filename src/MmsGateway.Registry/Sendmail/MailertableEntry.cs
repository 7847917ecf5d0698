using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Sendmail;

/// <summary>One mailertable line: <c>mms.mnc002.mcc238.gprs  smtp:[10.0.0.2]:[10.0.0.3]</c> (hosts after
/// the mailer, separated by colons, tried in order).</summary>
public sealed record MailertableEntry(int Line, string Key, IReadOnlyList<NextHop> Hops)
{
    private static readonly string[] SmtpMailers = ["smtp", "esmtp", "smtp8", "dsmtp", "relay"];

    public static bool TryParse(string text, int line, out MailertableEntry entry, out string error)
    {
        entry = null!;
        var parts = text.Trim().Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) { error = "no right-hand side (expected e.g. smtp:[10.0.0.2]:[10.0.0.3])"; return false; }
        var key = parts[0].ToLowerInvariant();
        var rhs = parts[1].Trim();
        var colon = rhs.IndexOf(':');
        var mailer = colon < 0 ? rhs : rhs[..colon];
        if (!SmtpMailers.Contains(mailer, StringComparer.OrdinalIgnoreCase))
        {
            error = $"mailer '{mailer}' is not SMTP (local, error: and the like have no counterpart in an MM4 gateway)";
            return false;
        }
        var hops = new List<NextHop>();
        foreach (var host in SplitHosts(rhs[(colon + 1)..]))
        {
            if (!NextHop.TryParse(host, out var hop, out error)) return false;
            hops.Add(hop);
        }
        if (hops.Count == 0) { error = "no host after the mailer"; return false; }
        entry = new MailertableEntry(line, key, hops);
        error = "";
        return true;
    }

    // "[10.0.0.2]:[10.0.0.3]" or "a.example:b.example": colons inside brackets belong to IPv6 literals.
    private static IEnumerable<string> SplitHosts(string hosts)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            if (hosts[i] == '[') depth++;
            else if (hosts[i] == ']') depth--;
            else if (hosts[i] == ':' && depth == 0)
            {
                if (i > start) yield return hosts[start..i];
                start = i + 1;
            }
        }
        if (start < hosts.Length) yield return hosts[start..];
    }

    /// <summary>The hosts as sendmail writes them; a port other than 25 has no place in a mailertable.</summary>
    public static string Format(string key, IEnumerable<NextHop> hops) =>
        key.PadRight(39) + " smtp:" + string.Join(':', hops.Select(h => h.Address is null ? h.Host : $"[{(h.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6:" : "")}{h.Address}]"));
}
