using System.Text.RegularExpressions;

namespace MmsGateway.Relay.Mm4;

/// <summary>Checks an MM4 message against what TS 23.140 §8.4 and GSMA IR.67 expect, and reports; it never
/// rewrites (the seed: "Some MMSC become rather unhappy" when a gateway touches their headers). Presence
/// rules follow how Mbuni and drivefast implement the spec (docs/mm4.md): the minimum both send.</summary>
public static partial class Mm4Lint
{
    private const int MaxE164Digits = 15;   // ITU-T E.164 §6.1

    public static IReadOnlyList<LintFinding> Check(Mm4Message m, LintContext context)
    {
        var findings = new List<LintFinding>();
        void Add(string rule, string text) => findings.Add(new LintFinding(rule, text));

        if (m.Type.Kind == Mm4Kind.Unknown) Add(LintRule.UnknownType, $"X-Mms-Message-Type \"{m.Type.Raw}\" is not an MM4 type");
        if (m.TransactionId is null) Add(LintRule.MissingHeader, "X-Mms-Transaction-ID is missing");
        if (m.Version is null) Add(LintRule.MissingHeader, "X-Mms-3GPP-MMS-Version is missing");
        else if (!VersionForm().IsMatch(m.Version)) Add(LintRule.Version, $"X-Mms-3GPP-MMS-Version \"{m.Version}\" is not of the form d.d.d");
        if (m.Type is { Kind: Mm4Kind.Forward, IsRequest: true })
        {
            if (m.MessageId is null) Add(LintRule.MissingHeader, "X-Mms-Message-ID is missing");
            if (m.From is null && m.Sender is null) Add(LintRule.MissingHeader, "neither From nor Sender is present");
            if (m.To.Count == 0) Add(LintRule.MissingHeader, "no To or Cc recipient");
        }
        if (m.Type is { Kind: Mm4Kind.DeliveryReport, IsRequest: true })
        {
            if (m.MessageId is null) Add(LintRule.MissingHeader, "X-Mms-Message-ID (of the original message) is missing");
            if (m.MmStatus is null) Add(LintRule.MissingHeader, "X-Mms-MM-Status-Code is missing");
        }
        if (m.Type.IsResponse && m.Type.Kind != Mm4Kind.Unknown && m.RequestStatus is null)
            Add(LintRule.ResWithoutStatus, $"{m.Type.Name} carries no X-Mms-Request-Status-Code");
        if (m.Type.IsRequest && m.AckRequested && m.OriginatorSystem is null && m.Sender is null)
            Add(LintRule.AckWithoutReturn, "X-Mms-Ack-Request: Yes with neither X-Mms-Originator-System nor Sender to answer to");

        var addresses = new List<(string Where, string Address)>();
        if (m.From is not null) addresses.Add(("From", m.From));
        if (m.Sender is not null) addresses.Add(("Sender", m.Sender));
        addresses.AddRange(m.To.Select(t => ("To", t)));
        addresses.AddRange(context.EnvelopeRecipients.Select(r => ("RCPT TO", r)));
        foreach (var (where, address) in addresses) CheckPlmn(where, address, findings);
        foreach (var (_, address) in addresses.Where(a => a.Where == "To"))
            if (!Bare(address).Contains('@') && Msisdn.FromAddress(address) is not null)
                findings.Add(new LintFinding(LintRule.UnqualifiedTo, $"To: {address} has no domain (passed as is)", Info: true));

        var at = context.EnvelopeSender.LastIndexOf('@');
        if (at > 0)
        {
            var domain = context.EnvelopeSender[(at + 1)..];
            if (!OperatorDomain().IsMatch(domain) && !context.SenderDomainExceptions.Contains(domain, StringComparer.OrdinalIgnoreCase))
                Add(LintRule.SenderDomain, $"sender domain {domain} is not of the form mms.mncNNN.mccNNN.gprs (GSMA IR.67)");
        }
        if (context.MaxSize is { } max && context.Size > max)
            Add(LintRule.Size, $"{context.Size} octets is above the agreed {max}");
        return findings;
    }

    /// <summary>Findings that count (not the informational ones).</summary>
    public static IEnumerable<LintFinding> Counted(this IEnumerable<LintFinding> findings) => findings.Where(f => !f.Info);

    private static void CheckPlmn(string where, string address, List<LintFinding> findings)
    {
        var local = Bare(address);
        var at = local.LastIndexOf('@');
        if (at >= 0) local = local[..at];
        var slash = local.IndexOf('/');
        if (slash < 0) return;
        var type = local[(slash + 1)..];
        if (!type.StartsWith("TYPE=PLMN", StringComparison.OrdinalIgnoreCase)) return;
        if (!type.StartsWith("TYPE=PLMN", StringComparison.Ordinal))
            findings.Add(new LintFinding(LintRule.TypeCase, $"{where}: {address}: \"{type}\" is not upper case"));
        var number = local[..slash];
        if (!number.StartsWith('+')) findings.Add(new LintFinding(LintRule.PlmnPlus, $"{where}: {address}: the number has no '+'"));
        var digits = number.TrimStart('+');
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            findings.Add(new LintFinding(LintRule.PlmnDigits, $"{where}: {address}: the number holds a character that is not a digit"));
        else if (digits.Length > MaxE164Digits)
            findings.Add(new LintFinding(LintRule.PlmnLength, $"{where}: {address}: {digits.Length} digits, E.164 allows {MaxE164Digits}"));
    }

    private static string Bare(string address)
    {
        var a = address.Trim();
        var lt = a.IndexOf('<');
        if (lt < 0) return a;
        var gt = a.IndexOf('>', lt + 1);
        return gt > lt ? a[(lt + 1)..gt] : a[(lt + 1)..];
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionForm();

    [GeneratedRegex(@"^mms\.mnc\d{3}\.mcc\d{3}\.gprs$", RegexOptions.IgnoreCase)]
    private static partial Regex OperatorDomain();
}
