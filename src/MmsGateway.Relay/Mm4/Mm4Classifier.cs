using MmsGateway.Relay.Mail;

namespace MmsGateway.Relay.Mm4;

/// <summary>Reads the MM4 information elements from a header block. A message without
/// X-Mms-Message-Type is not MM4 (plain mail through the gateway) and gives null.</summary>
public static class Mm4Classifier
{
    public static Mm4Message? Classify(SpooledHeaders headers)
    {
        var type = headers.First("X-Mms-Message-Type");
        if (type is null) return null;
        return new Mm4Message(Mm4MessageType.Parse(type))
        {
            TransactionId = Id(headers.First("X-Mms-Transaction-ID")),
            MessageId = Id(headers.First("X-Mms-Message-ID")),
            Version = Value(headers.First("X-Mms-3GPP-MMS-Version")),
            AckRequest = Value(headers.First("X-Mms-Ack-Request")),
            DeliveryReport = Value(headers.First("X-Mms-Delivery-Report")),
            OriginatorSystem = Value(headers.First("X-Mms-Originator-System")),
            RequestStatus = Value(headers.First("X-Mms-Request-Status-Code")),
            StatusText = Value(headers.First("X-Mms-Status-Text")),
            MmStatus = Value(headers.First("X-Mms-MM-Status-Code")),
            From = Value(headers.First("From")),
            Sender = Value(headers.First("Sender")),
            To = Recipients(headers),
        };
    }

    /// <summary>An id without surrounding white space, quotes (Mbuni quotes them) or angle brackets.</summary>
    public static string? Id(string? value)
    {
        if (value is null) return null;
        var v = value.Trim();
        while (v.Length >= 2 && ((v[0] == '"' && v[^1] == '"') || (v[0] == '<' && v[^1] == '>'))) v = v[1..^1].Trim();
        return v.Length == 0 ? null : v;
    }

    private static string? Value(string? value)
    {
        if (value is null) return null;
        var v = value.Trim();
        if (v.Length >= 2 && v[0] == '"' && v[^1] == '"') v = v[1..^1].Trim();
        return v;
    }

    private static List<string> Recipients(SpooledHeaders headers)
    {
        var list = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (!headers.Is(i, "To") && !headers.Is(i, "Cc")) continue;
            foreach (var part in Split(headers.Value(i)))
                if (part.Length > 0) list.Add(part);
        }
        return list;
    }

    // Addresses separated by commas outside quotes and angle brackets (RFC 5322 §3.4 address-list).
    private static IEnumerable<string> Split(string value)
    {
        int depth = 0, start = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '<') depth++;
            else if (!quoted && c == '>' && depth > 0) depth--;
            else if (!quoted && depth == 0 && c == ',')
            {
                yield return value[start..i].Trim();
                start = i + 1;
            }
        }
        yield return value[start..].Trim();
    }
}
