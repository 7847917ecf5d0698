using System.Globalization;
using System.Text;

namespace MmsGateway.Relay.MailLog;

/// <summary>The line format: a syslog prefix with an ISO 8601 UTC time (RFC 5424 style: sortable, and
/// unambiguous across years, which "Dec  2 15:45:43" is not), then sendmail's text, so that the seed's
/// <c>grep 'to=&lt;.*PLMN.*' maillog | grep -v stat=Sent</c> works unchanged:
/// <code>2026-12-02T15:45:43.123Z mm4gw1 mmsgateway[1234]: 3F9A0C81B2: to=&lt;+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs&gt;, delay=00:00:03, relay=[10.0.0.2], tls=none, dsn=2.0.0, stat=Sent (ok)</code></summary>
public static class MailLogLine
{
    public const string Program = "mmsgateway";
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static string Format(DateTimeOffset at, string host, int pid, string text) =>
        $"{at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} {host} {Program}[{pid}]: {Clean(text)}";

    /// <summary>Addresses and Message-IDs come from the network: a control character written as is could
    /// forge a second line (log injection), so each becomes '?'.</summary>
    public static string Clean(string text)
    {
        if (!text.Any(c => c < ' ' || c == '\x7f')) return text;
        var b = new StringBuilder(text.Length);
        foreach (var c in text) b.Append(c < ' ' || c == '\x7f' ? '?' : c);
        return b.ToString();
    }

    public static bool TryParse(string line, out MailLogEntry entry)
    {
        entry = null!;
        var space = line.IndexOf(' ');
        if (space < 20 || !DateTimeOffset.TryParseExact(line.AsSpan(0, space), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)) return false;
        var prefix = line.IndexOf("]: ", space, StringComparison.Ordinal);
        if (prefix < 0) return false;
        var text = line[(prefix + 3)..];
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return false;
        var queueId = text[..colon];
        var rest = text.AsSpan(colon + 2);
        MailLogKind kind;
        if (rest.StartsWith("to=<")) kind = MailLogKind.Attempt;
        else if (rest.StartsWith("from=<")) kind = MailLogKind.Accepted;
        else return false;
        var open = rest.IndexOf('<') + 1;
        var close = rest.IndexOf(">,");
        if (close < open) return false;
        var address = rest[open..close].ToString();
        var outcome = "Accepted";
        if (kind == MailLogKind.Attempt)
        {
            var stat = Field(text, "stat") ?? "";
            var end = stat.IndexOfAny([' ', ':', '(']);
            outcome = end < 0 ? stat : stat[..end];
        }
        entry = new MailLogEntry(at, queueId, kind, address, outcome, text);
        return true;
    }

    /// <summary>"name=value" up to the next ", " (stat= runs to the end of the line: its text may hold commas).</summary>
    public static string? Field(string text, string name)
    {
        var key = ", " + name + "=";
        var i = text.IndexOf(key, StringComparison.Ordinal);
        if (i < 0) return null;
        var start = i + key.Length;
        if (name == "stat") return text[start..];
        var end = text.IndexOf(", ", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }
}
