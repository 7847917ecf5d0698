namespace MmsGateway.Relay.Mm4;

/// <summary>An X-Mms-Message-Type value: the transaction and whether this is its REQ or its RES.
/// Matched in any case: Bandwidth writes <c>MM4_Forward.RES</c>, drivefast <c>MM4_Delivery_report.REQ</c>
/// (docs/mm4.md), and both compare case-insensitively.</summary>
public readonly record struct Mm4MessageType(Mm4Kind Kind, bool IsResponse, string Raw)
{
    public bool IsRequest => !IsResponse;

    /// <summary>The spelling of TS 23.140 (<c>MM4_forward.REQ</c>), or the raw value of an unknown type.</summary>
    public string Name => Kind switch
    {
        Mm4Kind.Forward => IsResponse ? "MM4_forward.RES" : "MM4_forward.REQ",
        Mm4Kind.DeliveryReport => IsResponse ? "MM4_delivery_report.RES" : "MM4_delivery_report.REQ",
        Mm4Kind.ReadReplyReport => IsResponse ? "MM4_read_reply_report.RES" : "MM4_read_reply_report.REQ",
        _ => Raw,
    };

    public static Mm4MessageType Parse(string value)
    {
        var v = value.Trim().Trim('"');
        var dot = v.LastIndexOf('.');
        var suffix = dot < 0 ? "" : v[(dot + 1)..];
        var stem = dot < 0 ? v : v[..dot];
        bool? response = suffix.Equals("RES", StringComparison.OrdinalIgnoreCase) ? true
            : suffix.Equals("REQ", StringComparison.OrdinalIgnoreCase) ? false : null;
        var kind = stem.ToLowerInvariant() switch
        {
            "mm4_forward" => Mm4Kind.Forward,
            "mm4_delivery_report" => Mm4Kind.DeliveryReport,
            "mm4_read_reply_report" => Mm4Kind.ReadReplyReport,
            _ => Mm4Kind.Unknown,
        };
        if (response is null) kind = Mm4Kind.Unknown;
        return new Mm4MessageType(kind, response ?? false, v);
    }

    public override string ToString() => Name;
}
