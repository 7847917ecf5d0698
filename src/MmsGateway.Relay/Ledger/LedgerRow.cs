using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>One MM4 transaction: the REQ and what became of it (its RES, the delivery report of a forward);
/// or a RES that matched nothing. Times are Unix milliseconds (comparable on every database provider).
/// The registry stores it (EF Core); <see cref="Correlator"/> decides every change.</summary>
public sealed class LedgerRow
{
    public long Id { get; set; }

    /// <summary>The operator on the far side (<see cref="TrafficParties.Partner"/>).</summary>
    public required string Partner { get; set; }

    public TrafficDirection Direction { get; set; }

    public Mm4Kind Kind { get; set; }

    public bool IsResponse { get; set; }

    /// <summary>X-Mms-Message-Type as TS 23.140 spells it, or as written when unknown.</summary>
    public required string Type { get; set; }

    public string? TransactionId { get; set; }

    public string? MessageId { get; set; }

    /// <summary>The queue id of the latest copy of this message the gateway accepted.</summary>
    public required string QueueId { get; set; }

    public string? Sender { get; set; }

    public string? Recipient { get; set; }

    /// <summary>Digits of <see cref="Sender"/> (<see cref="Msisdn.Key"/>), indexed for search.</summary>
    public string? SenderKey { get; set; }

    public string? RecipientKey { get; set; }

    public long Size { get; set; }

    public long AcceptedAt { get; set; }

    public long? HandedOverAt { get; set; }

    /// <summary>When a REQ awaiting its RES becomes missing.</summary>
    public long? Deadline { get; set; }

    public long TimeoutMs { get; set; }

    public TransactionState State { get; set; }

    /// <summary>Copies of the REQ accepted with the same Transaction-ID (MMSCs resend until answered).</summary>
    public int Attempts { get; set; } = 1;

    public bool AckRequested { get; set; }

    public bool ReportRequested { get; set; }

    public string? ResponseStatus { get; set; }

    public string? ResponseText { get; set; }

    public long? ResponseAt { get; set; }

    /// <summary>From the REQ's hand-over to the RES's arrival.</summary>
    public long? LatencyMs { get; set; }

    public string? ResponseQueueId { get; set; }

    /// <summary>X-Mms-MM-Status-Code of the delivery report that joined this forward.</summary>
    public string? ReportStatus { get; set; }

    public long? ReportAt { get; set; }

    public string? ReportQueueId { get; set; }

    /// <summary>The lint's counted findings, "rule: text" joined by "; ".</summary>
    public string? Lint { get; set; }

    /// <summary><see cref="Partner"/> on a row with lint findings, else null: the key of the lint list's own index, so
    /// that no query planner can take the partner's whole history for it (it did, at 3.6 M rows: 0.9 s).</summary>
    public string? LintPartner { get; set; }

    public string? LastError { get; set; }

    /// <summary>Bumped on every change: a concurrency token, so that two gateways sharing one ledger never
    /// both apply the same transition (the second reloads and sees it done).</summary>
    public int Version { get; set; }
}
