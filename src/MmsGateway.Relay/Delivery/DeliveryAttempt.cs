namespace MmsGateway.Relay.Delivery;

/// <summary>One attempt for one recipient, as logged: the seed's "to=<...>, delay=..., relay=..., dsn=..., stat=..." line.</summary>
public sealed record DeliveryAttempt(
    DateTimeOffset At,
    string QueueId,
    string Recipient,
    string Domain,
    string Relay,
    string Dsn,
    string Status,
    TimeSpan Delay,
    OutcomeKind Outcome,
    int Attempt)
{
    /// <summary>The connection's TLS ("TLSv1.3"), or "none".</summary>
    public string Tls { get; init; } = "none";

    /// <summary>The sendmail log line, e.g. "to=&lt;+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs&gt;, delay=00:00:03, relay=[10.0.0.2], tls=none, dsn=4.4.1, stat=Deferred: Connection refused".</summary>
    public string LogLine => $"{QueueId}: to=<{Recipient}>, delay={DeliveryLog.FormatDelay(Delay)}, relay={Relay}, tls={Tls}, dsn={Dsn}, stat={Status}";
}
