using MmsGateway.Relay.Ledger;

namespace MmsConsole.Web.Mm4;

/// <summary>A ledger row as the console and the API show it: times as UTC instants, durations in seconds.</summary>
public sealed record LedgerEntry(
    long Id, string Operator, string Direction, string Type, bool IsResponse, string State, string? TransactionId, string? MessageId, string QueueId,
    string? Sender, string? Recipient, long Size, DateTimeOffset Accepted, DateTimeOffset? HandedOver, DateTimeOffset? Deadline, double TimeoutSeconds,
    int Attempts, bool AckRequested, bool ReportRequested, string? ResponseStatus, string? ResponseText, DateTimeOffset? ResponseAt, double? LatencySeconds,
    string? ResponseQueueId, string? ReportStatus, DateTimeOffset? ReportAt, string? ReportQueueId, string? Lint, string? LastError)
{
    public static LedgerEntry From(LedgerRow r) => new(
        r.Id, r.Partner, r.Direction.ToString(), r.Type, r.IsResponse, r.State.ToString(), r.TransactionId, r.MessageId, r.QueueId,
        r.Sender, r.Recipient, r.Size, At(r.AcceptedAt), At(r.HandedOverAt), At(r.Deadline), r.TimeoutMs / 1000.0,
        r.Attempts, r.AckRequested, r.ReportRequested, r.ResponseStatus, r.ResponseText, At(r.ResponseAt), r.LatencyMs / 1000.0,
        r.ResponseQueueId, r.ReportStatus, At(r.ReportAt), r.ReportQueueId, r.Lint, r.LastError);

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
