namespace MmsGateway.Relay.Routing;

/// <summary>TLS on delivery to an operator. Opportunistic (Postfix's "may"): STARTTLS when the peer
/// offers it, its certificate checked but a failed check not fatal. Required ("verify"): STARTTLS must
/// be offered and the certificate trusted (system roots, the operator's CA, or its pinned fingerprint);
/// otherwise the mail is deferred, never sent in clear.</summary>
public enum OutboundTls { None, Opportunistic, Required }

/// <summary>An operator's TLS terms: the mode, and optionally a pinned certificate (SHA-256 of its DER
/// form, hex) or a private CA (a PEM bundle) to trust instead of the system's roots.</summary>
public sealed record TlsPolicy(OutboundTls Mode, string? PinSha256 = null, string? CaFile = null)
{
    public static readonly TlsPolicy Default = new(OutboundTls.Opportunistic);

    /// <summary>"AB:CD:..." or "abcd...": 64 hex digits, any case, colons and spaces ignored.</summary>
    public static string? NormalisePin(string? pin)
    {
        if (string.IsNullOrWhiteSpace(pin)) return null;
        var hex = new string(pin.Where(c => c is not (':' or ' ')).ToArray()).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : throw new ArgumentException($"'{pin}' is not a SHA-256 fingerprint (64 hex digits)");
    }
}
