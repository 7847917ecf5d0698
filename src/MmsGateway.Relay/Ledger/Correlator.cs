using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>Decides what each observation does to the ledger (issue 14). Pure: the rows come from a
/// <see cref="LedgerWorkingSet"/>, the counter changes go to <see cref="LedgerCounts"/>.
/// A RES finds its REQ by partner, reverse direction and Transaction-ID, else by Message-ID (Mbuni matches
/// by the former, drivefast by the latter; docs/mm4.md). A REQ seen again with the same Transaction-ID is
/// another attempt of the same row. A RES that matches nothing is kept as Unmatched, and adopted when its
/// REQ's row appears later (another gateway, or a batch that failed and was retried).</summary>
public static class Correlator
{
    private const int MaxText = 1000;

    public static void Apply(LedgerObservation observation, LedgerWorkingSet set, LedgerCounts counts)
    {
        switch (observation)
        {
            case ObservedMessage { Message.Type.IsResponse: true } m: Response(m, set, counts); break;
            case ObservedMessage m: Request(m, set, counts); break;
            case ObservedHandOver h: HandOver(h, set, counts); break;
        }
    }

    /// <summary>A REQ whose deadline passed without its RES.</summary>
    public static void Expire(LedgerRow row, long now, LedgerWorkingSet set, LedgerCounts counts)
    {
        if (row.State != TransactionState.AwaitingResponse || row.Deadline > now) return;
        row.State = TransactionState.Missing;
        set.Changed(row);
        counts.Add(row.Partner, row.Direction, LedgerCounter.Minute(now), Name(row.Kind, LedgerCounter.Missing));
    }

    private static void Request(ObservedMessage o, LedgerWorkingSet set, LedgerCounts counts)
    {
        var m = o.Message;
        var partner = o.Parties.Partner;
        var direction = o.Parties.Direction;
        var minute = LedgerCounter.Minute(o.At);
        CountLint(o, partner, direction, minute, counts);
        var row = set.Request(partner, direction, m.Type.Kind, m.TransactionId);
        if (row is not null)
        {
            row.Attempts++;
            set.Requeue(row, o.QueueId);
            set.Changed(row);
            counts.Add(partner, direction, minute, Name(row.Kind, LedgerCounter.Resent));
            return;
        }
        row = NewRow(o, partner, direction, TransactionState.Undelivered);
        row.TimeoutMs = (long)o.ResponseTimeout.TotalMilliseconds;
        row.AckRequested = m.AckRequested;
        row.ReportRequested = m.ReportRequested;
        set.Add(row);
        counts.Add(partner, direction, minute, Name(row.Kind, LedgerCounter.Accepted));
        if (set.UnmatchedResponse(row) is { } early)
        {
            set.Remove(early);
            counts.Add(early.Partner, early.Direction.Reverse(), LedgerCounter.Minute(early.ResponseAt ?? early.AcceptedAt), LedgerCounter.Unmatched, -1);
            Answer(row, early.ResponseStatus, early.ResponseText, early.ResponseAt ?? early.AcceptedAt, early.QueueId, set, counts);
        }
        if (m.Type.Kind == Mm4Kind.DeliveryReport
            && set.RequestByMessageId(partner, direction.Reverse(), Mm4Kind.Forward, m.MessageId) is { ReportAt: null } forward)
        {
            forward.ReportStatus = m.MmStatus ?? "";
            forward.ReportAt = o.At.ToUnixTimeMilliseconds();
            forward.ReportQueueId = o.QueueId;
            set.Changed(forward);
            counts.Add(forward.Partner, forward.Direction, minute, LedgerCounter.ReportsReceived);
            counts.Add(forward.Partner, forward.Direction, minute, LedgerCounter.Report(m.MmStatus ?? "none"));
        }
    }

    private static void Response(ObservedMessage o, LedgerWorkingSet set, LedgerCounts counts)
    {
        var m = o.Message;
        var partner = o.Parties.PartnerOfRequest;
        var requestDirection = o.Parties.Direction.Reverse();
        var at = o.At.ToUnixTimeMilliseconds();
        CountLint(o, partner, requestDirection, LedgerCounter.Minute(at), counts);
        var request = set.Request(partner, requestDirection, m.Type.Kind, m.TransactionId)
            ?? set.RequestByMessageId(partner, requestDirection, m.Type.Kind, m.MessageId);
        if (request is not null)
        {
            // A second RES to one REQ changes nothing: the first answer stands.
            if (request.ResponseAt is null) Answer(request, m.RequestStatus, m.StatusText, at, o.QueueId, set, counts);
            return;
        }
        var unmatched = NewRow(o, partner, o.Parties.Direction, TransactionState.Unmatched);
        unmatched.IsResponse = true;
        unmatched.ResponseStatus = m.RequestStatus;
        unmatched.ResponseText = Clip(m.StatusText);
        unmatched.ResponseAt = at;
        set.Add(unmatched);
        // Counted with the REQs it would have answered: the summary's row for forwards sent that way.
        counts.Add(partner, requestDirection, LedgerCounter.Minute(at), LedgerCounter.Unmatched);
    }

    private static LedgerRow NewRow(ObservedMessage o, string partner, TrafficDirection direction, TransactionState state)
    {
        var m = o.Message;
        // The header's numbers as the MMSC wrote them; the envelope's when the headers hold none (still searchable).
        var sender = m.SenderNumber ?? Msisdn.FromAddress(o.EnvelopeSender);
        var recipient = m.RecipientNumber ?? Msisdn.FromAddress(o.EnvelopeRecipient);
        var lint = LintText(o.Findings);
        return new LedgerRow
        {
            Partner = partner,
            Direction = direction,
            Kind = m.Type.Kind,
            Type = m.Type.Name,
            TransactionId = m.TransactionId,
            MessageId = m.MessageId,
            QueueId = o.QueueId,
            Sender = sender,
            Recipient = recipient,
            SenderKey = Msisdn.Key(sender),
            RecipientKey = Msisdn.Key(recipient),
            Size = o.Size,
            AcceptedAt = o.At.ToUnixTimeMilliseconds(),
            State = state,
            Lint = lint,
            LintPartner = lint is null ? null : partner,
        };
    }

    private static void Answer(LedgerRow row, string? status, string? text, long at, string queueId, LedgerWorkingSet set, LedgerCounts counts)
    {
        row.ResponseStatus = status;
        row.ResponseText = Clip(text);
        row.ResponseAt = at;
        row.ResponseQueueId = queueId;
        var minute = LedgerCounter.Minute(at);
        if (row.State == TransactionState.Missing)
        {
            row.State = TransactionState.Late;
            counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.Late));
        }
        else
        {
            row.State = TransactionState.Answered;
            counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.Answered));
        }
        counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.Status(status ?? "none")));
        CountLatency(row, counts);
        set.Changed(row);
    }

    private static void HandOver(ObservedHandOver h, LedgerWorkingSet set, LedgerCounts counts)
    {
        var at = h.At.ToUnixTimeMilliseconds();
        foreach (var row in set.RequestsQueuedAs(h.QueueId))
        {
            if (row.HandedOverAt is not null) continue;     // one recipient's hand-over is the message's
            if (h.Bounce is not null)
            {
                if (row.State != TransactionState.Undelivered || row.LastError is not null) continue;
                row.LastError = Clip(h.Bounce);
                set.Changed(row);
                counts.Add(row.Partner, row.Direction, LedgerCounter.Minute(at), Name(row.Kind, LedgerCounter.Bounced));
                continue;
            }
            row.HandedOverAt = at;
            row.LastError = null;
            var minute = LedgerCounter.Minute(at);
            counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.Sent));
            if (row.ReportRequested && row.Kind == Mm4Kind.Forward) counts.Add(row.Partner, row.Direction, minute, LedgerCounter.ReportsAsked);
            if (row.ResponseAt is not null) CountLatency(row, counts);           // its RES came first (another node)
            else if (row.AckRequested)
            {
                row.State = TransactionState.AwaitingResponse;
                row.Deadline = at + row.TimeoutMs;
            }
            else row.State = TransactionState.NotExpected;
            set.Changed(row);
        }
    }

    private static void CountLatency(LedgerRow row, LedgerCounts counts)
    {
        if (row.HandedOverAt is not { } handed || row.ResponseAt is not { } answered || row.LatencyMs is not null) return;
        row.LatencyMs = Math.Max(0, answered - handed);
        var minute = LedgerCounter.Minute(answered);
        counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.Latency(LatencyBuckets.Of(row.LatencyMs.Value / 1000.0))));
        counts.Add(row.Partner, row.Direction, minute, Name(row.Kind, LedgerCounter.LatencySumMs), row.LatencyMs.Value);
        counts.Latencies.Add((row.Partner, row.Direction, Name(row.Kind, LedgerCounter.LatencySumMs), row.LatencyMs.Value / 1000.0));
    }

    private static void CountLint(ObservedMessage o, string partner, TrafficDirection direction, long minute, LedgerCounts counts)
    {
        foreach (var rule in o.Findings.Counted().Select(f => f.Rule).Distinct())
            counts.Add(partner, direction, minute, LedgerCounter.Lint(rule));
    }

    // Forwards are the summary's subject; other transactions count under their own prefix.
    internal static string Name(Mm4Kind kind, string name) => kind switch
    {
        Mm4Kind.Forward => name,
        Mm4Kind.DeliveryReport => "delivery-report." + name,
        Mm4Kind.ReadReplyReport => "read-reply." + name,
        _ => "other." + name,
    };

    private static string? LintText(IReadOnlyList<LintFinding> findings)
    {
        var counted = findings.Counted().ToList();
        return counted.Count == 0 ? null : Clip(string.Join("; ", counted.Select(f => f.ToString())));
    }

    private static string? Clip(string? text) => text is null || text.Length <= MaxText ? text : text[..MaxText];
}
