using System.Globalization;
using System.Net;

namespace MmsGateway.Relay.Policy;

public enum AccessKind { Connect, To, From }

/// <summary>RELAY: may relay (Connect:) or may be relayed to (To:). OK: accepted, no more checks of
/// this kind. REJECT: 5xx. TEMPFAIL: 4xx, the sender keeps the mail and retries.</summary>
public enum AccessAction { Relay, Ok, Reject, Tempfail }

/// <summary>One line of sendmail's access map, e.g. <c>Connect:10.0.0.5 RELAY</c>, <c>To:mms.mnc002.mcc238.gprs REJECT</c>,
/// <c>From:mms.mnc003.mcc238.gprs OK</c>, <c>To:example.net ERROR:4.7.1:451 peer maintenance</c>.</summary>
/// <remarks>Connect keys are an address, a CIDR, a dotted prefix ("10.0.0", sendmail's network form) or a
/// host name; To/From keys are a domain (matching its subdomains, as sendmail), <c>user@domain</c> or <c>user@</c>.</remarks>
public sealed record AccessEntry(AccessKind Kind, string Key, AccessAction Action, string? Text = null)
{
    /// <summary>Parses "Tag:key ACTION [text]" (whitespace between key and action, as makemap reads it).</summary>
    public static bool TryParse(string line, out AccessEntry entry, out string error)
    {
        entry = null!;
        var text = line.Trim();
        var split = text.IndexOfAny([' ', '\t']);
        if (split < 0) { error = $"'{text}' has no action (RELAY, OK, REJECT, TEMPFAIL or ERROR:...)"; return false; }
        var lhs = text[..split];
        var rhs = text[split..].Trim();
        var colon = lhs.IndexOf(':');
        if (colon <= 0) { error = $"'{lhs}' has no Connect:, To: or From: tag"; return false; }
        if (!Enum.TryParse<AccessKind>(lhs[..colon], ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || char.IsDigit(lhs[0]))
        {
            error = $"tag '{lhs[..colon]}:' is not supported (only Connect:, To: and From:)";
            return false;
        }
        if (!TryAction(rhs, out var action, out var message, out error)) return false;
        return TryCreate(kind, lhs[(colon + 1)..], action, message, out entry, out error);
    }

    /// <summary>Checks and normalises a key (lower case; a dotted prefix becomes a CIDR).</summary>
    public static bool TryCreate(AccessKind kind, string key, AccessAction action, string? text, out AccessEntry entry, out string error)
    {
        entry = null!;
        error = "";
        key = key.Trim();
        if (kind == AccessKind.Connect)
        {
            if (!ClientPattern.TryNormalise(key, out var normal, out error)) return false;
            key = normal;
        }
        else
        {
            key = key.ToLowerInvariant();
            var at = key.LastIndexOf('@');
            var domain = at >= 0 ? key[(at + 1)..] : key;
            if (at == 0 || key.Length == 0 || (domain.Length > 0 && !DomainKey.IsValid(domain)))
            {
                error = $"'{key}' is not a domain, user@domain or user@";
                return false;
            }
        }
        if (action == AccessAction.Relay && kind == AccessKind.From)
        {
            error = "From: takes OK, REJECT or TEMPFAIL (RELAY applies to Connect: and To:)";
            return false;
        }
        entry = new AccessEntry(kind, key, action, string.IsNullOrWhiteSpace(text) ? null : text.Trim());
        return true;
    }

    private static bool TryAction(string rhs, out AccessAction action, out string? text, out string error)
    {
        action = default;
        text = null;
        error = "";
        var word = rhs.Split([' ', '\t'], 2);
        switch (word[0].ToUpperInvariant())
        {
            case "RELAY": action = AccessAction.Relay; return true;
            case "OK": action = AccessAction.Ok; return true;
            case "REJECT": action = AccessAction.Reject; return true;
            case "TEMPFAIL": action = AccessAction.Tempfail; text = word.Length > 1 ? word[1] : null; return true;
        }
        // sendmail: ERROR:"550 text", ERROR:5.7.1:550 text, ERROR:4.7.1:451 text
        if (!rhs.StartsWith("ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"action '{word[0]}' is not supported (RELAY, OK, REJECT, TEMPFAIL or ERROR:code text)";
            return false;
        }
        var body = rhs[6..].Trim().Trim('"');
        var parts = body.Split(':', 2);
        if (parts.Length == 2 && parts[0].Contains('.')) body = parts[1];   // drop the enhanced code; we set our own
        var code = body.Split(' ', 2);
        if (!int.TryParse(code[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 400 or > 599)
        {
            error = $"'{rhs}' has no 4xx or 5xx reply code";
            return false;
        }
        action = n >= 500 ? AccessAction.Reject : AccessAction.Tempfail;
        text = code.Length > 1 ? code[1].Trim() : null;
        return true;
    }

    /// <summary>The access-map line, as sendmail's makemap reads it.</summary>
    public string ToSendmail()
    {
        var rhs = (Action, Text) switch
        {
            (AccessAction.Relay, _) => "RELAY",
            (AccessAction.Ok, _) => "OK",
            (AccessAction.Reject, null) => "REJECT",
            (AccessAction.Reject, var t) => $"ERROR:5.7.1:550 {t}",
            (AccessAction.Tempfail, var t) => $"ERROR:4.7.1:451 {t ?? "Try again later"}",
            _ => throw new InvalidOperationException(),
        };
        var key = Kind == AccessKind.Connect && Key.Contains(':') && !Key.Contains('/') ? $"IPv6:{Key}" : Key;
        return $"{Kind}:{key}".PadRight(40) + " " + rhs;
    }
}

/// <summary>Domain syntax for rule keys: letters, digits, hyphens, dots; no empty labels.</summary>
public static class DomainKey
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 253 && !name.StartsWith('.') && !name.EndsWith('.') && !name.Contains("..") &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}

/// <summary>A client pattern: an address, a CIDR, a dotted IPv4 prefix, or a host name.</summary>
public static class ClientPattern
{
    public static bool TryNormalise(string pattern, out string normal, out string error)
    {
        normal = "";
        error = "";
        var p = pattern.Trim();
        if (p.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) p = p[5..];
        if (p.Contains('/'))
        {
            // A CIDR with host bits set ("10.0.0.1/8") is refused rather than guessed at.
            if (!IPNetwork.TryParse(p, out var net) || !IPAddress.TryParse(p[..p.IndexOf('/')], out var start) || !start.Equals(net.BaseAddress))
            {
                error = $"'{pattern}' is not a valid CIDR (e.g. 10.0.0.0/24, with no host bits set)";
                return false;
            }
            normal = net.ToString();
            return true;
        }
        if (IPAddress.TryParse(p, out var ip) && (p.Contains(':') || p.Count(c => c == '.') == 3))
        {
            normal = ip.ToString();
            return true;
        }
        // sendmail's "Connect:10.0.0" covers 10.0.0.0/24.
        var octets = p.Split('.');
        if (octets.Length is >= 1 and <= 3 && octets.All(o => byte.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            normal = $"{string.Join('.', octets.Concat(Enumerable.Repeat("0", 4 - octets.Length)))}/{octets.Length * 8}";
            return true;
        }
        if (DomainKey.IsValid(p) && !p.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            normal = p.ToLowerInvariant();
            return true;
        }
        error = $"'{pattern}' is not an IP address, a CIDR or a host name";
        return false;
    }

    public static bool IsHostName(string normal) => !normal.Contains('/') && !IPAddress.TryParse(normal, out _);
}
