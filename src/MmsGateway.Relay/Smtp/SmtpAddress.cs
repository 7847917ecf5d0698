namespace MmsGateway.Relay.Smtp;

/// <summary>An envelope address. <see cref="Text"/> is kept byte for byte as the client sent it
/// (an MM4 recipient such as <c>+4512345678/TYPE=PLMN@mms.mnc001.mcc238.gprs</c> must never be
/// rewritten); <see cref="Domain"/> is lower-cased for routing and indexing only.</summary>
public sealed record SmtpAddress(string Text, string LocalPart, string Domain)
{
    public static readonly SmtpAddress Null = new("", "", "");

    public bool IsNull => Text.Length == 0;

    // RFC 5321 §4.5.3.1: local part 64, domain 255, path 256 octets.
    private const int MaxLocalPart = 64, MaxDomain = 255, MaxPath = 256;

    public static bool TryParse(string mailbox, out SmtpAddress address, out string error)
    {
        address = Null;
        if (mailbox.Length > MaxPath) { error = "address too long"; return false; }
        var at = mailbox.LastIndexOf('@');
        if (at <= 0 || at == mailbox.Length - 1) { error = "address must be local-part@domain"; return false; }
        var local = mailbox[..at];
        var domain = mailbox[(at + 1)..];
        if (local.Length > MaxLocalPart) { error = "local part too long"; return false; }
        if (domain.Length > MaxDomain) { error = "domain too long"; return false; }
        if (!IsValidLocalPart(local)) { error = "invalid local part"; return false; }
        if (!IsValidDomain(domain)) { error = "invalid domain"; return false; }
        address = new SmtpAddress(mailbox, local, domain.ToLowerInvariant());
        error = "";
        return true;
    }

    // RFC 5321 §4.1.2 Dot-string or Quoted-string. '/', '=' and '+' are atext, so PLMN forms pass.
    private static bool IsValidLocalPart(string local)
    {
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            for (var i = 1; i < local.Length - 1; i++)
            {
                var c = local[i];
                if (c == '\\') { i++; if (i >= local.Length - 1 || local[i] < 32 || local[i] > 126) return false; continue; }
                if (c < 32 || c > 126 || c == '"') return false;
            }
            return true;
        }
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in local)
            if (!IsAtext(c) && c != '.') return false;
        return true;
    }

    private static bool IsAtext(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static bool IsValidDomain(string domain)
    {
        if (domain[0] == '[') return domain[^1] == ']' && domain.Length > 2 && domain.AsSpan(1, domain.Length - 2).IndexOfAny("[]\\ ") < 0;
        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }
}
