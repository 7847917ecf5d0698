namespace MmsGateway.Relay.Mm4;

/// <summary>Subscriber numbers in PLMN addresses (<c>+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs</c>), and
/// the digits-only key that the ledger indexes and searches by: "+45 12 34 56 78", "004512345678" and
/// "4512345678" all find the same subscriber.</summary>
public static class Msisdn
{
    /// <summary>The number of a PLMN address as written (with its '+'), or null when the address is not PLMN.</summary>
    public static string? FromAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var a = address.Trim();
        var lt = a.IndexOf('<');
        if (lt >= 0)
        {
            var gt = a.IndexOf('>', lt + 1);
            a = gt > lt ? a[(lt + 1)..gt] : a[(lt + 1)..];
        }
        var at = a.LastIndexOf('@');
        var local = at >= 0 ? a[..at] : a;
        var slash = local.IndexOf('/');
        if (slash < 0 || !local[(slash + 1)..].StartsWith("TYPE=PLMN", StringComparison.OrdinalIgnoreCase)) return null;
        return local[..slash];
    }

    /// <summary>The search key: digits only, the international prefix "00" dropped.</summary>
    public static string? Key(string? number)
    {
        if (number is null) return null;
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 2 && digits.StartsWith("00", StringComparison.Ordinal) && !number.TrimStart().StartsWith('+')) digits = digits[2..];
        return digits.Length == 0 ? null : digits;
    }
}
