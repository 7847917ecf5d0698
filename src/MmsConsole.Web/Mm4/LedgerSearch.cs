using System.Globalization;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Mm4;

/// <summary>A ledger search as a NOC engineer types it, in the console or as API parameters (the page and
/// <c>GET /api/mm4/ledger</c> read it the same way). Every field is text; <see cref="TryParse"/> names the
/// field of each mistake.</summary>
public sealed record LedgerSearch
{
    /// <summary>The sender's or the recipient's number: +4512345678, 004512345678, 45 12 34 56 78.</summary>
    public string? Msisdn { get; set; }
    public string? Sender { get; set; }
    public string? Recipient { get; set; }
    public string? TransactionId { get; set; }
    public string? MessageId { get; set; }
    public string? QueueId { get; set; }
    /// <summary>An X-Mms-Message-Type in any case (MM4_Forward.REQ), or a transaction: forward, delivery_report, read_reply_report.</summary>
    public string? Type { get; set; }
    public string? Operator { get; set; }
    public string? Direction { get; set; }
    public string? State { get; set; }
    /// <summary>"true": only rows with lint findings.</summary>
    public string? Lint { get; set; }
    /// <summary>UTC times such as 2026-12-02T03:00:00Z; <see cref="To"/> excluded.</summary>
    public string? From { get; set; }
    public string? To { get; set; }

    public bool IsEmpty => new[] { Msisdn, Sender, Recipient, TransactionId, MessageId, QueueId, Type, Operator, Direction, State, Lint, From, To }
        .All(string.IsNullOrWhiteSpace);

    public bool TryParse(out LedgerQuery query, out string field, out string error)
    {
        query = new LedgerQuery();
        field = error = "";
        TrafficDirection? direction = null;
        if (!string.IsNullOrWhiteSpace(Direction))
        {
            if (!Enum.TryParse<TrafficDirection>(Direction.Trim(), ignoreCase: true, out var d) || !Enum.IsDefined(d))
                return Fail("direction", "Outbound, Inbound or Transit", out field, out error);
            direction = d;
        }
        TransactionState? state = null;
        if (!string.IsNullOrWhiteSpace(State))
        {
            if (!Enum.TryParse<TransactionState>(State.Trim(), ignoreCase: true, out var s) || !Enum.IsDefined(s))
                return Fail("state", "one of " + string.Join(", ", Enum.GetNames<TransactionState>()), out field, out error);
            state = s;
        }
        var lint = false;
        if (!string.IsNullOrWhiteSpace(Lint) && !bool.TryParse(Lint.Trim(), out lint)) return Fail("lint", "true or false", out field, out error);
        if (!TryTime(From, out var from)) return Fail("from", "a UTC time such as 2026-12-02T03:00:00Z", out field, out error);
        if (!TryTime(To, out var to)) return Fail("to", "a UTC time such as 2026-12-02T03:00:00Z", out field, out error);
        if (from is not null && to is not null && to <= from) return Fail("to", "after from", out field, out error);
        foreach (var (name, number) in new[] { ("msisdn", Msisdn), ("sender", Sender), ("recipient", Recipient) })
            if (!string.IsNullOrWhiteSpace(number) && (MmsGateway.Relay.Mm4.Msisdn.Key(number) is null || number.Any(char.IsAsciiLetter)))
                return Fail(name, "a number: +4512345678, 004512345678 or 45 12 34 56 78", out field, out error);
        string? type = null;
        if (!string.IsNullOrWhiteSpace(Type))
        {
            var parsed = Mm4MessageType.Parse(Type.Contains('.') ? Type : $"MM4_{Type.Trim().Replace("MM4_", "", StringComparison.OrdinalIgnoreCase)}.REQ");
            if (parsed.Kind == Mm4Kind.Unknown)
                return Fail("type", "an X-Mms-Message-Type such as MM4_forward.REQ or MM4_delivery_report.RES", out field, out error);
            type = parsed.Name;
        }
        query = new LedgerQuery(Blank(Msisdn), Blank(TransactionId), Blank(MessageId), type, Blank(Operator), direction, state, from, to,
            Blank(QueueId), Blank(Sender), Blank(Recipient), lint);
        return true;
    }

    /// <summary>The search in the ledger page's address (<c>/mm4/ledger?msisdn=…</c>), only the fields given.</summary>
    public string ToQueryString()
    {
        var parts = new[]
        {
            ("msisdn", Msisdn), ("sender", Sender), ("recipient", Recipient), ("transactionId", TransactionId), ("messageId", MessageId),
            ("queueId", QueueId), ("type", Type), ("operator", Operator), ("direction", Direction), ("state", State), ("lint", Lint),
            ("from", From), ("to", To),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}");
        return string.Join('&', parts);
    }

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v)) return false;
        at = v;
        return true;
    }

    private static bool Fail(string name, string message, out string field, out string error)
    {
        field = name;
        error = message;
        return false;
    }
}
