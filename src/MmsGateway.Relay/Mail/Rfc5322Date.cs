using System.Globalization;

namespace MmsGateway.Relay.Mail;

/// <summary>Dates as RFC 5322 §3.3 writes them, in UTC: "Wed, 02 Dec 2026 04:20:00 +0000" (our Received:
/// header, bounce notices).</summary>
public static class Rfc5322Date
{
    public static string Format(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
}
