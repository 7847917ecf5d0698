using System.Text.RegularExpressions;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Store;

/// <summary>Checks a change before it is saved, so that an invalid rule never reaches the relay. Every
/// error is keyed by the field the console shows it under ("domains[1]", "nextHops[0]").</summary>
public sealed partial class RegistryValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    [GeneratedRegex(@"^mms\.mnc[0-9]{3}\.mcc[0-9]{3}\.gprs$")]
    private static partial Regex MmsDomain();

    /// <summary>Lower-cased domains; others than mms.mncNNN.mccNNN.gprs are allowed with a warning.</summary>
    public List<string> Domains(string field, IReadOnlyList<string>? domains, bool required = true)
    {
        var result = new List<string>();
        if ((domains is null || domains.Count == 0) && required) Error(field, "at least one MMS domain is required");
        for (var i = 0; i < (domains?.Count ?? 0); i++)
        {
            var d = domains![i]?.Trim().ToLowerInvariant() ?? "";
            var key = d.StartsWith('.') ? d[1..] : d;
            if (!DomainKey.IsValid(key)) { Error($"{field}[{i}]", $"'{domains[i]}' is not a domain"); continue; }
            if (result.Contains(d)) { Error($"{field}[{i}]", $"{d} is listed twice"); continue; }
            if (!MmsDomain().IsMatch(d))
                Warnings.Add($"{field}[{i}]: {d} is not of the form mms.mncNNN.mccNNN.gprs (3GPP TS 23.140); accepted as given");
            result.Add(d);
        }
        return result;
    }

    public List<string> Hops(string field, IReadOnlyList<string>? hops)
    {
        var result = new List<string>();
        if (hops is null || hops.Count == 0) Error(field, "at least one next hop is required, e.g. [10.0.0.2] or mm4.example.net:25");
        for (var i = 0; i < (hops?.Count ?? 0); i++)
        {
            if (NextHop.TryParse(hops![i] ?? "", out var hop, out var error)) result.Add(hop.ToString());
            else Error($"{field}[{i}]", error);
        }
        return result;
    }

    public string? Name(string field, string? name)
    {
        var n = name?.Trim();
        if (string.IsNullOrEmpty(n)) { Error(field, "a name is required"); return null; }
        if (n.Length > 100) Error(field, "at most 100 characters");
        return n;
    }

    public string? Digits(string field, string? value, int min, int max)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length < min || v.Length > max || !v.All(char.IsAsciiDigit))
            Error(field, min == max ? $"{min} digits" : $"{min} to {max} digits");
        return v;
    }

    /// <summary>Text that goes into an SMTP reply: one line of printable ASCII, or the reply is ours to break.</summary>
    public string? ReplyText(string field, string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (t.Length > 200) Error(field, "at most 200 characters (it is sent in an SMTP reply)");
        if (t.Any(c => c is < ' ' or > '~')) Error(field, "printable ASCII only, on one line (it is sent in an SMTP reply)");
        return t;
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max)) Error(field, $"between {min} and {max}");
    }

    public string? TlsPin(string field, string? value)
    {
        try { return Relay.Routing.TlsPolicy.NormalisePin(value); }
        catch (ArgumentException e) { Error(field, e.Message); return null; }
    }

    /// <summary>A PEM file of CA certificates that this gateway can read now.</summary>
    public string? CaFile(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var path = value.Trim();
        try
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
            if (certificates.Count == 0) Error(field, $"{path} holds no PEM certificate");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            Error(field, $"{path} cannot be read as PEM certificates: {e.Message}");
        }
        return path;
    }

    public void Range(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) Error(field, $"between {min} and {max}");
    }

    public void Duration(string field, TimeSpan? value, TimeSpan min, TimeSpan max, string words)
    {
        if (value is { } v && (v < min || v > max)) Error(field, words);
    }

    public void Lifetime(string field, TimeSpan? value)
    {
        if (value is { } v && (v <= TimeSpan.Zero || v > TimeSpan.FromDays(365))) Error(field, "more than zero and at most 365 days");
    }
}
