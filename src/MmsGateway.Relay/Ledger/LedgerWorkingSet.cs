using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>The rows one batch may touch, loaded by the store (by queue id, Transaction-ID and Message-ID)
/// and indexed here, plus the rows the batch adds. The store inserts <see cref="Added"/>, deletes
/// <see cref="Removed"/> and updates <see cref="Updated"/>.</summary>
public sealed class LedgerWorkingSet
{
    private readonly HashSet<LedgerRow> _rows = [];
    private readonly HashSet<LedgerRow> _removed = [], _changed = [];
    // In the order they were added: the store inserts them so, and row ids (newest first in every list) follow the traffic.
    private readonly List<LedgerRow> _added = [];
    private readonly HashSet<LedgerRow> _isAdded = [];
    // Lookups by id: a batch of thousands meets thousands of loaded rows.
    private readonly Dictionary<string, List<LedgerRow>> _byTransaction = [], _byMessage = [], _byQueue = [];

    public LedgerWorkingSet(IEnumerable<LedgerRow>? loaded = null)
    {
        foreach (var r in loaded ?? []) Index(r);
    }

    private void Index(LedgerRow r)
    {
        if (!_rows.Add(r)) return;
        if (r.TransactionId is not null) Bucket(_byTransaction, r.TransactionId).Add(r);
        if (r.MessageId is not null) Bucket(_byMessage, r.MessageId).Add(r);
        Bucket(_byQueue, r.QueueId).Add(r);
    }

    private static List<LedgerRow> Bucket(Dictionary<string, List<LedgerRow>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }

    private static IEnumerable<LedgerRow> In(Dictionary<string, List<LedgerRow>> map, string? key) =>
        key is not null && map.TryGetValue(key, out var list) ? list : [];

    public IReadOnlyCollection<LedgerRow> Added => _added;

    public IReadOnlyCollection<LedgerRow> Removed => _removed;

    public IReadOnlyCollection<LedgerRow> Updated => _changed;

    public IEnumerable<LedgerRow> Rows => _rows;

    public void Add(LedgerRow row)
    {
        Index(row);
        _added.Add(row);
        _isAdded.Add(row);
    }

    public void Remove(LedgerRow row)
    {
        _rows.Remove(row);
        if (row.TransactionId is not null) Bucket(_byTransaction, row.TransactionId).Remove(row);
        if (row.MessageId is not null) Bucket(_byMessage, row.MessageId).Remove(row);
        Bucket(_byQueue, row.QueueId).Remove(row);
        _changed.Remove(row);
        if (_isAdded.Remove(row)) _added.Remove(row);   // a linear search, but only for a RES adopted by its REQ
        else _removed.Add(row);
    }

    /// <summary>The row is now the REQ queued as <paramref name="queueId"/> (a resend): its hand-over finds it under that id.</summary>
    public void Requeue(LedgerRow row, string queueId)
    {
        if (row.QueueId == queueId) return;
        Bucket(_byQueue, row.QueueId).Remove(row);
        row.QueueId = queueId;
        Bucket(_byQueue, queueId).Add(row);
    }

    public void Changed(LedgerRow row)
    {
        row.Version++;
        if (!_isAdded.Contains(row)) _changed.Add(row);
    }

    /// <summary>The REQ with this Transaction-ID between us and the partner, that way round.</summary>
    public LedgerRow? Request(string partner, TrafficDirection direction, Mm4Kind kind, string? transactionId) =>
        transactionId is null ? null
        : In(_byTransaction, transactionId).LastOrDefault(r => !r.IsResponse && r.Kind == kind && r.Direction == direction
            && string.Equals(r.Partner, partner, StringComparison.OrdinalIgnoreCase));

    public LedgerRow? RequestByMessageId(string partner, TrafficDirection direction, Mm4Kind kind, string? messageId) =>
        messageId is null ? null
        : In(_byMessage, messageId).LastOrDefault(r => !r.IsResponse && r.Kind == kind && r.Direction == direction
            && string.Equals(r.Partner, partner, StringComparison.OrdinalIgnoreCase));

    /// <summary>A RES recorded as unmatched that this REQ (now known) would have matched.</summary>
    public LedgerRow? UnmatchedResponse(LedgerRow request) =>
        In(_byTransaction, request.TransactionId).Concat(In(_byMessage, request.MessageId)).FirstOrDefault(r => r.IsResponse && r.State == TransactionState.Unmatched && r.Kind == request.Kind
            && r.Direction == request.Direction.Reverse()
            && string.Equals(r.Partner, request.Partner, StringComparison.OrdinalIgnoreCase)
            && ((request.TransactionId is not null && r.TransactionId == request.TransactionId)
                || (request.MessageId is not null && r.MessageId == request.MessageId)));

    public IEnumerable<LedgerRow> RequestsQueuedAs(string queueId) => In(_byQueue, queueId).Where(r => !r.IsResponse).ToList();
}
