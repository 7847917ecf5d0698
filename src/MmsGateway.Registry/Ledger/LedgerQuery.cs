using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Ledger;

/// <summary>A ledger search: every field given must match. <see cref="Msisdn"/> matches the sender or the
/// recipient by digits ("+45 12 34 56 78", "004512345678"); <see cref="Type"/> is an X-Mms-Message-Type in any case.</summary>
public sealed record LedgerQuery(
    string? Msisdn = null,
    string? TransactionId = null,
    string? MessageId = null,
    string? Type = null,
    string? Partner = null,
    TrafficDirection? Direction = null,
    TransactionState? State = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? QueueId = null);
