using System.Globalization;

namespace MmsConsole.Web.Live;

/// <summary>How the delivery log page and GET /api/log read what a person typed into a mail log search.</summary>
public static class LogSearch
{
    public static readonly IReadOnlySet<string> Attempts = new HashSet<string>(StringComparer.Ordinal) { "Sent", "Deferred", "Bounced" };
    public static readonly IReadOnlySet<string> NotSent = new HashSet<string>(StringComparer.Ordinal) { "Deferred", "Bounced" };
    private static readonly string[] Known = ["Accepted", "Sent", "Deferred", "Bounced"];
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "O"];

    /// <summary>"004512345678" is how many people write "+4512345678" (issue 13); anything else as typed.</summary>
    public static string? Text(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        return t.Length > 4 && t.StartsWith("00", StringComparison.Ordinal) && t.All(char.IsAsciiDigit) ? "+" + t[2..] : t;
    }

    /// <summary>A comma list of Accepted, Sent, Deferred, Bounced (any case), or "attempts", "notsent", "all".</summary>
    public static bool TryOutcomes(string? text, out IReadOnlySet<string>? outcomes, out string error)
    {
        outcomes = null;
        error = "";
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "all": return true;
            case "attempts": outcomes = Attempts; return true;
            case "notsent": outcomes = NotSent; return true;
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var known = Known.FirstOrDefault(k => k.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (known is null) { error = $"'{part}' is not one of Accepted, Sent, Deferred, Bounced, attempts, notsent, all"; return false; }
            set.Add(known);
        }
        outcomes = set;
        return true;
    }

    /// <summary>A UTC time as "2026-12-02 03:00" (or ISO 8601); empty is none.</summary>
    public static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return false;
        value = t;
        return true;
    }
}
