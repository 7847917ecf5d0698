using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Ledger;

/// <summary>A ledger search: every field given must match. <see cref="Msisdn"/> matches the sender or the
/// recipient by digits ("+45 12 34 56 78", "004512345678"), <see cref="Sender"/> and <see cref="Recipient"/> one
/// side only (mm4ctl's -S and -R); each number finds the numbers it begins ("+4533" the whole range); <see cref="Type"/> is an X-Mms-Message-Type in any case; <see cref="LintOnly"/>
/// keeps rows with lint findings.</summary>
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
    string? QueueId = null,
    string? Sender = null,
    string? Recipient = null,
    bool LintOnly = false);
