using System.Text.RegularExpressions;
using MailKit.Net.Smtp;

namespace MmsGateway.Relay.Delivery;

/// <summary>Reads the RFC 3463 enhanced status code out of a peer's reply text.</summary>
internal static partial class SmtpReplyText
{
    [GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex Enhanced();

    /// <summary>The peer's enhanced code when it gave one that agrees with the reply's class;
    /// otherwise <paramref name="fallback"/> with its class set by the reply code.</summary>
    public static string Dsn(SmtpStatusCode code, string text, string fallback)
    {
        var klass = (int)code / 100;
        var m = Enhanced().Match(text ?? "");
        if (m.Success && m.Groups[1].Value[0] - '0' == klass) return m.Groups[1].Value;
        return klass is 2 or 4 or 5 ? $"{klass}{fallback[1..]}" : fallback;
    }
}
